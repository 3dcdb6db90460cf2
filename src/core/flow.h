// Gradient flow: the continuous-time path dw/dt = −∇L(w) that gradient descent follows in the
// limit of small steps, integrated with an adaptive Runge–Kutta method, for drawing next to runs.
#pragma once

#include <vector>

#include "landscape.h"
#include "types.h"

namespace optiscape {

/// A point of the flow at time t.
struct FlowPoint {
    double t = 0.0;
    Vec2 w = Vec2::Zero();
};

/// The gradient flow from `start` (Yarotsky: GD with step γ is the Euler discretisation of
/// dw/dt = −∇L(w); k steps of GD with learning rate γ correspond to time t = γk, and GD tracks
/// the flow while γ is small against 1/λmax — on a quadratic the flow is w(t) = e^{−Ht}w₀, GD's
/// iterate (I − γH)^k w₀).
///
/// Integrated by Dormand–Prince 5(4) with error control (relative 1e-9, absolute 1e-12 per
/// coordinate). Stops at tEnd, when |∇L| < 1e-10 (a stationary point is reached), when |w| would
/// exceed 1e6 (the bound of runs), or when the right-hand side becomes non-finite (the path ends
/// at its last finite point). The points are the integrator's accepted steps — closely spaced
/// where the path bends or the curvature is large — including the start and the end; if there are
/// more than maxPoints (≥ 2), a subset of at most maxPoints of them, spaced about evenly by arc
/// length, keeping both ends.
std::vector<FlowPoint> gradientFlowPath(const Landscape& landscape, const Vec2& start, double tEnd,
                                        int maxPoints);

/// gradientFlowPath() without the times.
std::vector<Vec2> gradientFlow(const Landscape& landscape, const Vec2& start, double tEnd,
                               int maxPoints);

/// The flow time that k steps of learning rate lr correspond to: t = lr·k.
double flowTimeOfSteps(double lr, int k);

}  // namespace optiscape
