// The library presets: each a formula with its teaching data and its stationary points (hard-coded
// where they are fixed numbers, else from the hand-derived one-dimensional equation they solve).
#include "presets_library.h"

#include <cmath>
#include <functional>
#include <limits>

#include "core/formula/formula.h"

namespace optiscape {
namespace detail {
namespace {

using Params = std::vector<double>;
using PointsOf = std::function<std::vector<StationaryPoint>(const Formula&, const Params&)>;

ParamSpec param(std::string name, std::string symbol, double def, double min, double max,
                std::string help) {
    ParamSpec s;
    s.name = std::move(name);
    s.symbol = std::move(symbol);
    s.def = def;
    s.min = min;
    s.max = max;
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

/// The roots of f in [lo, hi]: sign changes on a grid of `steps` cells, bisected to the last bit.
std::vector<double> roots1d(const std::function<double(double)>& f, double lo, double hi, int steps) {
    std::vector<double> out;
    double x0 = lo, f0 = f(lo);
    for (int i = 1; i <= steps; ++i) {
        const double x1 = lo + (hi - lo) * i / steps, f1 = f(x1);
        if (f0 == 0.0) {
            out.push_back(x0);
        } else if (f1 != 0.0 && (f0 < 0.0) != (f1 < 0.0)) {
            double a = x0, b = x1, fa = f0;
            for (int k = 0; k < 200; ++k) {
                const double m = 0.5 * (a + b);
                if (m <= a || m >= b) break;
                const double fm = f(m);
                if (fm == 0.0) {
                    a = b = m;
                    break;
                }
                if ((fm < 0.0) == (fa < 0.0)) {
                    a = m;
                    fa = fm;
                } else {
                    b = m;
                }
            }
            out.push_back(std::abs(f(a)) <= std::abs(f(b)) ? a : b);
        }
        x0 = x1;
        f0 = f1;
    }
    if (f0 == 0.0) out.push_back(x0);
    return out;
}

/// Types from the formula's exact Hessian; minima labelled global (lowest listed) or local.
std::vector<StationaryPoint> classify(const Formula& f, const Params& p, const std::vector<Vec2>& ws) {
    std::vector<StationaryPoint> out;
    double lowest = std::numeric_limits<double>::infinity();
    std::vector<Eval> evals;
    for (const Vec2& w : ws) {
        evals.push_back(f.evaluate(w, p));
        if (classifyHessian(evals.back().hessian) == PointType::Minimum)
            lowest = std::min(lowest, evals.back().value);
    }
    for (size_t i = 0; i < ws.size(); ++i) {
        const PointType t = classifyHessian(evals[i].hessian);
        const bool global = evals[i].value <= lowest + 1e-9 * std::max(1.0, std::abs(lowest));
        const char* label = t == PointType::Minimum   ? (global ? "global minimum" : "local minimum")
                            : t == PointType::Maximum ? "local maximum"
                            : t == PointType::Saddle  ? "saddle"
                                                      : "degenerate stationary point";
        out.push_back(point(ws[i][0], ws[i][1], t, label));
    }
    return out;
}

/// All (a, b) with a, b roots of a separable loss's one-dimensional derivatives.
std::vector<Vec2> grid(const std::vector<double>& xs, const std::vector<double>& ys) {
    std::vector<Vec2> out;
    for (double x : xs)
        for (double y : ys) out.emplace_back(x, y);
    return out;
}

struct Spec {
    LandscapeInfo info;
    PointsOf points;
    std::function<bool(const Params&)> continuum;
};

LandscapeInfo info(const char* name, const char* group, const char* title, const char* formula,
                   const char* pretty, const char* lecture, const char* notice, ViewBox view,
                   Vec2 start, std::vector<ParamSpec> params = {}) {
    LandscapeInfo i;
    i.name = name;
    i.group = group;
    i.title = title;
    i.formula = formula;
    i.pretty = pretty;
    i.lecture = lecture;
    i.notice = notice;
    i.view = view;
    i.start = start;
    i.params = std::move(params);
    return i;
}

std::vector<Spec> makeSpecs() {
    std::vector<Spec> s;

    // ---- Yarotsky -------------------------------------------------------------------------------
    // relu-kink: pieces by the signs of w1 and w1 − w2 have slopes ∂₁L ∈ {2, 1, 0, −1}; where
    // ∂₁L = 0 (w2 < w1 < 0) ∂₂L = −1 + 2λ(w2 − 1) < 0. On the crease w1 = 0 (abs′(0) = 0) with
    // w2 > 0, ∇L = (0, 2λ(w2 − 1)): the only point with ∇L = 0 is (0, 1), H = diag(0, 2λ).
    s.push_back({info("relu-kink", "Yarotsky", "A minimum on a ReLU crease",
                      "abs(w1) + relu(w1 - w2) + lambda*(w2 - 1)^2",
                      "|w₁| + relu(w₁ − w₂) + λ·(w₂ − 1)²",
                      "Yarotsky, Optimization of neural networks (no smoothness with ReLU: local "
                      "minima of L(W) are non-differentiable)",
                      "The minimum (0, 1) sits on the crease w₁ = 0 where the slope jumps from −1 to "
                      "+1, so gradient descent with a constant step hops across it forever; only a "
                      "decaying step converges (at the kink the gradient is PyTorch's: |x|′(0) = 0).",
                      ViewBox{-2.0, 2.0, -1.0, 3.0}, Vec2(1.5, 2.5),
                      {param("lambda", "λ", 0.5, 0.05, 2.0, "Curvature of the smooth part along w₂.")}),
                 [](const Formula&, const Params&) {
                     return std::vector<StationaryPoint>{
                         point(0, 1, PointType::Degenerate, "minimum on a crease (not differentiable)")};
                 },
                 {}});

    // ---- Lecture 3 ------------------------------------------------------------------------------
    s.push_back({info("isotropic", "Lecture 3", "Isotropic quadratic (κ = 1)", "w1^2 + w2^2",
                      "w₁² + w₂²",
                      "Lecture 3, Optimization part 1 (conditioning: α₁ = α₂, condition number 1)",
                      "Every gradient points straight at the minimum, so gradient descent walks a "
                      "straight line to it: with γ = 0.5 it arrives in one step, and it diverges "
                      "only for γ > 1 = 2/λmax.",
                      ViewBox{-2.0, 2.0, -2.0, 2.0}, Vec2(-1.5, 1.2)),
                 [](const Formula&, const Params&) {
                     return std::vector<StationaryPoint>{point(0, 0, PointType::Minimum, "global minimum")};
                 },
                 {}});

    // two-layer-tanh: with T = tanh(w1·x), ∂L/∂w2 = 0 gives w2 = tT/(T² + λ); then w2·T − t =
    // −tλ/(T² + λ) and ∂L/∂w1 = 0 becomes w1 = t²x·T(1 − T²)/(T² + λ)², one equation in w1.
    // L is even under (w1, w2) → (−w1, −w2). The origin: H = [[2λ, −2tx], [−2tx, 2λ]].
    s.push_back({info("two-layer-tanh", "Lecture 3", "Two-layer tanh network",
                      "(w2*tanh(w1*x) - t)^2 + lambda*(w1^2 + w2^2)",
                      "(w₂·tanh(w₁·x) − t)² + λ·(w₁² + w₂²)",
                      "Lecture 3, Optimization part 1 (two-layer tanh model with its plateaus, "
                      "N = 1: w₁ = W, w₂ = v)",
                      "Where |w₁·x| is large, tanh saturates and the loss hardly changes with w₁: a "
                      "plateau on which gradient descent crawls; and the origin is a saddle, which "
                      "is why weights are never initialised to zero.",
                      ViewBox{-4.0, 4.0, -3.0, 3.0}, Vec2(3.5, -1.5),
                      {param("x", "x", 1.0, 0.1, 3.0, "The single training input."),
                       param("t", "t", 1.0, -2.0, 2.0, "Its target output."),
                       param("lambda", "λ", 0.01, 0.0, 1.0, "Weight decay on both weights.")}),
                 [](const Formula& f, const Params& p) {
                     const double x = p[0], t = p[1], lam = p[2];
                     std::vector<Vec2> ws{Vec2(0, 0)};
                     const auto w2of = [&](double a) {
                         const double T = std::tanh(a * x);
                         return t * T / (T * T + lam);
                     };
                     const auto g = [&](double a) {
                         const double T = std::tanh(a * x), d = T * T + lam;
                         return a - t * t * x * T * (1.0 - T * T) / (d * d);
                     };
                     for (double a : roots1d(g, 1e-9, 20.0 / x, 20000))
                         if (a > 1e-7) {
                             ws.emplace_back(a, w2of(a));
                             ws.emplace_back(-a, -w2of(a));
                         }
                     return classify(f, p, ws);
                 },
                 [](const Params& p) { return p[2] == 0.0; }});

    // ---- EE-556 ---------------------------------------------------------------------------------
    s.push_back({info("monkey-saddle", "EE-556", "Monkey saddle", "w1^3 - 3*w1*w2^2",
                      "w₁³ − 3·w₁·w₂²",
                      "EE-556, Non-convex optimization (monkey saddle: λᵢ = 0 for some i)",
                      "The Hessian vanishes at the origin, so the second-order test says nothing: "
                      "three valleys go down between three ridges, and a run started on the ridge "
                      "w₂ = 0 slows to a crawl near the flat point before it slides off.",
                      ViewBox{-1.5, 1.5, -1.5, 1.5}, Vec2(1.2, 0.02)),
                 // ∇L = (3w1² − 3w2², −6w1w2) = 0 only at the origin, where H = 0.
                 [](const Formula&, const Params&) {
                     return std::vector<StationaryPoint>{
                         point(0, 0, PointType::Degenerate, "monkey saddle (H = 0)")};
                 },
                 {}});

    // ---- LeCun / GSI ----------------------------------------------------------------------------
    // local-global: w2 = 0 and 4w1³ − 4w1 + τ = 0 (three roots for |τ| < 8/√27); ∂²/∂w1² = 12w1² − 4.
    s.push_back({info("local-global", "LeCun / GSI", "Local and global minimum",
                      "(w1^2 - 1)^2 + tilt*w1 + w2^2", "(w₁² − 1)² + τ·w₁ + w₂²",
                      "LeCun, On gradient descent and local vs global optimum (GSI, critical "
                      "points: minima, maxima, saddles)",
                      "Gradient descent settles in the basin it starts in: started right of the "
                      "saddle it stops in the shallower minimum near w₁ = 0.96, although the one "
                      "near w₁ = −1.04 is lower; enough momentum carries a run over the ridge.",
                      ViewBox{-2.0, 2.0, -1.5, 1.5}, Vec2(1.6, 1.0),
                      {param("tilt", "τ", 0.3, -1.0, 1.0,
                             "Tilt of the double well: makes one minimum deeper than the other.")}),
                 [](const Formula& f, const Params& p) {
                     const double tau = p[0];
                     std::vector<Vec2> ws;
                     for (double a : roots1d([&](double x) { return 4 * x * x * x - 4 * x + tau; }, -3, 3, 6000))
                         ws.emplace_back(a, 0.0);
                     return classify(f, p, ws);
                 },
                 {}});

    // ---- Lucchi ---------------------------------------------------------------------------------
    s.push_back({info("mexican-hat", "Lucchi", "Ring of minima (over-parametrisation)",
                      "(w1^2 + w2^2 - 1)^2", "(w₁² + w₂² − 1)²",
                      "Lucchi, Optimization landscape of neural networks (over-parametrisation: a "
                      "manifold of solutions)",
                      "Every point of the unit circle is a global minimum, so the solution is not "
                      "unique: a run lands on the ring in the direction it started, and there the "
                      "Hessian is flat along the ring (one eigenvalue is 0).",
                      ViewBox{-1.8, 1.8, -1.8, 1.8}, Vec2(1.5, 0.4)),
                 // ∇L = 4(r² − 1)·w: the origin (H = −4I) and the unit circle (H = 8wwᵀ, det 0).
                 [](const Formula&, const Params&) {
                     std::vector<StationaryPoint> pts{point(0, 0, PointType::Maximum, "local maximum")};
                     const double h = std::sqrt(0.5);
                     const double ring[8][2] = {{1, 0}, {h, h}, {0, 1}, {-h, h}, {-1, 0}, {-h, -h}, {0, -1}, {h, -h}};
                     for (const auto& r : ring)
                         pts.push_back(point(r[0], r[1], PointType::Degenerate, "ring of minima w₁² + w₂² = 1"));
                     return pts;
                 },
                 [](const Params&) { return true; }});
    s.back().info.continuum = true;

    // plateau-cliff: with p = w1·w2, w1·∂₁L − w2·∂₂L = 2λ(w1² − w2²), so |w1| = |w2|; on w1 = −w2
    // only the origin; on w1 = w2 = s, λ = 3s⁴(1 − s⁶) (two roots for λ < 0.977). H(0) = 2λI.
    s.push_back({info("plateau-cliff", "Lucchi", "Plateau and cliff (deep linear chain)",
                      "(1 - (w1*w2)^3)^2 + lambda*(w1^2 + w2^2)", "(1 − (w₁w₂)³)² + λ·(w₁² + w₂²)",
                      "Lucchi, Optimization landscape of neural networks (vanishing and exploding "
                      "gradients: a depth-6 linear chain ŷ = w₁³w₂³x with tied weights)",
                      "Near the origin the gradient shrinks like (w₁w₂)⁵ — a plateau that even "
                      "holds a spurious minimum — while past w₁w₂ = 1 it grows like (w₁w₂)¹¹, a "
                      "cliff: a step small enough for the cliff is hopeless on the plateau.",
                      ViewBox{-2.0, 2.0, -2.0, 2.0}, Vec2(0.5, 0.3),
                      {param("lambda", "λ", 0.01, 0.001, 0.5, "Weight decay on both weights.")}),
                 [](const Formula& f, const Params& p) {
                     const double lam = p[0];
                     std::vector<Vec2> ws{Vec2(0, 0)};
                     const auto g = [&](double s) { return 3 * std::pow(s, 4) * (1 - std::pow(s, 6)) - lam; };
                     for (double s : roots1d(g, 1e-6, 1.0, 4000)) {
                         ws.emplace_back(s, s);
                         ws.emplace_back(-s, -s);
                     }
                     return classify(f, p, ws);
                 },
                 {}});

    // ---- Classic test functions -----------------------------------------------------------------
    s.push_back({info("himmelblau", "Classic test functions", "Himmelblau's function",
                      "(w1^2 + w2 - 11)^2 + (w1 + w2^2 - 7)^2", "(w₁² + w₂ − 11)² + (w₁ + w₂² − 7)²",
                      "Himmelblau (1972), a classic test function with several equal minima",
                      "Four minima of equal height (L = 0), a maximum and four saddles between "
                      "them: which minimum a run reaches depends only on where it starts.",
                      ViewBox{-5.0, 5.0, -5.0, 5.0}, Vec2(-0.3, -4.5)),
                 // ∇L = 0 is two cubics: at most 3·3 = 9 real solutions (Bézout), all listed
                 // (found by Newton's method, 17 digits).
                 [](const Formula&, const Params&) {
                     return std::vector<StationaryPoint>{
                         point(3, 2, PointType::Minimum, "global minimum"),
                         point(-2.8051180869527448, 3.131312518250573, PointType::Minimum, "global minimum"),
                         point(-3.779310253377747, -3.2831859912861696, PointType::Minimum, "global minimum"),
                         point(3.5844283403304917, -1.8481265269644036, PointType::Minimum, "global minimum"),
                         point(-0.27084459066734762, -0.92303855647998134, PointType::Maximum, "local maximum"),
                         point(0.086677504555396342, 2.8842547011747759, PointType::Saddle, "saddle"),
                         point(-3.0730257507643897, -0.08135304428796751, PointType::Saddle, "saddle"),
                         point(3.3851541836070211, 0.073851879837749282, PointType::Saddle, "saddle"),
                         point(-0.12796134673068005, -1.9537149802445766, PointType::Saddle, "saddle")};
                 },
                 {}});

    s.push_back({info("beale", "Classic test functions", "Beale's function",
                      "(1.5 - w1 + w1*w2)^2 + (2.25 - w1 + w1*w2^2)^2 + (2.625 - w1 + w1*w2^3)^2",
                      "(1.5 − w₁ + w₁w₂)² + (2.25 − w₁ + w₁w₂²)² + (2.625 − w₁ + w₁w₂³)²",
                      "Beale (1958), a classic test function for optimizers",
                      "A narrow curved valley leads to the minimum (3, 0.5) between steep walls and "
                      "flat arms: a step size that makes progress on the arms overshoots in the "
                      "valley, which is where adaptive methods such as Adam help.",
                      ViewBox{-4.5, 4.5, -4.5, 4.5}, Vec2(-2.0, 2.5)),
                 // On w1 = 0, ∂₂L ≡ 0 and ∂₁L = (w2 − 1)(5.25w2² + 9.75w2 + 12.75): the saddle (0, 1).
                 [](const Formula&, const Params&) {
                     return std::vector<StationaryPoint>{
                         point(3, 0.5, PointType::Minimum, "global minimum"),
                         point(0, 1, PointType::Saddle, "saddle"),
                         point(0.10053793732415837, -2.6445135850231249, PointType::Saddle, "saddle")};
                 },
                 {}});

    // rastrigin: separable; φ(x) = x² − A·cos(2πx) has φ′(x) = 2x + 2πA·sin(2πx), whose roots
    // lie in |x| ≤ πA (hundreds of points): listed are those in the default view.
    s.push_back({info("rastrigin", "Classic test functions", "Rastrigin's function",
                      "2*A + w1^2 - A*cos(2*pi*w1) + w2^2 - A*cos(2*pi*w2)",
                      "2A + w₁² − A·cos(2πw₁) + w₂² − A·cos(2πw₂)",
                      "Rastrigin (1974), a classic multimodal test function (Yarotsky's first "
                      "picture: a rough landscape with many isolated minima)",
                      "A bowl covered in ripples: a local minimum near every integer point, the "
                      "global one at the origin; gradient descent stops in the nearest ripple.",
                      ViewBox{-5.12, 5.12, -5.12, 5.12}, Vec2(-4.1, 3.6),
                      {param("A", "A", 10.0, 0.0, 20.0, "Height of the ripples.")}),
                 [](const Formula& f, const Params& p) {
                     const double A = p[0], r = 5.12, pi = 3.14159265358979323846;
                     const auto d = [&](double x) { return 2 * x + 2 * pi * A * std::sin(2 * pi * x); };
                     const auto xs = roots1d(d, -r, r, 20000);
                     return classify(f, p, grid(xs, xs));
                 },
                 {}});

    // six-hump camel: 15 stationary points, found by Newton's method from a grid (17 digits);
    // L is odd-symmetric: L(−w) = L(w).
    s.push_back({info("six-hump-camel", "Classic test functions", "Six-hump camel",
                      "(4 - 2.1*w1^2 + w1^4/3)*w1^2 + w1*w2 + (-4 + 4*w2^2)*w2^2",
                      "(4 − 2.1·w₁² + w₁⁴/3)·w₁² + w₁w₂ + (−4 + 4w₂²)·w₂²",
                      "Dixon & Szegő (1978), a classic test function with several basins",
                      "Six minima in separate basins — the two global ones at (±0.0898, ∓0.7127), "
                      "L ≈ −1.0316 — with saddles between them: where a run ends depends on where "
                      "it starts.",
                      ViewBox{-2.2, 2.2, -1.2, 1.2}, Vec2(-1.5, 1.0)),
                 [](const Formula& f, const Params& p) {
                     const double half[7][2] = {{0.089842013100318058, -0.71265640302073963},
                                                {1.7036067149699807, -0.7960835686726252},
                                                {1.6071047529201974, 0.56865145488413138},
                                                {1.1092053368047863, -0.76826809250953987},
                                                {1.2302298765166524, 0.16233458445899493},
                                                {1.2960702671671087, 0.60508438803865849},
                                                {1.6380679841897787, 0.22867406904439413}};
                     std::vector<Vec2> ws{Vec2(0, 0)};
                     for (const auto& h : half) {
                         ws.emplace_back(h[0], h[1]);
                         ws.emplace_back(-h[0], -h[1]);
                     }
                     return classify(f, p, ws);
                 },
                 {}});

    // styblinski-tang: separable; φ′(x) = (4x³ − 32x + 5)/2 has three roots.
    s.push_back({info("styblinski-tang", "Classic test functions", "Styblinski–Tang function",
                      "(w1^4 - 16*w1^2 + 5*w1 + w2^4 - 16*w2^2 + 5*w2)/2",
                      "(w₁⁴ − 16w₁² + 5w₁ + w₂⁴ − 16w₂² + 5w₂)/2",
                      "Styblinski & Tang (1990), a classic test function with several basins",
                      "The sum of two one-dimensional double wells: four minima of different "
                      "depths (the global one at w₁ = w₂ ≈ −2.9035), one maximum and four saddles.",
                      ViewBox{-5.0, 5.0, -5.0, 5.0}, Vec2(4.5, 4.2)),
                 [](const Formula& f, const Params& p) {
                     const auto xs = roots1d([](double x) { return (4 * x * x * x - 32 * x + 5) / 2; }, -6, 6, 1200);
                     return classify(f, p, grid(xs, xs));
                 },
                 {}});
    return s;
}

const std::vector<Spec>& specs() {
    static const std::vector<Spec> s = makeSpecs();
    return s;
}

}  // namespace

std::unique_ptr<Landscape> makeLibraryPreset(std::string_view name) {
    for (const Spec& s : specs()) {
        if (s.info.name != name) continue;
        auto f = Formula::parse(s.info.formula, nullptr);
        if (!f) return nullptr;
        const Formula formula = *f;
        const PointsOf points = s.points;
        FormulaLandscape::PointsFn fn = [formula, points](const Params& p) { return points(formula, p); };
        return std::make_unique<FormulaLandscape>(*f, s.info, fn, s.continuum);
    }
    return nullptr;
}

}  // namespace detail
}  // namespace optiscape
