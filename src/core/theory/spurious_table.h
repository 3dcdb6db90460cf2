// Safran & Shamir's table computed progressively: many rows (k, n), each of many runs of the
// teacher problem (core/theory/relu_teacher.h), spread over frames. A chunk — runs [begin, end) of
// one row — is a pure function of the settings, so it may equally run in a Web Worker; the page's
// own computer also cuts a long run into steps (TeacherDescent) and gets the same numbers.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/theory/relu_teacher.h"

namespace optiscape::theory {

/// One row of the table: a teacher of k units, a student of n units.
struct TeacherShape {
    int k = 6, n = 6;
};

/// The lecture's numbers for a row (Yarotsky's slides, Safran & Shamir's Tables 1 and 2): the
/// percentage of runs that ended in a spurious local minimum, and over those minima the average
/// smallest Hessian eigenvalue and objective. Their objective has a factor ½ that ours lacks, so
/// their eigenvalues and objectives are half of ours.
struct LectureRow {
    int k = 0, n = 0;
    double percent = 0, minEigenvalue = 0, objective = 0;
};
/// k = n = 6 … 20, then (k, k + 1) for k = 8, 10 … 19 as the lecture lists them; nullptr if absent.
const LectureRow* lectureRow(int k, int n);
const std::vector<LectureRow>& lectureTable();

struct SpuriousTableSettings {
    std::vector<TeacherShape> rows{{6, 6}, {7, 7}, {8, 8}, {9, 9}, {10, 10}, {11, 11}, {12, 12}, {8, 9}, {10, 11}};
    int runs = 200;            ///< runs per row, 1 … 100000
    std::uint64_t seed = 1;    ///< run r of a row starts from xavierStart(k, n, seed, r)
    int roundRuns = 10;        ///< the computer fills the rows round-robin, this many runs of each per round
    SpuriousSettings optimizer;
};

/// The chunk a worker computes: runs [begin, end) of row `row`, each optimizeTeacher from its
/// Xavier start. Pure: the same settings give the same numbers anywhere.
std::vector<RunEnd> spuriousChunk(const SpuriousTableSettings& s, int row, int begin, int end);

/// A piece of the table's order: runs [begin, end) of row `row`, one row's share of a round.
struct SpuriousChunk {
    int row = 0, begin = 0, end = 0;
};
/// The table's chunks in the order SpuriousTableComputer::advanceFor computes their runs (rounds
/// of roundRuns runs of every row in turn; the last round may be short).
std::vector<SpuriousChunk> spuriousChunks(const SpuriousTableSettings& s);

/// What a row has so far.
struct SpuriousRowTally {
    int k = 0, n = 0;
    int done = 0, global = 0, spurious = 0, notConverged = 0;
    double sumMinEigenvalue = 0, sumObjective = 0;  ///< over the spurious minima
    std::vector<double> objectives;                 ///< every finished run's final F, in run order
    std::vector<EndPoint> types;                    ///< and how it ended
    double seconds = 0;                             ///< compute time spent on this row
    /// The page's computer keeps the end points of the spurious minima (in run order) for their
    /// slices (core/theory/teacher_slice.h); the pure chunks do not.
    std::vector<MatX> spuriousPoints;
    double fraction() const { return done > 0 ? double(spurious) / done : 0.0; }
    /// The binomial standard error √(f(1 − f)/runs) of fraction().
    double stderrFraction() const;
    double meanMinEigenvalue() const { return spurious > 0 ? sumMinEigenvalue / spurious : 0.0; }
    double meanObjective() const { return spurious > 0 ? sumObjective / spurious : 0.0; }
    /// Adds one finished run.
    void add(const RunEnd& e);
};

/// The table computed a slice at a time (as BasinComputer computes a basin map): rounds of
/// roundRuns runs of every row in turn, so every row fills from the start.
class SpuriousTableComputer {
public:
    explicit SpuriousTableComputer(SpuriousTableSettings settings);
    /// Takes about `seconds` of work (at least one optimizer step); true once every run is done.
    bool advanceFor(double seconds);
    bool done() const { return finished_ >= total_; }
    /// Runs done / runs, in [0, 1].
    double progress() const { return total_ > 0 ? double(finished_) / total_ : 1.0; }
    int runsDone() const { return finished_; }
    int runsTotal() const { return total_; }
    double seconds() const { return seconds_; }
    const std::vector<SpuriousRowTally>& rows() const { return rows_; }
    const SpuriousTableSettings& settings() const { return s_; }
    /// Adds a run of row `row` computed elsewhere (jobs::SpuriousTableJobs), `seconds` of compute:
    /// given the runs of spuriousChunks() in their order, the rows are advanceFor's to the bit. A
    /// computer takes either these or advanceFor's own. `point`: a spurious minimum's end point.
    void supply(int row, const RunEnd& e, const MatX* point, double seconds);

private:
    /// The (row, run) of the next run to start in the round-robin order, or false at the end.
    bool nextJob(int* row, int* run);

    SpuriousTableSettings s_;
    std::vector<SpuriousRowTally> rows_;
    std::unique_ptr<TeacherDescent> current_;
    int currentRow_ = -1, currentRun_ = -1;
    long order_ = 0;       ///< index of the next job in the round-robin order
    int finished_ = 0, total_ = 0;
    double seconds_ = 0;
};

}  // namespace optiscape::theory
