// Data-defined landscapes: the two-parameter models of Lecture 3 and EE-556 fitted to N generated
// samples, whose empirical loss L(w) = (1/N)·Σᵢ ℓᵢ(w) is the landscape, and the minibatch sampler
// that turns it into online (b = 1), minibatch (b) or full-batch gradients.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "landscape.h"
#include "random.h"

namespace optiscape {

/// The data presets, in menu order: "linear-regression", "two-layer-data".
const std::vector<std::string>& dataPresetNames();

/// A data preset with default parameters, then N = n samples and data seed `seed` (both are
/// ordinary parameters, "n" and "seed", so sliders, links and --param change them too), or
/// nullptr when `name` is unknown or n / seed are out of range.
///
/// - linear-regression (LeCun / GSI "online vs batch learning"; Lecture 3's Hessian 2·E[x̃x̃ᵀ]):
///   samples xᵢ uniform in [0, 2), yᵢ = a·xᵢ + b + σ·εᵢ with εᵢ standard normal;
///   ℓᵢ(w) = (w₁xᵢ + w₂ − yᵢ)². With x̃ = (x, 1): L(w) = L* + (w − w*)ᵀA(w − w*), A = E[x̃x̃ᵀ]
///   (the means over the samples), w* = A⁻¹E[x̃y] the least-squares fit, L* its mean squared
///   residual; ∇L = 2A(w − w*), ∇²L = 2A. The inputs are not centred (E[x] = 1), so A is
///   ill-conditioned (κ ≈ 14): Lecture 3's argument for normalising the data.
/// - two-layer-data (Lecture 3's two-layer linear model (v·W·x − t)² + λ(v² + W²), w₁ = W,
///   w₂ = v, on N points instead of one): xᵢ standard normal, tᵢ = c·xᵢ + σ·εᵢ;
///   ℓᵢ(w) = (w₁w₂xᵢ − tᵢ)² + λ(w₁² + w₂²). With p = w₁w₂, Sxx = E[x²], Sxt = E[xt] and
///   β = Sxt/Sxx: L(w) = Sxx·(p − β)² + R + λ(w₁² + w₂²), R = E[(t − βx)²], so
///   ∇L = 2Sxx(p − β)·(w₂, w₁) + 2λw and ∇²L = [[2Sxx·w₂² + 2λ, 2Sxx(2p − β)], [·, 2Sxx·w₁² + 2λ]].
///   Stationary points as for N = 1 with x|t| replaced by |Sxt|: the origin (eigenvalues
///   2(λ ∓ |Sxt|): a saddle for λ < |Sxt|), and for λ < |Sxt| the two minima
///   w₁ = sign(Sxt)·w₂ = ±√((|Sxt| − λ)/Sxx); at λ = 0 the hyperbola p = β is a valley of minima.
/// Value, gradient and Hessian come from these closed forms (O(1) per call, accurate near the
/// minimum); sampleGradient() sums the per-sample gradients, so both agree to rounding.
std::unique_ptr<Landscape> makeDataLandscape(std::string_view name, int n, std::uint64_t seed);
/// The same with every parameter at its default (n = 40, seed = 1).
std::unique_ptr<Landscape> makeDataPreset(std::string_view name);
/// presetNames() then dataPresetNames(): every name makeAnyPreset() knows, in menu order.
const std::vector<std::string>& allPresetNames();
/// makePreset(name), or else makeDataPreset(name): every landscape known by name.
std::unique_ptr<Landscape> makeAnyPreset(std::string_view name);

/// Minibatches of size b drawn without replacement within an epoch: at the start of each epoch the
/// indices 0..N−1 are shuffled (Fisher–Yates with the seeded SplitMix64) and cut into consecutive batches
/// of b; when N is not a multiple of b the epoch's last batch is smaller (torch's DataLoader with
/// shuffle=True, drop_last=False). b = 1 is online learning; b ≥ N gives the full batch every
/// step. A plain value: copying a sampler copies its position and its random state.
class BatchSampler {
public:
    BatchSampler() = default;
    BatchSampler(int n, int batch, SplitMix64 rng);

    /// The next batch's indices (valid until the next call); *count receives its size.
    const int* next(int* count);
    /// Completed epochs so far (an epoch completes when its last batch has been handed out).
    int epoch() const { return epoch_; }
    int size() const { return n_; }
    int batch() const { return batch_; }

private:
    void shuffle();
    int n_ = 0, batch_ = 0, pos_ = 0, epoch_ = 0;
    SplitMix64 rng_;
    std::vector<int> order_;
};

}  // namespace optiscape
