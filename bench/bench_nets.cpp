// Network benchmark: full-batch training epochs per second (loss, backpropagated gradient, the
// optimizer's step and the row's measurements) of a 2-8-8-1 tanh net on 500 points and a
// 2-16-16-16-1 on 1000, the forward pass of the page's 128 × 128 decision map, and a Hessian-vector
// product; issue 17's speed figures: a 51 × 51 slice of a 2-16-16-1 net on 1000 points (the CLI's
// grid, cell by cell as the page's map evaluates it in place, and natively as jobs on a thread pool)
// and the Hessian's top eigenvalue by
// Lanczos; natively and as wasm under Node. Prints "bench net=<name> epochs_per_s=<f>" (or ms=) lines.
#include <chrono>
#include <cstdio>
#include <string>

#include "core/jobs/grid_jobs.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"
#include "core/nets/slice_setup.h"
#include "core/nets/trainer.h"
#ifndef __EMSCRIPTEN__
#include "core/jobs/thread_pool.h"
#endif

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
    // issue 17 §5: a 51 × 51 slice (budget 1 s in the page) and λmax (budget 50 ms) of 2-16-16-1 on 1000 points,
    // at weights trained for 300 Adam steps (a slice is looked at around a trained network)
    {
        const Prepared p = problem({2, 16, 16, 1}, 1000);
        RunConfig c;
        c.optimizer = OptimizerKind::Adam;
        c.hyper = defaultsFor(OptimizerKind::Adam);
        c.hyper.lr = 0.03;
        NetRun run(c);
        run.reset(p.problem, initialParameters(p.model, InitSpec{}, 1));
        run.advance(p.problem, 300);
        const VecX theta = run.theta();
        std::string err;
        const auto plane = makeSlicePlane(p.model, theta, {theta}, {300}, SliceSpec{}, &err);
        if (!plane) {
            std::fprintf(stderr, "%s\n", err.c_str());
            return 1;
        }
        Backprop bp(p.model);
        volatile double sink = 0;  // the results are used: nothing is optimised away
        const double sg = bestSeconds(
            [&] {
                const auto g = sliceGrid(bp, p.problem.train, theta, plane->d1, plane->d2, -1, 1, -1, 1, 51);
                sink = g[1300];
            },
            5);
        const auto land = makeSliceLandscape(p.model, p.problem.train, *plane);
        const double sc = bestSeconds(
            [&] {
                for (int j = 0; j < 51; ++j)
                    for (int i = 0; i < 51; ++i) sink = land->value(Vec2(-1 + 2.0 * i / 50, -1 + 2.0 * j / 50));
            },
            5);
#ifndef __EMSCRIPTEN__
        {
            // the map's grid as jobs on a pool of threads, one per core (at most four): what the
            // page's Web Workers do, natively
            jobs::ThreadPool pool(jobs::defaultThreadCount(4));
            const jobs::GridSpec grid{-1, -1, 2, 2, 51, 51, false};
            const double st = bestSeconds(
                [&] {
                    jobs::GridJobs g(*land, grid, &pool);
                    while (!g.advance(*land, 0.001)) {
                    }
                    sink = g.values()[1300];
                },
                5);
            std::printf("2-16-16-1 on 1000 points: 51x51 slice as jobs on %d threads %.1f ms (%.2fx one thread cell by cell)\n",
                        pool.workers(), 1e3 * st, sc / st);
            std::printf("bench net=slice-jobs-51x51-2-16-16-1-1000 ms=%.4f threads=%d\n", 1e3 * st, pool.workers());
        }
#endif
        Spectrum top;
        const double se = bestSeconds([&] { top = hessianSpectrum(p.model, theta, p.problem.train, 1); }, 5);
        double lambda = 0;
        const double sl = bestSeconds([&] { lambda = sharpness(p.model, theta, p.problem.train); }, 5);
        std::printf("2-16-16-1 on 1000 points: 51x51 slice %.1f ms (sliceGrid), %.1f ms cell by cell as the page's map "
                    "(budget 1000 ms); top eigenvalue and λmin %.3f, %.3f in %.1f ms, %d Hessian-vector products; "
                    "λmax alone (sharpness) %.10g in %.1f ms (budget 50 ms)\n",
                    1e3 * sg, 1e3 * sc, top.top.front(), top.min, 1e3 * se, top.iterations, lambda, 1e3 * sl);
        std::printf("bench net=slice-51x51-2-16-16-1-1000 ms=%.4f\n", 1e3 * sg);
        std::printf("bench net=slice-cells-51x51-2-16-16-1-1000 ms=%.4f\n", 1e3 * sc);
        std::printf("bench net=spectrum-top-min-2-16-16-1-1000 ms=%.4f\n", 1e3 * se);
        std::printf("bench net=lambda-max-2-16-16-1-1000 ms=%.4f\n", 1e3 * sl);
    }
    return 0;
}
