// E‖∂ℓ/∂W¹‖² of tanh and ReLU networks at initialisation, against depth (core/theory/net_gradnorm.h).
#include "core/theory/net_gradnorm.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/nets/backprop.h"
#include "core/random.h"

namespace optiscape::theory {
namespace {
constexpr std::uint64_t kNetSweepStream = 0x6E6574737765ULL;  // "netswe"
}

std::string NetGradModel::name() const {
    const char* a = activation == nets::Activation::ReLU ? "ReLU" : activation == nets::Activation::Tanh ? "tanh" : nets::activationName(activation);
    const char* i = init == nets::InitKind::He ? "He" : init == nets::InitKind::Xavier ? "Xavier" : init == nets::InitKind::LeCun ? "LeCun" : "other";
    return std::string(a) + ", " + i;
}

const std::vector<NetGradModel>& netGradModels() {
    using nets::Activation;
    using nets::InitKind;
    static const std::vector<NetGradModel> m{{Activation::Tanh, InitKind::LeCun},  {Activation::Tanh, InitKind::Xavier},
                                             {Activation::Tanh, InitKind::He},     {Activation::ReLU, InitKind::LeCun},
                                             {Activation::ReLU, InitKind::Xavier}, {Activation::ReLU, InitKind::He}};
    return m;
}

MomentSums netGradChunk(const NetGradSettings& s, int model, int depth, long begin, long end) {
    const NetGradModel& which = netGradModels().at(static_cast<size_t>(model));
    const int d = s.width;
    nets::Model m;
    m.widths.assign(static_cast<size_t>(depth + 1), d);
    m.activation = which.activation;
    m.loss = nets::LossKind::MSE;
    // One sample x = e₁ with the class 1 of d: MSE's one-hot target y = e₂ (e₁ when d = 1, as a regression).
    std::vector<double> x(static_cast<size_t>(d), 0.0);
    x[0] = 1.0;
    const double label = 1.0;
    const nets::Batch b = nets::makeBatch(x.data(), &label, d, d > 1 ? d : 0, nullptr, 1);
    nets::Backprop bp(m);
    const nets::LayerShape first = m.layers().front();
    const nets::InitSpec init{which.init, 1.0};
    MomentSums out;
    VecX g;
    for (long k = begin; k < end; ++k) {
        // Draw k of depth L: the same seeds for every model, so LeCun and Xavier draw alike on d × d layers.
        const std::uint64_t seed = SplitMix64::stream(s.seed ^ kNetSweepStream, (static_cast<std::uint64_t>(depth) << 40) + k).next();
        bp.gradient(nets::initialParameters(m, init, seed), b, g);
        const double scale = d / 2.0;  // ∇(½‖ŷ − y‖²) = (d/2)·∇MSE
        const double v = scale * scale * g.segment(first.wOffset, first.in * first.out).squaredNorm();
        ++out.count;
        if (std::isfinite(v) && std::isfinite(v * v)) out.sum += v, out.sumSq += v * v;
        else out.overflow = true;
    }
    return out;
}

NetGradComputer::NetGradComputer(NetGradSettings settings) : s_(settings) {
    s_.roundSamples = std::max(1L, s_.roundSamples);
    sums_.resize(netGradModels().size() * static_cast<size_t>(s_.maxDepth));
}

const MomentSums& NetGradComputer::sums(int model, int depth) const {
    return sums_.at(static_cast<size_t>(model) * static_cast<size_t>(s_.maxDepth) + static_cast<size_t>(depth - 1));
}

void NetGradComputer::supply(int model, int depth, long round, const MomentSums& chunk, double seconds) {
    if (model < 0 || model >= static_cast<int>(netGradModels().size()) || depth < 1 || depth > s_.maxDepth || round < 0 ||
        round >= rounds())
        return;
    sums_[static_cast<size_t>(model) * static_cast<size_t>(s_.maxDepth) + static_cast<size_t>(depth - 1)].merge(chunk);
    drawn_ += std::min(s_.samples, (round + 1) * s_.roundSamples) - round * s_.roundSamples;
    seconds_ += seconds;
}

bool NetGradComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const int jobs = static_cast<int>(sums_.size());
    bool first = true;
    while (!done() && (first || std::chrono::duration<double>(Clock::now() - t0).count() < seconds)) {
        first = false;
        if (next_ >= jobs) ++round_, next_ = 0;
        const long begin = round_ * s_.roundSamples, end = std::min(s_.samples, begin + s_.roundSamples);
        if (begin >= end) break;
        const int model = next_ / s_.maxDepth, depth = next_ % s_.maxDepth + 1;
        sums_[static_cast<size_t>(next_)].merge(netGradChunk(s_, model, depth, begin, end));
        drawn_ += end - begin;
        ++next_;
    }
    seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
    return done();
}

}  // namespace optiscape::theory
