// The fair comparison's cells as jobs (job.h, core/sweep.h): bands of runs computed wherever the
// JobRunner runs them — Web Workers in the page, a thread pool natively — each by sweepCell, as
// in place, so the sweep is the same to the last bit wherever its runs were made. A job carries
// the landscape as text (a network slice: its model, data and plane) and the run's settings.
#pragma once

#include <string>

#include "core/sweep.h"
#include "band_jobs.h"

namespace optiscape::jobs {

/// The job text of cells [first, last) of sweep `r` on the landscape whose text (landscapeJson)
/// is `landscape`.
std::string sweepJobSpec(const std::string& landscape, const SweepRequest& r, int first, int last);
/// Runs a {"kind": "sweep"} job. Its values: the final loss of each of its cells (NaN: diverged).
JobOutput runSweepJob(const JsonValue& spec);

/// A sweep computed by a JobRunner's workers in bands of cells; in place, a few runs per call,
/// when there is no runner, it has no workers or the landscape cannot be described as text.
class SweepJobs {
public:
    SweepJobs(const Landscape& l, const SweepRequest& r, JobRunner* runner);

    /// Takes the bands finished so far, then runs cells of `l` (the landscape it was made for)
    /// in place for about `budgetSeconds`; true once every cell is done.
    bool advance(const Landscape& l, double budgetSeconds);
    bool complete() const { return bands_.complete(); }
    double progress() const { return bands_.progress(); }
    const SweepRequest& request() const { return r_; }
    /// Whether cell k (k = j·cols + i) is done; its final loss, NaN if the run diverged.
    bool done(int k) const { return bands_.done(static_cast<size_t>(k)); }
    double cell(int k) const { return bands_.plane(0)[k]; }
    int workers() const { return bands_.workers(); }
    const std::string& lastError() const { return bands_.lastError(); }

private:
    SweepRequest r_;
    std::string text_;  ///< the landscape as text, when workers compute it
    BandJobs bands_;
};

}  // namespace optiscape::jobs
