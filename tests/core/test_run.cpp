// Tests for src/core/run.cpp: trajectories, divergence (step index, finite trajectory, hints), and
// Lecture 3's rates on the ill-conditioned quadratic — GD's per-coordinate contraction
// |1 − 2γαᵢ|, its stability limit γ < 1/α_max, and tuned heavy ball beating tuned GD.
#include <doctest/doctest.h>

#include "helpers.h"

using namespace optiscape;
using testing::preset;
using testing::runOptimizer;

namespace {

Hyper gdLr(double lr) {
    Hyper h = defaultsFor(OptimizerKind::GD);
    h.lr = lr;
    return h;
}

/// A landscape that is w1² + w2² for w1 > −0.5 and NaN beyond (to test non-finite values).
class Cliff final : public Landscape {
public:
    Cliff() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "cliff";
        return i;
    }
    double value(const Vec2& w) const override { return w[0] < -0.5 ? std::nan("") : w.squaredNorm(); }
    Vec2 gradient(const Vec2& w) const override { return 2 * w; }
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        e.hessian = 2 * Mat2::Identity();
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override { return {}; }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<Cliff>(*this); }
};

/// −w2 + (1 + w2²)·w1²/2: walking up w2, the valley across w1 gets ever steeper.
class Funnel final : public Landscape {
public:
    Funnel() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "funnel";
        return i;
    }
    double value(const Vec2& w) const override { return -w[1] + 0.5 * (1 + w[1] * w[1]) * w[0] * w[0]; }
    Vec2 gradient(const Vec2& w) const override {
        return {w[0] * (1 + w[1] * w[1]), -1 + w[0] * w[0] * w[1]};
    }
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        e.hessian << 1 + w[1] * w[1], 2 * w[0] * w[1], 2 * w[0] * w[1], w[0] * w[0];
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override { return {}; }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<Funnel>(*this); }
};

/// Steps until |w − w*| < tol (w* = 0); returns the count or −1.
int stepsTo(const Landscape& l, OptimizerKind kind, const Hyper& h, const Vec2& start, double tol,
            int maxSteps) {
    RunConfig cfg;
    cfg.optimizer = kind;
    cfg.hyper = h;
    cfg.start = start;
    Run run(cfg);
    run.reset(l);
    while (run.current().w.norm() >= tol) {
        if (run.steps() >= maxSteps || !run.step(l)) return -1;
    }
    return run.steps();
}

}  // namespace

TEST_CASE("a run starts at the start and follows step() exactly") {
    const auto l = makePreset("rosenbrock");
    Hyper h = defaultsFor(OptimizerKind::Momentum);
    h.lr = 2e-4;
    RunConfig cfg{OptimizerKind::Momentum, h, Vec2(-1.2, 1)};
    Run run(cfg);
    run.reset(*l);
    REQUIRE(run.trajectory().size() == 1);
    CHECK(run.steps() == 0);
    CHECK(run.current().w == Vec2(-1.2, 1));
    CHECK(run.current().loss == l->value(Vec2(-1.2, 1)));
    CHECK(run.current().gradNorm == l->gradient(Vec2(-1.2, 1)).norm());
    CHECK(!run.diverged());
    CHECK(run.divergedAt() == -1);
    CHECK(run.advance(*l, 25) == 25);
    CHECK(run.steps() == 25);
    CHECK(run.state().t == 25);

    OptimizerState s;
    Vec2 w(-1.2, 1);
    for (int k = 1; k <= 25; ++k) {
        testing::stepAt(OptimizerKind::Momentum, h, s, w, l->gradient(w), h.lr);
        CHECK(run.trajectory()[k].w == w);
        CHECK(run.trajectory()[k].loss == l->value(w));
    }
    CHECK(run.state().buf == s.buf);

    run.reset(*l);  // back to step 0, state cleared
    CHECK(run.steps() == 0);
    CHECK(run.state().t == 0);
    CHECK(run.state().buf == Vec2::Zero());
}

TEST_CASE("divergence beyond |w| = 1e6: the step index, a finite trajectory, a generic hint") {
    // GD with γ = 0.5 on w1² − w2²: w1 ← (1 − 2γ)·w1 = 0, w2 ← (1 + 2γ)·w2 = 2·w2, so
    // w2 = 0.05·2^k first exceeds 1e6 at k = 25 (0.05·2^24 ≈ 8.4e5, 0.05·2^25 ≈ 1.7e6).
    const auto l = makePreset("saddle");
    Run run = runOptimizer(*l, OptimizerKind::GD, gdLr(0.5), Vec2(-1.5, 0.05), 100);
    CHECK(run.diverged());
    CHECK(run.divergedAt() == 25);
    CHECK(run.steps() == 24);
    CHECK(run.stopMessage() == "diverged at step 25");
    CHECK(run.current().w[1] == doctest::Approx(0.05 * (1 << 24)));
    for (const TrajectoryPoint& p : run.trajectory()) {
        CHECK(std::isfinite(p.w[0]));
        CHECK(std::isfinite(p.w[1]));
        CHECK(std::isfinite(p.loss));
        CHECK(p.w.norm() <= kDivergenceRadius);
    }
    // λmax = 2 on the saddle, so γ = 0.5 < 2/λmax: not a step-size problem, the loss is unbounded
    CHECK(run.hint() == "the loss kept falling: the landscape has no minimum in this direction");
    // a stopped run takes no more steps and changes nothing
    const auto before = run.trajectory().size();
    CHECK(!run.step(*l));
    CHECK(run.advance(*l, 10) == 0);
    CHECK(run.trajectory().size() == before);
    CHECK(run.divergedAt() == 25);
}

TEST_CASE("divergence on Rosenbrock: the index matches a replay, the hint names 2/λmax") {
    const auto l = makePreset("rosenbrock");
    const Run run = runOptimizer(*l, OptimizerKind::GD, gdLr(0.01), Vec2(-1.2, 1), 1000);
    REQUIRE(run.diverged());
    // replay by hand: the first step whose point is non-finite or beyond 1e6
    OptimizerState s;
    Vec2 w(-1.2, 1);
    int k = 0;
    for (;;) {
        ++k;
        testing::stepAt(OptimizerKind::GD, gdLr(0.01), s, w, l->gradient(w), 0.01);
        if (!std::isfinite(l->value(w)) || !(w.norm() <= kDivergenceRadius)) break;
    }
    CHECK(run.divergedAt() == k);
    CHECK(run.steps() == k - 1);
    // γ = 0.01 is above the local limit 2/λmax at every point of the run, from the start on,
    // where H = [[1330, 480], [480, 200]] gives λmax ≈ 1530
    for (const TrajectoryPoint& p : run.trajectory())
        CHECK(0.01 > 2 / symmetricEigenvalues(l->evaluate(p.w).hessian)[1]);
    const double lmax0 = symmetricEigenvalues(l->evaluate(Vec2(-1.2, 1)).hessian)[1];
    CHECK(lmax0 == doctest::Approx(765 + std::sqrt(565.0 * 565 + 480 * 480)));
    CHECK(run.hint() == "learning rate 0.01 is above 2/λmax = " + formatNumber(2 / lmax0) + " at step 0");

    // Adam has no such limit: a generic hint
    Hyper adam = defaultsFor(OptimizerKind::Adam);
    adam.lr = 10;
    const Run a = runOptimizer(*makePreset("saddle"), OptimizerKind::Adam, adam, Vec2(1, 1), 1000000);
    CHECK(a.diverged());
    CHECK(a.hint().find("learning rate") == std::string::npos);
}

TEST_CASE("the hint names where the run crossed the stability limit") {
    // On Funnel the curvature across the slope, 1 + w2², grows as GD walks up w2: γ = 0.5 is
    // stable at the start (λmax ≈ 1) and unstable once 1 + w2² > 2/γ = 4
    const Funnel f;
    const Run run = runOptimizer(f, OptimizerKind::GD, gdLr(0.5), Vec2(0.1, 0), 1000);
    REQUIRE(run.diverged());
    const auto limit = [&](int k) {
        return 2 / symmetricEigenvalues(f.evaluate(run.trajectory()[static_cast<size_t>(k)].w).hessian)[1];
    };
    int first = run.steps();
    while (first > 0 && 0.5 > limit(first - 1)) --first;
    MESSAGE("diverged at step " << run.divergedAt() << ", unstable from step " << first);
    CHECK(first > 0);
    CHECK(first < run.steps());
    CHECK(run.trajectory()[static_cast<size_t>(first)].w[1] > std::sqrt(3.0) - 0.1);
    CHECK(run.hint() == "learning rate 0.5 is above 2/λmax = " + formatNumber(limit(first)) +
                            " at step " + std::to_string(first));
}

TEST_CASE("NaN at a finite point leaves the domain; a non-finite or far start stops too") {
    const Cliff cliff;
    // γ = 0.9 from (1, 0): w1 = 1 − 1.8 = −0.8, where the loss is NaN → left the domain at step 1
    Run run = runOptimizer(cliff, OptimizerKind::GD, gdLr(0.9), Vec2(1, 0), 10);
    CHECK(run.stopped());
    CHECK(run.stopReason() == StopReason::LeftDomain);
    CHECK(!run.diverged());
    CHECK(run.divergedAt() == -1);
    CHECK(run.stoppedAt() == 1);
    CHECK(run.steps() == 0);
    CHECK(run.trajectory().size() == 1);
    CHECK(run.stopMessage() == "left the domain at step 1");
    CHECK(run.hint().find("not defined (NaN) at w = (-0.8, 0)") != std::string::npos);
    CHECK(run.state().t == 0);  // the rejected step left no trace
    CHECK(!run.step(cliff));

    Run bad = runOptimizer(cliff, OptimizerKind::GD, gdLr(0.1), Vec2(-1, 0), 10);
    CHECK(bad.stoppedAt() == 0);
    CHECK(bad.stopReason() == StopReason::LeftDomain);
    CHECK(bad.stopMessage() == "left the domain at step 0");
    CHECK(bad.steps() == 0);
    Run far = runOptimizer(*makePreset("saddle"), OptimizerKind::GD, gdLr(0.1), Vec2(2e6, 0), 10);
    CHECK(far.divergedAt() == 0);
    CHECK(far.steps() == 0);
    CHECK(!far.hint().empty());
}

TEST_CASE("Lecture 3: GD contracts each coordinate by exactly |1 − 2γαᵢ| per step") {
    // θ = 0: E = α1·w1² + α2·w2², so w_i ← (1 − 2γα_i)·w_i
    const double a1 = 1.0, a2 = 0.05;
    const auto l = preset("ill-conditioned", {{"alpha1", a1}, {"alpha2", a2}, {"theta", 0}});
    for (double lr : {0.1, 0.3, 0.9, 0.99}) {
        CAPTURE(lr);
        const Run run = runOptimizer(*l, OptimizerKind::GD, gdLr(lr), Vec2(-1.8, 1.2), 40);
        REQUIRE(run.steps() == 40);
        const auto& tr = run.trajectory();
        for (int k = 1; k <= 40; ++k) {
            CHECK(tr[k].w[0] / tr[k - 1].w[0] == doctest::Approx(1 - 2 * lr * a1).epsilon(1e-12));
            CHECK(tr[k].w[1] / tr[k - 1].w[1] == doctest::Approx(1 - 2 * lr * a2).epsilon(1e-12));
        }
        // after T steps the squared error of coordinate i is (1 − 2γα_i)^(2T) times the start's
        CHECK(tr[40].w[1] * tr[40].w[1] ==
              doctest::Approx(std::pow(1 - 2 * lr * a2, 80) * 1.44).epsilon(1e-10));
    }
}

TEST_CASE("Lecture 3: GD converges for γ < 1/α_max and diverges for γ > 1/α_max") {
    for (double amax : {1.0, 4.0}) {
        CAPTURE(amax);
        const auto l = preset("ill-conditioned", {{"alpha1", amax}, {"alpha2", 0.05}, {"theta", 25}});
        const Vec2 start(-1.8, 1.2);
        // best step of the lecture, 0.99/α_max: converges
        const Run good = runOptimizer(*l, OptimizerKind::GD, gdLr(0.99 / amax), start, 3000);
        CHECK(!good.diverged());
        CHECK(good.current().w.norm() < 1e-8);
        // just above 1/α_max the steep direction grows by |1 − 2γα_max| = 1.02 per step
        const double lr = 1.01 / amax;
        const Run bad = runOptimizer(*l, OptimizerKind::GD, gdLr(lr), start, 100000);
        REQUIRE(bad.diverged());
        // predicted: the steep coordinate u grows as |u0|·1.02^k, the flat one shrinks
        const double th = 25 * 3.14159265358979323846 / 180;
        const double u0 = std::cos(th) * start[0] + std::sin(th) * start[1];
        const int predicted = static_cast<int>(std::ceil(std::log(1e6 / std::abs(u0)) / std::log(1.02)));
        CHECK(std::abs(bad.divergedAt() - predicted) <= 1);
        // the hint: 2/λmax = 2/(2·α_max) = 1/α_max
        CHECK(bad.hint() == "learning rate " + formatNumber(lr) + " is above 2/λmax = " +
                                formatNumber(1 / amax) + " at step 0");
    }
}

TEST_CASE("stability limits of heavy ball and Nesterov on a quadratic") {
    // λmax = 2: heavy ball is stable iff γ·λ < 2(1 + μ), Nesterov iff γ·λ < 2(1 + μ)/(1 + 2μ)
    const auto l = preset("ill-conditioned", {{"alpha1", 1}, {"alpha2", 0.05}, {"theta", 0}});
    const Vec2 start(-1.8, 1.2);
    Hyper hb = defaultsFor(OptimizerKind::Momentum);
    hb.momentum = 0.5;  // limit 2·1.5/2 = 1.5
    hb.lr = 1.45;
    CHECK(!runOptimizer(*l, OptimizerKind::Momentum, hb, start, 20000).diverged());
    hb.lr = 1.55;
    const Run hbBad = runOptimizer(*l, OptimizerKind::Momentum, hb, start, 20000);
    CHECK(hbBad.diverged());
    CHECK(hbBad.hint() == "learning rate 1.55 is above 2(1 + μ)/λmax = 1.5 at step 0");
    hb.dampening = 0.5;  // the gradient enters at half weight: limit 3
    CHECK(!runOptimizer(*l, OptimizerKind::Momentum, hb, start, 20000).diverged());

    Hyper nag = defaultsFor(OptimizerKind::Nesterov);
    nag.momentum = 0.5;  // limit 2·1.5/(2·2) = 0.75
    nag.lr = 0.73;
    CHECK(!runOptimizer(*l, OptimizerKind::Nesterov, nag, start, 20000).diverged());
    nag.lr = 0.77;
    const Run nagBad = runOptimizer(*l, OptimizerKind::Nesterov, nag, start, 20000);
    CHECK(nagBad.diverged());
    CHECK(nagBad.hint() == "learning rate 0.77 is above 2(1 + μ)/((1 + 2μ)·λmax) = 0.75 at step 0");
}

TEST_CASE("Lecture 3 / EE-556: tuned heavy ball needs far fewer steps than tuned GD") {
    const double a1 = 1.0, a2 = 0.05;  // Hessian eigenvalues L = 2·α1, m = 2·α2, κ = 20
    const auto l = preset("ill-conditioned", {{"alpha1", a1}, {"alpha2", a2}, {"theta", 30}});
    const Vec2 start = l->info().start;
    const double L = 2 * a1, m = 2 * a2, k = L / m;
    // GD at its best: the lecture's 0.99/α_max, or the rate-optimal 2/(L + m)
    const int gdLecture = stepsTo(*l, OptimizerKind::GD, gdLr(0.99 / a1), start, 1e-8, 100000);
    const int gdOptimal = stepsTo(*l, OptimizerKind::GD, gdLr(2 / (L + m)), start, 1e-8, 100000);
    REQUIRE(gdLecture > 0);
    REQUIRE(gdOptimal > 0);
    const int gd = std::min(gdLecture, gdOptimal);
    // Polyak's tuning: γ = 4/(√L + √m)², μ = ((√κ − 1)/(√κ + 1))²
    Hyper hb = defaultsFor(OptimizerKind::Momentum);
    hb.lr = 4 / std::pow(std::sqrt(L) + std::sqrt(m), 2);
    hb.momentum = std::pow((std::sqrt(k) - 1) / (std::sqrt(k) + 1), 2);
    const int heavy = stepsTo(*l, OptimizerKind::Momentum, hb, start, 1e-8, 100000);
    REQUIRE(heavy > 0);
    MESSAGE("steps to |w − w*| < 1e-8: GD " << gd << ", heavy ball " << heavy);
    // rates: GD (κ − 1)/(κ + 1) = 0.905 per step, heavy ball (√κ − 1)/(√κ + 1) = 0.635
    CHECK(heavy * 3 < gd);
    CHECK(gd > 150);
    CHECK(heavy < 80);
}

TEST_CASE("the trajectory records each step's effective per-coordinate rate") {
    // Adam on the ill-conditioned quadratic: every row k ≥ 1 holds effectiveStep() of the state
    // right after step k, and row 0 holds zeros.
    auto l = preset("ill-conditioned");
    RunConfig c;
    c.optimizer = OptimizerKind::Adam;
    c.hyper = defaultsFor(OptimizerKind::Adam);
    c.hyper.lr = 0.05;
    c.start = Vec2(1.0, 1.0);
    Run run(c);
    run.reset(*l);
    CHECK(run.trajectory()[0].effStep == Vec2::Zero());
    Run replay(c);
    replay.reset(*l);
    for (int k = 1; k <= 30; ++k) {
        const double lr = replay.current().lr;
        REQUIRE(replay.step(*l));
        const Vec2 expect = effectiveStep(c.optimizer, c.hyper, replay.state(), lr);
        REQUIRE(run.step(*l));
        CHECK(run.trajectory()[static_cast<size_t>(k)].effStep == expect);
        // |Δwᵢ| = effStepᵢ·|mᵢ| for Adam
        const Vec2 dw = run.trajectory()[static_cast<size_t>(k)].w - run.trajectory()[static_cast<size_t>(k - 1)].w;
        for (int i = 0; i < 2; ++i)
            CHECK(std::abs(dw[i]) == doctest::Approx(expect[i] * std::abs(run.state().m[i])).epsilon(1e-12));
    }
    // Gradient descent applies lr in both coordinates, scheduled: a step schedule halves it.
    c.optimizer = OptimizerKind::GD;
    c.hyper = gdLr(0.1);
    c.schedule = *parseSchedule("step:every=5,gamma=0.5");
    Run gd(c);
    gd.reset(*l);
    gd.advance(*l, 10);
    CHECK(gd.trajectory()[5].effStep == Vec2::Constant(0.1));
    CHECK(gd.trajectory()[6].effStep == Vec2::Constant(0.05));
}
