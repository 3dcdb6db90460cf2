// Tests for src/core/jobs/grid_jobs.cpp and a network slice as job text: a slice written by
// writeLandscape is read back computing the same bits (describable); its grid computed as job
// texts — bands handed back in any order, a failed band computed in place — is the grid computed
// in place, to the last bit, with and without the Hessian's λmax, and its values are the
// network's own loss at the cells' weights; its basin map on a runner is the one computed in
// place; bad job texts give messages.
#include <doctest/doctest.h>

#include <cmath>

#include "core/jobs/basin_jobs.h"
#include "core/jobs/grid_jobs.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;

namespace {

struct Slice {
    nets::Prepared p;
    VecX theta0, d1, d2;
    nets::SliceLandscape landscape() const { return {p.model, p.problem.train, theta0, d1, d2, "test"}; }
};

Slice moons() {
    nets::NetSpec s;
    s.data.name = "two-moons";
    s.data.n = 40;
    s.arch = {2, 5, 4, 1};
    std::string err;
    auto p = nets::prepare(s, nullptr, &err);
    REQUIRE_MESSAGE(p, err);
    Slice sl{*p, nets::initialParameters(p->model, nets::InitSpec{}, 3), {}, {}};
    sl.d1 = nets::initialParameters(p->model, nets::InitSpec{}, 4);
    sl.d2 = nets::initialParameters(p->model, nets::InitSpec{}, 5);
    return sl;
}

GridJobs& finish(GridJobs& g, const Landscape& l) {
    for (int guard = 0; guard < 100000 && !g.advance(l, 0.0); ++guard) {
    }
    REQUIRE(g.complete());
    return g;
}

std::vector<double> values(const GridJobs& g) { return {g.values(), g.values() + g.size()}; }
std::vector<double> lmax(const GridJobs& g) {
    return g.lmax() ? std::vector<double>(g.lmax(), g.lmax() + g.size()) : std::vector<double>();
}

}  // namespace

TEST_CASE("grid jobs: a network slice as text is the same slice, and its grid on workers is the grid in place") {
    const Slice s = moons();
    const nets::SliceLandscape l = s.landscape();
    CHECK(l.costly());
    CHECK(describable(l, ViewBox{-1.5, 1.5, -0.75, 1.25}));
    std::string error;
    const auto v = parseJson(landscapeJson(l), &error);
    REQUIRE(v);
    const auto copy = readLandscape(*v, &error);
    REQUIRE_MESSAGE(copy, error);
    CHECK(copy->costly());
    CHECK(copy->value(Vec2(0.3, -0.2)) == l.value(Vec2(0.3, -0.2)));

    for (const bool hessian : {false, true}) {
        CAPTURE(hessian);
        const GridSpec g{-1.5, -0.75, 3.0, 2.0, 9, 7, hessian};
        GridJobs here(l, g, nullptr);  // no runner: in place
        CHECK(here.workers() == 0);
        finish(here, l);
        testing::ShuffledRunner runner;
        GridJobs there(l, g, &runner);
        CHECK(there.workers() == 2);
        CHECK(there.progress() == 0.0);
        finish(there, l);
        CHECK(there.lastError().empty());
        CHECK(values(there) == values(here));
        CHECK(lmax(there) == lmax(here));
        CHECK(lmax(there).size() == (hessian ? 63u : 0u));
        // each value is the network's loss at θ₀ + a·d₁ + b·d₂, a cell centre
        nets::Backprop bp(s.p.model);
        for (const auto [i, j] : {std::pair{0, 0}, std::pair{8, 6}, std::pair{4, 3}}) {
            const Vec2 w = g.at(i, j);
            CHECK(there.values()[static_cast<size_t>(j) * 9 + i] ==
                  bp.loss(s.theta0 + w[0] * s.d1 + w[1] * s.d2, s.p.problem.train));
        }
        if (hessian) {
            // λmax of the slice's 2 × 2 Hessian, against central differences of its gradient
            const Vec2 w = g.at(4, 3);
            const double e = 1e-5;
            Mat2 H;
            H.col(0) = (l.gradient(w + Vec2(e, 0)) - l.gradient(w - Vec2(e, 0))) / (2 * e);
            H.col(1) = (l.gradient(w + Vec2(0, e)) - l.gradient(w - Vec2(0, e))) / (2 * e);
            const Mat2 Hs = 0.5 * (H + H.transpose());
            const double tr = Hs.trace(), det = Hs(0, 0) * Hs(1, 1) - Hs(0, 1) * Hs(1, 0);
            const double top = tr / 2 + std::sqrt(tr * tr / 4 - det);
            CHECK(there.lmax()[3 * 9 + 4] == doctest::Approx(top).epsilon(1e-5));  // a float's precision
        }
    }
}

TEST_CASE("grid jobs: a slice's basin map on workers is the map computed in place") {
    const Slice s = moons();
    const nets::SliceLandscape l = s.landscape();
    BasinRequest r;
    r.optimizer = OptimizerKind::Momentum;
    r.hyper = defaultsFor(r.optimizer);
    r.hyper.lr = 0.05;
    r.box = {-1, 1, -1, 1};
    r.width = 6;
    r.height = 5;
    r.maxSteps = 30;
    r.tol = 1e-6;
    const BasinMap expected = testing::inPlace(l, r);
    testing::ShuffledRunner runner;
    BasinJobs jobs(l, r, &runner);
    CHECK(jobs.workers() == 2);
    for (int guard = 0; guard < 100000 && !jobs.advance(0.0); ++guard) {
    }
    REQUIRE(jobs.done());
    CHECK(jobs.lastError().empty());
    testing::checkSameMap(jobs.result(), expected);
}

TEST_CASE("grid jobs: a band whose job fails is computed in place; bad texts give messages") {
    const Slice s = moons();
    const nets::SliceLandscape l = s.landscape();
    const GridSpec g{-1, -1, 2, 2, 6, 5, false};
    GridJobs here(l, g, nullptr);
    finish(here, l);
    const std::string text = landscapeJson(l);
    const std::string good = gridJobSpec(text, g, 1, 3);
    const JobOutput ok = runJob(good);
    CHECK(ok.error.empty());
    REQUIRE(ok.values.size() == 12);
    CHECK(ok.values[0] == here.values()[6]);
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const size_t at = t.find(from);
        REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    {
        // a runner whose workers read texts that are broken (the weights cut short): every band
        // fails, and is computed in place with the same numbers
        struct Breaking : testing::ShuffledRunner {
            int submit(int owner, std::string spec) override {
                spec.replace(spec.find("\"theta0\": [") + 11, 0, "0.5, ");
                return ShuffledRunner::submit(owner, std::move(spec));
            }
        } runner;
        GridJobs there(l, g, &runner);
        CHECK(there.workers() == 2);
        finish(there, l);
        CHECK(there.lastError() ==
              "grid: landscape: slice: \"theta0\", \"d1\" and \"d2\" must each have the model's 44 parameters");
        CHECK(values(there) == values(here));
    }
    CHECK(runJob(replaced("\"band\": [1, 3]", "\"band\": [4, 6]")).error == "grid: \"band\" outside the grid");
    CHECK(runJob(replaced("\"band\": [1, 3]", "\"band\": [1.5, 3]")).error == "grid: \"band\" outside the grid");
    CHECK(runJob(replaced("\"activation\": \"tanh\"", "\"activation\": \"swish\"")).error ==
          "grid: landscape: slice: the model needs \"widths\", \"activation\" and \"loss\"");
    CHECK(runJob(replaced("\"widths\": [2, 5, 4, 1]", "\"widths\": [2, 5.5, 4, 1]")).error ==
          "grid: landscape: slice: the model's widths are not whole numbers in [1, 256]");
    CHECK(runJob(replaced("\"widths\": [2, 5, 4, 1]", "\"widths\": [3, 5, 4, 1]")).error.find("grid: landscape: slice: ") == 0);
    CHECK(runJob(replaced("\"inputs\": 2", "\"inputs\": 3")).error.find("grid: landscape: slice: the batch's \"x\"") == 0);
    CHECK(runJob(replaced("\"cols\": 6", "\"cols\": 0")).error.find("grid: \"box\"") == 0);
    CHECK(runJob(replaced("\"x\": [", "\"x\": [null, ")).error ==
          "grid: landscape: slice: the batch needs \"inputs\", \"classes\", \"x\" and \"y\"");
    CHECK(runJob(replaced("\"slice\": {", "\"slices\": {")).error == "grid: landscape: slice: needs \"model\" and \"batch\"");
}
