// Training a network: the problem (model, training and test samples, early stopping) and a run of
// one optimizer on it — the same RunConfig, optimizer step(), schedules, gradient noise and
// minibatch sampler as a 2-D run, on a parameter vector of any size. A run records, per step, the
// full training loss and gradient norm, the test loss, accuracies and per-layer norms; it stops
// when it diverges or early stopping ends it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/data_landscape.h"
#include "core/nets/backprop.h"
#include "core/run.h"

namespace optiscape::nets {

/// What a network is trained on. Early stopping (patience > 0, with a test set) keeps the weights
/// of the lowest test loss and ends the run `patience` steps after it, when none was lower.
struct Problem {
    Model model;
    Batch train;
    Batch test;        ///< n = 0: no test set
    int patience = 0;  ///< early stopping's P; 0: off
};

/// One row of a training run: the state after `step` steps.
struct TrainPoint {
    double loss = 0.0;      ///< full training loss L(θ)
    double gradNorm = 0.0;  ///< |∇L(θ)| of the full training loss (without weight decay)
    double lr = 0.0;        ///< the rate the next step uses
    double trainAcc = 0.0;  ///< NaN for regression
    double testLoss = 0.0;  ///< NaN without a test set
    double testAcc = 0.0;   ///< NaN for regression or without a test set
    double weightNorm = 0.0;                 ///< |θ|
    std::vector<double> layerGradNorm;       ///< |∂L/∂W^l| per layer (weights only)
    std::vector<double> layerWeightNorm;     ///< |W^l| per layer
};

enum class TrainStop {
    None,
    Diverged,             ///< the loss or θ not finite, or |θ| > kDivergenceRadius
    EarlyStopped,         ///< patience steps without a lower test loss
    NotPositiveDefinite,  ///< newton: H + δ·I was not positive definite
    TooLargeForNewton,    ///< newton needs the dense Hessian: at most kNewtonMaxParameters
};

/// Newton's step forms the dense Hessian from one Hessian-vector product per parameter.
constexpr int kNewtonMaxParameters = 400;

class NetRun {
public:
    explicit NetRun(RunConfig config = {});
    const RunConfig& config() const { return config_; }
    void setConfig(const RunConfig& c) { config_ = c; }

    /// Back to step 0 at θ₀, every random stream re-seeded from config().seed.
    void reset(const Problem& p, const VecX& theta0);
    /// One step (a minibatch of config().batch samples when 0 < batch < N, else the full batch);
    /// false once stopped.
    bool step(const Problem& p);
    /// Up to n steps; how many were taken.
    int advance(const Problem& p, int n);

    const std::vector<TrainPoint>& trajectory() const { return traj_; }
    const TrainPoint& current() const { return traj_.back(); }
    int steps() const { return static_cast<int>(traj_.size()) - 1; }
    const VecX& theta() const { return theta_; }
    const VecX& initialTheta() const { return theta0_; }
    const OptimizerStateN& state() const { return state_; }

    /// Early stopping: the step of the lowest test loss so far (−1 without a test set) and its θ.
    int bestStep() const { return bestStep_; }
    const VecX& bestTheta() const { return bestTheta_; }
    /// The step early stopping marked, once it ended the run; −1 otherwise.
    int earlyStopStep() const { return stop_ == TrainStop::EarlyStopped ? bestStep_ : -1; }

    bool stopped() const { return stop_ != TrainStop::None; }
    TrainStop stopReason() const { return stop_; }
    bool diverged() const { return stop_ == TrainStop::Diverged; }
    /// The step that could not be completed (−1 while running); for early stopping the last step taken.
    int stoppedAt() const { return stoppedAt_; }
    /// "diverged at step k", "early stop at step k: the test loss was lowest at step j", ...
    const std::string& stopMessage() const { return message_; }
    const std::string& hint() const { return hint_; }

private:
    void record(const Problem& p, double lr);
    void stop(TrainStop why, int at, std::string message, std::string hint);

    RunConfig config_;
    OptimizerStateN state_;
    VecX theta_, theta0_, grad_, bestTheta_;
    std::unique_ptr<Backprop> bp_;
    Batch batch_;
    std::vector<double> outputs_;
    std::vector<TrainPoint> traj_;
    SplitMix64 noiseRng_;
    bool batches_ = false;
    BatchSampler sampler_;
    int bestStep_ = -1;
    double bestLoss_ = 0.0;
    TrainStop stop_ = TrainStop::None;
    int stoppedAt_ = -1;
    std::string message_, hint_;
};

}  // namespace optiscape::nets
