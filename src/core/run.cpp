// A run of one optimizer on one landscape: the gradient estimate (minibatch, noise), the scheduled
// step, the trajectory, and stopping — divergence with a hint from the local curvature, leaving
// the loss's domain, Newton's indefinite Hessian.
#include "run.h"

#include <cmath>

namespace optiscape {
namespace {

bool acceptable(const Vec2& w, double loss, const Vec2& g) {
    return finite(w) && std::isfinite(loss) && finite(g) && w.norm() <= kDivergenceRadius;
}

/// Within reach, but the loss or gradient is NaN: outside the loss's domain.
bool outsideDomain(const Vec2& w, double loss, const Vec2& g) {
    return finite(w) && w.norm() <= kDivergenceRadius &&
           (std::isnan(loss) || std::isnan(g[0]) || std::isnan(g[1]));
}

ParamSpec runSpec(std::string name, std::string symbol, double def, double min, double max,
                  std::string help, bool integer) {
    ParamSpec s;
    s.name = std::move(name);
    s.symbol = std::move(symbol);
    s.def = def;
    s.min = min;
    s.max = max;
    s.help = std::move(help);
    s.isInteger = integer;
    return s;
}

std::string pointText(const Vec2& w) { return "(" + formatNumber(w[0]) + ", " + formatNumber(w[1]) + ")"; }

/// v rounded up to 4 significant digits, so "raise the damping above X" is never below the need.
std::string formatUp(double v) {
    if (!(v > 0) || !std::isfinite(v)) return formatNumber(v);
    const double mag = std::pow(10.0, std::floor(std::log10(v)) - 3);
    std::string s = formatNumber(std::ceil(v / mag) * mag, 4);
    const auto back = parseNumber(s);
    return back && *back >= v ? s : formatNumber(v, 17);
}

bool coupledDecay(OptimizerKind k) {
    for (const std::string& h : optimizerInfo(k).hypers)
        if (h == "weight-decay") return k != OptimizerKind::AdamW;
    return false;
}

}  // namespace

const std::vector<ParamSpec>& runSpecs() {
    static const std::vector<ParamSpec> specs = [] {
        std::vector<ParamSpec> v = {
            runSpec("noise", "σ", 0.0, 0.0, 100.0,
                    "Gradient noise: adds σ times a standard normal number to each coordinate of "
                    "every gradient.",
                    false),
            runSpec("batch", "b", 0, 0, 100000,
                    "Minibatch size on a landscape defined by data (1: online, 0: full batch).", true),
            runSpec("seed", "seed", 1, 0, 4294967295.0,
                    "Seed of the run's random choices (noise, minibatches, jumps): the same seed "
                    "replays the same run.",
                    true),
        };
        return v;
    }();
    return specs;
}

const ParamSpec* findRunSpec(std::string_view name) {
    for (const ParamSpec& s : runSpecs())
        if (s.name == name) return &s;
    return nullptr;
}

std::string validate(const RunConfig& c) {
    std::string err = validate(c.optimizer, c.hyper);
    if (err.empty()) err = validate(c.schedule);
    const double values[] = {c.noise, static_cast<double>(c.batch), static_cast<double>(c.seed)};
    for (size_t i = 0; err.empty() && i < runSpecs().size(); ++i)
        if (!std::isfinite(values[i]) || !runSpecs()[i].contains(values[i])) err = runSpecs()[i].rangeMessage();
    return err;
}

Run::Run(RunConfig config) : config_(config) {
    traj_.push_back(TrajectoryPoint{config_.start, 0.0, 0.0,
                                    scheduledLr(config_.schedule, config_.hyper.lr, 0)});
}

void Run::stop(StopReason reason, int at, std::string message, std::string hint) {
    stopReason_ = reason;
    stoppedAt_ = at;
    stopMessage_ = std::move(message);
    hint_ = std::move(hint);
}

void Run::reset(const Landscape& landscape) {
    state_ = OptimizerState{};
    state_.rng = SplitMix64::stream(config_.seed, kPerturbStream);
    noiseRng_ = SplitMix64::stream(config_.seed, kNoiseStream);
    const int n = landscape.sampleCount();
    batches_ = n > 0 && config_.batch > 0 && config_.batch < n;
    sampler_ = batches_ ? BatchSampler(n, config_.batch, SplitMix64::stream(config_.seed, kBatchStream))
                        : BatchSampler();
    traj_.clear();
    stopReason_ = StopReason::None;
    stoppedAt_ = -1;
    stopMessage_.clear();
    hint_.clear();
    const Vec2 w = config_.start;
    const double loss = landscape.value(w);
    grad_ = landscape.gradient(w);
    traj_.push_back(TrajectoryPoint{w, loss, grad_.norm(), scheduledLr(config_.schedule, config_.hyper.lr, 0)});
    if (outsideDomain(w, loss, grad_)) {
        stop(StopReason::LeftDomain, 0, "left the domain at step 0",
             "the loss or its gradient is not defined (NaN) at the start point " + pointText(w) +
                 ": start inside the loss's domain");
    } else if (!acceptable(w, loss, grad_)) {
        stop(StopReason::Diverged, 0, "diverged at step 0",
             finite(w) && w.norm() <= kDivergenceRadius
                 ? "the loss or its gradient is not finite at the start point"
                 : "the start point is too far from the origin");
    }
}

bool Run::step(const Landscape& landscape) {
    if (stopped()) return false;
    const OptimizerKind kind = config_.optimizer;
    const Hyper& h = config_.hyper;
    const int k = steps();
    Vec2 w = traj_.back().w;
    StepContext ctx;
    ctx.lr = traj_.back().lr;
    if (batches_) {
        int count = 0;
        const int* idx = sampler_.next(&count);
        ctx.grad = landscape.sampleGradient(w, idx, count);
    } else {
        ctx.grad = grad_;
    }
    if (config_.noise > 0) ctx.grad = ctx.grad + config_.noise * noiseRng_.normal2();
    if (needsHessian(kind)) ctx.hessian = landscape.evaluate(w).hessian;

    OptimizerState next = state_;
    if (optiscape::step(kind, h, next, w, ctx) == StepStatus::NotPositiveDefinite) {
        const Vec2 ev = symmetricEigenvalues(ctx.hessian);
        stop(StopReason::NotPositiveDefinite, k + 1,
             "Newton: H + damping·I is not positive definite at step " + std::to_string(k + 1) +
                 " (λmin = " + formatNumber(ev[0] + h.damping) + "); raise the damping above " +
                 formatUp(-ev[0]),
             "at w = " + pointText(w) + " the Hessian's eigenvalues are " + formatNumber(ev[0]) +
                 " and " + formatNumber(ev[1]) +
                 ": along the eigenvector of the negative one, Newton's step would climb toward a "
                 "saddle or maximum instead of descending");
        return false;
    }
    const double loss = landscape.value(w);
    const Vec2 g = landscape.gradient(w);
    if (acceptable(w, loss, g)) {
        state_ = next;
        grad_ = g;
        traj_.push_back(TrajectoryPoint{w, loss, g.norm(), scheduledLr(config_.schedule, h.lr, k + 1),
                                        effectiveStep(kind, h, state_, ctx.lr)});
        return true;
    }
    if (outsideDomain(w, loss, g)) {
        stop(StopReason::LeftDomain, k + 1, "left the domain at step " + std::to_string(k + 1),
             "the loss or its gradient is not defined (NaN) at w = " + pointText(w) +
                 " (a logarithm or root of a negative number, 0/0, …): start farther inside the "
                 "domain or take smaller steps");
        return false;
    }
    stop(StopReason::Diverged, k + 1, "diverged at step " + std::to_string(k + 1), "");
    divergenceHint(landscape);
    return false;
}

void Run::divergenceHint(const Landscape& landscape) {
    const OptimizerKind kind = config_.optimizer;
    const Hyper& h = config_.hyper;
    const double wd = coupledDecay(kind) ? h.weightDecay : 0.0;
    // Linearised at a point, the update on the quadratic model with curvature λmax (weight decay
    // adds λ) is stable only below the optimizer's step limit.
    std::string form;
    const auto limitAt = [&](const Vec2& at) {
        const double lmax = symmetricEigenvalues(landscape.evaluate(at).hessian)[1] + wd;
        if (!std::isfinite(lmax) || lmax <= 0) return 0.0;
        switch (kind) {
            case OptimizerKind::GD:
            case OptimizerKind::PerturbedGD:
                form = "2/λmax";
                return 2.0 / lmax;
            case OptimizerKind::Momentum:
                form = h.dampening == 0 ? "2(1 + μ)/λmax" : "2(1 + μ)/((1 − τ)·λmax)";
                return 2.0 * (1.0 + h.momentum) / ((1.0 - h.dampening) * lmax);
            case OptimizerKind::Nesterov:
                form = "2(1 + μ)/((1 + 2μ)·λmax)";
                return 2.0 * (1.0 + h.momentum) / ((1.0 + 2.0 * h.momentum) * lmax);
            default:
                break;
        }
        return 0.0;
    };
    const auto above = [&](int k) {
        const TrajectoryPoint& p = traj_[static_cast<size_t>(k)];
        const double limit = limitAt(p.w);
        return limit > 0 && p.lr > limit;
    };
    // The cause: the stretch of the trajectory, ending at the last finite point, where the
    // learning rate was above the local limit; name the limit where that stretch began.
    int first = steps() + 1;
    while (first > 0 && above(first - 1)) --first;
    if (first <= steps()) {
        const TrajectoryPoint& p = traj_[static_cast<size_t>(first)];
        const double limit = limitAt(p.w);
        hint_ = "learning rate " + formatNumber(p.lr) + " is above " + form + " = " + formatNumber(limit) +
                (first == steps() ? " here" : " at step " + std::to_string(first));
    } else if (traj_.back().loss < traj_.front().loss) {
        hint_ = "the loss kept falling: the landscape has no minimum in this direction";
    } else {
        hint_ = "the step overshot: try a smaller learning rate";
    }
}

int Run::advance(const Landscape& landscape, int n) {
    int taken = 0;
    while (taken < n && step(landscape)) ++taken;
    return taken;
}

}  // namespace optiscape
