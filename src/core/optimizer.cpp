// The optimizer table, hyperparameter declarations and the step function, in PyTorch 1.13's
// single-tensor operation order (shared/CONVENTIONS.md).
#include "optimizer.h"

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
    static const std::vector<OptimizerInfo> table = {
        {OptimizerKind::GD, "gd", "Gradient descent", "torch.optim.SGD(params, lr, weight_decay)",
         "w ← w − γ·∇L", {"lr", "weight-decay"}},
        {OptimizerKind::Momentum, "momentum", "Heavy ball (momentum)",
         "torch.optim.SGD(params, lr, momentum, dampening, weight_decay)",
         "b ← μ·b + (1 − τ)·∇L,  w ← w − γ·b", {"lr", "momentum", "dampening", "weight-decay"}},
        {OptimizerKind::Nesterov, "nesterov", "Nesterov momentum",
         "torch.optim.SGD(params, lr, momentum, weight_decay, nesterov=True)",
         "b ← μ·b + ∇L,  w ← w − γ·(∇L + μ·b)", {"lr", "momentum", "weight-decay"}},
        {OptimizerKind::Adam, "adam", "Adam",
         "torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)",
         "m ← β₁·m + (1 − β₁)·∇L,  v ← β₂·v + (1 − β₂)·∇L²,  "
         "w ← w − γ/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)",
         {"lr", "beta1", "beta2", "eps", "weight-decay"}},
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
    static const std::vector<HyperSpec> specs = {
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
              "Added to Adam's denominator so tiny gradients do not produce huge steps.",
              &Hyper::eps),
        hyper("weight-decay", "λ", 0.0, 0.0, 1.0, false,
              "Weight decay: adds λ·w to the gradient, pulling the weights toward zero.",
              &Hyper::weightDecay),
    };
    return specs;
}

const HyperSpec* findHyper(std::string_view name) {
    for (const HyperSpec& h : hyperSpecs())
        if (h.spec.name == name) return &h;
    return nullptr;
}

Hyper defaultsFor(OptimizerKind kind) {
    Hyper h;
    h.lr = kind == OptimizerKind::Adam ? 0.001 : 0.01;
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

void step(OptimizerKind kind, const Hyper& h, OptimizerState& s, Vec2& w, const Vec2& grad,
          double lr) {
    Vec2 g = grad;
    if (h.weightDecay != 0) g = g + h.weightDecay * w;
    switch (kind) {
        case OptimizerKind::GD:
            w = w - lr * g;
            break;
        case OptimizerKind::Momentum:
        case OptimizerKind::Nesterov: {
            const double damp = kind == OptimizerKind::Nesterov ? 0.0 : h.dampening;
            if (s.t == 0) {
                s.buf = g;
            } else {
                s.buf = h.momentum * s.buf;
                s.buf = s.buf + (1.0 - damp) * g;
            }
            const Vec2 d = kind == OptimizerKind::Nesterov ? Vec2(g + h.momentum * s.buf) : s.buf;
            w = w - lr * d;
            break;
        }
        case OptimizerKind::Adam: {
            const long t = s.t + 1;
            const double c1 = 1.0 - std::pow(h.beta1, static_cast<double>(t));
            const double c2 = 1.0 - std::pow(h.beta2, static_cast<double>(t));
            const double stepSize = lr / c1;
            const double c2sqrt = std::sqrt(c2);
            for (int i = 0; i < 2; ++i) {
                // torch's addcmul_ and addcdiv_ kernels: self + (value·t1)·t2, self + (value·t1)/t2
                s.m[i] = s.m[i] * h.beta1 + (1.0 - h.beta1) * g[i];
                s.v[i] = s.v[i] * h.beta2 + (1.0 - h.beta2) * g[i] * g[i];
                const double denom = std::sqrt(s.v[i]) / c2sqrt + h.eps;
                w[i] = w[i] + (-stepSize) * s.m[i] / denom;
            }
            break;
        }
    }
    s.t += 1;
}

Vec2 effectiveStep(OptimizerKind kind, const Hyper& h, const OptimizerState& s, double lr) {
    if (kind != OptimizerKind::Adam) return Vec2::Constant(lr);
    if (s.t == 0) return Vec2::Zero();
    const double c1 = 1.0 - std::pow(h.beta1, static_cast<double>(s.t));
    const double c2 = 1.0 - std::pow(h.beta2, static_cast<double>(s.t));
    Vec2 out;
    for (int i = 0; i < 2; ++i) out[i] = (lr / c1) / (std::sqrt(s.v[i]) / std::sqrt(c2) + h.eps);
    return out;
}

}  // namespace optiscape
