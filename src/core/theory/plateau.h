// The tanh plateau (Lecture 3, "plateaus: non-minima regions with near-zero gradients"; Yarotsky's
// saddles): a two-layer tanh student ŷ = vᵀtanh(Wx + b) + c fitted to a tanh teacher with the
// squared loss, started from θ₀ = s·θ_LeCun. θ = 0 is a critical point (a saddle) when the targets
// have mean zero, so a small start s sits on a plateau of height L₀ = mean(y²) whose gradient is
// O(s); gradient descent leaves it after a number of steps that grows like ln(1/s) (as in Saxe et
// al.'s linear nets), momentum and perturbed GD (Jin et al.) leave it sooner. Every run is a
// nets::NetRun with the shared optimizer step(); a run is a pure function of the settings.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/nets/trainer.h"

namespace optiscape::theory {

/// The optimizers compared (one nets::NetRun each, the shared optimizer rules).
enum class PlateauOptimizer { GD, Momentum, PerturbedGD };
const char* plateauOptimizerName(PlateauOptimizer o);  ///< "gd", "momentum", "perturbed-gd"
constexpr int kPlateauOptimizers = 3;

struct PlateauSettings {
    int inputs = 2;            ///< d, 1 … 16: x ~ N(0, I_d)
    int hidden = 8;            ///< h, 1 … 64 student tanh units
    int samples = 200;         ///< N, 10 … 5000 training samples
    double gain = 2.0;         ///< the teacher y = tanh(gain·x₁) − its sample mean, gain in (0, 10]
    std::vector<double> scales{1e-4, 3.1622776601683795e-4, 1e-3, 3.1622776601683795e-3, 1e-2,
                               3.1622776601683795e-2, 0.1, 0.31622776601683794, 1.0};  ///< s, each in (0, 10]
    double lr = 0.05;          ///< every optimizer's learning rate, (0, 10]
    double momentum = 0.9;     ///< heavy ball's μ, [0, 0.999]
    double radius = 0.1;       ///< perturbed GD's jump radius r
    double threshold = 0.01;   ///< perturbed GD: jump when ‖g‖ ≤ gₜₕ
    double every = 50;         ///< perturbed GD: at most one jump every tₜₕ steps
    int maxSteps = 1500;       ///< steps per run, 10 … 10⁶
    double drop = 0.5;         ///< the plateau ends when L < (1 − drop)·L₀, drop in (0, 1)
    std::uint64_t seed = 1;    ///< the data (stream kPlateauDataStream) and θ_LeCun (nets' init stream)
    int curveEvery = 0;        ///< keep every curveEvery-th step of the curves (0: maxSteps/400, at least 1)
};

/// "" or what is out of range.
std::string checkPlateau(const PlateauSettings& s);

constexpr std::uint64_t kPlateauDataStream = 0x706C617401ULL;  ///< "plat" 1: the inputs x

/// The student, its samples (targets centred: mean(y) = 0 exactly up to rounding) and L₀ = mean(y²),
/// the loss of θ = 0.
struct PlateauProblem {
    nets::Problem problem;
    double zeroLoss = 0;
};
PlateauProblem plateauProblem(const PlateauSettings& s);
/// θ₀ = scale·θ_LeCun (LeCun's N(0, 1/fan_in) weights from the seed, biases 0): one direction for
/// every scale.
VecX plateauStart(const PlateauSettings& s, double scale);
/// The saddle at θ = 0: ∇L(0) = 0 (targets of mean 0), and the Hessian's eigenvalues there are
/// ±2‖c‖ (h times each, c = mean(y·x) ∈ ℝ^d: the quadratic part of L near 0 is −2·vᵀW c), 2 (the
/// output bias) and 0. Returns λ = 2‖c‖, the rate at which the escaping direction grows.
double plateauEscapeRate(const PlateauProblem& p);
/// Linearised at the saddle, one step multiplies the escaping direction by 1 + η·λ (gd, and
/// perturbed GD between jumps) or by the larger root of z² − (1 + μ + η·λ)z + μ (heavy ball).
/// The plateau of a start of scale s then lasts about ln(1/s)/ln(growth) steps + a constant:
/// ln 10/ln(growth) steps more per decade of s.
double plateauGrowth(const PlateauSettings& s, double lambda, PlateauOptimizer o);

/// The run's settings: lr for all three; μ for momentum; r, gₜₕ, tₜₕ for perturbed GD.
RunConfig plateauConfig(const PlateauSettings& s, PlateauOptimizer o);

/// One finished run.
struct PlateauRun {
    double scale = 0;
    PlateauOptimizer optimizer = PlateauOptimizer::GD;
    /// The plateau's length: the first step t with L(θ_t) < (1 − drop)·L₀; −1 if no step up to
    /// maxSteps reached it (the run never left the plateau).
    int length = -1;
    double startLoss = 0, finalLoss = 0;
    double startGrad = 0;      ///< ‖∇L(θ₀)‖, O(s) for a small start
    /// The smallest ‖∇L(θ_t)‖ over the plateau's steps t < length (all steps if it never left).
    double plateauMinGrad = 0;
    int steps = 0;             ///< steps taken (maxSteps, or fewer if the run diverged)
    bool diverged = false;
    int jumps = 0;             ///< perturbed GD's jumps
    std::vector<int> curveSteps;          ///< every curveEvery-th step, and the last
    std::vector<double> curveLoss, curveGrad;  ///< L and ‖∇L‖ there
};

/// A run as a resumable computation (the page advances it a slice at a time).
class PlateauDescent {
public:
    PlateauDescent(const PlateauProblem& p, const PlateauSettings& s, double scale, PlateauOptimizer o);
    /// Up to `steps` more steps; true when done (maxSteps, or diverged).
    bool advance(int steps);
    bool done() const;
    const PlateauRun& result() const { return run_; }

private:
    void observe();

    const PlateauProblem& p_;
    PlateauSettings s_;
    nets::NetRun net_;
    PlateauRun run_;
    int every_ = 1;
    int seen_ = 0;  ///< trajectory rows observed
};

/// The chunk: run `scale`-index i with optimizer o to the end. Pure.
PlateauRun plateauRun(const PlateauSettings& s, int scaleIndex, PlateauOptimizer o);

/// The sweep: every scale with every optimizer (scale-major), a slice of steps at a time.
class PlateauComputer {
public:
    /// nullptr and *error if the settings are out of range.
    static std::unique_ptr<PlateauComputer> make(const PlateauSettings& s, std::string* error);
    /// About `seconds` of work (at least one slice of steps); true once every run is done.
    bool advanceFor(double seconds);
    bool done() const { return next_ >= total() && !current_; }
    int total() const { return static_cast<int>(s_.scales.size()) * kPlateauOptimizers; }
    int runsDone() const { return static_cast<int>(runs_.size()); }
    double progress() const;
    double seconds() const { return seconds_; }
    const PlateauSettings& settings() const { return s_; }
    double zeroLoss() const { return problem_.zeroLoss; }
    double escapeRate() const { return plateauEscapeRate(problem_); }
    /// Finished runs, job order: job j is scale j / 3 with optimizer j % 3.
    const std::vector<PlateauRun>& runs() const { return runs_; }
    /// The finished run of (scale index, optimizer), or nullptr.
    const PlateauRun* find(int scaleIndex, PlateauOptimizer o) const;
    /// The run being computed (its curve so far), or nullptr.
    const PlateauRun* running() const { return current_ ? &current_->result() : nullptr; }
    /// The next run in job order, computed elsewhere (plateauRun: the same to the bit), with its
    /// compute time; for a computer whose advanceFor is not called.
    void supply(PlateauRun r, double seconds);

private:
    explicit PlateauComputer(const PlateauSettings& s);
    PlateauSettings s_;
    PlateauProblem problem_;
    std::unique_ptr<PlateauDescent> current_;
    std::vector<PlateauRun> runs_;
    int next_ = 0;
    double seconds_ = 0;
};

}  // namespace optiscape::theory
