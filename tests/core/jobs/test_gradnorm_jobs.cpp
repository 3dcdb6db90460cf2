// Tests for src/core/jobs/gradnorm_jobs.cpp: Theorem 9's two sweeps (the linear net's, the tanh and
// ReLU nets') computed as job texts — parts handed back in any order, a failed part computed in
// place, what is left finished here — are the sweeps the computers make in place, to the last
// bit; bad job texts give messages.
#include <doctest/doctest.h>

#include "core/jobs/gradnorm_jobs.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;
using namespace optiscape::theory;

namespace {

GradSweepSettings smallLinear() {
    GradSweepSettings s;
    s.width = 3;
    s.sigmaSqrtD = 1.3;
    s.maxDepth = 6;
    s.samples = 47;  // a short last round
    s.roundSamples = 10;
    s.seed = 5;
    return s;
}

NetGradSettings smallNets() {
    NetGradSettings s;
    s.width = 4;
    s.maxDepth = 5;
    s.samples = 12;
    s.roundSamples = 5;
    s.seed = 5;
    return s;
}

void sameSums(const MomentSums& a, const MomentSums& b) {
    CHECK(a.count == b.count);
    CHECK(a.sum == b.sum);
    CHECK(a.sumSq == b.sumSq);
    CHECK(a.overflow == b.overflow);
}

/// Every depth's and layer's sums equal, and both done.
void checkSame(const GradNormJobs& a, const GradNormJobs& b) {
    REQUIRE(a.done());
    REQUIRE(b.done());
    const GradSweepSettings& ls = a.linear().settings();
    for (int L = 1; L <= ls.maxDepth; ++L)
        for (int k = 0; k < L; ++k) {
            CAPTURE(L);
            CAPTURE(k);
            sameSums(a.linear().layers(L)[static_cast<size_t>(k)], b.linear().layers(L)[static_cast<size_t>(k)]);
        }
    for (int m = 0; m < static_cast<int>(netGradModels().size()); ++m)
        for (int L = 1; L <= a.nets().settings().maxDepth; ++L) {
            CAPTURE(m);
            CAPTURE(L);
            sameSums(a.nets().sums(m, L), b.nets().sums(m, L));
        }
}

}  // namespace

TEST_CASE("gradnorm jobs: both sweeps on workers are the sweeps in place, to the last bit") {
    GradNormJobs here(smallLinear(), smallNets(), nullptr);
    CHECK(here.workers() == 0);
    while (!here.advanceFor(0.001)) {
    }
    CHECK(here.linear().layers(6)[0].count == 47);
    CHECK(here.nets().sums(5, 5).count == 12);

    testing::ShuffledRunner runner;
    GradNormJobs there(smallLinear(), smallNets(), &runner);
    CHECK(there.workers() == 2);
    CHECK(there.progress() == 0.0);
    for (int guard = 0; guard < 1000 && !there.advanceFor(0.0); ++guard) {
    }
    CHECK(there.lastError().empty());
    CHECK(there.progress() == 1.0);
    CHECK(there.seconds() > 0.0);
    checkSame(there, here);

    // a few parts back from the workers, the rest finished here: the same again
    testing::ShuffledRunner slow;
    GradNormJobs part(smallLinear(), smallNets(), &slow);
    part.advanceFor(0.0);
    part.finishHere();
    checkSame(part, here);
    GradNormJobs atOnce(smallLinear(), smallNets(), nullptr);
    atOnce.finishHere();
    checkSame(atOnce, here);
}

TEST_CASE("gradnorm jobs: a failed part is computed in place; bad job texts give messages") {
    struct Breaking : testing::ShuffledRunner {
        int submit(int owner, std::string spec) override {
            if (spec.find("\"model\": 3") != std::string::npos)  // one model's parts name a model that does not exist
                spec.replace(spec.find("\"model\": 3"), 10, "\"model\": 9");
            return ShuffledRunner::submit(owner, std::move(spec));
        }
    } runner;
    GradNormJobs broken(smallLinear(), smallNets(), &runner);
    for (int guard = 0; guard < 1000 && !broken.advanceFor(0.0); ++guard) {
    }
    CHECK(broken.lastError() == "gradnorm: \"model\" is not one of the measured models");
    GradNormJobs here(smallLinear(), smallNets(), nullptr);
    here.finishHere();
    checkSame(broken, here);

    const std::string linear = gradNormJobSpec(smallLinear(), smallNets(), {false, 4, 0});
    const JobOutput ok = runJob(linear);
    REQUIRE(ok.error.empty());
    CHECK(ok.values.size() == 21 * 4 + 1);  // 1 + 2 + … + 6 layers' sums, and the seconds
    CHECK(ok.values[0] == 7);               // the last round: samples 40 … 46
    const std::string nets = gradNormJobSpec(smallLinear(), smallNets(), {true, 2, 5});
    const JobOutput okNets = runJob(nets);
    REQUIRE(okNets.error.empty());
    CHECK(okNets.values.size() == 5 * 4 + 1);
    CHECK(okNets.values[0] == 2);  // samples 10, 11
    // the job's sums are the chunk functions' own
    const MomentSums direct = netGradChunk(smallNets(), 5, 3, 10, 12);
    CHECK(okNets.values[8] == static_cast<double>(direct.count));
    CHECK(okNets.values[9] == direct.sum);
    CHECK(okNets.values[10] == direct.sumSq);

    auto replaced = [](std::string t, const std::string& from, const std::string& to) {
        const size_t at = t.find(from);
        REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    CHECK(runJob(replaced(linear, "\"round\": 4", "\"round\": 5")).error == "gradnorm: \"round\" outside the sweep");
    CHECK(runJob(replaced(linear, "\"net\": \"linear\"", "\"net\": \"deep\"")).error ==
          "gradnorm: \"net\" is not \"linear\" or \"nets\"");
    CHECK(runJob(replaced(linear, "\"width\": 3", "\"width\": 65")).error.find("gradnorm: \"width\"") == 0);
    CHECK(runJob(replaced(linear, "\"sigmaSqrtD\": 1.3", "\"sigmaSqrtD\": 0")).error.find("gradnorm: \"sigmaSqrtD\"") == 0);
    CHECK(runJob(replaced(nets, "\"seed\": 5", "\"seed\": -1")).error.find("gradnorm: ") == 0);
}
