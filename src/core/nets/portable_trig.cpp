// Sine and cosine that give the same bits on every platform (natively and in wasm): fdlibm's
// argument reduction and kernels in + − × ÷ only, so generated data sets and the sin features are
// byte-identical everywhere (core/nets/dataset.h declares them).
#include <cmath>
#include <limits>

#include "core/nets/dataset.h"

namespace optiscape::nets {

namespace {

/// x = k·π/2 + (hi + lo), |hi + lo| ≲ π/4; returns k mod 4. fdlibm's medium-argument reduction.
int reduce(double x, double& hi, double& lo) {
    constexpr double invpio2 = 6.36619772367581382433e-01;  // 2/π
    constexpr double pio2_1 = 1.57079632673412561417e+00;   // first 33 bits of π/2
    constexpr double pio2_1t = 6.07710050650619224932e-11;  // π/2 − pio2_1
    constexpr double pio2_2 = 6.07710050630396597660e-11;   // second 33 bits
    constexpr double pio2_2t = 2.02226624879595063154e-21;  // π/2 − (pio2_1 + pio2_2)
    constexpr double pio2_3 = 2.02226624871116645580e-21;   // third 33 bits
    constexpr double pio2_3t = 8.47842766036889956997e-32;  // π/2 − (pio2_1 + pio2_2 + pio2_3)
    if (std::abs(x) <= 0.785398163397448279) {  // π/4
        hi = x;
        lo = 0;
        return 0;
    }
    const double fn = std::floor(x * invpio2 + 0.5);
    double r = x - fn * pio2_1;
    double w = fn * pio2_1t;
    const auto exponent = [](double v) { return v == 0 ? -2000 : std::ilogb(v); };
    const int j = exponent(x);
    hi = r - w;
    if (j - exponent(hi) > 16) {  // cancellation: the second piece, good to 118 bits
        double t = r;
        w = fn * pio2_2;
        r = t - w;
        w = fn * pio2_2t - ((t - r) - w);
        hi = r - w;
        if (j - exponent(hi) > 49) {  // the third piece, 151 bits
            t = r;
            w = fn * pio2_3;
            r = t - w;
            w = fn * pio2_3t - ((t - r) - w);
            hi = r - w;
        }
    }
    lo = (r - hi) - w;
    double q = std::fmod(fn, 4.0);  // exact
    if (q < 0) q += 4.0;
    return static_cast<int>(q);
}

// Taylor coefficients (−1)ᵏ/(2k + 1)! and (−1)ᵏ/(2k)!, rounded once at compile time
constexpr double S1 = -1.0 / 6.0, S2 = 1.0 / 120.0, S3 = -1.0 / 5040.0, S4 = 1.0 / 362880.0,
                 S5 = -1.0 / 39916800.0, S6 = 1.0 / 6227020800.0, S7 = -1.0 / 1307674368000.0,
                 S8 = 1.0 / 355687428096000.0;
constexpr double C1 = 1.0 / 24.0, C2 = -1.0 / 720.0, C3 = 1.0 / 40320.0, C4 = -1.0 / 3628800.0,
                 C5 = 1.0 / 479001600.0, C6 = -1.0 / 87178291200.0, C7 = 1.0 / 20922789888000.0,
                 C8 = -1.0 / 6402373705728000.0;

/// sin(x + y) for |x| ≲ π/4, |y| ≤ ulp(x)/2: x + x³·(S1 + z·P(z)) + y·(1 − z/2), z = x².
double kernelSin(double x, double y) {
    const double z = x * x;
    const double v = z * x;
    const double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * (S6 + z * (S7 + z * S8)))));
    return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/// cos(x + y) for |x| ≲ π/4: 1 − z/2 + z²·Q(z) − x·y, with 1 − z/2 summed carefully (fdlibm).
double kernelCos(double x, double y) {
    const double z = x * x;
    const double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * (C6 + z * (C7 + z * C8)))))));
    const double hz = 0.5 * z;
    const double w = 1.0 - hz;
    return w + (((1.0 - w) - hz) + (z * r - x * y));
}

}  // namespace

double portableSin(double x) {
    if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
    double hi = 0, lo = 0;
    switch (reduce(x, hi, lo)) {
        case 0: return kernelSin(hi, lo);
        case 1: return kernelCos(hi, lo);
        case 2: return -kernelSin(hi, lo);
        default: return -kernelCos(hi, lo);
    }
}

double portableCos(double x) {
    if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
    double hi = 0, lo = 0;
    switch (reduce(x, hi, lo)) {
        case 0: return kernelCos(hi, lo);
        case 1: return -kernelSin(hi, lo);
        case 2: return -kernelCos(hi, lo);
        default: return kernelSin(hi, lo);
    }
}

}  // namespace optiscape::nets
