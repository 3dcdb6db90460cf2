// Safran & Shamir's table as jobs (see theory_jobs.h).
#include "theory_jobs.h"

#include <chrono>
#include <cmath>
#include <cstdlib>

namespace optiscape::jobs {

using theory::EndPoint;
using theory::RunEnd;
using theory::SpuriousChunk;
using theory::SpuriousSettings;
using theory::SpuriousTableSettings;

namespace {

/// The classification's settings, every field, by name (the job text and its reader share it).
struct SettingField {
    const char* name;
    double SpuriousSettings::*real;
    int SpuriousSettings::*whole;
};
constexpr SettingField kSpuriousFields[] = {
    {"gradTol", &SpuriousSettings::gradTol, nullptr},
    {"globalTol", &SpuriousSettings::globalTol, nullptr},
    {"eigTol", &SpuriousSettings::eigTol, nullptr},
    {"deadTol", &SpuriousSettings::deadTol, nullptr},
    {"newtonSwitch", &SpuriousSettings::newtonSwitch, nullptr},
    {"maxGdSteps", nullptr, &SpuriousSettings::maxGdSteps},
    {"maxNewtonSteps", nullptr, &SpuriousSettings::maxNewtonSteps},
    {"maxStep", &SpuriousSettings::maxStep, nullptr},
    {"stopObjective", &SpuriousSettings::stopObjective, nullptr},
};

constexpr int kSpuriousRunValues = 7;  ///< the numbers of a run before its weights

bool wholeIn(const JsonValue* v, double lo, double hi) {
    return v && v->isNumber() && v->number == std::floor(v->number) && v->number >= lo && v->number <= hi;
}

}  // namespace

std::string spuriousJobSpec(const SpuriousTableSettings& s, const SpuriousChunk& c) {
    const theory::TeacherShape& shape = s.rows.at(static_cast<size_t>(c.row));
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("spurious");
    j.key("k").value(shape.k);
    j.key("n").value(shape.n);
    j.key("seed").value(std::to_string(s.seed));  // as text: every 64-bit seed exactly
    j.key("runs").beginArray().value(c.begin).value(c.end).endArray();
    j.key("optimizer").beginObject();
    for (const SettingField& f : kSpuriousFields) {
        if (f.real) j.key(f.name).value(s.optimizer.*(f.real));
        else j.key(f.name).value(s.optimizer.*(f.whole));
    }
    j.endObject();
    j.endObject();
    return j.str();
}

SpuriousChunkResult computeSpuriousChunk(const SpuriousTableSettings& s, const SpuriousChunk& c) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const theory::TeacherShape& shape = s.rows.at(static_cast<size_t>(c.row));
    const theory::TeacherObjective obj{shape.k, shape.n};
    SpuriousChunkResult out;
    for (int r = c.begin; r < c.end; ++r) {
        // the steps the table's own computer takes (TeacherDescent), all at once
        theory::TeacherDescent d(obj, theory::xavierStart(shape.k, shape.n, s.seed, static_cast<std::uint64_t>(r)),
                                 s.optimizer);
        while (!d.advance(1L << 20)) {
        }
        out.ends.push_back(d.result());
        if (out.ends.back().type == EndPoint::Spurious) out.spuriousPoints.push_back(d.point());
    }
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return out;
}

JobOutput runSpuriousJob(const JsonValue& spec) {
    const JsonValue* k = spec.find("k");
    const JsonValue* n = spec.find("n");
    const JsonValue* seed = spec.find("seed");
    const JsonValue* runs = spec.find("runs");
    if (!wholeIn(k, 1, 64) || !wholeIn(n, 1, 64))
        return {{}, "spurious: \"k\" and \"n\" must be whole numbers from 1 to 64"};
    if (!seed || seed->type != JsonValue::Type::String || seed->string.empty() ||
        seed->string.find_first_not_of("0123456789") != std::string::npos)
        return {{}, "spurious: \"seed\" must be a decimal number as text"};
    if (!runs || runs->array.size() != 2 || !wholeIn(&runs->array[0], 0, 1e6) || !wholeIn(&runs->array[1], 0, 1e6) ||
        runs->array[0].number > runs->array[1].number)
        return {{}, "spurious: \"runs\" must be [begin, end] with 0 <= begin <= end <= 1000000"};
    SpuriousTableSettings s;
    s.rows = {{static_cast<int>(k->number), static_cast<int>(n->number)}};
    s.seed = std::strtoull(seed->string.c_str(), nullptr, 10);
    if (const JsonValue* o = spec.find("optimizer")) {
        for (const SettingField& f : kSpuriousFields) {
            const JsonValue* v = o->find(f.name);
            if (!v) continue;
            if (!v->isNumber() || !std::isfinite(v->number) || (f.whole && !wholeIn(v, 0, 1e9)))
                return {{}, std::string("spurious: optimizer setting \"") + f.name + "\" is not a valid number"};
            if (f.real) s.optimizer.*(f.real) = v->number;
            else s.optimizer.*(f.whole) = static_cast<int>(v->number);
        }
    }
    const SpuriousChunk c{0, static_cast<int>(runs->array[0].number), static_cast<int>(runs->array[1].number)};
    const SpuriousChunkResult r = computeSpuriousChunk(s, c);
    JobOutput out;
    size_t spurious = 0;
    for (const RunEnd& e : r.ends) {
        out.values.insert(out.values.end(), {static_cast<double>(e.type), e.objective, e.gradNorm, e.minEigenvalue,
                                             e.minUnitNorm, static_cast<double>(e.gdSteps),
                                             static_cast<double>(e.newtonSteps)});
        if (e.type == EndPoint::Spurious) {
            const MatX& w = r.spuriousPoints[spurious++];
            out.values.insert(out.values.end(), w.data(), w.data() + w.size());
        }
    }
    out.values.push_back(r.seconds);
    return out;
}

bool decodeSpuriousRuns(const std::vector<double>& v, int k, int n, int runs, SpuriousChunkResult& out) {
    out = {};
    size_t at = 0;
    const size_t weights = static_cast<size_t>(k) * static_cast<size_t>(n);
    for (int r = 0; r < runs; ++r) {
        if (at + kSpuriousRunValues > v.size()) return false;
        const double type = v[at];
        if (type != 0 && type != 1 && type != 2) return false;
        RunEnd e;
        e.type = static_cast<EndPoint>(static_cast<int>(type));
        e.objective = v[at + 1];
        e.gradNorm = v[at + 2];
        e.minEigenvalue = v[at + 3];
        e.minUnitNorm = v[at + 4];
        e.gdSteps = static_cast<int>(v[at + 5]);
        e.newtonSteps = static_cast<int>(v[at + 6]);
        at += kSpuriousRunValues;
        if (e.type == EndPoint::Spurious) {
            if (at + weights > v.size()) return false;
            out.spuriousPoints.push_back(Eigen::Map<const MatX>(v.data() + at, k, n));
            at += weights;
        }
        out.ends.push_back(e);
    }
    if (at + 1 != v.size()) return false;
    out.seconds = v[at];
    return true;
}

SpuriousTableJobs::SpuriousTableJobs(SpuriousTableSettings settings, JobRunner* runner)
    : own_(std::make_unique<theory::SpuriousTableComputer>(std::move(settings))), computer_(own_.get()) {
    start(runner);
}

SpuriousTableJobs::SpuriousTableJobs(theory::SpuriousTableComputer& table, JobRunner* runner) : computer_(&table) {
    start(runner);
}

void SpuriousTableJobs::start(JobRunner* runner) {
    if (runner && runner->workers() > 0 && !computer_->done()) chunks_ = theory::spuriousChunks(computer_->settings());
    jobs_ = std::make_unique<OrderedJobs>(
        runner, chunks_.size(), [this](size_t i) { return spuriousJobSpec(computer_->settings(), chunks_[i]); },
        [this](size_t k, const JobOutput& o) { return apply(k, o); }, [this](size_t k) { here(k); },
        "spurious: a chunk's output is malformed");
}

SpuriousTableJobs::~SpuriousTableJobs() = default;

void SpuriousTableJobs::supply(size_t index, const SpuriousChunkResult& r) {
    const SpuriousChunk& c = chunks_[index];
    const double perRun = r.ends.empty() ? 0.0 : r.seconds / static_cast<double>(r.ends.size());
    size_t spurious = 0;
    for (const RunEnd& e : r.ends)
        computer_->supply(c.row, e, e.type == EndPoint::Spurious ? &r.spuriousPoints[spurious++] : nullptr, perRun);
}

bool SpuriousTableJobs::apply(size_t index, const JobOutput& output) {
    const SpuriousChunk& c = chunks_[index];
    const theory::TeacherShape& shape = computer_->settings().rows[static_cast<size_t>(c.row)];
    SpuriousChunkResult r;
    if (!decodeSpuriousRuns(output.values, shape.k, shape.n, c.end - c.begin, r)) return false;
    supply(index, r);
    return true;
}

void SpuriousTableJobs::here(size_t index) { supply(index, computeSpuriousChunk(computer_->settings(), chunks_[index])); }

bool SpuriousTableJobs::advanceFor(double seconds) {
    if (!jobs_->active()) return computer_->advanceFor(seconds);
    jobs_->advance(seconds);
    return done();
}

void SpuriousTableJobs::finishHere() {
    if (!jobs_->active()) {
        while (!computer_->advanceFor(1.0)) {
        }
        return;
    }
    jobs_->finishHere();
}

}  // namespace optiscape::jobs
