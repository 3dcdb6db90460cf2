// Tests for src/app/net_views.cpp: a slice opens as the landscape (its centre the network's loss,
// the path ending there, PCA's explained variance reported) and closes back to the network as it
// was; the line and mode connectivity through their commands; refusals with their reasons.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.h"
#include "app/net_views.h"
#include "core/json.h"

using namespace optiscape;
using namespace optiscape::app;

namespace {
AppState network() {
    AppState s;
    setDefaultScenario(s);
    nets::NetSpec spec;
    spec.data.name = "two-moons";
    spec.data.n = 80;
    spec.arch = {2, 6, 1};
    REQUIRE(setNetwork(s, spec) == "");
    return s;
}

JsonValue state(const AppState& s) {
    auto v = parseJson(stateJson(s));
    REQUIRE(v);
    return *v;
}

/// v's member at a dotted path, "slice.path.points".
const JsonValue& at(const JsonValue& v, const std::string& path) {
    const JsonValue* x = &v;
    size_t from = 0;
    while (from <= path.size()) {
        const size_t dot = std::min(path.find('.', from), path.size());
        x = x->find(path.substr(from, dot - from));
        REQUIRE_MESSAGE(x, path);
        from = dot + 1;
    }
    return *x;
}
}  // namespace

TEST_CASE("a slice is the landscape while it is open; closing it gives the network back as it was") {
    AppState s = network();
    CHECK(sliceCommand(s, "open") == "");  // random, filter-normalised, at step 0 (θ₀ the initial weights)
    closeSlice(s);
    stepAll(s, 60);
    const double loss = s.runs[0].net.current().loss;
    const int runs = static_cast<int>(s.runs.size());
    s.selected = 1;
    CHECK(sliceCommand(s, "open random layer seed 3") == "");
    REQUIRE(s.slice.open);
    CHECK_FALSE(s.networkMode);
    CHECK(s.landscape->value(Vec2::Zero()) == s.slice.savedRuns[1].net.current().loss);
    CHECK(static_cast<int>(s.runs.size()) == runs);  // the same optimizers, as 2-D runs in the plane
    CHECK(s.runs[0].run.config().start == s.slice.plane.path.front());
    CHECK(s.slice.plane.path.back().norm() < 1e-12);
    stepAll(s, 5);
    CHECK(s.runs[0].run.steps() == 5);
    JsonValue j = state(s);
    CHECK(at(j, "mode").string == "landscape");
    CHECK(at(j, "slice.open").boolean);
    CHECK(at(j, "slice.directions").string == "random");
    CHECK(at(j, "slice.normalize").string == "layer");
    CHECK(at(j, "slice.run").number == 1);
    CHECK(at(j, "slice.step").number == 60);
    CHECK(at(j, "slice.path.points").number == 61);
    // the link of a slice is its network's
    CHECK(toScenario(s).mode == "network");
    CHECK(toScenario(s).runs.size() == static_cast<size_t>(runs));
    CHECK(sliceCommand(s, "open") != "");  // one at a time
    CHECK(sliceCommand(s, "close") == "");
    CHECK(s.networkMode);
    CHECK_FALSE(s.slice.open);
    CHECK(s.selected == 1);
    CHECK(s.runs[0].net.steps() == 60);
    CHECK(s.runs[0].net.current().loss == loss);
    CHECK(sliceCommand(s, "close") == "no slice is open");
}

TEST_CASE("a PCA slice: the trajectory's final point at (0, 0), the explained variance in state()") {
    AppState s = network();
    CHECK(sliceCommand(s, "open pca").find("PCA needs the run's trajectory") != std::string::npos);
    stepAll(s, 40);
    CHECK(sliceCommand(s, "open pca") == "");
    const JsonValue j = state(s);
    const double e1 = at(j, "slice.explained").array.at(0).number, e2 = at(j, "slice.explained").array.at(1).number;
    CHECK(e1 >= e2);
    CHECK(e2 > 0);
    CHECK(e1 + e2 <= 1 + 1e-12);
    CHECK(at(j, "slice.path.last").array.at(0).number == 0.0);
    CHECK(at(j, "slice.centerLoss").number == s.slice.savedRuns[0].net.current().loss);
    // another landscape forgets the slice's network
    CHECK(selectLandscapeByName(s, "rosenbrock"));
    CHECK_FALSE(s.slice.open);
    CHECK(at(state(s), "slice.open").boolean == false);
}

TEST_CASE("slice and line commands refuse bad input with a reason") {
    AppState s;
    setDefaultScenario(s);
    CHECK(sliceCommand(s, "open").find("through a network") != std::string::npos);
    CHECK(lineCommand(s, "").find("network mode") != std::string::npos);
    s = network();
    CHECK(sliceCommand(s, "open sideways").find("unknown word 'sideways'") != std::string::npos);
    CHECK(sliceCommand(s, "open seed x").find("seed takes") != std::string::npos);
    CHECK(sliceCommand(s, "open range -1").find("range takes") != std::string::npos);
    CHECK(sliceCommand(s, "").find("slice takes") != std::string::npos);
    CHECK(lineCommand(s, "2 1").find("tmin < tmax") != std::string::npos);
    CHECK(lineCommand(s, "a").find("line takes") != std::string::npos);
    CHECK(connectCommand(s, "").find("train the selected run first") != std::string::npos);
    CHECK(connectCommand(s, "seed 1").find("another seed") != std::string::npos);
    CHECK(connectCommand(s, "steps 0").find("steps takes") != std::string::npos);
}

TEST_CASE("the line from the initial to the current weights, and its extension") {
    AppState s = network();
    stepAll(s, 30);
    CHECK(lineCommand(s, "") == "");
    REQUIRE(s.line.loss.size() == kLinePoints);
    CHECK(s.line.loss.front() == s.runs[0].net.trajectory().front().loss);
    CHECK(s.line.loss.back() == s.runs[0].net.current().loss);
    CHECK(lineCommand(s, "-0.5 1.5") == "");
    CHECK(s.line.loss[20] == s.runs[0].net.trajectory().front().loss);  // t = −0.5 + 20·(2/80) = 0
    CHECK(s.line.loss[60] == s.runs[0].net.current().loss);             // t = 1
    const JsonValue j = state(s);
    CHECK(at(j, "line.range").array.at(0).number == -0.5);
    CHECK(at(j, "line.points").number == kLinePoints);
}

TEST_CASE("mode connectivity from the page: network B trained as A, both paths and their barriers") {
    AppState s = network();
    stepAll(s, 40);
    CHECK(connectCommand(s, "seed 5 steps 50 finish") == "");
    REQUIRE(s.connect.job);
    CHECK(s.connect.job->done());
    const JsonValue j = state(s);
    CHECK(at(j, "connect.method").string == "bezier");
    CHECK(at(j, "connect.seedB").number == 5);
    CHECK(at(j, "connect.stage").string == "done");
    CHECK(at(j, "connect.lossA").number == s.runs[0].net.current().loss);
    CHECK(at(j, "connect.lineBarrier").number >= 0);
    CHECK(at(j, "connect.curveBarrier").number >= 0);
    // a new network forgets it
    nets::NetSpec spec = s.net.spec;
    spec.seed = 9;
    CHECK(setNetwork(s, spec) == "");
    CHECK_FALSE(s.connect.job);
}

TEST_CASE("every network run's trajectory is drawn on the slice, projected onto its plane") {
    AppState s = network();
    REQUIRE(s.runs.size() >= 2);
    stepAll(s, 50);
    std::vector<VecX> now;
    for (const RunSlot& r : s.runs) now.push_back(r.net.theta());
    const nets::Model model = s.net.prepared.model;
    for (const char* how : {"open random filter seed 4", "open pca"}) {
        CAPTURE(how);
        REQUIRE(sliceCommand(s, how) == "");
        REQUIRE(s.slice.paths.size() == now.size());
        const auto projected = nets::projectOnPlane(model, s.slice.plane, now);
        const JsonValue j = state(s);
        REQUIRE(at(j, "slice.paths").array.size() == now.size());
        for (size_t i = 0; i < now.size(); ++i) {
            const SlicePath& p = s.slice.paths[i];
            CHECK(p.run == static_cast<int>(i));
            CHECK(p.color == s.slice.savedRuns[i].color);
            CHECK(p.points.size() == p.steps.size());
            CHECK(p.steps.back() == 50);
            // the path ends where the run's current weights project, with the loss of the plane there
            CHECK((p.points.back() - projected[i]).norm() <= 1e-9 * (1 + projected[i].norm()));
            CHECK(p.loss.back() == s.landscape->value(p.points.back()));
            CHECK(at(j, "slice.paths").array[i].find("points")->number == static_cast<double>(p.points.size()));
        }
        // the slice's own run is the plane's path (in the PCA plane: the exact coordinates, ending at 0)
        CHECK(s.slice.paths[0].points == s.slice.plane.path);
        // the other runs went elsewhere: their paths are not the selected one's
        CHECK((s.slice.paths[1].points.back() - s.slice.paths[0].points.back()).norm() > 1e-6);
        closeSlice(s);
    }
}

TEST_CASE("the plane through θA, θB, θC after connecting two minima: the three losses, the curve on it") {
    AppState s = network();
    CHECK(sliceCommand(s, "open connect").find("run 'connect'") != std::string::npos);
    stepAll(s, 60);
    CHECK(sliceCommand(s, "open connect").find("run 'connect'") != std::string::npos);
    REQUIRE(connectCommand(s, "seed 4 steps 80 finish") == "");
    const auto* c = s.connect.job.get();
    REQUIRE(c);
    stepAll(s, 10);  // run A trains on: the plane stays the connection's, the path ends at θA
    nets::Backprop bp(s.net.prepared.model);
    const double la = bp.loss(c->thetaA(), s.net.prepared.problem.train),
                 lb = bp.loss(c->thetaB(), s.net.prepared.problem.train),
                 lc = bp.loss(c->bend(), s.net.prepared.problem.train);
    REQUIRE(sliceCommand(s, "open connect") == "");
    CHECK(s.slice.step == 60);
    CHECK(s.slice.plane.path.back().norm() < 1e-12);
    const JsonValue j = state(s);
    CHECK(at(j, "slice.directions").string == "connect");
    CHECK(at(j, "slice.normalize").string == "none");
    CHECK(at(j, "slice.step").number == 60);
    const auto& marks = at(j, "slice.marks").array;
    REQUIRE(marks.size() == 3);
    CHECK(std::abs(marks[0].find("loss")->number - la) <= 1e-9 * la);
    CHECK(std::abs(marks[1].find("loss")->number - lb) <= 1e-9 * lb);
    CHECK(std::abs(marks[2].find("loss")->number - lc) <= 1e-9 * lc);
    CHECK(std::abs(at(j, "slice.centerLoss").number - la) <= 1e-12 * la);
    CHECK(at(j, "slice.curve.points").number == 61);
    // the loss along the curve drawn on the plane is the connection's Bézier loss (61 points each)
    REQUIRE(s.slice.plane.curve.size() == c->curveLoss().size());
    for (size_t i = 0; i < c->curveLoss().size(); ++i)
        CHECK(std::abs(s.landscape->value(s.slice.plane.curve[i]) - c->curveLoss()[i]) <= 1e-9 * c->curveLoss()[i]);
    CHECK(s.slice.paths.size() == s.slice.savedRuns.size());
    CHECK(s.slice.paths[0].steps.back() == 60);  // the slice's run up to θA
    CHECK(s.slice.paths[1].steps.back() == 70);  // another run: all of its trajectory
    CHECK(sliceCommand(s, "close") == "");
    CHECK(s.networkMode);
}

namespace {
/// A fresh page opened at `s`'s link: its scenario's JSON loaded into a new state.
AppState reopened(const AppState& s, std::vector<std::string>* ignored = nullptr) {
    AppState t;
    setDefaultScenario(t);
    const std::string out = loadScenarioJson(t, scenarioJson(toScenario(s)));
    auto v = parseJson(out);
    REQUIRE(v);
    if (ignored)
        for (const auto& m : v->array) ignored->push_back(m.string);
    else
        CHECK(v->array.empty());
    return t;
}
}  // namespace

TEST_CASE("a shared link reopens the slice, the connection or the line it was taken with") {
    AppState s = network();
    stepAll(s, 40);
    s.selected = 1;
    REQUIRE(sliceCommand(s, "open random layer seed 3 range 0.5") == "");
    const std::string link = scenarioJson(toScenario(s));
    CHECK(link.find(R"("window": {"kind": "slice", "run": 1, "step": 40, "directions": "random", "normalize": "layer")") !=
          std::string::npos);
    AppState t = reopened(s);
    REQUIRE(t.slice.open);
    CHECK(t.slice.run == 1);
    CHECK(t.slice.step == 40);
    CHECK(t.slice.spec.normalize == nets::Normalize::Layer);
    CHECK(t.slice.spec.seed == 3);
    CHECK(t.landscape->value(Vec2::Zero()) == s.landscape->value(Vec2::Zero()));  // the same weights θ₀
    CHECK(t.landscape->value(Vec2(0.3, -0.2)) == s.landscape->value(Vec2(0.3, -0.2)));
    REQUIRE(t.slice.paths.size() == s.slice.paths.size());
    for (size_t i = 0; i < s.slice.paths.size(); ++i) CHECK(t.slice.paths[i].points == s.slice.paths[i].points);
    CHECK(scenarioJson(toScenario(t)) == link);
    closeSlice(s);

    REQUIRE(sliceCommand(s, "open pca") == "");
    t = reopened(s);
    CHECK(t.slice.spec.directions == nets::SliceDirections::Pca);
    CHECK(t.slice.plane.explained1 == s.slice.plane.explained1);
    closeSlice(s);

    // a connection: reopened across frames (here finished at once), the same barriers
    s.selected = 0;
    REQUIRE(connectCommand(s, "seed 4 steps 60 finish") == "");
    t = reopened(s);
    REQUIRE(t.connect.job);
    finishConnect(t);
    CHECK(t.connect.job->spec().seedB == 4);
    CHECK(t.connect.job->spec().bezier.steps == 60);
    CHECK(t.connect.job->lineBarrier() == s.connect.job->lineBarrier());
    CHECK(t.connect.job->curveBarrier() == s.connect.job->curveBarrier());
    CHECK(t.connect.showTab);
    // the plane through θA, θB, θC: the connection is finished on load, then the plane opens
    REQUIRE(sliceCommand(s, "open connect") == "");
    t = reopened(s);
    REQUIRE(t.slice.open);
    CHECK(t.slice.spec.directions == nets::SliceDirections::Connect);
    CHECK(t.slice.plane.marks == s.slice.plane.marks);
    closeSlice(s);

    // the line, once computed, with its range
    AppState l = network();
    stepAll(l, 30);
    REQUIRE(lineCommand(l, "-0.5 1.5") == "");
    t = reopened(l);
    CHECK(t.line.tmin == -0.5);
    CHECK(t.line.loss == l.line.loss);
    CHECK(t.line.showTab);

    // a window that cannot open is reported; the network opens without it
    std::string text = scenarioJson(toScenario(l));
    const size_t at = text.find(R"("run": 0)", text.find(R"("window")"));
    REQUIRE(at != std::string::npos);
    text.replace(at, 8, R"("run": 5)");
    AppState u;
    setDefaultScenario(u);
    const auto out = parseJson(loadScenarioJson(u, text));
    REQUIRE(out);
    REQUIRE(out->array.size() == 1);
    CHECK(out->array[0].string.find("window: run 5 does not exist") == 0);
    CHECK(u.networkMode);
    CHECK(u.runs[0].net.steps() == 0);  // checked before any training
}
