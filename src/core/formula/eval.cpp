// The formula evaluators: value only, value with exact gradient and Hessian (hyper-dual numbers,
// one per instruction, by the rules of rules.h), gradients alone, and values and gradients
// over blocks of points; all share the scalar rules of program.h, so they agree to the
// last bit on the value.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/formula/formula.h"
#include "core/formula/native.h"
#include "core/formula/program.h"
#include "core/formula/rules.h"

namespace optiscape {
namespace {

using detail::Code;
using detail::D2;
using detail::Dual;
using detail::HD;
using detail::Instr;
using detail::kNaN;
using detail::Operand;
using detail::Program;
using detail::constantK;
using detail::exec;
using detail::kHessian;
using detail::operandB;
using detail::operandC;
using detail::scaleK;
using detail::seed;
using detail::seedOf;

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

/// x^N by powInt's multiplications, in its order (so the same bits), unrolled for a constant N ≥ 0.
template <int N>
[[gnu::always_inline]] inline double powUnrolled(double x) {
    double r = 1.0, b = x;
    unsigned m = N;
    for (;;) {  // fully unrolled: N is a constant
        if (m & 1u) r *= b;
        m >>= 1u;
        if (m == 0) break;
        b *= b;
    }
    return r;
}

/// PowVC on a block of Dual points for an integer exponent n, 1 ≤ |n| ≤ 15 (n − 1 is then an
/// integer powOf takes to powInt too): powConst's value and gradient, as powConst computes them,
/// with the exponent's tests taken out of the loop. Styblinski–Tang's basin map (w1^4, w2^4)
/// spent a fifth of its time in calls to powOf.
template <int N>
void powBlock(const Dual* x, Dual* __restrict o, size_t m, double k) {
    for (size_t j = 0; j < m; ++j) {
        const double a = x[j].v;
        const double p = N < 0 ? 1.0 / powUnrolled<-N>(a) : powUnrolled<N>(a);
        const double v = (N < 0 && a == 0.0) ? kNaN : p;  // fPow: 0^negative is undefined
        const double p1 = N - 1 < 0 ? 1.0 / powUnrolled<1 - N>(a) : powUnrolled<N - 1>(a);
        const double f1 = k * p1;
        if (v != v) {
            o[j] = detail::nanOf<Dual>();
        } else {
            o[j].v = v;
            o[j].unused = 0.0;
            o[j].g = f1 * x[j].g;
        }
    }
}

/// The block rule of PowVC: powBlock where the exponent allows, else the general rule.
[[gnu::always_inline]] inline void execPowBlock(const Instr& in, Dual* r, const double* c, Dual* __restrict o,
                                                size_t m) {
    const Dual* x = r + static_cast<size_t>(in.a) * kBlock;
    const double k = c[in.b];
    const int n = std::fabs(k) <= 15.0 && k == static_cast<double>(static_cast<int>(k)) ? static_cast<int>(k) : 0;
    switch (n) {
#define OPTISCAPE_POW(N) case N: powBlock<N>(x, o, m, k); return; case -N: powBlock<-N>(x, o, m, k); return;
        OPTISCAPE_POW(1) OPTISCAPE_POW(2) OPTISCAPE_POW(3) OPTISCAPE_POW(4) OPTISCAPE_POW(5)
        OPTISCAPE_POW(6) OPTISCAPE_POW(7) OPTISCAPE_POW(8) OPTISCAPE_POW(9) OPTISCAPE_POW(10)
        OPTISCAPE_POW(11) OPTISCAPE_POW(12) OPTISCAPE_POW(13) OPTISCAPE_POW(14) OPTISCAPE_POW(15)
#undef OPTISCAPE_POW
        default: execBlock<Code::PowVC>(in, r, c, o, m);
    }
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
/// (the evaluation's loads stalled behind the stores into the new frame). A `Seeded` buffer holds
/// the seeds' constant parts in slots 0 and 1 from the start (seedOf), so that a single-point
/// evaluation writes their values only; nothing else writes those two slots (an instruction writes
/// its own, the compiled code the slots after them).
/// Slot i's first contents in a scratch buffer.
template <class T, bool Seeded>
constexpr T initialSlot(int i) {
    if constexpr (Seeded) {
        return seedOf<T>(i);
    } else {
        return T{};
    }
}

template <class T, int Slot, bool Seeded>
[[gnu::noinline]] T* largeScratch(size_t n) {
    static thread_local std::vector<T> large;
    if (large.size() < n) {
        large.resize(n);
        large[0] = initialSlot<T, Seeded>(0);
        large[1] = initialSlot<T, Seeded>(1);
    }
    return large.data();
}

template <class T, int Slot = 0, bool Seeded = false>
[[gnu::always_inline]] inline T* scratch(size_t n) {
    constexpr size_t kSmall = 4096 / sizeof(T);
    // constant initial values: no guard, no constructor call
    alignas(64) static thread_local T small[kSmall] = {initialSlot<T, Seeded>(0), initialSlot<T, Seeded>(1)};
    return n <= kSmall ? small : largeScratch<T, Slot, Seeded>(n);
}

/// The slots of one point, seeded: what runPoint() expects.
template <class T>
[[gnu::always_inline]] inline T* pointScratch(size_t n) {
    return scratch<T, 0, true>(n);
}

/// One copy of the evaluation for evaluateBound() and evaluate() (FormulaLandscape::evaluate,
/// every run's step, has its own inlined copy): each copy is the whole switch of rules.
[[gnu::noinline]] Eval runHDOutOfLine(const Program& p, const double* c, Point w) {
    return runHD(p, c, w, pointScratch<HD>(p.slots));
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
// Constant-initialised (before any constructor runs), so that a platform's registration at
// start-up (formula_compiler_web.cpp) is never overwritten.
#if OPTISCAPE_NATIVE_FORMULAS
const FormulaCompiler* g_compiler = &detail::kNativeFormulaCompiler;
#else
const FormulaCompiler* g_compiler = nullptr;
#endif
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

// Here rather than in landscape.cpp, so that the evaluation inlines into it: every
// optimizer step of a run on a formula comes through this function. bound_ is the formula's own
// (paramsChanged), so its size needs no check.
// The page's build (OPTISCAPE_COMPACT_FORMULAS) compiles a formula's evaluation to WebAssembly
// (FormulaCompiler): there the interpreter is the fallback only, and one copy of it serves.
Eval FormulaLandscape::evaluate(const Vec2& w) const {
    const Program& p = *formula_.p_;
#ifdef OPTISCAPE_COMPACT_FORMULAS
    return runHDOutOfLine(p, bound_.data(), Point::of(w));
#else
    return runHD(p, bound_.data(), Point::of(w), pointScratch<HD>(p.slots));
#endif
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
                OPTISCAPE_FORMULA_CODES_BUT_POWVC(OPTISCAPE_CASE)
#undef OPTISCAPE_CASE
                case Code::PowVC: execPowBlock(in, r, c, o, m); break;
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
