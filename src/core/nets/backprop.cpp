// Forward and backward passes written once over a number type T: double for the loss and its
// gradient, Dual (a value and a directional derivative) for Hessian-vector products. The loops run
// over samples innermost, so with T = double they vectorise.
#include "core/nets/backprop.h"

#include <algorithm>
#include <cmath>

#include "core/nets/fast_tanh.h"

namespace optiscape::nets {
namespace {

constexpr double kLeakySlope = 0.01;
constexpr double kSoftplusThreshold = 20.0;

/// A dual number v + ε·d (ε² = 0): arithmetic on it carries a directional derivative exactly.
struct Dual {
    double v = 0.0, d = 0.0;
    Dual() = default;
    Dual(double value, double deriv = 0.0) : v(value), d(deriv) {}  // NOLINT: implicit from double
};
inline Dual operator+(Dual a, Dual b) { return {a.v + b.v, a.d + b.d}; }
inline Dual operator-(Dual a, Dual b) { return {a.v - b.v, a.d - b.d}; }
inline Dual operator-(Dual a) { return {-a.v, -a.d}; }
inline Dual operator*(Dual a, Dual b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }
inline Dual operator/(Dual a, Dual b) { return {a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)}; }
inline Dual& operator+=(Dual& a, Dual b) { return a = a + b; }
inline Dual exp(Dual a) {
    const double e = std::exp(a.v);
    return {e, e * a.d};
}
inline Dual log(Dual a) { return {std::log(a.v), a.d / a.v}; }
inline Dual log1p(Dual a) { return {std::log1p(a.v), a.d / (1.0 + a.v)}; }
inline Dual tanh(Dual a) {
    const double t = fastTanh(a.v);
    return {t, (1.0 - t * t) * a.d};
}
inline double tanh(double a) { return fastTanh(a); }
inline double val(double x) { return x; }
inline double val(Dual x) { return x.v; }
using std::exp;
using std::log;
using std::log1p;

template <class T>
T sigmoid(T z) {
    return T(1.0) / (T(1.0) + exp(-z));
}

/// The activation of z, as torch computes it.
template <class T>
T activate(Activation a, T z) {
    switch (a) {
        case Activation::Tanh: return tanh(z);
        case Activation::ReLU: return val(z) > 0 ? z : T(0.0);
        case Activation::LeakyReLU: return val(z) > 0 ? z : T(kLeakySlope) * z;
        case Activation::Sigmoid: return sigmoid(z);
        case Activation::Softplus: return val(z) > kSoftplusThreshold ? z : log1p(exp(z));
        case Activation::Linear: return z;
    }
    return z;
}

/// a[i] = activate(z[i]) for i < count, one value at a time.
template <class T>
void activateEach(Activation act, const T* z, T* a, size_t count) {
    for (size_t i = 0; i < count; ++i) a[i] = activate(act, z[i]);
}
/// The same, with tanh (most of a forward pass) in vectorised passes: whole in float64; for dual
/// numbers the values first, then the derivative parts.
inline void activateAll(Activation act, const double* z, double* a, size_t count) {
    if (act == Activation::Tanh)
        fastTanh(z, a, count);
    else
        activateEach(act, z, a, count);
}
inline void activateAll(Activation act, const Dual* z, Dual* a, size_t count) {
    if (act != Activation::Tanh) return activateEach(act, z, a, count);
    for (size_t i = 0; i < count; ++i) a[i].v = detail::tanhArgument(z[i].v);
    for (size_t i = 0; i < count; ++i) {
        const double t = detail::tanhOfArgument(a[i].v);
        a[i] = Dual(t, (1.0 - t * t) * z[i].d);
    }
}

/// Its derivative at z (with a = activate(z)), in the form torch's backward uses.
template <class T>
T derivative(Activation act, T z, T a) {
    switch (act) {
        case Activation::Tanh: return T(1.0) - a * a;
        case Activation::ReLU: return T(val(z) > 0 ? 1.0 : 0.0);
        case Activation::LeakyReLU: return T(val(z) > 0 ? 1.0 : kLeakySlope);
        case Activation::Sigmoid: return (T(1.0) - a) * a;
        case Activation::Softplus: {
            if (val(z) > kSoftplusThreshold) return T(1.0);
            const T e = exp(z);
            return e / (e + T(1.0));
        }
        case Activation::Linear: return T(1.0);
    }
    return T(1.0);
}

/// Scratch of one pass in number type T.
template <class T>
struct Pass {
    std::vector<std::vector<T>> z, a;
    std::vector<T> delta, dprev, theta, grad;
};

/// z = W·a_in + b for one layer over n samples (unit-major), then a = act(z) unless it is the last.
template <class T, class In>
void layerForward(const LayerShape& s, const T* theta, const In* in, int n, T* z) {
    for (int j = 0; j < s.out; ++j) {
        T* zj = z + static_cast<size_t>(j) * n;
        const T bj = theta[s.bOffset + j];
        for (int i = 0; i < n; ++i) zj[i] = bj;
        for (int k = 0; k < s.in; ++k) {
            const T w = theta[s.wOffset + j * s.in + k];
            const In* ak = in + static_cast<size_t>(k) * n;
            for (int i = 0; i < n; ++i) zj[i] += w * ak[i];
        }
    }
}

/// Σᵢ x[i]·y[i] in four interleaved partial sums (a reduction the compiler may vectorise).
template <class T, class U>
T dot(const T* x, const U* y, int n) {
    T s0(0.0), s1(0.0), s2(0.0), s3(0.0);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i] * y[i];
        s1 += x[i + 1] * y[i + 1];
        s2 += x[i + 2] * y[i + 2];
        s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; ++i) s0 += x[i] * y[i];
    return (s0 + s1) + (s2 + s3);
}

template <class T>
T sum(const T* x, int n) {
    T s0(0.0), s1(0.0), s2(0.0), s3(0.0);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
    }
    for (; i < n; ++i) s0 += x[i];
    return (s0 + s1) + (s2 + s3);
}

/// The forward pass: every layer's z and (hidden) a.
template <class T>
void forward(const Model& m, const std::vector<LayerShape>& shapes, const T* theta, const Batch& b,
             std::vector<std::vector<T>>& z, std::vector<std::vector<T>>& a) {
    const int L = m.layerCount(), n = b.n;
    z.resize(static_cast<size_t>(L));
    a.resize(static_cast<size_t>(L));
    for (int l = 0; l < L; ++l) {
        const LayerShape& s = shapes[static_cast<size_t>(l)];
        std::vector<T>& zl = z[static_cast<size_t>(l)];
        zl.resize(static_cast<size_t>(s.out) * n);
        if (l == 0)
            layerForward(s, theta, b.x.data(), n, zl.data());
        else
            layerForward(s, theta, a[static_cast<size_t>(l)].data(), n, zl.data());
        if (l + 1 < L) {
            std::vector<T>& next = a[static_cast<size_t>(l) + 1];
            next.resize(zl.size());
            activateAll(m.activation, zl.data(), next.data(), zl.size());
        }
    }
}

/// The loss of the outputs z (outputs × n) and, when dz is given, dL/dz.
template <class T>
T lossOf(const Model& m, const std::vector<T>& z, const Batch& b, T* dz) {
    const int n = b.n, C = m.outputs();
    if (n == 0) return T(0.0);
    T total(0.0);
    switch (m.loss) {
        case LossKind::MSE: {
            const double scale = 1.0 / (static_cast<double>(n) * C);
            for (int j = 0; j < C; ++j)
                for (int i = 0; i < n; ++i) {
                    const double y = C == 1 ? b.y[static_cast<size_t>(i)]
                                            : (static_cast<int>(b.y[static_cast<size_t>(i)]) == j ? 1.0 : 0.0);
                    const T r = z[static_cast<size_t>(j) * n + i] - T(y);
                    total += r * r;
                    if (dz) dz[static_cast<size_t>(j) * n + i] = T(2.0 * scale) * r;
                }
            return total * T(scale);
        }
        case LossKind::BCE: {
            // torch: (1 − y)·z + m + ln(e^−m + e^(−z−m)), m = max(−z, 0); gradient (σ(z) − y)/n
            for (int i = 0; i < n; ++i) {
                const T zi = z[static_cast<size_t>(i)];
                const double y = b.y[static_cast<size_t>(i)];
                const T mx = val(zi) < 0 ? -zi : T(0.0);
                total += T(1.0 - y) * zi + mx + log(exp(-mx) + exp(-zi - mx));
                if (dz) dz[i] = (sigmoid(zi) - T(y)) * T(1.0 / n);
            }
            return total * T(1.0 / n);
        }
        case LossKind::CE: {
            // log-softmax with the maximum subtracted; gradient (softmax − one-hot)/n
            std::vector<T> e(static_cast<size_t>(C));
            for (int i = 0; i < n; ++i) {
                double mx = val(z[static_cast<size_t>(i)]);
                for (int j = 1; j < C; ++j) mx = std::max(mx, val(z[static_cast<size_t>(j) * n + i]));
                T s(0.0);
                for (int j = 0; j < C; ++j) {
                    e[static_cast<size_t>(j)] = exp(z[static_cast<size_t>(j) * n + i] - T(mx));
                    s += e[static_cast<size_t>(j)];
                }
                const int y = static_cast<int>(b.y[static_cast<size_t>(i)]);
                const T lse = log(s);
                total += lse - (z[static_cast<size_t>(y) * n + i] - T(mx));
                if (dz)
                    for (int j = 0; j < C; ++j)
                        dz[static_cast<size_t>(j) * n + i] =
                            (e[static_cast<size_t>(j)] / s - T(j == y ? 1.0 : 0.0)) * T(1.0 / n);
            }
            return total * T(1.0 / n);
        }
    }
    return total;
}

/// Backpropagation from dL/dz of the last layer (in delta) down to the first: the gradient into g.
template <class T>
void backward(const Model& m, const std::vector<LayerShape>& shapes, const T* theta, const Batch& b,
              const std::vector<std::vector<T>>& z, const std::vector<std::vector<T>>& a,
              std::vector<T>& delta, std::vector<T>& dprev, T* g) {
    const int n = b.n;
    for (int l = m.layerCount() - 1; l >= 0; --l) {
        const LayerShape& s = shapes[static_cast<size_t>(l)];
        for (int j = 0; j < s.out; ++j) {
            const T* dj = delta.data() + static_cast<size_t>(j) * n;
            g[s.bOffset + j] = sum(dj, n);
            for (int k = 0; k < s.in; ++k)
                g[s.wOffset + j * s.in + k] =
                    l == 0 ? T(dot(dj, b.x.data() + static_cast<size_t>(k) * n, n))
                           : dot(dj, a[static_cast<size_t>(l)].data() + static_cast<size_t>(k) * n, n);
        }
        if (l == 0) break;
        // dL/da of the layer below, then through its activation
        dprev.assign(static_cast<size_t>(s.in) * n, T(0.0));
        for (int j = 0; j < s.out; ++j) {
            const T* dj = delta.data() + static_cast<size_t>(j) * n;
            for (int k = 0; k < s.in; ++k) {
                const T w = theta[s.wOffset + j * s.in + k];
                T* pk = dprev.data() + static_cast<size_t>(k) * n;
                for (int i = 0; i < n; ++i) pk[i] += w * dj[i];
            }
        }
        const std::vector<T>& zb = z[static_cast<size_t>(l) - 1];
        const std::vector<T>& ab = a[static_cast<size_t>(l)];
        for (size_t i = 0; i < dprev.size(); ++i) dprev[i] = dprev[i] * derivative(m.activation, zb[i], ab[i]);
        delta.swap(dprev);
    }
}

template <class T>
T lossAndGradient(const Model& m, const std::vector<LayerShape>& shapes, const T* theta, const Batch& b,
                  Pass<T>& p, T* g) {
    forward(m, shapes, theta, b, p.z, p.a);
    p.delta.resize(static_cast<size_t>(m.outputs()) * b.n);
    const T L = lossOf(m, p.z.back(), b, g ? p.delta.data() : nullptr);
    if (g) {
        if (b.n == 0)
            std::fill(g, g + m.parameterCount(), T(0.0));
        else
            backward(m, shapes, theta, b, p.z, p.a, p.delta, p.dprev, g);
    }
    return L;
}

}  // namespace

Batch makeBatch(const double* x, const double* y, int inputs, int classes, const int* rows, int count) {
    Batch b;
    b.n = count;
    b.inputs = inputs;
    b.classes = classes;
    b.x.resize(static_cast<size_t>(inputs) * count);
    b.y.resize(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const size_t r = static_cast<size_t>(rows ? rows[i] : i);
        for (int f = 0; f < inputs; ++f) b.x[static_cast<size_t>(f) * count + i] = x[r * inputs + f];
        b.y[static_cast<size_t>(i)] = y[r];
    }
    return b;
}

void gatherBatch(const Batch& all, const int* idx, int count, Batch& out) {
    out.n = count;
    out.inputs = all.inputs;
    out.classes = all.classes;
    out.x.resize(static_cast<size_t>(all.inputs) * count);
    out.y.resize(static_cast<size_t>(count));
    for (int f = 0; f < all.inputs; ++f) {
        const double* src = all.x.data() + static_cast<size_t>(f) * all.n;
        double* dst = out.x.data() + static_cast<size_t>(f) * count;
        for (int i = 0; i < count; ++i) dst[i] = src[idx[i]];
    }
    for (int i = 0; i < count; ++i) out.y[static_cast<size_t>(i)] = all.y[static_cast<size_t>(idx[i])];
}

Backprop::Backprop(Model m) : model_(std::move(m)), shapes_(model_.layers()) {}

double Backprop::loss(const VecX& theta, const Batch& b) {
    forward(model_, shapes_, theta.data(), b, z_, a_);
    return lossOf<double>(model_, z_.back(), b, nullptr);
}

double Backprop::gradient(const VecX& theta, const Batch& b, VecX& g) {
    g.resize(model_.parameterCount());
    forward(model_, shapes_, theta.data(), b, z_, a_);
    delta_.resize(static_cast<size_t>(model_.outputs()) * b.n);
    const double L = lossOf<double>(model_, z_.back(), b, delta_.data());
    if (b.n == 0)
        g.setZero();
    else
        backward(model_, shapes_, theta.data(), b, z_, a_, delta_, dprev_, g.data());
    return L;
}

VecX Backprop::hessianVector(const VecX& theta, const Batch& b, const VecX& v, VecX* g, double* loss) {
    const int P = model_.parameterCount();
    Pass<Dual> p;
    p.theta.resize(static_cast<size_t>(P));
    p.grad.resize(static_cast<size_t>(P));
    for (int i = 0; i < P; ++i) p.theta[static_cast<size_t>(i)] = Dual(theta[i], v[i]);
    const Dual L = lossAndGradient(model_, shapes_, p.theta.data(), b, p, p.grad.data());
    VecX hv(P);
    if (g) g->resize(P);
    for (int i = 0; i < P; ++i) {
        hv[i] = p.grad[static_cast<size_t>(i)].d;
        if (g) (*g)[i] = p.grad[static_cast<size_t>(i)].v;
    }
    if (loss) *loss = L.v;
    return hv;
}

MatX Backprop::hessian(const VecX& theta, const Batch& b) {
    const int P = model_.parameterCount();
    MatX H(P, P);
    VecX e = VecX::Zero(P);
    for (int i = 0; i < P; ++i) {
        e[i] = 1.0;
        H.col(i) = hessianVector(theta, b, e);
        e[i] = 0.0;
    }
    return 0.5 * (H + H.transpose());
}

void Backprop::outputs(const VecX& theta, const Batch& b, std::vector<double>& out) {
    forward(model_, shapes_, theta.data(), b, z_, a_);
    out = z_.back();
}

namespace {
double sigmoidD(double z) { return 1.0 / (1.0 + std::exp(-z)); }
}  // namespace

int predictedClass(const Model& m, const std::vector<double>& z, int n, int i, int classes) {
    const int C = m.outputs();
    if (m.loss == LossKind::BCE) return z[static_cast<size_t>(i)] > 0 ? 1 : 0;
    if (C == 1) return classes == 2 && z[static_cast<size_t>(i)] > 0.5 ? 1 : 0;
    int best = 0;
    for (int j = 1; j < C; ++j)
        if (z[static_cast<size_t>(j) * n + i] > z[static_cast<size_t>(best) * n + i]) best = j;
    return best;
}

double accuracy(const Model& m, const std::vector<double>& z, const Batch& b) {
    if (b.classes < 2 || b.n == 0) return std::nan("");
    int right = 0;
    for (int i = 0; i < b.n; ++i)
        right += predictedClass(m, z, b.n, i, b.classes) == static_cast<int>(b.y[static_cast<size_t>(i)]);
    return static_cast<double>(right) / b.n;
}

double classOneProbability(const Model& m, const std::vector<double>& z, int n, int i) {
    const int C = m.outputs();
    if (m.loss == LossKind::BCE) return sigmoidD(z[static_cast<size_t>(i)]);
    if (m.loss == LossKind::CE && C >= 2) {
        double mx = z[static_cast<size_t>(i)];
        for (int j = 1; j < C; ++j) mx = std::max(mx, z[static_cast<size_t>(j) * n + i]);
        double s = 0.0;
        for (int j = 0; j < C; ++j) s += std::exp(z[static_cast<size_t>(j) * n + i] - mx);
        return std::exp(z[static_cast<size_t>(n) + i] - mx) / s;
    }
    if (C >= 2) return std::clamp(z[static_cast<size_t>(n) + i], 0.0, 1.0);
    return z[static_cast<size_t>(i)];
}

}  // namespace optiscape::nets
