// The formula evaluators: value only, value with exact gradient and Hessian (hyper-dual numbers,
// one per instruction), and values over blocks of points; all share the scalar rules of
// formula_program.h, so the three agree to the last bit on the value.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "formula.h"
#include "formula_program.h"

namespace optiscape {
namespace {

using detail::Code;
using detail::Instr;
using detail::kNaN;
using detail::Program;

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
inline void seed(T& t, int index, double x) {
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
// keep the general rules; the compiled code (formula_wasm.cpp) takes the same seed forms as the
// Hessian path here, and the two agree to the bit.

/// e_S, the gradient of w1 (S = 0) or w2 (S = 1).
template <int S>
constexpr D2 kUnit = S == 0 ? D2{1.0, 0.0} : D2{0.0, 1.0};

/// y = f(x) with f′(x) = f1, f″(x) = f2: ∇y = f1∇x, ∇²y = f1∇²x + f2∇x∇xᵀ.
template <int S = -1, class T>
inline void chain(T& o, const T& x, double f, double f1, double f2) {
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
inline void chain1(T& o, const T& x, double f, double f1) {
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
inline void copyOf(T& o, const T& x, double v) {
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
inline void combine(T& o, const T& x, const T& y, double s, double v) {
    o.v = v;
    o.g = x.g + s * y.g;
    if constexpr (kHessian<T>) {
        o.h1 = x.h1 + s * y.h1;
        o.h2 = x.h2 + s * y.h2;
    }
}

/// o = −x in every derivative, with value v.
template <int S = -1, class T>
inline void negate(T& o, const T& x, double v) {
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
inline void mul(T& o, const T& a, const T& b) {
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
inline void divide(T& o, const T* a, double ca, const T& b) {
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
inline void divideBy(T& o, const T& x, double d) {
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
inline void pickOf(T& o, const T& a, const T& b, int pick) {
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
inline void powConst(T& o, const T& x, double c) {
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

/// The point's coordinates, read as two 8-byte loads. A caller has usually just written them
/// one at a time (w[0] += …, or a Vec2 built on the stack); a 16-byte load of two 8-byte stores
/// cannot be forwarded from the store buffer and waits for them to reach the cache, which cost
/// 8 ns per call on x86-64 (GCC merges the two loads when it keeps w1, w2 in one register). The
/// empty asm statements keep the two values apart.
struct Point {
    double w1, w2;
    static Point of(const Vec2& w) {
        double a = w.data()[0], b = w.data()[1];
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
        __asm__("" : "+x"(a));
        __asm__("" : "+x"(b));
#endif
        return {a, b};
    }
};

double runValue(const Program& p, const double* c, double w1, double w2, double* r) {
    r[0] = w1;
    r[1] = w2;
    const Instr* code = p.prog.data();
    const size_t n = p.prog.size();
    for (size_t i = 0; i < n; ++i) {
        const Instr in = code[i];
        double& o = r[i + 2];
        switch (in.code) {
            case Code::Neg: o = -r[in.a]; break;
            case Code::Square: o = r[in.a] * r[in.a]; break;
            case Code::Sin: o = std::sin(r[in.a]); break;
            case Code::Cos: o = std::cos(r[in.a]); break;
            case Code::Tan: o = std::tan(r[in.a]); break;
            case Code::Exp: o = std::exp(r[in.a]); break;
            case Code::Log: o = detail::fLog(r[in.a]); break;
            case Code::Sqrt: o = detail::fSqrt(r[in.a]); break;
            case Code::Abs: o = std::fabs(r[in.a]); break;
            case Code::Tanh: o = std::tanh(r[in.a]); break;
            case Code::Sigmoid: o = detail::fSigmoid(r[in.a]); break;
            case Code::Relu: o = detail::fRelu(r[in.a]); break;
            case Code::Softplus: o = detail::fSoftplus(r[in.a]); break;
            case Code::AddVV: o = r[in.a] + r[in.b]; break;
            case Code::AddVC: o = r[in.a] + c[in.b]; break;
            case Code::SubVV: o = r[in.a] - r[in.b]; break;
            case Code::SubVC: o = r[in.a] - c[in.b]; break;
            case Code::SubCV: o = c[in.b] - r[in.a]; break;
            case Code::MulVV: o = r[in.a] * r[in.b]; break;
            case Code::MulVC: o = r[in.a] * c[in.b]; break;
            case Code::DivVV: o = detail::fDiv(r[in.a], r[in.b]); break;
            case Code::DivVC: o = detail::fDiv(r[in.a], c[in.b]); break;
            case Code::DivCV: o = detail::fDiv(c[in.b], r[in.a]); break;
            case Code::PowVC: o = detail::fPow(r[in.a], c[in.b]); break;
            case Code::PowVV: o = detail::fPowVar(r[in.a], r[in.b]); break;
            case Code::PowCV: o = detail::fPowVar(c[in.b], r[in.a]); break;
            case Code::MinVV: o = detail::fMin(r[in.a], r[in.b]); break;
            case Code::MinVC: o = detail::fMin(r[in.a], c[in.b]); break;
            case Code::MaxVV: o = detail::fMax(r[in.a], r[in.b]); break;
            case Code::MaxVC: o = detail::fMax(r[in.a], c[in.b]); break;
            case Code::SqAddVV: { const double t = r[in.a] + r[in.b]; o = t * t; break; }
            case Code::SqAddVC: { const double t = r[in.a] + c[in.b]; o = t * t; break; }
            case Code::SqSubVV: { const double t = r[in.a] - r[in.b]; o = t * t; break; }
            case Code::SqSubVC: { const double t = r[in.a] - c[in.b]; o = t * t; break; }
            case Code::SqSubCV: { const double t = c[in.b] - r[in.a]; o = t * t; break; }
            case Code::AddMulVVC: o = r[in.a] + r[in.b] * c[in.c]; break;
            case Code::SubMulVVC: o = r[in.a] - r[in.b] * c[in.c]; break;
            case Code::AccSqAddVV: { const double t = r[in.b] + r[in.c]; o = r[in.a] + t * t * c[in.d]; break; }
            case Code::AccSqAddVC: { const double t = r[in.b] + c[in.c]; o = r[in.a] + t * t * c[in.d]; break; }
            case Code::AccSqSubVV: { const double t = r[in.b] - r[in.c]; o = r[in.a] + t * t * c[in.d]; break; }
            case Code::AccSqSubVC: { const double t = r[in.b] - c[in.c]; o = r[in.a] + t * t * c[in.d]; break; }
            case Code::AccSqSubCV: { const double t = c[in.c] - r[in.b]; o = r[in.a] + t * t * c[in.d]; break; }
        }
    }
    return p.rootIsVar ? r[p.root] : c[p.root];
}

/// Which of two values min (sign −1) or max (+1) picks: 1 the first, −1 the second, 0 a tie.
inline int pickMinMax(double a, double b, int sign) {
    if (a == b) return 0;
    return ((a < b) == (sign < 0)) ? 1 : -1;
}

constexpr bool isAccSq(Code c) { return c >= Code::AccSqAddVV && c <= Code::AccSqSubCV; }

/// The square of AccSq code c: AccSqSubVC → SqSubVC, …
constexpr Code squareOf(Code c) {
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

// Every instruction code, for the dispatching switches.
#define OPTISCAPE_FORMULA_CODES(X)                                                              \
    X(Neg) X(Square) X(Sin) X(Cos) X(Tan) X(Exp) X(Log) X(Sqrt) X(Abs) X(Tanh) X(Sigmoid)       \
    X(Relu) X(Softplus) X(AddVV) X(AddVC) X(SubVV) X(SubVC) X(SubCV) X(MulVV) X(MulVC)          \
    X(DivVV) X(DivVC) X(DivCV) X(PowVC) X(PowVV) X(PowCV) X(MinVV) X(MinVC) X(MaxVV) X(MaxVC)   \
    X(SqAddVV) X(SqAddVC) X(SqSubVV) X(SqSubVC) X(SqSubCV) X(AddMulVVC) X(SubMulVVC)         \
    X(AccSqAddVV) X(AccSqAddVC) X(AccSqSubVV) X(AccSqSubVC) X(AccSqSubCV)

/// What operand b of an instruction is: a variable slot, a constant slot, or unused (unary).
enum class Operand { Variable, Constant, None };

constexpr Operand operandB(Code code) {
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
constexpr Operand operandC(Code code) {
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
constexpr double constantK(Code code, const Instr& in, const double* c) {
    return operandB(code) == Operand::Constant             ? c[in.b]
           : isAccSq(code) && operandC(code) == Operand::Constant ? c[in.c]
                                                                  : 0.0;
}

/// exec's k2: the scale, c[c] in AddMul/SubMul, c[d] in AccSq*.
constexpr double scaleK(Code code, const Instr& in, const double* c) {
    return code == Code::AddMulVVC || code == Code::SubMulVVC ? c[in.c] : isAccSq(code) ? c[in.d] : 0.0;
}

/// Instruction `in` (of code C, in its seed form S) on slots r with constants c.
template <Code C, int S, class T>
[[gnu::always_inline]] inline void execAt(const Instr& in, T* r, const double* c, T& o) {
    if constexpr (S < 0 || detail::hasSeedForm(C)) {
        const T& x = r[in.a];  // always a variable slot
        exec<C, S>(o, x, operandB(C) == Operand::Variable ? r[in.b] : x,
                   operandC(C) == Operand::Variable ? r[in.c] : x, constantK(C, in, c), scaleK(C, in, c));
    } else {
        __builtin_unreachable();  // no such dispatch index (dispatchIndex)
    }
}

/// The blocks of gradientsBound: slot s of point j is r[s·kBlock + j].
constexpr size_t kBlock = 64;

/// Instruction `in` (of code C) on the first m points of a block, by its general rule.
template <Code C>
[[gnu::always_inline]] inline void execBlock(const Instr& in, Dual* r, const double* c, Dual* __restrict o,
                                             size_t m) {
    const Dual* x = r + static_cast<size_t>(in.a) * kBlock;
    const Dual* y = operandB(C) == Operand::Variable ? r + static_cast<size_t>(in.b) * kBlock : x;
    const Dual* z = operandC(C) == Operand::Variable ? r + static_cast<size_t>(in.c) * kBlock : x;
    const double k = constantK(C, in, c);
    const double k2 = scaleK(C, in, c);
    for (size_t j = 0; j < m; ++j) exec<C, -1>(o[j], x[j], y[j], z[j], k, k2);
}

/// The cases of a switch on Instr::op for code `name`: its general rule and its seed forms
/// (dispatchIndex); STMT(C, S) runs the rule.
#define OPTISCAPE_DISPATCH_CASES(name, STMT)                                                    \
    case 3 * static_cast<int>(Code::name): STMT(Code::name, -1); break;                        \
    case 3 * static_cast<int>(Code::name) + 1: STMT(Code::name, 0); break;                     \
    case 3 * static_cast<int>(Code::name) + 2: STMT(Code::name, 1); break;

/// Runs the program on one point in numbers of type T (HD: value, gradient and Hessian; Dual:
/// value and gradient).
template <class T>
[[gnu::always_inline]] inline void runPoint(const Program& p, const double* c, Point w, T* r) {
    r[0].v = w.w1;  // the rest of the seeds is in place (pointScratch)
    r[1].v = w.w2;
    T* o = r + 2;  // instruction i writes slot i + 2
    for (const Instr& in : p.prog) {
        if constexpr (kHessian<T>) {
            switch (in.op) {
#define OPTISCAPE_RUN(C, S) execAt<C, S>(in, r, c, *o++)
#define OPTISCAPE_CASE(name) OPTISCAPE_DISPATCH_CASES(name, OPTISCAPE_RUN)
                OPTISCAPE_FORMULA_CODES(OPTISCAPE_CASE)
#undef OPTISCAPE_CASE
#undef OPTISCAPE_RUN
                default: __builtin_unreachable();
            }
        } else {
            // Gradients alone: a seed form's gradient is its general rule's (f′·e_S either way;
            // they differ in the Hessian only), so the general rules serve, in less code.
            switch (in.code) {
#define OPTISCAPE_CASE(name) case Code::name: execAt<Code::name, -1>(in, r, c, *o++); break;
                OPTISCAPE_FORMULA_CODES(OPTISCAPE_CASE)
#undef OPTISCAPE_CASE
                default: __builtin_unreachable();
            }
        }
    }
}

[[gnu::noinline]] Eval nanEval() {
    Eval e;
    e.value = kNaN;
    e.gradient.setConstant(kNaN);
    e.hessian.setConstant(kNaN);
    return e;
}

/// Inlined into its callers, as scratch() is: under V8 a call between wasm functions costs a few
/// nanoseconds, a third of the fixed cost of an evaluation (Rosenbrock 24.9 → 21.8 ns as wasm).
[[gnu::always_inline]] inline Eval runHD(const Program& p, const double* c, Point w, HD* r) {
    if (!p.rootIsVar) return c[p.root] != c[p.root] ? nanEval() : Eval{c[p.root], Vec2::Zero(), Mat2::Zero()};
    if (p.compiled) {
        p.compiled(c, w.w1, w.w2, r + 2);  // the root into r[2], the seeds left as they are
    } else {
        runPoint(p, c, w, r);
    }
    const HD& y = p.compiled ? r[2] : r[p.root];
    if (y.v != y.v) return nanEval();
    // pairs straight into Eigen's storage: the gradient, and the Hessian column by column,
    // which is row by row since h12 and h21 are the same bits; every member written once (no
    // zeros first, as Eval's default initialisers would)
    Vec2 g;
    Mat2 h;
    std::memcpy(g.data(), &y.g, sizeof(D2));
    std::memcpy(h.data(), &y.h1, sizeof(D2));
    std::memcpy(h.data() + 2, &y.h2, sizeof(D2));
    return Eval{y.v, g, h};
}

Vec2 runGradient(const Program& p, const double* c, Point w, Dual* r) {
    if (!p.rootIsVar) return c[p.root] != c[p.root] ? Vec2(kNaN, kNaN) : Vec2::Zero();
    runPoint(p, c, w, r);
    const Dual& y = r[p.root];
    return y.v != y.v ? Vec2(kNaN, kNaN) : Vec2(y.g[0], y.g[1]);
}

/// Scratch space for n items of T, kept per thread and reused by every call (grown when a longer
/// program needs more); `Slot` tells apart two buffers in use at once. Not a fresh array on the
/// stack per call: that made a one-instruction formula cost 19 ns instead of 3.7 ns on x86-64
/// (the evaluation's loads stalled behind the stores into the new frame).
template <class T, int Slot>
[[gnu::noinline]] T* largeScratch(size_t n) {
    static thread_local std::vector<T> large;
    if (large.size() < n) large.resize(n);
    return large.data();
}

/// The seeds' constant parts: a unit gradient for w1 (index 0) or w2 (1), a zero Hessian.
template <class T>
constexpr T seedOf(int index) {
    const D2 g = index == 0 ? D2{1.0, 0.0} : D2{0.0, 1.0};
    if constexpr (kHessian<T>) {
        return {0.0, 0.0, g, kZero2, kZero2};
    } else {
        return {0.0, 0.0, g};
    }
}

template <class T>
[[gnu::noinline]] T* largePointScratch(size_t n) {
    static thread_local std::vector<T> large;
    if (large.size() < n) {
        large.resize(n);
        large[0] = seedOf<T>(0);
        large[1] = seedOf<T>(1);
    }
    return large.data();
}

/// Scratch for one point's n slots (as scratch()), whose slots 0 and 1 hold the seeds w1, w2
/// from the start: a call writes their values only. Nothing else writes those two slots (an
/// instruction writes its own, the compiled code the slots after them).
template <class T>
[[gnu::always_inline]] inline T* pointScratch(size_t n) {
    constexpr size_t kSmall = 4096 / sizeof(T);
    alignas(64) static thread_local T small[kSmall] = {seedOf<T>(0), seedOf<T>(1)};
    return n <= kSmall ? small : largePointScratch<T>(n);
}

/// One copy of the evaluation for evaluateBound() and evaluate() (FormulaLandscape::evaluate,
/// every run's step, has its own inlined copy): each copy is the whole switch of rules.
[[gnu::noinline]] Eval runHDOutOfLine(const Program& p, const double* c, Point w) {
    return runHD(p, c, w, pointScratch<HD>(p.slots));
}

template <class T, int Slot = 0>
[[gnu::always_inline]] inline T* scratch(size_t n) {
    constexpr size_t kSmall = 4096 / sizeof(T);
    alignas(64) static thread_local T small[kSmall];  // trivial: no guard, no constructor call
    return n <= kSmall ? small : largeScratch<T, Slot>(n);
}

void bindInto(const Program& p, const std::vector<double>& params, double* c) {
    const size_t n = p.constInit.size();
    if (params.size() != p.params.size()) {
        std::fill(c, c + n, kNaN);
        return;
    }
    std::copy(p.constInit.begin(), p.constInit.end(), c);
    std::copy(params.begin(), params.end(), c);
    for (size_t i = 0; i < p.cprog.size(); ++i) {
        const detail::CInstr& in = p.cprog[i];
        c[static_cast<size_t>(p.firstComputed) + i] =
            detail::scalarOp(in.op, c[in.a], in.b >= 0 ? c[in.b] : 0.0);
    }
}

}  // namespace

namespace {
const FormulaCompiler* g_compiler = nullptr;
}  // namespace

void setFormulaCompiler(const FormulaCompiler* compiler) { g_compiler = compiler; }
const FormulaCompiler* formulaCompiler() { return g_compiler; }

const std::string& Formula::text() const { return p_->text; }
bool Formula::isCompiled() const { return p_->compiled != nullptr; }
const std::vector<std::string>& Formula::parameters() const { return p_->params; }
bool Formula::dependsOn(int variable) const { return variable >= 0 && variable < 2 && p_->dep[variable]; }
size_t Formula::programSize() const { return p_->prog.size(); }

std::vector<double> Formula::bind(const std::vector<double>& params) const {
    std::vector<double> c(p_->constInit.size());
    bindInto(*p_, params, c.data());
    return c;
}

double Formula::valueBound(const Vec2& w, const std::vector<double>& bound) const {
    if (bound.size() != p_->constInit.size()) return kNaN;
    const Point x = Point::of(w);
    return runValue(*p_, bound.data(), x.w1, x.w2, scratch<double>(p_->prog.size() + 2));
}

Eval Formula::evaluateBound(const Vec2& w, const std::vector<double>& bound) const {
    if (bound.size() != p_->constInit.size()) return nanEval();
    return runHDOutOfLine(*p_, bound.data(), Point::of(w));
}

// Here rather than in formula_landscape.cpp, so that the evaluation inlines into it: every
// optimizer step of a run on a formula comes through this function. bound_ is the formula's own
// (paramsChanged), so its size needs no check.
Eval FormulaLandscape::evaluate(const Vec2& w) const {
    const Program& p = *formula_.p_;
    return runHD(p, bound_.data(), Point::of(w), pointScratch<HD>(p.slots));
}

Vec2 Formula::gradientBound(const Vec2& w, const std::vector<double>& bound) const {
    if (bound.size() != p_->constInit.size()) return Vec2(kNaN, kNaN);
    return runGradient(*p_, bound.data(), Point::of(w), pointScratch<Dual>(p_->slots));
}

void Formula::gradientsBound(const double* w1, const double* w2, double* g1, double* g2, size_t n,
                             const std::vector<double>& bound) const {
    const Program& p = *p_;
    const double* c = bound.data();
    if (bound.size() != p.constInit.size() || !p.rootIsVar) {
        // a constant formula: zero gradient, or NaN where the constant is undefined
        const double g = bound.size() != p.constInit.size() || c[p.root] != c[p.root] ? kNaN : 0.0;
        std::fill(g1, g1 + n, g);
        std::fill(g2, g2 + n, g);
        return;
    }
    // Slots of B points each: the switch runs once per instruction and block, the loops inside
    // are the single-point rules (exec) over the block's points.
    constexpr size_t B = kBlock;
    Dual* r = scratch<Dual, 1>((p.prog.size() + 2) * B);
    for (size_t start = 0; start < n; start += B) {
        const size_t m = std::min(B, n - start);
        for (size_t j = 0; j < m; ++j) {
            seed(r[j], 0, w1[start + j]);
            seed(r[B + j], 1, w2[start + j]);
        }
        for (size_t i = 0; i < p.prog.size(); ++i) {
            const Instr in = p.prog[i];
            Dual* __restrict o = r + (i + 2) * B;
            switch (in.code) {  // the general rules: see runPoint
#define OPTISCAPE_CASE(name) case Code::name: execBlock<Code::name>(in, r, c, o, m); break;
                OPTISCAPE_FORMULA_CODES(OPTISCAPE_CASE)
#undef OPTISCAPE_CASE
                default: __builtin_unreachable();
            }
        }
        const Dual* y = r + static_cast<size_t>(p.root) * B;
        for (size_t j = 0; j < m; ++j) {
            const bool undefined = y[j].v != y[j].v;
            g1[start + j] = undefined ? kNaN : y[j].g[0];
            g2[start + j] = undefined ? kNaN : y[j].g[1];
        }
    }
}

double Formula::value(const Vec2& w, const std::vector<double>& params) const {
    double* c = scratch<double, 1>(p_->constInit.size());
    bindInto(*p_, params, c);
    const Point x = Point::of(w);
    return runValue(*p_, c, x.w1, x.w2, scratch<double>(p_->prog.size() + 2));
}

Eval Formula::evaluate(const Vec2& w, const std::vector<double>& params) const {
    double* c = scratch<double, 1>(p_->constInit.size());
    bindInto(*p_, params, c);
    return runHDOutOfLine(*p_, c, Point::of(w));
}

void Formula::valuesBound(const double* w1, const double* w2, double* out, size_t n,
                          const std::vector<double>& bound) const {
    const Program& p = *p_;
    if (bound.size() != p.constInit.size()) {
        std::fill(out, out + n, kNaN);
        return;
    }
    const double* c = bound.data();
    if (!p.rootIsVar) {
        std::fill(out, out + n, c[p.root]);
        return;
    }
    constexpr size_t B = 128;
    std::vector<double> regs((p.prog.size() + 2) * B);
    for (size_t start = 0; start < n; start += B) {
        const size_t m = std::min(B, n - start);
        double* r = regs.data();
        std::copy(w1 + start, w1 + start + m, r);
        std::copy(w2 + start, w2 + start + m, r + B);
        for (size_t i = 0; i < p.prog.size(); ++i) {
            const Instr in = p.prog[i];
            double* __restrict o = r + (i + 2) * B;
            const double* __restrict x = r + static_cast<size_t>(in.a) * B;
            const Operand ob = operandB(in.code);
            const double* __restrict y = ob == Operand::Variable ? r + static_cast<size_t>(in.b) * B : x;
            const double kb = ob == Operand::Constant ? c[in.b] : 0.0;
            switch (in.code) {
                case Code::Neg: for (size_t j = 0; j < m; ++j) o[j] = -x[j]; break;
                case Code::Square: for (size_t j = 0; j < m; ++j) o[j] = x[j] * x[j]; break;
                case Code::Sin: for (size_t j = 0; j < m; ++j) o[j] = std::sin(x[j]); break;
                case Code::Cos: for (size_t j = 0; j < m; ++j) o[j] = std::cos(x[j]); break;
                case Code::Tan: for (size_t j = 0; j < m; ++j) o[j] = std::tan(x[j]); break;
                case Code::Exp: for (size_t j = 0; j < m; ++j) o[j] = std::exp(x[j]); break;
                case Code::Log: for (size_t j = 0; j < m; ++j) o[j] = detail::fLog(x[j]); break;
                case Code::Sqrt: for (size_t j = 0; j < m; ++j) o[j] = detail::fSqrt(x[j]); break;
                case Code::Abs: for (size_t j = 0; j < m; ++j) o[j] = std::fabs(x[j]); break;
                case Code::Tanh: for (size_t j = 0; j < m; ++j) o[j] = std::tanh(x[j]); break;
                case Code::Sigmoid: for (size_t j = 0; j < m; ++j) o[j] = detail::fSigmoid(x[j]); break;
                case Code::Relu: for (size_t j = 0; j < m; ++j) o[j] = detail::fRelu(x[j]); break;
                case Code::Softplus: for (size_t j = 0; j < m; ++j) o[j] = detail::fSoftplus(x[j]); break;
                case Code::AddVV: for (size_t j = 0; j < m; ++j) o[j] = x[j] + y[j]; break;
                case Code::AddVC: for (size_t j = 0; j < m; ++j) o[j] = x[j] + kb; break;
                case Code::SubVV: for (size_t j = 0; j < m; ++j) o[j] = x[j] - y[j]; break;
                case Code::SubVC: for (size_t j = 0; j < m; ++j) o[j] = x[j] - kb; break;
                case Code::SubCV: for (size_t j = 0; j < m; ++j) o[j] = kb - x[j]; break;
                case Code::MulVV: for (size_t j = 0; j < m; ++j) o[j] = x[j] * y[j]; break;
                case Code::MulVC: for (size_t j = 0; j < m; ++j) o[j] = x[j] * kb; break;
                case Code::DivVV: for (size_t j = 0; j < m; ++j) o[j] = detail::fDiv(x[j], y[j]); break;
                case Code::DivVC: for (size_t j = 0; j < m; ++j) o[j] = detail::fDiv(x[j], kb); break;
                case Code::DivCV: for (size_t j = 0; j < m; ++j) o[j] = detail::fDiv(kb, x[j]); break;
                case Code::PowVC: for (size_t j = 0; j < m; ++j) o[j] = detail::fPow(x[j], kb); break;
                case Code::PowVV: for (size_t j = 0; j < m; ++j) o[j] = detail::fPowVar(x[j], y[j]); break;
                case Code::PowCV: for (size_t j = 0; j < m; ++j) o[j] = detail::fPowVar(kb, x[j]); break;
                case Code::MinVV: for (size_t j = 0; j < m; ++j) o[j] = detail::fMin(x[j], y[j]); break;
                case Code::MinVC: for (size_t j = 0; j < m; ++j) o[j] = detail::fMin(x[j], kb); break;
                case Code::MaxVV: for (size_t j = 0; j < m; ++j) o[j] = detail::fMax(x[j], y[j]); break;
                case Code::MaxVC: for (size_t j = 0; j < m; ++j) o[j] = detail::fMax(x[j], kb); break;
                case Code::SqAddVV: for (size_t j = 0; j < m; ++j) { const double t = x[j] + y[j]; o[j] = t * t; } break;
                case Code::SqAddVC: for (size_t j = 0; j < m; ++j) { const double t = x[j] + kb; o[j] = t * t; } break;
                case Code::SqSubVV: for (size_t j = 0; j < m; ++j) { const double t = x[j] - y[j]; o[j] = t * t; } break;
                case Code::SqSubVC: for (size_t j = 0; j < m; ++j) { const double t = x[j] - kb; o[j] = t * t; } break;
                case Code::SqSubCV: for (size_t j = 0; j < m; ++j) { const double t = kb - x[j]; o[j] = t * t; } break;
                case Code::AddMulVVC: { const double k = c[in.c]; for (size_t j = 0; j < m; ++j) o[j] = x[j] + y[j] * k; break; }
                case Code::SubMulVVC: { const double k = c[in.c]; for (size_t j = 0; j < m; ++j) o[j] = x[j] - y[j] * k; break; }
                case Code::AccSqAddVV: case Code::AccSqSubVV: {
                    const double* __restrict u = r + static_cast<size_t>(in.b) * B;
                    const double* __restrict z = r + static_cast<size_t>(in.c) * B;
                    const double k = c[in.d];
                    if (in.code == Code::AccSqAddVV) {
                        for (size_t j = 0; j < m; ++j) { const double t = u[j] + z[j]; o[j] = x[j] + t * t * k; }
                    } else {
                        for (size_t j = 0; j < m; ++j) { const double t = u[j] - z[j]; o[j] = x[j] + t * t * k; }
                    }
                    break;
                }
                case Code::AccSqAddVC: case Code::AccSqSubVC: case Code::AccSqSubCV: {
                    const double* __restrict u = r + static_cast<size_t>(in.b) * B;
                    const double kz = c[in.c], k = c[in.d];
                    if (in.code == Code::AccSqAddVC) {
                        for (size_t j = 0; j < m; ++j) { const double t = u[j] + kz; o[j] = x[j] + t * t * k; }
                    } else if (in.code == Code::AccSqSubVC) {
                        for (size_t j = 0; j < m; ++j) { const double t = u[j] - kz; o[j] = x[j] + t * t * k; }
                    } else {
                        for (size_t j = 0; j < m; ++j) { const double t = kz - u[j]; o[j] = x[j] + t * t * k; }
                    }
                    break;
                }
            }
        }
        std::copy(r + static_cast<size_t>(p.root) * B, r + static_cast<size_t>(p.root) * B + m, out + start);
    }
}

}  // namespace optiscape
