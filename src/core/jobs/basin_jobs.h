// The basin map as jobs (job.h): bands of rows computed wherever the JobRunner runs them, and
// labelled on the caller's side, in row order, exactly as BasinComputer labels them in place.
#pragma once

#include <map>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/basins.h"
#include "runner.h"

namespace optiscape::jobs {

/// The job text of rows [row0, row1) of the basin map of `l` under `r`.
std::string basinJobSpec(const Landscape& l, const BasinRequest& r, int row0, int row1);
/// The same for the landscape whose text (landscapeJson) is `landscape`: made once for every band.
std::string basinJobSpec(const std::string& landscape, const BasinRequest& r, int row0, int row1);
/// Runs a {"kind": "basins"} job. Its values, row after row: j, the event count n, then n times
/// (pixel, outcome, steps, w1, w2) — BasinEvent's fields.
JobOutput runBasinJob(const JsonValue& spec);
/// runBasinJob's values as rows of events; false when they are malformed.
bool decodeBasinRows(const std::vector<double>& values, std::vector<std::pair<int, std::vector<BasinEvent>>>& rows);

/// A basin map computed by a JobRunner's workers in bands of rows; in place, as BasinComputer
/// alone does, when there is no runner, it has no workers, or the landscape cannot be described
/// as text (jobs::describable). A band whose job fails is computed in place.
class BasinJobs {
public:
    BasinJobs(const Landscape& landscape, BasinRequest request, JobRunner* runner);
    ~BasinJobs();
    BasinJobs(const BasinJobs&) = delete;
    BasinJobs& operator=(const BasinJobs&) = delete;

    /// Takes the bands finished so far (in place: computes rows for about `budgetSeconds`);
    /// true once the whole map is done.
    bool advance(double budgetSeconds);
    const BasinComputer& computer() const { return computer_; }
    const BasinMap& result() const { return computer_.result(); }
    const BasinRequest& request() const { return computer_.request(); }
    double progress() const { return computer_.progress(); }
    bool done() const { return computer_.done(); }
    int rowsDone() const { return computer_.rowsDone(); }
    /// How many workers compute the bands (0: in place).
    int workers() const { return owner_ ? runner_->workers() : 0; }
    /// The last failed job's message, if any (its rows were then computed in place).
    const std::string& lastError() const { return error_; }

private:
    BasinComputer computer_;
    JobRunner* runner_ = nullptr;
    int owner_ = 0;                   ///< the runner's client id, 0 when in place
    std::map<int, std::pair<int, int>> bands_;  ///< ticket → rows [first, last) in flight
    std::vector<int> here_;           ///< rows of failed bands, computed in place (last first)
    std::string error_;
};

}  // namespace optiscape::jobs
