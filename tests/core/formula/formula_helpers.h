// Helpers shared by the formula suites: bit-for-bit comparison and a formula parsed twice, once
// through the registered compiler and once interpreted.
#pragma once

#include <cmath>
#include <optional>
#include <string_view>

#include "core/formula/formula.h"

namespace testing {

/// Equal to the bit as numbers: the same double, or both NaN.
inline bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

/// `text` parsed with the registered formula compiler (compiled where it can be) and with none
/// (always interpreted); the registered compiler is restored.
struct ParsedBothWays {
    std::optional<optiscape::Formula> compiled, interpreted;
};
inline ParsedBothWays parseBothWays(std::string_view text) {
    using namespace optiscape;
    ParsedBothWays p;
    p.compiled = Formula::parse(text, nullptr);
    const FormulaCompiler* compiler = formulaCompiler();
    setFormulaCompiler(nullptr);
    p.interpreted = Formula::parse(text, nullptr);
    setFormulaCompiler(compiler);
    return p;
}

}  // namespace testing
