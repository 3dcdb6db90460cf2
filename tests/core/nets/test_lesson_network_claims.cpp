// The network lessons' claims, played as the page plays them: each step's scenario is built by
// applying steps 0..k in order, the network problem is prepared from its "network" object, every
// run trains it from the shared initial weights for runSteps steps, and what the question's answer
// and explanation state is checked on the result. The numbers are printed, so a drifting lesson
// shows by how much.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/nets/analysis.h"
#include "core/nets/slice_setup.h"
#include "core/nets/problem.h"
#include "core/nets/trainer.h"
#include "core/scenario.h"

#include "../helpers.h"

using namespace optiscape;
using namespace optiscape::nets;

namespace {

struct PlayedNet {
    Prepared prepared;
    std::vector<NetRun> runs;
    const NetRun& operator[](size_t i) const { return runs.at(i); }
    double loss(size_t i) const { return runs.at(i).current().loss; }
};

using testing::readFile;

/// Step k of the lesson in `file`, its runs trained for runSteps steps.
PlayedNet play(const std::string& file, size_t k) {
    std::string err;
    auto lesson = parseLesson(readFile(std::string(OPTISCAPE_LESSONS_DIR) + "/" + file), &err);
    REQUIRE_MESSAGE(lesson, err);
    REQUIRE(k < lesson->steps.size());
    Scenario sc;
    sc.runs.push_back(RunSpec{});
    for (size_t i = 0; i <= k; ++i) {
        const auto ignored = applyScenario(lesson->steps[i].scenario, sc, 8);
        REQUIRE_MESSAGE(ignored.empty(), file, " step ", i, ": ", ignored.front());
    }
    REQUIRE(sc.mode == "network");
    auto prepared = prepare(sc.network, nullptr, &err);
    REQUIRE_MESSAGE(prepared, err);
    PlayedNet p{std::move(*prepared), {}};
    const VecX theta0 = initialParameters(p.prepared.model, sc.network.init, sc.network.seed);
    for (const RunSpec& spec : sc.runs) {
        NetRun r(spec.config());
        r.reset(p.prepared.problem, theta0);
        r.advance(p.prepared.problem, lesson->steps[k].runSteps);
        p.runs.push_back(std::move(r));
    }
    return p;
}

/// The step of the lowest test loss along a run.
int bestTestStep(const NetRun& r) {
    const auto& t = r.trajectory();
    int best = 0;
    for (size_t i = 1; i < t.size(); ++i)
        if (t[i].testLoss < t[static_cast<size_t>(best)].testLoss) best = static_cast<int>(i);
    return best;
}

/// How many steps raised the full training loss.
int rises(const NetRun& r) {
    int n = 0;
    const auto& t = r.trajectory();
    for (size_t i = 1; i < t.size(); ++i) n += t[i].loss > t[i - 1].loss;
    return n;
}

}  // namespace

TEST_CASE("lesson decision-regions: a line and two units get two thirds of six clusters, four units all, depth fits tighter") {
    auto line = play("10-decision-regions.json", 0);
    auto two = play("10-decision-regions.json", 1);
    auto four = play("10-decision-regions.json", 2);
    auto deep = play("10-decision-regions.json", 3);
    std::printf("decision-regions: 2-1 %.3f, 2-2-1 %.3f, 2-4-1 %.3f (loss %.2e), 2-16-16-1 %.3f (loss %.2e, %d weights)\n",
                line[0].current().trainAcc, two[0].current().trainAcc, four[0].current().trainAcc, four.loss(0),
                deep[0].current().trainAcc, deep.loss(0), static_cast<int>(deep[0].theta().size()));
    CHECK(line[0].current().trainAcc == doctest::Approx(2.0 / 3.0).epsilon(0.04));
    CHECK(line[0].current().gradNorm < 1e-6);  // the best line, not a slow run
    CHECK(two[0].current().trainAcc < 0.72);
    CHECK(four[0].current().trainAcc >= 0.99);
    CHECK(deep[0].current().trainAcc >= 0.99);
    CHECK(deep[0].theta().size() == 337);
    CHECK(deep.loss(0) < four.loss(0) / 30);
}

TEST_CASE("lesson overfitting: the test loss turns up; weight decay and early stopping cure it") {
    auto plain = play("11-overfitting.json", 0);
    const NetRun& r = plain[0];
    const int best = bestTestStep(r);
    const double bestTest = r.trajectory()[static_cast<size_t>(best)].testLoss;
    std::printf("overfitting: test loss lowest %.3f at step %d (acc %.2f), final %.3f (acc %.2f), train %.2e (acc %.2f)\n",
                bestTest, best, r.trajectory()[static_cast<size_t>(best)].testAcc, r.current().testLoss,
                r.current().testAcc, r.current().loss, r.current().trainAcc);
    CHECK(plain.prepared.problem.train.n == 20);
    CHECK(plain.prepared.problem.test.n == 20);
    CHECK(best < r.steps() / 4);                    // the minimum comes early, before the last step
    CHECK(r.current().testLoss > 2.0 * bestTest);   // and the test loss climbs after it
    CHECK(r.current().loss < 0.01);                 // while the training loss keeps falling
    CHECK(r.current().trainAcc == 1.0);

    auto wd = play("11-overfitting.json", 1);
    std::printf("overfitting: weight decay 0.01 test %.3f train %.3f; none test %.3f train %.2e\n", wd.runs[1].current().testLoss,
                wd.loss(1), wd.runs[0].current().testLoss, wd.loss(0));
    CHECK(wd.runs[0].current().testLoss == doctest::Approx(r.current().testLoss));  // the same run as step 0
    CHECK(wd.runs[1].current().testLoss < 0.5 * wd.runs[0].current().testLoss);
    CHECK(wd.loss(1) > 10 * wd.loss(0));

    auto es = play("11-overfitting.json", 2);
    const NetRun& e = es[0];
    std::printf("overfitting: early stop at step %d, kept step %d (test %.3f)\n", e.steps(), e.earlyStopStep(),
                e.trajectory()[static_cast<size_t>(e.bestStep())].testLoss);
    CHECK(e.stopReason() == TrainStop::EarlyStopped);
    CHECK(e.earlyStopStep() == best);
    CHECK(e.steps() == best + 50);
    CHECK(e.steps() > 100);
    CHECK(e.steps() < 160);
    CHECK(e.trajectory()[static_cast<size_t>(e.bestStep())].testLoss == doctest::Approx(bestTest));
    CHECK(bestTest < wd.runs[1].current().testLoss);
}

TEST_CASE("lesson batch-sizes: online is thrown around at the same step, cheaper per sample, settles with a decay") {
    auto a = play("12-batch-sizes.json", 0);
    std::printf("batch-sizes: full %.3f (%d rises), 16: %.3f (%d), online %.3f (%d rises), full batch after 2 steps %.3f\n", a.loss(0),
                rises(a[0]), a.loss(1), rises(a[1]), a.loss(2), rises(a[2]), a[0].trajectory()[2].loss);
    CHECK(rises(a[0]) == 0);                  // full batch: the loss falls at every step
    CHECK(rises(a[2]) > a[2].steps() / 2);   // online: it rises at more than half of them
    CHECK(a.loss(1) < 1.3 * a.loss(0));       // minibatches end close to the full batch
    CHECK(a.loss(2) > 3 * a.loss(0));         // online far higher
    // step 1: the same work, 400 sample gradients: 2 full-batch steps against 400 online ones
    auto b = play("12-batch-sizes.json", 1);
    CHECK(b[0].trajectory()[2].loss > 0.4);
    CHECK(b.loss(2) < 0.6 * b[0].trajectory()[2].loss);
    CHECK(b[2].current().trainAcc > 0.85);
    auto c = play("12-batch-sizes.json", 2);
    const auto tail = [](const NetRun& r, size_t n, double& mean, double& sd) {  // of the last n losses
        const auto& t = r.trajectory();
        mean = 0, sd = 0;
        for (size_t i = t.size() - n; i < t.size(); ++i) mean += t[i].loss / static_cast<double>(n);
        for (size_t i = t.size() - n; i < t.size(); ++i) sd += (t[i].loss - mean) * (t[i].loss - mean) / static_cast<double>(n);
        sd = std::sqrt(sd);
    };
    double m1, s1, m2, s2;
    tail(c[1], 100, m1, s1);
    tail(c[2], 100, m2, s2);
    std::printf("batch-sizes: online constant %.3f (last 100: mean %.3f sd %.4f), decaying %.3f (mean %.3f sd %.4f)\n", c.loss(1), m1, s1,
                c.loss(2), m2, s2);
    CHECK(c.loss(2) < 0.8 * c.loss(1));
    CHECK(m2 < m1);
    CHECK(s2 < 0.25 * s1);
    CHECK(c.runs[2].current().lr == doctest::Approx(0.3 / 16));  // halved at 100, 200, 300, 400
}

TEST_CASE("lesson initialisation: Xavier trains a deep tanh net; sigma 0.1 vanishes, sigma 1 explodes") {
    auto x = play("13-initialisation.json", 0);
    auto small = play("13-initialisation.json", 1);
    auto large = play("13-initialisation.json", 2);
    const auto spread = [](const TrainPoint& t) {  // first layer's gradient over the last's
        return t.layerGradNorm.front() / t.layerGradNorm.back();
    };
    const auto& x0 = x[0].trajectory().front();
    const auto& s0 = small[0].trajectory().front();
    const auto& l0 = large[0].trajectory().front();
    std::printf("initialisation (%d weights): xavier |g| %.3g first/last %.3g -> %.4f (%.3f); sigma 0.1 |g| %.3g first/last %.3g -> %.4f; "
                "sigma 1 |g| %.3g -> %.4f (%.3f, %d rises)\n", static_cast<int>(x[0].theta().size()),
                x0.gradNorm, spread(x0), x.loss(0), x[0].current().trainAcc, s0.gradNorm, spread(s0), small.loss(0),
                l0.gradNorm, large.loss(0), large[0].current().trainAcc, rises(large[0]));
    REQUIRE(x0.layerGradNorm.size() == 11);
    double lo = 1e300, hi = 0;
    for (double g : x0.layerGradNorm) lo = std::min(lo, g), hi = std::max(hi, g);
    CHECK(hi / lo < 30);                           // every layer's gradient of a similar size
    CHECK(x[0].current().trainAcc > 0.95);
    for (size_t l = 0; l < 11; ++l)                // vanishing: every layer's, by (σ√d)^(L−1) alike
        CHECK(s0.layerGradNorm[l] < 1e-3 * x0.layerGradNorm[l]);
    CHECK(spread(s0) == doctest::Approx(1.0).epsilon(0.5));
    CHECK(std::abs(small.loss(0) - std::log(2.0)) < 0.01);  // a plateau at log 2
    CHECK(l0.gradNorm > 100 * x0.gradNorm);        // exploding
    CHECK(large.loss(0) > 4 * x.loss(0));
    CHECK(rises(large[0]) > large[0].steps() / 4);
    CHECK(large[0].current().trainAcc < x[0].current().trainAcc);
}

TEST_CASE("lesson edge-of-stability: full-batch GD drives lambda max to 2/lr and hovers there while the loss falls") {
    std::string err;
    auto lesson = parseLesson(readFile(std::string(OPTISCAPE_LESSONS_DIR) + "/14-edge-of-stability.json"), &err);
    REQUIRE_MESSAGE(lesson, err);
    for (size_t k = 0; k < 2; ++k) {
        Scenario sc;
        sc.runs.push_back(RunSpec{});
        for (size_t i = 0; i <= k; ++i) REQUIRE(applyScenario(lesson->steps[i].scenario, sc, 8).empty());
        REQUIRE(sc.network.sharpnessEvery == 50);
        auto p = prepare(sc.network, nullptr, &err);
        REQUIRE_MESSAGE(p, err);
        const double lr = sc.runs[0].hyper.lr, limit = 2.0 / lr;
        NetRun r(sc.runs[0].config());
        r.reset(p->problem, initialParameters(p->model, sc.network.init, sc.network.seed));
        std::vector<double> lambda;  // every 50 steps, as the page's Sharpness tab
        const int steps = lesson->steps[k].runSteps;
        for (int s = 0; s <= steps; s += 50) {
            if (s > 0) REQUIRE(r.advance(p->problem, 50) == 50);
            lambda.push_back(hessianSpectrum(p->model, r.theta(), p->problem.train, 1).top.front());
        }
        double late = 0, lo = 1e300, hi = 0;
        const size_t from = lambda.size() / 2;  // the second half: steps 1500..3000
        for (size_t i = from; i < lambda.size(); ++i) late += lambda[i] / static_cast<double>(lambda.size() - from),
                                                      lo = std::min(lo, lambda[i]), hi = std::max(hi, lambda[i]);
        double earliest = 1e300;
        for (size_t i = 1; i <= 10; ++i) earliest = std::min(earliest, lambda[i]);
        std::printf("edge-of-stability lr %.2f: lambda0 %.2f, min over steps 50-500 %.2f, steps %d-%d mean %.2f [%.2f, %.2f], 2/lr %.1f; "
                    "loss %.4f -> %.5f, %d rises\n", lr, lambda[0], earliest, static_cast<int>(from) * 50, steps, late, lo, hi, limit,
                    r.trajectory()[1000].loss, r.current().loss, rises(r));
        CHECK(!r.stopped());
        CHECK(late == doctest::Approx(limit).epsilon(0.05));  // hovering at 2/η
        CHECK(hi < 1.15 * limit);
        CHECK(rises(r) > 20);                                   // the loss no longer falls at every step
        CHECK(r.current().loss < r.trajectory()[1000].loss);   // yet it keeps falling overall
        if (k == 0) {
            CHECK(lambda[0] < limit);  // it started below the limit and rose to it
            CHECK(lambda[0] > 0.85 * limit);
        } else {
            CHECK(lambda[0] > 1.5 * limit);  // it started far above: the catapult took it below
            CHECK(earliest < limit);
        }
    }
}

TEST_CASE("lesson two-minima-one-valley: a barrier on the straight line, far lower on Garipov's curve") {
    // as the page's Connect tab does it: network B trained as the run, from seed + 1, then the bend
    for (size_t k = 0; k < 2; ++k) {
        auto a = play("15-two-minima-one-valley.json", k);
        std::string err;
        auto lesson = parseLesson(readFile(std::string(OPTISCAPE_LESSONS_DIR) + "/15-two-minima-one-valley.json"), &err);
        REQUIRE_MESSAGE(lesson, err);
        ConnectSpec spec;
        spec.config = a[0].config();
        spec.seedB = 2;
        spec.trainSteps = a[0].steps();
        Connectivity c(a.prepared.problem, a[0].theta(), spec);
        while (!c.advance(a.prepared.problem, 1000)) {
        }
        REQUIRE(c.error().empty());
        const double line = c.lineBarrier(), curve = c.curveBarrier();
        std::printf("two-minima-one-valley step %zu: L(A) %.2e L(B) %.2e (%d weights), line barrier %.3f, curve barrier %.4f (%.0fx lower)\n",
                    k, c.lineLoss().front(), c.lineLoss().back(), static_cast<int>(a[0].theta().size()), line, curve,
                    line / std::max(curve, 1e-12));
        CHECK(a[0].steps() == 800);
        CHECK(std::max(c.lineLoss().front(), c.lineLoss().back()) < 0.01);  // "a loss near 0"
        CHECK(line == doctest::Approx(1.07).epsilon(0.03));                // "rises about 1.07"
        CHECK(line > std::log(2.0));                                       // above a coin toss's loss
        CHECK(curve < 0.001);                                              // "below 0.001"
        CHECK(curve * 1000 < line);                                        // "over a thousand times lower"
        CHECK(c.curveLoss().front() == c.lineLoss().front());              // the curve's ends are the minima
        CHECK(c.curveLoss().back() == c.lineLoss().back());
    }
}

TEST_CASE("lesson sharp-and-flat-minima: the full batch ends sharp (lambda max at 2/lr), minibatches of 2 flat; the slices show it") {
    auto a = play("17-sharp-and-flat-minima.json", 0);
    REQUIRE(a.runs.size() == 2);
    CHECK(a[0].config().batch == 0);
    CHECK(a[1].config().batch == 2);
    double lambda[2], ring[2];
    for (size_t i = 0; i < 2; ++i) {
        lambda[i] = hessianSpectrum(a.prepared.model, a[i].theta(), a.prepared.problem.train, 1).top.front();
        // the page's slice: random directions, filter-normalised, seed 1, through the run's weights
        SliceSpec spec;
        std::string err;
        auto plane = makeSlicePlane(a.prepared.model, a[i].theta(), {a[i].theta()}, {a[i].steps()}, spec, &err);
        REQUIRE_MESSAGE(plane, err);
        auto slice = makeSliceLandscape(a.prepared.model, a.prepared.problem.train, *plane);
        ring[i] = (slice->value(Vec2(0.25, 0)) + slice->value(Vec2(-0.25, 0)) + slice->value(Vec2(0, 0.25)) +
                   slice->value(Vec2(0, -0.25))) / 4;
        CHECK(slice->value(Vec2::Zero()) == a.loss(i));
    }
    std::printf("sharp-and-flat-minima: full batch loss %.5f acc %.3f lambda max %.3f, ring 0.25 %.4f; batch 2 loss %.5f acc %.3f "
                "lambda max %.3f, ring %.4f; ratios %.2f %.2f\n", a.loss(0), a[0].current().trainAcc, lambda[0], ring[0], a.loss(1),
                a[1].current().trainAcc, lambda[1], ring[1], lambda[0] / lambda[1], ring[0] / ring[1]);
    // step 0: "both fit: loss near 0.002, every point right"; "λmax ≈ 19.7 on the edge 2/η = 20"; "≈ 7.3, nearly three times flatter"
    for (size_t i = 0; i < 2; ++i) {
        CHECK(!a[i].stopped());
        CHECK(a.loss(i) == doctest::Approx(0.002).epsilon(0.25));
        CHECK(a[i].current().trainAcc == 1.0);
    }
    CHECK(lambda[0] == doctest::Approx(19.7).epsilon(0.01));
    CHECK(lambda[0] < 2.0 / a[0].config().hyper.lr);
    CHECK(lambda[0] > 0.95 * 2.0 / a[0].config().hyper.lr);
    CHECK(lambda[1] == doctest::Approx(7.3).epsilon(0.01));
    CHECK(lambda[0] / lambda[1] > 2.5);
    CHECK(lambda[0] / lambda[1] < 3.0);
    // step 1 (the same runs): "about 0.18 around the full batch's, about 0.065 around the small batch's, nearly three times less"
    auto b = play("17-sharp-and-flat-minima.json", 1);
    CHECK(b[0].theta() == a[0].theta());
    CHECK(b[1].theta() == a[1].theta());
    CHECK(ring[0] == doctest::Approx(0.18).epsilon(0.03));
    CHECK(ring[1] == doctest::Approx(0.065).epsilon(0.03));
    CHECK(ring[0] / ring[1] > 2.5);
    CHECK(ring[0] / ring[1] < 3.0);
}
