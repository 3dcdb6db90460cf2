// tanh in float64 without a library call, accurate to a few units in the last place, written
// branch-free so that a loop over an array of pre-activations vectorises (SSE2 / AVX natively,
// WebAssembly SIMD in the page). A network's forward pass is almost all tanh: the C library's
// takes 15–40 ns a call on these machines, this one about 1–2 ns in a vectorised loop.
//
//   tanh|x| = e / (e + 2),  e = expm1(2|x|),
//   expm1(y) = 2ⁿ·q(r) + (2ⁿ − 1),  y = n·ln 2 + r,  |r| ≤ ln2 / 2,  q(r) = e^r − 1 (Taylor, degree 13).
//
// For n = 0 (|x| < 0.17) expm1 is q(r) itself, so small arguments keep full relative accuracy
// (tanh x = x down to the subnormals); 2|x| is clamped at 40, where tanh is 1 in float64; the
// sign is copied back; NaN propagates. Tested against std::tanh over the whole range
// (tests/core/nets/test_fast_tanh.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace optiscape::nets {

namespace detail {
/// 2|x| clamped at 40 (where tanh is 1 in float64), with x's sign: the first of tanh's two passes.
inline double tanhArgument(double x) { return std::copysign(std::min(2.0 * std::fabs(x), 40.0), x); }

/// tanh(v/2) for v = tanhArgument(x): the second pass, without a comparison (so that GCC, which
/// turns the clamp into a branch, vectorises it too). NaN propagates through every step.
inline double tanhOfArgument(double v) {
    constexpr double kLn2Hi = 6.93147180369123816490e-01;  // fdlibm's split of ln 2: n·kLn2Hi is exact
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kInvLn2 = 1.44269504088896338700e+00;
    constexpr double kShift = 6755399441055744.0;  // 1.5·2⁵²: adding it rounds to an integer
    const double y = std::fabs(v);
    const double shifted = y * kInvLn2 + kShift;
    const double n = shifted - kShift;  // round(y / ln 2), 0 … 58
    const double r = (y - n * kLn2Hi) - n * kLn2Lo;
    // e^r − 1 = r·(1 + r/2 + r²/6 + … + r¹²/13!)
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    const double q = p * r;
    // 2ⁿ from n's bits in `shifted` (its low mantissa bits hold n)
    std::int64_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    const std::int64_t scaleBits = ((bits - 0x4338000000000000LL) + 1023) << 52;
    double s;
    std::memcpy(&s, &scaleBits, sizeof s);
    const double e = s * q + (s - 1.0);
    return std::copysign(e / (e + 2.0), v);
}
}  // namespace detail

inline double fastTanh(double x) { return detail::tanhOfArgument(detail::tanhArgument(x)); }

/// out[i] = tanh(in[i]) for i < count (in == out allowed).
inline void fastTanh(const double* in, double* out, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) out[i] = detail::tanhArgument(in[i]);
    for (std::size_t i = 0; i < count; ++i) out[i] = detail::tanhOfArgument(out[i]);
}

}  // namespace optiscape::nets
