// Local analysis of a landscape through its Hessian: eigen-decomposition, condition number, the
// step-size limits of gradient descent, heavy ball and Nesterov, and a search for all stationary
// points in a box with their classification (minimum, maximum, saddle, degenerate, continuum).
#pragma once

#include <vector>

#include "landscape.h"
#include "types.h"

namespace optiscape {

/// The curvature of L at a point: the eigen-decomposition H = V·diag(λ)·Vᵀ of its Hessian.
///
/// Near a point w*, L(w* + d) ≈ L(w*) + ∇Lᵀd + ½dᵀHd, so along the unit eigenvector vᵢ the loss
/// curves like ½λᵢt². Linearising gradient descent at a stationary point (Yarotsky, "Optimization
/// of neural networks": the linearised dynamics d ← (I − γH)d) shows each eigen-direction is
/// multiplied by 1 − γλᵢ per step, so GD is locally stable exactly when 0 < γλᵢ < 2 for all i:
/// γ < 2/λmax = 2/M (Lecture 3), and the slowest direction contracts by 1 − γλmin, which makes the
/// condition number κ = λmax/λmin the number that sets the speed (≈ κ steps per e-fold at the
/// best γ).
struct Curvature {
    Vec2 eigenvalues = Vec2::Zero();   ///< (λmin, λmax), ascending
    Mat2 eigenvectors = Mat2::Identity();  ///< unit columns for λmin, λmax; a rotation (det = +1)
                                           ///< whose first column has a non-negative w1 component
    double condition = 0.0;  ///< κ = λmax/λmin when both are > 0, else +inf
    double gdStableLr = 0.0; ///< 2/λmax, the largest stable GD learning rate; +inf if λmax ≤ 0
};

/// The curvature of a symmetric 2×2 matrix (the symmetric part of H is used), in closed form.
/// The eigenvector of λmin makes the angle φ = ½·atan2(−2b, c − a) with the w1 axis (H = [[a, b],
/// [b, c]]), φ ∈ (−π/2, π/2); atan2 keeps φ accurate when the eigenvalues nearly coincide. A
/// diagonal H (b = 0) gives the axes exactly: the identity if a ≤ c (so H = a·I, where every
/// vector is an eigenvector, gives the identity), else columns (0, 1), (−1, 0). Eigenvalues as
/// symmetricEigenvalues().
Curvature curvature(const Mat2& H);

/// Heavy ball (torch's SGD with momentum μ, no dampening) on the quadratic L = ½λw²: with
/// b ← μb + λw and w ← w − γb, the iterates obey w(k+1) = (1 + μ − γλ)·w(k) − μ·w(k−1), whose
/// characteristic polynomial is z² − (1 + μ − γλ)z + μ. Both roots lie strictly inside the unit
/// disc (Jury / Schur–Cohn for z² + a₁z + a₀: |a₀| < 1, 1 + a₁ + a₀ > 0, 1 − a₁ + a₀ > 0) iff
///   |μ| < 1  and  0 < γλ < 2(1 + μ).
/// So λ ≤ 0 is never stable: a negative curvature gives a root above 1 (the iterate escapes, as at
/// a strict saddle — EE-556), and λ = 0 gives the root z = 1 (w drifts and stops, but not at the
/// stationary point). μ = 0 is GD's γλ < 2. For a Hessian, apply it to every eigenvalue; with
/// weight decay use λ + weight_decay, with dampening τ use γ(1 − τ) in place of γ.
bool heavyBallStable(double lr, double mu, double lambda);

/// The largest stable heavy-ball learning rate, 2(1 + μ)/λmax (stable for γ below it, not at
/// it); +inf if λmax ≤ 0 (curvature sets no limit), 0 if |μ| ≥ 1 (no γ is stable).
double heavyBallStableLr(double mu, double lambdaMax);

/// Nesterov as torch's nesterov=True writes it: b ← μb + g, w ← w − γ(g + μb). On L = ½λw² the
/// state (w, b) is multiplied by [[1 − γλ(1 + μ), −γμ²], [λ, μ]], with trace 1 + μ − γλ(1 + μ) and
/// determinant μ(1 − γλ): characteristic polynomial z² − (1 + μ)(1 − γλ)z + μ(1 − γλ). The Jury
/// conditions give, with h = γλ:
///   h > 0,  |μ(1 − h)| < 1,  (1 + 2μ)(1 − h) > −1;
/// for 0 ≤ μ < 1 this is exactly 0 < γλ < 2(1 + μ)/(1 + 2μ) (the middle condition then holds).
bool nesterovStable(double lr, double mu, double lambda);

/// 2(1 + μ)/((1 + 2μ)·λmax) for 0 ≤ μ < 1; +inf if λmax ≤ 0; 0 for μ outside [0, 1).
double nesterovStableLr(double mu, double lambdaMax);

/// A stationary point found by findCriticalPoints().
struct CriticalPoint {
    Vec2 w = Vec2::Zero();
    PointType type = PointType::Degenerate;
    Vec2 eigenvalues = Vec2::Zero();  ///< of the Hessian at w, ascending
    bool onContinuum = false;  ///< a representative of a curve of stationary points
};

struct CriticalSearch {
    /// Sorted by w1, then w2. Isolated points all appear; of each curve of stationary points,
    /// up to 8 representatives in total, spread along it (onContinuum = true).
    std::vector<CriticalPoint> points;
    bool continuum = false;  ///< some stationary points form a curve
};

/// All stationary points (∇L = 0) in `domain` (closed), found by Newton's method on the gradient
/// from the centres of a grid × grid array of starts, deduplicated and classified. The grid is
/// doubled (up to 8×) while it has fewer than 32 starts per non-degenerate point found, so a
/// rippled landscape (rastrigin: 441 points in its view) is searched finely enough.
///
/// - Newton step d = −H⁻¹∇L with a backtracking line search on the merit ½|∇L|² (whose slope
///   along d is −|∇L|², so d always descends where H is invertible); where H is singular or the
///   step fails, the pseudo-inverse step over the eigenvalues not near zero is tried too — on a
///   curve of zeros of ∇L it is the Newton step across the curve, which converges quadratically.
///   Iterations continue until the merit stops falling (so |∇L| ends as small as double allows,
///   normally far below 1e-12), |∇L| is 1e-12 of the tolerance below (Newton converges only
///   linearly to a flat point: halving the distance per step at the monkey saddle), or 100
///   iterations. A point counts as stationary if
///   |∇L| ≤ max(1e-12, 128·ε·(1 + ‖H‖·(1 + |w|))) — the second term is the rounding level of a
///   gradient whose terms are of size ‖H‖·|w| (ε = 2⁻⁵²).
/// - Points closer than 1e-7 of the domain's diagonal are one point (the one with smaller |∇L|);
///   so are isolated degenerate points closer than 1e-3 of it (Newton's slow approach leaves
///   them less precise).
/// - Classification (EE-556): eigenvalue signs; an eigenvalue is zero when |λ| ≤ 1e-7·max(|λ₁|,
///   |λ₂|, s) where s is the median ‖H‖ over the grid of starts (the landscape's curvature scale):
///   the monkey saddle w1³ − 3w1w2² has H = 0 at its only stationary point, so both eigenvalues
///   are zero at every scale; a strict saddle (λmin < 0 clearly) is escaped by GD from almost
///   every start.
/// - A degenerate point lies on a continuum when Newton, started a small step (1e-3 of the
///   diagonal) along the eigenvector of its zero eigenvalue, converges to another stationary point
///   near there (the curve continues along the null direction: (1 − w1w2)² along its hyperbola,
///   (|w|² − 1)² along its ring); an isolated degenerate point (the monkey saddle) pulls Newton
///   back to itself.
CriticalSearch findCriticalPoints(const Landscape& landscape, const ViewBox& domain,
                                  int grid = 24);

}  // namespace optiscape
