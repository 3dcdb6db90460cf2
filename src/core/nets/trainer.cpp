// A training run: minibatch (or full) gradients by backpropagation, noise, the optimizer's one
// step() on the parameter vector, the full-set measurements of every row, early stopping and
// divergence.
#include "core/nets/trainer.h"

#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>

#include "core/params.h"

namespace optiscape::nets {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

NetRun::NetRun(RunConfig config) : config_(config) {}

void NetRun::stop(TrainStop why, int at, std::string message, std::string hint) {
    stop_ = why;
    stoppedAt_ = at;
    message_ = std::move(message);
    hint_ = std::move(hint);
}

void NetRun::record(const Problem& p, double lr) {
    TrainPoint t;
    t.loss = bp_->gradient(theta_, p.train, grad_);
    t.gradNorm = grad_.norm();
    t.lr = lr;
    t.trainAcc = accuracy(p.model, bp_->lastOutputs(), p.train);
    t.testLoss = kNaN;
    t.testAcc = kNaN;
    if (p.test.n > 0) {
        t.testLoss = bp_->loss(theta_, p.test);
        t.testAcc = accuracy(p.model, bp_->lastOutputs(), p.test);
    }
    t.weightNorm = theta_.norm();
    for (const LayerShape& l : p.model.layers()) {
        t.layerGradNorm.push_back(grad_.segment(l.wOffset, l.in * l.out).norm());
        t.layerWeightNorm.push_back(layerWeightNorm(l, theta_));
    }
    traj_.push_back(std::move(t));
}

void NetRun::reset(const Problem& p, const VecX& theta0) {
    bp_ = std::make_unique<Backprop>(p.model);
    state_ = OptimizerStateN{};
    state_.rng = SplitMix64::stream(config_.seed, kPerturbStream);
    noiseRng_ = SplitMix64::stream(config_.seed, kNoiseStream);
    const int n = p.train.n;
    batches_ = n > 0 && config_.batch > 0 && config_.batch < n;
    sampler_ = batches_ ? BatchSampler(n, config_.batch, SplitMix64::stream(config_.seed, kBatchStream))
                        : BatchSampler();
    theta0_ = theta0;
    theta_ = theta0;
    traj_.clear();
    stop_ = TrainStop::None;
    stoppedAt_ = -1;
    message_.clear();
    hint_.clear();
    record(p, scheduledLr(config_.schedule, config_.hyper.lr, 0));
    bestStep_ = p.test.n > 0 ? 0 : -1;
    bestLoss_ = traj_.back().testLoss;
    bestTheta_ = theta_;
    if (!std::isfinite(traj_.back().loss) || !theta_.allFinite())
        stop(TrainStop::Diverged, 0, "diverged at step 0", "the loss is not finite at the initial weights");
    else if (config_.optimizer == OptimizerKind::Newton && theta_.size() > kNewtonMaxParameters)
        stop(TrainStop::TooLargeForNewton, 0,
             "Newton needs the full Hessian: at most " + std::to_string(kNewtonMaxParameters) +
                 " parameters (this network has " + std::to_string(theta_.size()) + ")",
             "use a smaller network, or a first-order optimizer");
}

bool NetRun::step(const Problem& p) {
    if (stopped() || !bp_) return false;
    const OptimizerKind kind = config_.optimizer;
    const int k = steps();
    StepContextN ctx;
    ctx.lr = traj_.back().lr;
    if (batches_) {
        int count = 0;
        const int* idx = sampler_.next(&count);
        gatherBatch(p.train, idx, count, batch_);
        bp_->gradient(theta_, batch_, ctx.grad);
    } else {
        ctx.grad = grad_;  // the full gradient, computed for the last row
    }
    if (config_.noise > 0)
        for (Eigen::Index i = 0; i < ctx.grad.size(); i += 2) {
            const Vec2 z = noiseRng_.normal2();
            ctx.grad[i] += config_.noise * z[0];
            if (i + 1 < ctx.grad.size()) ctx.grad[i + 1] += config_.noise * z[1];
        }
    if (needsHessian(kind)) ctx.hessian = bp_->hessian(theta_, p.train);

    OptimizerStateN next = state_;
    VecX w = theta_;
    if (optiscape::step(kind, config_.hyper, next, w, ctx) == StepStatus::NotPositiveDefinite) {
        const Eigen::SelfAdjointEigenSolver<MatX> es(ctx.hessian, Eigen::EigenvaluesOnly);
        const double lmin = es.eigenvalues().size() ? es.eigenvalues()[0] : kNaN;
        stop(TrainStop::NotPositiveDefinite, k + 1,
             "Newton: H + damping·I is not positive definite at step " + std::to_string(k + 1) +
                 " (λmin(H) = " + formatNumber(lmin) + ")",
             "raise the damping above " + formatNumber(-lmin));
        return false;
    }
    if (!w.allFinite() || w.norm() > kDivergenceRadius) {
        stop(TrainStop::Diverged, k + 1, "diverged at step " + std::to_string(k + 1),
             "the weights left every bound: try a smaller learning rate");
        return false;
    }
    const VecX before = theta_;
    const VecX gradBefore = grad_;
    theta_ = w;
    record(p, scheduledLr(config_.schedule, config_.hyper.lr, k + 1));
    if (!std::isfinite(traj_.back().loss) || !std::isfinite(traj_.back().gradNorm)) {
        traj_.pop_back();
        theta_ = before;
        grad_ = gradBefore;
        stop(TrainStop::Diverged, k + 1, "diverged at step " + std::to_string(k + 1),
             "the loss overflowed: try a smaller learning rate");
        return false;
    }
    state_ = std::move(next);
    if (p.test.n > 0) {
        const double tl = traj_.back().testLoss;
        if (tl < bestLoss_) {
            bestLoss_ = tl;
            bestStep_ = k + 1;
            bestTheta_ = theta_;
        } else if (p.patience > 0 && k + 1 - bestStep_ >= p.patience) {
            stop(TrainStop::EarlyStopped, k + 1,
                 "early stop at step " + std::to_string(k + 1) + ": the test loss was lowest at step " +
                     std::to_string(bestStep_),
                 "no lower test loss in " + std::to_string(p.patience) +
                     " steps; the weights of step " + std::to_string(bestStep_) + " are kept");
        }
    }
    return true;
}

int NetRun::advance(const Problem& p, int n) {
    int taken = 0;
    while (taken < n && step(p)) ++taken;
    return taken;
}

}  // namespace optiscape::nets
