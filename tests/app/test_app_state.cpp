// Tests for src/app/app_state.cpp: eight runs in eight colours, duplicate/remove, settings and
// schedules of the selected run with clear refusals, data landscapes in scenarios, state JSON.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "app/app_state.h"
#include "core/data_landscape.h"
#include "core/json.h"
#include "core/lesson.h"

using namespace optiscape;
using namespace optiscape::app;

namespace {
AppState fresh() {
    AppState s;
    setDefaultScenario(s);
    return s;
}
}  // namespace

TEST_CASE("up to eight runs, each in its own colour; duplicate copies every setting") {
    AppState s = fresh();
    REQUIRE(s.runs.size() == 4);
    CHECK(setRunSchedule(s, "cosine:period=50,min=0.001,warmup=5") == "");
    CHECK(setRunSetting(s, "noise", 0.1) == "");
    CHECK(setRunSetting(s, "seed", 7) == "");
    CHECK(duplicateRun(s, 0) == "");
    CHECK(s.selected == 4);
    const RunConfig& a = s.runs[0].run.config();
    const RunConfig& b = s.runs[4].run.config();
    CHECK(scheduleSpec(b.schedule) == scheduleSpec(a.schedule));
    CHECK(b.noise == 0.1);
    CHECK(b.seed == 7);
    CHECK(b.hyper.lr == a.hyper.lr);
    // The copy replays the original exactly (same seed, same noise).
    stepAll(s, 25);
    CHECK(s.runs[4].run.current().w == s.runs[0].run.current().w);
    CHECK(duplicateRun(s, 1) == "");
    CHECK(duplicateRun(s, 2) == "");
    CHECK(addRunOf(s, OptimizerKind::RMSprop));
    REQUIRE(s.runs.size() == 8);
    CHECK(s.runs.back().run.config().optimizer == OptimizerKind::RMSprop);
    std::set<int> colors;
    for (const RunSlot& r : s.runs) colors.insert(r.color);
    CHECK(colors.size() == 8);
    CHECK(duplicateRun(s, 0).find("at most 8 runs") != std::string::npos);
    CHECK_FALSE(addRun(s));
    CHECK(duplicateRun(s, 9).find("run index from 0 to 7") != std::string::npos);
    // Removing frees a colour for the next run; the selection follows its run.
    s.selected = 5;
    const int removedColor = s.runs[2].color;
    CHECK(removeRun(s, 2) == "");
    CHECK(s.selected == 4);
    CHECK(addRun(s));
    CHECK(s.runs.back().color == removedColor);
    CHECK(removeRun(s, -1) != "");
    while (s.runs.size() > 1) CHECK(removeRun(s, 0) == "");
    CHECK(removeRun(s, 0) == "the last run cannot be removed");
}

TEST_CASE("setting the selected run: hyperparameters, noise, seed, batch; refusals change nothing") {
    AppState s = fresh();
    s.selected = 3;  // adam
    stepAll(s, 5);
    CHECK(setRunSetting(s, "beta2", 0.99) == "");
    CHECK(s.runs[3].run.config().hyper.beta2 == 0.99);
    CHECK(s.runs[3].run.steps() == 0);  // restarted
    CHECK(setRunSetting(s, "weight_decay", 0.01) == "");
    CHECK(s.runs[3].run.config().hyper.weightDecay == 0.01);
    const RunConfig before = s.runs[3].run.config();
    CHECK(setRunSetting(s, "momentum", 0.5).find("unknown setting 'momentum' of adam") == 0);
    CHECK(setRunSetting(s, "lr", -1) == "lr must be in [1e-06, 10]");
    CHECK(setRunSetting(s, "noise", NAN) != "");
    CHECK(setRunSetting(s, "seed", 1.5).find("seed must be a whole number") == 0);
    CHECK(setRunSetting(s, "batch", 4).find("batch needs a landscape defined by data") == 0);
    CHECK(setRunSetting(s, "batch", 0) == "");  // full batch is always allowed
    CHECK(s.runs[3].run.config().hyper.lr == before.hyper.lr);
    // Schedules: parsed, or refused with the parser's message.
    CHECK(setRunSchedule(s, "step:every=10,gamma=0.5") == "");
    CHECK(scheduleSpec(s.runs[3].run.config().schedule) == "step:every=10,gamma=0.5");
    CHECK(setRunSchedule(s, "zigzag").find("unknown schedule 'zigzag'") == 0);
    CHECK(scheduleSpec(s.runs[3].run.config().schedule) == "step:every=10,gamma=0.5");
    // Nesterov refuses dampening > 0: a setting that breaks the whole config is refused too.
    setRunOptimizer(s, OptimizerKind::Momentum);
    CHECK(setRunSetting(s, "dampening", 0.5) == "");
    setRunOptimizer(s, OptimizerKind::Nesterov);
    CHECK(s.runs[3].run.config().optimizer == OptimizerKind::Nesterov);
    CHECK(validate(s.runs[3].run.config()) == "");
    CHECK(scheduleSpec(s.runs[3].run.config().schedule) == "step:every=10,gamma=0.5");  // kept
}

TEST_CASE("changing the optimizer keeps what the families share") {
    AppState s = fresh();
    s.selected = 3;  // adam
    CHECK(setRunSetting(s, "lr", 0.03) == "");
    CHECK(setRunSetting(s, "beta1", 0.8) == "");
    setRunOptimizer(s, OptimizerKind::AMSGrad);
    CHECK(s.runs[3].run.config().hyper.lr == 0.03);
    CHECK(s.runs[3].run.config().hyper.beta1 == 0.8);
    setRunOptimizer(s, OptimizerKind::AdamW);
    CHECK(s.runs[3].run.config().hyper.weightDecay == 0.01);  // AdamW's own default, not Adam's 0
    setRunOptimizer(s, OptimizerKind::Adagrad);
    CHECK(s.runs[3].run.config().hyper.eps == 1e-10);  // Adagrad's default
}

TEST_CASE("a data landscape loads from a scenario; minibatches play; state() reports the settings") {
    AppState s = fresh();
    const std::string ignored = loadScenarioJson(s, R"({"landscape": {"name": "linear-regression"},
        "runs": [{"optimizer": "gd", "hyper": {"lr": 0.05}, "batch": 4, "seed": 3, "noise": 0.01,
                  "schedule": "exponential:gamma=0.99"},
                 {"optimizer": "adam", "hyper": {"lr": 0.05}}, {"optimizer": "rmsprop"}, {"optimizer": "adagrad"},
                 {"optimizer": "momentum"}, {"optimizer": "nesterov"}, {"optimizer": "amsgrad"},
                 {"optimizer": "adamw"}]})");
    CHECK(ignored == "[]");
    REQUIRE(s.landscape->name() == "linear-regression");
    REQUIRE(s.runs.size() == 8);
    CHECK(allPresetNames()[static_cast<size_t>(s.landscapeIndex)] == "linear-regression");
    CHECK(s.runs[0].run.config().batch == 4);
    const double start = s.runs[0].run.current().loss;
    stepAll(s, 200);
    CHECK(s.runs[0].run.current().loss < start * 0.5);
    auto state = parseJson(stateJson(s));
    REQUIRE(state);
    const JsonValue& r0 = state->find("runs")->array[0];
    CHECK(r0.find("schedule")->string == "exponential:gamma=0.99");
    CHECK(r0.find("batch")->number == 4);
    CHECK(r0.find("seed")->number == 3);
    CHECK(r0.find("noise")->number == 0.01);
    CHECK(r0.find("stopped")->type == JsonValue::Type::Bool);
    CHECK(r0.find("lr")->number == doctest::Approx(0.05 * std::pow(0.99, 200)));
    // state()'s runs load back without complaints (their read-only keys are skipped).
    const std::string runsJson = stateJson(s);
    const size_t at = runsJson.find("\"runs\":");
    REQUIRE(at != std::string::npos);
    CHECK(loadScenarioJson(s, "{" + runsJson.substr(at)) == "[]");
    // Selecting a plain landscape afterwards keeps the batch setting but it has no effect there.
    selectLandscape(s, 0);
    CHECK(s.landscape->sampleCount() == 0);
}

TEST_CASE("the theory page's plateau: opened by command, finished, reported; the curve chooser keeps the runs") {
    AppState s = fresh();
    CHECK(theoryCommand(s, "plateau") == "");
    CHECK(s.theoryMode);
    REQUIRE(s.theory.plateau);
    CHECK(theoryCommand(s, "plateauLr 0.1") == "");
    CHECK_FALSE(s.theory.finishedHere);
    CHECK(theoryCommand(s, "finish") == "");
    CHECK(theoryDone(s.theory));
    CHECK(s.theory.finishedHere);  // the panel says it was finished at once, not a slice per frame
    CHECK(theoryExperiment(s.theory) == s.theory.plateau.get());
    CHECK(s.theory.plateau->computer().runs().size() == 27);
    CHECK(theoryCommand(s, "plateauCurve 5") == "");  // a view: nothing recomputed
    CHECK(s.theory.plateau->computer().runs().size() == 27);
    CHECK(theoryCommand(s, "plateauLr 9").find("out of range") != std::string::npos);
    const auto v = parseJson(stateJson(s));
    REQUIRE(v);
    const JsonValue* t = v->find("theory");
    REQUIRE(t);
    CHECK(t->find("experiment")->string == "plateau");
    CHECK(t->find("plateauCurve")->number == 5);
    const JsonValue* p = t->find("plateau");
    REQUIRE(p);
    CHECK(p->find("runs")->array.size() == 27);
    CHECK(t->find("finishedHere")->boolean);
    CHECK(p->find("stepsPerDecade")->find("momentum")->number < p->find("stepsPerDecade")->find("gd")->number);
    const auto& runs = p->find("runs")->array;
    CHECK(runs[0].find("optimizer")->string == "gd");
    CHECK(runs[0].find("length")->number > runs[3].find("length")->number);  // s = 1e-4 longer than 10^-3.5
}

TEST_CASE("a spurious minimum of the table opens a slice of F: its (0, 0) is the minimum, (1, 0) a global one") {
    AppState s = fresh();
    CHECK(theoryCommand(s, "spurious") == "");
    CHECK(theoryCommand(s, "runs 10") == "");
    CHECK(theoryCommand(s, "maxK 10") == "");
    CHECK(theoryCommand(s, "slice 0").find("no spurious minimum") != std::string::npos);  // nothing computed yet
    CHECK(theoryCommand(s, "finish") == "");
    const auto& rows = s.theory.table->rows();
    int row = -1;
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].spurious > 0 && row < 0) row = static_cast<int>(i);
    REQUIRE(row >= 0);
    CHECK(rows[size_t(row)].spuriousPoints.size() == size_t(rows[size_t(row)].spurious));
    CHECK(theoryCommand(s, "row " + std::to_string(row)) == "");
    CHECK(theoryCommand(s, "slice 1000").find("0 to") != std::string::npos);
    CHECK(theoryCommand(s, "slice 0") == "");
    REQUIRE(s.theory.slice.open);
    double firstSpurious = -1;
    for (size_t i = 0; i < rows[size_t(row)].types.size() && firstSpurious < 0; ++i)
        if (rows[size_t(row)].types[i] == theory::EndPoint::Spurious) firstSpurious = rows[size_t(row)].objectives[i];
    CHECK(s.theory.slice.plane.value(0, 0) == firstSpurious);
    CHECK(std::abs(s.theory.slice.plane.value(1, 0)) < 1e-10);
    for (int f = 0; f < 20; ++f) advanceTheory(s);
    CHECK(s.theory.slice.rowsDone == s.theory.slice.rows);
    CHECK(s.theory.slice.values.size() == size_t(s.theory.slice.rows * s.theory.slice.cols));
    const auto v = parseJson(stateJson(s));
    REQUIRE(v);
    const JsonValue* sl = v->find("theory")->find("slice");
    REQUIRE(sl);
    CHECK(sl->find("valueAtMinimum")->number == firstSpurious);
    CHECK(theoryCommand(s, "slice close") == "");
    CHECK_FALSE(s.theory.slice.open);
}

TEST_CASE("a lesson step skipped to its end ends where the watched run ends, and counts as run") {
    const char* json = R"({"id": "skip", "title": "Skip", "lecture": "test", "steps": [
      {"title": "Two runs", "text": "t",
       "scenario": {"landscape": {"name": "rosenbrock"},
                    "runs": [{"optimizer": "momentum", "hyper": {"lr": 0.001, "momentum": 0.9}, "start": [-1.2, 1]},
                             {"optimizer": "gd", "hyper": {"lr": 0.5}, "start": [-1.2, 1]}]},
       "runSteps": 250}]})";
    std::string error;
    auto lesson = parseLesson(json, &error);
    REQUIRE_MESSAGE(lesson, error);
    auto endOf = [&](bool skip) {
        AppState s = fresh();
        s.lessons = {*lesson};
        s.lesson.done = {std::vector<bool>(1, false)};
        REQUIRE(openLesson(s, 0, 0) == "");
        CHECK_FALSE(skipLessonRun(s));  // nothing plays yet
        runLessonStep(s);
        if (skip) {
            advancePlayback(s, 1.0 / 30);  // a frame watched, then the rest at once
            CHECK(skipLessonRun(s));
        } else {
            for (int frame = 0; frame < 100000 && s.playing; ++frame) advancePlayback(s, 1.0 / 30);
        }
        CHECK_FALSE(s.playing);
        CHECK(s.lesson.ran);
        CHECK(s.lesson.done[0][0]);
        CHECK(s.lesson.runUntil == -1);
        std::vector<std::pair<Vec2, long>> ends;
        for (const auto& r : s.runs) ends.push_back({r.run.current().w, static_cast<long>(r.run.steps())});
        return ends;
    };
    const auto watched = endOf(false), skipped = endOf(true);
    REQUIRE(watched.size() == 2);
    CHECK(watched[0].second == 250);
    CHECK(watched[1].second < 250);  // lr 0.5 diverges on Rosenbrock: stopped early, in both
    for (size_t k = 0; k < watched.size(); ++k) {
        CHECK(skipped[k].first == watched[k].first);  // to the last bit
        CHECK(skipped[k].second == watched[k].second);
    }
}
