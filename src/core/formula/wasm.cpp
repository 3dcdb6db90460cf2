// The per-point program as a WebAssembly module (wasm.h). Each rule below is the rule of
// rules.h's exec() written as WebAssembly: the same products and sums of the same
// operands, associated the same way (IEEE addition and multiplication commute, so only the
// association matters), which the tests check to the bit against the interpreter.
#include "core/formula/wasm.h"

#include <cmath>
#include <cstring>

#include "core/formula/program.h"

namespace optiscape {
namespace detail {
namespace {

// opcodes (WebAssembly core 2.0 and its fixed-width SIMD)
constexpr uint8_t kLocalGet = 0x20, kLocalSet = 0x21, kF64Load = 0x2b, kF64Store = 0x39,
                  kF64Const = 0x44, kF64Neg = 0x9a, kF64Add = 0xa0, kF64Sub = 0xa1, kF64Mul = 0xa2,
                  kF64Div = 0xa3, kEnd = 0x0b, kSimd = 0xfd;
constexpr uint32_t kV128Store = 0x0b, kV128Const = 0x0c, kF64x2Splat = 0x14,
                   kF64x2Extract = 0x21, kF64x2Neg = 0xed, kF64x2Add = 0xf0, kF64x2Sub = 0xf1,
                   kF64x2Mul = 0xf2, kF64x2Div = 0xf3;
constexpr uint8_t kTypeF64 = 0x7c, kTypeV128 = 0x7b, kTypeI32 = 0x7f;

// parameters of "f"
constexpr uint32_t kConstants = 0, kW1 = 1, kW2 = 2, kOut = 3;

/// A hyper-dual number's locals: the value (f64), the gradient and the Hessian's rows (v128).
/// `seed` is 0 for w1 and 1 for w2 themselves, whose rules take their seed forms (rules.h:
/// the gradient a unit vector, the Hessian zero), and −1 for every other number.
struct Num {
    uint32_t v = 0, g = 0, h1 = 0, h2 = 0;
    int seed = -1;
};

/// Writes the function's body. Locals are numbered as they are made: f64 ones from 4 on, v128
/// ones from vBase on (the first pass counts the f64 ones, the second knows where v128 starts).
class Body {
public:
    explicit Body(uint32_t vBase) : vBase_(vBase) {}

    std::vector<uint8_t> code;
    uint32_t f64Locals() const { return nextF_ - 4; }
    uint32_t v128Locals() const { return nextV_; }

    uint32_t newF() { return nextF_++; }
    uint32_t newV() { return vBase_ + nextV_++; }

    void byte(uint8_t b) { code.push_back(b); }
    void u32(uint32_t v) {
        do {
            uint8_t c = v & 0x7f;
            v >>= 7;
            if (v != 0) c |= 0x80;
            byte(c);
        } while (v != 0);
    }
    void get(uint32_t local) { byte(kLocalGet), u32(local); }
    void set(uint32_t local) { byte(kLocalSet), u32(local); }
    void op(uint8_t o) { byte(o); }
    void simd(uint32_t o) { byte(kSimd), u32(o); }
    void f64(double x) {
        byte(kF64Const);
        uint8_t b[8];
        std::memcpy(b, &x, 8);
        code.insert(code.end(), b, b + 8);
    }
    /// Pushes constant slot k (c[k]).
    void constant(int k) {
        get(kConstants);
        byte(kF64Load), u32(3), u32(8u * static_cast<uint32_t>(k));
    }
    void zero2() {
        simd(kV128Const);
        for (int i = 0; i < 16; ++i) byte(0);
    }
    void const2(double lo, double hi) {
        simd(kV128Const);
        const double x[2] = {lo, hi};
        uint8_t b[16];
        std::memcpy(b, x, 16);
        for (uint8_t c : b) byte(c);
    }
    /// e_lane, the gradient of w1 (lane 0) or w2 (lane 1).
    void unit2(int lane) { const2(lane == 0 ? 1.0 : 0.0, lane == 1 ? 1.0 : 0.0); }
    /// Pushes splat(f64 local).
    void splat(uint32_t f) { get(f), simd(kF64x2Splat); }
    /// Pushes splat(lane of v128 local).
    void splatLane(uint32_t v, int lane) {
        get(v), simd(kF64x2Extract), byte(static_cast<uint8_t>(lane)), simd(kF64x2Splat);
    }
    /// A new f64 local holding the value on top of the stack.
    uint32_t takeF() {
        const uint32_t f = newF();
        set(f);
        return f;
    }
    uint32_t takeV() {
        const uint32_t v = newV();
        set(v);
        return v;
    }

private:
    uint32_t vBase_;
    uint32_t nextF_ = 4;
    uint32_t nextV_ = 0;
};

/// y = f(x) with f′ = f1, f″ = f2 (locals): rules.h's chain().
Num chain(Body& b, const Num& x, uint32_t f, uint32_t f1, uint32_t f2) {
    if (x.seed >= 0) {
        // the seed form: f1·e_S, and f2·e_S in row S of the Hessian
        Num o;
        o.v = f;
        b.splat(f1), b.unit2(x.seed), b.simd(kF64x2Mul);
        o.g = b.takeV();
        b.splat(f2), b.unit2(x.seed), b.simd(kF64x2Mul);
        const uint32_t row = b.takeV();
        b.zero2();
        const uint32_t zero = b.takeV();
        o.h1 = x.seed == 0 ? row : zero;
        o.h2 = x.seed == 1 ? row : zero;
        return o;
    }
    // row `lane` of the Hessian: f1·h + f2·(g[lane]·g)
    const auto row = [&](uint32_t h, int lane) {
        b.splat(f1), b.get(h), b.simd(kF64x2Mul);
        b.splat(f2), b.splatLane(x.g, lane), b.get(x.g), b.simd(kF64x2Mul), b.simd(kF64x2Mul);
        b.simd(kF64x2Add);
        return b.takeV();
    };
    Num o;
    o.v = f;
    b.splat(f1), b.get(x.g), b.simd(kF64x2Mul);
    o.g = b.takeV();
    o.h1 = row(x.h1, 0);
    o.h2 = row(x.h2, 1);
    return o;
}

/// y = f(x) with f″ = 0: chain1().
Num chain1(Body& b, const Num& x, uint32_t f, uint32_t f1) {
    if (x.seed >= 0) {  // the seed form: f1·e_S, a zero Hessian
        Num o;
        o.v = f;
        b.splat(f1), b.unit2(x.seed), b.simd(kF64x2Mul);
        o.g = b.takeV();
        b.zero2();
        o.h1 = o.h2 = b.takeV();
        return o;
    }
    const auto scaled = [&](uint32_t v) {
        b.splat(f1), b.get(v), b.simd(kF64x2Mul);
        return b.takeV();
    };
    Num o;
    o.v = f;
    o.g = scaled(x.g);
    o.h1 = scaled(x.h1);
    o.h2 = scaled(x.h2);
    return o;
}

/// o = x + s·y componentwise with value v: combine(). sign = +1 or −1 (s = ±1: x ± y, the same
/// bits as x + (±1)·y), or 0 with s the f64 local `scale`.
Num combine(Body& b, const Num& x, const Num& y, int sign, uint32_t scale, uint32_t v) {
    const auto part = [&](uint32_t xp, uint32_t yp) {
        b.get(xp);
        if (sign == 0) {
            b.splat(scale), b.get(yp), b.simd(kF64x2Mul), b.simd(kF64x2Add);
        } else {
            b.get(yp), b.simd(sign > 0 ? kF64x2Add : kF64x2Sub);
        }
        return b.takeV();
    };
    Num o;
    o.v = v;
    o.g = part(x.g, y.g);
    o.h1 = part(x.h1, y.h1);
    o.h2 = part(x.h2, y.h2);
    return o;
}

/// o = −x in every derivative, with value v: negate().
Num negate(Body& b, const Num& x, uint32_t v) {
    if (x.seed >= 0) {  // the seed form: −e_S, a zero Hessian
        Num o;
        o.v = v;
        b.const2(x.seed == 0 ? -1.0 : -0.0, x.seed == 1 ? -1.0 : -0.0);
        o.g = b.takeV();
        b.zero2();
        o.h1 = o.h2 = b.takeV();
        return o;
    }
    const auto negated = [&](uint32_t p) {
        b.get(p), b.simd(kF64x2Neg);
        return b.takeV();
    };
    Num o;
    o.v = v;
    o.g = negated(x.g);
    o.h1 = negated(x.h1);
    o.h2 = negated(x.h2);
    return o;
}

/// o = a·b: mul().
Num mul(Body& b, const Num& a, const Num& c) {
    // row `lane`: (a.h·b.v + (a.g[lane]·b.g + b.g[lane]·a.g)) + a.v·b.h
    const auto row = [&](uint32_t ah, uint32_t ch, int lane) {
        b.get(ah), b.splat(c.v), b.simd(kF64x2Mul);
        b.splatLane(a.g, lane), b.get(c.g), b.simd(kF64x2Mul);
        b.splatLane(c.g, lane), b.get(a.g), b.simd(kF64x2Mul);
        b.simd(kF64x2Add), b.simd(kF64x2Add);
        b.splat(a.v), b.get(ch), b.simd(kF64x2Mul), b.simd(kF64x2Add);
        return b.takeV();
    };
    Num o;
    b.get(a.v), b.get(c.v), b.op(kF64Mul);
    o.v = b.takeF();
    // a.g·b.v + a.v·b.g
    b.get(a.g), b.splat(c.v), b.simd(kF64x2Mul), b.splat(a.v), b.get(c.g), b.simd(kF64x2Mul);
    b.simd(kF64x2Add);
    o.g = b.takeV();
    o.h1 = row(a.h1, c.h1, 0);
    o.h2 = row(a.h2, c.h2, 1);
    return o;
}

/// The scalar x^n for 1 <= n <= 16 as powInt() computes it (its multiplications, in its order).
uint32_t powIntOf(Body& b, uint32_t x, int n) {
    uint32_t r = 0;  // 0: still 1.0
    uint32_t base = x;
    unsigned m = static_cast<unsigned>(n);
    for (;;) {
        if (m & 1u) {
            if (r == 0) {
                b.f64(1.0), b.get(base), b.op(kF64Mul);
            } else {
                b.get(r), b.get(base), b.op(kF64Mul);
            }
            r = b.takeF();
        }
        m >>= 1u;
        if (m == 0) break;
        b.get(base), b.get(base), b.op(kF64Mul);
        base = b.takeF();
    }
    return r;
}

/// A literal constant slot's value (not a parameter, not computed from one), or NaN.
double literalOf(const Program& p, int k) {
    const int firstLiteral = static_cast<int>(p.params.size());
    if (k < firstLiteral || k >= p.firstComputed) return std::nan("");
    return p.constInit[static_cast<size_t>(k)];
}

/// The square (y ± z)², (y ± k)² or (k − y)² of a Sq* code as SqAdd…/SqSub… compute it.
Num square(Body& b, Code code, const Num& y, const Num* z, int k) {
    if (code == Code::SqAddVV || code == Code::SqSubVV) {
        const int sign = code == Code::SqAddVV ? 1 : -1;
        b.get(y.v), b.get(z->v), b.op(sign > 0 ? kF64Add : kF64Sub);
        const uint32_t tv = b.takeF();
        const Num t = combine(b, y, *z, sign, 0, tv);
        b.get(tv), b.get(tv), b.op(kF64Mul);
        const uint32_t f = b.takeF();
        b.f64(2.0), b.get(tv), b.op(kF64Mul);
        const uint32_t f1 = b.takeF();
        b.f64(2.0);
        const uint32_t f2 = b.takeF();
        return chain(b, t, f, f1, f2);
    }
    // v = y + k, y − k or k − y; f1 = 2·v·(±1)
    if (code == Code::SqSubCV) {
        b.constant(k), b.get(y.v), b.op(kF64Sub);
    } else {
        b.get(y.v), b.constant(k), b.op(code == Code::SqAddVC ? kF64Add : kF64Sub);
    }
    const uint32_t v = b.takeF();
    b.get(v), b.get(v), b.op(kF64Mul);
    const uint32_t f = b.takeF();
    b.f64(2.0), b.get(v), b.op(kF64Mul), b.f64(code == Code::SqSubCV ? -1.0 : 1.0), b.op(kF64Mul);
    const uint32_t f1 = b.takeF();
    b.f64(2.0);
    const uint32_t f2 = b.takeF();
    return chain(b, y, f, f1, f2);
}

Code squareCode(Code acc) {
    switch (acc) {
        case Code::AccSqAddVV: return Code::SqAddVV;
        case Code::AccSqAddVC: return Code::SqAddVC;
        case Code::AccSqSubVV: return Code::SqSubVV;
        case Code::AccSqSubVC: return Code::SqSubVC;
        default: return Code::SqSubCV;
    }
}

/// The function's body, or false where an instruction is not covered.
bool generate(const Program& p, Body& b) {
    std::vector<Num> slot(p.prog.size() + 2);
    for (int s = 0; s < 2; ++s) {
        Num& n = slot[static_cast<size_t>(s)];
        n.v = b.newF();
        b.get(s == 0 ? kW1 : kW2), b.set(n.v);
        b.unit2(s);
        n.g = b.takeV();
        b.zero2();
        n.h1 = b.takeV();
        n.h2 = n.h1;
        n.seed = s;
    }
    for (size_t i = 0; i < p.prog.size(); ++i) {
        const Instr& in = p.prog[i];
        const Num& x = slot[static_cast<size_t>(in.a)];
        const auto var = [&](int k) -> const Num& { return slot[static_cast<size_t>(k)]; };
        Num o;
        switch (in.code) {
            case Code::Neg: {
                b.get(x.v), b.op(kF64Neg);
                o = negate(b, x, b.takeF());
                break;
            }
            case Code::Square: {
                b.get(x.v), b.get(x.v), b.op(kF64Mul);
                const uint32_t f = b.takeF();
                b.f64(2.0), b.get(x.v), b.op(kF64Mul);
                const uint32_t f1 = b.takeF();
                b.f64(2.0);
                o = chain(b, x, f, f1, b.takeF());
                break;
            }
            case Code::AddVV: case Code::SubVV: {
                const int sign = in.code == Code::AddVV ? 1 : -1;
                b.get(x.v), b.get(var(in.b).v), b.op(sign > 0 ? kF64Add : kF64Sub);
                o = combine(b, x, var(in.b), sign, 0, b.takeF());
                break;
            }
            case Code::AddVC: case Code::SubVC: {
                o = x;  // the derivatives are x's (a seed's: e_S and zero, as copyOf() writes)
                o.seed = -1;
                b.get(x.v), b.constant(in.b), b.op(in.code == Code::AddVC ? kF64Add : kF64Sub);
                o.v = b.takeF();
                break;
            }
            case Code::SubCV: {
                b.constant(in.b), b.get(x.v), b.op(kF64Sub);
                o = negate(b, x, b.takeF());
                break;
            }
            case Code::MulVV: o = mul(b, x, var(in.b)); break;
            case Code::MulVC: {
                b.constant(in.b);
                const uint32_t k = b.takeF();
                b.get(x.v), b.get(k), b.op(kF64Mul);
                o = chain1(b, x, b.takeF(), k);
                break;
            }
            case Code::DivVC: {
                // divideBy() where the divisor is a literal other than 0 (no NaN case to decide)
                const double d = literalOf(p, in.b);
                if (!(d == d) || d == 0.0) return false;
                b.constant(in.b);
                const uint32_t k = b.takeF();
                b.get(x.v), b.get(k), b.op(kF64Div);
                o.v = b.takeF();
                const auto divided = [&](uint32_t v) {
                    b.get(v), b.splat(k), b.simd(kF64x2Div);
                    return b.takeV();
                };
                o.g = divided(x.g);  // a seed's: e_S/d
                if (x.seed >= 0) {   // the seed form: a zero Hessian
                    b.zero2();
                    o.h1 = o.h2 = b.takeV();
                } else {
                    o.h1 = divided(x.h1);
                    o.h2 = divided(x.h2);
                }
                break;
            }
            case Code::PowVC: {
                // powConst() for a literal integer exponent 3…16: fPow is powInt, and x^n is never
                // NaN for a number x (a NaN x makes every later value NaN, as in the interpreter,
                // and the evaluation's NaN test sees it at the root)
                const double c = literalOf(p, in.b);
                if (!(c >= 3.0 && c <= 16.0 && c == std::floor(c))) return false;
                const int n = static_cast<int>(c);
                const uint32_t v = powIntOf(b, x.v, n);
                const uint32_t pn1 = powIntOf(b, x.v, n - 1);
                b.f64(c), b.get(pn1), b.op(kF64Mul);
                const uint32_t f1 = b.takeF();
                const uint32_t pn2 = powIntOf(b, x.v, n - 2);
                b.f64(c), b.f64(c - 1.0), b.op(kF64Mul), b.get(pn2), b.op(kF64Mul);
                o = chain(b, x, v, f1, b.takeF());
                break;
            }
            case Code::SqAddVV: case Code::SqSubVV:
                o = square(b, in.code, x, &var(in.b), 0);
                break;
            case Code::SqAddVC: case Code::SqSubVC: case Code::SqSubCV:
                o = square(b, in.code, x, nullptr, in.b);
                break;
            case Code::AddMulVVC: case Code::SubMulVVC: {
                const Num& y = var(in.b);
                b.constant(in.c);
                const uint32_t k = b.takeF();
                b.get(x.v), b.get(y.v), b.get(k), b.op(kF64Mul);
                b.op(in.code == Code::AddMulVVC ? kF64Add : kF64Sub);
                const uint32_t v = b.takeF();
                uint32_t s = k;
                if (in.code == Code::SubMulVVC) {
                    b.get(k), b.op(kF64Neg);
                    s = b.takeF();
                }
                o = combine(b, x, y, 0, s, v);
                break;
            }
            case Code::AccSqAddVV: case Code::AccSqAddVC: case Code::AccSqSubVV: case Code::AccSqSubVC:
            case Code::AccSqSubCV: {
                const Code sq = squareCode(in.code);
                const bool vv = sq == Code::SqAddVV || sq == Code::SqSubVV;
                Num y = var(in.b);
                y.seed = -1;  // the fused square takes its general rules (exec<…, -1>)
                const Num s = square(b, sq, y, vv ? &var(in.c) : nullptr, in.c);
                b.constant(in.d);
                const uint32_t k = b.takeF();
                b.get(x.v), b.get(s.v), b.get(k), b.op(kF64Mul), b.op(kF64Add);
                o = combine(b, x, s, 0, k, b.takeF());
                break;
            }
            default:
                return false;
        }
        slot[i + 2] = o;
    }
    // the root's value, gradient and Hessian rows into out
    const Num& r = slot[static_cast<size_t>(p.root)];
    b.get(kOut), b.get(r.v), b.byte(kF64Store), b.u32(3), b.u32(0);
    const auto store = [&](uint32_t v, uint32_t offset) {
        b.get(kOut), b.get(v), b.simd(kV128Store), b.u32(4), b.u32(offset);
    };
    store(r.g, 16);
    store(r.h1, 32);
    store(r.h2, 48);
    b.byte(kEnd);
    return true;
}

void u32To(std::vector<uint8_t>& out, uint32_t v) {
    do {
        uint8_t c = v & 0x7f;
        v >>= 7;
        if (v != 0) c |= 0x80;
        out.push_back(c);
    } while (v != 0);
}

void section(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& body) {
    out.push_back(id);
    u32To(out, static_cast<uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
}

}  // namespace

std::vector<uint8_t> wasmModuleOf(const Program& p) {
    if (!p.rootIsVar) return {};
    // first pass: how many f64 locals (the v128 ones are numbered after them)
    Body count(0);
    if (!generate(p, count)) return {};
    const uint32_t nF = count.f64Locals(), nV = count.v128Locals();
    if (nF + nV > 40000) return {};  // engines allow 50,000 locals in a function
    Body body(4 + nF);
    generate(p, body);

    std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    section(m, 1, {0x01, 0x60, 0x04, kTypeI32, kTypeF64, kTypeF64, kTypeI32, 0x00});  // types
    section(m, 2, {0x01, 0x03, 'e', 'n', 'v', 0x01, 'm', 0x02, 0x00, 0x00});         // imports
    section(m, 3, {0x01, 0x00});                                                     // functions
    section(m, 7, {0x01, 0x01, 'f', 0x00, 0x00});                                    // exports
    std::vector<uint8_t> fn;
    fn.push_back(0x02);  // two runs of locals
    u32To(fn, nF);
    fn.push_back(kTypeF64);
    u32To(fn, nV);
    fn.push_back(kTypeV128);
    fn.insert(fn.end(), body.code.begin(), body.code.end());
    std::vector<uint8_t> code = {0x01};
    u32To(code, static_cast<uint32_t>(fn.size()));
    code.insert(code.end(), fn.begin(), fn.end());
    section(m, 10, code);
    return m;
}

}  // namespace detail
}  // namespace optiscape
