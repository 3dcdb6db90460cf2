// The hand-written preset landscapes (one class each, with hand-derived value, gradient and
// Hessian, the stationary points for the current parameters, and the teaching data of
// landscape.h), the menu order of all presets, and makePreset().
#include <cmath>

#include "landscape.h"
#include "presets_library.h"

namespace optiscape {
namespace {

constexpr double kPi = 3.14159265358979323846;

ParamSpec makeParam(std::string name, std::string symbol, double def, double min, double max,
                std::string help, std::string unit = {}) {
    ParamSpec s;
    s.name = std::move(name);
    s.symbol = std::move(symbol);
    s.def = def;
    s.min = min;
    s.max = max;
    s.unit = std::move(unit);
    s.help = std::move(help);
    return s;
}

StationaryPoint point(double w1, double w2, PointType type, std::string label) {
    StationaryPoint p;
    p.w = Vec2(w1, w2);
    p.type = type;
    p.label = std::move(label);
    return p;
}

/// gradients() of a final preset class: its own gradient() inlined over the points (restrict
/// outputs, so the loop vectorizes), hence the same numbers as gradient() to the last bit.
template <class L>
void gradientsOf(const L& l, const double* w1, const double* w2, double* __restrict g1,
                 double* __restrict g2, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const Vec2 g = l.L::gradient(Vec2(w1[i], w2[i]));
        g1[i] = g[0];
        g2[i] = g[1];
    }
}

#define OPTISCAPE_BATCH_GRADIENTS                                                              \
    void gradients(const double* w1, const double* w2, double* g1, double* g2, size_t n)        \
        const override {                                                                       \
        gradientsOf(*this, w1, w2, g1, g2, n);                                                 \
    }

// ---- yarotsky: r = w2 − w1²; ∇ = (−4·w1·r + 2ε·w1, 2r); H = [[12w1² − 4w2 + 2ε, −4w1], [−4w1, 2]]
class Yarotsky final : public Landscape {
public:
    Yarotsky() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "yarotsky";
        i.group = "Yarotsky";
        i.title = "Few, connected minima";
        i.formula = "(w2 - w1^2)^2 + eps*w1^2";
        i.pretty = "(w₂ − w₁²)² + ε·w₁²";
        i.lecture = "Yarotsky, Optimization of neural networks (the two pictures of the loss surface)";
        i.notice = "Gradient descent drops quickly into the curved valley w₂ = w₁² and then crawls "
                   "along its floor, whose slope toward the minimum is set by ε alone.";
        i.params = {makeParam("eps", "ε", 0.1, 0.0, 1.0,
                          "Tilt of the valley floor; at ε = 0 the whole parabola w₂ = w₁² is a "
                          "valley of minima.")};
        i.view = ViewBox{-2.0, 2.0, -1.2, 2.8};
        i.start = Vec2(-1.7, 1.6);
        return i;
    }
    double value(const Vec2& w) const override {
        const double r = w[1] - w[0] * w[0];
        return r * r + p(0) * w[0] * w[0];
    }
    Vec2 gradient(const Vec2& w) const override {
        const double r = w[1] - w[0] * w[0];
        return {-4.0 * w[0] * r + 2.0 * p(0) * w[0], 2.0 * r};
    }
    OPTISCAPE_BATCH_GRADIENTS
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        const double h12 = -4.0 * w[0];
        e.hessian << 12.0 * w[0] * w[0] - 4.0 * w[1] + 2.0 * p(0), h12, h12, 2.0;
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        if (p(0) > 0) return {point(0, 0, PointType::Minimum, "global minimum")};
        const char* label = "valley of minima w₂ = w₁²";
        return {point(0, 0, PointType::Degenerate, label),
                point(1, 1, PointType::Degenerate, label),
                point(-1, 1, PointType::Degenerate, label),
                point(0.5, 0.25, PointType::Degenerate, label),
                point(-1.5, 2.25, PointType::Degenerate, label)};
    }
    bool hasContinuum() const override { return p(0) == 0.0; }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<Yarotsky>(*this); }
};

// ---- rosenbrock: ∇ = (−2(1 − w1) − 400·w1·(w2 − w1²), 200(w2 − w1²));
//      H = [[2 − 400w2 + 1200w1², −400w1], [−400w1, 200]]
class Rosenbrock final : public Landscape {
public:
    Rosenbrock() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "rosenbrock";
        i.group = "Classic test functions";
        i.title = "Rosenbrock's banana valley";
        i.formula = "(1 - w1)^2 + 100*(w2 - w1^2)^2";
        i.pretty = "(1 − w₁)² + 100·(w₂ − w₁²)²";
        i.lecture = "Rosenbrock (1960), the classic test of ill-conditioned curvature "
                    "(EE-556, Non-convex optimization)";
        i.notice = "The valley is easy to find and hard to follow: at the minimum (1, 1) the "
                   "Hessian's condition number is about 2500, so gradient descent zig-zags "
                   "across the valley and crawls along it.";
        i.view = ViewBox{-2.0, 2.0, -1.0, 3.0};
        i.start = Vec2(-1.2, 1.0);
        return i;
    }
    double value(const Vec2& w) const override {
        const double a = 1.0 - w[0], r = w[1] - w[0] * w[0];
        return a * a + 100.0 * r * r;
    }
    Vec2 gradient(const Vec2& w) const override {
        const double r = w[1] - w[0] * w[0];
        return {-2.0 * (1.0 - w[0]) - 400.0 * w[0] * r, 200.0 * r};
    }
    OPTISCAPE_BATCH_GRADIENTS
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        const double h12 = -400.0 * w[0];
        e.hessian << 2.0 - 400.0 * w[1] + 1200.0 * w[0] * w[0], h12, h12, 200.0;
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        return {point(1, 1, PointType::Minimum, "global minimum")};
    }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<Rosenbrock>(*this); }
};

// ---- ill-conditioned: L = wᵀ Rᵀ D R w with R = [[c, s], [−s, c]], D = diag(α1, α2);
//      H = 2 Rᵀ D R (constant), ∇ = H w
class IllConditioned final : public Landscape {
public:
    IllConditioned() : Landscape(makeInfo()) { paramsChanged(); }
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "ill-conditioned";
        i.group = "Lecture 3";
        i.title = "Ill-conditioned quadratic";
        i.formula = "alpha1*(cos(theta*pi/180)*w1 + sin(theta*pi/180)*w2)^2 + "
                    "alpha2*(-sin(theta*pi/180)*w1 + cos(theta*pi/180)*w2)^2";
        i.pretty = "α₁·u² + α₂·v²,  u = cos θ·w₁ + sin θ·w₂,  v = −sin θ·w₁ + cos θ·w₂";
        i.lecture = "Lecture 3, Optimization part 1 (poor conditioning: E = Σ αᵢ(θᵢ − θᵢ*)²)";
        i.notice = "The steep direction caps the step size (γ < 1/α_max), and then the flat "
                   "direction shrinks only by |1 − 2γ·α_min| per step: the condition number "
                   "α_max/α_min sets the pace.";
        i.params = {makeParam("alpha1", "α₁", 1.0, 0.001, 10.0, "Curvature along the u axis."),
                    makeParam("alpha2", "α₂", 0.05, 0.001, 10.0, "Curvature along the v axis."),
                    makeParam("theta", "θ", 30.0, -90.0, 90.0,
                          "Angle of the u axis against the w₁ axis, in degrees.", "°")};
        i.view = ViewBox{-2.5, 2.5, -2.5, 2.5};
        i.start = Vec2(-1.8, 1.2);
        return i;
    }
    double value(const Vec2& w) const override {
        const double u = c_ * w[0] + s_ * w[1], v = -s_ * w[0] + c_ * w[1];
        return p(0) * u * u + p(1) * v * v;
    }
    Vec2 gradient(const Vec2& w) const override { return h_ * w; }
    OPTISCAPE_BATCH_GRADIENTS
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = h_ * w;
        e.hessian = h_;
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        return {point(0, 0, PointType::Minimum, "global minimum")};
    }
    std::unique_ptr<Landscape> clone() const override {
        return std::make_unique<IllConditioned>(*this);
    }

protected:
    void paramsChanged() override {
        const double th = p(2) * kPi / 180.0;
        c_ = std::cos(th);
        s_ = std::sin(th);
        const double a1 = p(0), a2 = p(1);
        const double off = 2.0 * (a1 - a2) * c_ * s_;
        h_ << 2.0 * (a1 * c_ * c_ + a2 * s_ * s_), off, off, 2.0 * (a1 * s_ * s_ + a2 * c_ * c_);
    }

private:
    double c_ = 1.0, s_ = 0.0;
    Mat2 h_ = Mat2::Zero();
};

// ---- saddle: ∇ = (2w1, −2w2); H = diag(2, −2)
class Saddle final : public Landscape {
public:
    Saddle() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "saddle";
        i.group = "EE-556";
        i.title = "Saddle point";
        i.formula = "w1^2 - w2^2";
        i.pretty = "w₁² − w₂²";
        i.lecture = "EE-556, Non-convex optimization (classification of stationary points)";
        i.notice = "Started just off the line w₂ = 0, gradient descent first slides toward the "
                   "saddle, then the small w₂ grows by a factor 1 + 2γ per step and carries the "
                   "run away.";
        i.view = ViewBox{-2.0, 2.0, -2.0, 2.0};
        i.start = Vec2(-1.5, 0.05);
        return i;
    }
    double value(const Vec2& w) const override { return w[0] * w[0] - w[1] * w[1]; }
    Vec2 gradient(const Vec2& w) const override { return {2.0 * w[0], -2.0 * w[1]}; }
    OPTISCAPE_BATCH_GRADIENTS
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        e.hessian << 2.0, 0.0, 0.0, -2.0;
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        return {point(0, 0, PointType::Saddle, "strict saddle")};
    }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<Saddle>(*this); }
};

// ---- product: q = 1 − w1·w2; ∇ = (−2w2·q, −2w1·q); H = [[2w2², 4w1w2 − 2], [4w1w2 − 2, 2w1²]]
class Product final : public Landscape {
public:
    Product() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "product";
        i.group = "EE-556";
        i.title = "Valley of minima";
        i.formula = "(1 - w1*w2)^2";
        i.pretty = "(1 − w₁w₂)²";
        i.lecture = "EE-556, Non-convex optimization (non-convexity of (1 − w₁w₂)²)";
        i.notice = "Every point of the hyperbola w₁w₂ = 1 is a minimum, so where a run lands "
                   "depends on where it starts; the origin is a saddle between the two branches.";
        i.view = ViewBox{-2.5, 2.5, -2.5, 2.5};
        i.start = Vec2(-1.6, 0.2);
        i.continuum = true;
        return i;
    }
    double value(const Vec2& w) const override {
        const double q = 1.0 - w[0] * w[1];
        return q * q;
    }
    Vec2 gradient(const Vec2& w) const override {
        const double q = 1.0 - w[0] * w[1];
        return {-2.0 * w[1] * q, -2.0 * w[0] * q};
    }
    OPTISCAPE_BATCH_GRADIENTS
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        const double h12 = 4.0 * w[0] * w[1] - 2.0;
        e.hessian << 2.0 * w[1] * w[1], h12, h12, 2.0 * w[0] * w[0];
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        const char* label = "valley of minima w₁w₂ = 1";
        return {point(0, 0, PointType::Saddle, "strict saddle"),
                point(1, 1, PointType::Degenerate, label),
                point(-1, -1, PointType::Degenerate, label),
                point(2, 0.5, PointType::Degenerate, label),
                point(0.5, 2, PointType::Degenerate, label),
                point(-2, -0.5, PointType::Degenerate, label),
                point(-0.5, -2, PointType::Degenerate, label)};
    }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<Product>(*this); }
};

// ---- two-layer-linear: e = x·w1·w2 − t; ∇ = (2x·e·w2 + 2λw1, 2x·e·w1 + 2λw2);
//      H = [[2x²w2² + 2λ, 2x(2x·w1·w2 − t)], [·, 2x²w1² + 2λ]]
class TwoLayerLinear final : public Landscape {
public:
    TwoLayerLinear() : Landscape(makeInfo()) {}
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "two-layer-linear";
        i.group = "Lecture 3";
        i.title = "Two-layer linear network";
        i.formula = "(w2*w1*x - t)^2 + lambda*(w1^2 + w2^2)";
        i.pretty = "(w₂·w₁·x − t)² + λ·(w₁² + w₂²)";
        i.lecture = "Lecture 3, Optimization part 1 (two-layer linear model, N = 1: w₁ = W, "
                    "w₂ = v)";
        i.notice = "Two mirror-image minima, w₁ = w₂ = ±√((xt − λ)/x²) at the defaults, and a "
                   "saddle at the origin between them: the network's weights are defined only "
                   "up to a common sign.";
        i.params = {makeParam("x", "x", 1.0, 0.1, 3.0, "The single training input."),
                    makeParam("t", "t", 1.0, -2.0, 2.0, "Its target output."),
                    makeParam("lambda", "λ", 0.1, 0.0, 1.0, "Weight decay on both weights.")};
        i.view = ViewBox{-2.0, 2.0, -2.0, 2.0};
        i.start = Vec2(1.5, -1.3);
        return i;
    }
    double value(const Vec2& w) const override {
        const double e = x() * w[0] * w[1] - t();
        return e * e + lambda() * (w[0] * w[0] + w[1] * w[1]);
    }
    Vec2 gradient(const Vec2& w) const override {
        const double e = x() * w[0] * w[1] - t();
        return {2.0 * x() * e * w[1] + 2.0 * lambda() * w[0],
                2.0 * x() * e * w[0] + 2.0 * lambda() * w[1]};
    }
    OPTISCAPE_BATCH_GRADIENTS
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        const double x2 = x() * x(), l2 = 2.0 * lambda();
        const double h12 = 2.0 * x() * (2.0 * x() * w[0] * w[1] - t());
        e.hessian << 2.0 * x2 * w[1] * w[1] + l2, h12, h12, 2.0 * x2 * w[0] * w[0] + l2;
        return e;
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        const double xt = x() * std::abs(t()), lam = lambda(), sg = t() < 0 ? -1.0 : 1.0;
        std::vector<StationaryPoint> pts;
        if (lam == 0.0) {
            // L = (x·w1·w2 − t)²: the hyperbola (or, for t = 0, the axes) is a valley of minima.
            if (t() == 0.0) {
                const char* label = "valley of minima w₁·w₂ = 0";
                return {point(0, 0, PointType::Degenerate, label),
                        point(1, 0, PointType::Degenerate, label),
                        point(0, 1, PointType::Degenerate, label),
                        point(-1, 0, PointType::Degenerate, label),
                        point(0, -1, PointType::Degenerate, label)};
            }
            pts.push_back(point(0, 0, PointType::Saddle, "strict saddle"));
            const double c = t() / x();  // w1·w2 = t/x
            const char* label = "valley of minima w₁·w₂ = t/x";
            for (double a : {1.0, -1.0, 2.0, -2.0, 0.5, -0.5})
                pts.push_back(point(a, c / a, PointType::Degenerate, label));
            return pts;
        }
        if (lam < xt) {
            pts.push_back(point(0, 0, PointType::Saddle, "strict saddle"));
            const double a = std::sqrt(xt - lam) / x();
            const char* label = sg > 0 ? "global minimum (w₁ = w₂)" : "global minimum (w₁ = −w₂)";
            pts.push_back(point(a, sg * a, PointType::Minimum, label));
            pts.push_back(point(-a, -sg * a, PointType::Minimum, label));
        } else if (lam == xt) {
            pts.push_back(point(0, 0, PointType::Degenerate, "global minimum (flat: λ = x·|t|)"));
        } else {
            pts.push_back(point(0, 0, PointType::Minimum, "global minimum"));
        }
        return pts;
    }
    bool hasContinuum() const override { return lambda() == 0.0; }
    std::unique_ptr<Landscape> clone() const override {
        return std::make_unique<TwoLayerLinear>(*this);
    }

private:
    double x() const { return p(0); }
    double t() const { return p(1); }
    double lambda() const { return p(2); }
};

}  // namespace

const std::vector<std::string>& presetNames() {
    static const std::vector<std::string> names = {
        "yarotsky", "relu-kink",                                               // Yarotsky
        "ill-conditioned", "isotropic", "two-layer-linear", "two-layer-tanh",  // Lecture 3
        "saddle", "monkey-saddle", "product",                                  // EE-556
        "local-global",                                                        // LeCun / GSI
        "mexican-hat", "plateau-cliff",                                        // Lucchi
        "rosenbrock", "himmelblau", "beale", "rastrigin", "six-hump-camel",
        "styblinski-tang",                                                     // classics
    };
    return names;
}

std::unique_ptr<Landscape> makePreset(std::string_view name) {
    if (name == "yarotsky") return std::make_unique<Yarotsky>();
    if (name == "rosenbrock") return std::make_unique<Rosenbrock>();
    if (name == "ill-conditioned") return std::make_unique<IllConditioned>();
    if (name == "saddle") return std::make_unique<Saddle>();
    if (name == "product") return std::make_unique<Product>();
    if (name == "two-layer-linear") return std::make_unique<TwoLayerLinear>();
    return detail::makeLibraryPreset(name);
}

}  // namespace optiscape
