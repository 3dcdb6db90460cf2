// Lucchi's landscape kinds as jobs (job.h, core/theory/landscape_kinds.h): kind A's deep linear
// runs, a few per job (kind "linear-runs"), and kinds B–D's ReLU rows as the spurious table's own
// jobs (theory_jobs.h), computed wherever the JobRunner runs them (Web Workers in the page, a
// thread pool natively) and handed to the computer in run order, so every kind's final losses
// are the same to the last bit wherever the runs were made.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/theory/landscape_kinds.h"
#include "ordered_jobs.h"
#include "runner.h"
#include "theory_jobs.h"

namespace optiscape::jobs {

/// The job text of kind A's runs [begin, end) under `s` (the kinds computer's linear settings).
std::string linearRunsJobSpec(const theory::DeepLinearSettings& s, int begin, int end);
/// Runs a {"kind": "linear-runs"} job. Its values, run after run: the loss, ‖∇L‖, the steps and
/// whether it converged (1 or 0); last, the compute seconds.
JobOutput runLinearRunsJob(const JsonValue& spec);
/// runLinearRunsJob's values for `runs` runs; false when they are malformed.
bool decodeLinearRuns(const std::vector<double>& values, int runs, std::vector<theory::DeepLinearEnd>& ends,
                      double& seconds);

/// The four kinds computed by a JobRunner's workers; in place (the computer's own advanceFor,
/// the linear runs and the ReLU rows in turn) when there is no runner or it has no workers. A
/// job that fails is computed in place, at once.
class KindsJobs : public ExperimentJobs {
public:
    /// nullptr and *error if the settings are out of range.
    static std::unique_ptr<KindsJobs> make(const theory::KindsSettings& s, JobRunner* runner, std::string* error);
    ~KindsJobs();
    KindsJobs(const KindsJobs&) = delete;
    KindsJobs& operator=(const KindsJobs&) = delete;

    bool advanceFor(double seconds) override;
    void finishHere() override;
    const theory::KindsComputer& computer() const { return *computer_; }
    bool done() const override { return computer_->done(); }
    double progress() const override { return computer_->progress(); }
    double seconds() const override { return computer_->seconds() + (relu_ ? relu_->seconds() : 0.0); }
    int workers() const override { return jobs_->workers(); }
    const std::string& lastError() const override;

private:
    KindsJobs(std::unique_ptr<theory::KindsComputer> c, JobRunner* runner);
    bool apply(size_t k, const JobOutput& output);  ///< chunk k of kind A from its job's output
    void here(size_t k);                            ///< chunk k of kind A computed here
    void supply(const std::vector<theory::DeepLinearEnd>& ends, double seconds);

    std::unique_ptr<theory::KindsComputer> computer_;
    std::vector<std::pair<int, int>> chunks_;  ///< kind A's runs [begin, end) per job
    std::unique_ptr<OrderedJobs> jobs_;        ///< kind A's chunks, in run order
    std::unique_ptr<SpuriousTableJobs> relu_;  ///< kinds B–D on the workers (filling the computer's table)
};

}  // namespace optiscape::jobs
