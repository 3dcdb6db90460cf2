// Tests of src/core/nets/analysis.cpp: Lanczos against a dense eigen-decomposition of a small net's
// Hessian, filter and layer normalisation against their formulas, slices and lines against
// direct evaluation, and the principal directions of a straight-line trajectory.
#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>

#include "../helpers.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"

using namespace optiscape;
using namespace optiscape::nets;

namespace {

Prepared small(std::vector<int> arch, Activation a = Activation::Tanh) {
    NetSpec s;
    s.data.name = "two-moons";
    s.data.n = 60;
    s.arch = std::move(arch);
    s.activation = a;
    std::string err;
    auto p = prepare(s, nullptr, &err);
    REQUIRE_MESSAGE(p, err);
    return *p;
}

}  // namespace

TEST_CASE("lanczos: the top eigenvalues and λmin of a small net's Hessian equal a dense eigen-decomposition") {
    for (Activation a : {Activation::Tanh, Activation::Softplus}) {
        const Prepared p = small({2, 5, 4, 1}, a);
        const VecX theta = initialParameters(p.model, InitSpec{}, 3);
        Backprop bp(p.model);
        const MatX H = bp.hessian(theta, p.problem.train);
        const VecX ev = Eigen::SelfAdjointEigenSolver<MatX>(H, Eigen::EigenvaluesOnly).eigenvalues();
        const int n = static_cast<int>(ev.size());
        const Spectrum s = hessianSpectrum(p.model, theta, p.problem.train, 3);
        REQUIRE(s.top.size() == 3);
        const double scale = ev.cwiseAbs().maxCoeff();
        for (int i = 0; i < 3; ++i) CHECK(std::abs(s.top[static_cast<size_t>(i)] - ev[n - 1 - i]) <= 1e-9 * scale);
        CHECK(std::abs(s.min - ev[0]) <= 1e-9 * scale);
        CHECK(s.top[0] >= s.top[1]);
    }
    // a diagonal operator with known eigenvalues
    const int n = 40;
    VecX diag(n);
    for (int i = 0; i < n; ++i) diag[i] = i - 5.0;
    const Spectrum d = lanczos([&](const VecX& v) { return VecX(diag.cwiseProduct(v)); }, n, 2, 7);
    CHECK(d.top[0] == doctest::Approx(34.0).epsilon(1e-12));
    CHECK(d.top[1] == doctest::Approx(33.0).epsilon(1e-12));
    CHECK(d.min == doctest::Approx(-5.0).epsilon(1e-12));
}

TEST_CASE("normalisation: filter scales each neuron's incoming weights to θ's row norm; biases zero") {
    const Prepared p = small({2, 3, 2, 1});
    const VecX theta = initialParameters(p.model, InitSpec{}, 1) + VecX::Constant(p.model.parameterCount(), 0.1);
    const VecX d = randomDirection(p.model, 4, 1);
    const VecX f = normalizeDirection(p.model, d, theta, Normalize::Filter);
    const VecX l = normalizeDirection(p.model, d, theta, Normalize::Layer);
    for (const LayerShape& s : p.model.layers()) {
        for (int r = 0; r < s.out; ++r) {
            const int o = s.wOffset + r * s.in;
            CHECK(f.segment(o, s.in).norm() == doctest::Approx(theta.segment(o, s.in).norm()).epsilon(1e-14));
            // the row keeps its direction
            CHECK((f.segment(o, s.in).normalized() - d.segment(o, s.in).normalized()).norm() < 1e-14);
        }
        CHECK(l.segment(s.wOffset, s.in * s.out).norm() ==
              doctest::Approx(theta.segment(s.wOffset, s.in * s.out).norm()).epsilon(1e-14));
        CHECK(f.segment(s.bOffset, s.out).isZero(0));
        CHECK(l.segment(s.bOffset, s.out).isZero(0));
    }
    CHECK(normalizeDirection(p.model, d, theta, Normalize::None) == d);
    // random directions: seeded, standard normal entries
    CHECK(randomDirection(p.model, 4, 1) == d);
    CHECK(randomDirection(p.model, 4, 2) != d);
}

TEST_CASE("slices and lines equal direct evaluation") {
    const Prepared p = small({2, 4, 1});
    const VecX theta = initialParameters(p.model, InitSpec{}, 2);
    const VecX d1 = randomDirection(p.model, 1, 1), d2 = randomDirection(p.model, 1, 2);
    Backprop bp(p.model);
    const auto grid = sliceGrid(bp, p.problem.train, theta, d1, d2, -1, 2, -0.5, 0.5, 4);
    REQUIRE(grid.size() == 16);
    // a varies fastest: cell (i, j) is a = −1 + i, b = −0.5 + j/3
    CHECK(grid[1 * 4 + 2] == bp.loss(theta + 1.0 * d1 + (-0.5 + 1.0 / 3) * d2, p.problem.train));
    CHECK(grid[0] == bp.loss(theta - d1 - 0.5 * d2, p.problem.train));
    const VecX other = initialParameters(p.model, InitSpec{}, 3);
    const auto line = lineLoss(bp, p.problem.train, theta, other, -0.5, 1.5, 5);
    CHECK(line[1] == bp.loss(theta, p.problem.train));
    CHECK(line[3] == bp.loss(other, p.problem.train));
    CHECK(line[2] == bp.loss(0.5 * theta + 0.5 * other, p.problem.train));
}

TEST_CASE("principal directions: a straight-line trajectory has explained variance 1 along its line") {
    const int n = 7;
    VecX a = VecX::LinSpaced(n, -1, 1), dir = VecX::Ones(n).normalized();
    std::vector<VecX> path;
    for (int k = 0; k <= 20; ++k) path.push_back(a + (0.1 * k * k) * dir);
    const Principal p = principalDirections(path);
    CHECK(p.explained1 == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(p.explained2 < 1e-20);
    CHECK(std::abs(std::abs(p.d1.dot(dir)) - 1.0) < 1e-12);
    CHECK(p.c1.front() <= 0);  // sign: the first point's coordinate is ≤ 0
    CHECK(p.c1.back() == 0.0);
    CHECK(p.c1.front() == doctest::Approx(-0.1 * 400).epsilon(1e-12));
    // a bent path: two directions share the variance
    std::vector<VecX> bent;
    for (int k = 0; k <= 20; ++k) {
        VecX t = VecX::Zero(n);
        t[0] = k;
        t[1] = 0.3 * k * k;
        bent.push_back(t);
    }
    const Principal q = principalDirections(bent);
    CHECK(q.explained1 + q.explained2 == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(q.explained2 > 1e-4);
}

TEST_CASE("mode connectivity: the Bézier path's ends are the minima and its barrier a quarter of the line's at most") {
    NetSpec s;
    s.data.name = "two-moons";
    s.data.n = 100;
    s.data.noise = 0.3;
    s.arch = {2, 32, 32, 1};
    std::string err;
    auto p = prepare(s, nullptr, &err);
    REQUIRE_MESSAGE(p, err);
    RunConfig c;
    c.optimizer = OptimizerKind::Adam;
    c.hyper = defaultsFor(OptimizerKind::Adam);
    c.hyper.lr = 0.01;
    VecX minima[2];
    for (int i = 0; i < 2; ++i) {
        NetRun run(c);
        run.reset(p->problem, initialParameters(p->model, InitSpec{}, static_cast<std::uint64_t>(i + 1)));
        run.advance(p->problem, 800);
        minima[i] = run.theta();
    }
    Backprop bp(p->model);
    const Batch& b = p->problem.train;
    BezierOptions o;
    o.steps = 1000;
    const VecX bend = bezierBend(bp, b, minima[0], minima[1], o);
    CHECK(bezierPoint(minima[0], bend, minima[1], 0.0) == minima[0]);
    CHECK(bezierPoint(minima[0], bend, minima[1], 1.0) == minima[1]);
    const double ends = std::max(bp.loss(minima[0], b), bp.loss(minima[1], b));
    double line = 0, path = 0;
    for (int i = 0; i <= 50; ++i) {
        const double t = i / 50.0;
        line = std::max(line, bp.loss((1 - t) * minima[0] + t * minima[1], b) - ends);
        path = std::max(path, bp.loss(bezierPoint(minima[0], bend, minima[1], t), b) - ends);
    }
    CAPTURE(line);
    CAPTURE(path);
    CHECK(line > 0.1);          // the straight line crosses a barrier
    CHECK(path <= 0.25 * line);  // the curve goes around it
}

TEST_CASE("a slice is a landscape: value, gradient and Hessian of L(θ₀ + a·d₁ + b·d₂) exact") {
    const Prepared p = small({2, 5, 1});
    const VecX theta = initialParameters(p.model, InitSpec{}, 4);
    const VecX d1 = normalizeDirection(p.model, randomDirection(p.model, 2, 1), theta, Normalize::Filter);
    const VecX d2 = normalizeDirection(p.model, randomDirection(p.model, 2, 2), theta, Normalize::Filter);
    const SliceLandscape s(p.model, p.problem.train, theta, d1, d2, "slice");
    Backprop bp(p.model);
    const Vec2 w(0.3, -0.7);
    CHECK(s.value(w) == bp.loss(theta + 0.3 * d1 - 0.7 * d2, p.problem.train));
    const Eval e = s.evaluate(w);
    CHECK(e.value == s.value(w));
    CHECK((e.gradient - s.gradient(w)).norm() <= 1e-14 * (1 + e.gradient.norm()));
    const double h = 1e-5;
    for (int i = 0; i < 2; ++i) {
        Vec2 dp = w, dm = w;
        dp[i] += h;
        dm[i] -= h;
        CHECK(std::abs((s.value(dp) - s.value(dm)) / (2 * h) - e.gradient[i]) <= 1e-7 * (1 + std::abs(e.gradient[i])));
        const Vec2 fd = (s.gradient(dp) - s.gradient(dm)) / (2 * h);
        CHECK((fd - e.hessian.col(i)).norm() <= 1e-6 * (1 + e.hessian.norm()));
    }
    CHECK(e.hessian(0, 1) == e.hessian(1, 0));
    CHECK((s.project(s.point(Vec2(0.25, 0.5))) - Vec2(0.25, 0.5)).norm() < 1e-12);
    CHECK(s.clone()->value(w) == s.value(w));
}
