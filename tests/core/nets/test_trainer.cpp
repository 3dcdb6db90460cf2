// Tests of training (src/core/nets/trainer.cpp, problem.cpp) and of the one optimizer rule for
// every dimension: step() on a parameter vector gives a 2-D point's numbers bit for bit, a run's
// rows are measured at the right weights, minibatches, coupled weight decay by hand, early
// stopping, divergence, and the problem set-up's checks.
#include <doctest/doctest.h>

#include <cmath>

#include "../helpers.h"
#include "core/nets/problem.h"
#include "core/nets/trainer.h"

using namespace optiscape;
using namespace optiscape::nets;

namespace {

NetSpec spiralSpec(int n = 120) {
    NetSpec s;
    s.data.name = "two-moons";
    s.data.n = n;
    s.data.noise = 0.3;
    s.arch = {2, 6, 1};
    return s;
}

Prepared prepared(const NetSpec& spec) {
    std::string err;
    auto p = prepare(spec, nullptr, &err);
    REQUIRE_MESSAGE(p, err);
    return *p;
}

RunConfig config(OptimizerKind k, double lr) {
    RunConfig c;
    c.optimizer = k;
    c.hyper = defaultsFor(k);
    c.hyper.lr = lr;
    return c;
}

}  // namespace

TEST_CASE("one rule for every dimension: step() on a 2-vector of VecX gives Vec2's numbers bit for bit") {
    for (const OptimizerInfo& o : optimizers()) {
        if (o.kind == OptimizerKind::PerturbedGD) continue;  // its jump is drawn per dimension (disc / ball)
        CAPTURE(o.name);
        Hyper h = defaultsFor(o.kind);
        h.weightDecay = o.kind == OptimizerKind::Newton ? 0.0 : 0.01;
        if (o.kind == OptimizerKind::RMSprop) h.momentum = 0.5, h.centered = 1;
        if (o.kind == OptimizerKind::Newton) h.damping = 3.0;
        OptimizerState s2;
        OptimizerStateN sn;
        Vec2 w2(0.7, -1.3);
        VecX wn(2);
        wn << 0.7, -1.3;
        testing::Rng rng(3);
        for (int t = 0; t < 25; ++t) {
            StepContext c2;
            c2.grad = Vec2(rng.uniform(-2, 2), rng.uniform(-2, 2));
            c2.lr = 0.05 * (1 + 0.1 * t);
            c2.hessian << 4.0, 0.5, 0.5, 2.0;
            StepContextN cn;
            cn.grad = c2.grad;
            cn.lr = c2.lr;
            cn.hessian = c2.hessian;
            REQUIRE(step(o.kind, h, s2, w2, c2) == StepStatus::Ok);
            REQUIRE(step(o.kind, h, sn, wn, cn) == StepStatus::Ok);
            if (o.kind == OptimizerKind::Newton) {
                // Cholesky instead of the 2×2 closed form: the same to rounding
                CHECK((wn - VecX(w2)).norm() <= 1e-13 * (1 + w2.norm()));
                wn = w2;
            } else {
                CHECK(wn[0] == w2[0]);
                CHECK(wn[1] == w2[1]);
            }
        }
        CHECK(sn.t == s2.t);
        if (o.kind != OptimizerKind::Newton) CHECK(VecX(s2.v) == sn.v);
    }
}

TEST_CASE("perturbed GD in n dimensions: jumps uniform in the ball of radius r") {
    Hyper h = defaultsFor(OptimizerKind::PerturbedGD);
    h.radius = 0.5;
    h.threshold = 1e9;  // always due
    h.every = 1;
    OptimizerStateN s;
    s.rng = SplitMix64::stream(4, kPerturbStream);
    const int n = 5, draws = 4000;
    double inHalf = 0;
    for (int i = 0; i < draws; ++i) {
        VecX w = VecX::Zero(n);
        StepContextN c;
        c.grad = VecX::Zero(n);
        c.lr = 0.1;
        step(OptimizerKind::PerturbedGD, h, s, w, c);
        CHECK(w.norm() <= 0.5 * (1 + 1e-12));
        if (w.norm() <= 0.25) inHalf += 1;
    }
    // a uniform point of the 5-ball lies within half the radius with probability (1/2)⁵
    CHECK(std::abs(inHalf / draws - 1.0 / 32) < 0.012);
}

TEST_CASE("training: row 0 holds the initial weights' loss, each row the full-set loss at its weights") {
    const Prepared p = prepared(spiralSpec());
    const VecX theta0 = initialParameters(p.model, InitSpec{}, 2);
    NetRun run(config(OptimizerKind::GD, 0.5));
    run.reset(p.problem, theta0);
    Backprop bp(p.model);
    VecX g;
    CHECK(run.current().loss == bp.gradient(theta0, p.problem.train, g));
    CHECK(run.current().gradNorm == doctest::Approx(g.norm()).epsilon(1e-15));
    REQUIRE(run.advance(p.problem, 200) == 200);
    CHECK(run.current().loss == bp.loss(run.theta(), p.problem.train));
    CHECK(run.current().loss < 0.5 * run.trajectory()[0].loss);
    CHECK(run.current().trainAcc > 0.8);
    CHECK(std::isnan(run.current().testLoss));  // no test set
    CHECK(run.current().layerGradNorm.size() == 2);
    // one full-batch GD step by hand: θ₁ = θ₀ − γ∇L(θ₀)
    NetRun one(config(OptimizerKind::GD, 0.5));
    one.reset(p.problem, theta0);
    one.step(p.problem);
    CHECK((one.theta() - (theta0 - 0.5 * g)).norm() == 0.0);
}

TEST_CASE("training: coupled weight decay as torch — g + λθ for SGD, decoupled for AdamW") {
    const Prepared p = prepared(spiralSpec(40));
    const VecX theta0 = initialParameters(p.model, InitSpec{}, 5);
    Backprop bp(p.model);
    VecX g;
    bp.gradient(theta0, p.problem.train, g);
    RunConfig c = config(OptimizerKind::GD, 0.1);
    c.hyper.weightDecay = 0.3;
    NetRun sgd(c);
    sgd.reset(p.problem, theta0);
    sgd.step(p.problem);
    CHECK((sgd.theta() - (theta0 - 0.1 * (g + 0.3 * theta0))).norm() <= 1e-15 * theta0.norm());
    RunConfig cw = config(OptimizerKind::AdamW, 0.01);
    cw.hyper.weightDecay = 0.3;
    NetRun adamw(cw);
    adamw.reset(p.problem, theta0);
    adamw.step(p.problem);
    // first Adam step: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) after the decay θ·(1 − lr·λ)
    const VecX expect = theta0 * (1 - 0.01 * 0.3) - (0.01 * g.array() / (g.array().abs() + 1e-8)).matrix();
    CHECK((adamw.theta() - expect).norm() <= 1e-14);
}

TEST_CASE("training: minibatches are the run's sampler's, and a batch of every sample is the full batch") {
    const Prepared p = prepared(spiralSpec(60));
    const VecX theta0 = initialParameters(p.model, InitSpec{}, 1);
    RunConfig c = config(OptimizerKind::GD, 0.3);
    c.batch = 8;
    c.seed = 9;
    NetRun a(c), b(c);
    a.reset(p.problem, theta0);
    b.reset(p.problem, theta0);
    a.advance(p.problem, 30);
    b.advance(p.problem, 30);
    CHECK(a.theta() == b.theta());  // the seed replays the same batches
    // by hand: the first step's gradient is the mean over the sampler's first batch
    BatchSampler sampler(p.problem.train.n, 8, SplitMix64::stream(9, kBatchStream));
    int count = 0;
    const int* idx = sampler.next(&count);
    Batch mb;
    gatherBatch(p.problem.train, idx, count, mb);
    Backprop bp(p.model);
    VecX g;
    bp.gradient(theta0, mb, g);
    NetRun one(c);
    one.reset(p.problem, theta0);
    one.step(p.problem);
    CHECK((one.theta() - (theta0 - 0.3 * g)).norm() == 0.0);
    c.seed = 10;
    NetRun other(c);
    other.reset(p.problem, theta0);
    other.advance(p.problem, 30);
    CHECK(other.theta() != a.theta());
}

TEST_CASE("training: early stopping keeps the lowest test loss and ends P steps after it") {
    NetSpec spec;
    spec.data.name = "gaussian-mixture";
    spec.data.n = 40;
    spec.data.noise = 1.6;
    spec.data.params["flip"] = 0.2;
    spec.arch = {2, 64, 64, 1};
    spec.testFraction = 0.5;
    spec.patience = 50;
    const Prepared p = prepared(spec);
    const VecX theta0 = initialParameters(p.model, InitSpec{}, 1);
    NetRun run(config(OptimizerKind::Adam, 0.01));
    run.reset(p.problem, theta0);
    run.advance(p.problem, 5000);
    REQUIRE(run.stopReason() == TrainStop::EarlyStopped);
    const int best = run.earlyStopStep();
    CHECK(run.steps() == best + 50);
    double lowest = 1e300;
    int at = -1;
    for (int k = 0; k < static_cast<int>(run.trajectory().size()); ++k)
        if (run.trajectory()[static_cast<size_t>(k)].testLoss < lowest)
            lowest = run.trajectory()[static_cast<size_t>(k)].testLoss, at = k;
    CHECK(at == best);
    Backprop bp(p.model);
    CHECK(bp.loss(run.bestTheta(), p.problem.test) == doctest::Approx(lowest).epsilon(1e-14));
    CHECK(run.stopMessage().find("early stop at step " + std::to_string(best + 50)) == 0);
    // the test loss turned up while the training loss kept falling: over-fitting
    CHECK(run.current().loss < run.trajectory()[static_cast<size_t>(best)].loss);
}

TEST_CASE("training: a diverging run stops with a message and keeps only finite rows") {
    const Prepared p = prepared(spiralSpec(60));
    NetRun run(config(OptimizerKind::GD, 1e6));
    run.reset(p.problem, initialParameters(p.model, InitSpec{}, 1));
    run.advance(p.problem, 100);
    REQUIRE(run.diverged());
    CHECK(run.stopMessage().rfind("diverged at step ", 0) == 0);
    for (const TrainPoint& t : run.trajectory()) CHECK(std::isfinite(t.loss));
    CHECK(run.theta().allFinite());
    CHECK_FALSE(run.step(p.problem));
}

TEST_CASE("training: Newton on a small network, refused when too large") {
    const Prepared p = prepared(spiralSpec(40));
    RunConfig c = config(OptimizerKind::Newton, 1.0);
    c.hyper.damping = 1.0;
    NetRun run(c);
    run.reset(p.problem, initialParameters(p.model, InitSpec{}, 1));
    const double l0 = run.current().loss;
    run.advance(p.problem, 10);
    CHECK(run.current().loss < l0);
    NetSpec big = spiralSpec(40);
    big.arch = {2, 32, 32, 1};
    const Prepared q = prepared(big);
    NetRun refused(c);
    refused.reset(q.problem, initialParameters(q.model, InitSpec{}, 1));
    CHECK(refused.stopReason() == TrainStop::TooLargeForNewton);
    CHECK(refused.stopMessage().find("at most 400 parameters") != std::string::npos);
}

TEST_CASE("prepare: the arch's ends follow the data; misfits are explained") {
    NetSpec s = spiralSpec(50);
    s.arch = {7, 5, 9};
    Prepared p = prepared(s);
    CHECK(p.model.widths == std::vector<int>{2, 5, 1});
    CHECK(p.model.loss == LossKind::BCE);
    s.data.name = "spiral";
    s.data.params["arms"] = 3;
    p = prepared(s);
    CHECK(p.model.widths == std::vector<int>{2, 5, 3});
    CHECK(p.model.loss == LossKind::CE);
    s.loss = LossKind::BCE;
    std::string err;
    CHECK_FALSE(prepare(s, nullptr, &err));
    CHECK(err.find("use ce") != std::string::npos);
    NetSpec f = spiralSpec(50);
    REQUIRE(parseFeatures("x1,x2,x1^2,x2^2,x1*x2", f, &err));
    p = prepared(f);
    CHECK(p.model.inputs() == 5);
    CHECK(p.problem.train.inputs == 5);
    CHECK_FALSE(parseFeatures("x1,x3", f, &err));
    CHECK(err.find("unknown feature 'x3'") != std::string::npos);
    NetSpec sine;
    sine.data.name = "sine";
    sine.data.n = 30;
    sine.polyDegree = 5;
    sine.arch = {1, 1};
    p = prepared(sine);
    CHECK(p.model.widths == std::vector<int>{5, 1});
    CHECK(p.model.loss == LossKind::MSE);
    NetSpec split = spiralSpec(100);
    split.testFraction = 0.3;
    p = prepared(split);
    CHECK(p.problem.train.n == 70);
    CHECK(p.problem.test.n == 30);
    split.testFraction = 0;
    split.patience = 10;
    CHECK_FALSE(prepare(split, nullptr, &err));
    CHECK(err.find("test fraction") != std::string::npos);
}
