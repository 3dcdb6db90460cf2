// The fair comparison as jobs (see sweep_jobs.h).
#include "sweep_jobs.h"

#include <algorithm>
#include <cmath>

namespace optiscape::jobs {

std::string sweepJobSpec(const std::string& landscape, const SweepRequest& r, int first, int last) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("sweep");
    j.key("landscape").raw(landscape);
    const RunConfig& c = r.base;
    j.key("optimizer").value(optimizerInfo(c.optimizer).name);
    j.key("hyper").beginObject();
    for (const HyperSpec& h : hyperSpecs()) j.key(h.spec.name).value(c.hyper.*(h.field));
    j.endObject();
    j.key("start").beginArray().value(c.start.x()).value(c.start.y()).endArray();
    j.key("schedule").value(scheduleSpec(c.schedule));
    j.key("noise").value(c.noise);
    j.key("batch").value(c.batch);
    j.key("seed").value(static_cast<double>(c.seed));
    j.key("second").value(r.second);
    j.key("n").value(r.n);
    j.key("steps").value(r.steps);
    j.key("lr").beginArray().value(r.lrLo).value(r.lrHi).endArray();
    j.key("secondRange").beginArray().value(r.secLo).value(r.secHi).endArray();
    j.key("cells").beginArray().value(first).value(last).endArray();
    j.endObject();
    return j.str();
}

JobOutput runSweepJob(const JsonValue& spec) {
    std::string error;
    const JsonValue* lv = spec.find("landscape");
    if (!lv) return {{}, "sweep: no \"landscape\""};
    const std::unique_ptr<Landscape> l = readLandscape(*lv, &error);
    if (!l) return {{}, "sweep: " + error};
    SweepRequest r;
    RunConfig& c = r.base;
    const JsonValue* opt = spec.find("optimizer");
    const std::optional<OptimizerKind> kind =
        opt && opt->type == JsonValue::Type::String ? parseOptimizer(opt->string) : std::nullopt;
    if (!kind) return {{}, "sweep: unknown \"optimizer\""};
    c.optimizer = *kind;
    c.hyper = defaultsFor(*kind);
    if (const JsonValue* h = spec.find("hyper"))
        for (const auto& [name, value] : h->object)
            if (const HyperSpec* s = findHyper(name); s && value.isNumber()) c.hyper.*(s->field) = value.number;
    const JsonValue* sched = spec.find("schedule");
    const auto schedule = sched && sched->type == JsonValue::Type::String ? parseSchedule(sched->string, &error) : std::nullopt;
    if (!schedule) return {{}, "sweep: \"schedule\": " + error};
    c.schedule = *schedule;
    const JsonValue* second = spec.find("second");
    std::vector<double> start, lr, secondRange, cells;
    double seed = 0;
    if (!readNumbers(spec, "start", start) || start.size() != 2 || !readNumber(spec, "noise", c.noise) ||
        !readWhole(spec, "batch", 0, 1 << 30, c.batch) || !readNumber(spec, "seed", seed) || seed < 0 ||
        seed != std::floor(seed) || seed > 4294967295.0 || !second || second->type != JsonValue::Type::String ||
        !readWhole(spec, "n", 1, 1000, r.n) || !readWhole(spec, "steps", 0, 1000000, r.steps) ||
        !readNumbers(spec, "lr", lr) || lr.size() != 2 || !readNumbers(spec, "secondRange", secondRange) ||
        secondRange.size() != 2 || !readNumbers(spec, "cells", cells) || cells.size() != 2)
        return {{}, "sweep: \"start\", \"noise\", \"batch\", \"seed\", \"second\", \"n\", \"steps\", \"lr\", "
                    "\"secondRange\" or \"cells\" missing or out of range"};
    c.start = Vec2(start[0], start[1]);
    c.seed = static_cast<std::uint64_t>(seed);
    r.second = second->string;
    if (!r.second.empty() && !findHyper(r.second)) return {{}, "sweep: unknown \"second\" setting \"" + r.second + "\""};
    r.lrLo = lr[0], r.lrHi = lr[1], r.secLo = secondRange[0], r.secHi = secondRange[1];
    if (const std::string bad = validate(c); !bad.empty()) return {{}, "sweep: " + bad};
    const int first = static_cast<int>(cells[0]), last = static_cast<int>(cells[1]);
    if (cells[0] != first || cells[1] != last || first < 0 || last > r.cells() || first > last)
        return {{}, "sweep: \"cells\" outside the sweep"};
    JobOutput out;
    out.values.reserve(static_cast<size_t>(last - first));
    for (int k = first; k < last; ++k) out.values.push_back(sweepCell(*l, r, k));
    return out;
}

namespace {

bool onWorkers(const Landscape& l, JobRunner* runner) {
    const ViewBox& box = l.info().view;
    return runner && runner->workers() > 0 && describable(l, box);
}

}  // namespace

SweepJobs::SweepJobs(const Landscape& l, const SweepRequest& r, JobRunner* runner)
    : r_(r),
      text_(onWorkers(l, runner) ? landscapeJson(l) : std::string()),
      // a row of γ per job: on a plane a row takes milliseconds, on a network slice seconds
      bands_(static_cast<size_t>(std::max(r.cells(), 0)), 1, runner, !text_.empty(),
             static_cast<size_t>(std::max(r.cols(), 1)), [this](size_t first, size_t last) {
                 return sweepJobSpec(text_, r_, static_cast<int>(first), static_cast<int>(last));
             }) {}

bool SweepJobs::advance(const Landscape& l, double budgetSeconds) {
    return bands_.advance([&](size_t k, double* out) { out[0] = sweepCell(l, r_, static_cast<int>(k)); }, budgetSeconds);
}

}  // namespace optiscape::jobs
