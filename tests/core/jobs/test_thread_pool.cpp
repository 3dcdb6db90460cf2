// ThreadPool with real threads (native builds only: the wasm tests run without threads): bands
// computed on two and four threads give the map computed in place; destroying a pool with work
// queued returns promptly; the wake-up callback runs when a client's last job is back.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/data_landscape.h"
#include "core/jobs/basin_jobs.h"
#include "core/jobs/thread_pool.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;

TEST_CASE("thread pool: basin maps on threads are the maps computed in place") {
    for (const char* name : {"himmelblau", "rosenbrock", "styblinski-tang"}) {
        CAPTURE(name);
        const auto l = makeAnyPreset(name);
        BasinRequest r;
        r.optimizer = OptimizerKind::Momentum;
        r.hyper = defaultsFor(r.optimizer);
        r.hyper.lr = std::string(name) == "rosenbrock" ? 1e-4 : 0.002;
        r.box = l->info().view;
        r.width = 41;
        r.height = 37;
        r.maxSteps = 500;
        const BasinMap expected = testing::inPlace(*l, r);
        for (const int threads : {2, 4}) {
            CAPTURE(threads);
            ThreadPool pool(threads);
            std::atomic<int> calls{0};
            pool.onLastFinished([&calls] { ++calls; });
            BasinJobs jobs(*l, r, &pool);
            CHECK(jobs.workers() == threads);
            while (!jobs.advance(0.001)) {
            }
            CHECK(jobs.lastError().empty());
            testing::checkSameMap(jobs.result(), expected);
            // the callback runs just after the last output is stored: wait for it
            const auto t0 = std::chrono::steady_clock::now();
            while (calls.load() == 0 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30))
                std::this_thread::yield();
            // once when the last band is back; again only if the pool ran dry while bands were
            // still being submitted — never once per band
            CHECK(calls.load() >= 1);
            CHECK(calls.load() < static_cast<int>(pool.finishedCount()));
            CHECK(pool.where() == "threads");
        }
    }
}

TEST_CASE("thread pool: a cancelled map and a destroyed pool stop early") {
    const auto l = makeAnyPreset("rosenbrock");
    BasinRequest r;
    r.optimizer = OptimizerKind::Momentum;
    r.hyper = defaultsFor(r.optimizer);
    r.hyper.lr = 1e-4;
    r.box = l->info().view;
    r.width = r.height = 256;
    ThreadPool pool(2);
    {
        BasinJobs jobs(*l, r, &pool);  // destroyed at once: its bands are cancelled
    }
    BasinJobs small(*l, [&] { BasinRequest q = r; q.width = q.height = 16; q.maxSteps = 50; return q; }(), &pool);
    while (!small.advance(0.001)) {
    }
    CHECK(small.done());
    CHECK(pool.finishedCount() < 40);  // the big map's 32 bands were mostly dropped unrun
}
