// A tiny seeded random source that gives the same numbers bit for bit natively (libstdc++, glibc)
// and in the browser (libc++, musl in wasm): every random choice in Optiscape — gradient noise,
// minibatches, perturbations, generated data — comes from here, so a seed replays a run exactly.
#pragma once

#include <cstdint>

#include "types.h"

namespace optiscape {

/// SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; S. Vigna's reference code): the state advances by the golden-ratio constant
/// 0x9E3779B97F4A7C15 and each output is a bijective mix of it. A plain 64-bit value — copy it to
/// fork a run, compare it to test a replay.
///
/// The distributions are written out here on purpose: std::uniform_real_distribution and
/// std::normal_distribution are implementation-defined (libstdc++ and libc++ give different
/// numbers for the same engine), and so are libm's log, sin and cos in their last bit. Everything
/// below uses only + − × ÷, √ (IEEE 754 rounds all of them correctly) and exact bit operations.
struct SplitMix64 {
    std::uint64_t state = 0;

    /// Stream `id` of `seed`: independent generators for the separate random choices of one run
    /// (gradient noise, minibatch order, perturbations), each a function of the seed alone.
    static SplitMix64 stream(std::uint64_t seed, std::uint64_t id);

    /// The next 64 random bits.
    std::uint64_t next();
    /// Uniform in [0, 1): the top 53 bits of next() times 2⁻⁵³.
    double uniform();
    /// Uniform in [a, b).
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    /// Uniform integer in [0, n) for n ≥ 1, without modulo bias (rejects the short last block).
    std::uint32_t below(std::uint32_t n);
    /// Two independent standard normal numbers: the polar form of the Box–Muller transform
    /// (Marsaglia & Bray 1964): draw (u, v) uniform in the square [−1, 1)² until
    /// 0 < s = u² + v² < 1, then (u, v)·√(−2·ln s / s). The logarithm is portableLog().
    Vec2 normal2();
    /// One standard normal number (the first of normal2()'s pair; the second is discarded).
    double normal() { return normal2()[0]; }
    /// Uniform in the disc (the 2-D ball) of radius r around 0: (u, v) uniform in [−1, 1)² until
    /// u² + v² ≤ 1, times r — rejection keeps the density exactly uniform over the disc.
    Vec2 inDisc(double r);
};

/// Stream ids of Run's random choices (SplitMix64::stream(config.seed, id)).
constexpr std::uint64_t kNoiseStream = 1;    ///< Gaussian gradient noise
constexpr std::uint64_t kBatchStream = 2;    ///< minibatch order (one shuffle per epoch)
constexpr std::uint64_t kPerturbStream = 3;  ///< perturbed GD's jumps
constexpr std::uint64_t kDataStream = 4;     ///< generated samples of data-defined landscapes

/// ln x for x > 0 from + − × ÷ alone (and the exact frexp), so that it is the same on every
/// platform: x = m·2ᵉ with m ∈ [√½, √2), ln m = 2·artanh(s) with s = (m − 1)/(m + 1), |s| < 0.172,
/// summed as s·Σ s²ᵏ/(2k + 1) over 13 terms (the first neglected one is below 2⁻⁶⁴), plus e·ln 2.
/// Accurate to a few units in the last place. NaN for x < 0 or NaN, −∞ at 0, +∞ at +∞.
double portableLog(double x);

/// An order-dependent checksum of doubles' exact bit patterns (FNV-1a over the 64-bit words),
/// for tests that compare trajectories bit for bit across platforms.
struct BitHash {
    std::uint64_t value = 0xCBF29CE484222325ULL;
    void add(double v);
    void add(std::uint64_t v);
};

}  // namespace optiscape
