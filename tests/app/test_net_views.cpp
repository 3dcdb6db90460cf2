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
