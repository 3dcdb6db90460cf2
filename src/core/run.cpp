// A run of one optimizer on one landscape: stepping, the trajectory, and divergence with a hint
// derived from the local curvature.
#include "run.h"

#include <cmath>

namespace optiscape {
namespace {

bool finite(const Vec2& v) { return std::isfinite(v[0]) && std::isfinite(v[1]); }

bool acceptable(const Vec2& w, double loss, const Vec2& g) {
    return finite(w) && std::isfinite(loss) && finite(g) && w.norm() <= kDivergenceRadius;
}

}  // namespace

Run::Run(RunConfig config) : config_(config) {
    traj_.push_back(TrajectoryPoint{config_.start, 0.0, 0.0});
}

void Run::reset(const Landscape& landscape) {
    state_ = OptimizerState{};
    traj_.clear();
    divergedAt_ = -1;
    stopMessage_.clear();
    hint_.clear();
    const Vec2 w = config_.start;
    const double loss = landscape.value(w);
    grad_ = landscape.gradient(w);
    traj_.push_back(TrajectoryPoint{w, loss, grad_.norm()});
    if (!acceptable(w, loss, grad_)) {
        divergedAt_ = 0;
        stopMessage_ = "diverged at step 0";
        hint_ = finite(w) && w.norm() <= kDivergenceRadius
                    ? "the loss or its gradient is not finite at the start point"
                    : "the start point is too far from the origin";
    }
}

bool Run::step(const Landscape& landscape) {
    if (diverged()) return false;
    const OptimizerKind kind = config_.optimizer;
    const Hyper& h = config_.hyper;
    OptimizerState next = state_;
    Vec2 w = traj_.back().w;
    optiscape::step(kind, h, next, w, grad_, h.lr);
    const double loss = landscape.value(w);
    const Vec2 g = landscape.gradient(w);
    if (acceptable(w, loss, g)) {
        state_ = next;
        grad_ = g;
        traj_.push_back(TrajectoryPoint{w, loss, g.norm()});
        return true;
    }

    divergedAt_ = steps() + 1;
    stopMessage_ = "diverged at step " + std::to_string(divergedAt_);
    // Linearised at a point, the update on the quadratic model with curvature λmax (weight decay
    // adds λ) is stable only below the optimizer's step limit.
    std::string form;
    const auto limitAt = [&](const Vec2& at) {
        const double lmax = symmetricEigenvalues(landscape.evaluate(at).hessian)[1] + h.weightDecay;
        if (!std::isfinite(lmax) || lmax <= 0) return 0.0;
        switch (kind) {
            case OptimizerKind::GD:
                form = "2/λmax";
                return 2.0 / lmax;
            case OptimizerKind::Momentum:
                form = h.dampening == 0 ? "2(1 + μ)/λmax" : "2(1 + μ)/((1 − τ)·λmax)";
                return 2.0 * (1.0 + h.momentum) / ((1.0 - h.dampening) * lmax);
            case OptimizerKind::Nesterov:
                form = "2(1 + μ)/((1 + 2μ)·λmax)";
                return 2.0 * (1.0 + h.momentum) / ((1.0 + 2.0 * h.momentum) * lmax);
            case OptimizerKind::Adam:
                break;
        }
        return 0.0;
    };
    const auto above = [&](int k) {
        const double limit = limitAt(traj_[static_cast<size_t>(k)].w);
        return limit > 0 && h.lr > limit;
    };
    // The cause: the stretch of the trajectory, ending at the last finite point, where the
    // learning rate was above the local limit; name the limit where that stretch began.
    int first = steps() + 1;
    while (first > 0 && above(first - 1)) --first;
    if (first <= steps()) {
        const double limit = limitAt(traj_[static_cast<size_t>(first)].w);
        hint_ = "learning rate " + formatNumber(h.lr) + " is above " + form + " = " +
                formatNumber(limit) + (first == steps() ? " here" : " at step " + std::to_string(first));
    } else if (traj_.back().loss < traj_.front().loss) {
        hint_ = "the loss kept falling: the landscape has no minimum in this direction";
    } else {
        hint_ = "the step overshot: try a smaller learning rate";
    }
    return false;
}

int Run::advance(const Landscape& landscape, int n) {
    int taken = 0;
    while (taken < n && step(landscape)) ++taken;
    return taken;
}

}  // namespace optiscape
