// Internal to the formula language: the compiled program (expression tape) shared by the parser,
// which writes it, and the evaluators, which run it; and the scalar meaning of every operation.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/formula/formula.h"

namespace optiscape {
namespace detail {

/// Operations of the expression graph (and of the constant program).
enum class Op : uint8_t {
    Lit, Param, W1, W2,
    Neg, Add, Sub, Mul, Div, Pow,
    Sin, Cos, Tan, Exp, Log, Sqrt, Abs, Tanh, Sigmoid, Relu, Softplus,
    Min, Max,
};

/// Instructions of the per-point program. V: a variable slot (depends on w), C: a constant slot.
/// Operand a is always the variable one: SubCV computes c[b] − r[a], DivCV c[b]/r[a], PowCV
/// c[b]^r[a].
enum class Code : uint8_t {
    Neg, Square, Sin, Cos, Tan, Exp, Log, Sqrt, Abs, Tanh, Sigmoid, Relu, Softplus,
    AddVV, AddVC, SubVV, SubVC, SubCV, MulVV, MulVC, DivVV, DivVC, DivCV,
    PowVC, PowVV, PowCV, MinVV, MinVC, MaxVV, MaxVC,
    // fused pairs (the inner result has no other use): (a ± b)², and a ± b·c[c]
    SqAddVV, SqAddVC, SqSubVV, SqSubVC, SqSubCV, AddMulVVC, SubMulVVC,
    // a least-squares term added to a sum (its square, difference and scaling have no other use):
    // r[a] + c[d]·(r[b] ± r[c])² (VV), r[a] + c[d]·(r[b] ± c[c])² (VC), r[a] + c[d]·(c[c] − r[b])²
    // (CV). A term that is subtracted, or not scaled, has c[d] = −k, ±1.
    AccSqAddVV, AccSqAddVC, AccSqSubVV, AccSqSubVC, AccSqSubCV,
};

/// Whether the derivative rules of a code have a "seed form" for operand a being w1 or w2 itself
/// (a unit gradient, a zero Hessian; rules.h): the rules of one variable operand.
constexpr bool hasSeedForm(Code c) {
    switch (c) {
        case Code::Neg: case Code::Square: case Code::Sin: case Code::Cos: case Code::Tan:
        case Code::Exp: case Code::Log: case Code::Sqrt: case Code::Abs: case Code::Tanh:
        case Code::Sigmoid: case Code::Relu: case Code::Softplus: case Code::AddVC:
        case Code::SubVC: case Code::SubCV: case Code::MulVC: case Code::DivVC: case Code::PowVC:
        case Code::PowCV: case Code::SqAddVC: case Code::SqSubVC: case Code::SqSubCV:
            return true;
        default:
            return false;
    }
}

/// The derivative evaluators' dispatch index of a code: 3·code for the general rule, + 1 for its
/// seed form on w1, + 2 on w2 (seed: −1 none, 0 w1, 1 w2).
constexpr uint8_t dispatchIndex(Code c, int seed) {
    return static_cast<uint8_t>(3 * static_cast<int>(c) + (hasSeedForm(c) ? seed + 1 : 0));
}

/// Instruction i of the per-point program writes variable slot 2 + i (slots 0, 1 are w1, w2).
struct Instr {
    Code code = Code::Neg;
    uint8_t op = 0;  ///< dispatchIndex(code, a < 2 ? a : −1), set when the program is complete
    int32_t a = 0, b = 0;
    int32_t c = 0;  ///< the constant slot of AddMulVVC, SubMulVVC; the third operand of AccSq*
    int32_t d = 0;  ///< the constant slot of the scale of AccSq*
};

/// Instruction i of the constant program writes constant slot firstComputed + i.
struct CInstr {
    Op op;
    int32_t a, b;
};

struct Program {
    std::string text;
    std::vector<std::string> params;
    /// Constant slots: [0, params.size()) the parameters, then literals, then computed values.
    std::vector<double> constInit;
    int firstComputed = 0;
    std::vector<CInstr> cprog;
    std::vector<Instr> prog;
    /// Variable slots per point: w1, w2 and one per instruction (prog.size() + 2, kept so that an
    /// evaluation does not divide the program's size in bytes by an instruction's each call).
    size_t slots = 2;
    bool rootIsVar = false;
    int root = 0;  ///< a variable slot if rootIsVar, else a constant slot
    bool dep[2] = {false, false};
    /// The evaluation compiled by the platform's FormulaCompiler, and how to free it.
    CompiledEval compiled = nullptr;
    void (*release)(CompiledEval) = nullptr;

    Program() = default;
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;
    ~Program() {
        if (compiled && release) release(compiled);
    }
};

// ---- tokens (lexer.cpp) --------------------------------------------------------------

enum class Tok { Number, Name, Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, End };

struct Token {
    Tok kind = Tok::End;
    size_t pos = 0, len = 0;  ///< bytes of the text
    int col = 0;              ///< 1-based character column
    double number = 0.0;
};

inline bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }
/// "column N: ".
std::string colPrefix(int col);
/// The tokens of `text`, ending with Tok::End; false and *err on a lexical error.
bool tokenize(std::string_view text, std::vector<Token>* toks, FormulaError* err);

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- the scalar meaning of each operation (the value paths and constant folding use these) --

inline double fDiv(double x, double y) { return y == 0.0 ? kNaN : x / y; }

/// x^n for |n| ≤ 16 by repeated squaring: x² is x·x, x³ is x·x², x⁴ is (x²)², …; a relative error
/// below (|n| + 4)·ε (each squaring doubles the error before it), where std::pow rounds once but
/// costs 20–40 ns a call (Styblinski–Tang's w1^4 made its basin map 7 times slower than
/// Himmelblau's).
inline double powInt(double x, int n) {
    unsigned m = static_cast<unsigned>(n < 0 ? -n : n);
    double r = 1.0, b = x;
    for (;;) {
        if (m & 1u) r *= b;
        m >>= 1u;
        if (m == 0) break;
        b *= b;
    }
    return n < 0 ? 1.0 / r : r;
}

/// x^y: powInt for an integer y with |y| ≤ 16, else std::pow.
inline double powOf(double x, double y) {
    if (std::fabs(y) <= 16.0 && y == static_cast<double>(static_cast<int>(y)))
        return powInt(x, static_cast<int>(y));
    return std::pow(x, y);
}

/// x^y with a constant exponent: 0^negative is undefined.
inline double fPow(double x, double y) { return (x == 0.0 && y < 0.0) ? kNaN : powOf(x, y); }
/// x^y = exp(y·ln x) with an exponent that varies: needs x > 0.
inline double fPowVar(double x, double y) { return x > 0.0 ? std::pow(x, y) : kNaN; }
inline double fLog(double x) { return x > 0.0 ? std::log(x) : kNaN; }
inline double fSqrt(double x) { return x < 0.0 ? kNaN : std::sqrt(x); }
inline double fSigmoid(double x) {
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}
inline double fSoftplus(double x) {
    return x > 0.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
inline double fRelu(double x) { return x > 0.0 ? x : (x == x ? 0.0 : x); }
inline double fMin(double x, double y) {
    if (x != x || y != y) return kNaN;
    return y < x ? y : x;
}
inline double fMax(double x, double y) {
    if (x != x || y != y) return kNaN;
    return y > x ? y : x;
}

/// The value of op applied to x (and y), for constants and folding.
inline double scalarOp(Op op, double x, double y) {
    switch (op) {
        case Op::Neg: return -x;
        case Op::Add: return x + y;
        case Op::Sub: return x - y;
        case Op::Mul: return x * y;
        case Op::Div: return fDiv(x, y);
        case Op::Pow: return fPow(x, y);
        case Op::Sin: return std::sin(x);
        case Op::Cos: return std::cos(x);
        case Op::Tan: return std::tan(x);
        case Op::Exp: return std::exp(x);
        case Op::Log: return fLog(x);
        case Op::Sqrt: return fSqrt(x);
        case Op::Abs: return std::fabs(x);
        case Op::Tanh: return std::tanh(x);
        case Op::Sigmoid: return fSigmoid(x);
        case Op::Relu: return fRelu(x);
        case Op::Softplus: return fSoftplus(x);
        case Op::Min: return fMin(x, y);
        case Op::Max: return fMax(x, y);
        default: return kNaN;
    }
}

}  // namespace detail
}  // namespace optiscape
