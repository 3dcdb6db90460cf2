// Tests for the optimizers added with issue 5 (src/core/optimizer.cpp): AdaGrad, RMSProp, AMSGrad
// and AdamW by hand and against PyTorch 1.13 (tests/data/torch_refs_more.csv, with schedules),
// damped Newton (quadratic convergence, the refusal where H + δI is not positive definite) and
// perturbed gradient descent escaping a strict saddle.
#include <doctest/doctest.h>

#include <map>

#include "helpers.h"

using namespace optiscape;
using testing::stepAt;

using testing::quadGrad;

namespace {

/// Reads "k=v;k=v" into h (centered as 0/1).
void applyHyper(Hyper& h, const std::string& text) {
    std::stringstream ss(text);
    std::string kv;
    while (std::getline(ss, kv, ';')) {
        const size_t eq = kv.find('=');
        const HyperSpec* spec = findHyper(kv.substr(0, eq));
        REQUIRE(spec);
        h.*(spec->field) = *parseNumber(kv.substr(eq + 1));
    }
}

}  // namespace

TEST_CASE("adagrad: the first steps by hand, lr_decay") {
    Hyper h = defaultsFor(OptimizerKind::Adagrad);
    h.lr = 0.1;
    OptimizerState s;
    Vec2 w(1, 1);
    stepAt(OptimizerKind::Adagrad, h, s, w, quadGrad(w), h.lr);
    // s = g² = (4, 400): Δw = −0.1·g/(√s + 1e-10) = −0.1·(2/(2 + 1e-10), 20/(20 + 1e-10))
    CHECK(s.v == Vec2(4, 400));
    CHECK(w[0] == doctest::Approx(1 - 0.1 * 2 / (2 + 1e-10)).epsilon(1e-15));
    CHECK(w[1] == doctest::Approx(1 - 0.1 * 20 / (20 + 1e-10)).epsilon(1e-15));
    const Vec2 g1 = quadGrad(w);
    const Vec2 w1 = w;
    stepAt(OptimizerKind::Adagrad, h, s, w, g1, h.lr);
    CHECK(s.v[0] == doctest::Approx(4 + g1[0] * g1[0]).epsilon(1e-15));
    CHECK(w[0] == doctest::Approx(w1[0] - 0.1 * g1[0] / (std::sqrt(4 + g1[0] * g1[0]) + 1e-10)).epsilon(1e-14));
    // the effective rate only falls: γ/(√s + ε)
    CHECK(effectiveStep(OptimizerKind::Adagrad, h, s, h.lr)[0] ==
          doctest::Approx(0.1 / (std::sqrt(s.v[0]) + 1e-10)).epsilon(1e-15));

    // lr_decay ν = 0.5: step t uses γ/(1 + (t − 1)·ν): steps 1, 2, 3 use γ, γ/1.5, γ/2
    h.lrDecay = 0.5;
    OptimizerState d;
    Vec2 u(1, 0);
    std::vector<double> moved;
    for (int t = 0; t < 3; ++t) {
        const Vec2 g(1, 0);  // a constant gradient: √s = √t, so |Δw| = clr/√t
        const Vec2 before = u;
        stepAt(OptimizerKind::Adagrad, h, d, u, g, h.lr);
        moved.push_back((before - u)[0] * std::sqrt(t + 1.0));
    }
    CHECK(moved[0] == doctest::Approx(0.1).epsilon(1e-9));
    CHECK(moved[1] == doctest::Approx(0.1 / 1.5).epsilon(1e-9));
    CHECK(moved[2] == doctest::Approx(0.1 / 2).epsilon(1e-9));
}

TEST_CASE("rmsprop: plain, centered, momentum by hand") {
    Hyper h = defaultsFor(OptimizerKind::RMSprop);
    h.lr = 0.01;
    OptimizerState s;
    Vec2 w(1, 1);
    stepAt(OptimizerKind::RMSprop, h, s, w, quadGrad(w), h.lr);
    // v = 0.01·g² = (0.04, 4), √v = (0.2, 2): Δw = −0.01·g/(√v + ε) = −0.01·(10, 10) (up to ε)
    CHECK(s.v[0] == doctest::Approx(0.04).epsilon(1e-15));
    CHECK(w[0] == doctest::Approx(1 - 0.01 * 2 / (0.2 + 1e-8)).epsilon(1e-15));
    CHECK(w[1] == doctest::Approx(1 - 0.01 * 20 / (2 + 1e-8)).epsilon(1e-15));
    CHECK(effectiveStep(OptimizerKind::RMSprop, h, s, h.lr)[1] == doctest::Approx(0.01 / (2 + 1e-8)));

    // centered: ḡ = 0.01·g, v − ḡ² = 0.01g² − 0.0001g² = 0.0099·g²
    h.centered = 1;
    OptimizerState c;
    Vec2 u(1, 1);
    stepAt(OptimizerKind::RMSprop, h, c, u, quadGrad(u), h.lr);
    CHECK(c.gavg[0] == doctest::Approx(0.02).epsilon(1e-15));
    CHECK(u[0] == doctest::Approx(1 - 0.01 * 2 / (std::sqrt(0.0099 * 4) + 1e-8)).epsilon(1e-14));

    // momentum μ = 0.5: b ← μ·b + g/d (b starts at zero, unlike SGD's b ← g), w ← w − γ·b
    h.centered = 0;
    h.momentum = 0.5;
    OptimizerState m;
    Vec2 z(1, 1);
    stepAt(OptimizerKind::RMSprop, h, m, z, Vec2(2, 20), h.lr);
    const double d0 = std::sqrt(0.04) + 1e-8;
    CHECK(m.buf[0] == doctest::Approx(2 / d0).epsilon(1e-15));
    stepAt(OptimizerKind::RMSprop, h, m, z, Vec2(2, 20), h.lr);
    const double d1 = std::sqrt(0.99 * 0.04 + 0.04) + 1e-8;
    CHECK(m.buf[0] == doctest::Approx(0.5 * 2 / d0 + 2 / d1).epsilon(1e-14));
}

TEST_CASE("amsgrad keeps the largest v; adamw decays w before Adam's step") {
    Hyper h = defaultsFor(OptimizerKind::AMSGrad);
    h.lr = 0.1;
    OptimizerState s, a;
    Vec2 w(1, 1), u(1, 1);
    // a large gradient, then small ones: v falls, v̂max stays
    for (const Vec2& g : {Vec2(10, 1), Vec2(0.1, 1), Vec2(0.1, 1)}) {
        stepAt(OptimizerKind::AMSGrad, h, s, w, g, h.lr);
        stepAt(OptimizerKind::Adam, h, a, u, g, h.lr);
    }
    CHECK(s.v == a.v);
    CHECK(s.m == a.m);
    CHECK(s.vmax[0] == doctest::Approx(0.001 * 100).epsilon(1e-15));  // v after step 1
    CHECK(s.v[0] < s.vmax[0]);
    CHECK(s.vmax[1] == s.v[1]);  // v of a constant gradient only grows
    CHECK(std::abs(s.delta[0]) < std::abs(a.delta[0]));  // the larger denominator: a smaller step
    CHECK(s.delta[1] == a.delta[1]);

    // AdamW: w ← w·(1 − γλ), then the Adam step without λ·w in the gradient
    Hyper hw = defaultsFor(OptimizerKind::AdamW);
    hw.lr = 0.1;
    hw.weightDecay = 0.5;
    OptimizerState sw, sa;
    Vec2 ww(2, -1), wa(2, -1);
    stepAt(OptimizerKind::AdamW, hw, sw, ww, Vec2(3, 4), hw.lr);
    Hyper plain = hw;
    plain.weightDecay = 0;
    Vec2 decayed = Vec2(2, -1) * (1 - 0.1 * 0.5);
    stepAt(OptimizerKind::Adam, plain, sa, decayed, Vec2(3, 4), plain.lr);
    CHECK(ww == decayed);
    CHECK(sw.m == sa.m);
    // unlike Adam's coupled decay, which changes the gradient the moments see
    OptimizerState sc;
    stepAt(OptimizerKind::Adam, hw, sc, wa, Vec2(3, 4), hw.lr);
    CHECK(sc.m != sw.m);
}

TEST_CASE("adagrad, rmsprop, amsgrad, adamw and the schedules match PyTorch 1.13 step by step") {
    const auto manifest = testing::readCsv("torch_refs_more.csv");
    REQUIRE(manifest.size() == 19);
    CHECK(manifest[0] == std::vector<std::string>{"file", "optimizer", "landscape", "params", "hyper",
                                                  "schedule", "w1", "w2", "steps"});
    std::map<std::string, int> perOptimizer;
    for (size_t r = 1; r < manifest.size(); ++r) {
        const auto& c = manifest[r];
        REQUIRE(c.size() == 9);
        CAPTURE(c[0]);
        const auto kind = parseOptimizer(c[1]);
        REQUIRE(kind);
        auto l = makePreset(c[2]);
        REQUIRE(l);
        testing::applyParams(*l, c[3]);
        RunConfig cfg;
        cfg.optimizer = *kind;
        cfg.hyper = defaultsFor(*kind);
        applyHyper(cfg.hyper, c[4]);
        std::string spec = c[5];
        std::replace(spec.begin(), spec.end(), ';', ',');
        const auto sched = parseSchedule(spec);
        REQUIRE(sched);
        cfg.schedule = *sched;
        cfg.start = Vec2(*parseNumber(c[6]), *parseNumber(c[7]));
        REQUIRE(validate(cfg).empty());
        const int steps = std::stoi(c[8]);
        Run run(cfg);
        run.reset(*l);
        run.advance(*l, steps);
        REQUIRE(!run.stopped());
        const auto ref = testing::readCsv(c[0]);
        REQUIRE(ref.size() == static_cast<size_t>(steps) + 2);
        CHECK(ref[0] == std::vector<std::string>{"step", "w1", "w2", "loss", "lr"});
        REQUIRE(run.trajectory().size() == static_cast<size_t>(steps) + 1);
        for (int k = 0; k <= steps; ++k) {
            const auto& row = ref[k + 1];
            const TrajectoryPoint& p = run.trajectory()[k];
            CAPTURE(k);
            CHECK(std::stoi(row[0]) == k);
            CHECK(testing::close(p.w[0], *parseNumber(row[1]), 1e-12, 1e-14));
            CHECK(testing::close(p.w[1], *parseNumber(row[2]), 1e-12, 1e-14));
            CHECK(testing::close(p.loss, *parseNumber(row[3]), 1e-12, 1e-14));
            CHECK(testing::close(p.lr, *parseNumber(row[4]), 1e-12, 1e-13 * cfg.hyper.lr));
        }
        CHECK((run.current().w - cfg.start).norm() > 1e-3);
        ++perOptimizer[c[1]];
    }
    CHECK(perOptimizer["adagrad"] >= 3);
    CHECK(perOptimizer["rmsprop"] >= 4);
    CHECK(perOptimizer["amsgrad"] >= 2);
    CHECK(perOptimizer["adamw"] >= 2);
}

TEST_CASE("newton: one step on a quadratic, quadratic convergence on Rosenbrock") {
    // on w1² + 10·w2² (H = diag(2, 20)) one full step lands on the minimum
    Hyper h = defaultsFor(OptimizerKind::Newton);
    OptimizerState s;
    Vec2 w(1, 1);
    Mat2 H;
    H << 2, 0, 0, 20;
    CHECK(stepAt(OptimizerKind::Newton, h, s, w, quadGrad(w), h.lr, H) == StepStatus::Ok);
    CHECK(w.norm() < 1e-15);
    // damping δ = 2 shortens the step per direction by λ/(λ + δ): (1 − 2/4, 1 − 20/22)
    h.damping = 2;
    OptimizerState d;
    Vec2 u(1, 1);
    stepAt(OptimizerKind::Newton, h, d, u, quadGrad(u), h.lr, H);
    CHECK(u[0] == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(u[1] == doctest::Approx(1 - 20.0 / 22).epsilon(1e-14));
    CHECK(effectiveStep(OptimizerKind::Newton, h, d, h.lr)[0] == doctest::Approx(0.25).epsilon(1e-15));

    // near Rosenbrock's minimum the error is squared at every step: e_{k+1} ≤ C·e_k², measured
    // C ≤ 700 (the steps alternate between the two directions of the tilted valley)
    const auto l = makePreset("rosenbrock");
    RunConfig cfg;
    cfg.optimizer = OptimizerKind::Newton;
    cfg.hyper = defaultsFor(OptimizerKind::Newton);
    cfg.start = Vec2(1.02, 1.03);
    Run run(cfg);
    run.reset(*l);
    run.advance(*l, 6);
    REQUIRE(run.steps() == 6);
    std::vector<double> e;
    for (const TrajectoryPoint& p : run.trajectory()) e.push_back((p.w - Vec2(1, 1)).norm());
    MESSAGE("newton's errors on rosenbrock: " << e[0] << " " << e[1] << " " << e[2] << " " << e[3]
                                              << " " << e[4] << " " << e[5]);
    for (int k = 0; k + 1 < 6 && e[k + 1] > 1e-14; ++k) {
        CAPTURE(k);
        CHECK(e[k + 1] <= 1000 * e[k] * e[k]);
    }
    CHECK(e[3] < 1e-5);
    CHECK(e[5] < 1e-15);  // from 0.036 to the minimum, exactly, in five steps

    // gradient descent from the same start is nowhere near after the same number of steps
    const Run gd = testing::runOptimizer(*l, OptimizerKind::GD, [] {
        Hyper g = defaultsFor(OptimizerKind::GD);
        g.lr = 1e-3;
        return g;
    }(), cfg.start, 6);
    CHECK((gd.current().w - Vec2(1, 1)).norm() > 1e-2);
}

TEST_CASE("newton refuses where H + δI is not positive definite, and the run says why") {
    const auto saddle = makePreset("saddle");  // H = diag(2, −2) everywhere
    Hyper h = defaultsFor(OptimizerKind::Newton);
    OptimizerState s;
    Vec2 w(0.5, 0.5);
    CHECK(stepAt(OptimizerKind::Newton, h, s, w, saddle->gradient(w), 1.0,
                 saddle->evaluate(w).hessian) == StepStatus::NotPositiveDefinite);
    CHECK(w == Vec2(0.5, 0.5));  // nothing changed
    CHECK(s.t == 0);

    RunConfig cfg;
    cfg.optimizer = OptimizerKind::Newton;
    cfg.hyper = h;
    cfg.start = Vec2(-1.5, 0.05);
    Run run(cfg);
    run.reset(*saddle);
    CHECK(!run.step(*saddle));
    CHECK(run.stopped());
    CHECK(run.stopReason() == StopReason::NotPositiveDefinite);
    CHECK(!run.diverged());
    CHECK(run.stoppedAt() == 1);
    CHECK(run.steps() == 0);
    CHECK(run.stopMessage() ==
          "Newton: H + damping·I is not positive definite at step 1 (λmin = -2); raise the damping above 2");
    CHECK(run.hint().find("eigenvalues are -2 and 2") != std::string::npos);
    // with δ = 1, λmin = −1
    cfg.hyper.damping = 1;
    run.setConfig(cfg);
    run.reset(*saddle);
    run.step(*saddle);
    CHECK(run.stopMessage().find("(λmin = -1); raise the damping above 2") != std::string::npos);
    // above the suggested damping the run proceeds (and heads downhill along w2)
    cfg.hyper.damping = 2.5;
    run.setConfig(cfg);
    run.reset(*saddle);
    CHECK(run.advance(*saddle, 5) == 5);
    CHECK(run.current().loss < run.trajectory().front().loss);

    // a zero eigenvalue is not enough: H + δI must be positive definite
    Mat2 H;
    H << 0, 0, 0, 3;
    OptimizerState t;
    Vec2 z(1, 1);
    CHECK(stepAt(OptimizerKind::Newton, h, t, z, Vec2(1, 1), 1.0, H) == StepStatus::NotPositiveDefinite);
    h.damping = 1e-9;
    CHECK(stepAt(OptimizerKind::Newton, h, t, z, Vec2(1, 1), 1.0, H) == StepStatus::Ok);
}

TEST_CASE("perturbed GD escapes the strict saddle from its stable manifold; GD converges to it") {
    // w1² − w2² started on w2 = 0: GD's w2 stays exactly 0, w1 → 0: it converges to the saddle
    const auto l = makePreset("saddle");
    const Vec2 start(1.0, 0.0);
    Hyper gd = defaultsFor(OptimizerKind::GD);
    gd.lr = 0.1;
    const Run plain = testing::runOptimizer(*l, OptimizerKind::GD, gd, start, 300);
    REQUIRE(!plain.stopped());
    CHECK(plain.current().w[1] == 0.0);
    CHECK(plain.current().w.norm() < 1e-20);
    CHECK(plain.current().gradNorm < 1e-20);

    Hyper pg = defaultsFor(OptimizerKind::PerturbedGD);
    pg.lr = 0.1;
    pg.radius = 0.01;
    pg.threshold = 1e-3;
    pg.every = 50;
    RunConfig cfg;
    cfg.optimizer = OptimizerKind::PerturbedGD;
    cfg.hyper = pg;
    cfg.start = start;
    cfg.seed = 7;
    Run run(cfg);
    run.reset(*l);
    run.advance(*l, 300);
    // the first jump comes at the first point where |g| = 2|w1| ≤ 1e-3, i.e. |w1| = 0.8ᵏ ≤ 5e-4
    // (k = 35), so point 36 is the first off the manifold; then w2 grows by 1.2 per step until
    // |w| passes 1e6: the loss has no minimum that way
    const auto& tr = run.trajectory();
    int first = -1;
    for (size_t k = 1; k < tr.size() && first < 0; ++k)
        if (tr[k].w[1] != 0.0) first = static_cast<int>(k);
    CHECK(first == 36);
    CHECK(run.state().jumps >= 1);
    CHECK(run.diverged());
    CHECK(run.hint() == "the loss kept falling: the landscape has no minimum in this direction");
    CHECK(std::abs(run.current().w[1]) > 1e5);
    // every jump lies in the disc of radius r, and there is at most one per 50 steps
    SplitMix64 rng = SplitMix64::stream(7, kPerturbStream);
    const Vec2 xi = rng.inDisc(0.01);
    CHECK(xi.norm() <= 0.01);
    CHECK(tr[36].w[1] == xi[1]);  // w2 = 0 − γ·0 + ξ₂ exactly
    CHECK(tr[36].w[0] == doctest::Approx(tr[35].w[0] * 0.8 + xi[0]).epsilon(1e-15));

    // the jump counter respects the spacing: on a flat landscape (g = 0) it jumps at t = 0, 50, ...
    Hyper flat = pg;
    OptimizerState s;
    s.rng = SplitMix64::stream(3, kPerturbStream);
    Vec2 w = Vec2::Zero();
    std::vector<long> at;
    for (int k = 0; k < 160; ++k) {
        const int before = s.jumps;
        stepAt(OptimizerKind::PerturbedGD, flat, s, w, Vec2::Zero(), flat.lr);
        if (s.jumps > before) at.push_back(k);
        CHECK(s.jump.norm() <= flat.radius);
    }
    CHECK(at == std::vector<long>{0, 50, 100, 150});
}

TEST_CASE("uniform in the disc: the radius law P(|ξ| ≤ ρ) = (ρ/r)²") {
    SplitMix64 rng = SplitMix64::stream(11, kPerturbStream);
    int inner = 0, quadrant = 0;
    const int n = 40000;
    for (int i = 0; i < n; ++i) {
        const Vec2 xi = rng.inDisc(2.0);
        CHECK_FALSE(xi.norm() > 2.0);
        inner += xi.norm() <= 1.0;
        quadrant += xi[0] > 0 && xi[1] > 0;
    }
    // (1/2)² = 1/4 of the points within half the radius; a quarter in each quadrant (4σ bounds)
    CHECK(std::abs(inner / double(n) - 0.25) < 4 * std::sqrt(0.25 * 0.75 / n));
    CHECK(std::abs(quadrant / double(n) - 0.25) < 4 * std::sqrt(0.25 * 0.75 / n));
}
