// Theorem 9 over depth as jobs (job.h, core/theory/gradnorm_sweep.h, core/theory/net_gradnorm.h):
// each round of the linear network's sweep, and each round of one tanh or ReLU model's, computed
// wherever the JobRunner runs it (Web Workers in the page, a thread pool natively) from the pure
// chunk functions, and merged into the computers part after part in the order the parts were
// made, so every depth's sums are the in-place computers' to the last bit.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/theory/gradnorm_sweep.h"
#include "core/theory/net_gradnorm.h"
#include "runner.h"

namespace optiscape::jobs {

/// One job: round `round` of the linear sweep (nets false: every depth and layer), or of model
/// `model` of the networks' (every depth).
struct GradNormPart {
    bool nets = false;
    long round = 0;
    int model = 0;
};

/// The job text of `part` of the sweeps `linear` / `nets`.
std::string gradNormJobSpec(const theory::GradSweepSettings& linear, const theory::NetGradSettings& nets,
                            const GradNormPart& part);
/// Computes `part` here (what a job does). Its values: for the linear sweep, depth after depth
/// (1 … maxDepth) its layers' sums (count, sum, sum of squares, overflow); for a model, each
/// depth's sums; last, the compute seconds.
std::vector<double> computeGradNormPart(const theory::GradSweepSettings& linear, const theory::NetGradSettings& nets,
                                        const GradNormPart& part);
/// Runs a {"kind": "gradnorm"} job (computeGradNormPart of the part its text names).
JobOutput runGradNormJob(const JsonValue& spec);

/// Both sweeps of the "gradients" experiment, computed by a JobRunner's workers a part per job;
/// in place (the computers' own advanceFor, half the time each) when there is no runner or it
/// has no workers. A part whose job fails is computed in place, at once.
class GradNormJobs {
public:
    GradNormJobs(const theory::GradSweepSettings& linear, const theory::NetGradSettings& nets, JobRunner* runner);
    ~GradNormJobs();
    GradNormJobs(const GradNormJobs&) = delete;
    GradNormJobs& operator=(const GradNormJobs&) = delete;

    /// Takes the parts finished so far (in place: computes for about `seconds`); true once done.
    bool advanceFor(double seconds);
    /// Computes what is left here, at once (the jobs still out are cancelled).
    void finishHere();
    const theory::GradSweepComputer& linear() const { return linear_; }
    const theory::NetGradComputer& nets() const { return nets_; }
    bool done() const { return linear_.done() && nets_.done(); }
    double progress() const { return 0.5 * (linear_.progress() + nets_.progress()); }
    double seconds() const { return linear_.seconds() + nets_.seconds(); }
    /// How many workers compute the parts (0: in place).
    int workers() const { return owner_ ? runner_->workers() : 0; }
    /// The last failed job's message, if any (its part was then computed in place).
    const std::string& lastError() const { return error_; }

private:
    /// Merges a part's values into its computer; false (nothing merged) when they are malformed.
    bool apply(const GradNormPart& part, const std::vector<double>& values);

    theory::GradSweepComputer linear_;
    theory::NetGradComputer nets_;
    JobRunner* runner_ = nullptr;
    int owner_ = 0;                             ///< the runner's client id, 0 when in place
    std::vector<GradNormPart> parts_;           ///< in the order they are merged
    std::map<int, size_t> tickets_;             ///< ticket → part in flight
    std::map<size_t, std::vector<double>> early_;  ///< parts finished before an earlier one
    size_t next_ = 0;                           ///< the next part to merge
    std::string error_;
};

}  // namespace optiscape::jobs
