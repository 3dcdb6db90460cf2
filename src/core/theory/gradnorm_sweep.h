// Theorem 9 over depth, progressively: E‖∂ℓ/∂W^k‖²_F of a random deep linear network
// (core/theory/deep_linear.h) for every depth L = 1 … maxDepth and every layer k ≤ L, estimated by
// Monte Carlo a slice of samples at a time. One draw of the weights gives every layer's gradient
// (‖b_k‖²‖h_{k−1}‖² from one forward and one backward pass), and sample m of depth L has its own
// random stream, so a chunk — samples [begin, end) of one depth — is a pure function of the settings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace optiscape::theory {

struct GradSweepSettings {
    int width = 4;             ///< d, 1 … 64
    double sigmaSqrtD = 1.0;   ///< σ·√d (1 = Xavier's σ = 1/√d), in (0, 10]
    int maxDepth = 50;         ///< L = 1 … maxDepth, at most 200
    long samples = 2000;       ///< draws per depth, 2 … 10⁷
    std::uint64_t seed = 1;
    double xNorm = 1, yNorm = 1;  ///< x = ‖x‖e₁, y = ‖y‖e₂ as in gradNormExperiment
    long roundSamples = 100;   ///< the computer adds this many draws to every depth per round
    double sigma() const;      ///< σ = sigmaSqrtD / √d
};

/// Sums over draws of ‖∂ℓ/∂W^k‖²_F: plain numbers a worker can send back.
struct MomentSums {
    long count = 0;
    double sum = 0, sumSq = 0;
    bool overflow = false;  ///< a draw was not a finite number
    double mean() const { return count > 0 ? sum / count : 0.0; }
    /// The standard error of mean(): √((Σg² − (Σg)²/M)/(M − 1)/M).
    double stderrMean() const;
    void merge(const MomentSums& o);
};

/// The chunk: samples [begin, end) of depth L; element k − 1 holds layer k's sums (k = 1 … L).
std::vector<MomentSums> gradSweepChunk(const GradSweepSettings& s, int depth, long begin, long end);

/// Theorem 9's two terms in log10 for depth L (independent of the layer):
/// the ŷ-term 2ρ/(3σ²)[σ⁴d(d + 2)]^L and the y-term 2γ(σ²d)^(L−1), ρ = ‖x‖⁴, γ = ‖x‖²‖y‖².
struct BoundTerms {
    double log10YhatTerm = 0, log10YTerm = 0, log10Bound = 0;
};
BoundTerms theorem9Terms(const GradSweepSettings& s, int depth);

/// Every depth's sums, filled round by round (roundSamples draws of every depth in turn).
class GradSweepComputer {
public:
    explicit GradSweepComputer(GradSweepSettings settings);
    /// About `seconds` of work (at least one chunk); true once every depth has all its samples.
    bool advanceFor(double seconds);
    bool done() const { return drawn_ >= s_.samples * s_.maxDepth; }
    double progress() const;
    double seconds() const { return seconds_; }
    /// layers(L)[k − 1]: layer k of depth L so far.
    const std::vector<MomentSums>& layers(int depth) const { return sums_.at(static_cast<size_t>(depth - 1)); }
    const GradSweepSettings& settings() const { return s_; }
    /// How many rounds the sweep has: round r draws samples [r·roundSamples, (r + 1)·roundSamples).
    long rounds() const { return (s_.samples + s_.roundSamples - 1) / s_.roundSamples; }
    /// Merges gradSweepChunk(settings(), depth, …) of round `round` made elsewhere (a worker's job)
    /// and `seconds` of its compute time. A depth's rounds must come in order (as advanceFor
    /// merges them), so that its sums are advanceFor's to the last bit; for a computer that does
    /// not also advance itself.
    void supply(int depth, long round, const std::vector<MomentSums>& chunk, double seconds);

private:
    GradSweepSettings s_;
    std::vector<std::vector<MomentSums>> sums_;
    long round_ = 0;     ///< the current round
    int nextDepth_ = 1;  ///< the next depth of the current round
    long drawn_ = 0;     ///< draws done over all depths
    double seconds_ = 0;
};

}  // namespace optiscape::theory
