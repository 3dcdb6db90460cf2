// Tests for src/core/scenario.cpp: the strict JSON reader on JSONTestSuite-style inputs, error
// positions and limits, and the forgiving scenario loader: partial objects, every ignored field
// reported by path, out-of-range values left alone, and the JSON form reading back unchanged.
#include <doctest/doctest.h>

#include <chrono>

#include "core/data_landscape.h"
#include "core/scenario.h"
#include "helpers.h"

using namespace optiscape;

namespace {

/// Parses text that must be valid.
JsonValue parsedScenario(const std::string& text) {
    std::string err;
    auto v = parseJson(text, &err);
    INFO(text, " -> ", err);
    REQUIRE(v.has_value());
    return *v;
}

/// The error for text that must be rejected ("" if it was accepted).
std::string scenarioError(const std::string& text) {
    std::string err;
    return parseJson(text, &err) ? std::string() : err;
}

/// Whether some message starts with `prefix`.
bool hasMessage(const std::vector<std::string>& msgs, const std::string& prefix) {
    for (const std::string& m : msgs)
        if (m.rfind(prefix, 0) == 0) return true;
    return false;
}

std::vector<std::string> load(const std::string& text, Scenario& s, int maxRuns = 4) {
    return applyScenario(parsedScenario(text), s, maxRuns);
}

/// A scenario with a yarotsky landscape at default parameters and one default GD run.
Scenario basic() {
    Scenario s;
    load(R"({"landscape": "yarotsky", "runs": [{}]})", s);
    return s;
}

bool sameRun(const RunSpec& a, const RunSpec& b) {
    const Hyper &x = a.hyper, &y = b.hyper;
    return a.optimizer == b.optimizer && a.start == b.start && a.visible == b.visible && x.lr == y.lr &&
           x.momentum == y.momentum && x.dampening == y.dampening && x.beta1 == y.beta1 &&
           x.beta2 == y.beta2 && x.eps == y.eps && x.weightDecay == y.weightDecay && x.alpha == y.alpha &&
           x.centered == y.centered && x.lrDecay == y.lrDecay && x.damping == y.damping &&
           x.radius == y.radius && x.threshold == y.threshold && x.every == y.every &&
           scheduleSpec(a.schedule) == scheduleSpec(b.schedule) && a.noise == b.noise &&
           a.batch == b.batch && a.seed == b.seed;
}

}  // namespace

TEST_SUITE_BEGIN("scenario");

TEST_CASE("parseJson accepts valid JSON of every kind") {
    const JsonValue v = parsedScenario(R"( {"a": [1, 2.5, -3], "b": {"c": null, "d": true, "e": false},
                                    "s": "x", "empty": {}, "none": []} )");
    REQUIRE(v.type == JsonValue::Type::Object);
    REQUIRE(v.find("a"));
    CHECK(v.find("a")->array.size() == 3);
    CHECK(v.find("a")->array[1].number == 2.5);
    CHECK(v.find("a")->array[2].number == -3);
    CHECK(v.find("b")->find("c")->type == JsonValue::Type::Null);
    CHECK(v.find("b")->find("d")->boolean);
    CHECK_FALSE(v.find("b")->find("e")->boolean);
    CHECK(v.find("s")->string == "x");
    CHECK(v.find("empty")->object.empty());
    CHECK(v.find("none")->type == JsonValue::Type::Array);
    CHECK(v.find("missing") == nullptr);
    CHECK(v.find("a")->find("a") == nullptr);  // find on a non-object
    // scalars at the top level (RFC 8259) and whitespace of all four kinds
    CHECK(parsedScenario("42").number == 42);
    CHECK(parsedScenario(" \t\r\n\"hi\" \n").string == "hi");
    CHECK(parsedScenario("null").type == JsonValue::Type::Null);
    // a repeated key: the last one wins
    CHECK(parsedScenario(R"({"k": 1, "k": 2})").find("k")->number == 2);
}

TEST_CASE("parseJson numbers follow the strict grammar") {
    CHECK(parsedScenario("0").number == 0);
    const double negZero = parsedScenario("-0").number;
    CHECK(negZero == 0);
    CHECK(std::signbit(negZero));
    CHECK(parsedScenario("1e-7").number == 1e-7);
    CHECK(parsedScenario("1E+2").number == 100);
    CHECK(parsedScenario("0.5").number == 0.5);
    CHECK(parsedScenario("-12.25e1").number == -122.5);
    CHECK(parsedScenario("0.1").number == 0.1);
    CHECK(parsedScenario("123456789012345678901234567890").number == 1.2345678901234568e29);
    CHECK(parsedScenario("1e-400").number == 0);  // underflow reads as zero
    CHECK(parsedScenario("0.30000000000000004").number == 0.30000000000000004);
    for (const char* bad : {"01", "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "0x10", "NaN", "-NaN",
                            "Infinity", "-Infinity", "1e400", "-1e400", "1,5", "- 1", "2."})
        CHECK_MESSAGE(!scenarioError(bad).empty(), bad);
    CHECK(scenarioError("01") == "line 1, column 1: leading zeros are not allowed");
    CHECK(scenarioError("[1e400]") == "line 1, column 2: number out of range");
    CHECK(scenarioError("1.x") == "line 1, column 3: expected a digit after '.'");
}

TEST_CASE("parseJson strings: escapes, unicode and UTF-8") {
    CHECK(parsedScenario(R"("\"\\\/\b\f\n\r\t")").string == "\"\\/\b\f\n\r\t");
    CHECK(parsedScenario(R"("\u0041\u00e9\u20AC")").string == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(parsedScenario(R"("\u0000")").string == std::string(1, '\0'));
    CHECK(parsedScenario(R"("\uD83D\uDE00")").string == "\xF0\x9F\x98\x80");               // U+1F600 from a pair
    CHECK(parsedScenario(R"("\uDBFF\uDFFF")").string == "\xF4\x8F\xBF\xBF");               // U+10FFFF
    CHECK(parsedScenario("\"\xCE\xB5 \xE2\x88\x87\"").string == "\xCE\xB5 \xE2\x88\x87");  // raw UTF-8
    // lone and misordered surrogates, bad escapes, raw control characters, invalid UTF-8
    for (const char* bad :
         {R"("\uD800")", R"("\uDC00")", R"("\uD800\u0041")", R"("\uDE00\uD83D")", R"("\uD800\")",
          R"("\uD800\u")", R"("\u12")", R"("\u12G4")", R"("\x")", R"("\a")", R"("\')", "\"a\nb\"", "\"a\tb\"",
          "\"\x01\"", "\"\xFF\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\""})
        CHECK_MESSAGE(!scenarioError(bad).empty(), bad);
    CHECK(scenarioError(R"("ab\uD800xyz")") == "line 1, column 4: unpaired surrogate in a \\u escape");
    CHECK(scenarioError("\"a\nb\"") == "line 1, column 3: control character in a string (write it as an escape)");
    CHECK(scenarioError("'single'") == "line 1, column 1: expected a value (strings take double quotes)");
    CHECK(scenarioError(R"({"a": "open)") == "line 1, column 7: unterminated string");
}

TEST_CASE("parseJson rejects malformed structure with line and column") {
    CHECK(scenarioError(R"({"a": 1 "b": 2})") == "line 1, column 9: expected ',' or '}'");
    CHECK(scenarioError("[1, 2,]") == "line 1, column 7: trailing comma before ']'");
    CHECK(scenarioError(R"({"a": 1,})") == "line 1, column 9: trailing comma before '}'");
    CHECK(scenarioError("[1 2]") == "line 1, column 4: expected ',' or ']'");
    CHECK(scenarioError("{a: 1}") == "line 1, column 2: expected a string key");
    CHECK(scenarioError(R"({"a" 1})") == "line 1, column 6: expected ':'");
    CHECK(scenarioError("[1, 2") == "line 1, column 6: unexpected end of input");
    CHECK(scenarioError("") == "line 1, column 1: unexpected end of input");
    CHECK(scenarioError("   ") == "line 1, column 4: unexpected end of input");
    CHECK(scenarioError("tru") == "line 1, column 4: unexpected end of input");
    CHECK(scenarioError("[1] x") == "line 1, column 5: trailing characters after the value");
    CHECK(scenarioError("{} {}") == "line 1, column 4: trailing characters after the value");
    CHECK(scenarioError("{\n  \"a\": 1,\n  \"b\": nul\n}") == "line 3, column 8: expected a value");
    CHECK(scenarioError("\"\xCE\xB5\xCE\xB5\" x") == "line 1, column 6: trailing characters after the value");
    for (const char* bad : {"[", "]", "{", "}", "[,1]", "[1,,2]", "{,}", R"({"a"})", R"({"a":})", "[True]",
                            "nulll", "[null,]", "{\"a\":1}}", "\xEF\xBB\xBF{}", "//c\n1", "{\"a\":1 /*c*/}"})
        CHECK_MESSAGE(!scenarioError(std::string(bad)).empty(), bad);
    CHECK_FALSE(scenarioError(std::string("[1]\0", 4)).empty());  // a NUL after the value
    CHECK_FALSE(parseJson("[1,]"));                         // no error pointer: still fine
}

TEST_CASE("parseJson limits nesting and size and never recurses without bound") {
    std::string ok64 = std::string(64, '[') + std::string(64, ']');
    CHECK(scenarioError(ok64).empty());
    CHECK(scenarioError(std::string(65, '[') + std::string(65, ']')) ==
          "line 1, column 65: nesting deeper than 64");
    std::string objects;
    for (int k = 0; k < 65; ++k) objects += "{\"a\":";
    CHECK(scenarioError(objects + "1" + std::string(65, '}')).find("nesting deeper than 64") != std::string::npos);
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(scenarioError(std::string(10000, '[')) == "line 1, column 65: nesting deeper than 64");
    CHECK(!scenarioError(std::string(100000, '{')).empty());
    CHECK(!scenarioError(std::string(100000, '"')).empty());
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
    // over 1 MB is rejected before reading; just under it is read
    const std::string big = "\"" + std::string(999998, 'a') + "\"";
    CHECK(parsedScenario(big).string.size() == 999998);
    CHECK(scenarioError(big + " ").find("larger than 1000000 bytes") != std::string::npos);
}

TEST_CASE("parseJson survives arbitrary bytes") {
    testing::Rng rng(7);
    const std::string alphabet = "[]{}\",:-+.0123456789eEtrufalsn \\u\n\x01\xC3\xA9\xFF";
    int accepted = 0, badErrors = 0;
    for (int k = 0; k < 3000; ++k) {
        std::string s;
        const int n = 1 + static_cast<int>(rng.uniform() * 40);
        for (int c = 0; c < n; ++c)
            s += alphabet[static_cast<size_t>(rng.uniform() * alphabet.size()) % alphabet.size()];
        std::string err;
        const auto v = parseJson(s, &err);
        if (v)
            ++accepted;
        else if (err.rfind("line ", 0) != 0)
            ++badErrors;
    }
    CHECK(badErrors == 0);
    CHECK(accepted > 0);
    CHECK(accepted < 3000);
}

TEST_CASE("applyScenario: a full object sets everything") {
    Scenario s;
    const auto msgs = load(R"({
        "landscape": {"name": "rosenbrock", "params": {}},
        "running": true,
        "runs": [
          {"optimizer": "adam", "hyper": {"lr": 0.05, "beta1": 0.8}, "start": [-1, 2]},
          {"optimizer": "nesterov", "hyper": {"momentum": 0.5, "weightDecay": 0.1},
           "visible": false}
        ]})",
                           s);
    CHECK(msgs.empty());
    CHECK(s.landscape == "rosenbrock");
    CHECK(s.running);
    REQUIRE(s.runs.size() == 2);
    CHECK(s.runs[0].optimizer == OptimizerKind::Adam);
    CHECK(s.runs[0].hyper.lr == 0.05);
    CHECK(s.runs[0].hyper.beta1 == 0.8);
    CHECK(s.runs[0].hyper.beta2 == 0.999);
    CHECK(s.runs[0].start == Vec2(-1, 2));
    CHECK(s.runs[1].optimizer == OptimizerKind::Nesterov);
    CHECK(s.runs[1].hyper.lr == 0.01);  // reset to nesterov's defaults, not adam's copied lr
    CHECK(s.runs[1].hyper.momentum == 0.5);
    CHECK(s.runs[1].hyper.weightDecay == 0.1);
    CHECK(s.runs[1].start == Vec2(-1, 2));  // a new run starts as a copy of the one before
    CHECK_FALSE(s.runs[1].visible);
}

TEST_CASE("applyScenario: landscapes and their parameters") {
    Scenario s = basic();
    CHECK(s.params == std::map<std::string, double>{{"eps", 0.1}});
    REQUIRE(s.runs.size() == 1);
    CHECK(s.runs[0].start == makePreset("yarotsky")->info().start);
    CHECK(s.runs[0].optimizer == OptimizerKind::GD);

    CHECK(load(R"({"landscape": {"params": {"eps": 0.25}}})", s).empty());
    CHECK(s.params.at("eps") == 0.25);
    CHECK(load(R"({"landscape": {"name": "yarotsky"}})", s).empty());
    CHECK(s.params.at("eps") == 0.25);  // same name: parameters kept

    auto msgs = load(R"({"landscape": {"name": "two-layer-linear", "params": {"t": -1.5}}})", s);
    CHECK(msgs.empty());
    CHECK(s.landscape == "two-layer-linear");
    CHECK(s.params == std::map<std::string, double>{{"x", 1.0}, {"t", -1.5}, {"lambda", 0.1}});

    msgs = load(R"({"landscape": {"name": "foo", "params": {"t": 3, "q": 1, "x": "2"}, "z": 0}})", s);
    REQUIRE(msgs.size() == 5);
    CHECK(hasMessage(msgs, "landscape.name: unknown landscape 'foo'"));
    CHECK(hasMessage(msgs, "landscape.params.t: 3 is out of range (must be in [-2, 2])"));
    CHECK(hasMessage(msgs,
                     "landscape.params.q: unknown parameter of 'two-layer-linear' "
                     "(parameters: x, t, lambda)"));
    CHECK(hasMessage(msgs, "landscape.params.x: expected a number"));
    CHECK(hasMessage(msgs, "landscape.z: unknown key"));
    CHECK(s.landscape == "two-layer-linear");
    CHECK(s.params.at("t") == -1.5);  // out of range: the old value stays
    CHECK(s.params.at("x") == 1.0);

    CHECK(load(R"({"landscape": "saddle"})", s).empty());  // a plain name
    CHECK(s.landscape == "saddle");
    CHECK(s.params.empty());
    msgs = load(R"({"landscape": {"params": {"eps": 0.5}}})", s);
    CHECK(msgs ==
          std::vector<std::string>{"landscape.params.eps: unknown parameter of 'saddle' (parameters: none)"});
    CHECK(hasMessage(load(R"({"landscape": 3})", s), "landscape: expected an object"));
    CHECK(hasMessage(load(R"({"landscape": {"name": 3}})", s), "landscape.name: expected a string"));
    CHECK(hasMessage(load(R"({"landscape": {"params": [1]}})", s), "landscape.params: expected an object"));
    CHECK(s.landscape == "saddle");
}

TEST_CASE("applyScenario: an empty object completes a default scenario") {
    Scenario s;
    CHECK(load("{}", s).empty());
    CHECK(s.landscape == "yarotsky");
    CHECK(s.params == std::map<std::string, double>{{"eps", 0.1}});
    REQUIRE(s.runs.size() == 1);
    CHECK(s.runs[0].optimizer == OptimizerKind::GD);
    CHECK(s.runs[0].start == makePreset("yarotsky")->info().start);
    CHECK_FALSE(s.running);
    // a partial object changes only what it names
    const std::string before = scenarioJson(s);
    CHECK(load(R"({"running": true})", s).empty());
    CHECK(s.running);
    CHECK(load(R"({"running": false})", s).empty());
    CHECK(scenarioJson(s) == before);
}

TEST_CASE("applyScenario: hyperparameters are validated one by one") {
    Scenario s = basic();
    auto msgs = load(R"({"runs": [{"hyper": {"lr": -2, "weight_decay": 0.5, "beta1": 0.5,
                                             "bogus": 1, "weight-decay": 2}}]})",
                     s);
    REQUIRE(msgs.size() == 4);
    CHECK(hasMessage(msgs, "runs[0].hyper.lr: -2 is out of range (must be in [1e-06, 10])"));
    CHECK(hasMessage(msgs, "runs[0].hyper.beta1: not used by gd (gd uses: lr, weight-decay)"));
    CHECK(hasMessage(msgs, "runs[0].hyper.bogus: unknown hyperparameter of gd"));
    CHECK(hasMessage(msgs, "runs[0].hyper.weight-decay: 2 is out of range"));
    CHECK(s.runs[0].hyper.lr == 0.01);
    CHECK(s.runs[0].hyper.weightDecay == 0.5);
    CHECK(hasMessage(load(R"({"runs": [{"hyper": {"lr": "fast"}}]})", s),
                     "runs[0].hyper.lr: expected a number, got a string"));
    CHECK(hasMessage(load(R"({"runs": [{"hyper": 0.1}]})", s), "runs[0].hyper: expected an object"));

    // a combination validate() rejects: the run's settings stay as they were before "hyper"
    msgs = load(R"({"runs": [{"optimizer": "nesterov", "hyper": {"momentum": 0, "lr": 0.2}}]})", s);
    CHECK(msgs ==
          std::vector<std::string>{"runs[0].hyper: nesterov needs momentum > 0; kept the previous settings"});
    CHECK(s.runs[0].optimizer == OptimizerKind::Nesterov);
    CHECK(s.runs[0].hyper.momentum == 0.9);
    CHECK(s.runs[0].hyper.lr == 0.01);

    // the same optimizer keeps its settings; an unknown one is ignored
    CHECK(load(R"({"runs": [{"optimizer": "nesterov", "hyper": {"lr": 0.3}}]})", s).empty());
    CHECK(load(R"({"runs": [{"optimizer": "nesterov"}]})", s).empty());
    CHECK(s.runs[0].hyper.lr == 0.3);
    msgs = load(R"({"runs": [{"optimizer": "sgd", "hyper": {"momentum": 0.4}}]})", s);
    CHECK(msgs == std::vector<std::string>{"runs[0].optimizer: unknown optimizer 'sgd' "
                                           "(optimizers: gd, momentum, nesterov, adagrad, rmsprop, adam, "
                                           "amsgrad, adamw, newton, perturbed-gd)"});
    CHECK(s.runs[0].optimizer == OptimizerKind::Nesterov);
    CHECK(s.runs[0].hyper.momentum == 0.4);
    CHECK(hasMessage(load(R"({"runs": [{"optimizer": 1}]})", s), "runs[0].optimizer: expected a string"));
}

TEST_CASE("applyScenario: runs — starts, visibility, count and length") {
    Scenario s = basic();
    auto msgs = load(R"({"runs": [{"start": [1, 2, 3], "visible": "yes"}, {"start": [1e7, 0]},
                                  {"start": ["1", 0]}, {"start": [0.5, -0.25]}, {}, {}]})",
                     s);
    REQUIRE(s.runs.size() == 4);
    CHECK(hasMessage(msgs, "runs[0].start: expected [w1, w2]"));
    CHECK(hasMessage(msgs, "runs[0].visible: expected true or false"));
    CHECK(hasMessage(msgs, "runs[1].start: expected [w1, w2]"));
    CHECK(hasMessage(msgs, "runs[2].start: expected [w1, w2]"));
    CHECK(hasMessage(msgs, "runs[4..5]: at most 4 runs"));
    CHECK(msgs.size() == 5);
    const Vec2 start = makePreset("yarotsky")->info().start;
    CHECK(s.runs[0].start == start);
    CHECK(s.runs[0].visible);
    CHECK(s.runs[2].start == start);
    CHECK(s.runs[3].start == Vec2(0.5, -0.25));

    CHECK(load(R"({"runs": [{}, {}, {}, {}, {}]})", s, 5) == std::vector<std::string>{});
    REQUIRE(s.runs.size() == 5);
    CHECK(s.runs[4].start == Vec2(0.5, -0.25));  // a copy of runs[3]
    CHECK(load(R"({"runs": [{}, {}, {}]})", s, 2) == std::vector<std::string>{"runs[2]: at most 2 runs"});
    CHECK(s.runs.size() == 2);  // the given array sets the number of runs
    CHECK(load(R"({"runs": []})", s) == std::vector<std::string>{"runs: a scenario needs at least one run"});
    CHECK(s.runs.size() == 2);
    CHECK(hasMessage(load(R"({"runs": {"0": {}}})", s), "runs: expected an array"));

    msgs = load(R"({"runs": [5, {"visible": false}, null]})", s);
    CHECK(hasMessage(msgs, "runs[0]: expected an object, got a number"));
    CHECK(hasMessage(msgs, "runs[2]: expected an object, got null"));
    REQUIRE(s.runs.size() == 2);  // runs[0] kept as it was; nothing added for runs[2]
    CHECK(s.runs[0].visible);
    CHECK_FALSE(s.runs[1].visible);
}

TEST_CASE("applyScenario: unknown keys are named, state() keys pass silently") {
    Scenario s = basic();
    const Scenario before = s;
    auto msgs = load(R"({"colour": 1, "runs": [{"speed": 2, "step": 40, "w": [1, 2], "loss": null,
                         "gradNorm": 0.5, "diverged": true, "divergedAt": 3, "status": "x"}],
                         "selected": 0})",
                     s);
    CHECK(msgs == std::vector<std::string>{"runs[0].speed: unknown key", "colour: unknown key"});
    CHECK(hasMessage(load(R"({"running": 1})", s), "running: expected true or false"));
    CHECK(s.running == before.running);
    REQUIRE(s.runs.size() == 1);
    CHECK(sameRun(s.runs[0], before.runs[0]));
    // a long or odd key is escaped and cut short in the message
    msgs = load("{\"" + std::string(100, 'k') + "\\n\": 1}", s);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0] == std::string(40, 'k') + "...: unknown key");
    // not an object at all: nothing changes
    for (const char* text : {"[]", "1", "\"yarotsky\"", "null"}) {
        CHECK(applyScenario(parsedScenario(text), s) == std::vector<std::string>{"scenario: expected a JSON object"});
    }
    CHECK(s.landscape == before.landscape);
}

TEST_CASE("scenarioJson reads back into the same scenario") {
    Scenario s;
    REQUIRE(load(R"({"landscape": {"name": "ill-conditioned", "params": {"theta": -12.3456789012345}},
                     "running": true,
                     "runs": [{"optimizer": "momentum", "hyper": {"lr": 0.1234567890123, "dampening": 0.3},
                               "start": [0.1, -1e-300]},
                              {"optimizer": "adam", "hyper": {"eps": 1e-12}, "visible": false},
                              {"optimizer": "gd", "start": [-1e6, 1e6]}]})",
                 s)
                .empty());
    const std::string text = scenarioJson(s);
    CHECK(text.find("\"beta1\"") != std::string::npos);  // adam's
    CHECK(text.find("\"selected\"") == std::string::npos);
    const JsonValue v = parsedScenario(text);
    REQUIRE(v.find("runs"));
    CHECK(v.find("runs")->array[2].find("hyper")->object.size() == 2);  // gd: lr, weight-decay only

    Scenario t;  // a different starting point, so every field has to come from the JSON
    load(R"({"landscape": "product", "runs": [{"optimizer": "adam"}]})", t);
    CHECK(applyScenario(v, t).empty());
    CHECK(t.landscape == s.landscape);
    CHECK(t.params == s.params);
    CHECK(t.running == s.running);
    REQUIRE(t.runs.size() == s.runs.size());
    for (size_t k = 0; k < s.runs.size(); ++k) CHECK(sameRun(t.runs[k], s.runs[k]));
    CHECK(scenarioJson(t) == text);
    // the JSON form starts with the landscape, as state() does
    CHECK(text.rfind(R"({"landscape": {"name": "ill-conditioned", "params": {"alpha1": 1, )", 0) == 0);
}

TEST_CASE("applyScenario: schedule, noise, batch and seed per run, and the new optimizers") {
    Scenario s = basic();
    auto msgs = load(R"({"landscape": "linear-regression",
                         "runs": [{"optimizer": "rmsprop", "hyper": {"centered": 1, "alpha": 0.9},
                                   "schedule": "cosine:period=200,min=0.001,warmup=10", "noise": 0.25,
                                   "batch": 8, "seed": 4294967295},
                                  {"optimizer": "perturbed-gd", "hyper": {"every": 7, "radius": 0.5}}]})",
                     s);
    CHECK(msgs.empty());
    CHECK(s.landscape == "linear-regression");
    CHECK(s.params.at("n") == 40);
    REQUIRE(s.runs.size() == 2);
    const RunSpec& r = s.runs[0];
    CHECK(r.optimizer == OptimizerKind::RMSprop);
    CHECK(r.hyper.centered == 1);
    CHECK(r.hyper.alpha == 0.9);
    CHECK(r.hyper.momentum == 0);  // rmsprop's torch default
    CHECK(scheduleSpec(r.schedule) == "cosine:period=200,min=0.001,warmup=10");
    CHECK(r.noise == 0.25);
    CHECK(r.batch == 8);
    CHECK(r.seed == 4294967295ULL);
    const RunConfig c = r.config();
    CHECK(c.optimizer == r.optimizer);
    CHECK(c.batch == 8);
    CHECK(c.seed == r.seed);
    CHECK(c.schedule.warmup == 10);
    CHECK(s.runs[1].hyper.every == 7);
    CHECK(s.runs[1].batch == 8);  // a new run starts as a copy of the one before

    msgs = load(R"({"runs": [{"schedule": "step:every=0", "noise": -1, "batch": 2.5, "seed": "x",
                              "hyper": {"centered": 0.5}},
                             {"schedule": 3, "hyper": {"every": 0}}]})",
                s);
    CHECK(hasMessage(msgs, "runs[0].schedule: every = 0 is out of range; every must be a whole number"));
    CHECK(hasMessage(msgs, "runs[0].noise: -1 is out of range (must be in [0, 100])"));
    CHECK(hasMessage(msgs, "runs[0].batch: 2.5 is out of range (must be a whole number in [0, 100000])"));
    CHECK(hasMessage(msgs, "runs[0].seed: expected a number, got a string"));
    CHECK(hasMessage(msgs, "runs[0].hyper.centered: 0.5 is out of range (must be 0 or 1)"));
    CHECK(hasMessage(msgs, "runs[1].schedule: expected a string"));
    CHECK(hasMessage(msgs, "runs[1].hyper.every: 0 is out of range"));
    CHECK(msgs.size() == 7);
    CHECK(s.runs[0].noise == 0.25);  // all left as they were
    CHECK(s.runs[0].batch == 8);
    CHECK(scheduleSpec(s.runs[0].schedule) == "cosine:period=200,min=0.001,warmup=10");

    // the JSON form carries them and reads back
    const std::string text = scenarioJson(s);
    CHECK(text.find(R"("schedule": "cosine:period=200,min=0.001,warmup=10", "noise": 0.25, "batch": 8, )"
                    R"("seed": 4294967295)") != std::string::npos);
    CHECK(text.find(R"("schedule": "constant")") == std::string::npos);
    Scenario t;
    CHECK(applyScenario(parsedScenario(text), t).empty());
    REQUIRE(t.runs.size() == 2);
    for (size_t k = 0; k < 2; ++k) CHECK(sameRun(t.runs[k], s.runs[k]));
    CHECK(scenarioJson(t) == text);
    // a plain run writes the defaults
    CHECK(scenarioJson(basic()).find(R"("schedule": "constant", "noise": 0, "batch": 0, "seed": 1)") !=
          std::string::npos);
}

TEST_SUITE_END();

TEST_CASE("applyScenario: a custom formula, its parameters and its round trip") {
    Scenario s = basic();
    auto msgs = load(R"({"landscape": {"name": "formula", "formula": "a*w1^2 + b*w2^2", "params": {"a": 50}}})", s);
    CHECK(msgs.empty());
    CHECK(s.landscape == "formula");
    CHECK(s.formula == "a*w1^2 + b*w2^2");
    CHECK(s.params == std::map<std::string, double>{{"a", 50.0}, {"b", 1.0}});  // b: the default 1

    // The landscape it names: the value 50 is outside the default range [-10, 10], which widens.
    auto l = makeScenarioLandscape(s);
    REQUIRE(l);
    CHECK(l->name() == "formula");
    CHECK(l->value(Vec2(1, 2)) == doctest::Approx(54.0));
    CHECK(l->info().params[0].max >= 50.0);

    // JSON round trip: the formula and its parameters, in the formula's order, come back.
    const std::string text = scenarioJson(s);
    CHECK(text.rfind(R"({"landscape": {"name": "formula", "formula": "a*w1^2 + b*w2^2", "params": {"a": 50, "b": 1}})", 0) == 0);
    Scenario t;
    load(R"({"landscape": "rosenbrock"})", t);
    CHECK(applyScenario(parsedScenario(text), t).empty());
    CHECK(t.landscape == "formula");
    CHECK(t.formula == s.formula);
    CHECK(t.params == s.params);
    CHECK(scenarioJson(t) == text);

    // A new formula keeps the values of the parameters it shares with the old one.
    CHECK(load(R"({"landscape": {"formula": "a*w1^2 + c*w2^4"}})", s).empty());
    CHECK(s.params == std::map<std::string, double>{{"a", 50.0}, {"c", 1.0}});
    // Parameter values: any finite number within ±1e6.
    msgs = load(R"({"landscape": {"params": {"c": 2e6, "a": -3}}})", s);
    REQUIRE(msgs.size() == 1);
    CHECK(hasMessage(msgs, "landscape.params.c: 2e+06 is out of range"));
    CHECK(s.params.at("a") == -3.0);

    // Back to a preset: the formula is dropped, the preset's parameters return.
    CHECK(load(R"({"landscape": "yarotsky"})", s).empty());
    CHECK(s.formula.empty());
    CHECK(s.params == std::map<std::string, double>{{"eps", 0.1}});
    CHECK(scenarioJson(s).find("\"formula\"") == std::string::npos);
}

TEST_CASE("applyScenario: a malformed formula is reported with its column and changes nothing") {
    Scenario s = basic();
    load(R"({"landscape": {"params": {"eps": 0.3}}})", s);
    const std::string before = scenarioJson(s);
    auto msgs = load(R"({"landscape": {"name": "formula", "formula": "w1^2 + * w2", "params": {"a": 1}}})", s);
    REQUIRE(msgs.size() == 2);
    CHECK(hasMessage(msgs, "landscape.formula: column 8: "));
    CHECK(msgs[0].find("kept the previous landscape") != std::string::npos);
    CHECK(hasMessage(msgs, "landscape.params: ignored with the formula"));
    CHECK(scenarioJson(s) == before);  // still yarotsky with eps = 0.3

    CHECK(hasMessage(load(R"({"landscape": {"formula": 3}})", s), "landscape.formula: expected a string"));
    CHECK(hasMessage(load(R"({"landscape": {"name": "saddle", "formula": "w1^2"}})", s),
                     "landscape.formula: only the landscape named \"formula\" takes a formula"));
    CHECK(s.landscape == "saddle");  // the name alone still applies
    CHECK(hasMessage(load(R"({"landscape": "formula"})", s), "landscape.name: the landscape \"formula\" needs"));
    CHECK(s.landscape == "saddle");
    CHECK(hasMessage(load(R"({"landscape": {"formula": "log(w1) +"}})", s), "landscape.formula: column "));
    CHECK(s.landscape == "saddle");
}

TEST_CASE("applyScenario: data presets, overlays and view") {
    // Every preset name the menu offers, the data presets last, opens by name.
    const auto& names = allPresetNames();
    CHECK(names.size() == presetNames().size() + dataPresetNames().size());
    CHECK(names.back() == dataPresetNames().back());
    for (const std::string& n : names) {
        Scenario x = basic();
        INFO(n);
        CHECK(load(R"({"landscape": ")" + n + R"("})", x).empty());
        REQUIRE(makeScenarioLandscape(x));
        CHECK(makeScenarioLandscape(x)->name() == n);
    }
    Scenario s = basic();
    CHECK(load(R"({"landscape": "linear-regression"})", s).empty());
    CHECK(s.landscape == "linear-regression");
    CHECK(s.params.count("n") == 1);
    REQUIRE(makeScenarioLandscape(s));
    CHECK(makeScenarioLandscape(s)->sampleCount() == 40);

    CHECK(load(R"({"overlays": {"basins": true, "eigen": false}, "view": "split"})", s).empty());
    CHECK(s.overlays.basins);
    CHECK_FALSE(s.overlays.eigen);
    CHECK(s.overlays.stationary);  // not mentioned: unchanged
    CHECK(s.view == "split");
    auto msgs = load(R"({"overlays": {"flow": 1, "glow": true}, "view": "top"})", s);
    REQUIRE(msgs.size() == 3);
    CHECK(hasMessage(msgs, "overlays.flow: expected true or false"));
    CHECK(hasMessage(msgs, "overlays.glow: unknown layer"));
    CHECK(hasMessage(msgs, "view: expected \"map\", \"3d\" or \"split\", got 'top'"));
    CHECK(s.view == "split");
    CHECK_FALSE(s.overlays.flow);
    CHECK(hasMessage(load(R"({"overlays": []})", s), "overlays: expected an object"));

    Scenario t;
    CHECK(applyScenario(parsedScenario(scenarioJson(s)), t).empty());
    CHECK(t.overlays.basins);
    CHECK_FALSE(t.overlays.eigen);
    CHECK(t.view == "split");
    CHECK(scenarioJson(t) == scenarioJson(s));
}

TEST_CASE("applyScenario: what state() reports besides the scenario is accepted back silently") {
    Scenario s;
    const std::string formula = makePreset("rosenbrock")->info().formula;
    auto ignored = applyScenario(parsedScenario(R"({"landscape": {"name": "rosenbrock", "title": "Banana", "compiled": false, "formula": ")" +
                                        formula + R"("}, "theme": "projector", "mapView": {"center": [0, 0]},
                                        "layers": {}, "notice": "", "lesson": null, "formula": {"text": "w1"}})"),
                                 s);
    CHECK(ignored.empty());
    CHECK(s.landscape == "rosenbrock");
    // a different formula with a preset's name is still reported
    ignored = applyScenario(parsedScenario(R"({"landscape": {"name": "rosenbrock", "formula": "w1^2"}})"), s);
    REQUIRE(ignored.size() == 1);
    CHECK(ignored[0].find("only the landscape named \"formula\" takes a formula") != std::string::npos);
}

TEST_CASE("applyScenario: a network's window (slice, line, connection) reads back; malformed ones are ignored with a note") {
    const std::string net = R"("mode": "network", "network": {"dataset": "two-moons", "n": 80, "arch": "2-6-1"}, "runs": [{}, {}])";
    Scenario s;
    REQUIRE(load("{" + net + R"(, "window": {"kind": "slice", "run": 1, "step": 40, "directions": "random",
                                   "normalize": "layer", "seed": 3, "range": 0.5}})", s).empty());
    CHECK(s.window.kind == "slice");
    CHECK(s.window.run == 1);
    CHECK(s.window.step == 40);
    CHECK(s.window.slice.directions == nets::SliceDirections::Random);
    CHECK(s.window.slice.normalize == nets::Normalize::Layer);
    CHECK(s.window.slice.seed == 3);
    CHECK(s.window.slice.range == 0.5);
    // the round trip: the same window, the same text
    std::string text = scenarioJson(s);
    CHECK(text.find(R"("window": {"kind": "slice", "run": 1, "step": 40, "directions": "random", "normalize": "layer", "seed": 3, "range": 0.5})") != std::string::npos);
    Scenario t;
    CHECK(applyScenario(parsedScenario(text), t).empty());
    CHECK(scenarioJson(t) == text);
    for (const char* w : {R"({"kind": "line", "run": 0, "step": 30, "range": [-0.5, 1.5]})",
                          R"({"kind": "connect", "run": 0, "step": 30, "seedB": 5, "bendSteps": 50})",
                          R"({"kind": "slice", "run": 0, "step": 30, "directions": "connect", "seedB": 5, "bendSteps": 50})",
                          R"({"kind": "slice", "run": 0, "step": 30, "directions": "pca"})"}) {
        CAPTURE(w);
        Scenario u;
        REQUIRE(load("{" + net + R"(, "window": )" + w + "}", u).empty());
        text = scenarioJson(u);
        CHECK(text.find(std::string(R"("window": )") + w) != std::string::npos);
        Scenario v;
        CHECK(applyScenario(parsedScenario(text), v).empty());
        CHECK(scenarioJson(v) == text);
    }
    Scenario line;
    load("{" + net + R"(, "window": {"kind": "line", "step": 30, "range": [-0.5, 1.5]}})", line);
    CHECK(line.window.tmin == -0.5);
    CHECK(line.window.tmax == 1.5);
    // old links (no window) open none, and write none
    Scenario old;
    REQUIRE(load("{" + net + "}", old).empty());
    CHECK(old.window.kind.empty());
    CHECK(scenarioJson(old).find("window") == std::string::npos);
    // a window is not carried over to a JSON without one; null closes it
    Scenario carried = s;
    CHECK(load(R"({"view": "split"})", carried).empty());
    CHECK(carried.window.kind.empty());
    carried = s;
    CHECK(load(R"({"window": null})", carried).empty());
    CHECK(carried.window.kind.empty());
    // malformed: ignored with a note, no window, the rest of the scenario applies
    const std::pair<const char*, const char*> bad[] = {
        {R"("slice")", "window: expected an object"},
        {R"({"kind": "sideways"})", "window.kind: expected \"slice\", \"line\" or \"connect\""},
        {R"({"kind": "slice", "step": -1})", "window.step: expected a whole number in [0, 20000]"},
        {R"({"kind": "slice", "step": 2.5})", "window.step: expected a whole number"},
        {R"({"kind": "slice", "run": 9})", "window.run: expected a whole number in [0, 7]"},
        {R"({"kind": "slice", "directions": "diagonal"})", "window.directions: expected"},
        {R"({"kind": "slice", "normalize": 1})", "window.normalize: expected"},
        {R"({"kind": "slice", "range": 0})", "window.range: expected a number in (0, 100]"},
        {R"({"kind": "line", "range": [1, 0]})", "window.range: expected [tmin, tmax]"},
        {R"({"kind": "line", "seed": 2})", "window.seed: unknown key for a line window"},
        {R"({"kind": "connect", "bendSteps": 0})", "window.bendSteps: expected a whole number in [1, 100000]"},
    };
    for (const auto& item : bad) {
        const char* w = item.first;
        const char* message = item.second;
        CAPTURE(w);
        Scenario u;
        const auto msgs = load("{" + net + R"(, "view": "split", "window": )" + w + "}", u);
        REQUIRE(msgs.size() == 1);
        CHECK(hasMessage(msgs, message));
        CHECK(msgs[0].find("no window opened") != std::string::npos);
        CHECK(u.window.kind.empty());
        CHECK(u.view == "split");
        CHECK(u.mode == "network");
    }
}
