// Tests for the landscape library (src/core/presets_library.cpp and the menu order): lecture
// groups, every preset's formula against its value(), and each preset's stationary points by
// count and type (the generic checks — ∇L = 0, Hessian type, Newton's search — are in
// test_landscape.cpp).
#include <doctest/doctest.h>

#include <Eigen/LU>
#include <map>

#include "core/formula/formula.h"
#include "core/presets_library.h"
#include "helpers.h"

using namespace optiscape;
using testing::preset;
using testing::Rng;

namespace {

std::map<PointType, int> countTypes(const Landscape& l) {
    std::map<PointType, int> n;
    for (const StationaryPoint& p : l.stationaryPoints()) ++n[p.type];
    return n;
}

int countLabel(const Landscape& l, const std::string& label) {
    int n = 0;
    for (const StationaryPoint& p : l.stationaryPoints()) n += p.label == label;
    return n;
}

}  // namespace

TEST_CASE("at least 16 presets, grouped by lecture in menu order, yarotsky first") {
    const std::vector<std::string> order = {"Yarotsky", "Lecture 3", "EE-556", "LeCun / GSI", "Lucchi",
                                            "Classic test functions"};
    CHECK(presetNames().size() >= 16);
    CHECK(presetNames()[0] == "yarotsky");
    size_t g = 0;
    std::map<std::string, int> perGroup;
    for (const std::string& name : presetNames()) {
        CAPTURE(name);
        const auto l = makePreset(name);
        REQUIRE(l);
        const std::string& group = l->info().group;
        while (g < order.size() && order[g] != group) ++g;  // groups appear in this order, contiguous
        CHECK(g < order.size());
        ++perGroup[group];
    }
    for (const std::string& group : order) CHECK(perGroup[group] >= 1);
    for (const char* required : {"yarotsky", "rosenbrock", "ill-conditioned", "isotropic", "saddle",
                                 "monkey-saddle", "product", "two-layer-linear", "two-layer-tanh",
                                 "himmelblau", "beale", "rastrigin", "mexican-hat", "relu-kink",
                                 "plateau-cliff", "six-hump-camel", "styblinski-tang"})
        CHECK(makePreset(required) != nullptr);
    CHECK(makePreset("Rosenbrock") == nullptr);
}

TEST_CASE("every preset's formula parses, names its parameters in order, and is its value()") {
    Rng rng(31);
    for (const std::string& name : presetNames()) {
        CAPTURE(name);
        auto l = makePreset(name);
        FormulaError err;
        const auto f = Formula::parse(l->info().formula, &err);
        REQUIRE_MESSAGE(f, err.message);
        // library presets list their parameters in the formula's order (their stationary-point
        // code relies on it); hand-written ones may differ (ill-conditioned: alpha1, alpha2, theta)
        std::vector<std::string> names;
        for (const ParamSpec& p : l->info().params) names.push_back(p.name);
        if (detail::makeLibraryPreset(name)) CHECK(f->parameters() == names);
        CHECK(l->info().formula.find('\n') == std::string::npos);
        for (int s = 0; s < 3; ++s) {
            for (const ParamSpec& p : l->info().params)
                REQUIRE(l->setParam(p.name, s == 0 ? p.def : rng.uniform(p.min, p.max)).empty());
            for (int n = 0; n < 50; ++n) {
                const Vec2 w = rng.inBox(l->info().view, 0.2);
                std::vector<double> ps;
                for (const std::string& p : f->parameters()) ps.push_back(l->param(p));
                CHECK(testing::close(f->value(w, ps), l->value(w), 1e-12, 1e-12));
            }
        }
    }
}

TEST_CASE("himmelblau: four minima, one maximum, four saddles in [-5, 5]²") {
    const auto l = makePreset("himmelblau");
    auto n = countTypes(*l);
    CHECK(n[PointType::Minimum] == 4);
    CHECK(n[PointType::Maximum] == 1);
    CHECK(n[PointType::Saddle] == 4);
    CHECK(l->stationaryPoints().size() == 9);
    for (const StationaryPoint& p : l->stationaryPoints()) {
        CAPTURE(p.w.transpose());
        // listed to full precision: one Newton step does not move the point
        const Eval e = l->evaluate(p.w);
        const Vec2 step = e.hessian.inverse() * e.gradient;
        CHECK(step.norm() < 1e-14);
        if (p.type == PointType::Minimum) CHECK(e.value < 1e-25);
    }
    CHECK(l->value(Vec2(3, 2)) == 0);
}

TEST_CASE("the other presets' stationary points, counted by type") {
    struct Case {
        const char* name;
        std::vector<std::pair<std::string, double>> params;
        int minima, maxima, saddles, degenerate, global;
    };
    const Case cases[] = {
        {"isotropic", {}, 1, 0, 0, 0, 1},
        {"monkey-saddle", {}, 0, 0, 0, 1, 0},
        {"two-layer-tanh", {}, 2, 0, 1, 0, 2},
        {"two-layer-tanh", {{"x", 0.5}, {"t", 0.5}, {"lambda", 0.5}}, 1, 0, 0, 0, 1},
        {"local-global", {}, 2, 0, 1, 0, 1},
        {"local-global", {{"tilt", 0}}, 2, 0, 1, 0, 2},
        {"mexican-hat", {}, 0, 1, 0, 8, 0},
        {"plateau-cliff", {}, 3, 0, 2, 0, 2},
        {"plateau-cliff", {{"lambda", 0.5}}, 3, 0, 2, 0, 2},
        {"beale", {}, 1, 0, 2, 0, 1},
        {"six-hump-camel", {}, 6, 2, 7, 0, 2},
        {"styblinski-tang", {}, 4, 1, 4, 0, 1},
        {"rastrigin", {{"A", 0}}, 1, 0, 0, 0, 1},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const auto l = preset(c.name, c.params);
        auto n = countTypes(*l);
        CHECK(n[PointType::Minimum] == c.minima);
        CHECK(n[PointType::Maximum] == c.maxima);
        CHECK(n[PointType::Saddle] == c.saddles);
        CHECK(n[PointType::Degenerate] == c.degenerate);
        CHECK(countLabel(*l, "global minimum") == c.global);
    }
    // plateau-cliff: the origin is a spurious minimum (H = 2λI), the global ones on the diagonal
    const auto pc = makePreset("plateau-cliff");
    for (const StationaryPoint& p : pc->stationaryPoints())
        if (p.w.norm() == 0) CHECK(p.label == "local minimum");
    // styblinski-tang: the global minimum at w1 = w2 ≈ −2.903534 (the root of 4x³ − 32x + 5)
    for (const StationaryPoint& p : makePreset("styblinski-tang")->stationaryPoints())
        if (p.label == "global minimum") {
            CHECK(p.w[0] == doctest::Approx(-2.903534027771178));
            CHECK(p.w[1] == p.w[0]);
        }
    // six-hump camel: L ≈ −1.0316284535 at the two global minima
    for (const StationaryPoint& p : makePreset("six-hump-camel")->stationaryPoints())
        if (p.label == "global minimum") CHECK(makePreset("six-hump-camel")->value(p.w) == doctest::Approx(-1.0316284534898774));
    // rastrigin: a minimum near every integer point of the view, the global one at the origin
    const auto r = makePreset("rastrigin");
    auto rn = countTypes(*r);
    CHECK(rn[PointType::Minimum] == 121);  // w1, w2 ∈ {−5, …, 5}
    CHECK(rn[PointType::Maximum] == 100);  // near the half-integers ±0.5 … ±4.5
    CHECK(rn[PointType::Saddle] == 220);
    CHECK(countLabel(*r, "global minimum") == 1);
    CHECK(r->value(Vec2(0, 0)) == 0);
}

TEST_CASE("relu-kink: the only zero of the (PyTorch) gradient is the minimum on the crease") {
    const auto l = makePreset("relu-kink");
    const Eval m = l->evaluate(Vec2(0, 1));
    CHECK(m.value == 0);
    CHECK(m.gradient == Vec2(0, 0));           // abs′(0) = 0
    CHECK(m.hessian(1, 1) == 2 * l->param("lambda"));
    Rng rng(5);
    for (int n = 0; n < 2000; ++n) {
        const Vec2 w = rng.inBox(l->info().view, 0.5);
        CHECK(l->gradient(w).norm() >= 1.0);  // off the creases: |∂L/∂w1| ≥ 1 or ∂L/∂w2 < −1
        CHECK(l->value(w) > 0);
    }
    // gradient descent hops across the crease: w1 never settles with a constant step
    Hyper h = defaultsFor(OptimizerKind::GD);
    h.lr = 0.1;
    const Run run = testing::runOptimizer(*l, OptimizerKind::GD, h, Vec2(1.234, 2.5), 400);
    REQUIRE(!run.diverged());
    double far = 0;
    for (int k = 350; k <= 400; ++k) far = std::max(far, std::abs(run.trajectory()[k].w[0]));
    CHECK(far > 0.01);
    CHECK(far <= 0.1 + 1e-12);
}

TEST_CASE("continua: mexican-hat's ring, two-layer-tanh without weight decay") {
    const auto m = makePreset("mexican-hat");
    CHECK(m->hasContinuum());
    CHECK(m->info().continuum);
    for (const StationaryPoint& p : m->stationaryPoints())
        if (p.type == PointType::Degenerate) CHECK(p.w.squaredNorm() == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(!makePreset("two-layer-tanh")->hasContinuum());
    CHECK(preset("two-layer-tanh", {{"lambda", 0}})->hasContinuum());
    CHECK(!makePreset("himmelblau")->hasContinuum());
    // clones keep their stationary points and parameters
    auto t = preset("two-layer-tanh", {{"t", -1}});
    auto c = t->clone();
    CHECK(c->param("t") == -1);
    CHECK(c->stationaryPoints().size() == t->stationaryPoints().size());
    for (const StationaryPoint& p : c->stationaryPoints())
        if (p.type == PointType::Minimum) CHECK(p.w[0] * p.w[1] < 0);  // w2 = t·T/(T² + λ) has t's sign
}
