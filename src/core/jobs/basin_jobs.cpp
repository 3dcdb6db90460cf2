// Basin maps as jobs (see basin_jobs.h).
#include "basin_jobs.h"

#include <algorithm>
#include <cmath>

namespace optiscape::jobs {

std::string basinJobSpec(const Landscape& l, const BasinRequest& r, int row0, int row1) {
    return basinJobSpec(landscapeJson(l), r, row0, row1);
}

std::string basinJobSpec(const std::string& landscape, const BasinRequest& r, int row0, int row1) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("basins");
    j.key("landscape").raw(landscape);
    j.key("optimizer").value(optimizerInfo(r.optimizer).name);
    j.key("hyper").beginObject();
    for (const HyperSpec& h : hyperSpecs()) j.key(h.spec.name).value(r.hyper.*(h.field));
    j.endObject();
    j.key("box").beginArray().value(r.box.w1min).value(r.box.w1max).value(r.box.w2min).value(r.box.w2max).endArray();
    j.key("width").value(r.width);
    j.key("height").value(r.height);
    j.key("maxSteps").value(r.maxSteps);
    j.key("tol").value(r.tol);
    j.key("rows").beginArray().value(row0).value(row1).endArray();
    j.endObject();
    return j.str();
}

JobOutput runBasinJob(const JsonValue& spec) {
    std::string error;
    const JsonValue* lv = spec.find("landscape");
    if (!lv) return {{}, "basins: no \"landscape\""};
    const std::unique_ptr<Landscape> l = readLandscape(*lv, &error);
    if (!l) return {{}, "basins: " + error};
    BasinRequest r;
    const JsonValue* opt = spec.find("optimizer");
    const std::optional<OptimizerKind> kind =
        opt && opt->type == JsonValue::Type::String ? parseOptimizer(opt->string) : std::nullopt;
    if (!kind) return {{}, "basins: unknown \"optimizer\""};
    r.optimizer = *kind;
    r.hyper = defaultsFor(*kind);
    if (const JsonValue* h = spec.find("hyper"))
        for (const auto& [name, value] : h->object)
            if (const HyperSpec* s = findHyper(name); s && value.isNumber()) r.hyper.*(s->field) = value.number;
    const JsonValue* box = spec.find("box");
    if (!box || box->array.size() != 4 ||
        !std::all_of(box->array.begin(), box->array.end(), [](const JsonValue& x) { return x.isNumber(); }))
        return {{}, "basins: \"box\" is not [w1min, w1max, w2min, w2max]"};
    r.box = {box->array[0].number, box->array[1].number, box->array[2].number, box->array[3].number};
    const JsonValue* rows = spec.find("rows");
    int row0 = 0, row1 = 0;
    if (!readWhole(spec, "width", 0, 4096, r.width) || !readWhole(spec, "height", 0, 4096, r.height) ||
        !readWhole(spec, "maxSteps", 0, 1000000, r.maxSteps) || !readNumber(spec, "tol", r.tol) || !rows ||
        rows->array.size() != 2 || !rows->array[0].isNumber() || !rows->array[1].isNumber())
        return {{}, "basins: \"width\", \"height\", \"maxSteps\", \"tol\" or \"rows\" missing or out of range"};
    row0 = static_cast<int>(rows->array[0].number);
    row1 = static_cast<int>(rows->array[1].number);
    if (row0 < 0 || row1 > r.height || row0 > row1) return {{}, "basins: \"rows\" outside the map"};

    const BasinRowKernel kernel(*l, r);
    JobOutput out;
    std::vector<BasinEvent> events;
    for (int j = row0; j < row1; ++j) {
        kernel.computeRow(j, events);
        out.values.push_back(j);
        out.values.push_back(static_cast<double>(events.size()));
        for (const BasinEvent& e : events) {
            out.values.insert(out.values.end(), {static_cast<double>(e.pixel), static_cast<double>(e.outcome),
                                                 static_cast<double>(e.steps), e.w[0], e.w[1]});
        }
    }
    return out;
}

bool decodeBasinRows(const std::vector<double>& v, std::vector<std::pair<int, std::vector<BasinEvent>>>& rows) {
    rows.clear();
    size_t k = 0;
    while (k < v.size()) {
        if (k + 2 > v.size()) return false;
        const double j = v[k], n = v[k + 1];
        k += 2;
        if (!(j >= 0 && n >= 0) || j != std::floor(j) || n != std::floor(n) || k + 5 * static_cast<size_t>(n) > v.size())
            return false;
        std::vector<BasinEvent> events(static_cast<size_t>(n));
        for (BasinEvent& e : events) {
            e.pixel = static_cast<int>(v[k]);
            e.outcome = static_cast<int>(v[k + 1]);
            e.steps = static_cast<int>(v[k + 2]);
            e.w = Vec2(v[k + 3], v[k + 4]);
            if (e.outcome < BasinEvent::Converged || e.outcome > BasinEvent::NotConverged) return false;
            k += 5;
        }
        rows.emplace_back(static_cast<int>(j), std::move(events));
    }
    return true;
}

BasinJobs::BasinJobs(const Landscape& landscape, BasinRequest request, JobRunner* runner)
    : computer_(landscape, request), runner_(runner) {
    const BasinRequest& r = computer_.request();
    if (!runner_ || runner_->workers() == 0 || computer_.done() || !describable(landscape, r.box)) return;
    owner_ = runner_->open();
    // About 16 bands per worker: small enough that the map fills in evenly and a cancelled map
    // stops soon, large enough that messages cost little beside a band's work.
    const int bandRows = std::max(1, (r.height + 16 * runner_->workers() - 1) / (16 * runner_->workers()));
    const std::string text = landscapeJson(landscape);  // once: a slice's is its whole training set
    for (int j = 0; j < r.height; j += bandRows) {
        const int last = std::min(r.height, j + bandRows);
        bands_[runner_->submit(owner_, basinJobSpec(text, r, j, last))] = {j, last};
    }
}

BasinJobs::~BasinJobs() {
    if (owner_) runner_->cancel(owner_);
}

bool BasinJobs::advance(double budgetSeconds) {
    if (!owner_) return computer_.advanceFor(budgetSeconds);
    std::vector<std::pair<int, std::vector<BasinEvent>>> rows;
    for (Finished& f : runner_->take(owner_, budgetSeconds)) {
        const auto band = bands_.find(f.ticket);
        if (band == bands_.end()) continue;
        const auto [first, last] = band->second;
        bands_.erase(band);
        if (f.output.error.empty() && decodeBasinRows(f.output.values, rows) &&
            rows.size() == static_cast<size_t>(last - first)) {
            for (auto& [j, events] : rows) computer_.supplyRow(j, std::move(events));
        } else {
            error_ = f.output.error.empty() ? "basins: a band's output is malformed" : f.output.error;
            for (int j = last - 1; j >= first; --j) here_.push_back(j);
        }
    }
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    while (!here_.empty()) {  // at least one row per call
        computer_.computeRow(here_.back());
        here_.pop_back();
        if (std::chrono::duration<double>(Clock::now() - t0).count() >= budgetSeconds) break;
    }
    return computer_.done();
}

}  // namespace optiscape::jobs
