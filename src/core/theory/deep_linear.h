// Vanishing and exploding gradients of a deep linear network at a random initialisation
// (Lucchi's lecture 5, Theorem 9): ŷ = W^L ⋯ W¹ x, W^k ∈ ℝ^{d×d} with iid N(0, σ²) entries,
// ℓ = ½‖y − ŷ‖², and the Monte Carlo estimate of E‖∂ℓ/∂W^k‖²_F against the theorem's bound
//
//   E‖∂ℓ/∂W^k‖²_F ≤ 2ρ/(3σ²) · [σ⁴ d (d + 2)]^L + 2γ (σ² d)^(L−1),   ρ = ‖x‖⁴, γ = ‖x‖²‖y‖².
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.h"

namespace optiscape::theory {

struct GradNormSetup {
    int width = 4;        ///< d
    int depth = 2;        ///< L ≥ 1
    double sigma = 0.5;   ///< σ > 0, the weights' standard deviation
    int layer = 1;        ///< k ∈ [1, L]
    double xNorm = 1;     ///< A = ‖x‖; x = A·e₁
    double yNorm = 1;     ///< B = ‖y‖; y = B·e₂ (B·e₁ when d = 1)
    long samples = 1000;  ///< M draws of (W¹, …, W^L)
    std::uint64_t seed = 1;
};

struct GradNormResult {
    double mean = 0;    ///< (1/M) Σ ‖∂ℓ/∂W^k‖²_F  (may be +inf when the products overflow)
    double stderr_ = 0; ///< the sample standard deviation / √M
    double bound = 0;   ///< Theorem 9's right-hand side (computed in logarithms; +inf if it overflows)
    double yTerm = 0;   ///< γ (σ²d)^(L−1) = E‖W^{k+1:L} y xᵀ W^{1:k−1}‖²_F exactly (Lemma 10)
    double log10Bound = 0, log10YTerm = 0;  ///< the same in log10, always finite
    bool overflow = false;  ///< a sample's squared norm was not a finite number
};

/// ‖∂ℓ/∂W^k‖²_F for one draw of the weights: ∂ℓ/∂W^k = b_k h_{k−1}ᵀ with the forward vectors
/// h₀ = x, h_t = W^t h_{t−1}, the error δ = h_L − y and the backward vectors b_L = δ,
/// b_{t−1} = (W^t)ᵀ b_t; so the squared norm is ‖b_k‖² ‖h_{k−1}‖².
double gradNormSquared(const std::vector<MatX>& weights, const VecX& x, const VecX& y, int layer);

/// M samples; weights drawn from SplitMix64::stream(seed, 0x676E726D), layer 1 first, row by row.
GradNormResult gradNormExperiment(const GradNormSetup& s);

/// The exact E‖∂ℓ/∂W¹‖²_F for L = 1: E‖(Wx − y)xᵀ‖²_F = ‖x‖²(‖y‖² + σ² d ‖x‖²).
double gradNormExactDepth1(int width, double sigma, double xNorm, double yNorm);

}  // namespace optiscape::theory
