// Tests for src/core/jobs/kinds_jobs.cpp: Lucchi's landscape kinds computed as job texts — kind
// A's linear runs and kinds B–D's ReLU rows handed back in any order, a failed job computed in
// place, what is left finished here — are the kinds the computer makes in place, to the last
// bit; bad job texts give messages.
#include <doctest/doctest.h>

#include "core/jobs/kinds_jobs.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;
using namespace optiscape::theory;

namespace {

KindsSettings small() {
    KindsSettings s;
    s.k = 4;
    s.runs = 12;  // three linear jobs: 5, 5 and 2 runs
    s.seed = 3;
    return s;
}

void checkSame(const KindsComputer& a, const KindsComputer& b) {
    REQUIRE(a.done());
    REQUIRE(b.done());
    REQUIRE(a.linearEnds().size() == b.linearEnds().size());
    for (size_t r = 0; r < a.linearEnds().size(); ++r) {
        CAPTURE(r);
        CHECK(a.linearEnds()[r].loss == b.linearEnds()[r].loss);
        CHECK(a.linearEnds()[r].gradNorm == b.linearEnds()[r].gradNorm);
        CHECK(a.linearEnds()[r].steps == b.linearEnds()[r].steps);
        CHECK(a.linearEnds()[r].converged == b.linearEnds()[r].converged);
    }
    const auto &x = a.relu().rows(), &y = b.relu().rows();
    REQUIRE(x.size() == y.size());
    for (size_t i = 0; i < x.size(); ++i) {
        CAPTURE(i);
        CHECK(x[i].done == y[i].done);
        CHECK(x[i].global == y[i].global);
        CHECK(x[i].spurious == y[i].spurious);
        CHECK(x[i].notConverged == y[i].notConverged);
        CHECK(x[i].objectives == y[i].objectives);
    }
}

}  // namespace

TEST_CASE("kinds jobs: the four kinds on workers are the kinds in place, to the last bit") {
    std::string error;
    auto here = KindsJobs::make(small(), nullptr, &error);
    REQUIRE_MESSAGE(here, error);
    CHECK(here->workers() == 0);
    while (!here->advanceFor(0.002)) {
    }
    CHECK(here->computer().linearEnds().size() == 12);

    testing::ShuffledRunner runner;
    auto there = KindsJobs::make(small(), &runner, &error);
    REQUIRE(there);
    CHECK(there->workers() == 2);
    for (int guard = 0; guard < 1000 && !there->advanceFor(0.0); ++guard) {
    }
    CHECK(there->lastError().empty());
    CHECK(there->progress() == 1.0);
    CHECK(there->seconds() > 0.0);
    checkSame(there->computer(), here->computer());
    for (const DeepLinearEnd& e : there->computer().linearEnds())  // kind A: every minimum is the global one
        if (e.converged) CHECK(e.loss == doctest::Approx(there->computer().linearOptimum()).epsilon(1e-9));

    // a few jobs back from the workers, the rest finished here: the same again
    testing::ShuffledRunner slow;
    auto part = KindsJobs::make(small(), &slow, &error);
    part->advanceFor(0.0);
    part->finishHere();
    checkSame(part->computer(), here->computer());
    auto atOnce = KindsJobs::make(small(), nullptr, &error);
    atOnce->finishHere();
    checkSame(atOnce->computer(), here->computer());
}

TEST_CASE("kinds jobs: a failed job is computed in place; bad job texts give messages") {
    struct Breaking : testing::ShuffledRunner {
        int submit(int owner, std::string spec) override {
            if (spec.find("\"chunk\": [5") != std::string::npos)  // the second linear chunk names too many layers
                spec.replace(spec.find("\"layers\": 3"), 11, "\"layers\": 9");
            return ShuffledRunner::submit(owner, std::move(spec));
        }
    } runner;
    std::string error;
    auto broken = KindsJobs::make(small(), &runner, &error);
    REQUIRE(broken);
    for (int guard = 0; guard < 1000 && !broken->advanceFor(0.0); ++guard) {
    }
    CHECK(broken->lastError().find("linear-runs: \"layers\"") == 0);
    auto here = KindsJobs::make(small(), nullptr, &error);
    here->finishHere();
    checkSame(broken->computer(), here->computer());

    const std::string good = linearRunsJobSpec(here->computer().settings().linear, 2, 4);
    const JobOutput ok = runJob(good);
    REQUIRE(ok.error.empty());
    std::vector<DeepLinearEnd> ends;
    double secs = -1;
    REQUIRE(decodeLinearRuns(ok.values, 2, ends, secs));
    CHECK(secs >= 0);
    REQUIRE(ends.size() == 2);
    CHECK(ends[1].loss == here->computer().linearEnds()[3].loss);
    CHECK_FALSE(decodeLinearRuns(ok.values, 3, ends, secs));
    std::vector<double> bad = ok.values;
    bad[3] = 0.5;  // converged is 0 or 1
    CHECK_FALSE(decodeLinearRuns(bad, 2, ends, secs));
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const size_t at = t.find(from);
        REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    CHECK(runJob(replaced("\"chunk\": [2, 4]", "\"chunk\": [2, 13]")).error == "linear-runs: \"chunk\" is not [begin, end] within the runs");
    CHECK(runJob(replaced("\"data\": \"linear:", "\"data\": \"nonsense:")).error.find("linear-runs: ") == 0);
    CHECK(runJob(replaced("\"data\": ", "\"nodata\": ")).error == "linear-runs: no \"data\"");
}
