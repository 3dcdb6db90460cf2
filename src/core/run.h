// A run: an optimizer with settings, a learning-rate schedule, gradient noise and minibatches,
// started at a point of a landscape, and the trajectory it produces. A run stops — and records why
// and where — when it diverges, leaves the loss's domain, or Newton's step is undefined; the
// trajectory holds only finite points, so nothing downstream sees a NaN.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data_landscape.h"
#include "landscape.h"
#include "optimizer.h"
#include "random.h"
#include "schedule.h"

namespace optiscape {

/// Beyond this distance from the origin a run counts as diverged.
constexpr double kDivergenceRadius = 1e6;

/// Everything that determines a run (with the landscape): the same config gives the same
/// trajectory bit for bit, natively and in the browser.
struct RunConfig {
    OptimizerKind optimizer = OptimizerKind::GD;
    Hyper hyper = defaultsFor(OptimizerKind::GD);
    Vec2 start = Vec2::Zero();
    Schedule schedule;         ///< learning-rate schedule applied to hyper.lr (constant by default)
    double noise = 0.0;        ///< σ of Gaussian noise added to every gradient (0: none)
    int batch = 0;             ///< minibatch size b on a data-defined landscape; 0 (or ≥ N): full batch
    std::uint64_t seed = 1;    ///< seeds the noise, the minibatch order and perturbed GD's jumps
};

/// Declarations of the run-level settings "noise" (σ), "batch" (b, a whole number, 0 = full
/// batch) and "seed" (a whole number in [0, 2³² − 1]), for sliders, the CLI and links.
const std::vector<ParamSpec>& runSpecs();
const ParamSpec* findRunSpec(std::string_view name);

/// Checks a whole config: the optimizer's settings (validate(kind, hyper)), the schedule, noise,
/// batch and seed against runSpecs(); an empty string or the first problem.
std::string validate(const RunConfig& config);

/// One row of a trajectory: the point after `step` steps.
struct TrajectoryPoint {
    Vec2 w = Vec2::Zero();
    double loss = 0.0;      ///< the full loss L(w) (not a minibatch's)
    double gradNorm = 0.0;  ///< |∇L(w)| of the full loss
    double lr = 0.0;        ///< the learning rate the next step uses (row 0: the first step's)
    /// effectiveStep() of the step that led here — the per-coordinate rate it applied (lr/(√v̂ + ε)
    /// for Adam); (0, 0) on row 0. Kept per step so a plot can show how it evolved.
    Vec2 effStep = Vec2::Zero();
};

/// Why a run stopped.
enum class StopReason {
    None,
    Diverged,             ///< L or w not finite (but not NaN at a finite point), or |w| > 1e6
    LeftDomain,           ///< w finite with |w| ≤ 1e6, but L(w) or ∇L(w) is NaN
    NotPositiveDefinite,  ///< newton: H + δ·I was not positive definite
};

class Run {
public:
    explicit Run(RunConfig config = {});

    const RunConfig& config() const { return config_; }
    /// Replaces the settings; the caller resets the run to apply them from the start.
    void setConfig(const RunConfig& config) { config_ = config; }

    /// Back to step 0 at config().start on `landscape`, every random stream re-seeded.
    void reset(const Landscape& landscape);
    /// One step; false (and nothing changes) once the run has stopped.
    /// The step's gradient estimate: on a landscape with samples (sampleCount() = N > 0) and
    /// 0 < batch < N, the mean gradient of the next minibatch (BatchSampler: without replacement
    /// within an epoch, reshuffled every epoch); otherwise ∇L(w). Then, if noise σ > 0, plus
    /// σ·(z₁, z₂) with zᵢ independent standard normals. Newton also reads the full Hessian ∇²L(w).
    /// The rate is scheduledLr(schedule, hyper.lr, k) for the step k + 1.
    bool step(const Landscape& landscape);
    /// Up to n steps; returns how many were taken.
    int advance(const Landscape& landscape, int n);

    const std::vector<TrajectoryPoint>& trajectory() const { return traj_; }
    const TrajectoryPoint& current() const { return traj_.back(); }
    /// Number of steps taken (trajectory().size() − 1).
    int steps() const { return static_cast<int>(traj_.size()) - 1; }
    const OptimizerState& state() const { return state_; }

    /// The run stopped: it diverged, left the domain, or Newton could not step.
    bool stopped() const { return stopReason_ != StopReason::None; }
    StopReason stopReason() const { return stopReason_; }
    /// The step that could not be completed (its result was rejected, or Newton refused it);
    /// −1 while running. 0 when the start itself is unusable.
    int stoppedAt() const { return stoppedAt_; }
    bool diverged() const { return stopReason_ == StopReason::Diverged; }
    /// The step whose result was non-finite or beyond kDivergenceRadius; −1 if none.
    int divergedAt() const { return diverged() ? stoppedAt_ : -1; }
    /// What stopped the run, one line:
    /// - "diverged at step k", with a hint such as "learning rate 0.6 is above 2/λmax = 0.5 at
    ///   step 0". λmax is the largest Hessian eigenvalue (plus coupled weight decay) at a
    ///   trajectory point, and the limit is where the optimizer, linearised there, becomes
    ///   unstable: 2/λmax for GD (and perturbed GD), 2(1 + μ)/((1 − τ)·λmax) for heavy ball,
    ///   2(1 + μ)/((1 + 2μ)·λmax) for Nesterov (the roots of z² − (1 − γλ' + μ)z + μ, resp.
    ///   z² − (1 − γλ(1 + μ) + μ)z + μ(1 − γλ), leave the unit disc). The hint names the limit
    ///   where the final stretch of the trajectory above it began ("here" if only the last finite
    ///   point is above it), comparing each point's scheduled rate. Otherwise, if the loss fell
    ///   below its start value, the landscape has no minimum that way; else a generic "try a
    ///   smaller learning rate". A start that is itself infinite or beyond kDivergenceRadius gives
    ///   "diverged at step 0" (the trajectory then holds that start point only).
    /// - "left the domain at step k": the point is finite and within reach but the loss or its
    ///   gradient is NaN there (a logarithm or root of a negative number, 0/0, …).
    /// - "Newton: H + damping·I is not positive definite at step k (λmin = …); raise the damping
    ///   above …": the smallest eigenvalue of ∇²L + δ·I at the current point is ≤ 0, and the
    ///   damping must exceed −λmin(∇²L).
    const std::string& stopMessage() const { return stopMessage_; }
    const std::string& hint() const { return hint_; }

private:
    void stop(StopReason reason, int at, std::string message, std::string hint);
    void divergenceHint(const Landscape& landscape);

    RunConfig config_;
    OptimizerState state_;
    std::vector<TrajectoryPoint> traj_;
    Vec2 grad_ = Vec2::Zero();  ///< full gradient at the current point
    SplitMix64 noiseRng_;
    bool batches_ = false;      ///< minibatch gradients (0 < batch < N)
    BatchSampler sampler_;
    StopReason stopReason_ = StopReason::None;
    int stoppedAt_ = -1;
    std::string stopMessage_, hint_;
};

}  // namespace optiscape
