// A network slice's grid as jobs (see slice_jobs.h).
#include "slice_jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/analysis.h"
#include "core/nets/analysis.h"

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

namespace {

void writeNumbers(JsonWriter& j, const double* v, size_t n) {
    j.beginArray();
    for (size_t k = 0; k < n; ++k) j.value(v[k]);
    j.endArray();
}

}  // namespace

std::string sliceJobHead(const nets::Model& m, const nets::Batch& batch, const VecX& theta0, const VecX& d1,
                         const VecX& d2) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("slice");
    j.key("model").beginObject();
    j.key("widths").beginArray();
    for (int w : m.widths) j.value(w);
    j.endArray();
    j.key("activation").value(nets::activationName(m.activation));
    j.key("loss").value(nets::lossName(m.loss));
    j.endObject();
    j.key("batch").beginObject();
    j.key("inputs").value(batch.inputs);
    j.key("classes").value(batch.classes);
    j.key("x");
    writeNumbers(j, batch.x.data(), batch.x.size());
    j.key("y");
    writeNumbers(j, batch.y.data(), batch.y.size());
    j.endObject();
    j.key("theta0");
    writeNumbers(j, theta0.data(), static_cast<size_t>(theta0.size()));
    j.key("d1");
    writeNumbers(j, d1.data(), static_cast<size_t>(d1.size()));
    j.key("d2");
    writeNumbers(j, d2.data(), static_cast<size_t>(d2.size()));
    j.endObject();
    std::string head = j.str();
    head.pop_back();  // the closing brace: sliceJobSpec adds the band's keys
    return head;
}

std::string sliceJobSpec(const std::string& head, const GridSpec& g, int row0, int row1) {
    JsonWriter j;
    j.beginObject();
    j.key("box").beginArray().value(g.x0).value(g.y0).value(g.w).value(g.h).endArray();
    j.key("cols").value(g.cols);
    j.key("rows").value(g.rows);
    j.key("hessian").value(g.hessian);
    j.key("band").beginArray().value(row0).value(row1).endArray();
    j.endObject();
    std::string spec = head;
    spec += ',';
    spec.append(j.str(), 1);  // the band's keys and the closing brace
    return spec;
}

JobOutput runSliceJob(const JsonValue& spec) {
    const JsonValue* mv = spec.find("model");
    const JsonValue* bv = spec.find("batch");
    if (!mv || mv->type != JsonValue::Type::Object || !bv || bv->type != JsonValue::Type::Object)
        return {{}, "slice: needs \"model\" and \"batch\""};
    nets::Model m;
    std::vector<double> widths;
    const JsonValue* act = mv->find("activation");
    const JsonValue* loss = mv->find("loss");
    const auto activation = act && act->type == JsonValue::Type::String ? nets::parseActivation(act->string) : std::nullopt;
    const auto lossKind = loss && loss->type == JsonValue::Type::String ? nets::parseLoss(loss->string) : std::nullopt;
    if (!readNumbers(*mv, "widths", widths) || !activation || !lossKind)
        return {{}, "slice: the model needs \"widths\", \"activation\" and \"loss\""};
    m.widths.clear();
    for (double w : widths) {
        if (w != std::floor(w) || w < 1 || w > 256) return {{}, "slice: the model's widths are not whole numbers in [1, 256]"};
        m.widths.push_back(static_cast<int>(w));
    }
    std::string error;
    if (!nets::parseArchitecture(nets::architectureText(m.widths), &error)) return {{}, "slice: the model: " + error};
    m.activation = *activation;
    m.loss = *lossKind;

    nets::Batch batch;
    if (!readWhole(*bv, "inputs", 1, 256, batch.inputs) || !readWhole(*bv, "classes", 0, 256, batch.classes) ||
        !readNumbers(*bv, "x", batch.x) || !readNumbers(*bv, "y", batch.y))
        return {{}, "slice: the batch needs \"inputs\", \"classes\", \"x\" and \"y\""};
    batch.n = static_cast<int>(batch.y.size());
    if (batch.x.size() != batch.y.size() * static_cast<size_t>(batch.inputs) || batch.n == 0)
        return {{}, "slice: the batch's \"x\" is not " + std::to_string(batch.inputs) + " numbers per value of \"y\""};
    if (const std::string bad = nets::checkModel(m, batch.inputs, batch.classes); !bad.empty())
        return {{}, "slice: " + bad};

    std::vector<double> theta0, d1, d2;
    if (!readNumbers(spec, "theta0", theta0) || !readNumbers(spec, "d1", d1) || !readNumbers(spec, "d2", d2))
        return {{}, "slice: needs \"theta0\", \"d1\" and \"d2\""};
    const size_t p = static_cast<size_t>(m.parameterCount());
    if (theta0.size() != p || d1.size() != p || d2.size() != p)
        return {{}, "slice: \"theta0\", \"d1\" and \"d2\" must each have the model's " + std::to_string(p) + " parameters"};

    GridSpec g;
    std::vector<double> box, band;
    const JsonValue* hv = spec.find("hessian");
    if (!readNumbers(spec, "box", box) || box.size() != 4 || !readWhole(spec, "cols", 1, 4096, g.cols) ||
        !readWhole(spec, "rows", 1, 4096, g.rows) || !hv || hv->type != JsonValue::Type::Bool ||
        !readNumbers(spec, "band", band) || band.size() != 2)
        return {{}, "slice: \"box\", \"cols\", \"rows\", \"hessian\" or \"band\" missing or out of range"};
    g.x0 = box[0], g.y0 = box[1], g.w = box[2], g.h = box[3];
    g.hessian = hv->boolean;
    const int row0 = static_cast<int>(band[0]), row1 = static_cast<int>(band[1]);
    if (band[0] != row0 || band[1] != row1 || row0 < 0 || row1 > g.rows || row0 > row1)
        return {{}, "slice: \"band\" outside the grid"};

    const auto map = [](const std::vector<double>& v) { return VecX(Eigen::Map<const VecX>(v.data(), static_cast<Eigen::Index>(v.size()))); };
    const nets::SliceLandscape l(m, std::move(batch), map(theta0), map(d1), map(d2), "slice job");
    JobOutput out;
    out.values.reserve(static_cast<size_t>(row1 - row0) * g.cols * (g.hessian ? 2 : 1));
    for (int j = row0; j < row1; ++j)
        for (int i = 0; i < g.cols; ++i) {
            double value;
            float lmax;
            evaluateGridCell(l, g, i, j, value, lmax);
            out.values.push_back(value);
            if (g.hessian) out.values.push_back(lmax);
        }
    return out;
}

GridJobs::GridJobs(const GridSpec& g, JobRunner* runner, const std::string& head) : g_(g), runner_(runner) {
    const size_t total = static_cast<size_t>(std::max(g.cols, 0)) * static_cast<size_t>(std::max(g.rows, 0));
    values_.assign(total, 0.0);
    lmax_.assign(g.hessian ? total : 0, 0.0f);
    if (!runner_ || runner_->workers() == 0 || head.empty() || total == 0) {
        for (size_t k = total; k-- > 0;) here_.push_back(k);
        return;
    }
    owner_ = runner_->open();
    // About four bands per worker: each job carries the whole training set (tens of kB of text to
    // parse), so fewer, larger bands — but enough that the workers finish close together.
    const int bands = 4 * runner_->workers();
    const int bandRows = std::max(1, (g.rows + bands - 1) / bands);
    for (int j = 0; j < g.rows; j += bandRows) {
        const int last = std::min(g.rows, j + bandRows);
        bands_[runner_->submit(owner_, sliceJobSpec(head, g, j, last))] = {j, last};
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
                error_ = f.output.error.empty() ? "slice: a band's output is malformed" : f.output.error;
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
