// Safran & Shamir's table as jobs (job.h): chunks of runs computed wherever the JobRunner runs
// them — Web Workers in the page, a thread pool natively — and tallied on the caller's side in the
// order the table computes them in place (theory::spuriousChunks), so the table, its histogram
// and its spurious minima are the same to the last bit wherever the runs were made.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/theory/spurious_table.h"
#include "ordered_jobs.h"
#include "runner.h"

namespace optiscape::jobs {

/// The job text of chunk `c` of the table `s`.
std::string spuriousJobSpec(const theory::SpuriousTableSettings& s, const theory::SpuriousChunk& c);

/// A chunk's runs: how each ended, the end points of the spurious minima (in run order), and the
/// compute time.
struct SpuriousChunkResult {
    std::vector<theory::RunEnd> ends;
    std::vector<MatX> spuriousPoints;
    double seconds = 0;
};
/// Computes chunk `c` here (what a job does).
SpuriousChunkResult computeSpuriousChunk(const theory::SpuriousTableSettings& s, const theory::SpuriousChunk& c);

/// Runs a {"kind": "spurious"} job. Its values, run after run: the end type (0 global, 1 spurious,
/// 2 not converged), F, ‖∇F‖, λmin, min ‖wᵢ‖, GD steps, Newton steps, then for a spurious minimum
/// its k·n weights column by column; last, the chunk's compute seconds.
JobOutput runSpuriousJob(const JsonValue& spec);
/// runSpuriousJob's values for `runs` runs of a k × n row; false when they are malformed.
bool decodeSpuriousRuns(const std::vector<double>& values, int k, int n, int runs, SpuriousChunkResult& out);

/// The table computed by a JobRunner's workers, a chunk per job; in place (the computer's own
/// advanceFor) when there is no runner or it has no workers. A chunk whose job fails is computed
/// in place, at once. Reads like the computer it wraps.
class SpuriousTableJobs : public ExperimentJobs {
public:
    SpuriousTableJobs(theory::SpuriousTableSettings settings, JobRunner* runner);
    /// Fills `table` (the caller's, which outlives this) instead of a table of its own: kinds B–D
    /// of the landscape kinds are such a table inside theory::KindsComputer.
    SpuriousTableJobs(theory::SpuriousTableComputer& table, JobRunner* runner);
    ~SpuriousTableJobs();
    SpuriousTableJobs(const SpuriousTableJobs&) = delete;
    SpuriousTableJobs& operator=(const SpuriousTableJobs&) = delete;

    bool advanceFor(double seconds) override;
    /// A caller that must have the whole table now, without waiting for messages from workers.
    void finishHere() override;
    const theory::SpuriousTableComputer& computer() const { return *computer_; }
    bool done() const override { return computer_->done(); }
    double progress() const override { return computer_->progress(); }
    int runsDone() const { return computer_->runsDone(); }
    int runsTotal() const { return computer_->runsTotal(); }
    double seconds() const override { return computer_->seconds(); }
    const std::vector<theory::SpuriousRowTally>& rows() const { return computer_->rows(); }
    const theory::SpuriousTableSettings& settings() const { return computer_->settings(); }
    int workers() const override { return jobs_->workers(); }
    const std::string& lastError() const override { return jobs_->lastError(); }

private:
    void start(JobRunner* runner);
    void supply(size_t index, const SpuriousChunkResult& r);
    bool apply(size_t index, const JobOutput& output);  ///< a chunk from its job's output
    void here(size_t index);                            ///< a chunk computed here

    std::unique_ptr<theory::SpuriousTableComputer> own_;  ///< the table, unless the caller's
    theory::SpuriousTableComputer* computer_;
    std::vector<theory::SpuriousChunk> chunks_;
    std::unique_ptr<OrderedJobs> jobs_;  ///< the chunks, tallied in the table's own order
};

}  // namespace optiscape::jobs
