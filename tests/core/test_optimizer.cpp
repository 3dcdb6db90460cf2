// Tests for src/core/optimizer.cpp: the tables, validation, the first steps of every optimizer
// worked by hand on L = w1² + 10·w2², and PyTorch 1.13 reference trajectories (tests/data,
// written by tests/reference/make_torch_refs.py).
#include <doctest/doctest.h>

#include "helpers.h"

using namespace optiscape;

using testing::quadGrad;

namespace {

/// Steps `kind` on the quadratic from (1, 1) and returns w after each step.
std::vector<Vec2> quadSteps(OptimizerKind kind, const Hyper& h, int n) {
    OptimizerState s;
    Vec2 w(1, 1);
    std::vector<Vec2> out;
    for (int k = 0; k < n; ++k) {
        testing::stepAt(kind, h, s, w, quadGrad(w), h.lr);
        out.push_back(w);
    }
    return out;
}

void checkPoint(const Vec2& got, double w1, double w2, double tol = 1e-14) {
    CHECK(got[0] == doctest::Approx(w1).epsilon(tol));
    CHECK(got[1] == doctest::Approx(w2).epsilon(tol));
}

}  // namespace

TEST_CASE("the optimizer table and hyperparameter declarations") {
    const auto& t = optimizers();
    REQUIRE(t.size() == 10);
    std::vector<std::string> names;
    for (const OptimizerInfo& o : t) names.push_back(o.name);
    CHECK(names == std::vector<std::string>{"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                                            "amsgrad", "adamw", "newton", "perturbed-gd"});
    CHECK(t[0].hypers == std::vector<std::string>{"lr", "weight-decay"});
    CHECK(t[1].hypers == std::vector<std::string>{"lr", "momentum", "dampening", "weight-decay"});
    CHECK(t[2].hypers == std::vector<std::string>{"lr", "momentum", "weight-decay"});
    CHECK(optimizerInfo(OptimizerKind::Adam).hypers ==
          std::vector<std::string>{"lr", "beta1", "beta2", "eps", "weight-decay"});
    CHECK(optimizerInfo(OptimizerKind::RMSprop).hypers ==
          std::vector<std::string>{"lr", "alpha", "eps", "momentum", "centered", "weight-decay"});
    CHECK(optimizerInfo(OptimizerKind::Adagrad).hypers ==
          std::vector<std::string>{"lr", "lr-decay", "eps", "weight-decay"});
    CHECK(optimizerInfo(OptimizerKind::Newton).hypers == std::vector<std::string>{"lr", "damping"});
    CHECK(optimizerInfo(OptimizerKind::PerturbedGD).hypers ==
          std::vector<std::string>{"lr", "radius", "threshold", "every"});
    int inTable = 0;
    for (const OptimizerInfo& o : t) {
        CAPTURE(o.name);
        CHECK(parseOptimizer(o.name) == o.kind);
        CHECK(&optimizerInfo(o.kind) == &o);
        const bool torch = o.kind != OptimizerKind::Newton && o.kind != OptimizerKind::PerturbedGD;
        CHECK((o.torch.find("torch.optim.") == 0) == torch);
        CHECK(o.rule.find("γ") != std::string::npos);
        CHECK(!o.title.empty());
        CHECK(!o.stateHelp.empty());
        // three cells G_t | α_t | β_t
        CHECK(o.lectureRow.find(" | ") != std::string::npos);
        CHECK(o.lectureRow.find(" | ", o.lectureRow.find(" | ") + 3) != std::string::npos);
        inTable += o.lectureTable;
        for (const std::string& h : o.hypers) CHECK(findHyper(h) != nullptr);
    }
    CHECK(inTable == 5);  // EE-556's columns: SGD, HB, AdaGrad, RMSProp, Adam
    CHECK(optimizerInfo(OptimizerKind::GD).lectureRow == "I | γ_t | 0");
    CHECK(optimizerInfo(OptimizerKind::Adagrad).lectureRow == "G_{t−1} + D_t | γ_t | 0");
    CHECK(!parseOptimizer("sgd"));
    CHECK(!parseOptimizer("Adam"));
    CHECK(findHyper("foo") == nullptr);

    // each declaration's default is the value of the field in a default Hyper (lr: SGD family)
    const Hyper d;
    for (const HyperSpec& h : hyperSpecs()) {
        CAPTURE(h.spec.name);
        CHECK(h.spec.def == d.*(h.field));
        CHECK(h.spec.contains(h.spec.def));
        CHECK(h.spec.min < h.spec.max);
        CHECK(!h.spec.symbol.empty());
        CHECK(!h.spec.help.empty());
    }
    CHECK(findHyper("lr")->spec.logScale);
    CHECK(findHyper("eps")->spec.logScale);
    CHECK(findHyper("lr")->spec.min == 1e-6);
    CHECK(findHyper("momentum")->spec.max < 1.0);  // torch requires momentum < 1 for stability
    CHECK(findHyper("beta2")->spec.max < 1.0);
    CHECK(defaultsFor(OptimizerKind::Adam).lr == 0.001);
    CHECK(defaultsFor(OptimizerKind::GD).lr == 0.01);
    CHECK(defaultsFor(OptimizerKind::Momentum).momentum == 0.9);
    CHECK(defaultsFor(OptimizerKind::Nesterov).lr == 0.01);
    CHECK(defaultsFor(OptimizerKind::Adam).beta2 == 0.999);
    // torch's defaults of the other optimizers
    CHECK(defaultsFor(OptimizerKind::Adagrad).lr == 0.01);
    CHECK(defaultsFor(OptimizerKind::Adagrad).eps == 1e-10);
    CHECK(defaultsFor(OptimizerKind::Adagrad).lrDecay == 0);
    CHECK(defaultsFor(OptimizerKind::RMSprop).lr == 0.01);
    CHECK(defaultsFor(OptimizerKind::RMSprop).alpha == 0.99);
    CHECK(defaultsFor(OptimizerKind::RMSprop).eps == 1e-8);
    CHECK(defaultsFor(OptimizerKind::RMSprop).momentum == 0);
    CHECK(defaultsFor(OptimizerKind::RMSprop).centered == 0);
    CHECK(defaultsFor(OptimizerKind::AMSGrad).lr == 0.001);
    CHECK(defaultsFor(OptimizerKind::AdamW).lr == 0.001);
    CHECK(defaultsFor(OptimizerKind::AdamW).weightDecay == 0.01);
    CHECK(defaultsFor(OptimizerKind::Newton).lr == 1);
    CHECK(defaultsFor(OptimizerKind::Newton).damping == 0);
    // a switch and a count among the settings
    CHECK(findHyper("centered")->spec.isBool);
    CHECK(!findHyper("centered")->spec.contains(0.5));
    CHECK(findHyper("every")->spec.isInteger);
    CHECK(!findHyper("every")->spec.contains(2.5));
    CHECK(findHyper("every")->spec.rangeMessage() == "every must be a whole number in [1, 100000]");
    CHECK(findHyper("centered")->spec.rangeMessage() == "centered must be 0 or 1");
}

TEST_CASE("validate checks the fields an optimizer uses") {
    for (const OptimizerInfo& o : optimizers()) CHECK(validate(o.kind, defaultsFor(o.kind)).empty());
    Hyper h = defaultsFor(OptimizerKind::GD);
    h.lr = 0;
    CHECK(validate(OptimizerKind::GD, h) == "lr must be in [1e-06, 10]");
    h.lr = 11;
    CHECK(validate(OptimizerKind::GD, h) == "lr must be in [1e-06, 10]");
    h.lr = std::nan("");
    CHECK(!validate(OptimizerKind::GD, h).empty());
    h = defaultsFor(OptimizerKind::GD);
    h.beta1 = 5;  // not used by gd: ignored
    CHECK(validate(OptimizerKind::GD, h).empty());
    CHECK(validate(OptimizerKind::Adam, h) == "beta1 must be in [0, 0.999]");
    h = defaultsFor(OptimizerKind::Momentum);
    h.momentum = 1.0;
    CHECK(validate(OptimizerKind::Momentum, h) == "momentum must be in [0, 0.999]");
    h.momentum = 0.9;
    h.dampening = 0.5;
    CHECK(validate(OptimizerKind::Momentum, h).empty());
    CHECK(validate(OptimizerKind::Nesterov, h) == "nesterov needs dampening = 0");
    h.dampening = 0;
    h.momentum = 0;
    CHECK(validate(OptimizerKind::Nesterov, h) == "nesterov needs momentum > 0");
    h = defaultsFor(OptimizerKind::Adam);
    h.weightDecay = 2;
    CHECK(validate(OptimizerKind::Adam, h) == "weight-decay must be in [0, 1]");
    h.weightDecay = 0;
    h.eps = 0;
    CHECK(validate(OptimizerKind::Adam, h) == "eps must be in [1e-12, 1]");
}

TEST_CASE("gd: the first steps by hand on w1² + 10·w2²") {
    Hyper h;
    h.lr = 0.1;
    const auto w = quadSteps(OptimizerKind::GD, h, 2);
    // g0 = (2, 20): w1 = (1 − 0.2, 1 − 2) = (0.8, −1)
    checkPoint(w[0], 0.8, -1);
    // g1 = (1.6, −20): w2 = (0.8 − 0.16, −1 + 2) = (0.64, 1)
    checkPoint(w[1], 0.64, 1);

    // coupled weight decay 0.5: g0 = (2, 20) + 0.5·(1, 1) = (2.5, 20.5): w1 = (0.75, −1.05)
    h.weightDecay = 0.5;
    checkPoint(quadSteps(OptimizerKind::GD, h, 1)[0], 0.75, -1.05);
}

TEST_CASE("momentum: the first steps by hand, with and without dampening") {
    Hyper h;
    h.lr = 0.1;
    h.momentum = 0.9;
    const auto w = quadSteps(OptimizerKind::Momentum, h, 3);
    // step 1: b = g0 = (2, 20) (torch clones the gradient), w1 = (0.8, −1)
    checkPoint(w[0], 0.8, -1);
    // step 2: g1 = (1.6, −20), b = 0.9·(2, 20) + (1.6, −20) = (3.4, −2), w2 = (0.46, −0.8)
    checkPoint(w[1], 0.46, -0.8);
    // step 3: g2 = (0.92, −16), b = 0.9·(3.4, −2) + (0.92, −16) = (3.98, −17.8),
    //         w3 = (0.46 − 0.398, −0.8 + 1.78) = (0.062, 0.98)
    checkPoint(w[2], 0.062, 0.98, 1e-13);

    // dampening τ = 0.5 is not applied on the first step: b = (2, 20), w1 = (0.8, −1);
    // step 2: b = 0.9·(2, 20) + 0.5·(1.6, −20) = (2.6, 8), w2 = (0.8 − 0.26, −1 − 0.8)
    h.dampening = 0.5;
    const auto d = quadSteps(OptimizerKind::Momentum, h, 2);
    checkPoint(d[0], 0.8, -1);
    checkPoint(d[1], 0.54, -1.8);

    // μ = 0 makes heavy ball plain gradient descent
    h.momentum = 0;
    h.dampening = 0;
    const auto z = quadSteps(OptimizerKind::Momentum, h, 5);
    const auto g = quadSteps(OptimizerKind::GD, h, 5);
    for (int k = 0; k < 5; ++k) CHECK(z[k] == g[k]);
}

TEST_CASE("nesterov: the first steps by hand") {
    Hyper h;
    h.lr = 0.1;
    h.momentum = 0.9;
    const auto w = quadSteps(OptimizerKind::Nesterov, h, 2);
    // step 1: b = g0 = (2, 20), d = g0 + 0.9·b = (3.8, 38), w1 = (1 − 0.38, 1 − 3.8) = (0.62, −2.8)
    checkPoint(w[0], 0.62, -2.8);
    // step 2: g1 = (1.24, −56), b = 0.9·(2, 20) + g1 = (3.04, −38),
    //         d = g1 + 0.9·b = (3.976, −90.2), w2 = (0.62 − 0.3976, −2.8 + 9.02) = (0.2224, 6.22)
    checkPoint(w[1], 0.2224, 6.22, 1e-13);
}

TEST_CASE("adam: the first steps by hand") {
    Hyper h = defaultsFor(OptimizerKind::Adam);
    h.lr = 0.1;
    OptimizerState s;
    Vec2 w(1, 1);
    testing::stepAt(OptimizerKind::Adam, h, s, w, quadGrad(w), h.lr);
    // step 1: m = 0.1·(2, 20) = (0.2, 2), v = 0.001·(4, 400) = (0.004, 0.4), c1 = 0.1, c2 = 0.001,
    //         √v/√c2 = (2, 20): Δw = −(0.1/0.1)·m/(√v/√c2 + ε) = −(0.2/(2 + 1e-8), 2/(20 + 1e-8))
    //         — the first Adam step is lr·sign(g) in every coordinate, up to ε
    CHECK(s.t == 1);
    CHECK(s.m[0] == doctest::Approx(0.2).epsilon(1e-15));
    CHECK(s.v[1] == doctest::Approx(0.4).epsilon(1e-15));
    checkPoint(w, 1 - 0.2 / (2 + 1e-8), 1 - 2 / (20 + 1e-8));
    const Vec2 w1 = w;
    testing::stepAt(OptimizerKind::Adam, h, s, w, quadGrad(w), h.lr);
    // step 2: g1 = (2·w1, 20·w1') ≈ (1.8, 18): m = 0.9·m + 0.1·g1 ≈ (0.36, 3.6),
    //         v = 0.999·v + 0.001·g1² ≈ (0.007236, 0.7236), c1 = 1 − 0.81 = 0.19,
    //         c2 = 1 − 0.999² = 0.001999: Δw = −(0.1/0.19)·m/(√(v/c2) + ε)
    const Vec2 g1 = quadGrad(w1);
    const Vec2 m = 0.9 * Vec2(0.2, 2) + 0.1 * g1;
    const Vec2 v(0.999 * 0.004 + 0.001 * g1[0] * g1[0], 0.999 * 0.4 + 0.001 * g1[1] * g1[1]);
    CHECK(m[0] == doctest::Approx(0.36).epsilon(1e-8));
    CHECK(v[1] == doctest::Approx(0.7236).epsilon(1e-8));
    const double c1 = 0.19, c2 = 0.001999;
    checkPoint(w, w1[0] - (0.1 / c1) * m[0] / (std::sqrt(v[0] / c2) + 1e-8),
               w1[1] - (0.1 / c1) * m[1] / (std::sqrt(v[1] / c2) + 1e-8), 1e-12);
    // Adam is invariant to scaling a coordinate's gradient: both coordinates moved alike
    CHECK((1 - w[0]) == doctest::Approx(1 - w[1]).epsilon(1e-6));
    CHECK((1 - w[0]) == doctest::Approx(0.1 + 0.1 / 0.19 * 0.36 / std::sqrt(0.007236 / 0.001999)).epsilon(1e-6));
}

TEST_CASE("effectiveStep: lr for the SGD family, Adam's per-coordinate rate") {
    Hyper h = defaultsFor(OptimizerKind::Adam);
    h.lr = 0.05;
    OptimizerState s;
    CHECK(effectiveStep(OptimizerKind::Adam, h, s, h.lr) == Vec2::Zero());
    CHECK(effectiveStep(OptimizerKind::GD, h, s, 0.3) == Vec2(0.3, 0.3));
    CHECK(effectiveStep(OptimizerKind::Momentum, h, s, 0.3) == Vec2(0.3, 0.3));
    Vec2 w(1.5, -0.7);
    for (int k = 0; k < 20; ++k) {
        const Vec2 before = w;
        testing::stepAt(OptimizerKind::Adam, h, s, w, quadGrad(w), h.lr);
        const Vec2 eff = effectiveStep(OptimizerKind::Adam, h, s, h.lr);
        for (int i = 0; i < 2; ++i)
            CHECK(std::abs(w[i] - before[i]) == doctest::Approx(eff[i] * std::abs(s.m[i])).epsilon(1e-12));
    }
}

TEST_CASE("trajectories match PyTorch 1.13 (float64) step by step") {
    const auto manifest = testing::readCsv("torch_refs.csv");
    REQUIRE(manifest.size() >= 13);
    const auto& head = manifest[0];
    REQUIRE(head.size() == 14);
    CHECK(head[0] == "file");
    int cases = 0;
    for (size_t r = 1; r < manifest.size(); ++r) {
        const auto& c = manifest[r];
        REQUIRE(c.size() == 14);
        CAPTURE(c[0]);
        const auto kind = parseOptimizer(c[1]);
        REQUIRE(kind);
        auto l = makePreset(c[2]);
        REQUIRE(l);
        testing::applyParams(*l, c[3]);
        Hyper h;
        h.lr = *parseNumber(c[4]);
        h.momentum = *parseNumber(c[5]);
        h.dampening = *parseNumber(c[6]);
        h.beta1 = *parseNumber(c[7]);
        h.beta2 = *parseNumber(c[8]);
        h.eps = *parseNumber(c[9]);
        h.weightDecay = *parseNumber(c[10]);
        REQUIRE(validate(*kind, h).empty());
        const Vec2 start(*parseNumber(c[11]), *parseNumber(c[12]));
        const int steps = std::stoi(c[13]);
        const Run run = testing::runOptimizer(*l, *kind, h, start, steps);
        REQUIRE(!run.diverged());
        const auto ref = testing::readCsv(c[0]);
        REQUIRE(ref.size() == static_cast<size_t>(steps) + 2);
        CHECK(ref[0] == std::vector<std::string>{"step", "w1", "w2", "loss"});
        REQUIRE(run.trajectory().size() == static_cast<size_t>(steps) + 1);
        for (int k = 0; k <= steps; ++k) {
            const auto& row = ref[k + 1];
            const TrajectoryPoint& p = run.trajectory()[k];
            CAPTURE(k);
            CHECK(std::stoi(row[0]) == k);
            // measured: agreement to ~3e-14 relative (autograd orders some products differently)
            CHECK(testing::close(p.w[0], *parseNumber(row[1]), 1e-12, 1e-14));
            CHECK(testing::close(p.w[1], *parseNumber(row[2]), 1e-12, 1e-14));
            CHECK(testing::close(p.loss, *parseNumber(row[3]), 1e-12, 1e-14));
        }
        // the runs are not trivially short: each moved the point
        CHECK((run.current().w - start).norm() > 1e-3);
        ++cases;
    }
    CHECK(cases == static_cast<int>(manifest.size()) - 1);
}
