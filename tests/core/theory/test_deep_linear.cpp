// Theorem 9 of Lucchi's lecture 5 (src/core/theory/deep_linear.cpp): the gradient of one draw
// against central differences of the loss, the depth-1 expectation exactly, the y-term, and the
// Monte Carlo mean below the bound over a grid of widths, depths and scales.
#include <doctest/doctest.h>

#include <cmath>

#include "core/random.h"
#include "core/theory/deep_linear.h"

using namespace optiscape;
using namespace optiscape::theory;

TEST_CASE("deep linear: ||dl/dW^k||^2 of one draw matches the gradient by central differences") {
    SplitMix64 rng = SplitMix64::stream(3, 9);
    const int d = 3, L = 4;
    std::vector<MatX> W(L, MatX(d, d));
    for (MatX& w : W)
        for (int i = 0; i < w.size(); ++i) w.data()[i] = 0.6 * rng.normal();
    VecX x(d), y(d);
    x << 0.3, -1.0, 0.5;
    y << 1.0, 0.2, -0.4;
    const auto loss = [&](const std::vector<MatX>& ws) {
        VecX h = x;
        for (const MatX& w : ws) h = w * h;
        return 0.5 * (y - h).squaredNorm();
    };
    for (int k = 1; k <= L; ++k) {
        double fd2 = 0;
        for (int a = 0; a < d * d; ++a) {
            std::vector<MatX> p = W, m = W;
            p[size_t(k - 1)].data()[a] += 1e-6;
            m[size_t(k - 1)].data()[a] -= 1e-6;
            const double g = (loss(p) - loss(m)) / 2e-6;
            fd2 += g * g;
        }
        CHECK(gradNormSquared(W, x, y, k) == doctest::Approx(fd2).epsilon(1e-6));
    }
}

TEST_CASE("deep linear: y_term is gamma (sigma^2 d)^(L-1) exactly; depth 1 matches the exact mean") {
    GradNormSetup s;
    s.width = 4, s.depth = 3, s.sigma = 0.7, s.xNorm = 2, s.yNorm = 3, s.samples = 10;
    const GradNormResult r = gradNormExperiment(s);
    CHECK(r.yTerm == doctest::Approx(4.0 * 9.0 * std::pow(0.49 * 4, 2)).epsilon(1e-14));
    const double bound = 2 * 16.0 / (3 * 0.49) * std::pow(std::pow(0.7, 4) * 4 * 6, 3) + 2 * r.yTerm;
    CHECK(r.bound == doctest::Approx(bound).epsilon(1e-13));

    for (int d : {1, 2, 5}) {
        for (double sigma : {0.3, 1.0}) {
            GradNormSetup t;
            t.width = d, t.depth = 1, t.sigma = sigma, t.xNorm = 1.5, t.yNorm = 0.5, t.samples = 200000, t.seed = 5;
            const GradNormResult e = gradNormExperiment(t);
            const double exact = gradNormExactDepth1(d, sigma, 1.5, 0.5);
            CAPTURE(d);
            CAPTURE(sigma);
            CHECK(exact == doctest::Approx(2.25 * (0.25 + sigma * sigma * d * 2.25)));
            CHECK(std::abs(e.mean - exact) < 4 * e.stderr_);
            CHECK(e.mean <= e.bound);
        }
    }
}

TEST_CASE("deep linear: the Monte Carlo mean stays below Theorem 9's bound on a grid") {
    for (int d : {2, 4, 8})
        for (int L : {1, 2, 4, 8})
            for (double scale : {0.5, 1.0, 2.0})  // σ√d
                for (int k : {1, L}) {
                    GradNormSetup s;
                    s.width = d, s.depth = L, s.sigma = scale / std::sqrt(double(d)), s.layer = k;
                    s.samples = 2000, s.seed = 17;
                    const GradNormResult r = gradNormExperiment(s);
                    CAPTURE(d);
                    CAPTURE(L);
                    CAPTURE(scale);
                    CAPTURE(k);
                    REQUIRE(std::isfinite(r.mean));
                    CHECK(r.mean - 4 * r.stderr_ <= r.bound);
                    CHECK(r.yTerm <= r.bound);
                }
}

TEST_CASE("deep linear: a huge depth overflows the bound to +inf, flagged; never NaN") {
    GradNormSetup s;
    s.width = 8, s.depth = 2000, s.sigma = 1.0, s.samples = 3;
    const GradNormResult r = gradNormExperiment(s);
    CHECK(std::isinf(r.bound));
    CHECK(std::isfinite(r.log10Bound));
    CHECK(r.log10Bound > 308);
    CHECK(!std::isnan(r.mean));
    CHECK(r.overflow);
}
