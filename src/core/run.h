// A run: an optimizer with settings, started at a point of a landscape, and the trajectory it
// produces. Divergence — a non-finite loss or w, or |w| > 1e6 — stops the run and records
// "diverged at step k"; the trajectory holds only finite points, so nothing downstream sees a NaN.
#pragma once

#include <string>
#include <vector>

#include "landscape.h"
#include "optimizer.h"

namespace optiscape {

/// Beyond this distance from the origin a run counts as diverged.
constexpr double kDivergenceRadius = 1e6;

struct RunConfig {
    OptimizerKind optimizer = OptimizerKind::GD;
    Hyper hyper = defaultsFor(OptimizerKind::GD);
    Vec2 start = Vec2::Zero();
};

/// One row of a trajectory: the point after `step` steps.
struct TrajectoryPoint {
    Vec2 w = Vec2::Zero();
    double loss = 0.0;
    double gradNorm = 0.0;
};

class Run {
public:
    explicit Run(RunConfig config = {});

    const RunConfig& config() const { return config_; }
    /// Replaces the settings; the caller resets the run to apply them from the start.
    void setConfig(const RunConfig& config) { config_ = config; }

    /// Back to step 0 at config().start on `landscape`.
    void reset(const Landscape& landscape);
    /// One step; false (and nothing changes) once the run has stopped.
    bool step(const Landscape& landscape);
    /// Up to n steps; returns how many were taken.
    int advance(const Landscape& landscape, int n);

    const std::vector<TrajectoryPoint>& trajectory() const { return traj_; }
    const TrajectoryPoint& current() const { return traj_.back(); }
    /// Number of steps taken (trajectory().size() − 1).
    int steps() const { return static_cast<int>(traj_.size()) - 1; }
    const OptimizerState& state() const { return state_; }

    bool diverged() const { return divergedAt_ >= 0; }
    /// The step whose result was non-finite or beyond kDivergenceRadius; −1 if none.
    int divergedAt() const { return divergedAt_; }
    /// "diverged at step k", and a hint such as "learning rate 0.6 is above 2/λmax = 0.5 at step 0".
    /// λmax is the largest Hessian eigenvalue (plus the weight decay) at a trajectory point, and the
    /// limit is where the optimizer, linearised there, becomes unstable: 2/λmax for GD,
    /// 2(1 + μ)/((1 − τ)·λmax) for heavy ball, 2(1 + μ)/((1 + 2μ)·λmax) for Nesterov (the roots of
    /// z² − (1 − γλ' + μ)z + μ, resp. z² − (1 − γλ(1 + μ) + μ)z + μ(1 − γλ), leave the unit disc).
    /// The hint names the limit where the final stretch of the trajectory above it began ("here"
    /// if only the last finite point is above it). Otherwise, if the loss fell below its start
    /// value, the landscape has no minimum that way; else a generic "try a smaller learning rate".
    /// A start that is itself non-finite or beyond kDivergenceRadius gives divergedAt() == 0 (the
    /// trajectory then holds that start point only).
    const std::string& stopMessage() const { return stopMessage_; }
    const std::string& hint() const { return hint_; }

private:
    RunConfig config_;
    OptimizerState state_;
    std::vector<TrajectoryPoint> traj_;
    Vec2 grad_ = Vec2::Zero();  ///< gradient at the current point
    int divergedAt_ = -1;
    std::string stopMessage_, hint_;
};

}  // namespace optiscape
