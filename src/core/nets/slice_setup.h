// What the page needs to look at a network through a slice or a line (issue 17): a thinned record
// of a run's weights; the plane of a slice — random directions (filter-, layer- or not
// normalised) or the trajectory's two principal directions — with the trajectory projected on it;
// and mode connectivity a piece at a time (a second network from another seed, the straight line
// and Garipov et al.'s Bézier curve between the two minima), so that no frame waits for it.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/nets/analysis.h"
#include "core/nets/trainer.h"

namespace optiscape::nets {

/// A run's weights at some of its steps: every `stride`-th step, at most `capacity` of them; when
/// full, every other record is dropped (step 0 kept) and the stride doubles — the whole run stays
/// covered evenly however long it trains.
class ThetaHistory {
public:
    explicit ThetaHistory(int capacity = 200) : capacity_(capacity < 4 ? 4 : capacity) {}
    void clear();
    /// Records θ after `step` steps if the step is a multiple of the stride (steps come in order).
    void record(int step, const VecX& theta);
    const std::vector<VecX>& thetas() const { return thetas_; }
    const std::vector<int>& steps() const { return steps_; }
    int stride() const { return stride_; }

private:
    int capacity_, stride_ = 1;
    std::vector<VecX> thetas_;
    std::vector<int> steps_;
};

/// Where a slice's two directions come from.
enum class SliceDirections {
    Random,  ///< Gaussian, then normalised (Li et al. 2018 §4: filter normalisation)
    Pca,     ///< the trajectory's first two principal directions (Li et al. §7)
    Connect, ///< the plane through θA, θB and the Bézier bend θC of mode connectivity (Garipov et al. 2018)
};
std::optional<SliceDirections> parseSliceDirections(std::string_view name);
const char* sliceDirectionsName(SliceDirections d);

struct SliceSpec {
    SliceDirections directions = SliceDirections::Random;
    Normalize normalize = Normalize::Filter;  ///< Random only; bias directions are zero (Li et al.)
    std::uint64_t seed = 1;                   ///< Random: directions from streams 1 and 2 of the seed
    double range = 1.0;                       ///< Random: the box [−range, range]² (Li et al.: 1)
};

/// A slice's plane θ₀ + a·d₁ + b·d₂ and the trajectory on it.
struct SlicePlane {
    VecX theta0, d1, d2;
    double explained1 = std::numeric_limits<double>::quiet_NaN();  ///< PCA: variance share along d₁
    double explained2 = std::numeric_limits<double>::quiet_NaN();  ///< and along d₂
    std::vector<Vec2> path;    ///< the trajectory in (a, b): least-squares projection (PCA: exact coordinates)
    std::vector<int> steps;    ///< the step of each path point
    ViewBox view;              ///< Random: [−range, range]² widened to the path; PCA: around the path
    std::string title;
    std::vector<Vec2> marks;   ///< Connect: the coordinates of θA, θB, θC (in that order)
    std::vector<Vec2> curve;   ///< Connect: φ(t) at evenly spaced t in [0, 1], in the plane
};

/// The plane centred on θ₀ (the run's current weights: the trajectory's last record must be θ₀
/// for PCA, whose directions are those of θᵢ − θ₀). nullopt and *error when the directions
/// cannot be formed: weights not finite, too short or straight a trajectory for PCA, θ₀ zero
/// under normalisation, or two parallel directions.
std::optional<SlicePlane> makeSlicePlane(const Model& m, const VecX& theta0, const std::vector<VecX>& trajectory,
                                         const std::vector<int>& steps, const SliceSpec& spec, std::string* error);
/// Garipov et al.'s Figure 1: the plane through three weight vectors — two minima θA, θB and the
/// bend θC of the Bézier curve φ(t) = (1 − t)²θA + 2t(1 − t)θC + t²θB between them — with origin
/// θA and the orthonormal basis of span{θB − θA, θC − θA} by Gram–Schmidt: d₁ = (θB − θA)/‖θB − θA‖,
/// d₂ the unit part of θC − θA orthogonal to d₁. So θA = (0, 0), θB = (‖θB − θA‖, 0), θC has
/// b > 0, and the whole curve lies in the plane (its `curvePoints` points at their exact
/// coordinates). The trajectory is projected by least squares. nullopt and *error when the three
/// are not finite, do not fit the network, or are collinear (an untrained bend sits on the line).
std::optional<SlicePlane> makeThreePointPlane(const Model& m, const VecX& a, const VecX& b, const VecX& c,
                                              const std::vector<VecX>& trajectory, const std::vector<int>& steps,
                                              std::string* error, int curvePoints = 61);
/// Each θ's plane coordinates: its least-squares projection onto θ₀ + span(d₁, d₂) (any run's
/// trajectory drawn on any slice; for orthonormal d₁, d₂ these are dᵢ·(θ − θ₀)).
std::vector<Vec2> projectOnPlane(const Model& m, const SlicePlane& plane, const std::vector<VecX>& thetas);
std::unique_ptr<SliceLandscape> makeSliceLandscape(const Model& m, const Batch& batch, const SlicePlane& plane);

/// Mode connectivity between run A's weights θA and a network B trained as A was (the same
/// optimizer and settings, the same number of steps) from the initial weights of another seed.
struct ConnectSpec {
    RunConfig config;           ///< trains B
    InitSpec init;              ///< B's initialisation (its seed is seedB)
    std::uint64_t seedB = 2;
    int trainSteps = 800;
    BezierOptions bezier{1000, 0.01, 1};
    int points = 61;            ///< t evenly spaced in [0, 1]
};

/// The barrier of a path: max over its points of L − max(L(θA), L(θB)) (0 when it never rises
/// above the higher end point).
double barrierHeight(const std::vector<double>& loss);

class Connectivity {
public:
    Connectivity(const Problem& p, const VecX& thetaA, const ConnectSpec& spec);
    /// Up to `work` more units — a training step of B, a step of the bend, or one point of the two
    /// paths; true once done (or failed: error() says why).
    bool advance(const Problem& p, int work);
    bool done() const { return stage_ == Stage::Done; }
    double progress() const;
    /// "training network B", "training the Bézier bend θ_C", "measuring the paths", "done".
    const char* stage() const;
    const std::string& error() const { return error_; }
    const ConnectSpec& spec() const { return spec_; }

    const VecX& thetaA() const { return a_; }
    const VecX& thetaB() const { return b_.theta(); }
    const VecX& bend() const { return bezier_ ? bezier_->bend() : a_; }  ///< θ_C (θA until trained)
    const std::vector<double>& t() const { return t_; }
    const std::vector<double>& lineLoss() const { return line_; }    ///< L((1 − t)θA + tθB)
    const std::vector<double>& curveLoss() const { return curve_; }  ///< L(φ(t)) on the Bézier curve
    double lineBarrier() const { return barrierHeight(line_); }
    double curveBarrier() const { return barrierHeight(curve_); }

private:
    enum class Stage { TrainB, Bend, Measure, Done };
    ConnectSpec spec_;
    VecX a_;
    NetRun b_;
    Backprop bp_;
    std::optional<BezierTrainer> bezier_;
    Stage stage_ = Stage::TrainB;
    std::vector<double> t_, line_, curve_;
    std::string error_;
};

}  // namespace optiscape::nets
