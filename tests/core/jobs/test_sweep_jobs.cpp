// Tests for src/core/sweep.cpp and src/core/jobs/sweep_jobs.cpp: the fair comparison's grid
// (γ log-spaced, the second setting evenly spaced, each cell a run from the same start), its cells
// computed as job texts handed back in any order equal to the cells computed in place to the last
// bit — on a preset, a formula and a network slice — and bad job texts give messages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "core/formula/formula.h"
#include "core/jobs/sweep_jobs.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;

namespace {

SweepRequest heavyBall() {
    RunConfig c;
    c.optimizer = OptimizerKind::Momentum;
    c.hyper = defaultsFor(c.optimizer);
    c.hyper.lr = 1e-3;
    c.start = Vec2(-1.2, 1.0);
    SweepRequest r = sweepFor(c);
    r.n = 7;
    r.steps = 150;
    return r;
}

std::vector<double> cells(SweepJobs& s, const Landscape& l) {
    for (int guard = 0; guard < 100000 && !s.advance(l, 0.0); ++guard) {
    }
    REQUIRE(s.complete());
    std::vector<double> out;
    for (int k = 0; k < s.request().cells(); ++k) out.push_back(s.cell(k));
    return out;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("sweep: γ from lr/100 to 30·lr on a log scale, the second setting evenly, each cell a run") {
    const SweepRequest r = heavyBall();
    CHECK(r.second == "momentum");
    CHECK(r.cols() == 7);
    CHECK(r.rows() == 7);
    CHECK(r.lr(0) == doctest::Approx(1e-5));
    CHECK(r.lr(6) == doctest::Approx(3e-2));
    CHECK(r.lr(3) == doctest::Approx(std::sqrt(1e-5 * 3e-2)));
    CHECK(r.secondValue(0) == 0.0);
    CHECK(r.secondValue(6) == doctest::Approx(0.99));
    const RunConfig c = r.cell(2, 5);
    CHECK(c.hyper.lr == r.lr(2));
    CHECK(c.hyper.momentum == r.secondValue(5));
    CHECK(c.start == r.base.start);
    // a cell is the loss after `steps` steps of that run
    const auto l = makeAnyPreset("rosenbrock");
    Run run(c);
    run.reset(*l);
    run.advance(*l, r.steps);
    CHECK(sweepCell(*l, r, 5 * 7 + 2) == run.current().loss);
    // a step too large diverges: NaN
    SweepRequest far = r;
    far.lrLo = far.lrHi = 5.0;
    CHECK(std::isnan(sweepCell(*l, far, 0)));
    // Adam sweeps β₁; plain GD has a single row of γ
    RunConfig adam;
    adam.optimizer = OptimizerKind::Adam;
    adam.hyper = defaultsFor(adam.optimizer);
    CHECK(sweepFor(adam).second == "beta1");
    RunConfig gd;
    CHECK(sweepFor(gd).second.empty());
    CHECK(sweepFor(gd).rows() == 1);
}

TEST_CASE("sweep jobs: cells on workers are the cells in place, to the last bit") {
    FormulaError fe;
    const auto formula = makeFormulaLandscape("(1 - w1)^2 + 100*(w2 - w1^2)^2", &fe);
    REQUIRE(formula);
    nets::NetSpec ns;
    ns.data.name = "two-moons";
    ns.data.n = 30;
    ns.arch = {2, 4, 1};
    std::string err;
    const auto p = nets::prepare(ns, nullptr, &err);
    REQUIRE_MESSAGE(p, err);
    const nets::SliceLandscape slice(p->model, p->problem.train, nets::initialParameters(p->model, {}, 1),
                                     nets::initialParameters(p->model, {}, 2), nets::initialParameters(p->model, {}, 3),
                                     "test");
    const auto preset = makeAnyPreset("rosenbrock");
    for (const Landscape* l : {static_cast<const Landscape*>(preset.get()), static_cast<const Landscape*>(formula.get()),
                               static_cast<const Landscape*>(&slice)}) {
        CAPTURE(l->name());
        SweepRequest r = heavyBall();
        if (l == &slice) r.n = 3, r.steps = 20, r.base.start = Vec2(0.2, -0.1);
        SweepJobs here(*l, r, nullptr);
        CHECK(here.workers() == 0);
        const std::vector<double> expected = cells(here, *l);
        testing::ShuffledRunner runner;
        SweepJobs there(*l, r, &runner);
        CHECK(there.workers() == 2);
        CHECK_FALSE(there.done(0));
        const std::vector<double> got = cells(there, *l);
        CHECK(there.lastError().empty());
        CHECK(sameBits(got, expected));
        CHECK(there.done(r.cells() - 1));
    }
}

TEST_CASE("sweep jobs: bad job texts give messages") {
    const auto l = makeAnyPreset("rosenbrock");
    const SweepRequest r = heavyBall();
    const std::string good = sweepJobSpec(landscapeJson(*l), r, 7, 14);
    const JobOutput ok = runJob(good);
    CHECK(ok.error.empty());
    REQUIRE(ok.values.size() == 7);
    CHECK(ok.values[3] == sweepCell(*l, r, 10));
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const size_t at = t.find(from);
        REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    CHECK(runJob(replaced("\"cells\": [7, 14]", "\"cells\": [40, 50]")).error == "sweep: \"cells\" outside the sweep");
    CHECK(runJob(replaced("\"optimizer\": \"momentum\"", "\"optimizer\": \"lion\"")).error == "sweep: unknown \"optimizer\"");
    CHECK(runJob(replaced("\"second\": \"momentum\"", "\"second\": \"gamma\"")).error ==
          "sweep: unknown \"second\" setting \"gamma\"");
    CHECK(runJob(replaced("\"steps\": 150", "\"steps\": -1")).error.find("sweep: \"start\"") == 0);
    CHECK(runJob(replaced("\"schedule\": \"", "\"schedule\": \"warp")).error.find("sweep: \"schedule\": ") == 0);
    CHECK(runJob(replaced("\"noise\": 0", "\"noise\": -3")).error.find("sweep: noise") == 0);
    CHECK(runJob(replaced("\"rosenbrock\"", "\"nowhere\"")).error == "sweep: landscape: unknown \"nowhere\"");
}
