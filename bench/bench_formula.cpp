// Formula benchmark: value + gradient + Hessian of a preset's formula (Rosenbrock, Yarotsky,
// Himmelblau) against its hand-written code (both through Landscape::evaluate), and the map's
// value-only batch path. The formula runs compiled (to WebAssembly by the page's FormulaCompiler
// in the wasm build, to x86-64 by core/formula/native.cpp natively), and the interpreter is
// timed too.
// Prints "bench formula_vs_hand preset=<P> ratio=<R> formula_ns=<ns> hand_ns=<ns>" per preset
// (goal R <= 2). `bench_formula FORMULA` times another formula against the hand-written
// Rosenbrock (e.g. "w1" for the fixed cost of a call).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/formula/formula.h"
#include "core/landscape.h"

using namespace optiscape;
using Clock = std::chrono::steady_clock;

#if defined(__wasm__)
constexpr const char* kCompiledTo = "compiled to WebAssembly";
#else
constexpr const char* kCompiledTo = "compiled to x86-64";
#endif

namespace {

// The sums go to a local and reach `checksum` once at the end: a running sum through memory
// would put a store-to-load round trip (about 4 ns here) on every call's critical path.
double evaluateNs(const Landscape& l, int64_t calls, double& checksum) {
    Vec2 w(-1.3, 0.7);
    double sum = 0.0;
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < calls; ++i) {
        const Eval e = l.evaluate(w);
        sum += e.value + e.gradient[0] + e.gradient[1] + e.hessian(0, 0) + e.hessian(0, 1) +
               e.hessian(1, 1);
        w[0] += 1e-9;
    }
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                      static_cast<double>(calls);
    checksum += sum;
    return ns;
}

double valueNs(const Landscape& l, int64_t calls, double& checksum) {
    Vec2 w(-1.3, 0.7);
    double sum = 0.0;
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < calls; ++i) {
        sum += l.value(w);
        w[0] += 1e-9;
    }
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                      static_cast<double>(calls);
    checksum += sum;
    return ns;
}

/// Nanoseconds per point of a 300000-point batch (a map view).
double batchNs(const Landscape& l, double& checksum) {
    const size_t n = 300000;
    std::vector<double> w1(n), w2(n), out(n);
    for (size_t i = 0; i < n; ++i) {
        w1[i] = -2.0 + 4.0 * static_cast<double>(i % 600) / 600.0;
        w2[i] = -1.0 + 4.0 * static_cast<double>(i / 600) / 500.0;
    }
    const auto t0 = Clock::now();
    l.values(w1.data(), w2.data(), out.data(), n);
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
    for (size_t i = 0; i < n; i += 997) checksum += out[i];
    return ns / static_cast<double>(n);
}

template <class F>
double best(F f, int reps) {
    double b = 1e300;
    for (int r = 0; r < reps; ++r) {
        const double ns = f();
        if (ns < b) b = ns;
    }
    return b;
}

/// One preset's formula (its own text, or `text`) against its hand-written code; false if the
/// formula does not parse.
bool compare(const std::string& preset, const std::string& textOrEmpty, double& checksum) {
    const auto hand = makePreset(preset);
    FormulaError err;
    const std::string text = textOrEmpty.empty() ? hand->info().formula : textOrEmpty;
    const auto formula = makeFormulaLandscape(text, &err);
    if (!formula) {
        std::printf("formula did not parse: %s\n", err.message.c_str());
        return false;
    }
    // The same formula interpreted: where a platform compiles formulas (the wasm build links the
    // page's compiler) `formula` runs compiled code, and both are timed.
    const FormulaCompiler* compiler = formulaCompiler();
    setFormulaCompiler(nullptr);
    const auto interpreted = makeFormulaLandscape(text, &err);
    setFormulaCompiler(compiler);
    // hand-written, formula and interpreter repetitions alternate, so a change in the machine's
    // load during the run reaches every side of the ratios alike
    const int64_t calls = 1000000;
    double handNs = 1e300, formulaNs = 1e300, interpretedNs = 1e300;
    for (int rep = 0; rep < 15; ++rep) {
        handNs = std::min(handNs, evaluateNs(*hand, calls, checksum));
        formulaNs = std::min(formulaNs, evaluateNs(*formula, calls, checksum));
        if (formula->isCompiled()) interpretedNs = std::min(interpretedNs, evaluateNs(*interpreted, calls, checksum));
    }
    if (!formula->isCompiled()) interpretedNs = formulaNs;
    const double handValue = best([&] { return valueNs(*hand, calls, checksum); }, 5);
    const double formulaValue = best([&] { return valueNs(*formula, calls, checksum); }, 5);
    const double batch = best([&] { return batchNs(*formula, checksum); }, 5);
    const char* name = preset.c_str();
    std::printf("%s evaluate: formula %.2f ns/call (%s), interpreted %.2f ns/call, hand-written %.2f ns/call\n",
                name, formulaNs, !formula->isCompiled() ? "interpreted" : kCompiledTo, interpretedNs,
                handNs);
    std::printf("%s value: formula %.2f ns/call, hand-written %.2f ns/call, formula batch "
                "%.2f ns/point (%.2f ms per 300k-point view)\n",
                name, formulaValue, handValue, batch, batch * 0.3);
    std::printf("bench formula_value preset=%s ns_per_call=%.4f batch_ns_per_point=%.4f\n", name, formulaValue,
                batch);
    std::printf("bench formula_vs_hand preset=%s ratio=%.3f formula_ns=%.3f hand_ns=%.3f compiled=%d\n", name,
                formulaNs / handNs, formulaNs, handNs, formula->isCompiled() ? 1 : 0);
    std::printf("bench interpreter_vs_hand preset=%s ratio=%.3f interpreter_ns=%.3f hand_ns=%.3f\n", name,
                interpretedNs / handNs, interpretedNs, handNs);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    double checksum = 0.0;
    if (argc > 1) {
        if (!compare("rosenbrock", argv[1], checksum)) return 1;
    } else {
        // the three: a quartic valley, the lecture's (w2 − w1²)² + ε·w1², four minima
        for (const char* preset : {"rosenbrock", "yarotsky", "himmelblau"})
            if (!compare(preset, "", checksum)) return 1;
    }
    std::printf("checksum %.6g\n", checksum);
    return 0;
}
