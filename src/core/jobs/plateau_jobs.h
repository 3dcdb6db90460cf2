// The tanh plateau's sweep as jobs (job.h, core/theory/plateau.h): each of its runs — one initial
// scale with one optimizer — computed wherever the JobRunner runs it (Web Workers in the page, a
// thread pool natively) by theory::plateauRun, and handed to the computer in job order, so the
// curves and plateau lengths are the same to the last bit wherever the runs were made.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/theory/plateau.h"
#include "ordered_jobs.h"
#include "runner.h"

namespace optiscape::jobs {

/// The job text of run `job` (scale job / 3, optimizer job % 3) of the sweep `s`.
std::string plateauJobSpec(const theory::PlateauSettings& s, int job);
/// Runs a {"kind": "plateau"} job. Its values: scale, optimizer, length, start loss, final loss,
/// start gradient, smallest plateau gradient, steps, diverged, jumps, the compute seconds, the
/// curve's point count m, then m times (step, loss, gradient norm).
JobOutput runPlateauJob(const JsonValue& spec);
/// runPlateauJob's values as a run and its seconds; false when they are malformed.
bool decodePlateauRun(const std::vector<double>& values, theory::PlateauRun& run, double& seconds);

/// The sweep computed by a JobRunner's workers, a run per job; in place (the computer's own
/// advanceFor, which shows the run being computed) when there is no runner or it has no workers.
/// A run whose job fails is computed in place, at once.
class PlateauJobs : public ExperimentJobs {
public:
    /// nullptr and *error if the settings are out of range.
    static std::unique_ptr<PlateauJobs> make(const theory::PlateauSettings& s, JobRunner* runner, std::string* error);
    ~PlateauJobs();
    PlateauJobs(const PlateauJobs&) = delete;
    PlateauJobs& operator=(const PlateauJobs&) = delete;

    bool advanceFor(double seconds) override;
    void finishHere() override;
    const theory::PlateauComputer& computer() const { return *computer_; }
    bool done() const override { return computer_->done(); }
    double progress() const override { return computer_->progress(); }
    double seconds() const override { return computer_->seconds(); }
    const theory::PlateauSettings& settings() const { return computer_->settings(); }
    int workers() const override { return jobs_->workers(); }
    const std::string& lastError() const override { return jobs_->lastError(); }

private:
    PlateauJobs(std::unique_ptr<theory::PlateauComputer> c, JobRunner* runner);
    bool apply(size_t job, const JobOutput& output);  ///< a run from its job's output
    void here(size_t job);                            ///< a run computed here
    std::unique_ptr<theory::PlateauComputer> computer_;
    std::unique_ptr<OrderedJobs> jobs_;  ///< the runs, job after job
};

}  // namespace optiscape::jobs
