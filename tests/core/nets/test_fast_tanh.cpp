// Tests of src/core/nets/fast_tanh.h: the network's tanh against the C library's over the whole
// range (uniform, near zero, subnormal, near the saturation at |x| ≈ 19), its special values, and
// the array form against the scalar one.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/nets/fast_tanh.h"
#include "core/random.h"
#include "../helpers.h"

using optiscape::SplitMix64;
using optiscape::nets::fastTanh;

using testing::ulps;

TEST_CASE("fastTanh is within 5 ulp of std::tanh everywhere") {
    SplitMix64 rng = SplitMix64::stream(7, 0);
    double worst = 0.0;
    for (int k = 0; k < 600000; ++k) {
        const double u = 2.0 * rng.uniform() - 1.0;
        double x = 0.0;
        switch (k % 4) {
            case 0: x = 25.0 * u; break;                                               // the whole range
            case 1: x = u; break;                                                      // the curved part
            case 2: x = std::ldexp(u, -static_cast<int>(rng.next() % 1070)); break;  // down to subnormals
            default: x = 19.0 + 2.0 * u; break;                                        // the saturation
        }
        worst = std::max(worst, ulps(fastTanh(x), std::tanh(x)));
    }
    CHECK(worst <= 5.0);
}

TEST_CASE("fastTanh's special values and symmetry") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(fastTanh(inf) == 1.0);
    CHECK(fastTanh(-inf) == -1.0);
    CHECK(std::isnan(fastTanh(std::nan(""))));
    CHECK(fastTanh(0.0) == 0.0);
    CHECK(std::signbit(fastTanh(-0.0)));
    CHECK(fastTanh(5e-324) == 5e-324);
    CHECK(fastTanh(1e300) == 1.0);
    CHECK(fastTanh(-40.0) == -1.0);
    for (double x : {0.1, 0.5, 1.0, 3.0, 10.0}) CHECK(fastTanh(-x) == -fastTanh(x));
}

TEST_CASE("the array form equals the scalar one") {
    std::vector<double> in, out(1001);
    for (int i = 0; i <= 1000; ++i) in.push_back(-30.0 + 0.06 * i);
    fastTanh(in.data(), out.data(), in.size());
    for (size_t i = 0; i < in.size(); ++i) CHECK(out[i] == fastTanh(in[i]));
    fastTanh(in.data(), in.data(), in.size());  // in place
    CHECK(in == out);
}
