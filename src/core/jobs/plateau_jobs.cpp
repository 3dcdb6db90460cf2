// The tanh plateau's sweep as jobs (see plateau_jobs.h).
#include "plateau_jobs.h"

#include <chrono>
#include <cmath>

namespace optiscape::jobs {

using theory::PlateauRun;
using theory::PlateauSettings;

namespace {

/// The settings' numbers by name (the job text and its reader share it).
struct PlateauField {
    const char* name;
    double PlateauSettings::*real;
    int PlateauSettings::*whole;
};
constexpr PlateauField kPlateauFields[] = {
    {"inputs", nullptr, &PlateauSettings::inputs},     {"hidden", nullptr, &PlateauSettings::hidden},
    {"samples", nullptr, &PlateauSettings::samples},   {"gain", &PlateauSettings::gain, nullptr},
    {"lr", &PlateauSettings::lr, nullptr},             {"momentum", &PlateauSettings::momentum, nullptr},
    {"radius", &PlateauSettings::radius, nullptr},     {"threshold", &PlateauSettings::threshold, nullptr},
    {"every", &PlateauSettings::every, nullptr},       {"maxSteps", nullptr, &PlateauSettings::maxSteps},
    {"drop", &PlateauSettings::drop, nullptr},         {"curveEvery", nullptr, &PlateauSettings::curveEvery},
};

constexpr size_t kPlateauRunValues = 12;  ///< the numbers before the curve's points

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string plateauJobSpec(const PlateauSettings& s, int job) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("plateau");
    for (const PlateauField& f : kPlateauFields) {
        j.key(f.name);
        if (f.real) j.value(s.*(f.real));
        else j.value(s.*(f.whole));
    }
    j.key("scales").beginArray();
    for (double x : s.scales) j.value(x);
    j.endArray();
    j.key("seed").value(static_cast<double>(s.seed));
    j.key("job").value(job);
    j.endObject();
    return j.str();
}

JobOutput runPlateauJob(const JsonValue& spec) {
    PlateauSettings s;
    for (const PlateauField& f : kPlateauFields) {
        double v;
        if (!readNumber(spec, f.name, v) || (f.whole && (v != std::floor(v) || std::abs(v) > 1e9)))
            return {{}, std::string("plateau: \"") + f.name + "\" missing or not a number"};
        if (f.real) s.*(f.real) = v;
        else s.*(f.whole) = static_cast<int>(v);
    }
    double seed = 0;
    if (!readNumbers(spec, "scales", s.scales) || !readNumber(spec, "seed", seed) || seed < 0 || seed != std::floor(seed) ||
        seed > 9007199254740992.0)
        return {{}, "plateau: \"scales\" or \"seed\" missing or out of range"};
    s.seed = static_cast<std::uint64_t>(seed);
    if (const std::string why = theory::checkPlateau(s); !why.empty()) return {{}, "plateau: " + why};
    int job = 0;
    if (!readWhole(spec, "job", 0, static_cast<int>(s.scales.size()) * theory::kPlateauOptimizers - 1, job))
        return {{}, "plateau: \"job\" outside the sweep"};
    const auto t0 = std::chrono::steady_clock::now();
    const PlateauRun r = theory::plateauRun(s, job / theory::kPlateauOptimizers,
                                            static_cast<theory::PlateauOptimizer>(job % theory::kPlateauOptimizers));
    JobOutput out;
    out.values = {r.scale, static_cast<double>(r.optimizer), static_cast<double>(r.length), r.startLoss, r.finalLoss,
                  r.startGrad, r.plateauMinGrad, static_cast<double>(r.steps), r.diverged ? 1.0 : 0.0,
                  static_cast<double>(r.jumps), secondsSince(t0), static_cast<double>(r.curveSteps.size())};
    for (size_t k = 0; k < r.curveSteps.size(); ++k)
        out.values.insert(out.values.end(), {static_cast<double>(r.curveSteps[k]), r.curveLoss[k], r.curveGrad[k]});
    return out;
}

bool decodePlateauRun(const std::vector<double>& v, PlateauRun& r, double& secs) {
    if (v.size() < kPlateauRunValues) return false;
    const double m = v[11];
    if (!(m >= 0) || m != std::floor(m) || v.size() != kPlateauRunValues + 3 * static_cast<size_t>(m)) return false;
    if (!(v[1] >= 0 && v[1] < theory::kPlateauOptimizers) || v[1] != std::floor(v[1])) return false;
    r = PlateauRun{};
    r.scale = v[0];
    r.optimizer = static_cast<theory::PlateauOptimizer>(static_cast<int>(v[1]));
    r.length = static_cast<int>(v[2]);
    r.startLoss = v[3], r.finalLoss = v[4], r.startGrad = v[5], r.plateauMinGrad = v[6];
    r.steps = static_cast<int>(v[7]);
    r.diverged = v[8] != 0.0;
    r.jumps = static_cast<int>(v[9]);
    secs = v[10];
    for (size_t k = kPlateauRunValues; k < v.size(); k += 3) {
        r.curveSteps.push_back(static_cast<int>(v[k]));
        r.curveLoss.push_back(v[k + 1]);
        r.curveGrad.push_back(v[k + 2]);
    }
    return true;
}

std::unique_ptr<PlateauJobs> PlateauJobs::make(const PlateauSettings& s, JobRunner* runner, std::string* error) {
    auto c = theory::PlateauComputer::make(s, error);
    if (!c) return nullptr;
    return std::unique_ptr<PlateauJobs>(new PlateauJobs(std::move(c), runner));
}

PlateauJobs::PlateauJobs(std::unique_ptr<theory::PlateauComputer> c, JobRunner* runner) : computer_(std::move(c)) {
    const PlateauSettings& s = computer_->settings();
    jobs_ = std::make_unique<OrderedJobs>(
        runner, computer_->done() ? 0 : static_cast<size_t>(computer_->total()),
        [&s](size_t job) { return plateauJobSpec(s, static_cast<int>(job)); },
        [this](size_t k, const JobOutput& o) { return apply(k, o); }, [this](size_t k) { here(k); },
        "plateau: a run's output is malformed");
}

PlateauJobs::~PlateauJobs() = default;

bool PlateauJobs::apply(size_t, const JobOutput& output) {
    PlateauRun run;
    double secs = 0;
    if (!decodePlateauRun(output.values, run, secs)) return false;
    computer_->supply(std::move(run), secs);
    return true;
}

void PlateauJobs::here(size_t job) {
    const auto t0 = std::chrono::steady_clock::now();
    PlateauRun r = theory::plateauRun(computer_->settings(), static_cast<int>(job) / theory::kPlateauOptimizers,
                                      static_cast<theory::PlateauOptimizer>(job % theory::kPlateauOptimizers));
    computer_->supply(std::move(r), secondsSince(t0));
}

bool PlateauJobs::advanceFor(double secs) {
    if (!jobs_->active()) return computer_->advanceFor(secs);
    jobs_->advance(secs);
    return done();
}

void PlateauJobs::finishHere() {
    if (!jobs_->active()) {
        while (!computer_->advanceFor(1.0)) {
        }
        return;
    }
    jobs_->finishHere();
}

}  // namespace optiscape::jobs
