// The one implementation of every optimizer's update rule, written per coordinate: step() applies
// it to a 2-D point or to a network's parameter vector of any size, and the basin map applies it
// to a row of starts held as parallel arrays — the same expressions, so the same numbers to the bit.
#pragma once

#include <algorithm>
#include <cmath>

#include "optimizer.h"

#if defined(__GNUC__) || defined(__clang__)
#define OPTISCAPE_RULE inline __attribute__((always_inline))
#else
#define OPTISCAPE_RULE inline
#endif

namespace optiscape::rules {

/// What one step of an optimizer needs besides a coordinate's value, gradient and state: the
/// settings and the per-step constants (bias corrections, Adagrad's decayed rate), computed once
/// per step by stepConstants() — torch's operation order (PyTorch 1.13, single-tensor code).
struct StepConstants {
    double lr = 0.0;        ///< this step's learning rate (the schedule's value)
    double mu = 0.0;        ///< momentum μ (SGD family; RMSprop's momentum)
    double keep = 1.0;      ///< 1 − τ (SGD dampening; 1 for Nesterov)
    double wd = 0.0;        ///< coupled weight decay λ (0 where the optimizer decouples or has none)
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    double adamStep = 0.0;  ///< Adam: lr/(1 − β₁ᵗ)
    double c2sqrt = 1.0;    ///< Adam: √(1 − β₂ᵗ)
    double clr = 0.0;       ///< Adagrad: lr/(1 + (t − 1)·ν)
    double alpha = 0.99;    ///< RMSprop's α
    bool centered = false;  ///< RMSprop centered
    double decayKeep = 1.0; ///< AdamW: 1 − lr·λ
};

/// Whether `kind` adds λ·w to the gradient (torch's weight_decay): every optimizer but AdamW (which
/// decouples it), Newton and perturbed GD (which have none).
inline bool coupledDecay(OptimizerKind kind) {
    return kind != OptimizerKind::AdamW && kind != OptimizerKind::Newton &&
           kind != OptimizerKind::PerturbedGD;
}

/// The constants of step t + 1 (t = steps already taken) at learning rate lr.
inline StepConstants stepConstants(OptimizerKind kind, const Hyper& h, double lr, long t) {
    StepConstants c;
    c.lr = lr;
    c.mu = h.momentum;
    c.keep = 1.0 - (kind == OptimizerKind::Nesterov ? 0.0 : h.dampening);
    c.wd = coupledDecay(kind) ? h.weightDecay : 0.0;
    c.beta1 = h.beta1;
    c.beta2 = h.beta2;
    c.eps = h.eps;
    if (kind == OptimizerKind::Adam || kind == OptimizerKind::AMSGrad || kind == OptimizerKind::AdamW) {
        const double c1 = 1.0 - std::pow(h.beta1, static_cast<double>(t + 1));
        const double c2 = 1.0 - std::pow(h.beta2, static_cast<double>(t + 1));
        c.adamStep = lr / c1;
        c.c2sqrt = std::sqrt(c2);
    }
    c.clr = lr / (1.0 + static_cast<double>(t) * h.lrDecay);
    c.alpha = h.alpha;
    c.centered = h.centered != 0;
    c.decayKeep = 1.0 - lr * h.weightDecay;
    return c;
}

/// Coupled weight decay: g + λ·w.
OPTISCAPE_RULE double decayed(double g, double w, const StepConstants& c) { return g + c.wd * w; }

/// gd: w − lr·g.
OPTISCAPE_RULE double gd(double w, double g, const StepConstants& c) { return w - c.lr * g; }

/// Heavy ball (kNesterov false) and Nesterov: b ← g on the first step, else b ← μ·b + (1 − τ)·g;
/// w − lr·b, or w − lr·(g + μ·b).
template <bool kFirst, bool kNesterov>
OPTISCAPE_RULE double momentum(double w, double g, double& buf, const StepConstants& c) {
    const double b = kFirst ? g : c.mu * buf + c.keep * g;
    buf = b;
    return kNesterov ? w - c.lr * (g + c.mu * b) : w - c.lr * b;
}

/// Adam (torch's addcmul_/addcdiv_ kernels): m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g²,
/// w + (−lr/c1)·m/(√v/√c2 + ε). kAms: the denominator uses vmax ← max(vmax, v) instead of v.
template <bool kAms>
OPTISCAPE_RULE double adam(double w, double g, double& m, double& v, double& vmax,
                           const StepConstants& c) {
    m = m * c.beta1 + (1.0 - c.beta1) * g;
    v = v * c.beta2 + (1.0 - c.beta2) * g * g;
    double second = v;
    if (kAms) {
        vmax = std::max(vmax, v);
        second = vmax;
    }
    return w + (-c.adamStep) * m / (std::sqrt(second) / c.c2sqrt + c.eps);
}

/// Adagrad: s ← s + g², w + (−clr)·g/(√s + ε).
OPTISCAPE_RULE double adagrad(double w, double g, double& s, const StepConstants& c) {
    s = s + 1.0 * g * g;
    return w + (-c.clr) * g / (std::sqrt(s) + c.eps);
}

/// RMSprop: v ← α·v + (1 − α)·g²; centered: ḡ ← α·ḡ + (1 − α)·g, d = √(v − ḡ²) + ε, else √v + ε;
/// momentum μ > 0: b ← μ·b + g/d, w − lr·b; else w − lr·g/d.
OPTISCAPE_RULE double rmsprop(double w, double g, double& v, double& gavg, double& buf,
                              const StepConstants& c) {
    v = v * c.alpha + (1.0 - c.alpha) * g * g;
    double avg;
    if (c.centered) {
        gavg = gavg * c.alpha + (1.0 - c.alpha) * g;
        avg = std::sqrt(v + (-1.0) * gavg * gavg);
    } else {
        avg = std::sqrt(v);
    }
    avg = avg + c.eps;
    if (c.mu > 0) {
        buf = buf * c.mu + 1.0 * g / avg;
        return w + (-c.lr) * buf;
    }
    return w + (-c.lr) * g / avg;
}

}  // namespace optiscape::rules
