// Internal to the formula language: the derivative rules of every instruction on hyper-dual
// numbers (HD: value, gradient and Hessian) and duals (value and gradient), in their general and
// seed forms, shared by the evaluators of eval.cpp. Its own header so that the rules (what
// an instruction computes) and the evaluators (how a program runs over points) can be read apart.
// The rules are always inlined: each is a few SIMD operations, and a call around them costs more
// than they do (with external linkage GCC otherwise calls combine() and chain() out of line, and
// Rosenbrock's evaluation grows from 167 to 203 instructions).
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "core/formula/program.h"

namespace optiscape {
namespace detail {

/// Two doubles in one SIMD register (SSE2 on x86-64, simd128 in the browser; a pair of scalars
/// where neither exists): the GCC/Clang vector extension. Lane-wise + − × ÷ round exactly as the
/// scalar operations do, so a rule written on pairs gives each lane the scalar rule's bits.
typedef double D2 __attribute__((vector_size(16)));

/// A value with its gradient and Hessian with respect to (w1, w2): the gradient is one pair and the
/// Hessian two, its rows (h11, h12) and (h21, h22). Every rule below computes h21 with the same
/// products summed in an order that IEEE arithmetic cannot tell from h12's (a·b = b·a,
/// p + q = q + p), so the two are equal to the last bit. Pairs halve the instructions per rule:
/// value + gradient + Hessian of Rosenbrock went 19.5 → 17 ns natively, 31 → 27.5 ns as wasm.
struct alignas(16) HD {
    double v, unused;
    D2 g, h1, h2;
};

/// A value with its gradient only (first-order forward mode): what gradient() needs. Every rule
/// below is written once for both types and computes the value and gradient parts with the same
/// expressions, so a Dual's gradient is an HD's to the last bit.
struct alignas(16) Dual {
    double v, unused;
    D2 g;
};

template <class T>
constexpr bool kHessian = std::is_same_v<T, HD>;

constexpr D2 kZero2 = {0.0, 0.0};
constexpr D2 kNaN2 = {kNaN, kNaN};

template <class T>
constexpr T nanOf() {
    if constexpr (kHessian<T>) {
        return {kNaN, 0.0, kNaN2, kNaN2, kNaN2};
    } else {
        return {kNaN, 0.0, kNaN2};
    }
}

/// A constant as a number (zero derivatives).
template <class T>
constexpr T constantOf(double k) {
    if constexpr (kHessian<T>) {
        return {k, 0.0, kZero2, kZero2, kZero2};
    } else {
        return {k, 0.0, kZero2};
    }
}

/// Writes the variable w1 (index 0) or w2 (1) at value x, a unit gradient, into t member by
/// member: building it on the stack and copying it would read 16-byte pairs from 8-byte stores,
/// which the store buffer cannot forward (a stall of a dozen cycles per pair on x86-64).
template <class T>
[[gnu::always_inline]] inline void seed(T& t, int index, double x) {
    t.v = x;  // `unused` stays 0 (the buffers are zeroed when made, and every rule keeps it)
    t.g = index == 0 ? D2{1.0, 0.0} : D2{0.0, 1.0};
    if constexpr (kHessian<T>) {
        t.h1 = kZero2;
        t.h2 = kZero2;
    }
}

// The rules that take one operand x come in two forms, chosen when the program is made
// (Instr::op): x any slot (S = −1), or x the variable w1 (S = 0) or w2 (S = 1) itself, whose
// gradient is the unit vector e_S and whose Hessian is zero, so that the rule need not multiply
// them out: f(w1)'s Hessian is f″·e₁e₁ᵀ, one product instead of six. Half the instructions of a
// typical formula apply to w1 or w2 directly ((1 − w1)², w1², sin(w2), …): Rosenbrock's value,
// gradient and Hessian went from 196 to 167 instructions natively. The seed forms give the
// general rules' numbers except in two corners of IEEE arithmetic: +0 where the general rule
// computes f′·0 = −0, and where f′ is infinite (sqrt at 0) the general rule's f′·∇²x = ∞·0
// makes every Hessian entry NaN, the seed form's f″·e_S·e_Sᵀ only those where f″·0 is. Their
// gradients are the general rules' to the bit (f′·e_S either way), so the gradient-only paths
// keep the general rules; the compiled code (wasm.cpp) takes the same seed forms as the
// Hessian path here, and the two agree to the bit.

/// e_S, the gradient of w1 (S = 0) or w2 (S = 1).
template <int S>
constexpr D2 kUnit = S == 0 ? D2{1.0, 0.0} : D2{0.0, 1.0};

/// The seeds' constant parts: a unit gradient for w1 (index 0) or w2 (1), a zero Hessian.
template <class T>
constexpr T seedOf(int index) {
    const D2 g = index == 0 ? kUnit<0> : kUnit<1>;
    if constexpr (kHessian<T>) {
        return {0.0, 0.0, g, kZero2, kZero2};
    } else {
        return {0.0, 0.0, g};
    }
}

/// y = f(x) with f′(x) = f1, f″(x) = f2: ∇y = f1∇x, ∇²y = f1∇²x + f2∇x∇xᵀ.
template <int S = -1, class T>
[[gnu::always_inline]] inline void chain(T& o, const T& x, double f, double f1, double f2) {
    o.v = f;
    if constexpr (S >= 0) {
        o.g = f1 * kUnit<S>;
        if constexpr (kHessian<T>) {
            o.h1 = S == 0 ? f2 * kUnit<0> : kZero2;
            o.h2 = S == 1 ? f2 * kUnit<1> : kZero2;
        }
    } else {
        const D2 g = x.g;
        o.g = f1 * g;
        if constexpr (kHessian<T>) {
            o.h1 = f1 * x.h1 + f2 * (g[0] * g);
            o.h2 = f1 * x.h2 + f2 * (g[1] * g);
        }
    }
}

/// y = f(x) with f″ = 0.
template <int S = -1, class T>
[[gnu::always_inline]] inline void chain1(T& o, const T& x, double f, double f1) {
    o.v = f;
    if constexpr (S >= 0) {
        o.g = f1 * kUnit<S>;
        if constexpr (kHessian<T>) {
            o.h1 = kZero2;
            o.h2 = kZero2;
        }
    } else {
        o.g = f1 * x.g;
        if constexpr (kHessian<T>) {
            o.h1 = f1 * x.h1;
            o.h2 = f1 * x.h2;
        }
    }
}

/// o = x's derivatives with value v.
template <int S = -1, class T>
[[gnu::always_inline]] inline void copyOf(T& o, const T& x, double v) {
    if constexpr (S >= 0) {
        o.v = v;
        o.g = kUnit<S>;
        if constexpr (kHessian<T>) {
            o.h1 = kZero2;
            o.h2 = kZero2;
        }
    } else {
        o = x;
        o.v = v;
    }
}

/// o = x + s·y componentwise with value v (s = ±1 or a constant): sums, differences, a ± b·k.
template <class T>
[[gnu::always_inline]] inline void combine(T& o, const T& x, const T& y, double s, double v) {
    o.v = v;
    o.g = x.g + s * y.g;
    if constexpr (kHessian<T>) {
        o.h1 = x.h1 + s * y.h1;
        o.h2 = x.h2 + s * y.h2;
    }
}

/// o = −x in every derivative, with value v.
template <int S = -1, class T>
[[gnu::always_inline]] inline void negate(T& o, const T& x, double v) {
    o.v = v;
    if constexpr (S >= 0) {
        o.g = -kUnit<S>;
        if constexpr (kHessian<T>) {
            o.h1 = kZero2;
            o.h2 = kZero2;
        }
    } else {
        o.g = -x.g;
        if constexpr (kHessian<T>) {
            o.h1 = -x.h1;
            o.h2 = -x.h2;
        }
    }
}

/// o = a·b: ∇²(ab) = b∇²a + (∇a∇bᵀ + ∇b∇aᵀ) + a∇²b.
template <class T>
[[gnu::always_inline]] inline void mul(T& o, const T& a, const T& b) {
    const double v = a.v * b.v;
    const D2 g = a.g * b.v + a.v * b.g;
    if constexpr (kHessian<T>) {
        o.h1 = (a.h1 * b.v + (a.g[0] * b.g + b.g[0] * a.g)) + a.v * b.h1;
        o.h2 = (a.h2 * b.v + (a.g[1] * b.g + b.g[1] * a.g)) + a.v * b.h2;
    }
    o.v = v;
    o.g = g;
}

/// q = a/b (a is null for a constant numerator ca): from a = q·b,
/// ∇q = (∇a − q∇b)/b, ∇²q = (∇²a − q∇²b − (∇q∇bᵀ + ∇b∇qᵀ))/b.
template <class T>
[[gnu::always_inline]] inline void divide(T& o, const T* a, double ca, const T& b) {
    if (b.v == 0.0) {
        o = nanOf<T>();
        return;
    }
    const double q = (a ? a->v : ca) / b.v;
    const D2 g = ((a ? a->g : kZero2) - q * b.g) / b.v;
    if constexpr (kHessian<T>) {
        o.h1 = ((a ? a->h1 : kZero2) - q * b.h1 - (g[0] * b.g + b.g[0] * g)) / b.v;
        o.h2 = ((a ? a->h2 : kZero2) - q * b.h2 - (g[1] * b.g + b.g[1] * g)) / b.v;
    }
    o.v = q;
    o.g = g;
}

/// Division of every component by a constant d ≠ 0.
template <int S = -1, class T>
[[gnu::always_inline]] inline void divideBy(T& o, const T& x, double d) {
    o.v = x.v / d;
    if constexpr (S >= 0) {
        o.g = kUnit<S> / d;
        if constexpr (kHessian<T>) {
            o.h1 = kZero2;
            o.h2 = kZero2;
        }
    } else {
        o.g = x.g / d;
        if constexpr (kHessian<T>) {
            o.h1 = x.h1 / d;
            o.h2 = x.h2 / d;
        }
    }
}

/// min/max of a and b picking `a` (pick > 0), `b` (pick < 0) or half of each (a tie).
template <class T>
[[gnu::always_inline]] inline void pickOf(T& o, const T& a, const T& b, int pick) {
    if (pick > 0) {
        o = a;
    } else if (pick < 0) {
        o = b;
    } else {
        o.v = a.v;
        o.g = 0.5 * (a.g + b.g);
        if constexpr (kHessian<T>) {
            o.h1 = 0.5 * (a.h1 + b.h1);
            o.h2 = 0.5 * (a.h2 + b.h2);
        }
    }
}

/// Derivatives of x^c (c constant): c·x^(c−1), c(c−1)·x^(c−2), exactly 0 where the factor is.
template <int S = -1, class T>
[[gnu::always_inline]] inline void powConst(T& o, const T& x, double c) {
    const double v = detail::fPow(x.v, c);
    if (v != v) {
        o = nanOf<T>();
        return;
    }
    const double f1 = c == 0.0 ? 0.0 : c * detail::powOf(x.v, c - 1.0);
    if constexpr (kHessian<T>) {
        const double f2 = (c == 0.0 || c == 1.0) ? 0.0 : c * (c - 1.0) * detail::powOf(x.v, c - 2.0);
        chain<S>(o, x, v, f1, f2);
    } else {
        chain<S>(o, x, v, f1, 0.0);
    }
}

/// Which of two values min (sign −1) or max (+1) picks: 1 the first, −1 the second, 0 a tie.
[[gnu::always_inline]] inline int pickMinMax(double a, double b, int sign) {
    if (a == b) return 0;
    return ((a < b) == (sign < 0)) ? 1 : -1;
}

[[gnu::always_inline]] constexpr bool isAccSq(Code c) { return c >= Code::AccSqAddVV && c <= Code::AccSqSubCV; }

/// The square of AccSq code c: AccSqSubVC → SqSubVC, …
[[gnu::always_inline]] constexpr Code squareOf(Code c) {
    switch (c) {
        case Code::AccSqAddVV: return Code::SqAddVV;
        case Code::AccSqAddVC: return Code::SqAddVC;
        case Code::AccSqSubVV: return Code::SqSubVV;
        case Code::AccSqSubVC: return Code::SqSubVC;
        default: return Code::SqSubCV;
    }
}

/// Instruction C on numbers of type T: o = C(x, y, z) where y and z are the second and third
/// variable operands (x where there are none), k the constant operand (c[b], or c[c] in AccSq*)
/// and k2 the constant scale (c[c] in AddMul/SubMul, c[d] in AccSq*).
template <Code C, int S, class T>
[[gnu::always_inline]] inline void exec(T& o, const T& x, const T& y, const T& z, double k, double k2) {
    static_assert(S < 0 || detail::hasSeedForm(C), "a seed form is only made for the one-operand rules");
    if constexpr (C == Code::Neg) {
        negate<S>(o, x, -x.v);
    } else if constexpr (C == Code::Square) {
        chain<S>(o, x, x.v * x.v, 2.0 * x.v, 2.0);
    } else if constexpr (C == Code::Sin) {
        const double s = std::sin(x.v), co = std::cos(x.v);
        chain<S>(o, x, s, co, -s);
    } else if constexpr (C == Code::Cos) {
        const double s = std::sin(x.v), co = std::cos(x.v);
        chain<S>(o, x, co, -s, -co);
    } else if constexpr (C == Code::Tan) {
        const double t = std::tan(x.v), d = 1.0 + t * t;
        chain<S>(o, x, t, d, 2.0 * t * d);
    } else if constexpr (C == Code::Exp) {
        const double e = std::exp(x.v);
        chain<S>(o, x, e, e, e);
    } else if constexpr (C == Code::Log) {
        if (x.v > 0.0) {
            const double inv = 1.0 / x.v;
            chain<S>(o, x, std::log(x.v), inv, -inv * inv);
        } else {
            o = nanOf<T>();
        }
    } else if constexpr (C == Code::Sqrt) {
        if (x.v >= 0.0) {
            const double s = std::sqrt(x.v);
            chain<S>(o, x, s, 0.5 / s, -0.25 / (s * x.v));
        } else {
            o = nanOf<T>();
        }
    } else if constexpr (C == Code::Abs) {
        chain1<S>(o, x, std::fabs(x.v), x.v > 0.0 ? 1.0 : x.v < 0.0 ? -1.0 : 0.0);
    } else if constexpr (C == Code::Tanh) {
        const double t = std::tanh(x.v), d = 1.0 - t * t;
        chain<S>(o, x, t, d, -2.0 * t * d);
    } else if constexpr (C == Code::Sigmoid) {
        const double s = detail::fSigmoid(x.v), d = s * (1.0 - s);
        chain<S>(o, x, s, d, d * (1.0 - 2.0 * s));
    } else if constexpr (C == Code::Relu) {
        chain1<S>(o, x, detail::fRelu(x.v), x.v > 0.0 ? 1.0 : 0.0);
    } else if constexpr (C == Code::Softplus) {
        const double s = detail::fSigmoid(x.v);
        chain<S>(o, x, detail::fSoftplus(x.v), s, s * (1.0 - s));
    } else if constexpr (C == Code::AddVV) {
        combine(o, x, y, 1.0, x.v + y.v);
    } else if constexpr (C == Code::AddVC) {
        copyOf<S>(o, x, x.v + k);
    } else if constexpr (C == Code::SubVV) {
        combine(o, x, y, -1.0, x.v - y.v);
    } else if constexpr (C == Code::SubVC) {
        copyOf<S>(o, x, x.v - k);
    } else if constexpr (C == Code::SubCV) {
        negate<S>(o, x, k - x.v);
    } else if constexpr (C == Code::MulVV) {
        mul(o, x, y);
    } else if constexpr (C == Code::MulVC) {
        chain1<S>(o, x, x.v * k, k);
    } else if constexpr (C == Code::DivVV) {
        divide(o, &x, 0.0, y);
    } else if constexpr (C == Code::DivVC) {
        if (k == 0.0) {
            o = nanOf<T>();
        } else {
            divideBy<S>(o, x, k);
        }
    } else if constexpr (C == Code::DivCV) {
        divide(o, static_cast<const T*>(nullptr), k, x);
    } else if constexpr (C == Code::PowVC) {
        powConst<S>(o, x, k);
    } else if constexpr (C == Code::PowVV) {
        // x^y = exp(y·ln x): d(x^y) = x^y·d(y·ln x)
        const double v = detail::fPowVar(x.v, y.v);
        if (v != v) {
            o = nanOf<T>();
            return;
        }
        T lx, e;
        const double inv = 1.0 / x.v;
        chain(lx, x, std::log(x.v), inv, -inv * inv);
        mul(e, y, lx);
        chain(o, e, v, v, v);
    } else if constexpr (C == Code::PowCV) {
        const double v = detail::fPowVar(k, x.v);
        if (v != v) {
            o = nanOf<T>();
            return;
        }
        const double l = std::log(k);
        chain<S>(o, x, v, v * l, v * l * l);
    } else if constexpr (C == Code::MinVV || C == Code::MaxVV) {
        if (x.v != x.v || y.v != y.v) {
            o = nanOf<T>();
            return;
        }
        pickOf(o, x, y, pickMinMax(x.v, y.v, C == Code::MinVV ? -1 : 1));
    } else if constexpr (C == Code::MinVC || C == Code::MaxVC) {
        if (x.v != x.v || k != k) {
            o = nanOf<T>();
            return;
        }
        pickOf(o, x, constantOf<T>(k), pickMinMax(x.v, k, C == Code::MinVC ? -1 : 1));
    } else if constexpr (C == Code::SqAddVV || C == Code::SqSubVV) {
        T t;
        if constexpr (C == Code::SqAddVV) {
            combine(t, x, y, 1.0, x.v + y.v);
        } else {
            combine(t, x, y, -1.0, x.v - y.v);
        }
        chain(o, t, t.v * t.v, 2.0 * t.v, 2.0);
    } else if constexpr (C == Code::SqAddVC || C == Code::SqSubVC || C == Code::SqSubCV) {
        const double v = C == Code::SqAddVC ? x.v + k : C == Code::SqSubVC ? x.v - k : k - x.v;
        const double f1 = 2.0 * v * (C == Code::SqSubCV ? -1.0 : 1.0);  // d(t²)/dx
        chain<S>(o, x, v * v, f1, 2.0);
    } else if constexpr (C == Code::AddMulVVC) {
        combine(o, x, y, k2, x.v + y.v * k2);
    } else if constexpr (C == Code::SubMulVVC) {
        combine(o, x, y, -k2, x.v - y.v * k2);
    } else if constexpr (isAccSq(C)) {
        // the square's rule, then AddMulVVC's: the same numbers as the two instructions
        T s;
        exec<squareOf(C), -1>(s, y, z, z, k, 0.0);
        combine(o, x, s, k2, x.v + s.v * k2);
    }
}

// Every instruction code, for the dispatching switches (and every one but PowVC, for a switch
// that has a case of its own for it).
#define OPTISCAPE_FORMULA_CODES_BUT_POWVC(X)                                                    \
    X(Neg) X(Square) X(Sin) X(Cos) X(Tan) X(Exp) X(Log) X(Sqrt) X(Abs) X(Tanh) X(Sigmoid)       \
    X(Relu) X(Softplus) X(AddVV) X(AddVC) X(SubVV) X(SubVC) X(SubCV) X(MulVV) X(MulVC)          \
    X(DivVV) X(DivVC) X(DivCV) X(PowVV) X(PowCV) X(MinVV) X(MinVC) X(MaxVV) X(MaxVC)            \
    X(SqAddVV) X(SqAddVC) X(SqSubVV) X(SqSubVC) X(SqSubCV) X(AddMulVVC) X(SubMulVVC)         \
    X(AccSqAddVV) X(AccSqAddVC) X(AccSqSubVV) X(AccSqSubVC) X(AccSqSubCV)
#define OPTISCAPE_FORMULA_CODES(X) OPTISCAPE_FORMULA_CODES_BUT_POWVC(X) X(PowVC)

/// What operand b of an instruction is: a variable slot, a constant slot, or unused (unary).
enum class Operand { Variable, Constant, None };

[[gnu::always_inline]] constexpr Operand operandB(Code code) {
    switch (code) {
        case Code::AddVV: case Code::SubVV: case Code::MulVV: case Code::DivVV: case Code::PowVV:
        case Code::MinVV: case Code::MaxVV: case Code::SqAddVV: case Code::SqSubVV:
        case Code::AddMulVVC: case Code::SubMulVVC: case Code::AccSqAddVV: case Code::AccSqAddVC:
        case Code::AccSqSubVV: case Code::AccSqSubVC: case Code::AccSqSubCV:
            return Operand::Variable;
        case Code::AddVC: case Code::SubVC: case Code::SubCV: case Code::MulVC: case Code::DivVC:
        case Code::DivCV: case Code::PowVC: case Code::PowCV: case Code::MinVC: case Code::MaxVC:
        case Code::SqAddVC: case Code::SqSubVC: case Code::SqSubCV:
            return Operand::Constant;
        default:
            return Operand::None;
    }
}

/// What operand c of an instruction is (AccSq*: the sum's second term; AddMul/SubMul: the scale).
[[gnu::always_inline]] constexpr Operand operandC(Code code) {
    switch (code) {
        case Code::AccSqAddVV: case Code::AccSqSubVV:
            return Operand::Variable;
        case Code::AccSqAddVC: case Code::AccSqSubVC: case Code::AccSqSubCV:
        case Code::AddMulVVC: case Code::SubMulVVC:
            return Operand::Constant;
        default:
            return Operand::None;
    }
}

/// exec's k: the constant operand, c[b], or c[c] in AccSq*.
[[gnu::always_inline]] constexpr double constantK(Code code, const Instr& in, const double* c) {
    return operandB(code) == Operand::Constant             ? c[in.b]
           : isAccSq(code) && operandC(code) == Operand::Constant ? c[in.c]
                                                                  : 0.0;
}

/// exec's k2: the scale, c[c] in AddMul/SubMul, c[d] in AccSq*.
[[gnu::always_inline]] constexpr double scaleK(Code code, const Instr& in, const double* c) {
    return code == Code::AddMulVVC || code == Code::SubMulVVC ? c[in.c] : isAccSq(code) ? c[in.d] : 0.0;
}

}  // namespace detail
}  // namespace optiscape
