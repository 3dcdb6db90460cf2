// Safran & Shamir (2018), "Spurious local minima are common in two-layer ReLU neural networks"
// (Yarotsky's lecture): a student of n ReLU units learns a teacher of k orthonormal ReLU units,
//
//   F(w) = E_{x ~ N(0, I_k)} ( Σᵢ₌₁ⁿ (wᵢᵀx)₊ − Σⱼ₌₁ᵏ (vⱼᵀx)₊ )²,   v = the columns of I_k,
//
// with the closed form of every term, its exact gradient and exact Hessian, and the experiment of
// their Table 1: how many gradient-descent runs from Xavier starts end in a spurious local minimum.
#pragma once

#include <cstdint>

#include "core/types.h"

namespace optiscape::theory {

/// E[(uᵀx)₊(wᵀx)₊] = ‖u‖‖w‖ g(θ)/(2π), g(θ) = sin θ + (π − θ) cos θ, θ = ∠(u, w) ∈ [0, π]
/// (Cho & Saul's arc-cosine kernel of degree 1). 0 when u or w is 0.
double reluKernel(const VecX& u, const VecX& w);

/// The student: column i of W (k × n) is wᵢ. The teacher is fixed: vⱼ = eⱼ (n may differ from k).
/// Parameters are flattened column by column: θ = (w₁; w₂; …; wₙ) ∈ ℝⁿᵏ.
struct TeacherObjective {
    int k = 6;  ///< input dimension = number of teacher units
    int n = 6;  ///< student units

    /// F(W).
    double value(const MatX& W) const;
    /// F(W) and ∇F (k × n, column i = ∂F/∂wᵢ).
    double valueGradient(const MatX& W, MatX* grad) const;
    /// ∇²F (nk × nk, in the flattening above), analytic.
    MatX hessian(const MatX& W) const;
};

/// How one run ended.
enum class EndPoint { Global, Spurious, NotConverged };

struct RunEnd {
    EndPoint type = EndPoint::NotConverged;
    double objective = 0;     ///< F at the end point
    double gradNorm = 0;      ///< ‖∇F‖ there
    double minEigenvalue = 0; ///< the Hessian's smallest eigenvalue (computed unless Global)
    double minUnitNorm = 0;   ///< min ‖wᵢ‖ (F is not differentiable where a wᵢ = 0)
    int gdSteps = 0, newtonSteps = 0;
};

/// The optimizer and the thresholds of the classification.
struct SpuriousSettings {
    double gradTol = 1e-8;       ///< converged when ‖∇F‖ < gradTol
    double globalTol = 1e-6;     ///< global minimum when F < globalTol
    double eigTol = 1e-6;        ///< spurious minimum: converged, F ≥ globalTol and λ_min(∇²F) > eigTol
    double deadTol = 1e-6;       ///< ... and every ‖wᵢ‖ ≥ deadTol (else it sits at the kink wᵢ = 0)
    double newtonSwitch = 1e-3;  ///< Newton polishing is tried once ‖∇F‖ < newtonSwitch
    int maxGdSteps = 50000;      ///< step cap of gradient descent
    int maxNewtonSteps = 200;    ///< cap of Newton steps (all attempts together)
    double maxStep = 1.0;        ///< the largest GD step size the backtracking may grow to
    /// Stop as soon as F < stopObjective (0: never): the run is then a global minimum for sure, and
    /// the slow last approach of an over-parametrised student (singular Hessian, no Newton) is skipped.
    double stopObjective = 0;
};

/// One run as a resumable computation: the same steps as optimizeTeacher (below), taken a few at a
/// time, so that a page can spread a run over frames and still get the same end point to the bit.
class TeacherDescent {
public:
    TeacherDescent(const TeacherObjective& obj, const MatX& W0, const SpuriousSettings& s = {});
    /// Takes up to `steps` more gradient or Newton steps; true once the run has ended.
    bool advance(long steps);
    bool done() const { return phase_ == Phase::Done; }
    /// The end point, classified (call once done()).
    RunEnd result() const;
    int stepsTaken() const { return end_.gdSteps + end_.newtonSteps; }
    /// The current point W (the end point once done()).
    const MatX& point() const { return W_; }

private:
    enum class Phase { Top, Newton, Gd, Done };
    bool newtonStep();  ///< false when the step failed (Hessian not positive definite, or no decrease)
    void gdStep();

    TeacherObjective obj_;
    SpuriousSettings s_;
    RunEnd end_;
    MatX W_, G_, Wt_, Gt_;
    double F_ = 0, gn_ = 0, eta_ = 0.1;
    int cooldown_ = 0;  // GD steps before Newton is tried again after a failed attempt
    Phase phase_ = Phase::Top;
};

/// One run from W0: gradient descent with Armijo backtracking (the step grows ×1.25 after every
/// accepted step, up to maxStep), and, where ‖∇F‖ < newtonSwitch and the Hessian is positive
/// definite (Cholesky succeeds), Newton steps W ← W − (∇²F)⁻¹∇F accepted when they lower both F
/// (up to rounding) and ‖∇F‖ — otherwise back to gradient descent. Then the end point is classified.
RunEnd optimizeTeacher(const TeacherObjective& obj, const MatX& W0, const SpuriousSettings& s = {});

/// Xavier start of run r: wᵢⱼ ~ N(0, 1/k), drawn from SplitMix64::stream(seed, r).
MatX xavierStart(int k, int n, std::uint64_t seed, std::uint64_t run);

struct SpuriousSummary {
    int k = 0, n = 0, runs = 0;
    int global = 0, spurious = 0, notConverged = 0;
    double meanMinEigenvalue = 0, meanObjective = 0;  ///< over the spurious minima (0 if none)
};

/// `runs` runs from xavierStart(k, n, seed, r), r = 0..runs−1.
SpuriousSummary spuriousExperiment(int k, int n, int runs, std::uint64_t seed, const SpuriousSettings& s = {});

}  // namespace optiscape::theory
