// A two-parameter loss surface L(w1, w2) together with the teaching data a lesson needs:
// its formula, parameters with ranges, a sensible view and start, its known stationary points,
// and where it comes from in the lectures (STYLE.md, "What we take" 3).
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "params.h"
#include "types.h"

namespace optiscape {

class JsonWriter;

/// Classification of a stationary point by the signs of the Hessian's eigenvalues
/// (EE-556, "Classification of stationary points"): both positive — minimum, both negative —
/// maximum, mixed signs — saddle, an eigenvalue zero (within tolerance) — degenerate
/// (e.g. the monkey saddle, or the valley of minima of (1 − w1·w2)²).
enum class PointType { Minimum, Maximum, Saddle, Degenerate };

/// "minimum", "maximum", "saddle" or "degenerate".
const char* pointTypeName(PointType t);

/// Classifies a symmetric 2×2 Hessian; |λ| ≤ tol·max(1, |λ|max) counts as zero.
PointType classifyHessian(const Mat2& h, double tol = 1e-9);

/// The eigenvalues (λmin, λmax) of a symmetric 2×2 matrix [[a, b], [b, c]], in closed form:
/// (a + c)/2 ∓ √(((a − c)/2)² + b²); the one of smaller magnitude is recovered as det/λ_other,
/// which keeps its digits when the two differ by orders of magnitude (condition number κ = λmax/λmin).
Vec2 symmetricEigenvalues(const Mat2& h);

/// A known stationary point (∇L = 0).
struct StationaryPoint {
    Vec2 w = Vec2::Zero();
    PointType type = PointType::Minimum;
    std::string label;  ///< e.g. "global minimum", "strict saddle"
};

/// Everything about a landscape that does not change with its parameter values.
struct LandscapeInfo {
    std::string name;      ///< preset key used by the CLI and links, e.g. "yarotsky"
    std::string title;     ///< e.g. "Few, connected minima"
    std::string formula;   ///< in the formula language (mathjs syntax): "(w2 - w1^2)^2 + eps*w1^2"
    std::string pretty;    ///< the same in the lectures' notation: "(w₂ − w₁²)² + ε·w₁²"
    std::string lecture;   ///< source, e.g. "Yarotsky, Optimization of neural networks"
    std::string notice;    ///< one sentence: what to notice
    std::string group;     ///< the lecture group of the menu: "Yarotsky", "Lecture 3", "EE-556",
                           ///< "LeCun / GSI", "Lucchi" or "Classic test functions"
    std::vector<ParamSpec> params;
    ViewBox view;          ///< default view box (equal scales fit it)
    Vec2 start = Vec2::Zero();  ///< default start of runs
    bool continuum = false;     ///< stationary points form a curve (only representatives listed)
};

/// A loss surface with current parameter values. Value, gradient and Hessian are exact.
class Landscape {
public:
    explicit Landscape(LandscapeInfo info);
    virtual ~Landscape() = default;

    const LandscapeInfo& info() const { return info_; }
    const std::string& name() const { return info_.name; }

    /// Current parameter values, in the order of info().params.
    const std::vector<double>& params() const { return values_; }
    /// The current value of parameter `name` (its default if unknown).
    double param(std::string_view name) const;
    /// Sets a parameter; returns an empty string, or a message naming what is allowed.
    std::string setParam(std::string_view name, double value);
    /// Restores every parameter's default.
    void resetParams();

    virtual double value(const Vec2& w) const = 0;
    virtual Vec2 gradient(const Vec2& w) const = 0;
    /// Value, gradient and Hessian at once.
    virtual Eval evaluate(const Vec2& w) const = 0;
    /// out[i] = value((w1[i], w2[i])) for i < n; a landscape may do this faster than n calls
    /// (a formula runs its program over blocks of points).
    virtual void values(const double* w1, const double* w2, double* out, size_t n) const;
    /// (g1[i], g2[i]) = gradient((w1[i], w2[i])) for i < n, the same numbers to the last bit; a
    /// landscape may do this faster than n calls (the basin map steps a row of starts at once).
    /// The output arrays must not overlap the inputs.
    virtual void gradients(const double* w1, const double* w2, double* g1, double* g2,
                           size_t n) const;
    /// The known stationary points for the current parameter values.
    virtual std::vector<StationaryPoint> stationaryPoints() const = 0;
    /// Whether, at the current parameter values, stationary points form a curve, so that
    /// stationaryPoints() lists representatives only (e.g. yarotsky with ε = 0). Defaults to
    /// info().continuum.
    virtual bool hasContinuum() const { return info_.continuum; }
    virtual std::unique_ptr<Landscape> clone() const = 0;
    /// Whether one value costs far more than a formula's (a network's slice: a pass over its
    /// training set): the map evaluates it over frames or on workers, not all at once.
    virtual bool costly() const { return false; }
    /// The fields beyond its name, formula and parameters that a job's text needs to build this
    /// landscape again (jobs::writeLandscape; a network's slice: its model, data and plane).
    virtual void writeJobFields(JsonWriter& j) const { (void)j; }
    /// Whether evaluate() runs a formula compiled to machine code by the platform (in the page:
    /// WebAssembly; see FormulaCompiler in formula.h) rather than interpreted or hand-written.
    virtual bool isCompiled() const { return false; }

    // ---- data-defined landscapes (data_landscape.h): L(w) = (1/N)·Σᵢ ℓᵢ(w) over N samples ----
    /// N, the number of samples whose mean loss this landscape is; 0 for a plain formula.
    virtual int sampleCount() const { return 0; }
    /// The mean of the per-sample gradients ∇ℓᵢ(w) over indices[0..n) — a minibatch gradient;
    /// over all N samples it is gradient(w). Without samples: gradient(w).
    virtual Vec2 sampleGradient(const Vec2& w, const int* indices, int n) const {
        (void)indices;
        (void)n;
        return gradient(w);
    }
    /// The samples as (x, y) pairs for a scatter plot, or nullptr without samples.
    virtual const std::vector<Vec2>* samples() const { return nullptr; }
    /// The model's prediction ŷ(x) at input x for weights w — the curve a scatter plot of the
    /// samples draws over them (linear-regression: w₁x + w₂; two-layer-data: w₂w₁x); NaN without
    /// samples.
    virtual double predict(const Vec2& w, double x) const {
        (void)w;
        (void)x;
        return std::numeric_limits<double>::quiet_NaN();
    }

protected:
    /// Called after a parameter changes, so a subclass can cache derived quantities.
    virtual void paramsChanged() {}
    double p(size_t i) const { return values_[i]; }

private:
    LandscapeInfo info_;
    std::vector<double> values_;
};

/// The preset names, in menu order: yarotsky, rosenbrock, ill-conditioned, saddle, product,
/// two-layer-linear.
const std::vector<std::string>& presetNames();

/// A new preset landscape with default parameters, or nullptr when `name` is unknown.
/// The presets, with their hand-derived stationary points (tests/core/test_landscape.cpp checks
/// ∇L = 0 there and the Hessian's type):
/// - yarotsky  (w₂ − w₁²)² + ε·w₁²: ∇L = 0 forces w₂ = w₁² and then ε·w₁ = 0, so the origin is the
///   only minimum for ε > 0 (H = diag(2ε, 2)); at ε = 0 the parabola w₂ = w₁² is a valley of
///   degenerate minima (det H = 0 along it).
/// - rosenbrock  (1 − w₁)² + 100·(w₂ − w₁²)²: one minimum (1, 1), H = [[802, −400], [−400, 200]],
///   κ ≈ 2508.
/// - ill-conditioned  α₁u² + α₂v² with (u, v) the (w₁, w₂) axes turned by θ: H = 2·Rᵀ·diag(α₁, α₂)·R,
///   eigenvalues 2α₁, 2α₂, κ = α_max/α_min; GD contracts u and v by |1 − 2γαᵢ| per step (Lecture 3).
/// - saddle  w₁² − w₂²: a strict saddle at the origin, H = diag(2, −2).
/// - product  (1 − w₁w₂)²: a saddle at the origin (H = [[0, −2], [−2, 0]]), and the hyperbola
///   w₁w₂ = 1 of degenerate minima (H = [[2w₂², 2], [2, 2w₁²]], det = 4(w₁²w₂² − 1) = 0).
/// - two-layer-linear  (x·w₁·w₂ − t)² + λ(w₁² + w₂²): the origin has eigenvalues 2(λ ∓ x|t|) — a
///   saddle for λ < x|t|, a minimum for λ > x|t|. For 0 < λ < x|t|, subtracting w₂·∂₂L from
///   w₁·∂₁L gives λ(w₁² − w₂²) = 0, hence two minima w₁ = sign(t)·w₂ = ±√(x|t| − λ)/x, where
///   H = [[2x|t|, 2·sign(t)(x|t| − 2λ)], [·, 2x|t|]] has eigenvalues 4(x|t| − λ) and 4λ, both > 0.
///   At λ = 0 the hyperbola x·w₁·w₂ = t is a valley of degenerate minima.
std::unique_ptr<Landscape> makePreset(std::string_view name);

}  // namespace optiscape
