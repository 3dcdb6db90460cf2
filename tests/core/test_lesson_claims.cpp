// Every lesson question is answered by what its runs do: each step's scenario is built as the app
// builds it (steps 0..k applied in order), its runs are played for runSteps steps in the core, and
// the fact the lesson's answer and explanation state is checked on the result. A lesson whose
// numbers drift from its text fails here, not in front of a class.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/data_landscape.h"
#include "core/lesson.h"
#include "core/scenario.h"

#include "helpers.h"

using namespace optiscape;

namespace {

struct Played {
    std::unique_ptr<Landscape> landscape;
    std::vector<Run> runs;
    const Run& operator[](size_t i) const { return runs.at(i); }
    double loss(size_t i) const { return runs.at(i).current().loss; }
    Vec2 w(size_t i) const { return runs.at(i).current().w; }
};

using testing::readFile;

/// Step k of the lesson in `file`, played to its end; `steps` overrides runSteps when > 0.
Played play(const std::string& file, size_t k, int steps = 0) {
    std::string err;
    auto lesson = parseLesson(readFile(std::string(OPTISCAPE_LESSONS_DIR) + "/" + file), &err);
    REQUIRE_MESSAGE(lesson, err);
    REQUIRE(k < lesson->steps.size());
    Scenario sc;
    sc.runs.push_back(RunSpec{});
    for (size_t i = 0; i <= k; ++i) REQUIRE(applyScenario(lesson->steps[i].scenario, sc, 8).empty());
    Played p;
    p.landscape = makeAnyPreset(sc.landscape);
    REQUIRE(p.landscape);
    for (const auto& [name, value] : sc.params) REQUIRE(p.landscape->setParam(name, value).empty());
    for (const RunSpec& spec : sc.runs) {
        Run r(spec.config());
        r.reset(*p.landscape);
        r.advance(*p.landscape, steps > 0 ? steps : lesson->steps[k].runSteps);
        p.runs.push_back(std::move(r));
    }
    return p;
}

/// The first step at which the run's loss falls below `target` (-1 if never).
int stepsTo(const Run& r, double target) {
    const auto& t = r.trajectory();
    for (size_t i = 0; i < t.size(); ++i)
        if (t[i].loss < target) return static_cast<int>(i);
    return -1;
}

}  // namespace

TEST_CASE("lesson step-limit: monotone below 1/M, dying zig-zag below 2/M, divergence above") {
    auto a = play("01-step-limit.json", 0);
    for (const auto& pt : a[0].trajectory()) CHECK(pt.w[0] >= 0.0);  // never crosses 0
    CHECK(a.w(0)[0] < 1e-10);
    auto b = play("01-step-limit.json", 1);
    const auto& t = b[0].trajectory();
    for (size_t i = 1; i < 20; ++i) CHECK(t[i].w[0] * t[i - 1].w[0] < 0);  // sign flips
    CHECK(std::abs(b.w(0)[0]) < 1e-4);                                     // and dies out
    auto c = play("01-step-limit.json", 2);
    CHECK(c[0].diverged());
}

TEST_CASE("lesson condition-number: the flat coordinate is slow, 10x kappa is ~10x steps, rotation changes nothing") {
    auto a = play("02-condition-number.json", 0);
    CHECK(std::abs(a.w(0)[1]) > 50 * std::abs(a.w(0)[0]));  // 2·0.990⁴⁰⁰ against 1.5·0.98⁴⁰⁰
    const int fast = stepsTo(play("02-condition-number.json", 0, 4000)[0], 1e-6);
    const int slow = stepsTo(play("02-condition-number.json", 1, 40000)[0], 1e-6);
    REQUIRE(fast > 0);
    REQUIRE(slow > 0);
    CHECK(slow / static_cast<double>(fast) == doctest::Approx(10).epsilon(0.3));
    auto r = play("02-condition-number.json", 2);
    const double ratio = r.loss(0) / a.loss(0);
    CHECK(ratio > 0.1);
    CHECK(ratio < 10);
}

TEST_CASE("lesson momentum: tuned heavy ball wins by far; mu = 0.97 spirals for long") {
    auto a = play("03-momentum.json", 0);
    const int gd = stepsTo(a[0], 1e-6), hb = stepsTo(a[1], 1e-6);
    REQUIRE(hb > 0);
    CHECK((gd < 0 || gd > 3 * hb));
    auto b = play("03-momentum.json", 1);
    CHECK(b.loss(0) > 100 * b.loss(1));  // still circling after 300 steps
    CHECK(!b[0].stopped());
}

TEST_CASE("lesson saddles: GD on the stable line stops at the saddle, off it or perturbed it escapes") {
    auto a = play("04-saddles.json", 0);
    CHECK(a.w(0).norm() < 1e-8);
    CHECK(a.loss(0) == doctest::Approx(1.0));
    auto b = play("04-saddles.json", 1);
    CHECK(b.w(0).norm() < 1e-8);
    CHECK(b.w(1)[0] == doctest::Approx(std::sqrt(0.9)).epsilon(1e-6));  // minimum w1 = w2 = sqrt(xt - lambda)
    CHECK(b.w(1)[1] == doctest::Approx(std::sqrt(0.9)).epsilon(1e-6));
    const auto& t = b[1].trajectory();  // it slows near the saddle on the way
    double closest = 1e9;
    for (const auto& pt : t) closest = std::min(closest, pt.w.norm());
    CHECK(closest < 0.2);
    auto c = play("04-saddles.json", 2);
    CHECK(c.w(0).norm() < 1e-8);
    CHECK((c.w(1) - Vec2::Constant(std::sqrt(0.9))).norm() < 0.2 + 0.1);  // near a minimum (± jumps)
    CHECK(c.loss(1) < 0.3);
}

TEST_CASE("lesson connected-minima: the valley floor takes the time; with eps = 0 runs stop at different points") {
    auto a = play("05-connected-minima.json", 0);
    const auto& t = a[0].trajectory();
    // the valley floor (|w2 - w1^2| < 0.05) is reached within the first fifth of the run
    int floor = -1;
    for (size_t i = 0; i < t.size(); ++i)
        if (std::abs(t[i].w[1] - t[i].w[0] * t[i].w[0]) < 0.05) { floor = static_cast<int>(i); break; }
    REQUIRE(floor >= 0);
    CHECK(floor < static_cast<int>(t.size()) / 5);
    auto b = play("05-connected-minima.json", 1);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(b.loss(i) < 1e-6);
        CHECK(std::abs(b.w(i)[1] - b.w(i)[0] * b.w(i)[0]) < 1e-3);  // on the parabola
    }
    CHECK((b.w(0) - b.w(1)).norm() > 0.5);
    CHECK((b.w(1) - b.w(2)).norm() > 0.5);
}

TEST_CASE("lesson two-layer-linear: symmetric minima; the stable manifold leads to the saddle") {
    auto a = play("06-two-layer-linear.json", 0);
    CHECK(a.w(0)[0] > 0);
    CHECK(a.w(1)[0] < 0);
    CHECK(a.loss(0) == doctest::Approx(a.loss(1)).epsilon(1e-6));  // the same loss, on either side
    auto b = play("06-two-layer-linear.json", 1);
    CHECK(b.w(0).norm() < 1e-6);
    CHECK(b.loss(1) == doctest::Approx(0.19).epsilon(1e-6));
}

TEST_CASE("lesson adaptive: AdaGrad wins when the valley is axis-aligned, not at 45 degrees; Adam best on Rosenbrock") {
    auto a = play("07-adaptive.json", 0);
    CHECK(a.loss(1) < 1e-6 * a.loss(0));
    auto b = play("07-adaptive.json", 1);
    CHECK(b.loss(1) > b.loss(0));  // GD now ahead of AdaGrad ...
    CHECK(b.loss(2) > b.loss(0));  // ... and of Adam
    auto c = play("07-adaptive.json", 2);
    CHECK(c.loss(2) < c.loss(1));
    CHECK(c.loss(1) < c.loss(0));
}

TEST_CASE("lesson schedules: decayed steps go below the constant step's noise floor") {
    const double floor = 0.2 / (2 * (1 - 0.2));  // E[L] = γσ²/(2(1 − γ))
    auto a = play("08-schedules.json", 0);
    CHECK(a.loss(1) * 10 < a.loss(0));
    CHECK(a.loss(1) < floor / 10);
    auto b = play("08-schedules.json", 1);
    CHECK(b.loss(1) < floor / 10);
    CHECK(b.loss(2) < floor / 10);
    auto c = play("08-schedules.json", 2);
    CHECK(c.loss(0) < floor);
    CHECK(c.loss(0) > c.loss(1));
    // the floor itself: the constant step's mean loss over its second half is near γσ²/(2(1 − γ))
    auto d = play("08-schedules.json", 0, 20000);
    const auto& t = d[0].trajectory();
    double mean = 0;
    for (size_t i = t.size() / 2; i < t.size(); ++i) mean += t[i].loss;
    mean /= static_cast<double>(t.size() - t.size() / 2);
    CHECK(mean == doctest::Approx(floor).epsilon(0.1));
}

TEST_CASE("lesson stochastic: online wanders above L*, minibatch less, a decaying step settles") {
    auto a = play("09-stochastic.json", 0);
    const double best = a.loss(0);  // full batch, converged
    CHECK(a[0].current().gradNorm < 1e-4);
    CHECK(a.loss(1) > best * 1.05);
    CHECK(a.loss(2) - best < a.loss(1) - best);
    auto b = play("09-stochastic.json", 1);
    CHECK(b.loss(2) < b.loss(1));
    CHECK(b.loss(2) < best * 1.01);
}
