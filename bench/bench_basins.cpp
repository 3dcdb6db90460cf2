// Basin-map benchmark: a 256×256 grid × up to 1000 heavy-ball steps per pixel (the budget:
// ≤ 250 ms in the browser), natively and as wasm under Node; prints one line per landscape,
// "bench basins=<landscape> ms=<float> grid=256x256 steps=1000", with the steps actually taken.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "core/basins.h"
#include "core/data_landscape.h"
#include "core/landscape.h"

using namespace optiscape;
using Clock = std::chrono::steady_clock;

int main() {
    struct Case {
        const char* landscape;
        double lr;
    };
    // heavy ball μ = 0.9 (torch's momentum); lr below 2(1 + μ)/λmax over most of the view
    // rosenbrock and ill-conditioned are hand-written; himmelblau and styblinski-tang are formula
    // presets (the interpreter's block path, as for a formula a teacher types; the latter with
    // integer powers, w^4)
    const Case cases[] = {{"rosenbrock", 1e-4},
                          {"ill-conditioned", 0.1},
                          {"himmelblau", 1e-3},
                          {"styblinski-tang", 1e-3}};
    for (const Case& c : cases) {
        const auto l = makeAnyPreset(c.landscape);
        BasinRequest r;
        r.optimizer = OptimizerKind::Momentum;
        r.hyper = defaultsFor(OptimizerKind::Momentum);
        r.hyper.momentum = 0.9;
        r.hyper.lr = c.lr;
        r.box = l->info().view;
        r.width = r.height = 256;
        r.maxSteps = 1000;
        double best = 1e300;
        BasinMap map;
        for (int rep = 0; rep < 3; ++rep) {
            BasinComputer bc(*l, r);
            const auto t0 = Clock::now();
            while (!bc.advance(16)) {
            }
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            if (ms < best) best = ms;
            map = bc.result();
        }
        long long steps = 0;
        std::map<int, int> labels;
        for (size_t k = 0; k < map.label.size(); ++k) {
            steps += map.steps[k];
            labels[map.label[k]]++;
        }
        std::printf("basins %s: %.1f ms, %lld steps taken (%.1f%% of 256x256x1000), %.2f ns/step;",
                    c.landscape, best, steps, 100.0 * static_cast<double>(steps) / (65536.0 * 1000),
                    best * 1e6 / static_cast<double>(steps));
        for (const auto& kv : labels) std::printf(" label %d: %d", kv.first, kv.second);
        std::printf("\nbench basins=%s ms=%.3f grid=256x256 steps=1000\n", c.landscape, best);
    }
    return 0;
}
