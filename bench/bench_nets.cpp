// Network benchmark: full-batch training epochs per second (loss, backpropagated gradient, the
// optimizer's step and the row's measurements) of a 2-8-8-1 tanh net on 500 points and a
// 2-16-16-16-1 on 1000, the forward pass of the page's 128 × 128 decision map, and a Hessian-vector
// product; natively and as wasm under Node. Prints "bench net=<name> epochs_per_s=<f>" lines.
#include <chrono>
#include <cstdio>
#include <string>

#include "core/nets/problem.h"
#include "core/nets/trainer.h"

using namespace optiscape;
using namespace optiscape::nets;
using Clock = std::chrono::steady_clock;

namespace {

Prepared problem(std::vector<int> arch, int n) {
    NetSpec s;
    s.data.name = "spiral";
    s.data.n = n;
    s.data.noise = 0.1;
    s.arch = std::move(arch);
    std::string err;
    auto p = prepare(s, nullptr, &err);
    if (!p) {
        std::fprintf(stderr, "%s\n", err.c_str());
        std::exit(1);
    }
    return *p;
}

template <class Work>
double bestSeconds(Work work, int reps) {
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = Clock::now();
        work();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

void epochs(const char* name, std::vector<int> arch, int n, OptimizerKind kind, double lr, int steps) {
    const Prepared p = problem(std::move(arch), n);
    const VecX theta0 = initialParameters(p.model, InitSpec{}, 1);
    RunConfig c;
    c.optimizer = kind;
    c.hyper = defaultsFor(kind);
    c.hyper.lr = lr;
    double loss = 0;
    const double s = bestSeconds(
        [&] {
            NetRun run(c);
            run.reset(p.problem, theta0);
            run.advance(p.problem, steps);
            loss = run.current().loss;
        },
        5);
    std::printf("net %s (%d parameters, %d points, %s): %.0f epochs/s, %.1f us/epoch (final loss %.4g)\n", name,
                p.model.parameterCount(), n, optimizerInfo(kind).name.c_str(), steps / s, 1e6 * s / steps, loss);
    std::printf("bench net=%s epochs_per_s=%.1f\n", name, steps / s);
}

}  // namespace

int main() {
    epochs("2-8-8-1-tanh-500", {2, 8, 8, 1}, 500, OptimizerKind::Adam, 0.03, 2000);
    epochs("2-16-16-16-1-tanh-1000", {2, 16, 16, 16, 1}, 1000, OptimizerKind::Adam, 0.03, 500);
    epochs("2-8-8-1-tanh-500-gd", {2, 8, 8, 1}, 500, OptimizerKind::GD, 0.1, 2000);

    // the decision map: one forward pass over 128 × 128 points (the page spreads it over frames)
    {
        const Prepared p = problem({2, 8, 8, 1}, 500);
        const VecX theta = initialParameters(p.model, InitSpec{}, 1);
        std::vector<double> x, y;
        for (int j = 0; j < 128; ++j)
            for (int i = 0; i < 128; ++i) x.push_back(-6 + 12.0 * i / 127), x.push_back(-6 + 12.0 * j / 127), y.push_back(0);
        const Batch grid = makeBatch(x.data(), y.data(), 2, 2, nullptr, 128 * 128);
        Backprop bp(p.model);
        std::vector<double> out;
        const double s = bestSeconds([&] { bp.outputs(theta, grid, out); }, 20);
        std::printf("decision map 128x128, 2-8-8-1 forward: %.3f ms\n", 1e3 * s);
        std::printf("bench net=decision-map-128 ms=%.4f\n", 1e3 * s);
    }
    // a Hessian-vector product of 2-16-16-1 on 1000 points (the next issues' sharpness)
    {
        const Prepared p = problem({2, 16, 16, 1}, 1000);
        const VecX theta = initialParameters(p.model, InitSpec{}, 1);
        const VecX v = VecX::Ones(p.model.parameterCount());
        Backprop bp(p.model);
        VecX g;
        const double sg = bestSeconds([&] { bp.gradient(theta, p.problem.train, g); }, 20);
        const double sh = bestSeconds([&] { bp.hessianVector(theta, p.problem.train, v); }, 20);
        std::printf("2-16-16-1 on 1000 points: gradient %.3f ms, Hessian-vector product %.3f ms (ratio %.2f)\n",
                    1e3 * sg, 1e3 * sh, sh / sg);
        std::printf("bench net=hvp-2-16-16-1-1000 ms=%.4f\n", 1e3 * sh);
    }
    return 0;
}
