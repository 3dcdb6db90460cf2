// Looking at a network's loss through low-dimensional windows (issue 17's research tools):
// the Hessian's extreme eigenvalues by Lanczos on exact Hessian-vector products; slice directions
// (random Gaussian, filter- or layer-normalised as Li et al. 2018, "Visualizing the Loss
// Landscape of Neural Nets"); the loss along a slice or a straight line between two weight
// vectors; and the principal directions of a trajectory (Li et al. §7).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/landscape.h"
#include "core/nets/backprop.h"
#include "core/optimizer.h"
#include "core/random.h"

namespace optiscape::nets {

/// The extreme eigenvalues of the loss's Hessian.
struct Spectrum {
    std::vector<double> top;  ///< λ1 ≥ λ2 ≥ … (k of them)
    double min = 0.0;         ///< λmin
    int iterations = 0;       ///< Hessian-vector products used
};

/// Lanczos iteration with full reorthogonalisation on v ↦ Hv (n-dimensional, symmetric), from a
/// seeded random start: stops when the top k Ritz values and (unless watchMin is false) the smallest
/// agree to `tol` (relative to the largest magnitude) over 5 more iterations, or after n iterations
/// (then exact up to rounding). k is clamped to n. With watchMin false, `min` is the smallest Ritz
/// value reached, not converged: the top of the spectrum converges in far fewer products.
Spectrum lanczos(const std::function<VecX(const VecX&)>& hv, int n, int k, std::uint64_t seed,
                 double tol = 1e-12, int maxIterations = 0, bool watchMin = true);
/// The same for the full training loss of `m` at θ on batch b.
Spectrum hessianSpectrum(const Model& m, const VecX& theta, const Batch& b, int k, std::uint64_t seed = 1);
/// The sharpness λmax alone (Lanczos watching only the top, relative tolerance `tol`, at most
/// maxIterations products): `train --sharpness-every`, the page's sharpness plot. NaN when the
/// Hessian-vector products are not finite.
double sharpness(const Model& m, const VecX& theta, const Batch& b, double tol = 1e-10, int maxIterations = 0);

/// How a slice direction is scaled to the weights (Li et al. 2018).
enum class Normalize {
    Filter,  ///< each row of each W (the weights into one neuron) to the norm of the same row of θ
    Layer,   ///< each layer's W as a whole to the norm of θ's W of that layer
    None,    ///< as drawn
};
std::optional<Normalize> parseNormalize(std::string_view name);
const char* normalizeName(Normalize n);

/// A direction of standard normal entries in θ's layout (SplitMix64 stream `stream` of seed).
VecX randomDirection(const Model& m, std::uint64_t seed, std::uint64_t stream);
/// d scaled as `how` says against θ. With `zeroBias` (Li et al.'s default) the bias entries are
/// set to 0 for Filter and Layer; a row of θ that is all zero leaves that row of d zero.
VecX normalizeDirection(const Model& m, const VecX& d, const VecX& theta, Normalize how, bool zeroBias = true);

/// L(θ₀ + a·d₁ + b·d₂) on an n × n grid over [amin, amax] × [bmin, bmax] (a varying fastest).
std::vector<double> sliceGrid(Backprop& bp, const Batch& batch, const VecX& theta0, const VecX& d1,
                              const VecX& d2, double amin, double amax, double bmin, double bmax, int n);
/// L((1 − t)·θA + t·θB) at `count` evenly spaced t in [tmin, tmax].
std::vector<double> lineLoss(Backprop& bp, const Batch& batch, const VecX& a, const VecX& b, double tmin,
                             double tmax, int count);

/// Garipov et al. (2018), "Loss surfaces, mode connectivity, and fast ensembling of DNNs": the
/// quadratic Bézier curve φ(t) = (1 − t)²θA + 2t(1 − t)θC + t²θB between two minima, its bend θC
/// (started at the midpoint) trained by Adam on L(φ(t)) at a fresh t ~ U[0, 1] every step (the
/// gradient with respect to θC is 2t(1 − t)·∇L(φ(t))).
struct BezierOptions {
    int steps = 2000;
    double lr = 0.01;
    std::uint64_t seed = 1;
};
VecX bezierBend(Backprop& bp, const Batch& batch, const VecX& a, const VecX& b, const BezierOptions& options);
/// bezierBend a few steps at a time (the page trains the bend across frames): the same numbers.
class BezierTrainer {
public:
    BezierTrainer(const VecX& a, const VecX& b, const BezierOptions& options);
    /// Up to n more steps (at most options.steps in all); true once all are done.
    bool advance(Backprop& bp, const Batch& batch, int n);
    int done() const { return done_; }
    const VecX& bend() const { return c_; }

private:
    VecX a_, b_, c_, g_;
    BezierOptions o_;
    OptimizerStateN state_;
    SplitMix64 rng_;
    int done_ = 0;
};
/// φ(t) for the bend c.
VecX bezierPoint(const VecX& a, const VecX& c, const VecX& b, double t);

/// A slice of a network's loss as a two-parameter landscape: L(a, b) = L(θ₀ + a·d₁ + b·d₂), with
/// its exact gradient (d₁·∇L, d₂·∇L) and Hessian [dᵢᵀ H dⱼ] (two Hessian-vector products), so that
/// the map, contours, 3D view, stationary-point search, stability overlay and basins work on it
/// unchanged. Its stationary points are not known in advance (none are listed).
class SliceLandscape : public Landscape {
public:
    SliceLandscape(const Model& m, Batch batch, VecX theta0, VecX d1, VecX d2, std::string title,
                   ViewBox view = {-1, 1, -1, 1});
    double value(const Vec2& w) const override;
    Vec2 gradient(const Vec2& w) const override;
    Eval evaluate(const Vec2& w) const override;
    std::vector<StationaryPoint> stationaryPoints() const override { return {}; }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<SliceLandscape>(*this); }
    bool costly() const override { return true; }
    /// "slice": {"model": {"widths", "activation", "loss"}, "batch": {"inputs", "classes", "x",
    /// "y"}, "theta0", "d1", "d2"}, every number at full precision (read by jobs::readLandscape).
    void writeJobFields(JsonWriter& j) const override;
    /// θ₀ + a·d₁ + b·d₂.
    VecX point(const Vec2& w) const { return theta0_ + w[0] * d1_ + w[1] * d2_; }
    /// The plane coordinates of θ: its least-squares projection onto θ₀ + span(d₁, d₂).
    Vec2 project(const VecX& theta) const;

private:
    Model model_;
    mutable Backprop bp_;  ///< scratch only: value() and friends are const
    Batch batch_;
    VecX theta0_, d1_, d2_;
    Mat2 gramInverse_;
};

/// The two principal directions of the points θᵢ − θ_final (PCA by the SVD of their matrix):
/// unit vectors, each signed so that the first point's coordinate along it is ≤ 0, and the share
/// of the variance each explains.
struct Principal {
    VecX d1, d2;
    double explained1 = 0.0, explained2 = 0.0;
    std::vector<double> c1, c2;  ///< each point's coordinates along d1 and d2
};
Principal principalDirections(const std::vector<VecX>& thetas);

}  // namespace optiscape::nets
