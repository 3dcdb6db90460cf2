// The measured gradient curves of tanh and ReLU nets (core/theory/net_gradnorm.h): at depth 1 the
// exact E‖∂ℓ/∂W¹‖² = ‖x‖²(σ²d‖x‖² + ‖y‖²); LeCun's and Xavier's draws coincide on d × d layers;
// ReLU with LeCun's variance loses half the signal's energy per layer, He's keeps it; the
// progressive computer's sums equal its pure chunks'.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "core/theory/net_gradnorm.h"
#include "core/theory/theory_spec.h"

using namespace optiscape;
using namespace optiscape::theory;

TEST_CASE("measured net gradients at depth 1 equal sigma^2 d + 1 (x = e1, y = e2)") {
    NetGradSettings s;
    s.width = 6;
    for (int m = 0; m < static_cast<int>(netGradModels().size()); ++m) {
        const MomentSums ms = netGradChunk(s, m, 1, 0, 4000);
        const double sigma2d = netGradModels()[size_t(m)].init == nets::InitKind::He ? 2.0 : 1.0;
        CAPTURE(netGradModels()[size_t(m)].name());
        CHECK(std::abs(ms.mean() - (sigma2d + 1)) < 4 * ms.stderrMean());
        CHECK(ms.stderrMean() < 0.05 * (sigma2d + 1));
    }
}

TEST_CASE("LeCun and Xavier draw alike on square layers; ReLU vanishes with LeCun, not with He") {
    NetGradSettings s;
    s.width = 8;
    for (int L : {3, 12}) {
        const MomentSums a = netGradChunk(s, 0, L, 0, 50), b = netGradChunk(s, 1, L, 0, 50);
        CHECK(a.sum == b.sum);
        CHECK(a.sumSq == b.sumSq);
    }
    const double reluLeCun = netGradChunk(s, 3, 20, 0, 300).mean(), reluHe = netGradChunk(s, 5, 20, 0, 300).mean();
    const double heDepth1 = netGradChunk(s, 5, 1, 0, 300).mean();
    std::printf("# net gradients d = 8, L = 20: relu LeCun %.3g, relu He %.3g (He at L = 1: %.3g); tanh LeCun %.3g, tanh He %.3g\n",
                reluLeCun, reluHe, heDepth1, netGradChunk(s, 0, 20, 0, 300).mean(), netGradChunk(s, 2, 20, 0, 300).mean());
    CHECK(reluHe > 1e4 * reluLeCun);   // (1/2)^19 ≈ 2·10⁻⁶ of the energy kept
    CHECK(reluHe > heDepth1);  // He's 2/d restores what ReLU halves (the fluctuations even grow with depth)
}

TEST_CASE("the net gradient computer's sums equal its pure chunks") {
    TheorySpec spec;
    spec.width = 4;
    spec.samples = 30;
    NetGradSettings s = netGradSettingsFor(spec);
    s.maxDepth = 5;
    NetGradComputer c(s);
    while (!c.advanceFor(0.0)) {}
    CHECK(c.progress() == 1.0);
    for (int m = 0; m < static_cast<int>(netGradModels().size()); ++m)
        for (int L = 1; L <= 5; ++L) {
            const MomentSums whole = netGradChunk(s, m, L, 0, 30);
            CHECK(c.sums(m, L).count == 30);
            CHECK(c.sums(m, L).sum == doctest::Approx(whole.sum).epsilon(1e-12));
        }
}
