// Tests for the formula's automatic differentiation: gradients and Hessians of hundreds of randomly
// generated formulas against finite differences, the three evaluation paths against each other,
// and compiled preset formulas against the hand-written presets.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "core/data_landscape.h"
#include "core/formula/formula.h"
#include "../helpers.h"
#include "formula_helpers.h"

using namespace optiscape;
using testing::parseBothWays;
using testing::same;
using testing::Rng;

namespace {

/// A seeded generator of random expressions over the whole grammar.
class Generator {
public:
    explicit Generator(uint32_t seed) : rng_(seed) {}

    std::string expr(int depth) {
        if (depth == 0 || rng_.uniform() < 0.15) return leaf();
        const int k = static_cast<int>(rng_.uniform() * 17);
        const std::string a = expr(depth - 1);
        switch (k) {
            case 0: case 1: return "(" + a + ") + (" + expr(depth - 1) + ")";
            case 2: return "(" + a + ") - (" + expr(depth - 1) + ")";
            case 3: case 4: return "(" + a + ")*(" + expr(depth - 1) + ")";
            case 5: return "(" + a + ")/(" + expr(depth - 1) + ")";
            case 6: {
                static const char* const exps[] = {"2", "3", "-1", "0.5", "1.5", "p", "-2", "4"};
                return "(" + a + ")^" + exps[static_cast<int>(rng_.uniform() * 8)];
            }
            case 7: return "-(" + a + ")";
            case 8: return "2^(" + a + ")";                                  // constant base
            case 9: return "(1 + (" + a + ")^2)^(" + expr(depth - 1) + ")";  // variable base and exponent
            case 10: return "max(" + a + ", " + expr(depth - 1) + ")";
            case 11: return "min(" + a + ", " + expr(depth - 1) + ", " + leaf() + ")";
            default: {
                static const char* const fns[] = {"sin", "cos", "tan", "exp", "log", "sqrt",
                                                  "abs", "tanh", "sigmoid", "relu", "softplus"};
                return std::string(fns[static_cast<int>(rng_.uniform() * 11)]) + "(" + a + ")";
            }
        }
    }

    Rng& rng() { return rng_; }

private:
    std::string leaf() {
        const double r = rng_.uniform();
        if (r < 0.35) return "w1";
        if (r < 0.7) return "w2";
        if (r < 0.78) return "p";
        if (r < 0.84) return "q";
        if (r < 0.88) return "pi";
        return formatNumber(std::round(rng_.uniform(0.1, 3.0) * 100) / 100, 6);
    }
    Rng rng_;
};

/// Central differences of f along each axis with step h.
template <class F>
auto centralDiff(F f, const Vec2& w, double h) {
    using T = decltype(f(w));
    T d[2];
    for (int j = 0; j < 2; ++j) {
        Vec2 a = w, b = w;
        a[j] += h;
        b[j] -= h;
        d[j] = (f(a) - f(b)) / (2 * h);
    }
    return std::make_pair(d[0], d[1]);
}

}  // namespace

TEST_CASE("least-squares terms fused into one instruction give the unfused instructions' numbers") {
    // Each formula adds or subtracts a (scaled) square of a sum, which the compiler fuses into one
    // AccSq instruction; its twin adds 0·(the square), so the square has two uses, is not fused,
    // and the value and every derivative must come out the same to the bit.
    struct Case {
        const char* text;
        const char* square;
        size_t fusedSize;
    };
    const Case cases[] = {
        {"w1*w2 + 3*(w1 - w2)^2", "(w1 - w2)^2", 2},            // x + k·(y − z)²
        {"3*(w1 + w2)^2 + sin(w1)", "(w1 + w2)^2", 2},          // the term first
        {"exp(w2) - a*(w1 - 2)^2", "(w1 - 2)^2", 2},            // subtracted, scaled by a parameter
        {"w2^3 + (1.5 - w1)^2", "(1.5 - w1)^2", 2},             // not scaled; constant − variable
        {"w1 - (w2 + 0.5)^2", "(w2 + 0.5)^2", 1},               // subtracted, not scaled
        {"(1 - w1)^2 + 100*(w2 - w1^2)^2", "(w2 - w1^2)^2", 3}, // Rosenbrock
        {"w1 + (w1 - w2)*(w1 - w2)", "(w1 - w2)*(w1 - w2)", 1}, // a product of equal factors
        {"w1*w2 + (w2 - w1)^2*a", "(w2 - w1)^2", 2},            // the scale second
        {"log(w1) + (w2 - 1)^2", "(w2 - 1)^2", 2},              // NaN where w1 <= 0
    };
    for (const Case& k : cases) {
        CAPTURE(k.text);
        const auto f = Formula::parse(k.text, nullptr);
        const auto g = Formula::parse(std::string("(") + k.text + ") + 0*(" + k.square + ")", nullptr);
        REQUIRE(f.has_value());
        REQUIRE(g.has_value());
        CHECK(f->programSize() == k.fusedSize);
        CHECK(g->programSize() > f->programSize());
        const std::vector<double> ps(f->parameters().size(), 1.75);
        const std::vector<double> fb = f->bind(ps), gb = g->bind(ps);
        for (const Vec2 w : {Vec2(0.3, -1.2), Vec2(-1.7, 0.4), Vec2(2.5, 2.5), Vec2(1, 1)}) {
            CAPTURE(w.transpose());
            const Eval a = f->evaluateBound(w, fb);
            const Eval b = g->evaluateBound(w, gb);
            CHECK(same(a.value, b.value));
            CHECK(same(f->valueBound(w, fb), a.value));
            double batch = 0, g1 = 0, g2 = 0;
            f->valuesBound(&w[0], &w[1], &batch, 1, fb);
            CHECK(same(batch, a.value));
            f->gradientsBound(&w[0], &w[1], &g1, &g2, 1, fb);
            const Vec2 gOnly = f->gradientBound(w, fb);
            for (int i = 0; i < 2; ++i) {
                CHECK(same(a.gradient[i], b.gradient[i]));
                CHECK(same(gOnly[i], a.gradient[i]));
                for (int j = 0; j < 2; ++j) CHECK(same(a.hessian(i, j), b.hessian(i, j)));
            }
            CHECK(same(g1, a.gradient[0]));
            CHECK(same(g2, a.gradient[1]));
        }
    }
    // the values themselves, by hand: 0.3·(−1.2) + 3·1.5² and its derivatives
    const Eval e = Formula::parse("w1*w2 + 3*(w1 - w2)^2", nullptr)->evaluate(Vec2(0.3, -1.2), {});
    CHECK(e.value == doctest::Approx(-0.36 + 6.75));
    CHECK(e.gradient[0] == doctest::Approx(-1.2 + 9.0));
    CHECK(e.gradient[1] == doctest::Approx(0.3 - 9.0));
    CHECK(e.hessian(0, 0) == doctest::Approx(6.0));
    CHECK(e.hessian(0, 1) == doctest::Approx(1.0 - 6.0));
    CHECK(e.hessian(1, 1) == doctest::Approx(6.0));
}

TEST_CASE("the seed forms (a rule applied to w1 or w2 itself) give the general rules' numbers") {
    // f(w1) takes the seed form of f's rule (a unit gradient, a zero Hessian need not be
    // multiplied out); f(w1 + z) with the parameter z = 0 applies the general rule to a slot that
    // holds the same number. Value, gradient and Hessian must be equal (a zero's sign aside), NaN
    // where the formula is undefined included.
    static const char* const forms[] = {
        "-X", "X^2", "X*X", "sin(X)", "cos(X)", "tan(X)", "exp(X)", "log(X)", "sqrt(X)", "abs(X)",
        "tanh(X)", "sigmoid(X)", "relu(X)", "softplus(X)", "X + 1.5", "X - 1.5", "1.5 - X", "3*X",
        "X/4", "X/0", "X^3", "X^-2", "X^0.5", "X^0", "X^1", "2^X", "(X + 0.5)^2", "(X - 0.5)^2",
        "(0.5 - X)^2", "-(X)^4 + 2", "sin(X)*X^2 + (X - 1)^2*w1*w2", "exp(-X^2) + log(X^2)"};
    const auto replaced = [](std::string f, const std::string& x) {
        for (size_t at = f.find('X'); at != std::string::npos; at = f.find('X', at + x.size()))
            f.replace(at, 1, x);
        return f;
    };
    int compared = 0, infinite = 0;
    for (const char* form : forms) {
        for (const char* var : {"w1", "w2"}) {
            const std::string seeded = replaced(form, var);
            const std::string general = replaced(form, std::string("(") + var + " + z)");
            CAPTURE(seeded);
            const auto f = Formula::parse(seeded, nullptr);
            const auto g = Formula::parse(general, nullptr);
            REQUIRE(f.has_value());
            REQUIRE(g.has_value());
            const std::vector<double> fb = f->bind({}), gb = g->bind({0.0});
            for (const Vec2 w : {Vec2(0.7, -1.3), Vec2(-0.4, 2.1), Vec2(1.9, 0.25), Vec2(0, 0), Vec2(-2, -2)}) {
                CAPTURE(w.transpose());
                const Eval a = f->evaluateBound(w, fb);
                const Eval b = g->evaluateBound(w, gb);
                CHECK(same(a.value, b.value));
                const int s = var[1] == '1' ? 0 : 1;
                for (int i = 0; i < 2; ++i) {
                    CHECK(same(a.gradient[i], b.gradient[i]));
                    for (int j = 0; j < 2; ++j) {
                        if (same(a.hessian(i, j), b.hessian(i, j))) continue;
                        // the one documented difference: where f′ is infinite (sqrt at 0) the
                        // general rule's f′·∇²x is ∞·0 = NaN in every entry; the seed form has
                        // f″ on the diagonal (here infinite too) and 0 in the entries it knows are 0
                        CHECK(std::isnan(b.hessian(i, j)));
                        CHECK(!std::isfinite(a.gradient[s]));
                        if (i == s && j == s) {
                            CHECK(std::isinf(a.hessian(i, j)));
                        } else {
                            CHECK(a.hessian(i, j) == 0.0);
                        }
                        ++infinite;
                    }
                }
                // the gradient-only paths give the seed form's gradient to the bit
                const Vec2 gOnly = f->gradientBound(w, fb);
                double g1 = 0, g2 = 0;
                f->gradientsBound(&w[0], &w[1], &g1, &g2, 1, fb);
                CHECK(same(gOnly[0], a.gradient[0]));
                CHECK(same(gOnly[1], a.gradient[1]));
                CHECK(same(g1, a.gradient[0]));
                CHECK(same(g2, a.gradient[1]));
                ++compared;
            }
        }
    }
    CHECK(compared == 320);
    CHECK(infinite == 12);  // sqrt(X) and X^0.5 at 0: three entries each, for w1 and w2
    // by hand: (1 − w1)² at w1 = 3: the value, the gradient (2(w1 − 1), 0) and the Hessian [[2, 0], [0, 0]]
    const Eval e = Formula::parse("(1 - w1)^2", nullptr)->evaluate(Vec2(3, 5), {});
    CHECK(e.value == 4);
    CHECK(e.gradient == Vec2(4, 0));
    CHECK(e.hessian(0, 0) == 2);
    CHECK(e.hessian(0, 1) == 0);
    CHECK(e.hessian(1, 0) == 0);
    CHECK(e.hessian(1, 1) == 0);
}

TEST_CASE("compiled formulas give the interpreter's numbers to the bit") {
    // In the wasm build the page's compiler is registered (src/platform/formula_compiler_web.cpp),
    // on x86-64 the core's translation of the same module to machine code (core/formula/native.h):
    // each formula is parsed twice, compiled and interpreted, and evaluated at the same points.
    // Elsewhere there is no compiler and every formula is interpreted.
    const FormulaCompiler* compiler = formulaCompiler();
    std::vector<std::string> texts;
    for (const auto& name : presetNames()) texts.push_back(makePreset(name)->info().formula);
    Generator gen(99);
    static const char* const polys[] = {"w1", "w2", "p", "1.5", "(w1 - w2)", "(w1*w2 + 1)"};
    for (int k = 0; k < 300; ++k) {  // polynomials: sums, products, squares, cubes, scalings
        std::string t = polys[static_cast<int>(gen.rng().uniform() * 6)];
        const int terms = 1 + static_cast<int>(gen.rng().uniform() * 4);
        for (int j = 0; j < terms; ++j) {
            const std::string u = polys[static_cast<int>(gen.rng().uniform() * 6)];
            const std::string v = polys[static_cast<int>(gen.rng().uniform() * 6)];
            static const char* const forms[] = {"(%s - %s)^2", "%s*%s", "3*(%s + %s)^2", "(%s)^3*%s",
                                                "-(%s)^4 + %s", "(%s - 2.5)^2/3 - %s", "0.5*(%s)^2 - %s"};
            char buf[200];
            std::snprintf(buf, sizeof buf, forms[static_cast<int>(gen.rng().uniform() * 7)], u.c_str(), v.c_str());
            t += (gen.rng().uniform() < 0.5 ? " + " : " - ") + std::string(buf);
        }
        texts.push_back(t);
    }
    for (int k = 0; k < 100; ++k) texts.push_back(gen.expr(3));  // mostly not compiled: functions
    int compiled = 0;
    for (const std::string& text : texts) {
        CAPTURE(text);
        const auto [f, g] = parseBothWays(text);
        REQUIRE(f.has_value());
        REQUIRE(g.has_value());
        CHECK(!g->isCompiled());
        if (!f->isCompiled()) continue;
        ++compiled;
        std::vector<double> ps;
        for (size_t k = 0; k < f->parameters().size(); ++k) ps.push_back(gen.rng().uniform(0.5, 2.0));
        const std::vector<double> fb = f->bind(ps), gb = g->bind(ps);
        for (int n = 0; n < 6; ++n) {
            const Vec2 w = n == 0 ? Vec2(0, 0) : Vec2(gen.rng().uniform(-3, 3), gen.rng().uniform(-3, 3));
            CAPTURE(w.transpose());
            const Eval a = f->evaluateBound(w, fb);
            const Eval b = g->evaluateBound(w, gb);
            CHECK(same(a.value, b.value));
            for (int i = 0; i < 2; ++i) {
                CHECK(same(a.gradient[i], b.gradient[i]));
                for (int j = 0; j < 2; ++j) CHECK(same(a.hessian(i, j), b.hessian(i, j)));
            }
        }
    }
    MESSAGE("compiled " << compiled << " of " << texts.size() << " formulas");
    if (compiler) {
        CHECK(compiled >= 300);  // every polynomial, and the polynomial presets
        CHECK(Formula::parse("(1 - w1)^2 + 100*(w2 - w1^2)^2", nullptr)->isCompiled());
    } else {
        CHECK(compiled == 0);
    }
}

TEST_CASE("generated formulas: exact gradients and Hessians agree with finite differences") {
    Generator gen(20240611);
    int formulas = 0, checkedFormulas = 0, checkedPoints = 0, kinks = 0;
    while (formulas < 600) {
        const std::string text = gen.expr(1 + static_cast<int>(gen.rng().uniform() * 4));
        CAPTURE(text);
        FormulaError err;
        const auto f = Formula::parse(text, &err);
        REQUIRE_MESSAGE(f.has_value(), err.message);
        ++formulas;
        std::vector<double> ps;
        for (size_t k = 0; k < f->parameters().size(); ++k) ps.push_back(gen.rng().uniform(0.5, 2.0));
        const std::vector<double> bound = f->bind(ps);
        bool any = false;
        for (int n = 0; n < 4; ++n) {
            const Vec2 w(gen.rng().uniform(-2, 2), gen.rng().uniform(-2, 2));
            CAPTURE(w.transpose());
            const Eval e = f->evaluate(w, ps);
            const double v = f->value(w, ps);
            // the three paths agree to the bit, NaN included
            double batch = 0;
            f->valuesBound(&w[0], &w[1], &batch, 1, bound);
            if (std::isnan(v)) {
                CHECK(std::isnan(e.value));
                CHECK(std::isnan(batch));
                CHECK(std::isnan(e.gradient[0]));
                continue;
            }
            CHECK(e.value == v);
            CHECK(batch == v);
            CHECK(f->valueBound(w, bound) == v);
            const Eval eb = f->evaluateBound(w, bound);
            // the gradient-only paths (one point, and a block of points) give evaluate()'s bits
            const Vec2 gOnly = f->gradientBound(w, bound);
            double gb[2] = {0, 0};
            f->gradientsBound(&w[0], &w[1], &gb[0], &gb[1], 1, bound);
            // the Hessian's two off-diagonal entries are computed separately, to the same bits
            CHECK(same(e.hessian(0, 1), e.hessian(1, 0)));
            for (int i = 0; i < 2; ++i) {
                CHECK(same(eb.gradient[i], e.gradient[i]));
                CHECK(same(gOnly[i], e.gradient[i]));
                CHECK(same(gb[i], e.gradient[i]));
            }
            if (!std::isfinite(v) || std::abs(v) > 1e6 || !e.gradient.allFinite() || !e.hessian.allFinite() ||
                e.hessian.norm() > 1e6)
                continue;
            const auto value = [&](const Vec2& x) { return f->value(x, ps); };
            const auto gradient = [&](const Vec2& x) { return f->evaluate(x, ps).gradient; };
            // finite differences at two step sizes; where they disagree, a kink or a pole is near
            const double h = 1e-4;
            const auto g1 = centralDiff(value, w, h), g2 = centralDiff(value, w, h / 4);
            const auto H1 = centralDiff(gradient, w, h), H2 = centralDiff(gradient, w, h / 4);
            const double gs = 1 + e.gradient.norm() + std::abs(v), hs = 1 + e.hessian.norm() + e.gradient.norm();
            // |D(h) − D(h/4)| estimates the error of D(h/4) (times 15): a tolerance, and where it
            // is large a kink or a pole is near and the point is skipped
            const double eg = std::max(std::abs(g1.first - g2.first), std::abs(g1.second - g2.second));
            const double eh = std::max((H1.first - H2.first).norm(), (H1.second - H2.second).norm());
            const bool smooth = std::isfinite(g2.first + g2.second) && H2.first.allFinite() &&
                                H2.second.allFinite() && eg < 1e-4 * gs && eh < 1e-4 * hs;
            if (!smooth) {
                ++kinks;
                continue;
            }
            CHECK(std::abs(g2.first - e.gradient[0]) <= 1e-6 * gs + eg);
            CHECK(std::abs(g2.second - e.gradient[1]) <= 1e-6 * gs + eg);
            for (int i = 0; i < 2; ++i) {
                CHECK(std::abs(H2.first[i] - e.hessian(i, 0)) <= 1e-6 * hs + eh);
                CHECK(std::abs(H2.second[i] - e.hessian(i, 1)) <= 1e-6 * hs + eh);
            }
            ++checkedPoints;
            any = true;
        }
        if (any) ++checkedFormulas;
    }
    MESSAGE("generated ", formulas, " formulas; checked ", checkedFormulas, " of them at ", checkedPoints,
            " points; ", kinks, " points skipped near a kink or pole");
    CHECK(checkedFormulas >= 300);
    CHECK(checkedPoints >= 900);
}

TEST_CASE("batches of points: every block size gives the value() numbers") {
    const Formula f = *Formula::parse("log(1 + w1^2)*sin(3*w2) + max(w1, w2)^2/(1 + a)", nullptr);
    const std::vector<double> bound = f.bind({0.5});
    Rng rng(9);
    for (size_t n : {size_t(0), size_t(1), size_t(127), size_t(128), size_t(129), size_t(1000)}) {
        std::vector<double> a(n), b(n), out(n, -1);
        for (size_t i = 0; i < n; ++i) a[i] = rng.uniform(-3, 3), b[i] = rng.uniform(-3, 3);
        f.valuesBound(a.data(), b.data(), out.data(), n, bound);
        for (size_t i = 0; i < n; ++i) CHECK(out[i] == f.value(Vec2(a[i], b[i]), {0.5}));
    }
    // a constant formula fills the batch
    const Formula c = *Formula::parse("2*k", nullptr);
    double w[3] = {1, 2, 3}, out[3];
    c.valuesBound(w, w, out, 3, c.bind({4}));
    CHECK(out[2] == 8);
}

TEST_CASE("batches of gradients: integer powers (their own block loop) give gradient()'s bits") {
    // every exponent the block loop unrolls (1 ≤ |n| ≤ 15), the ones around it, and a parameter
    // exponent; at random points, at 0 (0^negative is undefined) and at a NaN
    Rng rng(11);
    std::vector<std::string> exps;
    for (int n = -16; n <= 16; ++n) exps.push_back(std::to_string(n));
    for (const char* e : {"0.5", "2.5", "p", "-p"}) exps.push_back(e);
    for (const std::string& e : exps) {
        const std::string text = "(w1 - 0.25*w2)^" + (e[0] == '-' ? "(" + e + ")" : e) + " + w2^3";
        CAPTURE(text);
        const auto f = Formula::parse(text, nullptr);
        REQUIRE(f.has_value());
        const std::vector<double> ps(f->parameters().size(), 3.0);
        const std::vector<double> bound = f->bind(ps);
        const size_t n = 150;
        std::vector<double> a(n), b(n), g1(n), g2(n);
        for (size_t i = 0; i < n; ++i) a[i] = rng.uniform(-2, 2), b[i] = rng.uniform(-2, 2);
        a[7] = 0.25 * b[7];  // the base exactly 0
        a[70] = b[70] = 0.0;
        a[140] = std::nan("");
        f->gradientsBound(a.data(), b.data(), g1.data(), g2.data(), n, bound);
        for (size_t i = 0; i < n; ++i) {
            CAPTURE(i);
            const Vec2 g = f->gradientBound(Vec2(a[i], b[i]), bound);
            CHECK((g1[i] == g[0] || (std::isnan(g1[i]) && std::isnan(g[0]))));
            CHECK((g2[i] == g[1] || (std::isnan(g2[i]) && std::isnan(g[1]))));
        }
    }
}

TEST_CASE("batches of gradients: every block size gives gradient()'s bits, NaN where undefined") {
    const Formula f = *Formula::parse("log(1 + w1^2 - w2)*sin(3*w2) + max(w1, w2)^2/(1 + a) + sqrt(w1)", nullptr);
    const std::vector<double> bound = f.bind({0.5});
    Rng rng(10);
    for (size_t n : {size_t(0), size_t(1), size_t(63), size_t(64), size_t(65), size_t(1000)}) {
        std::vector<double> a(n), b(n), g1(n, -1), g2(n, -1);
        for (size_t i = 0; i < n; ++i) a[i] = rng.uniform(-3, 3), b[i] = rng.uniform(-3, 3);
        f.gradientsBound(a.data(), b.data(), g1.data(), g2.data(), n, bound);
        int undefined = 0;
        for (size_t i = 0; i < n; ++i) {
            const Eval e = f.evaluate(Vec2(a[i], b[i]), {0.5});
            if (std::isnan(e.value)) {
                ++undefined;
                CHECK(std::isnan(g1[i]));
                CHECK(std::isnan(g2[i]));
            } else {
                CHECK(g1[i] == e.gradient[0]);
                CHECK(g2[i] == e.gradient[1]);
            }
        }
        if (n >= 64) CHECK(undefined > 0);  // sqrt(w1) and the log leave the domain on part of the box
    }
    // constant formulas: zero, or NaN where the constant itself is undefined
    double w[2] = {1, 2}, g1[2], g2[2];
    const Formula c = *Formula::parse("2*k", nullptr);
    c.gradientsBound(w, w, g1, g2, 2, c.bind({4}));
    CHECK((g1[1] == 0 && g2[1] == 0));
    const Formula u = *Formula::parse("log(k)", nullptr);
    u.gradientsBound(w, w, g1, g2, 2, u.bind({-1}));
    CHECK((std::isnan(g1[0]) && std::isnan(g2[1])));
    CHECK(std::isnan(u.gradientBound(Vec2(1, 2), u.bind({-1}))[0]));
}

TEST_CASE("every preset's batch gradients are its gradient() to the last bit") {
    Rng rng(11);
    for (const std::string& name : allPresetNames()) {
        CAPTURE(name);
        const auto l = makeAnyPreset(name);
        REQUIRE(l);
        const size_t n = 300;
        std::vector<double> a(n), b(n), g1(n), g2(n);
        for (size_t i = 0; i < n; ++i) {
            const Vec2 w = rng.inBox(l->info().view, 0.5);
            a[i] = w[0];
            b[i] = w[1];
        }
        l->gradients(a.data(), b.data(), g1.data(), g2.data(), n);
        for (size_t i = 0; i < n; ++i) {
            const Vec2 g = l->gradient(Vec2(a[i], b[i]));
            CHECK((g1[i] == g[0] || (std::isnan(g1[i]) && std::isnan(g[0]))));
            CHECK((g2[i] == g[1] || (std::isnan(g2[i]) && std::isnan(g[1]))));
        }
    }
}

TEST_CASE("compiled preset formulas agree with the hand-written presets to ~1e-12") {
    const std::vector<std::string> hand = {"yarotsky", "rosenbrock", "ill-conditioned",
                                           "saddle",   "product",    "two-layer-linear"};
    Rng rng(77);
    for (const std::string& name : hand) {
        CAPTURE(name);
        auto h = makePreset(name);
        FormulaError err;
        auto f = makeFormulaLandscape(h->info().formula, &err, h->info().params);
        REQUIRE_MESSAGE(f, err.message);
        for (int s = 0; s < 5; ++s) {
            for (const ParamSpec& p : h->info().params) {
                const double v = s == 0 ? p.def : rng.uniform(p.min, p.max);
                REQUIRE(h->setParam(p.name, v).empty());
                REQUIRE(f->setParam(p.name, v).empty());
            }
            for (int n = 0; n < 200; ++n) {
                const Vec2 w = rng.inBox(h->info().view, 0.25);
                const Eval a = h->evaluate(w), b = f->evaluate(w);
                const double gs = 1 + a.gradient.norm() + std::abs(a.value);
                const double hs = 1 + a.hessian.norm();
                CHECK(testing::close(a.value, b.value, 1e-12, 1e-12));
                CHECK((a.gradient - b.gradient).norm() <= 1e-12 * gs);
                CHECK((a.hessian - b.hessian).norm() <= 1e-12 * hs);
            }
        }
    }
    // Rosenbrock at (−1.2, 1), worked by hand: L = 24.2, ∇ = (−215.6, −88), H = [[1330, 480], [480, 200]]
    const Eval e = Formula::parse("(1 - w1)^2 + 100*(w2 - w1^2)^2", nullptr)->evaluate(Vec2(-1.2, 1), {});
    CHECK(e.value == doctest::Approx(24.2).epsilon(1e-15));
    CHECK(e.gradient[0] == doctest::Approx(-215.6).epsilon(1e-15));
    CHECK(e.gradient[1] == doctest::Approx(-88).epsilon(1e-15));
    CHECK(e.hessian(0, 0) == doctest::Approx(1330).epsilon(1e-15));
    CHECK(e.hessian(0, 1) == doctest::Approx(480).epsilon(1e-15));
    CHECK(e.hessian(1, 1) == doctest::Approx(200).epsilon(1e-15));
}

TEST_CASE("derivatives of each function, worked by hand") {
    struct Case {
        const char* text;
        double x, d1, d2;  // f(x) at w1 = x: f′ and f″
    };
    const double s = 1 / (1 + std::exp(-0.7));
    const Case cases[] = {
        {"sin(w1)", 0.7, std::cos(0.7), -std::sin(0.7)},
        {"cos(w1)", 0.7, -std::sin(0.7), -std::cos(0.7)},
        {"tan(w1)", 0.7, 1 + std::tan(0.7) * std::tan(0.7), 2 * std::tan(0.7) * (1 + std::tan(0.7) * std::tan(0.7))},
        {"exp(w1)", 0.7, std::exp(0.7), std::exp(0.7)},
        {"log(w1)", 0.7, 1 / 0.7, -1 / 0.49},
        {"sqrt(w1)", 0.7, 0.5 / std::sqrt(0.7), -0.25 / std::pow(0.7, 1.5)},
        {"abs(w1)", -0.7, -1, 0},
        {"tanh(w1)", 0.7, 1 - std::tanh(0.7) * std::tanh(0.7), -2 * std::tanh(0.7) * (1 - std::tanh(0.7) * std::tanh(0.7))},
        {"sigmoid(w1)", 0.7, s * (1 - s), s * (1 - s) * (1 - 2 * s)},
        {"relu(w1)", 0.7, 1, 0},
        {"softplus(w1)", 0.7, s, s * (1 - s)},
        {"w1^3", 0.7, 3 * 0.49, 6 * 0.7},
        {"w1^0.5", 0.7, 0.5 / std::sqrt(0.7), -0.25 / std::pow(0.7, 1.5)},
        {"w1^1", 0, 1, 0},
        {"w1^0", 0, 0, 0},
        {"2^w1", 0.7, std::pow(2, 0.7) * std::log(2), std::pow(2, 0.7) * std::log(2) * std::log(2)},
        {"w1^w1", 0.7, std::pow(0.7, 0.7) * (std::log(0.7) + 1),
         std::pow(0.7, 0.7) * ((std::log(0.7) + 1) * (std::log(0.7) + 1) + 1 / 0.7)},
        {"1/w1", 0.7, -1 / 0.49, 2 / 0.343},
        {"min(w1, 1)", 0.7, 1, 0},
        {"max(w1, 1)", 0.7, 0, 0},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        const Eval e = Formula::parse(c.text, nullptr)->evaluate(Vec2(c.x, 0.3), {});
        CHECK(e.gradient[0] == doctest::Approx(c.d1).epsilon(1e-14));
        CHECK(e.hessian(0, 0) == doctest::Approx(c.d2).epsilon(1e-14));
        CHECK(e.gradient[1] == 0);
        CHECK(e.hessian(0, 1) == 0);
        CHECK(e.hessian(1, 1) == 0);
    }
    // products and quotients of both variables: L = w1·w2 / (1 + w2²) at (2, 1)
    const Eval q = Formula::parse("w1*w2/(1 + w2^2)", nullptr)->evaluate(Vec2(2, 1), {});
    CHECK(q.value == 1);
    CHECK(q.gradient[0] == doctest::Approx(0.5));
    CHECK(q.gradient[1] == doctest::Approx(0.0).epsilon(1e-15));  // w1(1 − w2²)/(1 + w2²)²
    CHECK(q.hessian(0, 0) == 0);
    CHECK(q.hessian(0, 1) == doctest::Approx(0.0).epsilon(1e-15));
    CHECK(q.hessian(1, 1) == doctest::Approx(-1.0));  // w1·2w2(w2² − 3)/(1 + w2²)³ = 2·2·(−2)/8
}

TEST_CASE("fused instructions give the numbers of the unfused ones") {
    // the second form keeps the inner result alive (a second use), so it is not fused
    const std::pair<const char*, const char*> pairs[] = {
        {"(w1 - w2)^2", "(w1 - w2)^2 + 0*(w1 - w2)"},
        {"(w1 + w2*w1)^2", "(w1 + w2*w1)^2 + 0*(w1 + w2*w1)"},
        {"(w1 + 3)^2", "(w1 + 3)^2 + 0*(w1 + 3)"},
        {"(w1 - 3)^2", "(w1 - 3)^2 + 0*(w1 - 3)"},
        {"(3 - w1)*(3 - w1)", "(3 - w1)*(3 - w1) + 0*(3 - w1)"},
        {"w1^3 + 7*w2", "w1^3 + 7*w2 + 0*(7*w2)"},
        {"7*w2 + w1^3", "7*w2 + w1^3 + 0*(7*w2)"},
        {"w1^3 - w2*k", "w1^3 - w2*k + 0*(w2*k)"},
    };
    Rng rng(12);
    for (const auto& pair : pairs) {
        const std::string fusedText = pair.first;  // (clang 14 cannot capture structured bindings)
        CAPTURE(fusedText);
        const Formula f = *Formula::parse(pair.first, nullptr), g = *Formula::parse(pair.second, nullptr);
        CHECK(f.programSize() < g.programSize());
        const std::vector<double> ps(f.parameters().size(), 1.7);
        for (int n = 0; n < 20; ++n) {
            const Vec2 w(rng.uniform(-3, 3), rng.uniform(-3, 3));
            const Eval a = f.evaluate(w, ps), b = g.evaluate(w, ps);
            CHECK(a.value == b.value);
            CHECK(a.gradient == b.gradient);
            CHECK(a.hessian == b.hessian);
            CHECK(f.value(w, ps) == a.value);
        }
    }
}
