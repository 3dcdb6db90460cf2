// Tests for randomness and data (src/core/random.cpp, data_landscape.cpp and Run's use of them):
// the portable generator and distributions, the data presets' exact mean loss, epoch-wise
// minibatches that average to the full gradient, gradient noise, schedules in runs, and seeded
// runs that replay bit for bit — the same checksum natively and in wasm.
#include <doctest/doctest.h>

#include <numeric>
#include <set>

#include "core/data_landscape.h"
#include "core/random.h"
#include "helpers.h"

using namespace optiscape;

namespace {

/// The checksum of a whole trajectory: every coordinate, loss, gradient norm and rate, bit for bit.
std::uint64_t trajectoryHash(const Run& run) {
    BitHash h;
    for (const TrajectoryPoint& p : run.trajectory()) {
        h.add(p.w[0]);
        h.add(p.w[1]);
        h.add(p.loss);
        h.add(p.gradNorm);
        h.add(p.lr);
    }
    return h.value;
}

Run seededRun(const Landscape& l, RunConfig cfg, int steps) {
    Run run(cfg);
    run.reset(l);
    run.advance(l, steps);
    return run;
}

/// A noisy minibatch momentum run on 50 seeded samples, with a cyclical schedule.
RunConfig noisyConfig(const Landscape& l) {
    RunConfig cfg;
    cfg.optimizer = OptimizerKind::Momentum;
    cfg.hyper = defaultsFor(OptimizerKind::Momentum);
    cfg.hyper.lr = 0.05;
    cfg.hyper.momentum = 0.8;
    cfg.start = l.info().start;
    cfg.batch = 4;
    cfg.noise = 0.3;
    cfg.seed = 20240611;
    cfg.schedule = *parseSchedule("cyclical:low=0.01,high=0.08,period=30,warmup=5");
    return cfg;
}

}  // namespace

TEST_CASE("SplitMix64: the reference sequence, streams, uniform and bounded integers") {
    // Vigna's splitmix64.c from state 0: the first outputs
    SplitMix64 r;
    CHECK(r.next() == 0xE220A8397B1DCDAFULL);
    CHECK(r.next() == 0x6E789E6AA1B965F4ULL);
    CHECK(r.next() == 0x06C45D188009454FULL);
    // streams of one seed differ from each other and from other seeds
    std::set<std::uint64_t> firsts;
    for (std::uint64_t seed : {0ULL, 1ULL, 2ULL})
        for (std::uint64_t id : {1ULL, 2ULL, 3ULL, 4ULL}) firsts.insert(SplitMix64::stream(seed, id).next());
    CHECK(firsts.size() == 12);
    // uniform in [0, 1), bounded integers without bias (mean and range)
    SplitMix64 u = SplitMix64::stream(5, 1);
    double sum = 0, lo = 1, hi = 0;
    std::vector<int> counts(7, 0);
    const int n = 70000;
    for (int i = 0; i < n; ++i) {
        const double x = u.uniform();
        sum += x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ++counts[u.below(7)];
    }
    CHECK(lo >= 0);
    CHECK(hi < 1);
    CHECK(std::abs(sum / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
    for (int c : counts) CHECK(std::abs(c - n / 7.0) < 4 * std::sqrt(n / 7.0));
    CHECK(u.below(1) == 0);
}

TEST_CASE("portableLog agrees with the C library to the last bits; the normals are standard") {
    SplitMix64 r = SplitMix64::stream(9, 1);
    for (int i = 0; i < 20000; ++i) {
        const double x = std::ldexp(0.5 + r.uniform(), static_cast<int>(r.below(200)) - 100);
        CAPTURE(x);
        CHECK(testing::close(portableLog(x), std::log(x), 4e-16, 1e-300));
    }
    CHECK(portableLog(1.0) == 0.0);
    CHECK(portableLog(0.0) == -HUGE_VAL);
    CHECK(std::isnan(portableLog(-1.0)));
    CHECK(portableLog(2.0) == doctest::Approx(0.69314718055994531).epsilon(1e-16));
    CHECK(portableLog(1e-300) == doctest::Approx(std::log(1e-300)).epsilon(1e-16));

    // moments of the polar Box–Muller normals: mean 0, variance 1, no correlation in a pair,
    // and the tail P(|z| > 2) = 4.55 %
    SplitMix64 g = SplitMix64::stream(10, 1);
    const int n = 100000;
    double s1 = 0, s2 = 0, cross = 0, tail = 0;
    for (int i = 0; i < n / 2; ++i) {
        const Vec2 z = g.normal2();
        s1 += z[0] + z[1];
        s2 += z[0] * z[0] + z[1] * z[1];
        cross += z[0] * z[1];
        tail += (std::abs(z[0]) > 2) + (std::abs(z[1]) > 2);
    }
    CHECK(std::abs(s1 / n) < 4 / std::sqrt(double(n)));
    CHECK(std::abs(s2 / n - 1) < 4 * std::sqrt(2.0 / n));
    CHECK(std::abs(cross / (n / 2)) < 4 / std::sqrt(n / 2.0));
    CHECK(std::abs(tail / n - 0.0455) < 0.003);
}

TEST_CASE("data presets: seeded samples, the exact mean loss, its gradient and Hessian") {
    CHECK(dataPresetNames() == std::vector<std::string>{"linear-regression", "two-layer-data"});
    CHECK(makeDataPreset("nope") == nullptr);
    CHECK(makeDataLandscape("linear-regression", 0, 1) == nullptr);  // n out of range
    CHECK(makeAnyPreset("rosenbrock") != nullptr);
    CHECK(makeAnyPreset("two-layer-data") != nullptr);
    for (const std::string& name : dataPresetNames()) {
        CAPTURE(name);
        const auto l = makeDataLandscape(name, 37, 5);
        REQUIRE(l);
        CHECK(l->sampleCount() == 37);
        REQUIRE(l->samples());
        CHECK(l->samples()->size() == 37);
        CHECK(makeDataPreset(name)->sampleCount() == 40);
        for (const ParamSpec& p : l->info().params) CHECK(p.contains(p.def));
        // the same seed draws the same data; another seed other data; n = 20 is a prefix of 37
        CHECK(*makeDataLandscape(name, 37, 5)->samples() == *l->samples());
        CHECK(*makeDataLandscape(name, 37, 6)->samples() != *l->samples());
        const auto prefix = makeDataLandscape(name, 20, 5);
        for (int i = 0; i < 20; ++i) CHECK((*prefix->samples())[i] == (*l->samples())[i]);
        CHECK(l->setParam("n", 2.5) == "n must be a whole number in [" +
                                           std::string(name == "linear-regression" ? "2" : "1") + ", 1000]");
        CHECK(l->setParam("seed", -1).find("seed must be a whole number in [0, 4294967295]") == 0);
        // clones are independent values
        const auto c = l->clone();
        CHECK(*c->samples() == *l->samples());

        std::vector<int> all(37);
        std::iota(all.begin(), all.end(), 0);
        testing::Rng rng(3);
        for (int k = 0; k < 20; ++k) {
            const Vec2 w = rng.inBox(l->info().view);
            CAPTURE(w);
            // the value is the mean of the per-sample losses, computed here from the samples
            double mean = 0;
            for (const Vec2& xy : *l->samples()) {
                const double r = name == "linear-regression" ? w[0] * xy[0] + w[1] - xy[1]
                                                             : w[0] * w[1] * xy[0] - xy[1];
                mean += r * r;
            }
            mean /= 37;
            if (name == "two-layer-data") mean += l->param("lambda") * w.squaredNorm();
            CHECK(testing::close(l->value(w), mean, 1e-12, 1e-14));
            // the full gradient is the mean of the per-sample gradients
            const Vec2 g = l->gradient(w), gs = l->sampleGradient(w, all.data(), 37);
            CHECK(testing::close(g[0], gs[0], 1e-11, 1e-13 * g.norm()));
            CHECK(testing::close(g[1], gs[1], 1e-11, 1e-13 * g.norm()));
            CHECK(l->sampleGradient(w, nullptr, 0) == g);
            // the Hessian against central differences of the gradient
            const Eval e = l->evaluate(w);
            CHECK(e.value == l->value(w));
            CHECK(e.gradient == g);
            const double hstep = 1e-5;
            for (int j = 0; j < 2; ++j) {
                Vec2 d = Vec2::Zero();
                d[j] = hstep;
                const Vec2 col = (l->gradient(w + d) - l->gradient(w - d)) / (2 * hstep);
                CHECK(testing::close(e.hessian(0, j), col[0], 1e-6, 1e-6));
                CHECK(testing::close(e.hessian(1, j), col[1], 1e-6, 1e-6));
            }
        }
        // the listed stationary points: ∇L = 0 and the Hessian's type
        for (const StationaryPoint& sp : l->stationaryPoints()) {
            CAPTURE(sp.label);
            CHECK(l->gradient(sp.w).norm() < 1e-12);
            CHECK(classifyHessian(l->evaluate(sp.w).hessian) == sp.type);
        }
    }
    // linear regression: the fit is near the generating line (a, b) = (1, 0.5)
    const auto lr = makeDataLandscape("linear-regression", 1000, 1);
    const Vec2 fit = lr->stationaryPoints()[0].w;
    CHECK(std::abs(fit[0] - 1.0) < 0.1);
    CHECK(std::abs(fit[1] - 0.5) < 0.1);
    // two-layer: a saddle at the origin and two minima, as for N = 1
    const auto tl = makeDataPreset("two-layer-data");
    REQUIRE(tl->stationaryPoints().size() == 3);
    CHECK(tl->stationaryPoints()[0].type == PointType::Saddle);
    CHECK(tl->stationaryPoints()[1].w == -tl->stationaryPoints()[2].w);
    // plain presets have no samples
    const auto ros = makePreset("rosenbrock");
    CHECK(ros->sampleCount() == 0);
    CHECK(ros->samples() == nullptr);
    const int idx[] = {0};
    CHECK(ros->sampleGradient(Vec2(0.3, 0.2), idx, 1) == ros->gradient(Vec2(0.3, 0.2)));
}

TEST_CASE("minibatches: without replacement within an epoch, averaging to the full gradient") {
    const auto l = makeDataLandscape("two-layer-data", 30, 2);
    for (const int b : {1, 4, 5, 7, 30}) {
        CAPTURE(b);
        BatchSampler s(30, b, SplitMix64::stream(1, kBatchStream));
        for (int epoch = 0; epoch < 3; ++epoch) {
            std::vector<int> seen;
            const Vec2 w(0.7 - 0.3 * epoch, -1.1);
            Vec2 weighted = Vec2::Zero();
            int batches = 0;
            while (static_cast<int>(seen.size()) < 30) {
                int n = 0;
                const int* idx = s.next(&n);
                CHECK(n == std::min(b, 30 - static_cast<int>(seen.size())));
                seen.insert(seen.end(), idx, idx + n);
                weighted += static_cast<double>(n) * l->sampleGradient(w, idx, n);
                ++batches;
            }
            CHECK(s.epoch() == epoch + 1);
            CHECK(batches == (30 + b - 1) / b);
            std::sort(seen.begin(), seen.end());
            for (int i = 0; i < 30; ++i) CHECK(seen[static_cast<size_t>(i)] == i);  // each sample once
            // Σ_B |B|·ĝ_B / N = ∇L: with equal batches, the plain mean of the minibatch gradients
            const Vec2 g = l->gradient(w);
            CHECK(testing::close((weighted / 30)[0], g[0], 1e-12, 1e-14));
            CHECK(testing::close((weighted / 30)[1], g[1], 1e-12, 1e-14));
        }
    }
    // the order is reshuffled each epoch, and replays for the same seed
    int n = 0;
    BatchSampler c(10, 10, SplitMix64::stream(4, kBatchStream));
    const int* p1 = c.next(&n);
    const std::vector<int> first(p1, p1 + n);
    const int* p2 = c.next(&n);
    const std::vector<int> second(p2, p2 + n);
    CHECK(first != second);
    BatchSampler d(10, 10, SplitMix64::stream(4, kBatchStream));
    const int* q = d.next(&n);
    CHECK(std::vector<int>(q, q + n) == first);
}

TEST_CASE("runs with minibatches and noise: full loss in the trajectory, replays, copies") {
    const auto l = makeDataLandscape("linear-regression", 50, 3);
    const RunConfig cfg = noisyConfig(*l);
    REQUIRE(validate(cfg).empty());
    const Run a = seededRun(*l, cfg, 300);
    const Run b = seededRun(*l, cfg, 300);
    REQUIRE(a.steps() == 300);
    CHECK(trajectoryHash(a) == trajectoryHash(b));
    // loss and gradient norm are the full loss's, the rate is the schedule's
    for (int k : {0, 1, 7, 150, 300}) {
        const TrajectoryPoint& p = a.trajectory()[static_cast<size_t>(k)];
        CHECK(p.loss == l->value(p.w));
        CHECK(p.gradNorm == l->gradient(p.w).norm());
        CHECK(p.lr == scheduledLr(cfg.schedule, cfg.hyper.lr, k));
    }
    // another seed: another path; the same path restarted by reset()
    RunConfig other = cfg;
    other.seed = cfg.seed + 1;
    CHECK(trajectoryHash(seededRun(*l, other, 300)) != trajectoryHash(a));
    Run again = a;
    again.reset(*l);
    again.advance(*l, 300);
    CHECK(trajectoryHash(again) == trajectoryHash(a));
    // a Run is a plain value: a copy taken mid-way continues exactly as the original
    Run half = seededRun(*l, cfg, 120);
    Run copy = half;
    half.advance(*l, 180);
    copy.advance(*l, 180);
    CHECK(trajectoryHash(half) == trajectoryHash(a));
    CHECK(trajectoryHash(copy) == trajectoryHash(a));
    // the stochastic path wanders around the full-batch one and stays near the fit
    RunConfig full = cfg;
    full.batch = 0;
    full.noise = 0;
    const Run f = seededRun(*l, full, 300);
    const Vec2 fit = l->stationaryPoints()[0].w;
    CHECK((f.current().w - fit).norm() < 0.05);
    CHECK((a.current().w - fit).norm() < 0.5);
    CHECK(a.current().w != f.current().w);
    // batch ≥ N, or a landscape without samples: full-batch gradients
    RunConfig big = full;
    big.batch = 50;
    CHECK(trajectoryHash(seededRun(*l, big, 100)) == trajectoryHash(seededRun(*l, full, 100)));
}

TEST_CASE("gradient noise: the step sees g + σ·z with z from the run's noise stream") {
    const auto l = makePreset("ill-conditioned");
    RunConfig cfg;
    cfg.optimizer = OptimizerKind::GD;
    cfg.hyper.lr = 0.1;
    cfg.start = Vec2(1, -1);
    cfg.noise = 0.5;
    cfg.seed = 77;
    Run run(cfg);
    run.reset(*l);
    run.advance(*l, 5);
    SplitMix64 z = SplitMix64::stream(77, kNoiseStream);
    for (int k = 0; k < 5; ++k) {
        const Vec2 w = run.trajectory()[static_cast<size_t>(k)].w;
        const Vec2 g = l->gradient(w) + 0.5 * z.normal2();
        CHECK(run.trajectory()[static_cast<size_t>(k) + 1].w == w - 0.1 * g);
    }
    CHECK(run.state().grad != l->gradient(run.trajectory()[4].w));  // the noisy gradient was used
}

TEST_CASE("seeded runs are bit-identical natively and in wasm") {
    // The constants below were computed natively (x86-64, libstdc++) and must come out the same
    // in the wasm build (libc++): every random draw and every step use only correctly rounded
    // arithmetic. If a change of the algorithms moves them, update both from the MESSAGE output.
    BitHash draws;
    SplitMix64 r = SplitMix64::stream(42, 1);
    for (int i = 0; i < 1000; ++i) {
        draws.add(r.uniform());
        draws.add(r.normal2()[1]);
        draws.add(r.inDisc(0.5)[0]);
        draws.add(static_cast<std::uint64_t>(r.below(1000)));
    }
    const auto lin = makeDataLandscape("linear-regression", 50, 3);
    const Run a = seededRun(*lin, noisyConfig(*lin), 500);
    const auto two = makeDataLandscape("two-layer-data", 64, 11);
    RunConfig cfg = noisyConfig(*two);
    cfg.optimizer = OptimizerKind::PerturbedGD;
    cfg.hyper = defaultsFor(OptimizerKind::PerturbedGD);
    cfg.hyper.threshold = 0.5;
    cfg.batch = 1;  // online
    cfg.schedule = Schedule{};
    const Run b = seededRun(*two, cfg, 500);
    REQUIRE(!a.stopped());
    REQUIRE(!b.stopped());
    CHECK(b.state().jumps > 0);
    MESSAGE("checksums: draws " << draws.value << ", minibatch momentum " << trajectoryHash(a)
                                << ", online perturbed GD " << trajectoryHash(b));
    CHECK(draws.value == 12443795696748773919ULL);
    CHECK(trajectoryHash(a) == 16716982780345210635ULL);
    CHECK(trajectoryHash(b) == 8604043450782685996ULL);
}

TEST_CASE("run settings: declarations and validation") {
    CHECK(runSpecs().size() == 3);
    CHECK(findRunSpec("noise")->def == 0);
    CHECK(findRunSpec("batch")->isInteger);
    CHECK(findRunSpec("seed")->max == 4294967295.0);
    CHECK(findRunSpec("lr") == nullptr);
    RunConfig c;
    CHECK(validate(c).empty());
    c.noise = -1;
    CHECK(validate(c) == "noise must be in [0, 100]");
    c.noise = 0;
    c.batch = -2;
    CHECK(validate(c) == "batch must be a whole number in [0, 100000]");
    c.batch = 0;
    c.schedule.kind = ScheduleKind::Cyclical;
    c.schedule.low = 2;
    c.schedule.high = 1;
    CHECK(validate(c).find("cyclical needs low <= high") == 0);
    c.schedule = Schedule{};
    c.hyper.lr = 0;
    CHECK(validate(c) == "lr must be in [1e-06, 10]");
}

TEST_CASE("data presets predict with the model the loss fits; plain landscapes do not") {
    auto lr = makeDataPreset("linear-regression");
    CHECK(lr->predict(Vec2(2.0, -0.5), 3.0) == 5.5);   // w1·x + w2
    auto tl = makeDataPreset("two-layer-data");
    CHECK(tl->predict(Vec2(2.0, -0.5), 3.0) == -3.0);  // w2·w1·x
    // the per-sample loss is the squared residual of the prediction (λ = 0 for two-layer-data)
    tl->setParam("lambda", 0.0);
    for (const Landscape* l : {lr.get(), tl.get()}) {
        const Vec2 w(0.7, -1.3);
        double mean = 0;
        for (const Vec2& xy : *l->samples()) {
            const double r = l->predict(w, xy[0]) - xy[1];
            mean += r * r;
        }
        mean /= static_cast<double>(l->samples()->size());
        CHECK(l->value(w) == doctest::Approx(mean).epsilon(1e-12));
    }
    CHECK(std::isnan(makePreset("rosenbrock")->predict(Vec2(1, 1), 0.5)));
}
