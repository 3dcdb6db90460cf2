// Gradient norms of a random deep linear network (core/theory/deep_linear.h).
//
// Lecture notation: W^{L:1} = W^L ⋯ W¹, δ = W^{L:1}x − y, and
//   ∂ℓ/∂W^k = [W^{k+1:L} δ] · [W^{k−1:1} x]ᵀ,   W^{k+1:L} = (W^{k+1})ᵀ ⋯ (W^L)ᵀ.
// Splitting δ = ŷ − y, the y-part has, by Lemma 10 applied layer by layer (E‖AWB‖²_F = σ²‖A‖²_F‖B‖²_F,
// Corollary 11: E‖W^{t:1}x‖² = (dσ²)^t ‖x‖²), the exact expectation
//   E‖W^{k+1:L} y xᵀ W^{1:k−1}‖²_F = (σ²d)^{L−k}‖y‖² · (σ²d)^{k−1}‖x‖² = γ (σ²d)^{L−1},
// which is the y_term; the bound doubles it (‖a − b‖² ≤ 2‖a‖² + 2‖b‖²) and adds the ŷ-part's
// 2ρ/(3σ²)[σ⁴d(d+2)]^L (Lemma 12 with Gaussian kurtosis κ = 3: E‖Wξ‖⁴ = d(d+2)σ⁴ E‖ξ‖⁴).
#include "core/theory/deep_linear.h"

#include <cmath>
#include <limits>

#include "core/random.h"

namespace optiscape::theory {
namespace {

constexpr std::uint64_t kWeightStream = 0x676E726DULL;  // "gnrm"

/// log(e^a + e^b) for a, b ∈ [−∞, ∞).
double logAddExp(double a, double b) {
    if (a == -std::numeric_limits<double>::infinity()) return b;
    if (b == -std::numeric_limits<double>::infinity()) return a;
    const double m = std::max(a, b);
    return m + std::log1p(std::exp(-std::abs(a - b)));
}

}  // namespace

double gradNormSquared(const std::vector<MatX>& weights, const VecX& x, const VecX& y, int layer) {
    const int L = static_cast<int>(weights.size());
    VecX h = x, hk;  // h_t = W^t h_{t−1}; hk = h_{k−1}
    for (int t = 1; t <= L; ++t) {
        if (t == layer) hk = h;
        h = weights[t - 1] * h;
    }
    VecX b = h - y;  // b_L = δ; b_{t−1} = (W^t)ᵀ b_t down to b_k
    for (int t = L; t > layer; --t) b = weights[t - 1].transpose() * b;
    return b.squaredNorm() * hk.squaredNorm();
}

GradNormResult gradNormExperiment(const GradNormSetup& s) {
    GradNormResult r;
    const int d = s.width, L = s.depth;
    // log of each term (natural); −∞ for a zero norm.
    const double logRho = 4 * std::log(s.xNorm), logGamma = 2 * std::log(s.xNorm) + 2 * std::log(s.yNorm);
    const double logY = logGamma + (L - 1) * (2 * std::log(s.sigma) + std::log(double(d)));  // σ²d may underflow
    const double logYhat = std::log(2.0 / 3.0) + logRho - 2 * std::log(s.sigma) +
                           L * (4 * std::log(s.sigma) + std::log(double(d)) + std::log(d + 2.0));
    const double logBound = logAddExp(logYhat, std::log(2.0) + logY);
    r.log10Bound = logBound / std::log(10.0);
    r.log10YTerm = logY / std::log(10.0);
    r.bound = std::exp(logBound);  // +inf beyond ~1.8e308, 0 below the smallest double
    r.yTerm = std::exp(logY);

    VecX x = VecX::Zero(d), y = VecX::Zero(d);
    x[0] = s.xNorm;
    y[d > 1 ? 1 : 0] = s.yNorm;
    SplitMix64 rng = SplitMix64::stream(s.seed, kWeightStream);
    std::vector<MatX> W(L, MatX(d, d));
    double mean = 0, m2 = 0;  // Welford's running mean and sum of squared deviations
    for (long m = 0; m < s.samples; ++m) {
        for (MatX& w : W)
            for (int i = 0; i < d; ++i)
                for (int j = 0; j < d; ++j) w(i, j) = s.sigma * rng.normal();
        const double g = gradNormSquared(W, x, y, s.layer);
        if (!std::isfinite(g)) r.overflow = true;
        const double delta = g - mean;
        mean += delta / double(m + 1);
        m2 += delta * (g - mean);
    }
    r.mean = mean;
    r.stderr_ = s.samples > 1 ? std::sqrt(m2 / double(s.samples - 1) / double(s.samples)) : 0.0;
    if (r.overflow) r.mean = std::numeric_limits<double>::infinity();
    return r;
}

double gradNormExactDepth1(int width, double sigma, double xNorm, double yNorm) {
    const double x2 = xNorm * xNorm;
    return x2 * (yNorm * yNorm + sigma * sigma * width * x2);
}

}  // namespace optiscape::theory
