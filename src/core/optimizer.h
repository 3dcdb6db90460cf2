// Optimizers as plain values: settings (Hyper), per-run state (OptimizerState) and one step
// function — PyTorch torch.optim semantics and defaults, in double precision
// (../shared/CONVENTIONS.md gives the exact rules and how they map onto the lectures' notation).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "params.h"
#include "types.h"

namespace optiscape {

enum class OptimizerKind {
    GD,        ///< torch.optim.SGD(lr):            w ← w − lr·g
    Momentum,  ///< SGD(lr, momentum, dampening):   b ← μ·b + (1 − τ)·g (b ← g on step 1); w ← w − lr·b
    Nesterov,  ///< SGD(lr, momentum, nesterov=True): w ← w − lr·(g + μ·b)
    Adam,      ///< torch.optim.Adam: bias-corrected first and second moments
};

/// Every hyperparameter any optimizer uses; fields an optimizer does not use are ignored.
/// Defaults are torch's where torch has one.
struct Hyper {
    double lr = 0.01;          ///< learning rate γ (torch Adam default 0.001, see defaultsFor)
    double momentum = 0.9;     ///< μ (EE-556's ρ, Yarotsky's β)
    double dampening = 0.0;    ///< τ, SGD momentum only
    double beta1 = 0.9;        ///< Adam β₁
    double beta2 = 0.999;      ///< Adam β₂
    double eps = 1e-8;         ///< Adam ε (EE-556's δ), added after bias correction of √v
    double weightDecay = 0.0;  ///< λ, coupled (g ← g + λ·w), as torch's weight_decay
};

/// A hyperparameter's declaration: range, default and where it lives in Hyper.
struct HyperSpec {
    ParamSpec spec;              ///< spec.name is the CLI flag without "--", e.g. "lr", "weight-decay"
    double Hyper::*field;
};

/// Static description of an optimizer.
struct OptimizerInfo {
    OptimizerKind kind;
    std::string name;    ///< CLI / link key: "gd", "momentum", "nesterov", "adam"
    std::string title;   ///< "Gradient descent", "Heavy ball (momentum)", ...
    std::string torch;   ///< the PyTorch call it matches, e.g. "torch.optim.SGD(lr, momentum)"
    std::string rule;    ///< update rule in the lectures' notation
    std::vector<std::string> hypers;  ///< names of the hyperparameters it uses, in UI order
};

/// All optimizers, in menu order.
const std::vector<OptimizerInfo>& optimizers();
const OptimizerInfo& optimizerInfo(OptimizerKind kind);
std::optional<OptimizerKind> parseOptimizer(std::string_view name);

/// All hyperparameter declarations.
const std::vector<HyperSpec>& hyperSpecs();
/// The declaration named `name` ("lr", "momentum", ...), or nullptr.
const HyperSpec* findHyper(std::string_view name);

/// Defaults for `kind` (torch's; for the SGD family, which has no default lr in torch, lr 0.01).
Hyper defaultsFor(OptimizerKind kind);

/// Checks the values `kind` uses; an empty string, or "momentum must be in [0, 1)"-style text.
std::string validate(OptimizerKind kind, const Hyper& h);

/// Per-run optimizer state; all zero at the start, as in torch.
struct OptimizerState {
    long t = 0;                  ///< steps taken
    Vec2 buf = Vec2::Zero();     ///< momentum buffer b (SGD family)
    Vec2 m = Vec2::Zero();       ///< Adam first moment
    Vec2 v = Vec2::Zero();       ///< Adam second moment (uncorrected)
};

/// One optimizer step at the gradient g = ∇L(w), with learning rate lr (the schedule's value;
/// h.lr is ignored here). Updates w and state in place, in torch's operation order.
void step(OptimizerKind kind, const Hyper& h, OptimizerState& state, Vec2& w, const Vec2& g,
          double lr);

/// The per-coordinate step the last update applied, for display (|Δw| / |g| for adaptive
/// methods: Adam's effective learning rate per coordinate).
/// - gd, momentum, nesterov: lr in both coordinates (Δw = −lr·d with d = g, b or g + μ·b).
/// - adam: (lr/c1) / (√vᵢ/√c2 + ε) with c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ of the last step t, so that
///   |Δwᵢ| = effectiveStep[i]·|mᵢ|; (0, 0) before the first step.
Vec2 effectiveStep(OptimizerKind kind, const Hyper& h, const OptimizerState& state, double lr);

}  // namespace optiscape
