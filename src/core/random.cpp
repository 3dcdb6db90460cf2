// SplitMix64, its portable uniform, integer, normal and disc distributions, the portable logarithm
// and the bit-exact checksum (random.h).
#include "random.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace optiscape {
namespace {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

SplitMix64 SplitMix64::stream(std::uint64_t seed, std::uint64_t id) {
    SplitMix64 r;
    r.state = mix64(seed ^ mix64(id * kGolden + 0x632BE59BD9B4E019ULL));
    return r;
}

std::uint64_t SplitMix64::next() {
    state += kGolden;
    return mix64(state);
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint32_t SplitMix64::below(std::uint32_t n) {
    if (n <= 1) return 0;
    const std::uint64_t bound = n;
    const std::uint64_t threshold = (0 - bound) % bound;  // 2⁶⁴ mod n: the short block to reject
    for (;;) {
        const std::uint64_t r = next();
        if (r >= threshold) return static_cast<std::uint32_t>(r % bound);
    }
}

Vec2 SplitMix64::normal2() {
    for (;;) {
        const double u = 2.0 * uniform() - 1.0;
        const double v = 2.0 * uniform() - 1.0;
        const double s = u * u + v * v;
        if (s >= 1.0 || s == 0.0) continue;
        const double f = std::sqrt(-2.0 * portableLog(s) / s);
        return {u * f, v * f};
    }
}

Vec2 SplitMix64::inDisc(double r) {
    for (;;) {
        const double u = 2.0 * uniform() - 1.0;
        const double v = 2.0 * uniform() - 1.0;
        if (u * u + v * v <= 1.0) return {r * u, r * v};
    }
}

double portableLog(double x) {
    if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (std::isinf(x)) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m·2ᵉ, m ∈ [0.5, 1): exact
    if (m < 0.70710678118654752440) {
        m *= 2.0;  // exact
        e -= 1;
    }
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    // artanh(s)/s = Σ s²ᵏ/(2k + 1), Horner from the 13th term down
    double p = 1.0 / 25.0;
    p = 1.0 / 23.0 + s2 * p;
    p = 1.0 / 21.0 + s2 * p;
    p = 1.0 / 19.0 + s2 * p;
    p = 1.0 / 17.0 + s2 * p;
    p = 1.0 / 15.0 + s2 * p;
    p = 1.0 / 13.0 + s2 * p;
    p = 1.0 / 11.0 + s2 * p;
    p = 1.0 / 9.0 + s2 * p;
    p = 1.0 / 7.0 + s2 * p;
    p = 1.0 / 5.0 + s2 * p;
    p = 1.0 / 3.0 + s2 * p;
    const double lnm = 2.0 * s + 2.0 * s * (s2 * p);
    // ln 2 split so that e·kLn2Hi is exact for |e| < 2¹¹
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    const double de = static_cast<double>(e);
    return de * kLn2Hi + (lnm + de * kLn2Lo);
}

void BitHash::add(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        value ^= (v >> (8 * i)) & 0xFF;
        value *= 0x100000001B3ULL;
    }
}

void BitHash::add(double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    add(bits);
}

}  // namespace optiscape
