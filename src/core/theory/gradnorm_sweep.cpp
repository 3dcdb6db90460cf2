// Theorem 9 over depth and layer (core/theory/gradnorm_sweep.h).
#include "core/theory/gradnorm_sweep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/random.h"
#include "core/types.h"

namespace optiscape::theory {
namespace {
constexpr std::uint64_t kSweepStream = 0x7377656570ULL;  // "sweep"
}

double GradSweepSettings::sigma() const { return sigmaSqrtD / std::sqrt(double(width)); }

double MomentSums::stderrMean() const {
    if (count < 2) return 0.0;
    const double var = std::max(0.0, (sumSq - sum * sum / count) / double(count - 1));
    return std::sqrt(var / double(count));
}

void MomentSums::merge(const MomentSums& o) {
    count += o.count, sum += o.sum, sumSq += o.sumSq;
    overflow = overflow || o.overflow;
}

std::vector<MomentSums> gradSweepChunk(const GradSweepSettings& s, int depth, long begin, long end) {
    const int d = s.width, L = depth;
    const double sigma = s.sigma();
    std::vector<MomentSums> out(static_cast<size_t>(L));
    VecX x = VecX::Zero(d), y = VecX::Zero(d);
    x[0] = s.xNorm;
    y[d > 1 ? 1 : 0] = s.yNorm;
    std::vector<MatX> W(static_cast<size_t>(L), MatX(d, d));
    std::vector<VecX> h(static_cast<size_t>(L + 1));  // h_t = W^t h_{t−1}, h_0 = x
    for (long m = begin; m < end; ++m) {
        SplitMix64 rng = SplitMix64::stream(s.seed ^ kSweepStream, (static_cast<std::uint64_t>(L) << 40) + static_cast<std::uint64_t>(m));
        for (MatX& w : W)
            for (int i = 0; i < d; ++i)
                for (int j = 0; j < d; ++j) w(i, j) = sigma * rng.normal();
        h[0] = x;
        for (int t = 1; t <= L; ++t) h[static_cast<size_t>(t)] = W[static_cast<size_t>(t - 1)] * h[static_cast<size_t>(t - 1)];
        VecX b = h[static_cast<size_t>(L)] - y;  // b_L = δ, b_{t−1} = (W^t)ᵀ b_t
        for (int k = L; k >= 1; --k) {
            const double g = b.squaredNorm() * h[static_cast<size_t>(k - 1)].squaredNorm();  // ‖∂ℓ/∂W^k‖²
            MomentSums& ms = out[static_cast<size_t>(k - 1)];
            ++ms.count;
            if (std::isfinite(g) && std::isfinite(g * g)) ms.sum += g, ms.sumSq += g * g;
            else ms.overflow = true;
            if (k > 1) b = W[static_cast<size_t>(k - 1)].transpose() * b;
        }
    }
    return out;
}

BoundTerms theorem9Terms(const GradSweepSettings& s, int depth) {
    const double ln10 = std::log(10.0), d = s.width, ls = std::log(s.sigma());
    const double logRho = 4 * std::log(s.xNorm), logGamma = 2 * std::log(s.xNorm) + 2 * std::log(s.yNorm);
    const double yhat = std::log(2.0 / 3.0) + logRho - 2 * ls + depth * (4 * ls + std::log(d) + std::log(d + 2));
    const double yterm = std::log(2.0) + logGamma + (depth - 1) * (2 * ls + std::log(d));
    const double m = std::max(yhat, yterm);
    BoundTerms t;
    t.log10YhatTerm = yhat / ln10;
    t.log10YTerm = yterm / ln10;
    t.log10Bound = (m + std::log1p(std::exp(-std::abs(yhat - yterm)))) / ln10;
    return t;
}

GradSweepComputer::GradSweepComputer(GradSweepSettings settings) : s_(settings) {
    s_.roundSamples = std::max(1L, s_.roundSamples);
    for (int L = 1; L <= s_.maxDepth; ++L) sums_.emplace_back(static_cast<size_t>(L));
}

double GradSweepComputer::progress() const {
    const double total = double(s_.samples) * s_.maxDepth;
    return total > 0 ? std::min(1.0, double(drawn_) / total) : 1.0;
}

void GradSweepComputer::supply(int depth, long round, const std::vector<MomentSums>& chunk, double seconds) {
    if (depth < 1 || depth > s_.maxDepth || round < 0 || round >= rounds() || chunk.size() != static_cast<size_t>(depth))
        return;
    auto& target = sums_[static_cast<size_t>(depth - 1)];
    for (size_t k = 0; k < chunk.size(); ++k) target[k].merge(chunk[k]);
    drawn_ += std::min(s_.samples, (round + 1) * s_.roundSamples) - round * s_.roundSamples;
    seconds_ += seconds;
}

bool GradSweepComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    bool first = true;
    while (!done() && (first || std::chrono::duration<double>(Clock::now() - t0).count() < seconds)) {
        first = false;
        if (nextDepth_ > s_.maxDepth) {  // the next round
            ++round_;
            nextDepth_ = 1;
            if (round_ * s_.roundSamples >= s_.samples) break;
        }
        const long begin = round_ * s_.roundSamples, end = std::min(s_.samples, begin + s_.roundSamples);
        const std::vector<MomentSums> chunk = gradSweepChunk(s_, nextDepth_, begin, end);
        auto& target = sums_[static_cast<size_t>(nextDepth_ - 1)];
        for (size_t k = 0; k < chunk.size(); ++k) target[k].merge(chunk[k]);
        drawn_ += end - begin;
        ++nextDepth_;
    }
    seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
    return done();
}

}  // namespace optiscape::theory
