// The optimizer table, hyperparameter declarations and the step function, in PyTorch 1.13's
// single-tensor operation order (shared/CONVENTIONS.md).
#include "optimizer.h"

#include <Eigen/Cholesky>

#include "optimizer_rules.h"

#include <algorithm>
#include <cmath>

namespace optiscape {
namespace {

HyperSpec hyper(std::string name, std::string symbol, double def, double min, double max,
                bool logScale, std::string help, double Hyper::*field) {
    HyperSpec h;
    h.spec.name = std::move(name);
    h.spec.symbol = std::move(symbol);
    h.spec.def = def;
    h.spec.min = min;
    h.spec.max = max;
    h.spec.logScale = logScale;
    h.spec.help = std::move(help);
    h.field = field;
    return h;
}

}  // namespace

const std::vector<OptimizerInfo>& optimizers() {
    static const std::string adamG = "β₂/(1 − β₂ᵗ)·G_{t−1} + (1 − β₂)/(1 − β₂ᵗ)·D_t";
    static const std::string adamAB = " | γ_t·(1 − β₁)/(1 − β₁ᵗ) | β₁·(1 − β₁ᵗ⁻¹)/(1 − β₁ᵗ)";
    static const std::string adamState =
        "m = state.m: running mean of ∇L (first moment); v = state.v: running mean of ∇L² (second "
        "moment), both before the bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)";
    static const std::vector<OptimizerInfo> table = {
        {OptimizerKind::GD, "gd", "Gradient descent", "torch.optim.SGD(params, lr, weight_decay)",
         "w ← w − γ·∇L", {"lr", "weight-decay"}, "I | γ_t | 0",
         "none: each step uses only the gradient (state.grad)", true},
        {OptimizerKind::Momentum, "momentum", "Heavy ball (momentum)",
         "torch.optim.SGD(params, lr, momentum, dampening, weight_decay)",
         "b ← μ·b + (1 − τ)·∇L,  w ← w − γ·b", {"lr", "momentum", "dampening", "weight-decay"},
         "I | γ_t | ρ = μ",
         "b = state.buf: the momentum buffer (EE-556's m, Yarotsky's V/γ); b = ∇L on step 1", true},
        {OptimizerKind::Nesterov, "nesterov", "Nesterov momentum",
         "torch.optim.SGD(params, lr, momentum, weight_decay, nesterov=True)",
         "b ← μ·b + ∇L,  w ← w − γ·(∇L + μ·b)", {"lr", "momentum", "weight-decay"},
         "I | γ_t, with ĝ_t taken at the look-ahead θ_t + μ(θ_t − θ_{t−1}) | μ",
         "b = state.buf: the momentum buffer; b = ∇L on step 1", false},
        {OptimizerKind::Adagrad, "adagrad", "AdaGrad",
         "torch.optim.Adagrad(params, lr, lr_decay, weight_decay, eps)",
         "s ← s + ∇L²,  w ← w − γ/(1 + (t − 1)·ν) · ∇L/(√s + ε)",
         {"lr", "lr-decay", "eps", "weight-decay"}, "G_{t−1} + D_t | γ_t | 0",
         "s = state.v: the sum of all squared gradients (EE-556's r, the table's G_t); the "
         "effective rate γ/(√s + ε) can only fall",
         true},
        {OptimizerKind::RMSprop, "rmsprop", "RMSProp",
         "torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered)",
         "v ← α·v + (1 − α)·∇L²,  w ← w − γ·∇L/(√v + ε);  centered: √(v − ḡ²), ḡ ← α·ḡ + (1 − α)·∇L;"
         "  momentum: b ← μ·b + ∇L/(√v + ε), w ← w − γ·b",
         {"lr", "alpha", "eps", "momentum", "centered", "weight-decay"},
         "τ·G_{t−1} + (1 − τ)·D_t, τ = α | γ_t | 0",
         "v = state.v: running mean of ∇L² (EE-556's r); ḡ = state.gavg: running mean of ∇L "
         "(centered only); b = state.buf: momentum buffer (momentum > 0 only)",
         true},
        {OptimizerKind::Adam, "adam", "Adam",
         "torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)",
         "m ← β₁·m + (1 − β₁)·∇L,  v ← β₂·v + (1 − β₂)·∇L²,  "
         "w ← w − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)",
         {"lr", "beta1", "beta2", "eps", "weight-decay"}, adamG + adamAB, adamState, true},
        {OptimizerKind::AMSGrad, "amsgrad", "AMSGrad",
         "torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad=True)",
         "m, v as Adam,  v̂ ← max(v̂, v),  w ← w − γ/(1 − β₁ᵗ) · m / (√v̂/√(1 − β₂ᵗ) + ε)",
         {"lr", "beta1", "beta2", "eps", "weight-decay"},
         "max(v_1, …, v_t)/(1 − β₂ᵗ), v_t = β₂·v_{t−1} + (1 − β₂)·D_t" + adamAB,
         adamState + "; v̂ = state.vmax: the largest v so far (per coordinate)", false},
        {OptimizerKind::AdamW, "adamw", "AdamW (decoupled weight decay)",
         "torch.optim.AdamW(params, lr, betas=(beta1, beta2), eps, weight_decay)",
         "w ← w·(1 − γλ),  then m, v and w as Adam (no λ·w in the gradient)",
         {"lr", "beta1", "beta2", "eps", "weight-decay"},
         adamG + adamAB + ";  first θ_t ← (1 − γ_t·λ)·θ_t", adamState, false},
        {OptimizerKind::Newton, "newton", "Newton (damped)",
         "none in torch.optim: Optiscape's damped Newton (Levenberg–Marquardt)",
         "w ← w − γ·(∇²L + δ·I)⁻¹·∇L", {"lr", "damping"},
         "H_t = ∇²L(θ_t) + δ·I, a full matrix rather than diagonal | γ_t | 0",
         "none: each step solves (∇²L + δ·I)·d = ∇L at the current point; state.delta = −γ·d",
         false},
        {OptimizerKind::PerturbedGD, "perturbed-gd", "Perturbed gradient descent",
         "none in torch.optim: Jin, Ge, Netrapalli, Kakade & Jordan (2017), Algorithm 2",
         "w ← w − γ·∇L + ξ,  ξ uniform in the disc |ξ| ≤ r when |∇L| ≤ gₜₕ, at most once every tₜₕ "
         "steps (else ξ = 0)",
         {"lr", "radius", "threshold", "every"}, "I | γ_t | 0, plus the jump ξ",
         "state.jump: the last step's ξ; state.jumps: how many so far; state.lastJump: the step "
         "index of the last",
         false},
    };
    return table;
}

const OptimizerInfo& optimizerInfo(OptimizerKind kind) {
    for (const OptimizerInfo& o : optimizers())
        if (o.kind == kind) return o;
    return optimizers().front();
}

std::optional<OptimizerKind> parseOptimizer(std::string_view name) {
    for (const OptimizerInfo& o : optimizers())
        if (o.name == name) return o.kind;
    return std::nullopt;
}

const std::vector<HyperSpec>& hyperSpecs() {
    static const std::vector<HyperSpec> specs = [] {
        std::vector<HyperSpec> v = {
            hyper("lr", "γ", 0.01, 1e-6, 10.0, true,
                  "Learning rate: how far each step moves along the update direction.", &Hyper::lr),
            hyper("momentum", "μ", 0.9, 0.0, 0.999, false,
                  "Momentum: the fraction of the previous step's direction kept in the next.",
                  &Hyper::momentum),
            hyper("dampening", "τ", 0.0, 0.0, 0.999, false,
                  "Dampening: scales each new gradient by 1 − τ before it enters the buffer.",
                  &Hyper::dampening),
            hyper("beta1", "β₁", 0.9, 0.0, 0.999, false,
                  "Decay rate of Adam's running mean of gradients.", &Hyper::beta1),
            hyper("beta2", "β₂", 0.999, 0.0, 0.99999, false,
                  "Decay rate of Adam's running mean of squared gradients.", &Hyper::beta2),
            hyper("eps", "ε", 1e-8, 1e-12, 1.0, true,
                  "Added to the denominator so tiny gradients do not produce huge steps (EE-556's δ).",
                  &Hyper::eps),
            hyper("weight-decay", "λ", 0.0, 0.0, 1.0, false,
                  "Weight decay: adds λ·w to the gradient, pulling the weights toward zero (AdamW: "
                  "shrinks w by the factor 1 − γλ before each step instead).",
                  &Hyper::weightDecay),
            hyper("alpha", "α", 0.99, 0.0, 0.9999, false,
                  "RMSProp's smoothing constant (EE-556's τ): the weight of the old mean of ∇L².",
                  &Hyper::alpha),
            hyper("centered", "ḡ", 0.0, 0.0, 1.0, false,
                  "Centered RMSProp: divides by √(v − ḡ²), the estimated standard deviation of "
                  "the gradient, instead of √v.",
                  &Hyper::centered),
            hyper("lr-decay", "ν", 0.0, 0.0, 1.0, false,
                  "AdaGrad's learning-rate decay: step t uses γ/(1 + (t − 1)·ν).", &Hyper::lrDecay),
            hyper("damping", "δ", 0.0, 0.0, 1000.0, false,
                  "Newton's damping: adds δ·I to the Hessian, so the step is defined where the "
                  "curvature is not positive and shorter where it is small.",
                  &Hyper::damping),
            hyper("radius", "r", 0.1, 1e-6, 10.0, true,
                  "Perturbed GD: radius of the disc the random jump is drawn from.", &Hyper::radius),
            hyper("threshold", "gₜₕ", 0.05, 1e-8, 100.0, true,
                  "Perturbed GD: jump only where the gradient norm is at most this.",
                  &Hyper::threshold),
            hyper("every", "tₜₕ", 20.0, 1.0, 100000.0, false,
                  "Perturbed GD: at most one jump in this many steps.", &Hyper::every),
        };
        for (HyperSpec& h : v) {
            h.spec.isBool = h.spec.name == "centered";
            h.spec.isInteger = h.spec.name == "every";
        }
        return v;
    }();
    return specs;
}

const HyperSpec* findHyper(std::string_view name) {
    for (const HyperSpec& h : hyperSpecs())
        if (h.spec.name == name) return &h;
    return nullptr;
}

Hyper defaultsFor(OptimizerKind kind) {
    Hyper h;
    switch (kind) {
        case OptimizerKind::Adam:
        case OptimizerKind::AMSGrad:
            h.lr = 0.001;
            break;
        case OptimizerKind::AdamW:
            h.lr = 0.001;
            h.weightDecay = 0.01;
            break;
        case OptimizerKind::Adagrad:
            h.eps = 1e-10;
            break;
        case OptimizerKind::RMSprop:
            h.momentum = 0.0;
            break;
        case OptimizerKind::Newton:
            h.lr = 1.0;
            break;
        default:
            break;
    }
    return h;
}

std::string validate(OptimizerKind kind, const Hyper& h) {
    for (const std::string& name : optimizerInfo(kind).hypers) {
        const HyperSpec* s = findHyper(name);
        const double v = h.*(s->field);
        if (!std::isfinite(v) || !s->spec.contains(v)) return s->spec.rangeMessage();
    }
    if (kind == OptimizerKind::Nesterov) {
        if (!(h.momentum > 0)) return "nesterov needs momentum > 0";
        if (h.dampening != 0) return "nesterov needs dampening = 0";
    }
    return {};
}

bool needsHessian(OptimizerKind kind) { return kind == OptimizerKind::Newton; }

namespace {

/// Newton's direction (H + δ·I)⁻¹·g when H + δ·I is positive definite. 2-D: the closed form of
/// the symmetrised 2×2 system; n-D: a Cholesky factorisation (which fails exactly when the
/// matrix is not positive definite).
bool newtonDirection(const Mat2& hess, double damping, const Vec2& g, Vec2& d) {
    const double a = hess(0, 0) + damping, c = hess(1, 1) + damping;
    const double b = 0.5 * (hess(0, 1) + hess(1, 0));
    const double det = a * c - b * b;
    if (!(a > 0 && det > 0)) return false;
    d = Vec2((c * g[0] - b * g[1]) / det, (a * g[1] - b * g[0]) / det);
    return true;
}

bool newtonDirection(const MatX& hess, double damping, const VecX& g, VecX& d) {
    if (hess.rows() != g.size() || hess.cols() != g.size()) return false;
    MatX a = 0.5 * (hess + hess.transpose());
    a.diagonal().array() += damping;
    const Eigen::LLT<MatX> llt(a);
    if (llt.info() != Eigen::Success) return false;
    d = llt.solve(g);
    return d.allFinite();
}

/// Perturbed GD's jump: uniform in the disc (2-D), or in the n-ball of radius r (the first n of
/// n + 2 standard normals scaled to the unit sphere of ℝⁿ⁺² are uniform in the unit n-ball).
void jumpInto(SplitMix64& rng, double r, Vec2& out) { out = rng.inDisc(r); }

void jumpInto(SplitMix64& rng, double r, VecX& out) {
    const Eigen::Index n = out.size();
    VecX z(n + 2);
    for (Eigen::Index i = 0; i < n + 2; i += 2) {
        const Vec2 p = rng.normal2();
        z[i] = p[0];
        if (i + 1 < n + 2) z[i + 1] = p[1];
    }
    out = (r / z.norm()) * z.head(n);
}

}  // namespace

template <class V, class M>
StepStatus step(OptimizerKind kind, const Hyper& h, BasicOptimizerState<V>& s, V& w,
                const BasicStepContext<V, M>& ctx) {
    using namespace rules;
    const Eigen::Index n = w.size();
    s.fit(n);
    const V before = w;
    const StepConstants c = stepConstants(kind, h, ctx.lr, s.t);
    const V& g0 = ctx.grad;
    const bool decay = c.wd != 0;
    // the gradient with coupled weight decay, coordinate i
    const auto g = [&](Eigen::Index i) { return decay ? decayed(g0[i], w[i], c) : g0[i]; };
    switch (kind) {
        case OptimizerKind::GD:
            for (Eigen::Index i = 0; i < n; ++i) w[i] = gd(w[i], g(i), c);
            break;
        case OptimizerKind::Momentum:
            for (Eigen::Index i = 0; i < n; ++i)
                w[i] = s.t == 0 ? momentum<true, false>(w[i], g(i), s.buf[i], c)
                                : momentum<false, false>(w[i], g(i), s.buf[i], c);
            break;
        case OptimizerKind::Nesterov:
            for (Eigen::Index i = 0; i < n; ++i)
                w[i] = s.t == 0 ? momentum<true, true>(w[i], g(i), s.buf[i], c)
                                : momentum<false, true>(w[i], g(i), s.buf[i], c);
            break;
        case OptimizerKind::Adam:
            for (Eigen::Index i = 0; i < n; ++i) w[i] = adam<false>(w[i], g(i), s.m[i], s.v[i], s.vmax[i], c);
            break;
        case OptimizerKind::AMSGrad:
            for (Eigen::Index i = 0; i < n; ++i) w[i] = adam<true>(w[i], g(i), s.m[i], s.v[i], s.vmax[i], c);
            break;
        case OptimizerKind::AdamW:
            for (Eigen::Index i = 0; i < n; ++i)
                w[i] = adam<false>(w[i] * c.decayKeep, g0[i], s.m[i], s.v[i], s.vmax[i], c);
            break;
        case OptimizerKind::Adagrad:
            for (Eigen::Index i = 0; i < n; ++i) w[i] = adagrad(w[i], g(i), s.v[i], c);
            break;
        case OptimizerKind::RMSprop:
            for (Eigen::Index i = 0; i < n; ++i) w[i] = rmsprop(w[i], g(i), s.v[i], s.gavg[i], s.buf[i], c);
            break;
        case OptimizerKind::Newton: {
            V d = zeroVector<V>();
            if (!newtonDirection(ctx.hessian, h.damping, g0, d)) return StepStatus::NotPositiveDefinite;
            for (Eigen::Index i = 0; i < n; ++i) w[i] = gd(w[i], d[i], c);
            break;
        }
        case OptimizerKind::PerturbedGD: {
            s.jump.setZero();
            const bool due = s.lastJump < 0 || static_cast<double>(s.t - s.lastJump) >= h.every;
            for (Eigen::Index i = 0; i < n; ++i) w[i] = gd(w[i], g0[i], c);
            if (due && g0.norm() <= h.threshold) {
                jumpInto(s.rng, h.radius, s.jump);
                s.lastJump = s.t;
                s.jumps += 1;
                w = w + s.jump;
            }
            break;
        }
    }
    s.grad = ctx.grad;
    s.delta = w - before;
    s.t += 1;
    return StepStatus::Ok;
}

template <class V>
V effectiveStep(OptimizerKind kind, const Hyper& h, const BasicOptimizerState<V>& s, double lr) {
    const Eigen::Index n = s.v.size();
    switch (kind) {
        case OptimizerKind::GD:
        case OptimizerKind::Momentum:
        case OptimizerKind::Nesterov:
        case OptimizerKind::PerturbedGD:
            return V::Constant(n, lr);
        default:
            break;
    }
    if (s.t == 0) return V::Zero(n);
    V out = V::Zero(n);
    const double t = static_cast<double>(s.t);
    for (Eigen::Index i = 0; i < n; ++i) {
        switch (kind) {
            case OptimizerKind::Adam:
            case OptimizerKind::AMSGrad:
            case OptimizerKind::AdamW: {
                const double c1 = 1.0 - std::pow(h.beta1, t), c2 = 1.0 - std::pow(h.beta2, t);
                const double v = kind == OptimizerKind::AMSGrad ? s.vmax[i] : s.v[i];
                out[i] = (lr / c1) / (std::sqrt(v) / std::sqrt(c2) + h.eps);
                break;
            }
            case OptimizerKind::Adagrad:
                out[i] = lr / (1.0 + (t - 1.0) * h.lrDecay) / (std::sqrt(s.v[i]) + h.eps);
                break;
            case OptimizerKind::RMSprop: {
                const double var = h.centered != 0 ? s.v[i] - s.gavg[i] * s.gavg[i] : s.v[i];
                out[i] = lr / (std::sqrt(var) + h.eps);
                break;
            }
            default:  // newton
                out[i] = s.grad[i] != 0 ? std::abs(s.delta[i] / s.grad[i]) : 0.0;
                break;
        }
    }
    return out;
}

template StepStatus step<Vec2, Mat2>(OptimizerKind, const Hyper&, OptimizerState&, Vec2&, const StepContext&);
template StepStatus step<VecX, MatX>(OptimizerKind, const Hyper&, OptimizerStateN&, VecX&, const StepContextN&);
template Vec2 effectiveStep<Vec2>(OptimizerKind, const Hyper&, const OptimizerState&, double);
template VecX effectiveStep<VecX>(OptimizerKind, const Hyper&, const OptimizerStateN&, double);

}  // namespace optiscape
