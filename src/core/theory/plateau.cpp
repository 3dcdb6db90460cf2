// The tanh plateau's problem, runs and sweep (core/theory/plateau.h).
#include "core/theory/plateau.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/params.h"
#include "core/random.h"

namespace optiscape::theory {

const char* plateauOptimizerName(PlateauOptimizer o) {
    switch (o) {
        case PlateauOptimizer::GD: return "gd";
        case PlateauOptimizer::Momentum: return "momentum";
        case PlateauOptimizer::PerturbedGD: return "perturbed-gd";
    }
    return "gd";
}

namespace {

std::string outside(const char* name, double v, const char* range) {
    return std::string(name) + " = " + formatNumber(v, 6) + " is out of range (give " + range + ")";
}

bool in(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

}  // namespace

std::string checkPlateau(const PlateauSettings& s) {
    if (s.inputs < 1 || s.inputs > 16) return outside("inputs", s.inputs, "a whole number in [1, 16]");
    if (s.hidden < 1 || s.hidden > 64) return outside("hidden", s.hidden, "a whole number in [1, 64]");
    if (s.samples < 10 || s.samples > 5000) return outside("samples", s.samples, "a whole number in [10, 5000]");
    if (!in(s.gain, 1e-9, 10)) return outside("gain", s.gain, "a number in (0, 10]");
    if (s.scales.empty() || s.scales.size() > 40) return "scales: give 1 to 40 initial scales";
    for (double v : s.scales)
        if (!in(v, 1e-12, 10)) return outside("scale", v, "a number in (0, 10]");
    if (!in(s.lr, 1e-12, 10)) return outside("lr", s.lr, "a number in (0, 10]");
    if (!in(s.momentum, 0, 0.999)) return outside("momentum", s.momentum, "a number in [0, 0.999]");
    if (!in(s.radius, 0, 10)) return outside("radius", s.radius, "a number in [0, 10]");
    if (!in(s.threshold, 0, 1e6)) return outside("threshold", s.threshold, "a number ≥ 0");
    if (!in(s.every, 1, 1e6) || s.every != std::floor(s.every)) return outside("every", s.every, "a whole number ≥ 1");
    if (s.maxSteps < 10 || s.maxSteps > 1000000) return outside("steps", s.maxSteps, "a whole number in [10, 1000000]");
    if (!in(s.drop, 1e-6, 1 - 1e-6)) return outside("drop", s.drop, "a number in (0, 1)");
    if (s.curveEvery < 0) return outside("curveEvery", s.curveEvery, "a whole number ≥ 0");
    return "";
}

PlateauProblem plateauProblem(const PlateauSettings& s) {
    PlateauProblem out;
    nets::Model& m = out.problem.model;
    m.widths = {s.inputs, s.hidden, 1};
    m.activation = nets::Activation::Tanh;
    m.loss = nets::LossKind::MSE;
    SplitMix64 rng = SplitMix64::stream(s.seed, kPlateauDataStream);
    const int n = s.samples, d = s.inputs;
    std::vector<double> x(static_cast<size_t>(n) * d), y(static_cast<size_t>(n));
    for (size_t i = 0; i < x.size(); i += 2) {
        const Vec2 z = rng.normal2();
        x[i] = z[0];
        if (i + 1 < x.size()) x[i + 1] = z[1];
    }
    double mean = 0;
    for (int i = 0; i < n; ++i) mean += y[size_t(i)] = std::tanh(s.gain * x[size_t(i) * d]);
    mean /= n;
    double l0 = 0;
    for (double& v : y) v -= mean, l0 += v * v;
    out.zeroLoss = l0 / n;
    out.problem.train = nets::makeBatch(x.data(), y.data(), d, 0, nullptr, n);
    return out;
}

VecX plateauStart(const PlateauSettings& s, double scale) {
    nets::Model m;
    m.widths = {s.inputs, s.hidden, 1};
    m.activation = nets::Activation::Tanh;
    m.loss = nets::LossKind::MSE;
    return scale * nets::initialParameters(m, nets::InitSpec{nets::InitKind::LeCun, 1.0}, s.seed);
}

double plateauEscapeRate(const PlateauProblem& p) {
    const nets::Batch& b = p.problem.train;
    VecX c = VecX::Zero(b.inputs);
    for (int f = 0; f < b.inputs; ++f)
        for (int i = 0; i < b.n; ++i) c[f] += b.x[size_t(f) * b.n + i] * b.y[size_t(i)];
    return 2 * c.norm() / b.n;
}

double plateauGrowth(const PlateauSettings& s, double lambda, PlateauOptimizer o) {
    const double a = 1 + s.lr * lambda;
    if (o != PlateauOptimizer::Momentum) return a;
    const double b = a + s.momentum;  // z² − b·z + μ = 0
    return (b + std::sqrt(b * b - 4 * s.momentum)) / 2;
}

RunConfig plateauConfig(const PlateauSettings& s, PlateauOptimizer o) {
    RunConfig c;
    c.optimizer = o == PlateauOptimizer::GD ? OptimizerKind::GD
                  : o == PlateauOptimizer::Momentum ? OptimizerKind::Momentum
                                                    : OptimizerKind::PerturbedGD;
    c.hyper = defaultsFor(c.optimizer);
    c.hyper.lr = s.lr;
    c.hyper.momentum = s.momentum;
    c.hyper.radius = s.radius;
    c.hyper.threshold = s.threshold;
    c.hyper.every = s.every;
    c.seed = s.seed;
    return c;
}

PlateauDescent::PlateauDescent(const PlateauProblem& p, const PlateauSettings& s, double scale, PlateauOptimizer o)
    : p_(p), s_(s), net_(plateauConfig(s, o)) {
    run_.scale = scale;
    run_.optimizer = o;
    every_ = s.curveEvery > 0 ? s.curveEvery : std::max(1, s.maxSteps / 400);
    net_.reset(p.problem, plateauStart(s, scale));
    run_.startLoss = net_.current().loss;
    run_.startGrad = net_.current().gradNorm;
    run_.plateauMinGrad = HUGE_VAL;
    observe();
}

void PlateauDescent::observe() {
    const auto& traj = net_.trajectory();
    const double level = (1 - s_.drop) * p_.zeroLoss;
    for (; seen_ < static_cast<int>(traj.size()); ++seen_) {
        const nets::TrainPoint& t = traj[size_t(seen_)];
        if (run_.length < 0) {
            if (t.loss < level) {
                run_.length = seen_;
            } else {
                run_.plateauMinGrad = std::min(run_.plateauMinGrad, t.gradNorm);
            }
        }
        if (seen_ % every_ == 0) {
            run_.curveSteps.push_back(seen_);
            run_.curveLoss.push_back(t.loss);
            run_.curveGrad.push_back(t.gradNorm);
        }
    }
    run_.steps = net_.steps();
    run_.finalLoss = net_.current().loss;
    run_.diverged = net_.diverged();
    run_.jumps = net_.state().jumps;
    if (!std::isfinite(run_.plateauMinGrad)) run_.plateauMinGrad = 0;  // left at step 0
}

bool PlateauDescent::done() const { return net_.stopped() || net_.steps() >= s_.maxSteps; }

bool PlateauDescent::advance(int steps) {
    if (done()) return true;
    net_.advance(p_.problem, std::min(steps, s_.maxSteps - net_.steps()));
    observe();
    if (done() && run_.curveSteps.back() != seen_ - 1) {  // the last point closes the curve
        const nets::TrainPoint& t = net_.current();
        run_.curveSteps.push_back(seen_ - 1);
        run_.curveLoss.push_back(t.loss);
        run_.curveGrad.push_back(t.gradNorm);
    }
    return done();
}

PlateauRun plateauRun(const PlateauSettings& s, int scaleIndex, PlateauOptimizer o) {
    const PlateauProblem p = plateauProblem(s);
    PlateauDescent d(p, s, s.scales.at(static_cast<size_t>(scaleIndex)), o);
    while (!d.advance(1000)) {
    }
    return d.result();
}

std::unique_ptr<PlateauComputer> PlateauComputer::make(const PlateauSettings& s, std::string* error) {
    const std::string why = checkPlateau(s);
    if (!why.empty()) {
        if (error) *error = why;
        return nullptr;
    }
    return std::unique_ptr<PlateauComputer>(new PlateauComputer(s));
}

PlateauComputer::PlateauComputer(const PlateauSettings& s) : s_(s), problem_(plateauProblem(s)) {}

double PlateauComputer::progress() const {
    const double steps = double(s_.maxSteps);
    double part = current_ ? current_->result().steps / steps : 0.0;
    return std::min(1.0, (runsDone() + part) / std::max(1, total()));
}

const PlateauRun* PlateauComputer::find(int scaleIndex, PlateauOptimizer o) const {
    const size_t j = static_cast<size_t>(scaleIndex * kPlateauOptimizers + static_cast<int>(o));
    return j < runs_.size() ? &runs_[j] : nullptr;
}

void PlateauComputer::supply(PlateauRun r, double seconds) {
    if (current_ || runsDone() >= total()) return;
    runs_.push_back(std::move(r));
    next_ = std::max(next_, runsDone());
    seconds_ += seconds;
}

bool PlateauComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
    do {
        if (!current_) {
            if (next_ >= total()) break;
            const int j = next_++;
            current_ = std::make_unique<PlateauDescent>(problem_, s_, s_.scales[size_t(j / kPlateauOptimizers)],
                                                        static_cast<PlateauOptimizer>(j % kPlateauOptimizers));
        }
        if (current_->advance(50)) {
            runs_.push_back(current_->result());
            current_.reset();
        }
    } while (elapsed() < seconds);
    seconds_ += elapsed();
    return done();
}

}  // namespace optiscape::theory
