// Lucchi's landscape kinds as jobs (see kinds_jobs.h).
#include "kinds_jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace optiscape::jobs {

using theory::DeepLinearEnd;
using theory::DeepLinearSettings;

namespace {

constexpr size_t kKindsRunValues = 4;  ///< loss, gradient norm, steps, converged
constexpr int kRunsPerJob = 5;    ///< a job of a few hundred milliseconds in the page

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string linearRunsJobSpec(const DeepLinearSettings& s, int begin, int end) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("linear-runs");
    j.key("data").value(s.data);
    j.key("layers").value(s.layers).key("hidden").value(s.hidden).key("initScale").value(s.initScale);
    j.key("runs").value(s.runs).key("seed").value(static_cast<double>(s.seed));
    j.key("gradTol").value(s.gradTol).key("maxSteps").value(s.maxSteps);
    j.key("chunk").beginArray().value(begin).value(end).endArray();
    j.endObject();
    return j.str();
}

JobOutput runLinearRunsJob(const JsonValue& spec) {
    DeepLinearSettings s;
    const JsonValue* data = spec.find("data");
    if (!data || data->type != JsonValue::Type::String) return {{}, "linear-runs: no \"data\""};
    s.data = data->string;
    double seed = 0;
    if (!readWhole(spec, "layers", 2, 8, s.layers) || !readWhole(spec, "hidden", 1, 64, s.hidden) ||
        !readNumber(spec, "initScale", s.initScale) || !readWhole(spec, "runs", 1, 100000, s.runs) ||
        !readNumber(spec, "gradTol", s.gradTol) || !readWhole(spec, "maxSteps", 1, 10000000, s.maxSteps) ||
        !readNumber(spec, "seed", seed) || seed < 0 || seed != std::floor(seed) || seed > 9007199254740992.0)
        return {{}, "linear-runs: \"layers\", \"hidden\", \"initScale\", \"runs\", \"gradTol\", \"maxSteps\" or \"seed\" "
                    "missing or out of range"};
    s.seed = static_cast<std::uint64_t>(seed);
    std::vector<double> chunk;
    if (!readNumbers(spec, "chunk", chunk) || chunk.size() != 2 || chunk[0] != std::floor(chunk[0]) ||
        chunk[1] != std::floor(chunk[1]) || chunk[0] < 0 || chunk[0] > chunk[1] || chunk[1] > s.runs)
        return {{}, "linear-runs: \"chunk\" is not [begin, end] within the runs"};
    std::string error;
    const auto d = theory::deepLinearData(s, &error);
    if (!d) return {{}, "linear-runs: " + error};
    const auto t0 = std::chrono::steady_clock::now();
    const theory::DeepLinearProblem p(*d, s.hidden);
    JobOutput out;
    for (const DeepLinearEnd& e : theory::deepLinearChunk(p, s, static_cast<int>(chunk[0]), static_cast<int>(chunk[1])))
        out.values.insert(out.values.end(), {e.loss, e.gradNorm, static_cast<double>(e.steps), e.converged ? 1.0 : 0.0});
    out.values.push_back(since(t0));
    return out;
}

bool decodeLinearRuns(const std::vector<double>& v, int runs, std::vector<DeepLinearEnd>& ends, double& seconds) {
    ends.clear();
    if (runs < 0 || v.size() != kKindsRunValues * static_cast<size_t>(runs) + 1) return false;
    for (size_t k = 0; k + 1 < v.size(); k += kKindsRunValues) {
        if (!(v[k + 2] >= 0) || v[k + 2] != std::floor(v[k + 2]) || (v[k + 3] != 0.0 && v[k + 3] != 1.0)) return false;
        DeepLinearEnd e;
        e.loss = v[k];
        e.gradNorm = v[k + 1];
        e.steps = static_cast<int>(v[k + 2]);
        e.converged = v[k + 3] != 0.0;
        ends.push_back(e);
    }
    seconds = v.back();
    return true;
}

std::unique_ptr<KindsJobs> KindsJobs::make(const theory::KindsSettings& s, JobRunner* runner, std::string* error) {
    auto c = theory::KindsComputer::make(s, error);
    if (!c) return nullptr;
    return std::unique_ptr<KindsJobs>(new KindsJobs(std::move(c), runner));
}

KindsJobs::KindsJobs(std::unique_ptr<theory::KindsComputer> c, JobRunner* runner) : computer_(std::move(c)) {
    const DeepLinearSettings& s = computer_->settings().linear;
    const bool onWorkers = runner && runner->workers() > 0 && !computer_->done();
    if (onWorkers)
        for (int r = 0; r < s.runs; r += kRunsPerJob) chunks_.push_back({r, std::min(s.runs, r + kRunsPerJob)});
    // kind A's runs first, then the ReLU rows' chunks: the runner takes them in that order
    jobs_ = std::make_unique<OrderedJobs>(
        runner, chunks_.size(), [this, &s](size_t k) { return linearRunsJobSpec(s, chunks_[k].first, chunks_[k].second); },
        [this](size_t k, const JobOutput& o) { return apply(k, o); }, [this](size_t k) { here(k); },
        "linear-runs: a chunk's output is malformed");
    if (onWorkers) relu_ = std::make_unique<SpuriousTableJobs>(computer_->reluTable(), runner);
}

KindsJobs::~KindsJobs() = default;  // relu_ first: it fills the computer's table

const std::string& KindsJobs::lastError() const {
    return jobs_->lastError().empty() && relu_ ? relu_->lastError() : jobs_->lastError();
}

void KindsJobs::supply(const std::vector<DeepLinearEnd>& ends, double seconds) {
    for (const DeepLinearEnd& e : ends) computer_->supplyLinear(e, seconds / static_cast<double>(ends.size()));
}

bool KindsJobs::apply(size_t k, const JobOutput& output) {
    std::vector<DeepLinearEnd> ends;
    double secs = 0;
    if (!decodeLinearRuns(output.values, chunks_[k].second - chunks_[k].first, ends, secs)) return false;
    supply(ends, secs);
    return true;
}

void KindsJobs::here(size_t k) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto ends =
        theory::deepLinearChunk(computer_->linearProblem(), computer_->settings().linear, chunks_[k].first, chunks_[k].second);
    supply(ends, since(t0));
}

bool KindsJobs::advanceFor(double secs) {
    if (!jobs_->active()) return computer_->advanceFor(secs);
    jobs_->advance(secs);
    relu_->advanceFor(secs);
    return done();
}

void KindsJobs::finishHere() {
    if (!jobs_->active()) {
        while (!computer_->advanceFor(1.0)) {
        }
        return;
    }
    jobs_->finishHere();
    relu_->finishHere();
}

}  // namespace optiscape::jobs
