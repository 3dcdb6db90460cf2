// Theorem 9's question measured on the networks issue's models: E‖∂ℓ/∂W¹‖²_F at initialisation of
// a tanh or ReLU network of d × d layers, ŷ = W^L φ(W^{L−1} ⋯ φ(W¹x)) (biases 0), ℓ = ½‖y − ŷ‖²,
// x = e₁, y = e₂, against depth L — with LeCun's (1/fan_in), Xavier's (2/(fan_in + fan_out)) and
// He's (2/fan_in) variances. No bound here: the nonlinearity changes the recursion, so the page
// shows the measured curves beside the linear network's curve and bound. Every draw is
// nets::initialParameters and nets::Backprop (the mean squared error over the d outputs, times d/2).
// For d × d layers LeCun's and Xavier's variances are both 1/d, so their draws are the same.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/nets/model.h"
#include "core/theory/gradnorm_sweep.h"

namespace optiscape::theory {

/// One measured curve: an activation and an initialisation.
struct NetGradModel {
    nets::Activation activation = nets::Activation::Tanh;
    nets::InitKind init = nets::InitKind::LeCun;
    std::string name() const;  ///< "tanh, LeCun"
};
/// tanh and ReLU, each with LeCun, Xavier and He: six curves.
const std::vector<NetGradModel>& netGradModels();

struct NetGradSettings {
    int width = 8;            ///< d, 1 … 64
    int maxDepth = 50;        ///< L = 1 … maxDepth, at most 200
    long samples = 400;       ///< draws per depth and model, 2 … 10⁶
    std::uint64_t seed = 1;
    long roundSamples = 20;   ///< draws of every (model, depth) per round of the computer
};

/// The chunk: draws [begin, end) of depth L for model `model` (an index of netGradModels()); draw m
/// has its own seed, so a chunk is a pure function of the settings.
MomentSums netGradChunk(const NetGradSettings& s, int model, int depth, long begin, long end);

/// Every (model, depth)'s sums, filled round by round.
class NetGradComputer {
public:
    explicit NetGradComputer(NetGradSettings settings);
    bool advanceFor(double seconds);
    bool done() const { return drawn_ >= total(); }
    double progress() const { return total() > 0 ? std::min(1.0, double(drawn_) / double(total())) : 1.0; }
    double seconds() const { return seconds_; }
    /// sums(model, L): E‖∂ℓ/∂W¹‖² of that model at depth L so far.
    const MomentSums& sums(int model, int depth) const;
    const NetGradSettings& settings() const { return s_; }
    /// How many rounds: round r draws [r·roundSamples, (r + 1)·roundSamples) of every (model, depth).
    long rounds() const { return (s_.samples + s_.roundSamples - 1) / s_.roundSamples; }
    /// Merges netGradChunk(settings(), model, depth, …) of round `round` made elsewhere (a
    /// worker's job) and `seconds` of its compute time; a (model, depth)'s rounds in order, as in
    /// GradSweepComputer::supply.
    void supply(int model, int depth, long round, const MomentSums& chunk, double seconds);

private:
    long total() const { return s_.samples * s_.maxDepth * static_cast<long>(netGradModels().size()); }
    NetGradSettings s_;
    std::vector<MomentSums> sums_;  ///< model-major, then depth
    long round_ = 0;
    int next_ = 0;  ///< the next (model, depth) of the round, as model·maxDepth + depth − 1
    long drawn_ = 0;
    double seconds_ = 0;
};

}  // namespace optiscape::theory
