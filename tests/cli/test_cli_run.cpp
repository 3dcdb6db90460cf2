// Tests for `optiscape run` beyond the foundation (src/cli/run_command.cpp): every optimizer and
// its flags with torch's names, switches, --schedule and the lr column, noise, minibatches and
// seeds on the data landscapes, Newton's stop (exit 3), and bad values (exit 2, naming the range).
#include <doctest/doctest.h>


#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "core/data_landscape.h"
#include "core/params.h"
#include "core/run.h"

using namespace optiscape;

namespace {

using Result = testing::CliResult;
using testing::lines;
using testing::split;

Result cli(const std::vector<std::string>& args) { return testing::runCli({"run"}, args); }

/// The CSV rows a core Run with `cfg` on `l` gives for `steps` steps.
void checkSameAsCore(const Result& r, const Landscape& l, const RunConfig& cfg, int steps) {
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == static_cast<size_t>(steps) + 2);
    CHECK(ls[0] == "step,w1,w2,loss,grad_norm,lr");
    Run run(cfg);
    run.reset(l);
    run.advance(l, steps);
    REQUIRE(run.steps() == steps);
    for (int k = 0; k <= steps; ++k) {
        const auto c = split(ls[static_cast<size_t>(k) + 1], ',');
        REQUIRE(c.size() == 6);
        const TrajectoryPoint& p = run.trajectory()[static_cast<size_t>(k)];
        CAPTURE(k);
        CHECK(c[0] == std::to_string(k));
        CHECK(c[1] == formatFull(p.w[0]));
        CHECK(c[2] == formatFull(p.w[1]));
        CHECK(c[3] == formatFull(p.loss));
        CHECK(c[4] == formatFull(p.gradNorm));
        CHECK(c[5] == formatFull(p.lr));
    }
}

void checkUsageError(const std::vector<std::string>& args, const std::string& expected) {
    testing::checkUsageError(cli(args), args, expected);
}

}  // namespace

TEST_CASE("run: every optimizer with its torch-named flags gives the core's trajectory") {
    const auto l = makePreset("yarotsky");
    struct Case {
        std::vector<std::string> flags;
        OptimizerKind kind;
        std::vector<std::pair<std::string, double>> hyper;
    };
    const std::vector<Case> cases = {
        {{"--optimizer", "adagrad", "--lr", "0.2", "--lr-decay", "0.01", "--eps", "1e-9"},
         OptimizerKind::Adagrad, {{"lr", 0.2}, {"lr-decay", 0.01}, {"eps", 1e-9}}},
        {{"--optimizer", "rmsprop", "--lr", "0.01", "--alpha", "0.9", "--momentum", "0.5", "--centered"},
         OptimizerKind::RMSprop, {{"lr", 0.01}, {"alpha", 0.9}, {"momentum", 0.5}, {"centered", 1}}},
        {{"--optimizer", "rmsprop", "--centered=false", "--weight-decay", "0.1"}, OptimizerKind::RMSprop,
         {{"weight-decay", 0.1}}},
        {{"--optimizer", "amsgrad", "--lr", "0.05", "--beta1", "0.8"}, OptimizerKind::AMSGrad,
         {{"lr", 0.05}, {"beta1", 0.8}}},
        {{"--optimizer", "adam", "--amsgrad", "--lr", "0.05", "--beta1", "0.8"}, OptimizerKind::AMSGrad,
         {{"lr", 0.05}, {"beta1", 0.8}}},
        {{"--optimizer", "adamw", "--lr", "0.05", "--weight-decay", "0.2"}, OptimizerKind::AdamW,
         {{"lr", 0.05}, {"weight-decay", 0.2}}},
        {{"--optimizer", "momentum", "--nesterov", "--lr", "0.02", "--momentum", "0.7"},
         OptimizerKind::Nesterov, {{"lr", 0.02}, {"momentum", 0.7}}},
        {{"--optimizer", "nesterov", "--nesterov=true", "--lr", "0.02"}, OptimizerKind::Nesterov, {{"lr", 0.02}}},
        {{"--optimizer", "newton", "--lr", "0.5", "--damping", "3"}, OptimizerKind::Newton,
         {{"lr", 0.5}, {"damping", 3}}},
        {{"--optimizer", "perturbed-gd", "--lr", "0.05", "--radius", "0.2", "--threshold", "0.5",
          "--every", "5", "--seed", "9"},
         OptimizerKind::PerturbedGD, {{"lr", 0.05}, {"radius", 0.2}, {"threshold", 0.5}, {"every", 5}}},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args = {"--landscape", "yarotsky", "--start", "-1.7,1.6", "--steps", "30"};
        args.insert(args.end(), c.flags.begin(), c.flags.end());
        std::string joined;
        for (const auto& a : c.flags) joined += a + " ";
        CAPTURE(joined);
        RunConfig cfg;
        cfg.optimizer = c.kind;
        cfg.hyper = defaultsFor(c.kind);
        for (const auto& kv : c.hyper) cfg.hyper.*(findHyper(kv.first)->field) = kv.second;
        cfg.start = Vec2(-1.7, 1.6);
        if (c.kind == OptimizerKind::PerturbedGD) cfg.seed = 9;
        checkSameAsCore(cli(args), *l, cfg, 30);
    }
}

TEST_CASE("run --schedule: the lr column holds the rate of the next step") {
    const auto l = makePreset("ill-conditioned");
    const Result r = cli({"--landscape", "ill-conditioned", "--optimizer", "gd", "--lr", "0.4", "--schedule",
                          "step:every=10,gamma=0.5", "--start", "-1.8,1.2", "--steps", "25"});
    RunConfig cfg;
    cfg.hyper.lr = 0.4;
    cfg.start = Vec2(-1.8, 1.2);
    cfg.schedule = *parseSchedule("step:every=10,gamma=0.5");
    checkSameAsCore(r, *l, cfg, 25);
    const auto ls = lines(r.out);
    CHECK(split(ls[1], ',')[5] == "0.40000000000000002");   // row 0: the first step's rate
    CHECK(split(ls[10], ',')[5] == "0.40000000000000002");  // row 9: step 10 still uses 0.4
    CHECK(split(ls[11], ',')[5] == "0.20000000000000001");  // row 10: step 11 uses 0.2
    CHECK(split(ls[26], ',')[5] == "0.10000000000000001");  // the last row: the rate of step 26

    for (const char* spec : {"cosine:period=200,min=0.001", "cyclical:low=0.001,high=0.1,period=80",
                             "exponential:gamma=0.99", "warmup:steps=10", "cosine:period=20,min=0,warmup=5"}) {
        CAPTURE(spec);
        RunConfig c = cfg;
        c.schedule = *parseSchedule(spec);
        checkSameAsCore(cli({"--landscape", "ill-conditioned", "--optimizer", "gd", "--lr", "0.4", "--schedule",
                             spec, "--start", "-1.8,1.2", "--steps", "12"}),
                        *l, c, 12);
    }
}

TEST_CASE("run on data: minibatches, noise and seeds replay; batch needs data") {
    const std::vector<std::string> base = {"--landscape", "linear-regression", "--param", "n=30",
                                           "--param", "seed=4", "--optimizer", "momentum", "--lr", "0.05",
                                           "--start", "-1,2.5", "--steps", "40", "--batch", "4",
                                           "--noise", "0.2"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    const Result a = cli(with({"--seed", "5"}));
    const Result b = cli(with({"--seed", "5"}));
    const Result c = cli(with({"--seed", "6"}));
    CHECK(a.status == 0);
    CHECK(a.out == b.out);
    CHECK(a.out != c.out);
    const auto l = makeDataLandscape("linear-regression", 30, 4);
    RunConfig cfg;
    cfg.optimizer = OptimizerKind::Momentum;
    cfg.hyper = defaultsFor(OptimizerKind::Momentum);
    cfg.hyper.lr = 0.05;
    cfg.start = Vec2(-1, 2.5);
    cfg.batch = 4;
    cfg.noise = 0.2;
    cfg.seed = 5;
    checkSameAsCore(a, *l, cfg, 40);
    // the default seed is 1
    cfg.seed = 1;
    checkSameAsCore(cli(base), *l, cfg, 40);
    // two-layer-data, online
    const auto t = makeDataPreset("two-layer-data");
    RunConfig online;
    online.hyper.lr = 0.05;
    online.start = Vec2(1.5, -1.3);
    online.batch = 1;
    checkSameAsCore(cli({"--landscape", "two-layer-data", "--optimizer", "gd", "--lr", "0.05", "--batch", "1",
                         "--start", "1.5,-1.3", "--steps", "20"}),
                    *t, online, 20);

    checkUsageError({"--landscape", "rosenbrock", "--optimizer", "gd", "--batch", "4", "--start", "0,0",
                     "--steps", "3"},
                    "--batch needs a landscape defined by data; 'rosenbrock' has no samples (data "
                    "landscapes: linear-regression, two-layer-data)");
    checkUsageError(with({"--batch", "2"}), "--batch given twice");
    checkUsageError({"--landscape", "linear-regression", "--param", "n=1", "--optimizer", "gd", "--start",
                     "0,0", "--steps", "3"},
                    "n = 1 is out of range; n must be a whole number in [2, 1000]");
    checkUsageError({"--landscape", "linear-regression", "--param", "q=1", "--optimizer", "gd", "--start",
                     "0,0", "--steps", "3"},
                    "unknown parameter 'q' for 'linear-regression'; parameters: n, sigma, a, b, seed");
    // noise works on any landscape
    CHECK(cli({"--landscape", "saddle", "--optimizer", "adam", "--noise", "0.5", "--start", "1,1", "--steps",
               "3"})
              .status == 0);
}

TEST_CASE("run: newton stops where H + damping·I is not positive definite (exit 3)") {
    const Result r = cli({"--landscape", "saddle", "--optimizer", "newton", "--start", "-1.5,0.05", "--steps",
                          "10"});
    CHECK(r.status == 3);
    CHECK(lines(r.out).size() == 2);  // header and step 0
    CHECK(r.err.rfind("Newton: H + damping·I is not positive definite at step 1 (λmin = -2); raise the "
                      "damping above 2 — ",
                      0) == 0);
    CHECK(lines(r.err).size() == 1);
    CHECK(cli({"--landscape", "saddle", "--optimizer", "newton", "--damping", "2.5", "--start", "-1.5,0.05",
               "--steps", "10"})
              .status == 0);
}

TEST_CASE("run: bad settings exit 2 and name what is allowed") {
    const std::vector<std::string> gd = {"--landscape", "yarotsky", "--start", "1,1", "--steps", "3"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = gd;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    checkUsageError(with({"--optimizer", "gd", "--centered"}),
                    "--centered is not a setting of 'gd'; its settings: --lr, --weight-decay");
    checkUsageError(with({"--optimizer", "rmsprop", "--centered", "true"}),
                    "--centered takes no value; write --centered to switch it on, or --centered=false");
    checkUsageError(with({"--optimizer", "rmsprop", "--centered=yes"}), "--centered=yes is not a switch value");
    checkUsageError(with({"--optimizer", "gd", "--nesterov"}),
                    "--nesterov is not a setting of 'gd'; it applies to 'momentum' (making it 'nesterov')");
    checkUsageError(with({"--optimizer", "rmsprop", "--amsgrad"}), "it applies to 'adam' (making it 'amsgrad')");
    checkUsageError(with({"--optimizer", "amsgrad", "--amsgrad=false"}),
                    "--amsgrad=false contradicts --optimizer amsgrad; use --optimizer adam");
    checkUsageError(with({"--optimizer", "momentum", "--nesterov", "--dampening", "0.1"}),
                    "--dampening is not a setting of 'nesterov'");
    checkUsageError(with({"--optimizer", "rmsprop", "--alpha", "1"}),
                    "--alpha 1 is out of range; alpha must be in [0, 0.9999]");
    checkUsageError(with({"--optimizer", "adagrad", "--lr-decay", "-0.1"}), "lr-decay must be in [0, 1]");
    checkUsageError(with({"--optimizer", "newton", "--damping", "abc"}), "--damping: 'abc' is not a number");
    checkUsageError(with({"--optimizer", "newton", "--momentum", "0.5"}), "--momentum is not a setting of 'newton'");
    checkUsageError(with({"--optimizer", "perturbed-gd", "--every", "2.5"}),
                    "--every 2.5 is out of range; every must be a whole number in [1, 100000]");
    checkUsageError(with({"--optimizer", "perturbed-gd", "--radius", "0"}), "radius must be in [1e-06, 10]");
    checkUsageError(with({"--optimizer", "gd", "--noise", "-1"}), "--noise -1 is out of range; noise must be in [0, 100]");
    checkUsageError(with({"--optimizer", "gd", "--seed", "-3"}),
                    "seed must be a whole number in [0, 4294967295]");
    checkUsageError(with({"--optimizer", "gd", "--seed", "1.5"}), "seed must be a whole number");
    checkUsageError(with({"--optimizer", "gd", "--schedule", "foo"}),
                    "--schedule 'foo': unknown schedule 'foo'; schedules: constant, step, exponential, cosine, "
                    "cyclical, warmup");
    checkUsageError(with({"--optimizer", "gd", "--schedule", "step:every=0"}),
                    "every must be a whole number in [1, 1000000]");
    checkUsageError(with({"--optimizer", "gd", "--schedule", "cyclical:low=0.5,high=0.1"}),
                    "cyclical needs low <= high");
    checkUsageError(with({"--optimizer", "gd", "--schedule"}), "--schedule needs a value");
}

TEST_CASE("run --help lists every optimizer, setting, schedule and run-level flag") {
    const Result r = cli({"--help"});
    CHECK(r.status == 0);
    for (const OptimizerInfo& o : optimizers()) CHECK(r.out.find("  " + o.name + "  ") != std::string::npos);
    for (const HyperSpec& h : hyperSpecs()) CHECK(r.out.find("--" + h.spec.name + " (") != std::string::npos);
    for (const char* s : {"--nesterov", "--amsgrad", "--schedule", "--noise", "--batch", "--seed", "warmup:steps=K",
                          "cosine", "cyclical", "step,w1,w2,loss,grad_norm,lr", "take no value"})
        CHECK(r.out.find(s) != std::string::npos);
}
