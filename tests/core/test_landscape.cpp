// Tests for src/core/landscape.cpp and presets.cpp: exact derivatives against finite differences,
// every listed stationary point (∇L = 0, Hessian type, local shape), completeness of the lists by
// Newton's method, hand-computed values, the formula text, and parameter validation.
#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <cctype>
#include <functional>
#include <map>

#include "helpers.h"

using namespace optiscape;
using testing::Rng;
using testing::preset;

namespace {

using Settings = std::vector<std::pair<std::string, double>>;

/// A few uniformly random parameter settings inside the declared ranges (plus the defaults).
std::vector<Settings> randomSettings(const Landscape& l, Rng& rng, int n) {
    std::vector<Settings> out{{}};
    if (l.info().params.empty()) return out;
    for (int i = 0; i < n; ++i) {
        Settings s;
        for (const ParamSpec& p : l.info().params) s.push_back({p.name, rng.uniform(p.min, p.max)});
        out.push_back(s);
    }
    return out;
}

// Central differences with one Richardson step, (4·D(h/2) − D(h))/3: error O(h⁴), so high
// powers (beale, plateau-cliff) need no special tolerance.
Vec2 fdGradient(const Landscape& l, const Vec2& w, double h) {
    const auto d = [&](double s) {
        Vec2 g;
        for (int j = 0; j < 2; ++j) {
            Vec2 a = w, b = w;
            a[j] += s;
            b[j] -= s;
            g[j] = (l.value(a) - l.value(b)) / (2 * s);
        }
        return g;
    };
    return (4 * d(h / 2) - d(h)) / 3;
}

Mat2 fdHessian(const Landscape& l, const Vec2& w, double h) {
    const auto d = [&](double s) {
        Mat2 H;
        for (int j = 0; j < 2; ++j) {
            Vec2 a = w, b = w;
            a[j] += s;
            b[j] -= s;
            H.col(j) = (l.gradient(a) - l.gradient(b)) / (2 * s);
        }
        return H;
    };
    return (4 * d(h / 2) - d(h)) / 3;
}

// A small evaluator of the formula language (mathjs syntax: + − * / ^, unary minus, parentheses,
// numbers, names, pi, sin, cos) to check info().formula against value().
class MiniEvaluator {
public:
    MiniEvaluator(std::string text, std::map<std::string, double> vars)
        : s_(std::move(text)), vars_(std::move(vars)) {}
    double eval() {
        const double v = sum();
        skip();
        if (i_ != s_.size()) throw std::runtime_error("trailing text in formula: " + s_.substr(i_));
        return v;
    }

private:
    void skip() {
        while (i_ < s_.size() && s_[i_] == ' ') ++i_;
    }
    bool eat(char c) {
        skip();
        if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
        return false;
    }
    double sum() {
        double v = term();
        for (;;) {
            if (eat('+')) v += term();
            else if (eat('-')) v -= term();
            else return v;
        }
    }
    double term() {
        double v = unary();
        for (;;) {
            if (eat('*')) v *= unary();
            else if (eat('/')) v /= unary();
            else return v;
        }
    }
    double unary() { return eat('-') ? -unary() : power(); }
    double power() {
        const double b = atom();
        return eat('^') ? std::pow(b, unary()) : b;
    }
    double atom() {
        skip();
        if (eat('(')) {
            const double v = sum();
            if (!eat(')')) throw std::runtime_error("missing ) in " + s_);
            return v;
        }
        const size_t start = i_;
        if (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) {
            while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) ++i_;
            return std::stod(s_.substr(start, i_ - start));
        }
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
        const std::string name = s_.substr(start, i_ - start);
        if (name == "sin" || name == "cos") {
            if (!eat('(')) throw std::runtime_error("expected ( after " + name);
            const double a = sum();
            if (!eat(')')) throw std::runtime_error("missing ) in " + s_);
            return name == "sin" ? std::sin(a) : std::cos(a);
        }
        if (name == "pi") return 3.14159265358979323846;
        const auto it = vars_.find(name);
        if (it == vars_.end()) throw std::runtime_error("unknown name '" + name + "' in " + s_);
        return it->second;
    }
    std::string s_;
    std::map<std::string, double> vars_;
    size_t i_ = 0;
};

double formulaValue(const Landscape& l, const Vec2& w) {
    std::map<std::string, double> vars{{"w1", w[0]}, {"w2", w[1]}};
    for (size_t i = 0; i < l.info().params.size(); ++i) vars[l.info().params[i].name] = l.params()[i];
    return MiniEvaluator(l.info().formula, vars).eval();
}

/// Parameter settings whose stationary points are listed, covering every case of each preset.
const std::vector<std::pair<std::string, Settings>>& stationaryCases() {
    static const std::vector<std::pair<std::string, Settings>> cases = {
        {"yarotsky", {}},
        {"yarotsky", {{"eps", 1.0}}},
        {"yarotsky", {{"eps", 0.001}}},
        {"yarotsky", {{"eps", 0.0}}},
        {"rosenbrock", {}},
        {"ill-conditioned", {}},
        {"ill-conditioned", {{"alpha1", 10}, {"alpha2", 0.001}, {"theta", -90}}},
        {"ill-conditioned", {{"alpha1", 0.3}, {"alpha2", 3}, {"theta", 12.5}}},
        {"saddle", {}},
        {"product", {}},
        {"two-layer-linear", {}},
        {"two-layer-linear", {{"x", 2}, {"t", -1.5}, {"lambda", 0.3}}},
        {"two-layer-linear", {{"x", 3}, {"t", 2}, {"lambda", 1}}},
        {"two-layer-linear", {{"x", 0.5}, {"t", 0.3}, {"lambda", 0.15}}},  // λ = x·|t|
        {"two-layer-linear", {{"t", 0.05}, {"lambda", 0.5}}},            // λ > x·|t|
        {"two-layer-linear", {{"t", 0}, {"lambda", 0.2}}},
        {"two-layer-linear", {{"lambda", 0}}},
        {"two-layer-linear", {{"t", -1}, {"lambda", 0}}},
        {"two-layer-linear", {{"t", 0}, {"lambda", 0}}},
        {"relu-kink", {}},
        {"relu-kink", {{"lambda", 2}}},
        {"isotropic", {}},
        {"two-layer-tanh", {}},
        {"two-layer-tanh", {{"x", 2.5}, {"t", -1.5}, {"lambda", 0.2}}},
        {"two-layer-tanh", {{"x", 0.5}, {"t", 0.5}, {"lambda", 0.5}}},  // λ > x·|t|: one minimum
        {"two-layer-tanh", {{"x", 0.3}, {"t", 2}, {"lambda", 0.001}}},
        {"monkey-saddle", {}},
        {"local-global", {}},
        {"local-global", {{"tilt", -1}}},
        {"local-global", {{"tilt", 0}}},
        {"mexican-hat", {}},
        {"plateau-cliff", {}},
        {"plateau-cliff", {{"lambda", 0.5}}},
        {"himmelblau", {}},
        {"beale", {}},
        {"rastrigin", {}},
        {"rastrigin", {{"A", 2}}},
        {"rastrigin", {{"A", 0}}},
        {"six-hump-camel", {}},
        {"styblinski-tang", {}},
    };
    return cases;
}

}  // namespace

TEST_CASE("the presets: names, menu order, teaching data") {
    const std::vector<std::string> expected = {
        "yarotsky",   "relu-kink",     "ill-conditioned", "isotropic",  "two-layer-linear",
        "two-layer-tanh", "saddle",    "monkey-saddle",   "product",    "local-global",
        "mexican-hat", "plateau-cliff", "rosenbrock",     "himmelblau", "beale",
        "rastrigin",  "six-hump-camel", "styblinski-tang"};
    CHECK(presetNames() == expected);
    CHECK(makePreset("foo") == nullptr);
    CHECK(makePreset("") == nullptr);
    for (const std::string& name : presetNames()) {
        CAPTURE(name);
        const auto l = makePreset(name);
        REQUIRE(l != nullptr);
        const LandscapeInfo& i = l->info();
        CHECK(l->name() == name);
        CHECK(!i.title.empty());
        CHECK(!i.formula.empty());
        CHECK(!i.pretty.empty());
        CHECK(!i.lecture.empty());
        CHECK(!i.notice.empty());
        CHECK(i.view.width() > 0);
        CHECK(i.view.height() > 0);
        CHECK(i.start[0] > i.view.w1min);
        CHECK(i.start[0] < i.view.w1max);
        CHECK(i.start[1] > i.view.w2min);
        CHECK(i.start[1] < i.view.w2max);
        REQUIRE(l->params().size() == i.params.size());
        for (size_t k = 0; k < i.params.size(); ++k) {
            const ParamSpec& p = i.params[k];
            CHECK(p.min < p.max);
            CHECK(p.contains(p.def));
            CHECK(l->params()[k] == p.def);
            CHECK(l->param(p.name) == p.def);
            CHECK(!p.symbol.empty());
            CHECK(!p.help.empty());
            CHECK(i.formula.find(p.name) != std::string::npos);
            CHECK(i.pretty.find(p.symbol) != std::string::npos);
        }
        // every known minimum lies inside the default view
        for (const StationaryPoint& s : l->stationaryPoints()) {
            CHECK(s.w[0] >= i.view.w1min);
            CHECK(s.w[0] <= i.view.w1max);
            CHECK(s.w[1] >= i.view.w2min);
            CHECK(s.w[1] <= i.view.w2max);
        }
    }
    CHECK(makePreset("yarotsky")->info().params[0].symbol == "ε");
    CHECK(makePreset("ill-conditioned")->info().params[2].unit == "°");
    CHECK(makePreset("two-layer-linear")->info().params[2].symbol == "λ");
}

TEST_CASE("the formula text is the function value() computes") {
    Rng rng(11);
    // an independent evaluator for the hand-written presets; formula presets are their formula
    for (const std::string& name : {"yarotsky", "rosenbrock", "ill-conditioned", "saddle", "product",
                                    "two-layer-linear"}) {
        CAPTURE(name);
        auto l = makePreset(name);
        for (const Settings& s : randomSettings(*l, rng, 3)) {
            for (const auto& kv : s) REQUIRE(l->setParam(kv.first, kv.second).empty());
            for (int n = 0; n < 50; ++n) {
                const Vec2 w = rng.inBox(l->info().view, 0.2);
                CHECK(testing::close(formulaValue(*l, w), l->value(w), 1e-12, 1e-12));
            }
        }
    }
}

TEST_CASE("hand-computed values, gradients and Hessians") {
    struct Case {
        const char* name;
        Settings params;
        Vec2 w;
        double value;
        Vec2 grad;
        Mat2 hess;
    };
    const auto M = [](double a, double b, double c, double d) {
        Mat2 m;
        m << a, b, c, d;
        return m;
    };
    const std::vector<Case> cases = {
        // r = w2 − w1² = 1: L = 1 + 0.1, ∇ = (−4·1·1 + 0.2·1, 2·1), H11 = 12 − 8 + 0.2
        {"yarotsky", {}, {1, 2}, 1.1, {-3.8, 2}, M(4.2, -4, -4, 2)},
        // r = 1 − 1.44 = −0.44: L = 2.2² + 100·0.44² = 4.84 + 19.36; ∇1 = −4.4 − 400·(−1.2)·(−0.44)
        {"rosenbrock", {}, {-1.2, 1}, 24.2, {-215.6, -88}, M(1330, 480, 480, 200)},
        // θ = 0: L = α1·w1² + α2·w2² = 1 + 0.05·4
        {"ill-conditioned", {{"theta", 0}}, {1, 2}, 1.2, {2, 0.2}, M(2, 0, 0, 0.1)},
        // θ = 90°: u = w2, v = −w1: L = 1·4 + 0.05·1
        {"ill-conditioned", {{"theta", 90}}, {1, 2}, 4.05, {0.1, 4}, M(0.1, 0, 0, 2)},
        {"saddle", {}, {3, 2}, 5, {6, -4}, M(2, 0, 0, -2)},
        // q = 1 − 6 = −5: L = 25, ∇ = (−2·3·(−5), −2·2·(−5)), H12 = 4·6 − 2
        {"product", {}, {2, 3}, 25, {30, 20}, M(18, 22, 22, 8)},
        // e = 2 − 1 = 1: L = 1 + 0.1·5, ∇ = (2·1·2 + 0.2, 2·1·1 + 0.4), H12 = 2·(2·2 − 1)
        {"two-layer-linear", {}, {1, 2}, 1.5, {4.2, 2.4}, M(8.2, 6, 6, 2.2)},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const auto l = preset(c.name, c.params);
        const Eval e = l->evaluate(c.w);
        CHECK(e.value == doctest::Approx(c.value).epsilon(1e-14));
        for (int i = 0; i < 2; ++i) {
            CHECK(e.gradient[i] == doctest::Approx(c.grad[i]).epsilon(1e-14));
            for (int j = 0; j < 2; ++j)
                CHECK(e.hessian(i, j) == doctest::Approx(c.hess(i, j)).epsilon(1e-14));
        }
    }
}

TEST_CASE("gradients and Hessians agree with finite differences at random points") {
    Rng rng(20240601);
    for (const std::string& name : presetNames()) {
        CAPTURE(name);
        auto l = makePreset(name);
        for (const Settings& s : randomSettings(*l, rng, 3)) {
            l->resetParams();
            for (const auto& kv : s) REQUIRE(l->setParam(kv.first, kv.second).empty());
            int checked = 0;
            for (int n = 0; n < 200; ++n) {
                const Vec2 w = rng.inBox(l->info().view, 0.25);
                const Eval e = l->evaluate(w);
                CAPTURE(w.transpose());
                CHECK(e.value == l->value(w));
                CHECK(e.gradient == l->gradient(w));
                CHECK(e.hessian(0, 1) == e.hessian(1, 0));
                const double h = 1e-5 * std::max(1.0, w.norm());
                const Vec2 fg = fdGradient(*l, w, h);
                const Mat2 fh = fdHessian(*l, w, h);
                const double gs = 1.0 + e.gradient.norm() + std::abs(e.value);
                const double hs = 1.0 + e.hessian.norm() + e.gradient.norm();
                for (int i = 0; i < 2; ++i) {
                    CHECK(std::abs(fg[i] - e.gradient[i]) <= 1e-7 * gs);
                    for (int j = 0; j < 2; ++j)
                        CHECK(std::abs(fh(i, j) - e.hessian(i, j)) <= 1e-7 * hs);
                }
                ++checked;
            }
            CHECK(checked == 200);
        }
    }
}

TEST_CASE("every listed stationary point is stationary, of its listed type, and shaped so") {
    for (const auto& c : stationaryCases()) {
        std::string where = c.first;
        for (const auto& kv : c.second) where += " " + kv.first + "=" + formatNumber(kv.second);
        CAPTURE(where);
        const auto l = preset(c.first, c.second);
        const auto pts = l->stationaryPoints();
        REQUIRE(!pts.empty());
        for (const StationaryPoint& sp : pts) {
            CAPTURE(sp.w.transpose());
            CAPTURE(sp.label);
            const Eval e = l->evaluate(sp.w);
            CHECK(e.gradient.norm() < 1e-10);
            CHECK(classifyHessian(e.hessian) == sp.type);
            CHECK(!sp.label.empty());
            if (sp.type == PointType::Degenerate)
                CHECK(std::abs(e.hessian.determinant()) <= 1e-9 * std::max(1.0, e.hessian.squaredNorm()));
            // the local shape: compare with neighbours in 32 directions, and along the Hessian's
            // eigenvectors (a saddle's way down can be a narrow cone: beale's has λ = −0.78, 868)
            int up = 0, down = 0;
            const Eigen::SelfAdjointEigenSolver<Mat2> es(e.hessian);
            for (int k = 0; k < 36; ++k) {
                const double a = 2 * 3.14159265358979323846 * k / 32;
                const Vec2 dir = k < 32 ? Vec2(std::cos(a), std::sin(a))
                                        : (k % 2 ? 1.0 : -1.0) * es.eigenvectors().col(k < 34 ? 0 : 1);
                const double d = l->value(sp.w + 1e-3 * dir) - e.value;
                if (d > 1e-15) ++up;
                if (d < -1e-15) ++down;
            }
            const bool isMin = sp.label.find("minim") != std::string::npos;
            if (isMin) CHECK(down == 0);
            if (sp.type == PointType::Minimum) {
                CHECK(isMin);
                CHECK(up == 36);
            }
            if (sp.type == PointType::Saddle) {
                CHECK(up > 0);
                CHECK(down > 0);
            }
        }
    }
}

TEST_CASE("continua of stationary points are flagged and their representatives lie on them") {
    CHECK(!makePreset("yarotsky")->hasContinuum());
    CHECK(preset("yarotsky", {{"eps", 0}})->hasContinuum());
    CHECK(makePreset("product")->hasContinuum());
    CHECK(makePreset("product")->info().continuum);
    CHECK(!makePreset("rosenbrock")->hasContinuum());
    CHECK(!makePreset("two-layer-linear")->hasContinuum());
    CHECK(preset("two-layer-linear", {{"lambda", 0}})->hasContinuum());
    for (const auto& sp : preset("yarotsky", {{"eps", 0}})->stationaryPoints())
        CHECK(sp.w[1] == sp.w[0] * sp.w[0]);
    int onHyperbola = 0;
    for (const auto& sp : makePreset("product")->stationaryPoints())
        if (sp.type == PointType::Degenerate) {
            CHECK(sp.w[0] * sp.w[1] == 1.0);
            ++onHyperbola;
        }
    CHECK(onHyperbola >= 4);
}

TEST_CASE("Newton's method finds no stationary point that is not listed") {
    Rng rng(7);
    for (const auto& c : stationaryCases()) {
        const std::string& name = c.first;
        const auto l = preset(name, c.second);
        const auto pts = l->stationaryPoints();
        // a curve of points has no isolated one to find; relu-kink's pieces are linear in w1
        // (singular Hessians), and its one point is checked in test_presets_library.cpp
        if (l->hasContinuum() || name == "relu-kink") continue;
        const ViewBox& v = l->info().view;
        CAPTURE(name);
        int found = 0;
        for (int n = 0; n < 300; ++n) {
            Vec2 w = rng.inBox(l->info().view, 0.5);
            for (int it = 0; it < 100; ++it) {
                const Eval e = l->evaluate(w);
                if (std::abs(e.hessian.determinant()) < 1e-14) break;
                w -= e.hessian.inverse() * e.gradient;
                if (!std::isfinite(w[0]) || !std::isfinite(w[1]) || w.norm() > 1e3) break;
            }
            if (!(l->gradient(w).norm() < 1e-11) || w.norm() > 1e3) continue;
            // points are listed for the default view (rastrigin's family is infinite)
            if (w[0] < v.w1min || w[0] > v.w1max || w[1] < v.w2min || w[1] > v.w2max) continue;
            ++found;
            double nearest = 1e300;
            for (const auto& sp : pts) nearest = std::min(nearest, (sp.w - w).norm());
            CAPTURE(w.transpose());
            CHECK(nearest < 1e-6);
        }
        CHECK(found > 0);
    }
}

TEST_CASE("ill-conditioned: Hessian eigenvalues are 2·α1 and 2·α2, turned by θ (Lecture 3)") {
    Rng rng(3);
    for (int n = 0; n < 50; ++n) {
        const double a1 = rng.uniform(0.001, 10), a2 = rng.uniform(0.001, 10);
        const double th = rng.uniform(-90, 90);
        const auto l = preset("ill-conditioned", {{"alpha1", a1}, {"alpha2", a2}, {"theta", th}});
        const Mat2 H = l->evaluate(Vec2(0.3, -0.2)).hessian;
        const Vec2 ev = symmetricEigenvalues(H);
        CHECK(ev[0] == doctest::Approx(2 * std::min(a1, a2)).epsilon(1e-12));
        CHECK(ev[1] == doctest::Approx(2 * std::max(a1, a2)).epsilon(1e-12));
        const double r = th * 3.14159265358979323846 / 180;
        const Vec2 u(std::cos(r), std::sin(r));
        CHECK((H * u - 2 * a1 * u).norm() <= 1e-12 * (a1 + a2));
    }
    // Rosenbrock's minimum: H = [[802, −400], [−400, 200]], κ = λmax/λmin ≈ 2508
    const Vec2 ev = symmetricEigenvalues(makePreset("rosenbrock")->evaluate(Vec2(1, 1)).hessian);
    CHECK(ev[1] / ev[0] == doctest::Approx(2508.0).epsilon(1e-3));
}

TEST_CASE("two-layer-linear minima follow ±√(x|t| − λ)/x with w1 = sign(t)·w2") {
    const auto l = preset("two-layer-linear", {{"x", 2}, {"t", -1.5}, {"lambda", 0.3}});
    const double a = std::sqrt(2 * 1.5 - 0.3) / 2;  // √2.7 / 2
    int minima = 0;
    for (const auto& sp : l->stationaryPoints())
        if (sp.type == PointType::Minimum) {
            CHECK(std::abs(sp.w[0]) == doctest::Approx(a));
            CHECK(sp.w[1] == doctest::Approx(-sp.w[0]));
            // eigenvalues 4(x|t| − λ) and 4λ
            const Vec2 ev = symmetricEigenvalues(l->evaluate(sp.w).hessian);
            CHECK(ev[0] == doctest::Approx(4 * 0.3));
            CHECK(ev[1] == doctest::Approx(4 * (3 - 0.3)));
            ++minima;
        }
    CHECK(minima == 2);
    // Lecture 3's case N = 1, x = 1, t = 1, λ = 0.1: minima at ±√0.9, a saddle at the origin
    const auto d = makePreset("two-layer-linear");
    const auto pts = d->stationaryPoints();
    REQUIRE(pts.size() == 3);
    CHECK(pts[0].type == PointType::Saddle);
    CHECK(pts[1].w[0] == doctest::Approx(std::sqrt(0.9)));
    CHECK(pts[1].w[1] == doctest::Approx(std::sqrt(0.9)));
}

TEST_CASE("classifyHessian and symmetricEigenvalues") {
    const auto M = [](double a, double b, double c) {
        Mat2 m;
        m << a, b, b, c;
        return m;
    };
    CHECK(classifyHessian(M(1, 0, 2)) == PointType::Minimum);
    CHECK(classifyHessian(M(-1, 0, -2)) == PointType::Maximum);
    CHECK(classifyHessian(M(1, 0, -1)) == PointType::Saddle);
    CHECK(classifyHessian(M(0, 2, 0)) == PointType::Saddle);
    CHECK(classifyHessian(M(0, 0, 1)) == PointType::Degenerate);
    CHECK(classifyHessian(M(1, 2, 4)) == PointType::Degenerate);  // det = 0
    CHECK(classifyHessian(M(0, 0, 0)) == PointType::Degenerate);
    CHECK(classifyHessian(M(1e-12, 0, 1)) == PointType::Degenerate);
    CHECK(classifyHessian(M(1e-12, 0, 1), 1e-13) == PointType::Minimum);
    CHECK(classifyHessian(M(1e-3, 0, 1e3)) == PointType::Minimum);  // κ = 1e6 is not degenerate
    CHECK(classifyHessian(M(2, 1, 2)) == PointType::Minimum);       // eigenvalues 1, 3
    CHECK(classifyHessian(M(1, 2, 1)) == PointType::Saddle);        // eigenvalues −1, 3
    CHECK(std::string(pointTypeName(PointType::Minimum)) == "minimum");
    CHECK(std::string(pointTypeName(PointType::Maximum)) == "maximum");
    CHECK(std::string(pointTypeName(PointType::Saddle)) == "saddle");
    CHECK(std::string(pointTypeName(PointType::Degenerate)) == "degenerate");

    Rng rng(5);
    for (int n = 0; n < 200; ++n) {
        const double s = std::pow(10.0, rng.uniform(-3, 3));
        const Mat2 h = M(s * rng.uniform(-1, 1), s * rng.uniform(-1, 1), s * rng.uniform(-1, 1));
        const Eigen::SelfAdjointEigenSolver<Mat2> es(h);
        const Vec2 ev = symmetricEigenvalues(h);
        CHECK(ev[0] <= ev[1]);
        for (int i = 0; i < 2; ++i)
            CHECK(std::abs(ev[i] - es.eigenvalues()[i]) <= 1e-12 * s);
    }
    // the small eigenvalue keeps its digits when κ is huge
    const Vec2 ev = symmetricEigenvalues(M(1e8, 0, 1));
    CHECK(ev[0] == 1.0);
    CHECK(ev[1] == 1e8);
}

TEST_CASE("parameters: validation, messages, reset and clone") {
    auto l = makePreset("yarotsky");
    CHECK(l->setParam("eps", 0.5).empty());
    CHECK(l->param("eps") == 0.5);
    CHECK(l->value(Vec2(1, 1)) == 0.5);
    CHECK(l->setParam("eps", 1.5) == "eps must be in [0, 1]");
    CHECK(l->setParam("eps", -0.1) == "eps must be in [0, 1]");
    CHECK(l->setParam("eps", std::nan("")) == "eps must be in [0, 1]");
    CHECK(l->param("eps") == 0.5);  // rejected values change nothing
    CHECK(l->setParam("foo", 1) == "unknown parameter 'foo' for 'yarotsky'; parameters: eps");
    CHECK(makePreset("rosenbrock")->setParam("eps", 1) ==
          "unknown parameter 'eps' for 'rosenbrock'; 'rosenbrock' has no parameters");
    CHECK(makePreset("ill-conditioned")->setParam("beta", 1) ==
          "unknown parameter 'beta' for 'ill-conditioned'; parameters: alpha1, alpha2, theta");
    CHECK(makePreset("ill-conditioned")->setParam("theta", 91) == "theta must be in [-90, 90]");
    CHECK(makePreset("ill-conditioned")->setParam("alpha1", 0) == "alpha1 must be in [0.001, 10]");

    auto c = l->clone();
    CHECK(c->name() == "yarotsky");
    CHECK(c->param("eps") == 0.5);
    l->resetParams();
    CHECK(l->param("eps") == 0.1);
    CHECK(c->param("eps") == 0.5);  // a clone is independent

    // a derived cache (the rotation of ill-conditioned) follows parameter changes and clones
    auto ic = makePreset("ill-conditioned");
    REQUIRE(ic->setParam("theta", 0).empty());
    CHECK(ic->evaluate(Vec2(1, 0)).hessian(0, 1) == 0.0);
    auto icc = ic->clone();
    CHECK(icc->gradient(Vec2(1, 0))[1] == 0.0);
    ic->resetParams();
    CHECK(ic->param("theta") == 30);
    CHECK(ic->gradient(Vec2(1, 0))[1] != 0.0);
}
