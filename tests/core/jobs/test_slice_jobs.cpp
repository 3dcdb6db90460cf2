// Tests for src/core/jobs/slice_jobs.cpp: a network slice's grid computed as job texts — bands
// handed back in any order, a failed band computed in place — is the grid computed in place, to
// the last bit, with and without the Hessian's λmax; the values are the network's own loss at
// the cells' weights; bad job texts give messages.
#include <doctest/doctest.h>

#include <cmath>

#include "core/jobs/slice_jobs.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;

namespace {

struct Slice {
    nets::Prepared p;
    VecX theta0, d1, d2;
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

}  // namespace

TEST_CASE("slice jobs: a grid as job texts is the grid computed in place, to the last bit") {
    const Slice s = moons();
    const nets::SliceLandscape l(s.p.model, s.p.problem.train, s.theta0, s.d1, s.d2, "test");
    const std::string head = sliceJobHead(s.p.model, s.p.problem.train, s.theta0, s.d1, s.d2);
    for (const bool hessian : {false, true}) {
        CAPTURE(hessian);
        const GridSpec g{-1.5, -0.75, 3.0, 2.0, 9, 7, hessian};
        GridJobs here(g, nullptr, head);  // no runner: in place
        CHECK(here.workers() == 0);
        finish(here, l);
        testing::ShuffledRunner runner;
        GridJobs there(g, &runner, head);
        CHECK(there.workers() == 2);
        CHECK(there.progress() == 0.0);
        finish(there, l);
        CHECK(there.lastError().empty());
        CHECK(there.values() == here.values());
        CHECK(there.lmax() == here.lmax());
        CHECK(there.lmax().size() == (hessian ? 63u : 0u));
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
            CHECK(there.lmax()[3 * 9 + 4] == doctest::Approx(top).epsilon(1e-5));
        }
    }
}

TEST_CASE("slice jobs: a band whose job fails is computed in place; bad texts give messages") {
    const Slice s = moons();
    const nets::SliceLandscape l(s.p.model, s.p.problem.train, s.theta0, s.d1, s.d2, "test");
    const std::string head = sliceJobHead(s.p.model, s.p.problem.train, s.theta0, s.d1, s.d2);
    const GridSpec g{-1, -1, 2, 2, 6, 5, false};
    GridJobs here(g, nullptr, head);
    finish(here, l);
    {
        // a text the workers cannot read (its weights cut short): every band fails, and is
        // computed in place with the same numbers
        std::string broken = head;
        broken.replace(broken.find("\"theta0\": [") + 11, 0, "0.5, ");
        testing::ShuffledRunner runner;
        GridJobs there(g, &runner, broken);
        finish(there, l);
        CHECK(there.lastError().find("slice: \"theta0\", \"d1\" and \"d2\" must each have the model's 44 parameters") == 0);
        CHECK(there.values() == here.values());
    }
    const std::string good = sliceJobSpec(head, g, 1, 3);
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
    CHECK(runJob(replaced("\"band\": [1, 3]", "\"band\": [4, 6]")).error == "slice: \"band\" outside the grid");
    CHECK(runJob(replaced("\"band\": [1, 3]", "\"band\": [1.5, 3]")).error == "slice: \"band\" outside the grid");
    CHECK(runJob(replaced("\"activation\": \"tanh\"", "\"activation\": \"swish\"")).error ==
          "slice: the model needs \"widths\", \"activation\" and \"loss\"");
    CHECK(runJob(replaced("\"widths\": [2, 5, 4, 1]", "\"widths\": [2, 5.5, 4, 1]")).error ==
          "slice: the model's widths are not whole numbers in [1, 256]");
    CHECK(runJob(replaced("\"widths\": [2, 5, 4, 1]", "\"widths\": [3, 5, 4, 1]")).error.find("slice: ") == 0);
    CHECK(runJob(replaced("\"inputs\": 2", "\"inputs\": 3")).error.find("slice: the batch's \"x\"") == 0);
    CHECK(runJob(replaced("\"cols\": 6", "\"cols\": 0")).error.find("slice: \"box\"") == 0);
    CHECK(runJob(replaced("\"x\": [", "\"x\": [null, ")).error ==
          "slice: the batch needs \"inputs\", \"classes\", \"x\" and \"y\"");
}
