// Theorem 9 over depth as jobs (job.h, core/theory/gradnorm_sweep.h, core/theory/net_gradnorm.h):
// each round of the linear network's sweep, and each round of one tanh or ReLU model's, computed
// wherever the JobRunner runs it (Web Workers in the page, a thread pool natively) from the pure
// chunk functions, and merged into the computers part after part in the order the parts were
// made, so every depth's sums are the in-place computers' to the last bit.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/theory/gradnorm_sweep.h"
#include "core/theory/net_gradnorm.h"
#include "ordered_jobs.h"
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
class GradNormJobs : public ExperimentJobs {
public:
    GradNormJobs(const theory::GradSweepSettings& linear, const theory::NetGradSettings& nets, JobRunner* runner);
    ~GradNormJobs();
    GradNormJobs(const GradNormJobs&) = delete;
    GradNormJobs& operator=(const GradNormJobs&) = delete;

    bool advanceFor(double seconds) override;
    void finishHere() override;
    const theory::GradSweepComputer& linear() const { return linear_; }
    const theory::NetGradComputer& nets() const { return nets_; }
    bool done() const override { return linear_.done() && nets_.done(); }
    double progress() const override { return 0.5 * (linear_.progress() + nets_.progress()); }
    double seconds() const override { return linear_.seconds() + nets_.seconds(); }
    int workers() const override { return jobs_->workers(); }
    const std::string& lastError() const override { return jobs_->lastError(); }

private:
    /// Merges a part's values into its computer; false (nothing merged) when they are malformed.
    bool apply(const GradNormPart& part, const std::vector<double>& values);
    void here(size_t k);  ///< part k computed here and merged

    theory::GradSweepComputer linear_;
    theory::NetGradComputer nets_;
    std::vector<GradNormPart> parts_;     ///< in the order they are merged
    std::unique_ptr<OrderedJobs> jobs_;  ///< the parts, merged in that order
};

}  // namespace optiscape::jobs
