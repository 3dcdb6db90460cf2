// Lucchi's landscape kinds as jobs (job.h, core/theory/landscape_kinds.h): kind A's deep linear
// runs, a few per job (kind "linear-runs"), and kinds B–D's ReLU rows as the spurious table's own
// jobs (theory_jobs.h), computed wherever the JobRunner runs them (Web Workers in the page, a
// thread pool natively) and handed to the computer in run order, so every kind's final losses
// are the same to the last bit wherever the runs were made.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/theory/landscape_kinds.h"
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
class KindsJobs {
public:
    /// nullptr and *error if the settings are out of range.
    static std::unique_ptr<KindsJobs> make(const theory::KindsSettings& s, JobRunner* runner, std::string* error);
    ~KindsJobs();
    KindsJobs(const KindsJobs&) = delete;
    KindsJobs& operator=(const KindsJobs&) = delete;

    /// Takes the runs finished so far (in place: computes for about `seconds`); true once done.
    bool advanceFor(double seconds);
    /// Computes what is left here, at once (the jobs still out are cancelled).
    void finishHere();
    const theory::KindsComputer& computer() const { return *computer_; }
    bool done() const { return computer_->done(); }
    double progress() const { return computer_->progress(); }
    /// Compute time so far (on workers: summed over their jobs).
    double seconds() const { return computer_->seconds() + (relu_ ? relu_->seconds() : 0.0); }
    /// How many workers compute the runs (0: in place).
    int workers() const { return owner_ ? runner_->workers() : 0; }
    /// The last failed job's message, if any (its runs were then computed in place).
    const std::string& lastError() const;

private:
    KindsJobs(std::unique_ptr<theory::KindsComputer> c, JobRunner* runner);
    /// Runs [begin, end) of kind A here, timed.
    std::pair<std::vector<theory::DeepLinearEnd>, double> linearHere(int begin, int end) const;

    std::unique_ptr<theory::KindsComputer> computer_;
    std::unique_ptr<SpuriousTableJobs> relu_;  ///< kinds B–D on the workers (filling the computer's table)
    JobRunner* runner_ = nullptr;
    int owner_ = 0;                            ///< the runner's client id for kind A, 0 when in place
    std::vector<std::pair<int, int>> chunks_;  ///< kind A's runs [begin, end) per job
    std::map<int, size_t> tickets_;            ///< ticket → chunk in flight
    std::map<size_t, std::pair<std::vector<theory::DeepLinearEnd>, double>> early_;  ///< finished before an earlier one
    size_t next_ = 0;                          ///< the next chunk to hand to the computer
    std::string error_;
};

}  // namespace optiscape::jobs
