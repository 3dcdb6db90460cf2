// A costly landscape's grid as jobs (see grid_jobs.h).
#include "grid_jobs.h"

#include <algorithm>
#include <chrono>
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

GridJobs::GridJobs(const Landscape& l, const GridSpec& g, JobRunner* runner) : g_(g), runner_(runner) {
    const size_t total = static_cast<size_t>(std::max(g.cols, 0)) * static_cast<size_t>(std::max(g.rows, 0));
    values_.assign(total, 0.0);
    lmax_.assign(g.hessian ? total : 0, 0.0f);
    if (!runner_ || runner_->workers() == 0 || total == 0 || !describable(l, {g.x0, g.x0 + g.w, g.y0, g.y0 + g.h})) {
        for (size_t k = total; k-- > 0;) here_.push_back(k);
        return;
    }
    const std::string text = landscapeJson(l);
    owner_ = runner_->open();
    // About four bands per worker: a slice's job carries its whole training set (tens of kB of
    // text to parse), so fewer, larger bands — but enough that the workers finish close together.
    const int bands = 4 * runner_->workers();
    const int bandRows = std::max(1, (g.rows + bands - 1) / bands);
    for (int j = 0; j < g.rows; j += bandRows) {
        const int last = std::min(g.rows, j + bandRows);
        bands_[runner_->submit(owner_, gridJobSpec(text, g, j, last))] = {j, last};
    }
}

GridJobs::~GridJobs() {
    if (owner_) runner_->cancel(owner_);
}

void GridJobs::computeCell(const Landscape& l, size_t k) {
    float lmax;
    const int cols = g_.cols;
    evaluateGridCell(l, g_, static_cast<int>(k % cols), static_cast<int>(k / cols), values_[k], lmax);
    if (g_.hessian) lmax_[k] = lmax;
    ++done_;
}

bool GridJobs::advance(const Landscape& l, double budgetSeconds) {
    if (owner_) {
        for (Finished& f : runner_->take(owner_, budgetSeconds)) {
            const auto band = bands_.find(f.ticket);
            if (band == bands_.end()) continue;
            const auto [first, last] = band->second;
            bands_.erase(band);
            const size_t k0 = static_cast<size_t>(first) * g_.cols, k1 = static_cast<size_t>(last) * g_.cols;
            const size_t per = g_.hessian ? 2 : 1;
            if (f.output.error.empty() && f.output.values.size() == (k1 - k0) * per) {
                for (size_t k = k0; k < k1; ++k) {
                    values_[k] = f.output.values[(k - k0) * per];
                    if (g_.hessian) lmax_[k] = static_cast<float>(f.output.values[(k - k0) * per + 1]);
                }
                done_ += k1 - k0;
            } else {
                error_ = f.output.error.empty() ? "grid: a band's output is malformed" : f.output.error;
                for (size_t k = k1; k-- > k0;) here_.push_back(k);
            }
        }
    }
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    // cell by cell, so that a frame's budget holds even when one row costs more than it
    while (!here_.empty()) {
        computeCell(l, here_.back());
        here_.pop_back();
        if (std::chrono::duration<double>(Clock::now() - t0).count() >= budgetSeconds) break;
    }
    return complete();
}

}  // namespace optiscape::jobs
