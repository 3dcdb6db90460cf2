// The tanh plateau's sweep as jobs (job.h, core/theory/plateau.h): each of its runs — one initial
// scale with one optimizer — computed wherever the JobRunner runs it (Web Workers in the page, a
// thread pool natively) by theory::plateauRun, and handed to the computer in job order, so the
// curves and plateau lengths are the same to the last bit wherever the runs were made.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/theory/plateau.h"
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
class PlateauJobs {
public:
    /// nullptr and *error if the settings are out of range.
    static std::unique_ptr<PlateauJobs> make(const theory::PlateauSettings& s, JobRunner* runner, std::string* error);
    ~PlateauJobs();
    PlateauJobs(const PlateauJobs&) = delete;
    PlateauJobs& operator=(const PlateauJobs&) = delete;

    /// Takes the runs finished so far (in place: computes for about `seconds`); true once done.
    bool advanceFor(double seconds);
    /// Computes what is left here, at once (the jobs still out are cancelled).
    void finishHere();
    const theory::PlateauComputer& computer() const { return *computer_; }
    bool done() const { return computer_->done(); }
    double progress() const { return computer_->progress(); }
    double seconds() const { return computer_->seconds(); }
    const theory::PlateauSettings& settings() const { return computer_->settings(); }
    /// How many workers compute the runs (0: in place).
    int workers() const { return owner_ ? runner_->workers() : 0; }
    const std::string& lastError() const { return error_; }

private:
    PlateauJobs(std::unique_ptr<theory::PlateauComputer> c, JobRunner* runner);
    std::unique_ptr<theory::PlateauComputer> computer_;
    JobRunner* runner_ = nullptr;
    int owner_ = 0;                  ///< the runner's client id, 0 when in place
    std::map<int, int> tickets_;     ///< ticket → job in flight
    std::map<int, std::pair<theory::PlateauRun, double>> early_;  ///< runs finished before an earlier one
    int next_ = 0;                   ///< the next job to hand to the computer
    std::string error_;
};

}  // namespace optiscape::jobs
