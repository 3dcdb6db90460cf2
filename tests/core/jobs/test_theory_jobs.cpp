// Tests for src/core/jobs/theory_jobs: Safran & Shamir's table computed as jobs — chunks as job
// texts, finished in any order — is the table the computer makes in place, to the last bit:
// tallies, histograms and the spurious minima's end points; bad job texts give messages.
#include <doctest/doctest.h>

#include "core/jobs/theory_jobs.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;
using namespace optiscape::theory;

namespace {

SpuriousTableSettings smallTable() {
    SpuriousTableSettings s;
    s.rows = {{4, 4}, {10, 10}, {4, 5}};
    s.runs = 7;
    s.roundRuns = 3;  // a short last round
    s.seed = 3;
    return s;
}

}  // namespace

TEST_CASE("spurious jobs: the chunks cover every run once, in the computer's round-robin order") {
    const SpuriousTableSettings s = smallTable();
    const std::vector<SpuriousChunk> chunks = spuriousChunks(s);
    REQUIRE(chunks.size() == 9);  // 3 rounds (3 + 3 + 1 runs) × 3 rows
    CHECK(chunks[0].row == 0);
    CHECK(chunks[1].row == 1);
    CHECK(chunks[3].begin == 3);
    CHECK(chunks[8].row == 2);
    CHECK(chunks[8].begin == 6);
    CHECK(chunks[8].end == 7);
    std::vector<int> runs(s.rows.size(), 0);
    for (const SpuriousChunk& c : chunks) {
        CHECK(c.begin == runs[static_cast<size_t>(c.row)]);  // each row's runs in order, none twice
        runs[static_cast<size_t>(c.row)] = c.end;
    }
    for (int r : runs) CHECK(r == s.runs);
}

TEST_CASE("spurious jobs: a table made by workers in any order is the table made in place, to the bit") {
    const SpuriousTableSettings s = smallTable();
    SpuriousTableComputer here(s);
    while (!here.advanceFor(1.0)) {
    }
    testing::ShuffledRunner runner;
    SpuriousTableJobs jobs(s, &runner);
    CHECK(jobs.workers() == 2);
    for (int guard = 0; guard < 1000 && !jobs.advanceFor(0.0); ++guard) {
    }
    REQUIRE(jobs.done());
    CHECK(jobs.lastError().empty());
    CHECK(jobs.runsDone() == here.runsDone());
    REQUIRE(jobs.rows().size() == here.rows().size());
    int spurious = 0;
    for (size_t i = 0; i < here.rows().size(); ++i) {
        const SpuriousRowTally &a = jobs.rows()[i], &b = here.rows()[i];
        CHECK(a.done == b.done);
        CHECK(a.global == b.global);
        CHECK(a.spurious == b.spurious);
        CHECK(a.notConverged == b.notConverged);
        CHECK(a.sumMinEigenvalue == b.sumMinEigenvalue);  // the same sums in the same order
        CHECK(a.sumObjective == b.sumObjective);
        CHECK(a.objectives == b.objectives);
        CHECK(a.types == b.types);
        REQUIRE(a.spuriousPoints.size() == b.spuriousPoints.size());
        for (size_t m = 0; m < a.spuriousPoints.size(); ++m) CHECK(a.spuriousPoints[m] == b.spuriousPoints[m]);
        spurious += a.spurious;
    }
    CHECK(spurious > 0);  // k = n = 10 traps about a third of its runs: the points travel too
    CHECK(jobs.seconds() > 0);
}

TEST_CASE("spurious jobs: without workers the table is computed in place") {
    const SpuriousTableSettings s = smallTable();
    InlineRunner inline_;
    SpuriousTableJobs jobs(s, &inline_);
    CHECK(jobs.workers() == 0);
    SpuriousTableJobs none(s, nullptr);
    CHECK(none.workers() == 0);
    CHECK_FALSE(none.advanceFor(0.0));  // a few steps, no more
    while (!none.advanceFor(0.0)) {
    }
    CHECK(none.runsDone() == none.runsTotal());
    none.finishHere();  // nothing left: no change
    CHECK(none.runsDone() == none.runsTotal());
}

TEST_CASE("spurious jobs: bad job texts give messages, a malformed output is refused") {
    CHECK(runJob(R"({"kind": "spurious", "n": 3, "seed": "1", "runs": [0, 1]})").error.find("\"k\"") != std::string::npos);
    CHECK(runJob(R"({"kind": "spurious", "k": 3, "n": 3, "seed": 1, "runs": [0, 1]})").error.find("seed") !=
          std::string::npos);
    CHECK(runJob(R"({"kind": "spurious", "k": 3, "n": 3, "seed": "1", "runs": [2, 1]})").error.find("runs") !=
          std::string::npos);
    CHECK(runJob(R"({"kind": "spurious", "k": 3, "n": 3, "seed": "1", "runs": [0, 1], "optimizer": {"gradTol": "x"}})")
              .error.find("gradTol") != std::string::npos);
    const SpuriousTableSettings s = smallTable();
    const JobOutput ok = runJob(spuriousJobSpec(s, {1, 0, 2}));
    REQUIRE(ok.error.empty());
    SpuriousChunkResult r;
    CHECK(decodeSpuriousRuns(ok.values, 10, 10, 2, r));
    CHECK(r.ends.size() == 2);
    std::vector<double> cut(ok.values.begin(), ok.values.end() - 2);
    CHECK_FALSE(decodeSpuriousRuns(cut, 10, 10, 2, r));
    CHECK_FALSE(decodeSpuriousRuns(ok.values, 10, 10, 3, r));
}

TEST_CASE("spurious jobs: finishing here what the workers have not done gives the same table") {
    SpuriousTableSettings s = smallTable();
    s.rows = {{4, 4}, {5, 5}};
    SpuriousTableComputer here(s);
    while (!here.advanceFor(1.0)) {
    }
    testing::ShuffledRunner runner;
    SpuriousTableJobs jobs(s, &runner);
    jobs.advanceFor(0.0);  // three chunks back, in a shuffled order
    jobs.finishHere();
    REQUIRE(jobs.done());
    CHECK(jobs.workers() == 0);
    for (size_t i = 0; i < here.rows().size(); ++i) {
        CHECK(jobs.rows()[i].objectives == here.rows()[i].objectives);
        CHECK(jobs.rows()[i].sumObjective == here.rows()[i].sumObjective);
    }
}
