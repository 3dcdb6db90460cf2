// The formula language: a loss L(w1, w2) typed by a teacher in mathjs syntax, parsed once into a
// compact program (an expression tape), then evaluated with its exact gradient and Hessian by
// automatic differentiation, and a landscape built on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/landscape.h"
#include "core/params.h"
#include "core/types.h"

namespace optiscape {

/// The syntax is mathjs's, so formulas copied from course notes work:
/// - variables `w1`, `w2`; numbers `2`, `0.5`, `.5`, `1e-3`; the constants `pi` and `e`;
///   every other name (`eps`, `lambda`, `α`) is a parameter, given a value by the user. Names of
///   the form w<digits> other than w1, w2 are errors (a typo for a variable, not a parameter).
/// - `+ - * /`, `^`, unary minus (and plus), parentheses. Precedence, loosest first: `+ -`, then
///   `* /`, then unary minus, then `^`; `^` is right-associative and binds tighter than unary
///   minus: -w1^2 = −(w1²), 2^3^2 = 2^(3²) = 512, 2^-1 = 0.5, 2^-3^2 = 2^(−(3²)).
///   Implicit multiplication (`2w1`, `2 w1`, `(a)(b)`) is not supported: write `*`.
/// - functions sin cos tan exp log (natural; log(x, b) = log(x)/log(b) as in mathjs) sqrt abs
///   tanh sigmoid (1/(1 + e^−x)) relu (max(x, 0)) softplus (log(1 + e^x)), and min, max of one or
///   more arguments.
/// Limits: at most 4000 characters, brackets nested at most 200 deep.
///
/// Where the formula is undefined the value is NaN (and so are the gradient and the Hessian):
/// log of x ≤ 0, sqrt of x < 0, division by 0, 0^negative, a negative base with a non-integer
/// exponent; a power whose exponent depends on w1 or w2, x^y = exp(y·ln x), needs x > 0.
/// Overflow gives ±inf as in IEEE arithmetic.
///
/// Derivatives are exact: every instruction of the program carries the value, the gradient and
/// the Hessian with respect to (w1, w2) through the chain rule (second-order forward mode, a
/// "hyper-dual" number per instruction): for y = f(x), ∇y = f′(x)∇x and
/// ∇²y = f′(x)∇²x + f″(x)∇x∇xᵀ; for y = a·b, ∇²y = a∇²b + b∇²a + ∇a∇bᵀ + ∇b∇aᵀ.
/// At kinks the derivative is the one PyTorch's autograd uses: abs′(0) = 0, relu′(0) = 0, and
/// min/max of two equal arguments pass half of the derivative to each (torch.minimum/maximum);
/// the second derivative of abs, relu, min and max is 0 away from ties.
/// Parts that do not depend on w1, w2 (numbers, parameters and what is computed from them only)
/// are computed once per parameter setting ("bound"), not per point.

/// A parse error: the 1-based character column it points at (0 when none applies) and a
/// message that already starts with "column N: " when a column applies.
struct FormulaError {
    int column = 0;
    std::string message;
};

namespace detail {
struct Program;
}

/// A formula's evaluation compiled to machine code: writes L, ∇L and the rows of ∇²L at out (an
/// aligned block of 64 bytes: the value at 0, the gradient at 16, the rows at 32 and 48).
using CompiledEval = void (*)(const double* constants, double w1, double w2, void* out);

/// A platform's compiler of formulas: the page's compiles WebAssembly with the browser's engine
/// (src/platform/formula_compiler_web.cpp). The core writes the module (wasm.h);
/// `install` compiles and instantiates it and returns its function (null if it cannot), and
/// `release` frees the function when the last copy of the formula is destroyed.
struct FormulaCompiler {
    CompiledEval (*install)(const uint8_t* module, size_t size);
    void (*release)(CompiledEval function);
};
/// Formulas parsed from now on are compiled where the module covers them (null: interpreted
/// only, as natively). The compiled code gives the interpreter's numbers to the last bit.
void setFormulaCompiler(const FormulaCompiler* compiler);
const FormulaCompiler* formulaCompiler();

class Formula {
public:
    static constexpr size_t kMaxLength = 4000;  ///< characters (Unicode code points)
    static constexpr int kMaxDepth = 200;       ///< nesting of brackets

    /// Parses `text`; on failure returns nullopt and fills *error (when error is not null).
    static std::optional<Formula> parse(std::string_view text, FormulaError* error);

    const std::string& text() const;
    /// Parameter names in order of first appearance, excluding w1, w2, pi, e.
    const std::vector<std::string>& parameters() const;
    /// Whether L depends on w1 (variable 0) or w2 (variable 1) at all.
    bool dependsOn(int variable) const;
    /// Instructions executed per point (for tests and benchmarks).
    size_t programSize() const;
    /// Whether evaluate() runs compiled code (see FormulaCompiler) instead of the interpreter.
    bool isCompiled() const;

    /// L(w) for parameter values in parameters() order (std::invalid_argument on a wrong count).
    double value(const Vec2& w, const std::vector<double>& params) const;
    /// L(w), ∇L(w), ∇²L(w), exact.
    Eval evaluate(const Vec2& w, const std::vector<double>& params) const;

    /// The fast path: the constant part of the program for these parameter values, computed once
    /// and passed to the *Bound functions below.
    std::vector<double> bind(const std::vector<double>& params) const;
    double valueBound(const Vec2& w, const std::vector<double>& bound) const;
    Eval evaluateBound(const Vec2& w, const std::vector<double>& bound) const;
    /// ∇L(w) alone (first-order forward mode): evaluateBound(w).gradient to the last bit, cheaper.
    Vec2 gradientBound(const Vec2& w, const std::vector<double>& bound) const;
    /// (g1[i], g2[i]) = ∇L(w1[i], w2[i]) for i < n, in blocks (the basin map's rows of starts).
    void gradientsBound(const double* w1, const double* w2, double* g1, double* g2, size_t n,
                        const std::vector<double>& bound) const;
    /// out[i] = L(w1[i], w2[i]) for i < n, in blocks (what the map uses to sample a view).
    void valuesBound(const double* w1, const double* w2, double* out, size_t n,
                     const std::vector<double>& bound) const;

private:
    friend class FormulaLandscape;  // its evaluate() runs the program on its own bound values
    explicit Formula(std::shared_ptr<const detail::Program> p) : p_(std::move(p)) {}
    std::shared_ptr<const detail::Program> p_;
};

/// The formula in the lectures' notation, for display: w₁, w₂, ·, −, superscript integer
/// powers, Greek letters for parameters named alpha … omega, eps, lambda: "(w₂ − w₁²)² + ε·w₁²".
std::string prettyFormula(std::string_view text);

/// A landscape whose loss is a formula. Its parameters are the formula's; stationary points
/// are those a preset supplies (none for a formula typed by the user).
class FormulaLandscape final : public Landscape {
public:
    /// Known stationary points for the current parameter values (in info().params order).
    using PointsFn = std::function<std::vector<StationaryPoint>(const std::vector<double>&)>;
    /// Whether, for these parameter values, the stationary points form a curve.
    using ContinuumFn = std::function<bool(const std::vector<double>&)>;

    /// info.params must name exactly the formula's parameters (any order).
    FormulaLandscape(Formula formula, LandscapeInfo info, PointsFn points = {},
                     ContinuumFn continuum = {});

    const Formula& formula() const { return formula_; }
    bool isCompiled() const override { return formula_.isCompiled(); }

    double value(const Vec2& w) const override;
    Vec2 gradient(const Vec2& w) const override;
    Eval evaluate(const Vec2& w) const override;
    void values(const double* w1, const double* w2, double* out, size_t n) const override;
    void gradients(const double* w1, const double* w2, double* g1, double* g2,
                   size_t n) const override;
    std::vector<StationaryPoint> stationaryPoints() const override;
    bool hasContinuum() const override;
    std::unique_ptr<Landscape> clone() const override;

protected:
    void paramsChanged() override;

private:
    Formula formula_;
    std::vector<size_t> order_;   ///< formula parameter k is info().params[order_[k]]
    std::vector<double> bound_;
    PointsFn points_;
    ContinuumFn continuum_;
};

/// A landscape defined by a formula (name "formula", title "Custom formula"); a parameter's spec
/// is the one in `specs` with its name if any, else default 1 and range [−10, 10] (widened to
/// contain the default). Returns nullptr and fills *error when the formula does not parse.
std::unique_ptr<Landscape> makeFormulaLandscape(std::string_view text, FormulaError* error,
                                                const std::vector<ParamSpec>& specs = {});

}  // namespace optiscape
