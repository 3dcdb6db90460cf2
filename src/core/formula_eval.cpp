// The formula evaluators: value only, value with exact gradient and Hessian (hyper-dual numbers,
// one per instruction), and values over blocks of points; all share the scalar rules of
// formula_program.h, so the three agree to the last bit on the value.
#include <algorithm>

#include "formula.h"
#include "formula_program.h"

namespace optiscape {
namespace {

using detail::Code;
using detail::Instr;
using detail::kNaN;
using detail::Program;

/// A value with its gradient and Hessian with respect to (w1, w2).
struct HD {
    double v, g1, g2, h11, h12, h22;
};

constexpr HD kNaNHD{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};

/// y = f(x) with f′(x) = f1, f″(x) = f2.
inline void chain(HD& o, const HD& x, double f, double f1, double f2) {
    o.v = f;
    o.g1 = f1 * x.g1;
    o.g2 = f1 * x.g2;
    o.h11 = f1 * x.h11 + f2 * x.g1 * x.g1;
    o.h12 = f1 * x.h12 + f2 * x.g1 * x.g2;
    o.h22 = f1 * x.h22 + f2 * x.g2 * x.g2;
}

/// y = f(x) with f″ = 0.
inline void chain1(HD& o, const HD& x, double f, double f1) {
    o.v = f;
    o.g1 = f1 * x.g1;
    o.g2 = f1 * x.g2;
    o.h11 = f1 * x.h11;
    o.h12 = f1 * x.h12;
    o.h22 = f1 * x.h22;
}

inline void mul(HD& o, const HD& a, const HD& b) {
    o.v = a.v * b.v;
    o.g1 = a.g1 * b.v + a.v * b.g1;
    o.g2 = a.g2 * b.v + a.v * b.g2;
    o.h11 = a.h11 * b.v + 2.0 * a.g1 * b.g1 + a.v * b.h11;
    o.h12 = a.h12 * b.v + a.g1 * b.g2 + a.g2 * b.g1 + a.v * b.h12;
    o.h22 = a.h22 * b.v + 2.0 * a.g2 * b.g2 + a.v * b.h22;
}

/// q = a/b (a is null for a constant numerator ca): from a = q·b,
/// ∇q = (∇a − q∇b)/b, ∇²q = (∇²a − q∇²b − ∇q∇bᵀ − ∇b∇qᵀ)/b.
inline void divide(HD& o, const HD* a, double ca, const HD& b) {
    if (b.v == 0.0) {
        o = kNaNHD;
        return;
    }
    const double q = (a ? a->v : ca) / b.v;
    const double g1 = ((a ? a->g1 : 0.0) - q * b.g1) / b.v;
    const double g2 = ((a ? a->g2 : 0.0) - q * b.g2) / b.v;
    o.h11 = ((a ? a->h11 : 0.0) - q * b.h11 - 2.0 * g1 * b.g1) / b.v;
    o.h12 = ((a ? a->h12 : 0.0) - q * b.h12 - g1 * b.g2 - g2 * b.g1) / b.v;
    o.h22 = ((a ? a->h22 : 0.0) - q * b.h22 - 2.0 * g2 * b.g2) / b.v;
    o.v = q;
    o.g1 = g1;
    o.g2 = g2;
}

inline void scale(HD& o, const HD& x, double v, double s) {
    o.v = v;
    o.g1 = s * x.g1;
    o.g2 = s * x.g2;
    o.h11 = s * x.h11;
    o.h12 = s * x.h12;
    o.h22 = s * x.h22;
}

/// min/max of a and b picking `a` (pick > 0), `b` (pick < 0) or half of each (a tie).
inline void pickOf(HD& o, const HD& a, const HD& b, int pick) {
    if (pick > 0) {
        o = a;
    } else if (pick < 0) {
        o = b;
    } else {
        o = {a.v, 0.5 * (a.g1 + b.g1), 0.5 * (a.g2 + b.g2), 0.5 * (a.h11 + b.h11),
             0.5 * (a.h12 + b.h12), 0.5 * (a.h22 + b.h22)};
    }
}

/// Derivatives of x^c (c constant): c·x^(c−1), c(c−1)·x^(c−2), exactly 0 where the factor is.
inline void powConst(HD& o, const HD& x, double c) {
    const double v = detail::fPow(x.v, c);
    if (v != v) {
        o = kNaNHD;
        return;
    }
    const double f1 = c == 0.0 ? 0.0 : c * std::pow(x.v, c - 1.0);
    const double f2 = (c == 0.0 || c == 1.0) ? 0.0 : c * (c - 1.0) * std::pow(x.v, c - 2.0);
    chain(o, x, v, f1, f2);
}

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
        }
    }
    return p.rootIsVar ? r[p.root] : c[p.root];
}

/// Which of two values min (sign −1) or max (+1) picks: 1 the first, −1 the second, 0 a tie.
inline int pickMinMax(double a, double b, int sign) {
    if (a == b) return 0;
    return ((a < b) == (sign < 0)) ? 1 : -1;
}

Eval runHD(const Program& p, const double* c, const Vec2& w, HD* r) {
    r[0] = {w[0], 1.0, 0.0, 0.0, 0.0, 0.0};
    r[1] = {w[1], 0.0, 1.0, 0.0, 0.0, 0.0};
    const Instr* code = p.prog.data();
    const size_t n = p.prog.size();
    for (size_t i = 0; i < n; ++i) {
        const Instr in = code[i];
        HD& o = r[i + 2];
        const HD& x = r[in.a];  // always a variable slot
        switch (in.code) {
            case Code::Neg: o = {-x.v, -x.g1, -x.g2, -x.h11, -x.h12, -x.h22}; break;
            case Code::Square: chain(o, x, x.v * x.v, 2.0 * x.v, 2.0); break;
            case Code::Sin: {
                const double s = std::sin(x.v), co = std::cos(x.v);
                chain(o, x, s, co, -s);
                break;
            }
            case Code::Cos: {
                const double s = std::sin(x.v), co = std::cos(x.v);
                chain(o, x, co, -s, -co);
                break;
            }
            case Code::Tan: {
                const double t = std::tan(x.v), d = 1.0 + t * t;
                chain(o, x, t, d, 2.0 * t * d);
                break;
            }
            case Code::Exp: {
                const double e = std::exp(x.v);
                chain(o, x, e, e, e);
                break;
            }
            case Code::Log:
                if (x.v > 0.0) {
                    const double inv = 1.0 / x.v;
                    chain(o, x, std::log(x.v), inv, -inv * inv);
                } else {
                    o = kNaNHD;
                }
                break;
            case Code::Sqrt:
                if (x.v >= 0.0) {
                    const double s = std::sqrt(x.v);
                    chain(o, x, s, 0.5 / s, -0.25 / (s * x.v));
                } else {
                    o = kNaNHD;
                }
                break;
            case Code::Abs:
                chain1(o, x, std::fabs(x.v), x.v > 0.0 ? 1.0 : x.v < 0.0 ? -1.0 : 0.0);
                break;
            case Code::Tanh: {
                const double t = std::tanh(x.v), d = 1.0 - t * t;
                chain(o, x, t, d, -2.0 * t * d);
                break;
            }
            case Code::Sigmoid: {
                const double s = detail::fSigmoid(x.v), d = s * (1.0 - s);
                chain(o, x, s, d, d * (1.0 - 2.0 * s));
                break;
            }
            case Code::Relu: chain1(o, x, detail::fRelu(x.v), x.v > 0.0 ? 1.0 : 0.0); break;
            case Code::Softplus: {
                const double s = detail::fSigmoid(x.v);
                chain(o, x, detail::fSoftplus(x.v), s, s * (1.0 - s));
                break;
            }
            case Code::AddVV: {
                const HD& y = r[in.b];
                o = {x.v + y.v, x.g1 + y.g1, x.g2 + y.g2, x.h11 + y.h11, x.h12 + y.h12, x.h22 + y.h22};
                break;
            }
            case Code::AddVC: o = x, o.v = x.v + c[in.b]; break;
            case Code::SubVV: {
                const HD& y = r[in.b];
                o = {x.v - y.v, x.g1 - y.g1, x.g2 - y.g2, x.h11 - y.h11, x.h12 - y.h12, x.h22 - y.h22};
                break;
            }
            case Code::SubVC: o = x, o.v = x.v - c[in.b]; break;
            case Code::SubCV: o = {c[in.b] - x.v, -x.g1, -x.g2, -x.h11, -x.h12, -x.h22}; break;
            case Code::MulVV: mul(o, x, r[in.b]); break;
            case Code::MulVC: scale(o, x, x.v * c[in.b], c[in.b]); break;
            case Code::DivVV: divide(o, &x, 0.0, r[in.b]); break;
            case Code::DivVC:
                if (c[in.b] == 0.0) {
                    o = kNaNHD;
                } else {
                    const double d = c[in.b];
                    o = {x.v / d, x.g1 / d, x.g2 / d, x.h11 / d, x.h12 / d, x.h22 / d};
                }
                break;
            case Code::DivCV: divide(o, nullptr, c[in.b], x); break;
            case Code::PowVC: powConst(o, x, c[in.b]); break;
            case Code::PowVV: {
                // x^y = exp(y·ln x): d(x^y) = x^y·d(y·ln x)
                const HD& y = r[in.b];
                const double v = detail::fPowVar(x.v, y.v);
                if (v != v) {
                    o = kNaNHD;
                    break;
                }
                HD lx, e;
                const double inv = 1.0 / x.v;
                chain(lx, x, std::log(x.v), inv, -inv * inv);
                mul(e, y, lx);
                chain(o, e, v, v, v);
                break;
            }
            case Code::PowCV: {
                const double v = detail::fPowVar(c[in.b], x.v);
                if (v != v) {
                    o = kNaNHD;
                    break;
                }
                const double l = std::log(c[in.b]);
                chain(o, x, v, v * l, v * l * l);
                break;
            }
            case Code::MinVV:
            case Code::MaxVV: {
                const HD& y = r[in.b];
                if (x.v != x.v || y.v != y.v) {
                    o = kNaNHD;
                    break;
                }
                pickOf(o, x, y, pickMinMax(x.v, y.v, in.code == Code::MinVV ? -1 : 1));
                break;
            }
            case Code::MinVC:
            case Code::MaxVC: {
                const double k = c[in.b];
                if (x.v != x.v || k != k) {
                    o = kNaNHD;
                    break;
                }
                const HD kc{k, 0.0, 0.0, 0.0, 0.0, 0.0};
                pickOf(o, x, kc, pickMinMax(x.v, k, in.code == Code::MinVC ? -1 : 1));
                break;
            }
            case Code::SqAddVV:
            case Code::SqSubVV: {
                const HD& y = r[in.b];
                const double s = in.code == Code::SqAddVV ? 1.0 : -1.0;
                const HD t{in.code == Code::SqAddVV ? x.v + y.v : x.v - y.v, x.g1 + s * y.g1, x.g2 + s * y.g2,
                           x.h11 + s * y.h11, x.h12 + s * y.h12, x.h22 + s * y.h22};
                chain(o, t, t.v * t.v, 2.0 * t.v, 2.0);
                break;
            }
            case Code::SqAddVC:
            case Code::SqSubVC:
            case Code::SqSubCV: {
                const double v = in.code == Code::SqAddVC   ? x.v + c[in.b]
                                 : in.code == Code::SqSubVC ? x.v - c[in.b]
                                                            : c[in.b] - x.v;
                const double f1 = 2.0 * v * (in.code == Code::SqSubCV ? -1.0 : 1.0);  // d(t²)/dx
                chain(o, x, v * v, f1, 2.0);
                break;
            }
            case Code::AddMulVVC:
            case Code::SubMulVVC: {
                const HD& y = r[in.b];
                const double k = c[in.c], s = in.code == Code::AddMulVVC ? k : -k;
                o = {in.code == Code::AddMulVVC ? x.v + y.v * k : x.v - y.v * k, x.g1 + s * y.g1,
                     x.g2 + s * y.g2, x.h11 + s * y.h11, x.h12 + s * y.h12, x.h22 + s * y.h22};
                break;
            }
        }
    }
    Eval e;
    if (!p.rootIsVar) {
        e.value = c[p.root];
    } else {
        const HD& y = r[p.root];
        e.value = y.v;
        e.gradient << y.g1, y.g2;
        e.hessian << y.h11, y.h12, y.h12, y.h22;
    }
    if (e.value != e.value) {
        e.gradient.setConstant(kNaN);
        e.hessian.setConstant(kNaN);
    }
    return e;
}

/// Runs `fn` with scratch space for n items of T: on the stack when small.
template <class T, size_t kSmall, class Fn>
auto withScratch(size_t n, Fn fn) {
    if (n <= kSmall) {
        T buf[kSmall];
        return fn(buf);
    }
    std::vector<T> heap(n);
    return fn(heap.data());
}

Eval nanEval() {
    Eval e;
    e.value = kNaN;
    e.gradient.setConstant(kNaN);
    e.hessian.setConstant(kNaN);
    return e;
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

const std::string& Formula::text() const { return p_->text; }
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
    return withScratch<double, 256>(p_->prog.size() + 2, [&](double* r) {
        return runValue(*p_, bound.data(), w[0], w[1], r);
    });
}

Eval Formula::evaluateBound(const Vec2& w, const std::vector<double>& bound) const {
    if (bound.size() != p_->constInit.size()) return nanEval();
    return withScratch<HD, 64>(p_->prog.size() + 2, [&](HD* r) {
        return runHD(*p_, bound.data(), w, r);
    });
}

double Formula::value(const Vec2& w, const std::vector<double>& params) const {
    return withScratch<double, 64>(p_->constInit.size(), [&](double* c) {
        bindInto(*p_, params, c);
        return withScratch<double, 256>(p_->prog.size() + 2, [&](double* r) {
            return runValue(*p_, c, w[0], w[1], r);
        });
    });
}

Eval Formula::evaluate(const Vec2& w, const std::vector<double>& params) const {
    return withScratch<double, 64>(p_->constInit.size(), [&](double* c) {
        bindInto(*p_, params, c);
        return withScratch<HD, 64>(p_->prog.size() + 2, [&](HD* r) { return runHD(*p_, c, w, r); });
    });
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
            const bool vv = in.code == Code::AddVV || in.code == Code::SubVV || in.code == Code::MulVV ||
                            in.code == Code::DivVV || in.code == Code::PowVV || in.code == Code::MinVV ||
                            in.code == Code::MaxVV || in.code == Code::SqAddVV || in.code == Code::SqSubVV ||
                            in.code == Code::AddMulVVC || in.code == Code::SubMulVVC;
            const bool unary = in.code <= Code::Softplus;
            const double* __restrict y = vv ? r + static_cast<size_t>(in.b) * B : x;
            const double kb = vv || unary ? 0.0 : c[in.b];
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
            }
        }
        std::copy(r + static_cast<size_t>(p.root) * B, r + static_cast<size_t>(p.root) * B + m, out + start);
    }
}

}  // namespace optiscape
