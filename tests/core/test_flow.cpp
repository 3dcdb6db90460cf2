// Tests for src/core/flow.cpp: the gradient flow against the exact solution e^{−Ht}w₀ on
// quadratics (every returned point, not just the end), the stopping rules, thinning to maxPoints,
// and GD approaching the flow as the step shrinks at fixed time t = lr·k.
#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <cmath>

#include "analysis_fixtures.h"
#include "core/flow.h"
#include "helpers.h"

using namespace optiscape;
using testing::Rng;

namespace {

/// e^{−Ht}w₀ through H's eigen-decomposition (Eigen's solver, independent of the code under test).
Vec2 exactFlow(const Mat2& H, const Vec2& w0, double t) {
    const Eigen::SelfAdjointEigenSolver<Mat2> es(H);
    const Mat2& V = es.eigenvectors();
    Vec2 c = V.transpose() * w0;
    for (int i = 0; i < 2; ++i) c[i] *= std::exp(-es.eigenvalues()[i] * t);
    return V * c;
}

}  // namespace

TEST_CASE("gradient flow on quadratics follows w(t) = exp(-Ht) w0 at every point") {
    Rng rng(31);
    for (int n = 0; n < 40; ++n) {
        // eigenvalues from 1e-2 to 1e2 (κ up to 1e4, stiff for an explicit method), any angle,
        // and indefinite ones (a saddle: the path leaves along the negative direction)
        const double th = rng.uniform(0, 3.14159265358979323846);
        const Mat2 R = testing::mat(std::cos(th), -std::sin(th), std::sin(th), std::cos(th));
        Vec2 lam(std::pow(10.0, rng.uniform(-2, 2)), std::pow(10.0, rng.uniform(-2, 2)));
        if (n % 5 == 4) lam[0] = -rng.uniform(0.1, 1);
        const Mat2 H = R * lam.asDiagonal() * R.transpose();
        const Vec2 w0(rng.uniform(-2, 2), rng.uniform(-2, 2));
        const auto l = testing::quadratic(H);
        const double tEnd = rng.uniform(0.5, 5);
        CAPTURE(H);
        CAPTURE(w0.transpose());
        const auto path = gradientFlowPath(*l, w0, tEnd, 400);
        REQUIRE(path.size() >= 2);
        CHECK(path.size() <= 400);
        CHECK(path.front().t == 0);
        CHECK(path.front().w == w0);
        double prevT = -1;
        for (const FlowPoint& p : path) {
            CHECK(p.t > prevT);
            prevT = p.t;
            const Vec2 exact = exactFlow(H, w0, p.t);
            CHECK((p.w - exact).norm() <= 1e-7 * (1 + exact.norm()));
        }
        // it ends at tEnd, unless it reached the stationary point before
        const FlowPoint& last = path.back();
        if (last.t < tEnd) CHECK(l->gradient(last.w).norm() < 1e-10);
        else CHECK(last.t == tEnd);
        const auto pts = gradientFlow(*l, w0, tEnd, 400);
        REQUIRE(pts.size() == path.size());
        CHECK(pts.back() == last.w);
    }
}

TEST_CASE("gradient flow: stops at a stationary point, at |w| > 1e6, and where L is undefined") {
    // L = ½|w|²: w(t) = e^{−t}w₀ reaches |∇L| = |w| < 1e-10 at t = ln(|w₀|/1e-10) ≈ 23.03
    const auto bowl = testing::quadratic(Mat2::Identity());
    const auto path = gradientFlowPath(*bowl, Vec2(1, 0), 1e9, 100);
    CHECK(path.back().w.norm() < 1e-10);
    CHECK(path.back().t == doctest::Approx(std::log(1e10)).epsilon(0.05));  // within a step
    // a start at a stationary point is the whole path
    CHECK(gradientFlow(*bowl, Vec2::Zero(), 1, 10).size() == 1);
    // a saddle's flow escapes along the negative direction and stops before |w| > 1e6
    const auto saddle = testing::quadratic(testing::mat(1, 0, 0, -1));
    const auto esc = gradientFlowPath(*saddle, Vec2(1, 1e-3), 1e9, 50);
    CHECK(esc.back().w.norm() <= 1e6);
    CHECK(esc.back().w.norm() > 1e5);
    CHECK(esc.back().t < 30);
    // L = −log(w1) + w2²/2 ... defined for w1 > 0 only; the flow w1' = 1/w1 moves away from the
    // edge, the reverse (L = log(w1)) runs into it: w1(t) = √(w1₀² − 2t), undefined at t = w1₀²/2
    testing::FunctionLandscape logEdge(
        "log", ViewBox{}, [](const Vec2& w) { return std::log(w[0]) + 0.5 * w[1] * w[1]; },
        [](const Vec2& w) {
            return Vec2(w[0] > 0 ? 1 / w[0] : std::nan(""), w[1]);
        },
        [](const Vec2& w) { return testing::mat(-1 / (w[0] * w[0]), 0, 0, 1); });
    const auto edge = gradientFlowPath(logEdge, Vec2(1, 1), 10, 1000);
    REQUIRE(edge.size() > 2);
    CHECK(edge.back().t == doctest::Approx(0.5).epsilon(1e-4));
    CHECK(edge.back().w[0] > 0);
    CHECK(edge.back().w[0] < 0.01);
    for (const FlowPoint& p : edge) {
        // away from the edge; toward it errors grow like 1/w1 (δ' = δ/w1² along w1' = −1/w1)
        CHECK(std::isfinite(p.w[0]));
        if (p.t < 0.49) CHECK(p.w[0] == doctest::Approx(std::sqrt(1 - 2 * p.t)).epsilon(1e-7));
    }
    // non-finite or far starts give nothing; tEnd ≤ 0 gives the start only
    CHECK(gradientFlow(*bowl, Vec2(std::nan(""), 0), 1, 10).empty());
    CHECK(gradientFlow(*bowl, Vec2(2e6, 0), 1, 10).empty());
    CHECK(gradientFlow(*bowl, Vec2(1, 1), 0, 10).size() == 1);
}

TEST_CASE("gradient flow: thinning keeps both ends and spreads points by arc length") {
    const auto rb = makePreset("rosenbrock");
    const auto full = gradientFlowPath(*rb, Vec2(-1.2, 1), 50, 1000000);
    const auto thin = gradientFlowPath(*rb, Vec2(-1.2, 1), 50, 50);
    REQUIRE(full.size() > 200);  // stiff (λmax ≈ 1000): many small steps
    REQUIRE(thin.size() <= 50);
    CHECK(thin.size() >= 40);
    CHECK(thin.front().w == full.front().w);
    CHECK(thin.back().w == full.back().w);
    CHECK(thin.back().t == full.back().t);
    // the flow descends: L falls along the path (down to its rounding level near the minimum)
    for (size_t i = 1; i < full.size(); ++i)
        CHECK(rb->value(full[i].w) <= rb->value(full[i - 1].w) + 1e-15);
    // ends near the minimum (1, 1): on the valley floor the flow is slow (λmin ≈ 0.4)
    CHECK((full.back().w - Vec2(1, 1)).norm() < 1e-3);
    double longest = 0, total = 0;
    for (size_t i = 1; i < thin.size(); ++i) {
        const double s = (thin[i].w - thin[i - 1].w).norm();
        longest = std::max(longest, s);
        total += s;
    }
    CHECK(longest < 4 * total / static_cast<double>(thin.size() - 1));
}

TEST_CASE("GD with k steps of lr approaches the flow at t = lr·k as lr shrinks (Yarotsky)") {
    CHECK(flowTimeOfSteps(0.01, 250) == doctest::Approx(2.5));
    CHECK(flowTimeOfSteps(0.5, 0) == 0.0);
    const auto l = testing::himmelblau();
    const Vec2 start(-0.5, 0.5);
    const double t = 0.05;
    const Vec2 flowEnd = gradientFlow(*l, start, t, 10).back();
    double prevErr = 1e300;
    for (const int k : {10, 100, 1000}) {
        Hyper h = defaultsFor(OptimizerKind::GD);
        h.lr = t / k;
        CHECK(flowTimeOfSteps(h.lr, k) == doctest::Approx(t));
        const Run run = testing::runOptimizer(*l, OptimizerKind::GD, h, start, k);
        const double err = (run.current().w - flowEnd).norm();
        CHECK(err < prevErr / 5);  // Euler's global error is O(lr)
        prevErr = err;
    }
    CHECK(prevErr < 1e-2);
}
