// libFuzzer target for the formula language: parses any bytes, and for a formula that parses,
// evaluates it on every path and checks they agree; a crash, sanitizer report or trap is a bug.
// Built and run by tests/fuzz/run.sh (clang, ASan + UBSan); scripts/test runs it for a bounded time.
#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/formula/formula.h"
#include "core/formula/native.h"

using namespace optiscape;

namespace {

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// A stand-in for the page's compiler: every parse also writes the formula's WebAssembly module
// (core/formula/wasm.cpp runs under the sanitizers too), which must at least be well framed; on
// x86-64 the module is then compiled to machine code (core/formula/native.cpp) and run, so that
// the compiled evaluation is checked against the interpreted paths below.
CompiledEval checkModule(const uint8_t* module, size_t size) {
    static const uint8_t kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    if (size < 8) __builtin_trap();
    for (int i = 0; i < 8; ++i)
        if (module[i] != kHeader[i]) __builtin_trap();
#if OPTISCAPE_NATIVE_FORMULAS
    return detail::kNativeFormulaCompiler.install(module, size);
#else
    return nullptr;  // interpreted: nothing here runs WebAssembly
#endif
}
void releaseCompiled(CompiledEval f) {
#if OPTISCAPE_NATIVE_FORMULAS
    detail::kNativeFormulaCompiler.release(f);
#else
    (void)f;
#endif
}
const FormulaCompiler kChecker{checkModule, releaseCompiled};
[[maybe_unused]] const bool kRegistered = (setFormulaCompiler(&kChecker), true);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    FormulaError err;
    const auto f = Formula::parse(text, &err);
    (void)prettyFormula(text);
    if (!f) {
        if (err.message.empty() || err.column < 0 || static_cast<size_t>(err.column) > size + 1) __builtin_trap();
        return 0;
    }
    if (!err.message.empty() || f->parameters().size() > size) __builtin_trap();
    std::vector<double> params;
    for (size_t k = 0; k < f->parameters().size(); ++k) params.push_back(0.5 + 0.25 * static_cast<double>(k));
    const std::vector<double> bound = f->bind(params);
    const double pts[][2] = {{0.3, -0.7}, {0, 0}, {-2, 1.5}, {1e3, -1e-3}};
    double w1[4], w2[4], batch[4];
    for (int i = 0; i < 4; ++i) w1[i] = pts[i][0], w2[i] = pts[i][1];
    f->valuesBound(w1, w2, batch, 4, bound);
    for (int i = 0; i < 4; ++i) {
        const Vec2 w(pts[i][0], pts[i][1]);
        const double v = f->value(w, params);
        const Eval e = f->evaluate(w, params);
        if (!same(v, e.value) || !same(v, batch[i]) || !same(v, f->valueBound(w, bound))) __builtin_trap();
        if (std::isnan(v) && !std::isnan(e.gradient[0])) __builtin_trap();
    }
    FormulaError err2;
    const auto l = makeFormulaLandscape(text, &err2);
    if (!l || l->info().params.size() != f->parameters().size()) __builtin_trap();
    // the gradient-only paths, and the landscape's own evaluation (inlined, with its bound
    // values), give evaluate()'s numbers
    const std::vector<double> lb = f->bind(l->params());
    for (int i = 0; i < 4; ++i) {
        const Vec2 w(pts[i][0], pts[i][1]);
        const Eval e = f->evaluate(w, l->params());
        const Eval le = l->evaluate(w);
        const Vec2 g = f->gradientBound(w, lb), lg = l->gradient(w);
        double g1 = 0, g2 = 0;
        l->gradients(&w1[i], &w2[i], &g1, &g2, 1);
        if (!same(e.value, le.value)) __builtin_trap();
        for (int j = 0; j < 2; ++j) {
            if (!same(e.gradient[j], le.gradient[j]) || !same(e.gradient[j], g[j]) || !same(g[j], lg[j])) __builtin_trap();
            for (int k = 0; k < 2; ++k)
                if (!same(e.hessian(j, k), le.hessian(j, k))) __builtin_trap();
        }
        if (!same(g1, g[0]) || !same(g2, g[1])) __builtin_trap();
    }
    return 0;
}
