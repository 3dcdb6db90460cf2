// Lucchi's landscape kinds as jobs (see kinds_jobs.h).
#include "kinds_jobs.h"

#include <chrono>
#include <cmath>

namespace optiscape::jobs {

using theory::DeepLinearEnd;
using theory::DeepLinearSettings;

namespace {

constexpr size_t kRunValues = 4;  ///< loss, gradient norm, steps, converged
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
    if (runs < 0 || v.size() != kRunValues * static_cast<size_t>(runs) + 1) return false;
    for (size_t k = 0; k + 1 < v.size(); k += kRunValues) {
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

KindsJobs::KindsJobs(std::unique_ptr<theory::KindsComputer> c, JobRunner* runner)
    : computer_(std::move(c)), runner_(runner) {
    if (!runner_ || runner_->workers() == 0 || computer_->done()) return;
    // kind A's runs first, then the ReLU rows' chunks: the runner takes them in that order
    owner_ = runner_->open();
    const DeepLinearSettings& s = computer_->settings().linear;
    for (int r = 0; r < s.runs; r += kRunsPerJob) chunks_.push_back({r, std::min(s.runs, r + kRunsPerJob)});
    for (size_t k = 0; k < chunks_.size(); ++k)
        tickets_[runner_->submit(owner_, linearRunsJobSpec(s, chunks_[k].first, chunks_[k].second))] = k;
    relu_ = std::make_unique<SpuriousTableJobs>(computer_->reluTable(), runner_);
}

KindsJobs::~KindsJobs() {
    relu_.reset();
    if (owner_) runner_->cancel(owner_);
}

const std::string& KindsJobs::lastError() const {
    return error_.empty() && relu_ ? relu_->lastError() : error_;
}

std::pair<std::vector<DeepLinearEnd>, double> KindsJobs::linearHere(int begin, int end) const {
    const auto t0 = std::chrono::steady_clock::now();
    auto ends = theory::deepLinearChunk(computer_->linearProblem(), computer_->settings().linear, begin, end);
    return {std::move(ends), since(t0)};
}

bool KindsJobs::advanceFor(double secs) {
    if (!owner_) return computer_->advanceFor(secs);
    for (Finished& f : runner_->take(owner_, secs)) {
        const auto t = tickets_.find(f.ticket);
        if (t == tickets_.end()) continue;
        const size_t k = t->second;
        tickets_.erase(t);
        const auto [begin, end] = chunks_[k];
        std::pair<std::vector<DeepLinearEnd>, double> r;
        if (!f.output.error.empty() || !decodeLinearRuns(f.output.values, end - begin, r.first, r.second)) {
            error_ = f.output.error.empty() ? "linear-runs: a chunk's output is malformed" : f.output.error;
            r = linearHere(begin, end);
        }
        early_[k] = std::move(r);
    }
    for (auto it = early_.find(next_); it != early_.end(); it = early_.find(next_)) {  // in run order
        for (const DeepLinearEnd& e : it->second.first)
            computer_->supplyLinear(e, it->second.second / static_cast<double>(it->second.first.size()));
        early_.erase(it);
        ++next_;
    }
    relu_->advanceFor(secs);
    return done();
}

void KindsJobs::finishHere() {
    if (!owner_) {
        while (!computer_->advanceFor(1.0)) {
        }
        return;
    }
    advanceFor(0.0);  // what has arrived
    runner_->cancel(owner_);
    owner_ = 0;
    tickets_.clear();
    for (; next_ < chunks_.size(); ++next_) {
        const auto it = early_.find(next_);
        const auto r = it != early_.end() ? it->second : linearHere(chunks_[next_].first, chunks_[next_].second);
        for (const DeepLinearEnd& e : r.first) computer_->supplyLinear(e, r.second / static_cast<double>(r.first.size()));
    }
    early_.clear();
    relu_->finishHere();
}

}  // namespace optiscape::jobs
