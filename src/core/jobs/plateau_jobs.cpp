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
constexpr PlateauField kFields[] = {
    {"inputs", nullptr, &PlateauSettings::inputs},     {"hidden", nullptr, &PlateauSettings::hidden},
    {"samples", nullptr, &PlateauSettings::samples},   {"gain", &PlateauSettings::gain, nullptr},
    {"lr", &PlateauSettings::lr, nullptr},             {"momentum", &PlateauSettings::momentum, nullptr},
    {"radius", &PlateauSettings::radius, nullptr},     {"threshold", &PlateauSettings::threshold, nullptr},
    {"every", &PlateauSettings::every, nullptr},       {"maxSteps", nullptr, &PlateauSettings::maxSteps},
    {"drop", &PlateauSettings::drop, nullptr},         {"curveEvery", nullptr, &PlateauSettings::curveEvery},
};

constexpr size_t kRunValues = 12;  ///< the numbers before the curve's points

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string plateauJobSpec(const PlateauSettings& s, int job) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("plateau");
    for (const PlateauField& f : kFields) {
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
    for (const PlateauField& f : kFields) {
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
                  static_cast<double>(r.jumps), seconds(t0), static_cast<double>(r.curveSteps.size())};
    for (size_t k = 0; k < r.curveSteps.size(); ++k)
        out.values.insert(out.values.end(), {static_cast<double>(r.curveSteps[k]), r.curveLoss[k], r.curveGrad[k]});
    return out;
}

bool decodePlateauRun(const std::vector<double>& v, PlateauRun& r, double& secs) {
    if (v.size() < kRunValues) return false;
    const double m = v[11];
    if (!(m >= 0) || m != std::floor(m) || v.size() != kRunValues + 3 * static_cast<size_t>(m)) return false;
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
    for (size_t k = kRunValues; k < v.size(); k += 3) {
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

PlateauJobs::PlateauJobs(std::unique_ptr<theory::PlateauComputer> c, JobRunner* runner)
    : computer_(std::move(c)), runner_(runner) {
    if (!runner_ || runner_->workers() == 0 || computer_->done()) return;
    owner_ = runner_->open();
    for (int job = 0; job < computer_->total(); ++job)
        tickets_[runner_->submit(owner_, plateauJobSpec(computer_->settings(), job))] = job;
}

PlateauJobs::~PlateauJobs() {
    if (owner_) runner_->cancel(owner_);
}

namespace {

/// Run `job` here: what a job does, timed.
std::pair<PlateauRun, double> runHere(const PlateauSettings& s, int job) {
    const auto t0 = std::chrono::steady_clock::now();
    PlateauRun r = theory::plateauRun(s, job / theory::kPlateauOptimizers,
                                      static_cast<theory::PlateauOptimizer>(job % theory::kPlateauOptimizers));
    return {std::move(r), seconds(t0)};
}

}  // namespace

bool PlateauJobs::advanceFor(double secs) {
    if (!owner_) return computer_->advanceFor(secs);
    for (Finished& f : runner_->take(owner_, secs)) {
        const auto t = tickets_.find(f.ticket);
        if (t == tickets_.end()) continue;
        const int job = t->second;
        tickets_.erase(t);
        std::pair<PlateauRun, double> run;
        if (!f.output.error.empty() || !decodePlateauRun(f.output.values, run.first, run.second)) {
            error_ = f.output.error.empty() ? "plateau: a run's output is malformed" : f.output.error;
            run = runHere(computer_->settings(), job);
        }
        early_[job] = std::move(run);
    }
    // to the computer in its own order: job after job
    for (auto it = early_.find(next_); it != early_.end(); it = early_.find(next_)) {
        computer_->supply(std::move(it->second.first), it->second.second);
        early_.erase(it);
        ++next_;
    }
    return done();
}

void PlateauJobs::finishHere() {
    if (!owner_) {
        while (!computer_->advanceFor(1.0)) {
        }
        return;
    }
    advanceFor(0.0);  // what has arrived
    runner_->cancel(owner_);
    owner_ = 0;
    tickets_.clear();
    for (; next_ < computer_->total(); ++next_) {
        const auto it = early_.find(next_);
        auto run = it != early_.end() ? std::move(it->second) : runHere(computer_->settings(), next_);
        computer_->supply(std::move(run.first), run.second);
    }
    early_.clear();
}

}  // namespace optiscape::jobs
