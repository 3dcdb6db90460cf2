// Core benchmark: nanoseconds per optimizer step (raw step() on Rosenbrock's hand-written
// gradient and Hessian), per landscape evaluate() and per Run step with minibatches and noise,
// natively and as wasm under Node; scripts/bench parses "bench optimizer=<name> ns_per_step=<f>".
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/data_landscape.h"
#include "core/landscape.h"
#include "core/optimizer.h"
#include "core/run.h"

using namespace optiscape;
using Clock = std::chrono::steady_clock;

namespace {

inline Vec2 rosenbrockGradient(const Vec2& w) {
    const double r = w[1] - w[0] * w[0];
    return {-2.0 * (1.0 - w[0]) - 400.0 * w[0] * r, 200.0 * r};
}

inline Mat2 rosenbrockHessian(const Vec2& w) {
    Mat2 h;
    h << 2.0 - 400.0 * (w[1] - 3.0 * w[0] * w[0]), -400.0 * w[0], -400.0 * w[0], 200.0;
    return h;
}

// Restarting every kSegment steps keeps every number in the normal range: a run that has
// converged would feed Adam's moments ever smaller (eventually subnormal) values.
constexpr int64_t kSegment = 4096;

double runSteps(OptimizerKind kind, const Hyper& h, int64_t n, double& checksum) {
    const Vec2 start(-1.2, 1.0);
    OptimizerState s;
    Vec2 w = start;
    StepContext ctx;
    ctx.lr = h.lr;
    const bool hessian = needsHessian(kind);
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < n; ++i) {
        if (i % kSegment == 0) {
            checksum += w[0] + w[1];
            s = OptimizerState{};
            w = start;
        }
        ctx.grad = rosenbrockGradient(w);
        if (hessian) ctx.hessian = rosenbrockHessian(w);
        if (step(kind, h, s, w, ctx) != StepStatus::Ok) w = start;
    }
    const auto t1 = Clock::now();
    checksum += w[0] + w[1];
    return std::chrono::duration<double, std::nano>(t1 - t0).count();
}

/// Picks a step count that takes about `target` seconds, then returns the best of `reps` runs.
template <class Work>
double bestNsPer(Work work, double target, int reps, int64_t& nOut) {
    int64_t n = 20000;
    for (;;) {
        const double ns = work(n);
        if (ns > 2e7 || n > (int64_t(1) << 34)) {
            n = static_cast<int64_t>(static_cast<double>(n) * target * 1e9 / ns) + 1;
            break;
        }
        n *= 4;
    }
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        const double ns = work(n) / static_cast<double>(n);
        if (ns < best) best = ns;
    }
    nOut = n;
    return best;
}

}  // namespace

int main() {
    double checksum = 0.0;
    struct Case {
        OptimizerKind kind;
        Hyper hyper;
    };
    std::vector<Case> cases;
    for (const OptimizerInfo& o : optimizers()) {
        Hyper h = defaultsFor(o.kind);
        switch (o.kind) {
            case OptimizerKind::GD:
            case OptimizerKind::PerturbedGD:
                h.lr = 1e-3;
                break;
            case OptimizerKind::Momentum:
            case OptimizerKind::Nesterov:
                h.lr = 1e-4;
                break;
            case OptimizerKind::Newton:
                h.damping = 10;  // keeps H + δI positive definite along the path
                break;
            default:
                h.lr = 1e-2;
                break;
        }
        cases.push_back({o.kind, h});
    }
    for (const Case& c : cases) {
        int64_t n = 0;
        const double ns = bestNsPer(
            [&](int64_t steps) { return runSteps(c.kind, c.hyper, steps, checksum); }, 0.4, 5, n);
        const std::string& name = optimizerInfo(c.kind).name;
        std::printf("optimizer %s: %.2f ns/step, %.1f Msteps/s (best of 5 x %lld steps)\n",
                    name.c_str(), ns, 1e3 / ns, static_cast<long long>(n));
        std::printf("bench optimizer=%s ns_per_step=%.4f\n", name.c_str(), ns);
    }
    for (const std::string& name : presetNames()) {
        const auto l = makePreset(name);
        int64_t n = 0;
        const double ns = bestNsPer(
            [&](int64_t calls) {
                Vec2 w(-1.3, 0.7);
                const auto t0 = Clock::now();
                for (int64_t i = 0; i < calls; ++i) {
                    const Eval e = l->evaluate(w);
                    checksum += e.value + e.gradient[0] + e.hessian(0, 1);
                    w[0] += 1e-9;
                }
                return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
            },
            0.05, 3, n);
        std::printf("evaluate %s: %.2f ns/call\n", name.c_str(), ns);
        std::printf("bench evaluate=%s ns_per_call=%.4f\n", name.c_str(), ns);
    }
    // a whole Run step on data: minibatch gradient of 4 samples, noise, full loss for the plot
    for (const int batch : {1, 4, 0}) {
        const auto l = makeDataLandscape("linear-regression", 200, 7);
        RunConfig cfg;
        cfg.optimizer = OptimizerKind::Momentum;
        cfg.hyper = defaultsFor(OptimizerKind::Momentum);
        cfg.start = l->info().start;
        cfg.batch = batch;
        cfg.noise = 0.1;
        int64_t n = 0;
        const double ns = bestNsPer(
            [&](int64_t steps) {
                const auto t0 = Clock::now();
                for (int64_t done = 0; done < steps; done += 1000) {
                    Run run(cfg);
                    run.reset(*l);
                    run.advance(*l, 1000);
                    checksum += run.current().w[0];
                }
                return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
            },
            0.1, 3, n);
        std::printf("run linear-regression N=200 batch=%d noise=0.1: %.2f ns/step\n", batch, ns);
        std::printf("bench run=linear-regression-b%d ns_per_step=%.4f\n", batch, ns);
    }
    std::printf("checksum %.6g\n", checksum);
    return 0;
}
