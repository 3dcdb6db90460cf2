// Optimizers as plain values: settings (Hyper), per-run state (OptimizerState) and one step
// function — PyTorch torch.optim semantics and defaults, in double precision
// (../shared/CONVENTIONS.md gives the exact rules and how they map onto the lectures' notation).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "params.h"
#include "random.h"
#include "types.h"

namespace optiscape {

enum class OptimizerKind {
    GD,           ///< torch.optim.SGD(lr):            w ← w − lr·g
    Momentum,     ///< SGD(lr, momentum, dampening):   b ← μ·b + (1 − τ)·g (b ← g on step 1); w ← w − lr·b
    Nesterov,     ///< SGD(lr, momentum, nesterov=True): w ← w − lr·(g + μ·b)
    Adam,         ///< torch.optim.Adam: bias-corrected first and second moments
    Adagrad,      ///< torch.optim.Adagrad: s ← s + g², w ← w − clr·g/(√s + ε)
    RMSprop,      ///< torch.optim.RMSprop: v ← α·v + (1 − α)·g², optional momentum and centring
    AMSGrad,      ///< torch.optim.Adam(amsgrad=True): the running maximum of v in the denominator
    AdamW,        ///< torch.optim.AdamW: w ← w·(1 − lr·λ), then Adam's step (decoupled decay)
    Newton,       ///< damped Newton: w ← w − lr·(H + δ·I)⁻¹·g
    PerturbedGD,  ///< GD plus a jump uniform in a disc of radius r when |g| ≤ gₜₕ (Jin et al.)
};

/// Every hyperparameter any optimizer uses; fields an optimizer does not use are ignored.
/// Defaults are torch's where torch has one (per optimizer: defaultsFor). Switches and counts are
/// stored as doubles too (centered ∈ {0, 1}, every a whole number), so that each setting is one
/// `double Hyper::*` with one declaration in hyperSpecs().
struct Hyper {
    double lr = 0.01;          ///< learning rate γ (torch Adam default 0.001, see defaultsFor)
    double momentum = 0.9;     ///< μ (EE-556's ρ, Yarotsky's β); RMSprop's momentum (default 0)
    double dampening = 0.0;    ///< τ, SGD momentum only
    double beta1 = 0.9;        ///< Adam β₁
    double beta2 = 0.999;      ///< Adam β₂
    double eps = 1e-8;         ///< ε (EE-556's δ) of Adam, RMSprop, Adagrad (Adagrad's default 1e-10)
    double weightDecay = 0.0;  ///< λ, coupled (g ← g + λ·w), as torch's weight_decay; AdamW decoupled
    double alpha = 0.99;       ///< RMSprop's smoothing constant α (EE-556's τ)
    double centered = 0.0;     ///< RMSprop centered: 1 divides by the estimated standard deviation
    double lrDecay = 0.0;      ///< Adagrad's lr_decay ν: step t uses lr/(1 + (t − 1)·ν)
    double damping = 0.0;      ///< Newton's damping δ: the step solves (H + δ·I)·d = g
    double radius = 0.1;       ///< perturbed GD: radius r of the disc the jump is drawn from
    double threshold = 0.05;   ///< perturbed GD: gₜₕ, jump only when |g| ≤ gₜₕ
    double every = 20.0;       ///< perturbed GD: tₜₕ, at most one jump every tₜₕ steps
};

/// A hyperparameter's declaration: range, default and where it lives in Hyper.
struct HyperSpec {
    ParamSpec spec;              ///< spec.name is the CLI flag without "--", e.g. "lr", "weight-decay"
    double Hyper::*field;
};

/// Static description of an optimizer.
struct OptimizerInfo {
    OptimizerKind kind;
    std::string name;    ///< CLI / link key: "gd", "momentum", "nesterov", "adam", ...
    std::string title;   ///< "Gradient descent", "Heavy ball (momentum)", ...
    std::string torch;   ///< the PyTorch call it matches, e.g. "torch.optim.SGD(lr, momentum)"
    std::string rule;    ///< update rule in the lectures' notation
    std::vector<std::string> hypers;  ///< names of the hyperparameters it uses, in UI order
    /// Its row of EE-556's unified table θ_{t+1} = θ_t − α_t·H_t⁻¹·ĝ_t + β_t·H_t⁻¹H_{t−1}(θ_t − θ_{t−1}),
    /// G_t = H_t ⊙ H_t, D_t = ĝ_t ⊙ ĝ_t, as three cells "G_t | α_t | β_t" (split at " | ").
    /// Rows of optimizers outside the slide (lectureTable false) use the same notation.
    std::string lectureRow;
    /// What OptimizerState holds for it, in the lectures' symbols, e.g. "m = state.m: ...".
    std::string stateHelp;
    bool lectureTable = false;  ///< one of the five columns of EE-556's table (SGD … Adam)
};

/// All optimizers, in menu order: gd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw,
/// newton, perturbed-gd.
const std::vector<OptimizerInfo>& optimizers();
const OptimizerInfo& optimizerInfo(OptimizerKind kind);
std::optional<OptimizerKind> parseOptimizer(std::string_view name);

/// All hyperparameter declarations.
const std::vector<HyperSpec>& hyperSpecs();
/// The declaration named `name` ("lr", "momentum", ...), or nullptr.
const HyperSpec* findHyper(std::string_view name);

/// Defaults for `kind` (torch's; for the SGD family, which has no default lr in torch, lr 0.01):
/// Adam family lr 0.001, Adagrad eps 1e-10, RMSprop momentum 0, AdamW weight decay 0.01, Newton lr 1.
Hyper defaultsFor(OptimizerKind kind);

/// Checks the values `kind` uses; an empty string, or "momentum must be in [0, 0.999]"-style text.
std::string validate(OptimizerKind kind, const Hyper& h);

/// A vector of zeros: Vec2's two, or an empty dynamic vector (sized on a run's first step).
template <class V>
V zeroVector() {
    if constexpr (V::SizeAtCompileTime == Eigen::Dynamic)
        return V();
    else
        return V::Zero();
}

/// A matrix of zeros (Mat2), or an empty dynamic matrix.
template <class M>
M zeroMatrix() {
    if constexpr (M::SizeAtCompileTime == Eigen::Dynamic)
        return M();
    else
        return M::Zero();
}

/// Per-run optimizer state; all zero at the start, as in torch. V is the parameter vector: Vec2
/// on the 2-D landscapes, VecX for a network's parameters (the vectors are sized on the first
/// step). One state and one step() serve both.
template <class V>
struct BasicOptimizerState {
    long t = 0;                      ///< steps taken
    V buf = zeroVector<V>();         ///< momentum buffer b (SGD family, RMSprop with momentum)
    V m = zeroVector<V>();           ///< Adam first moment
    V v = zeroVector<V>();           ///< second moment: Adam/RMSprop running mean of g² (uncorrected),
                                     ///< Adagrad's sum of g² — EE-556's G_t (before bias correction)
    V vmax = zeroVector<V>();        ///< AMSGrad: elementwise maximum of every v so far
    V gavg = zeroVector<V>();        ///< RMSprop centered: running mean ḡ of g
    V grad = zeroVector<V>();        ///< the gradient ĝ the last step used (before weight decay)
    V delta = zeroVector<V>();       ///< the last step's change of w
    SplitMix64 rng;                  ///< perturbed GD's jumps (Run seeds it: kPerturbStream)
    long lastJump = -1;              ///< perturbed GD: step index t of the last jump, −1 for none
    int jumps = 0;                   ///< perturbed GD: how many jumps so far
    V jump = zeroVector<V>();        ///< perturbed GD: the last step's jump ξ (zero if it had none)

    /// Every vector as n zeros, when they are not n long yet (a dynamic state before its first step).
    void fit(Eigen::Index n) {
        if (buf.size() == n) return;
        for (V* x : {&buf, &m, &v, &vmax, &gavg, &grad, &delta, &jump}) *x = V::Zero(n);
    }
};
using OptimizerState = BasicOptimizerState<Vec2>;
using OptimizerStateN = BasicOptimizerState<VecX>;

/// What one step consults besides the state.
template <class V, class M>
struct BasicStepContext {
    V grad = zeroVector<V>();  ///< ĝ: ∇L(w), or its minibatch / noisy estimate
    double lr = 0.01;          ///< this step's learning rate (the schedule's value; h.lr is ignored)
    M hessian = zeroMatrix<M>();  ///< ∇²L(w): read by newton only (see needsHessian)
};
using StepContext = BasicStepContext<Vec2, Mat2>;
using StepContextN = BasicStepContext<VecX, MatX>;

/// Whether step() reads StepContext::hessian for `kind` (newton).
bool needsHessian(OptimizerKind kind);

enum class StepStatus {
    Ok,
    NotPositiveDefinite,  ///< newton: H + δ·I has an eigenvalue ≤ 0; nothing was changed
};

/// One optimizer step from w, in torch's operation order (PyTorch 1.13, single-tensor code), for
/// a 2-D point (Vec2) or a parameter vector of any size (VecX): the rules of optimizer_rules.h
/// applied to every coordinate. Updates w and state in place, unless it returns
/// NotPositiveDefinite.
/// - adagrad:  s ← s + g²;  w ← w − clr·g/(√s + ε), clr = lr/(1 + (t − 1)·ν)
/// - rmsprop:  v ← α·v + (1 − α)·g²; centered: ḡ ← α·ḡ + (1 − α)·g, d = √(v − ḡ²) + ε, else
///             d = √v + ε; momentum μ > 0: b ← μ·b + g/d, w ← w − lr·b; else w ← w − lr·g/d
/// - amsgrad:  Adam with v̂max ← max(v̂max, v) (uncorrected) in place of v in the denominator
/// - adamw:    w ← w·(1 − lr·λ), then Adam's step without coupled decay
/// - newton:   w ← w − lr·(H + δ·I)⁻¹·g when H + δ·I is positive definite (Levenberg–Marquardt
///             damping; with H indefinite the step would head uphill along the eigenvector of
///             the negative eigenvalue, toward a saddle or maximum — it is refused instead)
/// - perturbed-gd (C. Jin, R. Ge, P. Netrapalli, S. Kakade, M. Jordan, "How to escape saddle
///             points efficiently", ICML 2017, Algorithm 2; Yarotsky's and EE-556's perturbed
///             (S)GD): when |g| ≤ gₜₕ and no jump happened in the last tₜₕ steps (t − t_last ≥ tₜₕ),
///             draw ξ uniformly from the disc (in n dimensions: the ball) of radius r;
///             w ← w − lr·g + ξ. The gradient step
///             uses g at the unperturbed point, as EE-556's x ← x − η(g + ξ) does.
template <class V, class M>
StepStatus step(OptimizerKind kind, const Hyper& h, BasicOptimizerState<V>& state, V& w,
                const BasicStepContext<V, M>& ctx);

/// The per-coordinate step the last update applied, for display (|Δw| / |g| for adaptive
/// methods: the effective learning rate per coordinate, EE-556's α_t·H_t⁻¹).
/// - gd, momentum, nesterov, perturbed-gd: lr in both coordinates (Δw = −lr·d, d = g, b or g + μ·b).
/// - adam, adamw: (lr/c1) / (√vᵢ/√c2 + ε) with c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ of the last step t, so
///   that |Δwᵢ| = effectiveStep[i]·|mᵢ| (adamw: apart from the decay); amsgrad with vmax;
///   (0, 0) before the first step.
/// - adagrad: clr/(√sᵢ + ε); rmsprop: lr/dᵢ.
/// - newton: |Δwᵢ|/|gᵢ| of the last step (0 where gᵢ = 0).
template <class V>
V effectiveStep(OptimizerKind kind, const Hyper& h, const BasicOptimizerState<V>& state, double lr);

}  // namespace optiscape
