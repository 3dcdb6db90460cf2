// A costly landscape's grid as jobs (see grid_jobs.h).
#include "grid_jobs.h"

#include <algorithm>
#include <cmath>

#include "core/analysis.h"

namespace optiscape::jobs {

void evaluateGridCell(const Landscape& l, const GridSpec& g, int i, int j, double& value, float& lmax) {
    const Vec2 w = g.at(i, j);
    if (g.hessian) {
        const Eval e = l.evaluate(w);
        value = e.value;
        lmax = e.hessian.allFinite() ? static_cast<float>(symmetricEigenvalues(e.hessian).y()) : 0.0f;
    } else {
        value = l.value(w);
        lmax = 0.0f;
    }
}

std::string gridJobSpec(const std::string& landscape, const GridSpec& g, int row0, int row1) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("grid");
    j.key("landscape").raw(landscape);
    j.key("box").beginArray().value(g.x0).value(g.y0).value(g.w).value(g.h).endArray();
    j.key("cols").value(g.cols);
    j.key("rows").value(g.rows);
    j.key("hessian").value(g.hessian);
    j.key("band").beginArray().value(row0).value(row1).endArray();
    j.endObject();
    return j.str();
}

JobOutput runGridJob(const JsonValue& spec) {
    std::string error;
    const JsonValue* lv = spec.find("landscape");
    if (!lv) return {{}, "grid: no \"landscape\""};
    const std::unique_ptr<Landscape> l = readLandscape(*lv, &error);
    if (!l) return {{}, "grid: " + error};
    GridSpec g;
    std::vector<double> box, band;
    const JsonValue* hv = spec.find("hessian");
    if (!readNumbers(spec, "box", box) || box.size() != 4 || !readWhole(spec, "cols", 1, 4096, g.cols) ||
        !readWhole(spec, "rows", 1, 4096, g.rows) || !hv || hv->type != JsonValue::Type::Bool ||
        !readNumbers(spec, "band", band) || band.size() != 2)
        return {{}, "grid: \"box\", \"cols\", \"rows\", \"hessian\" or \"band\" missing or out of range"};
    g.x0 = box[0], g.y0 = box[1], g.w = box[2], g.h = box[3];
    g.hessian = hv->boolean;
    const int row0 = static_cast<int>(band[0]), row1 = static_cast<int>(band[1]);
    if (band[0] != row0 || band[1] != row1 || row0 < 0 || row1 > g.rows || row0 > row1)
        return {{}, "grid: \"band\" outside the grid"};
    JobOutput out;
    out.values.reserve(static_cast<size_t>(row1 - row0) * g.cols * (g.hessian ? 2 : 1));
    for (int j = row0; j < row1; ++j)
        for (int i = 0; i < g.cols; ++i) {
            double value;
            float lmax;
            evaluateGridCell(*l, g, i, j, value, lmax);
            out.values.push_back(value);
            if (g.hessian) out.values.push_back(lmax);
        }
    return out;
}

namespace {

bool onWorkers(const Landscape& l, const GridSpec& g, JobRunner* runner) {
    return runner && runner->workers() > 0 && g.cols > 0 && g.rows > 0 &&
           describable(l, {g.x0, g.x0 + g.w, g.y0, g.y0 + g.h});
}

/// About four bands per worker: a slice's job carries its whole training set (tens of kB of text
/// to parse), so fewer, larger bands — but enough that the workers finish close together.
size_t rowsPerBand(const GridSpec& g, const JobRunner* runner) {
    const int bands = 4 * std::max(runner ? runner->workers() : 1, 1);
    return static_cast<size_t>(std::max(1, (g.rows + bands - 1) / bands));
}

}  // namespace

GridJobs::GridJobs(const Landscape& l, const GridSpec& g, JobRunner* runner)
    : g_(g),
      text_(onWorkers(l, g, runner) ? landscapeJson(l) : std::string()),
      bands_(static_cast<size_t>(std::max(g.cols, 0)) * static_cast<size_t>(std::max(g.rows, 0)), g.hessian ? 2 : 1,
             runner, !text_.empty(), rowsPerBand(g, runner) * static_cast<size_t>(std::max(g.cols, 1)),
             [this](size_t first, size_t last) {
                 const int cols = std::max(g_.cols, 1);
                 return gridJobSpec(text_, g_, static_cast<int>(first / cols), static_cast<int>(last / cols));
             }) {}

bool GridJobs::advance(const Landscape& l, double budgetSeconds) {
    return bands_.advance(
        [&](size_t k, double* out) {
            double value;
            float lmax;
            const int cols = g_.cols;
            evaluateGridCell(l, g_, static_cast<int>(k % cols), static_cast<int>(k / cols), value, lmax);
            out[0] = value;
            if (g_.hessian) out[1] = lmax;
        },
        budgetSeconds);
}

}  // namespace optiscape::jobs
