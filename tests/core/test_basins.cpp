// Tests for src/core/basins.cpp: every pixel's label and step count equal those of a Run started
// at its centre (so the inlined update loops match step() to the last bit), the known minima and
// clusters, divergence, the measure-zero stable set of a saddle, and computing in slices.
#include <doctest/doctest.h>

#include <map>

#include "analysis_fixtures.h"
#include "core/basins.h"
#include "core/data_landscape.h"
#include "core/formula/formula.h"
#include "helpers.h"

using namespace optiscape;

namespace {

struct Outcome {
    int label = kBasinNotConverged;
    int steps = 0;
    Vec2 w = Vec2::Zero();
};

/// What a Run from `start` does under the basin rules: stopped (−1), converged at step k, or not.
Outcome runOutcome(const Landscape& l, const BasinRequest& r, const Vec2& start) {
    RunConfig cfg;
    cfg.optimizer = r.optimizer;
    cfg.hyper = r.hyper;
    cfg.start = start;
    Run run(cfg);
    run.reset(l);
    Outcome o;
    o.steps = r.maxSteps;
    if (run.stopped()) return Outcome{kBasinDiverged, 0, start};
    for (int t = 1; t <= r.maxSteps; ++t) {
        const Vec2 before = run.current().w;
        if (!run.step(l)) return Outcome{kBasinDiverged, t, before};
        if ((run.current().w - before).norm() <= r.tol && run.current().gradNorm <= r.tol)
            return Outcome{0, t, run.current().w};  // converged; the label is matched by the caller
    }
    o.w = run.current().w;
    return o;
}

BasinMap compute(const Landscape& l, const BasinRequest& r) {
    BasinComputer bc(l, r);
    while (!bc.advance(3)) {
    }
    return bc.result();
}

/// Every pixel agrees with its own Run; returns how many pixels each label has.
std::map<int, int> checkAgainstRuns(const Landscape& l, const BasinRequest& r) {
    const BasinMap m = compute(l, r);
    REQUIRE(m.width == r.width);
    REQUIRE(m.height == r.height);
    REQUIRE(m.label.size() == static_cast<size_t>(r.width * r.height));
    const double radius = 0.01 * std::hypot(r.box.width(), r.box.height());
    std::map<int, int> counts;
    for (int j = 0; j < r.height; ++j)
        for (int i = 0; i < r.width; ++i) {
            const Vec2 start = BasinComputer::pixelCenter(r, i, j);
            CAPTURE(start.transpose());
            const Outcome o = runOutcome(l, r, start);
            const size_t k = static_cast<size_t>(j * r.width + i);
            const int label = m.label[k];
            CHECK(m.steps[k] == o.steps);
            if (o.label >= 0) {
                REQUIRE(label >= 0);
                REQUIRE(label < static_cast<int>(m.minima.size()));
                CHECK((m.minima[static_cast<size_t>(label)] - o.w).norm() <= radius);
                // the nearest known minimum, when one is that close
                for (int q = 0; q < m.knownMinima; ++q)
                    if ((m.minima[static_cast<size_t>(q)] - o.w).norm() <= radius)
                        CHECK(label == q);
            } else {
                CHECK(label == o.label);
            }
            counts[label]++;
        }
    return counts;
}

}  // namespace

TEST_CASE("basins: every pixel is labelled as a Run from its centre ends (gd, momentum, nesterov, adam)") {
    const auto l = testing::himmelblau();
    BasinRequest r;
    r.box = ViewBox{-5, 5, -5, 5};
    r.width = 9;
    r.height = 7;
    r.maxSteps = 1000;
    r.tol = 1e-6;
    struct Case {
        const char* name;
        double lr, momentum, dampening, weightDecay;
    };
    const std::vector<Case> cases = {
        {"gd", 0.01, 0, 0, 0},        {"gd", 0.03, 0, 0, 0},  // 0.03: most starts diverge
        {"momentum", 0.002, 0.9, 0, 0}, {"momentum", 0.004, 0.5, 0.3, 0.01},
        {"nesterov", 0.003, 0.8, 0, 0}, {"adam", 0.1, 0, 0, 0},
        {"adam", 0.05, 0, 0, 0.001}};
    for (const Case& c : cases) {
        CAPTURE(c.name);
        CAPTURE(c.lr);
        r.optimizer = *parseOptimizer(c.name);
        r.hyper = defaultsFor(r.optimizer);
        r.hyper.lr = c.lr;
        if (c.momentum > 0) r.hyper.momentum = c.momentum;
        r.hyper.dampening = c.dampening;
        r.hyper.weightDecay = c.weightDecay;
        const auto counts = checkAgainstRuns(*l, r);
        if (std::string(c.name) == "momentum" && c.dampening == 0) {
            // heavy ball reaches all four minima from this grid
            for (int q = 0; q < 4; ++q) CHECK(counts.count(q) == 1);
        }
        if (c.lr == 0.03) CHECK(counts.count(kBasinDiverged) == 1);
    }
    // optimizers without an inlined loop go through Run itself
    for (const char* name : {"rmsprop", "adagrad", "newton"}) {
        if (!parseOptimizer(name)) continue;
        CAPTURE(name);
        r.optimizer = *parseOptimizer(name);
        r.hyper = defaultsFor(r.optimizer);
        r.hyper.lr = 0.05;
        checkAgainstRuns(*l, r);
    }
}

TEST_CASE("basins: the batch gradients of formulas and hand-written presets give the Runs' labels") {
    // a formula preset (the interpreter's block path), a formula undefined on part of the box
    // (log: those starts leave the domain), and hand-written presets (their inlined loops)
    struct Case {
        std::string landscape, formula;
        ViewBox box;
        const char* optimizer;
        double lr;
    };
    const std::vector<Case> cases = {
        {"himmelblau", "", ViewBox{-5, 5, -5, 5}, "momentum", 0.002},
        {"", "log(w1 + 1) + (w2 - w1)^2", ViewBox{-2, 2, -2, 2}, "gd", 0.2},
        {"rosenbrock", "", ViewBox{-2, 2, -1, 3}, "nesterov", 0.0005},
        {"ill-conditioned", "", ViewBox{-2, 2, -2, 2}, "adam", 0.05},
        {"yarotsky", "", ViewBox{-2, 2, -1.2, 2.8}, "gd", 0.05},
    };
    for (const Case& c : cases) {
        CAPTURE(c.landscape);
        CAPTURE(c.formula);
        FormulaError err;
        const auto l = c.formula.empty() ? makeAnyPreset(c.landscape) : makeFormulaLandscape(c.formula, &err);
        REQUIRE(l);
        BasinRequest r;
        r.box = c.box;
        r.width = 11;
        r.height = 9;
        r.maxSteps = 600;
        r.tol = 1e-6;
        r.optimizer = *parseOptimizer(c.optimizer);
        r.hyper = defaultsFor(r.optimizer);
        r.hyper.lr = c.lr;
        const auto counts = checkAgainstRuns(*l, r);
        if (!c.formula.empty()) CHECK(counts.count(kBasinDiverged) == 1);  // left the domain
    }
}

TEST_CASE("basins: the known minima come first; a start at a minimum converges to it") {
    const auto l = testing::himmelblau();
    BasinRequest r;
    r.box = ViewBox{1, 5, 0, 4};  // pixel centres at 1.5, 2.5, 3.5, 4.5 and 0.5, ..., 3.5
    r.width = 4;
    r.height = 4;
    r.hyper.lr = 0.002;
    const BasinMap m = compute(*l, r);
    REQUIRE(m.knownMinima == 4);
    CHECK(m.minima[0] == Vec2(3, 2));
    CHECK(BasinComputer::pixelCenter(r, 2, 2) == Vec2(3.5, 2.5));
    CHECK(m.label[2 * 4 + 2] == 0);
    // a 1×1 grid centred exactly on the minimum: Δw = 0 and ∇L = 0 after the first step
    BasinRequest one = r;
    one.box = ViewBox{2, 4, 1, 3};
    one.width = one.height = 1;
    const BasinMap m1 = compute(*l, one);
    CHECK(m1.label[0] == 0);
    CHECK(m1.steps[0] == 1);
}

TEST_CASE("basins: divergence, not converged, and a saddle's measure-zero stable set (EE-556)") {
    const auto bowl = testing::quadratic(testing::mat(2, 0, 0, 1));
    BasinRequest r;
    r.optimizer = OptimizerKind::GD;
    r.hyper = defaultsFor(OptimizerKind::GD);
    r.box = ViewBox{-1, 1, -1, 1};
    r.width = r.height = 4;
    r.hyper.lr = 1.01;  // above 2/λmax = 1
    for (const int label : compute(*bowl, r).label) CHECK(label == kBasinDiverged);
    r.hyper.lr = 0.99;  // below: converges, slowly along λ = 2
    r.maxSteps = 5;
    const BasinMap few = compute(*bowl, r);
    for (size_t k = 0; k < few.label.size(); ++k) {
        CHECK(few.label[k] == kBasinNotConverged);
        CHECK(few.steps[k] == 5);
    }
    r.maxSteps = 5000;
    for (const int label : compute(*bowl, r).label) CHECK(label == 0);

    // w1² − w2²: GD converges to the saddle only from the line w2 = 0 (the middle row of an odd
    // grid); everywhere else it escapes, to |w| > 1e6. The saddle is not a minimum: a cluster.
    const auto saddle = testing::quadratic(testing::mat(2, 0, 0, -2));
    r.width = r.height = 5;
    r.hyper.lr = 0.1;
    const BasinMap s = compute(*saddle, r);
    CHECK(s.knownMinima == 0);
    REQUIRE(s.minima.size() == 1);
    CHECK(s.minima[0].norm() < 1e-6);
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 5; ++i) CHECK(s.label[static_cast<size_t>(j * 5 + i)] == (j == 2 ? 0 : kBasinDiverged));
    checkAgainstRuns(*saddle, r);

    // a start where L is undefined counts as diverged at step 0, and so does a run that steps
    // out of the domain (∇L is NaN there too, as in formula landscapes)
    testing::FunctionLandscape logL(
        "log", ViewBox{}, [](const Vec2& w) { return std::log(w[0]) + w[1] * w[1]; },
        [](const Vec2& w) { return Vec2(w[0] > 0 ? 1 / w[0] : std::nan(""), 2 * w[1]); },
        [](const Vec2& w) { return testing::mat(-1 / (w[0] * w[0]), 0, 0, 2); });
    r.box = ViewBox{-1, 1, -1, 1};
    r.width = 2;
    r.height = 1;
    const BasinMap lg = compute(logL, r);
    CHECK(lg.label[0] == kBasinDiverged);
    CHECK(lg.steps[0] == 0);
    CHECK(lg.label[1] == kBasinDiverged);  // 0.5 → 0.3 → −0.033
    CHECK(lg.steps[1] == 2);
    checkAgainstRuns(logL, r);
}

TEST_CASE("basins: a valley of minima is clustered (product, knownMinima = 0)") {
    const auto prod = makePreset("product");
    BasinRequest r;
    r.box = ViewBox{0.5, 2.5, 0.5, 2.5};
    r.width = r.height = 8;
    r.hyper.lr = 0.01;
    const BasinMap m = compute(*prod, r);
    CHECK(m.knownMinima == 0);
    CHECK(m.minima.size() >= 2);
    for (const Vec2& w : m.minima) CHECK(std::abs(w[0] * w[1] - 1) < 1e-3);
    checkAgainstRuns(*prod, r);
}

TEST_CASE("basins: slices give the same map as one pass; progress; the landscape is copied") {
    auto l = testing::preset("ill-conditioned");
    BasinRequest r;
    r.box = l->info().view;
    r.width = 16;
    r.height = 10;
    r.hyper.lr = 0.1;
    BasinComputer whole(*l, r);
    CHECK(whole.progress() == 0);
    CHECK(!whole.done());
    CHECK(whole.advance(100));
    CHECK(whole.progress() == 1);
    BasinComputer sliced(*l, r);
    REQUIRE(l->setParam("theta", 0).empty());  // changing the caller's copy changes nothing
    CHECK(!sliced.advance(0));
    CHECK(!sliced.advance(3));
    CHECK(sliced.progress() == doctest::Approx(0.3));
    CHECK(sliced.result().label[0] != kBasinNotConverged);
    CHECK(sliced.result().label[static_cast<size_t>(9 * 16)] == kBasinNotConverged);
    CHECK(sliced.result().steps[static_cast<size_t>(9 * 16)] == 0);
    while (!sliced.advanceFor(1e-6)) {
    }
    CHECK(sliced.result().label == whole.result().label);
    CHECK(sliced.result().steps == whole.result().steps);
    for (const int label : whole.result().label) CHECK(label == 0);
    // an empty grid is done at once
    r.width = 0;
    BasinComputer empty(*l, r);
    CHECK(empty.done());
    CHECK(empty.progress() == 1);
}
