// The basin map on every core, natively: Rosenbrock 256×256 starts × 1000 heavy-ball steps (as
// bench_basins) computed in bands by a ThreadPool of 1, 2 and (if the machine has them) 4
// threads, against BasinComputer alone. Prints the ratios one thread / n threads. Best of three.
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/data_landscape.h"
#include "core/jobs/basin_jobs.h"
#include "core/jobs/thread_pool.h"

using namespace optiscape;
using Clock = std::chrono::steady_clock;

int main() {
    const auto l = makeAnyPreset("rosenbrock");
    BasinRequest r;
    r.optimizer = OptimizerKind::Momentum;
    r.hyper = defaultsFor(OptimizerKind::Momentum);
    r.hyper.momentum = 0.9;
    r.hyper.lr = 1e-4;
    r.box = l->info().view;
    r.width = r.height = 256;
    r.maxSteps = 1000;
    auto best = [](auto&& f) {
        double b = 1e300;
        for (int rep = 0; rep < 3; ++rep) {
            const auto t0 = Clock::now();
            f();
            b = std::min(b, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        return b;
    };
    const double alone = best([&] {
        BasinComputer bc(*l, r);
        while (!bc.advance(16)) {
        }
    });
    std::printf("basins rosenbrock, one thread in place: %.1f ms\n", alone);
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    for (const int n : {1, 2, 4}) {
        if (n > 1 && n > cores) break;
        jobs::ThreadPool pool(n);
        const double ms = best([&] {
            jobs::BasinJobs b(*l, r, &pool);
            while (!b.advance(0.001)) std::this_thread::sleep_for(std::chrono::microseconds(200));
        });
        std::printf("basins rosenbrock, %d thread%s of %d cores: %.1f ms (in place / this: %.2fx)\n", n,
                    n > 1 ? "s" : "", cores, ms, alone / ms);
        std::printf("bench basins-threads threads=%d ms=%.3f speedup=%.3f\n", n, ms, alone / ms);
    }
    return 0;
}
