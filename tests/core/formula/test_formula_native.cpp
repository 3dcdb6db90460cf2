// Tests for the native formula compiler (core/formula/native.cpp, x86-64): it covers every
// module the core writes, refuses what it does not, and its code gives the interpreter's numbers
// to the bit, also where a long formula runs out of registers. (The bit-for-bit comparison of
// hundreds of formulas is test_formula_derivatives.cpp's, which runs on whichever compiler is
// registered.)
#include <doctest/doctest.h>

#include "core/formula/native.h"

#if OPTISCAPE_NATIVE_FORMULAS

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/formula/formula.h"
#include "core/landscape.h"
#include "../helpers.h"
#include "formula_helpers.h"

using namespace optiscape;
using testing::parseBothWays;
using testing::same;

namespace {

std::vector<uint8_t> g_module;

CompiledEval record(const uint8_t* module, size_t size) {
    g_module.assign(module, module + size);
    return nullptr;
}
void releaseNothing(CompiledEval) {}
const FormulaCompiler kRecorder{record, releaseNothing};

/// The WebAssembly module the core writes for `text` (empty where it writes none).
std::vector<uint8_t> moduleOf(const std::string& text) {
    const FormulaCompiler* before = formulaCompiler();
    g_module.clear();
    setFormulaCompiler(&kRecorder);
    const auto f = Formula::parse(text, nullptr);
    setFormulaCompiler(before);
    REQUIRE(f.has_value());
    return g_module;
}

/// The formula compiled and interpreted agree to the bit at a few points.
void checkAgainstInterpreter(const std::string& text, testing::Rng& rng) {
    CAPTURE(text);
    const auto [f, g] = parseBothWays(text);
    REQUIRE(f.has_value());
    REQUIRE(g.has_value());
    REQUIRE(f->isCompiled());
    REQUIRE(!g->isCompiled());
    std::vector<double> ps;
    for (size_t k = 0; k < f->parameters().size(); ++k) ps.push_back(rng.uniform(0.5, 2.0));
    for (int n = 0; n < 8; ++n) {
        const Vec2 w(rng.uniform(-3, 3), rng.uniform(-3, 3));
        const Eval a = f->evaluate(w, ps), b = g->evaluate(w, ps);
        CHECK(same(a.value, b.value));
        for (int i = 0; i < 2; ++i) {
            CHECK(same(a.gradient[i], b.gradient[i]));
            for (int j = 0; j < 2; ++j) CHECK(same(a.hessian(i, j), b.hessian(i, j)));
        }
    }
}

/// t1 + (t2 + (t3 + …)): every term is computed before the first sum, so all are live at once,
/// and with four numbers per term the registers run out from the fifth term on.
std::string rightNested(int terms) {
    std::string t;
    for (int k = 1; k <= terms; ++k) {
        char term[80];
        std::snprintf(term, sizeof term, "(w1 - %d.5)^2*w2%s", k % 7, k < terms ? " + (" : "");
        t += term;
    }
    t += std::string(static_cast<size_t>(terms - 1), ')');
    return t;
}

}  // namespace

TEST_CASE("native formula compiler: every module the core writes is compiled, by default") {
    CHECK(formulaCompiler() == &detail::kNativeFormulaCompiler);
    std::vector<std::string> texts;
    for (const auto& name : presetNames()) texts.push_back(makePreset(name)->info().formula);
    texts.push_back(rightNested(40));
    texts.push_back("-(w1*w2 - p)^3/4 + (w2 - w1^2)^2*q + 1e-3*w1^16");
    int modules = 0;
    for (const std::string& text : texts) {
        CAPTURE(text);
        const std::vector<uint8_t> m = moduleOf(text);
        if (m.empty()) continue;  // a function, a division by a variable: interpreted
        ++modules;
        const std::vector<uint8_t> code = detail::x86CodeOfModule(m.data(), m.size());
        CHECK(!code.empty());
        CHECK(Formula::parse(text, nullptr)->isCompiled());
    }
    CHECK(modules >= 12);
}

TEST_CASE("native formula compiler: refuses what wasmModuleOf() does not write") {
    const std::vector<uint8_t> m = moduleOf("(1 - w1)^2 + 100*(w2 - w1^2)^2");
    REQUIRE(!m.empty());
    REQUIRE(!detail::x86CodeOfModule(m.data(), m.size()).empty());
    // every cut-short module
    for (size_t n = 0; n < m.size(); ++n) CHECK(detail::x86CodeOfModule(m.data(), n).empty());
    // another function type: the first parameter an f64 instead of the constants' address
    static const uint8_t kType[] = {0x01, 0x60, 0x04, 0x7f, 0x7c, 0x7c, 0x7f, 0x00};
    std::vector<uint8_t> retyped = m;
    const auto at = std::search(retyped.begin(), retyped.end(), std::begin(kType), std::end(kType));
    REQUIRE(at != retyped.end());
    at[3] = 0x7c;
    CHECK(detail::x86CodeOfModule(retyped.data(), retyped.size()).empty());
    // an instruction it does not know (f64.sqrt, 0x9f) in place of the final end
    std::vector<uint8_t> other = m;
    REQUIRE(other.back() == 0x0b);
    other.back() = 0x9f;
    CHECK(detail::x86CodeOfModule(other.data(), other.size()).empty());
    // any single byte changed: translated or refused, never a crash or a hang
    testing::Rng rng(7);
    int refused = 0;
    for (int k = 0; k < 3000; ++k) {
        std::vector<uint8_t> bad = m;
        bad[static_cast<size_t>(rng.uniform() * static_cast<double>(bad.size()))] =
            static_cast<uint8_t>(rng.uniform() * 256);
        refused += detail::x86CodeOfModule(bad.data(), bad.size()).empty();
    }
    MESSAGE(refused << " of 3000 modules with one byte changed refused");
    CHECK(refused > 0);
}

TEST_CASE("native formula compiler: long formulas spill registers and keep the interpreter's bits") {
    testing::Rng rng(2026);
    for (int terms : {1, 4, 5, 8, 17, 40, 120}) checkAgainstInterpreter(rightNested(terms), rng);
    // one subexpression used many times, and nested products
    checkAgainstInterpreter("((w1 - w2)^2 + (w1 - w2)^3)*((w1 - w2)^4 - (w1*w2)^2) + (w1 - w2)*(w1*w2 + p)", rng);
    checkAgainstInterpreter("((w1 + 1)*(w2 - 1))*(((w1 - 2)*(w2 + 2))*((w1*w1 + 3)*(w2*w2 - 3)))", rng);
    // the seeds' own forms: w1, w2 and constants alone
    checkAgainstInterpreter("-w1 + 2*w2 - 3", rng);
    checkAgainstInterpreter("w2", rng);
}

TEST_CASE("native formula compiler: formulas made and freed by the thousand") {
    for (int k = 0; k < 3000; ++k) {
        char number[32], text[80];
        std::snprintf(number, sizeof number, "%.3f", 0.001 * k);
        const double c = std::strtod(number, nullptr);  // the literal's value
        std::snprintf(text, sizeof text, "(w1 - %s)^2 + w2^2", number);
        const auto f = Formula::parse(text, nullptr);
        REQUIRE(f.has_value());
        REQUIRE(f->isCompiled());
        const Eval e = f->evaluate(Vec2(1.0, 2.0), {});
        CHECK(e.value == (1.0 - c) * (1.0 - c) + 4.0);
        CHECK(e.hessian(0, 0) == 2.0);
    }
}

#endif  // OPTISCAPE_NATIVE_FORMULAS
