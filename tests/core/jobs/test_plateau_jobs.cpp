// Tests for src/core/jobs/plateau_jobs.cpp: the tanh plateau's sweep computed as job texts —
// runs handed back in any order, a failed run computed in place, what is left finished here — is
// the sweep the computer makes in place, to the last bit; bad job texts give messages.
#include <doctest/doctest.h>

#include "core/jobs/plateau_jobs.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;
using namespace optiscape::theory;

namespace {

PlateauSettings small() {
    PlateauSettings s;
    s.scales = {1e-3, 1e-2, 0.1};
    s.maxSteps = 300;
    return s;
}

void checkSame(const PlateauComputer& a, const PlateauComputer& b) {
    REQUIRE(a.runs().size() == b.runs().size());
    for (size_t k = 0; k < a.runs().size(); ++k) {
        CAPTURE(k);
        const PlateauRun &x = a.runs()[k], &y = b.runs()[k];
        CHECK(x.scale == y.scale);
        CHECK(x.optimizer == y.optimizer);
        CHECK(x.length == y.length);
        CHECK(x.startLoss == y.startLoss);
        CHECK(x.finalLoss == y.finalLoss);
        CHECK(x.startGrad == y.startGrad);
        CHECK(x.plateauMinGrad == y.plateauMinGrad);
        CHECK(x.steps == y.steps);
        CHECK(x.diverged == y.diverged);
        CHECK(x.jumps == y.jumps);
        CHECK(x.curveSteps == y.curveSteps);
        CHECK(x.curveLoss == y.curveLoss);
        CHECK(x.curveGrad == y.curveGrad);
    }
}

}  // namespace

TEST_CASE("plateau jobs: the sweep on workers is the sweep in place, to the last bit") {
    const PlateauSettings s = small();
    std::string error;
    auto here = PlateauJobs::make(s, nullptr, &error);
    REQUIRE(here);
    CHECK(here->workers() == 0);
    while (!here->advanceFor(0.01)) {
    }
    testing::ShuffledRunner runner;
    auto there = PlateauJobs::make(s, &runner, &error);
    REQUIRE(there);
    CHECK(there->workers() == 2);
    CHECK(there->computer().running() == nullptr);
    for (int guard = 0; guard < 1000 && !there->advanceFor(0.0); ++guard) {
    }
    REQUIRE(there->done());
    CHECK(there->lastError().empty());
    CHECK(there->progress() == 1.0);
    CHECK(there->seconds() > 0.0);
    checkSame(there->computer(), here->computer());
    // the lengths order as the lecture says: smaller starts sit longer on the plateau
    const PlateauRun* a = there->computer().find(0, PlateauOptimizer::GD);
    const PlateauRun* b = there->computer().find(2, PlateauOptimizer::GD);
    REQUIRE(a);
    REQUIRE(b);
    CHECK((a->length < 0 || a->length > b->length));

    // half the runs back from the workers, the rest finished here: the same again
    testing::ShuffledRunner slow;
    auto part = PlateauJobs::make(s, &slow, &error);
    part->advanceFor(0.0);  // three runs back, out of order
    part->finishHere();
    CHECK(part->done());
    checkSame(part->computer(), here->computer());
}

TEST_CASE("plateau jobs: a failed run is computed in place; bad job texts give messages") {
    const PlateauSettings s = small();
    struct Breaking : testing::ShuffledRunner {
        int submit(int owner, std::string spec) override {
            spec.replace(spec.find("\"lr\": "), 6, "\"lr\": -");  // a learning rate out of range
            return ShuffledRunner::submit(owner, std::move(spec));
        }
    } runner;
    std::string error;
    auto broken = PlateauJobs::make(s, &runner, &error);
    REQUIRE(broken);
    for (int guard = 0; guard < 1000 && !broken->advanceFor(0.0); ++guard) {
    }
    REQUIRE(broken->done());
    CHECK(broken->lastError().find("plateau: ") == 0);
    auto here = PlateauJobs::make(s, nullptr, &error);
    here->finishHere();
    checkSame(broken->computer(), here->computer());

    const std::string good = plateauJobSpec(s, 4);
    const JobOutput ok = runJob(good);
    REQUIRE(ok.error.empty());
    PlateauRun r;
    double secs = 0;
    REQUIRE(decodePlateauRun(ok.values, r, secs));
    CHECK(r.scale == 1e-2);
    CHECK(r.optimizer == PlateauOptimizer::Momentum);
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const size_t at = t.find(from);
        REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    CHECK(runJob(replaced("\"job\": 4", "\"job\": 9")).error == "plateau: \"job\" outside the sweep");
    CHECK(runJob(replaced("\"hidden\": 8", "\"hidden\": 8.5")).error == "plateau: \"hidden\" missing or not a number");
    CHECK(runJob(replaced("\"scales\": [", "\"scales\": [\"a\", ")).error.find("plateau: \"scales\"") == 0);
    CHECK(runJob(replaced("\"maxSteps\": 300", "\"maxSteps\": 3")).error.find("plateau: ") == 0);
    std::vector<double> cut = ok.values;
    cut.pop_back();
    CHECK_FALSE(decodePlateauRun(cut, r, secs));
    std::vector<double> badOptimizer = ok.values;
    badOptimizer[1] = 7;
    CHECK_FALSE(decodePlateauRun(badOptimizer, r, secs));
}
