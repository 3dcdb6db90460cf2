// Tests for src/cli: the optiscape binary's exact output contract (list, eval JSON, run CSV), every
// bad-input path (exit 2, one line "optiscape: <wrong>; <allowed>"), divergence (exit 3) and help.
#include <doctest/doctest.h>


#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "core/data_landscape.h"
#include "core/landscape.h"
#include "core/params.h"
#include "core/run.h"

using namespace optiscape;

namespace {

using Result = testing::CliResult;
using testing::lines;
using testing::slurp;
using testing::split;

Result cli(const std::vector<std::string>& args) { return testing::runCli({}, args); }

/// The numbers of a JSON text, in order (the contract fixes the key order).
std::vector<double> jsonNumbers(const std::string& s) {
    std::vector<double> out;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i;
            while (j < s.size() && std::string("+-.eE0123456789").find(s[j]) != std::string::npos) ++j;
            out.push_back(*parseNumber(s.substr(i, j - i)));
            i = j;
        } else if (c == '"') {
            i = s.find('"', i + 1) + 1;
        } else {
            ++i;
        }
    }
    return out;
}

void checkUsageError(const std::vector<std::string>& args, const std::string& expected) {
    testing::checkUsageError(cli(args), args, expected);
}

}  // namespace

TEST_CASE("list: one preset per line, NAME<TAB>FORMULA") {
    const Result r = cli({"list"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == presetNames().size());
    for (size_t i = 0; i < ls.size(); ++i) {
        const auto cells = split(ls[i], '\t');
        REQUIRE(cells.size() == 2);
        CHECK(cells[0] == presetNames()[i]);
        CHECK(cells[1] == makePreset(cells[0])->info().formula);
    }
    CHECK(std::find(ls.begin(), ls.end(), "rosenbrock\t(1 - w1)^2 + 100*(w2 - w1^2)^2") != ls.end());
}

TEST_CASE("eval: the exact JSON text, and values worked by hand") {
    // Rosenbrock at (−1.2, 1): L = 24.2, ∇ = (−215.6, −88), H = [[1330, 480], [480, 200]]
    const Result r = cli({"eval", "--landscape", "rosenbrock", "--at", "-1.2,1"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const auto l = makePreset("rosenbrock");
    const Eval e = l->evaluate(Vec2(-1.2, 1));
    const std::string expected = "{\"value\": " + formatFull(e.value) + ", \"gradient\": [" +
                                 formatFull(e.gradient[0]) + ", " + formatFull(e.gradient[1]) +
                                 "], \"hessian\": [[" + formatFull(e.hessian(0, 0)) + ", " +
                                 formatFull(e.hessian(0, 1)) + "], [" + formatFull(e.hessian(1, 0)) +
                                 ", " + formatFull(e.hessian(1, 1)) + "]]}\n";
    CHECK(r.out == expected);
    const auto n = jsonNumbers(r.out);
    REQUIRE(n.size() == 7);
    const double hand[7] = {24.2, -215.6, -88, 1330, 480, 480, 200};
    for (int i = 0; i < 7; ++i) CHECK(n[i] == doctest::Approx(hand[i]).epsilon(1e-14));

    // two-layer-linear with x = 2, t = −1, λ = 0.5 at (1, 2): e = 2·1·2 + 1 = 5,
    // L = 25 + 0.5·5 = 27.5, ∇ = (2·2·5·2 + 1, 2·2·5·1 + 2) = (41, 22),
    // H = [[2·4·4 + 1, 2·2·(2·2·2 + 1)], [·, 2·4·1 + 1]] = [[33, 36], [36, 9]]
    const Result t = cli({"eval", "--landscape", "two-layer-linear", "--param", "x=2", "--param",
                          "t=-1", "--param=lambda=0.5", "--at=1,2"});
    CHECK(t.status == 0);
    const auto m = jsonNumbers(t.out);
    REQUIRE(m.size() == 7);
    const double hand2[7] = {27.5, 41, 22, 33, 36, 36, 9};
    for (int i = 0; i < 7; ++i) CHECK(m[i] == hand2[i]);
}

TEST_CASE("eval agrees with the core for every preset at many points") {
    uint32_t seed = 12345;
    const auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) / 16777216.0 * 4 - 2;
    };
    std::vector<std::string> names = presetNames();  // and the landscapes defined by data
    names.insert(names.end(), dataPresetNames().begin(), dataPresetNames().end());
    for (const std::string& name : names) {
        CAPTURE(name);
        auto l = makeAnyPreset(name);
        REQUIRE(l);
        std::vector<std::string> params;
        if (!l->info().params.empty()) {  // a non-default value of the first parameter
            const ParamSpec& p = l->info().params[0];
            double v = p.min + 0.37 * (p.max - p.min);
            if (p.isInteger) v = std::round(v);  // e.g. the sample count n of a data landscape
            REQUIRE(l->setParam(p.name, v).empty());
            params = {"--param", p.name + "=" + formatFull(v)};
        }
        for (int k = 0; k < 4; ++k) {
            const Vec2 w(next(), next());
            std::vector<std::string> args = {"eval", "--landscape", name, "--at",
                                             formatFull(w[0]) + "," + formatFull(w[1])};
            args.insert(args.end(), params.begin(), params.end());
            const Result r = cli(args);
            REQUIRE(r.status == 0);
            const auto n = jsonNumbers(r.out);
            REQUIRE(n.size() == 7);
            const Eval e = l->evaluate(w);
            CHECK(n[0] == e.value);
            CHECK(n[1] == e.gradient[0]);
            CHECK(n[2] == e.gradient[1]);
            CHECK(n[3] == e.hessian(0, 0));
            CHECK(n[4] == e.hessian(0, 1));
            CHECK(n[5] == e.hessian(1, 0));
            CHECK(n[6] == e.hessian(1, 1));
        }
    }
}

TEST_CASE("run: CSV header, one row per step, the core's numbers") {
    const Result r = cli({"run", "--landscape", "yarotsky", "--param", "eps=0.2", "--optimizer",
                          "momentum", "--lr", "0.02", "--momentum", "0.8", "--dampening", "0.1",
                          "--start", "-1.7,1.6", "--steps", "40"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == 42);
    CHECK(ls[0] == "step,w1,w2,loss,grad_norm,lr");
    auto l = makePreset("yarotsky");
    REQUIRE(l->setParam("eps", 0.2).empty());
    Hyper h = defaultsFor(OptimizerKind::Momentum);
    h.lr = 0.02;
    h.momentum = 0.8;
    h.dampening = 0.1;
    Run run(RunConfig{OptimizerKind::Momentum, h, Vec2(-1.7, 1.6)});
    run.reset(*l);
    run.advance(*l, 40);
    for (int k = 0; k <= 40; ++k) {
        const auto c = split(ls[k + 1], ',');
        REQUIRE(c.size() == 6);
        CHECK(c[0] == std::to_string(k));
        const TrajectoryPoint& p = run.trajectory()[k];
        CHECK(c[1] == formatFull(p.w[0]));
        CHECK(c[2] == formatFull(p.w[1]));
        CHECK(c[3] == formatFull(p.loss));
        CHECK(c[4] == formatFull(p.gradNorm));
        CHECK(c[5] == "0.02");  // the learning rate step k + 1 uses (a constant schedule)
    }
    const Result zero = cli({"run", "--landscape", "saddle", "--optimizer", "gd", "--start",
                             "1,2", "--steps", "0"});
    CHECK(zero.status == 0);
    CHECK(zero.out == "step,w1,w2,loss,grad_norm,lr\n0,1,2,-3,4.4721359549995796,0.01\n");
}

TEST_CASE("run reproduces PyTorch's Adam on Rosenbrock") {
    const std::string file = std::string(__FILE__);
    const std::string data = file.substr(0, file.rfind("/cli/")) + "/data/torch_adam_rosenbrock.csv";
    const auto ref = lines(slurp(data));
    REQUIRE(ref.size() == 52);
    const Result r = cli({"run", "--landscape", "rosenbrock", "--optimizer", "adam", "--lr", "0.02",
                          "--start", "-1.2,1", "--steps", "50"});
    REQUIRE(r.status == 0);
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == 52);
    for (size_t k = 1; k < ls.size(); ++k) {
        const auto a = split(ls[k], ','), b = split(ref[k], ',');
        for (int i = 1; i <= 3; ++i) {
            const double x = *parseNumber(a[i]), y = *parseNumber(b[i]);
            CHECK(std::abs(x - y) <= 1e-10 * std::abs(y) + 1e-13);
        }
    }
}

TEST_CASE("a diverged run: rows before the step, the message on stderr, exit 3") {
    // GD γ = 0.5 on w1² − w2² doubles w2 each step: 0.05·2^25 > 1e6 first at step 25
    const Result r = cli({"run", "--landscape", "saddle", "--optimizer", "gd", "--lr", "0.5",
                          "--start", "-1.5,0.05", "--steps", "100"});
    CHECK(r.status == 3);
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == 26);  // header and steps 0..24
    CHECK(split(ls.back(), ',')[0] == "24");
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.rfind("diverged at step 25", 0) == 0);

    // Rosenbrock with γ = 0.01: the hint names the stability limit 2/λmax
    const Result b = cli({"run", "--landscape", "rosenbrock", "--optimizer", "gd", "--lr", "0.01",
                          "--start", "-1.2,1", "--steps", "100"});
    CHECK(b.status == 3);
    CHECK(b.err.rfind("diverged at step ", 0) == 0);
    CHECK(b.err.find("is above 2/λmax") != std::string::npos);
    // a run that stops exactly at --steps is no divergence
    const Result ok = cli({"run", "--landscape", "saddle", "--optimizer", "gd", "--lr", "0.5",
                           "--start", "-1.5,0.05", "--steps", "24"});
    CHECK(ok.status == 0);
    CHECK(lines(ok.out).size() == 26);
}

TEST_CASE("help and usage") {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--help"}, {"-h"}, {"list", "--help"}, {"eval", "--help"},
          {"run", "-h"}, {"run", "--landscape", "foo", "--help"}}) {
        const Result r = cli(args);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.rfind("usage: optiscape", 0) == 0);
    }
    CHECK(cli({"run", "--help"}).out.find("--beta1") != std::string::npos);
    CHECK(cli({"eval", "--help"}).out.find("two-layer-linear") != std::string::npos);
    const Result none = cli({});
    CHECK(none.status == 2);
    CHECK(none.out.empty());
    CHECK(none.err.rfind("usage: optiscape", 0) == 0);
}

TEST_CASE("bad input: exit 2 and one line naming what is wrong and what is allowed") {
    const std::vector<std::string> run = {"run", "--landscape", "rosenbrock", "--optimizer", "gd",
                                          "--start", "-1.2,1", "--steps", "5"};
    const auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = run;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    checkUsageError({"frobnicate"}, "unknown command 'frobnicate'; commands: list, eval, run");
    checkUsageError({"list", "extra"}, "unexpected argument 'extra' for 'list'");
    checkUsageError({"eval", "--landscape", "foo", "--at", "1,2"},
                    "unknown landscape 'foo'; known: yarotsky, relu-kink, ill-conditioned, isotropic, "
                    "two-layer-linear, two-layer-tanh, saddle, monkey-saddle, product, local-global, "
                    "mexican-hat, plateau-cliff, rosenbrock, himmelblau, beale, rastrigin, "
                    "six-hump-camel, styblinski-tang, linear-regression, two-layer-data");
    checkUsageError({"eval", "--landscape", "yarotsky", "--param", "foo=1", "--at", "1,2"},
                    "unknown parameter 'foo' for 'yarotsky'; parameters: eps");
    checkUsageError({"eval", "--landscape", "rosenbrock", "--param", "eps=1", "--at", "1,2"},
                    "'rosenbrock' has no parameters");
    checkUsageError({"eval", "--landscape", "yarotsky", "--param", "eps", "--at", "1,2"},
                    "--param 'eps' is not NAME=VALUE");
    checkUsageError({"eval", "--landscape", "yarotsky", "--param", "eps=abc", "--at", "1,2"},
                    "'abc' is not a number");
    checkUsageError({"eval", "--landscape", "yarotsky", "--param", "eps=2", "--at", "1,2"},
                    "eps = 2 is out of range; eps must be in [0, 1]");
    checkUsageError({"eval", "--landscape", "yarotsky", "--param", "eps=0.1", "--param", "eps=0.2",
                     "--at", "1,2"},
                    "--param eps given twice");
    checkUsageError({"eval", "--landscape", "yarotsky", "--at", "1,2,3"}, "--at '1,2,3' is not a point");
    checkUsageError({"eval", "--landscape", "yarotsky", "--at", "1"}, "is not a point; give two numbers");
    checkUsageError({"eval", "--landscape", "yarotsky", "--at", "1e,2"}, "--at '1e,2' is not a point");
    checkUsageError({"eval", "--landscape", "yarotsky", "--at", "nan,2"}, "is not a point");
    checkUsageError({"eval", "--landscape", "yarotsky", "--at"}, "--at needs a value");
    checkUsageError({"eval", "--landscape", "yarotsky"}, "missing --at; 'eval' needs --landscape, --at");
    checkUsageError({"eval", "--at", "1,2"}, "missing --landscape");
    checkUsageError({"eval", "--landscape", "yarotsky", "--at", "1,2", "--lr", "0.1"},
                    "unknown option '--lr' for 'eval' (optimizer settings belong to 'run' and 'train')");
    checkUsageError({"eval", "stray"}, "unexpected argument 'stray' for 'eval'");
    checkUsageError({"run", "--optimizer", "gd", "--start", "1,2", "--steps", "5"},
                    "missing --landscape");
    checkUsageError({"run", "--landscape", "saddle", "--start", "1,2", "--steps", "5"},
                    "missing --optimizer");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "gd", "--steps", "5"},
                    "missing --start");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "gd", "--start", "1,2"},
                    "missing --steps");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "sgd", "--start", "1,2",
                     "--steps", "5"},
                    "unknown optimizer 'sgd'; known: gd, momentum, nesterov, adagrad, rmsprop, adam, "
                    "amsgrad, adamw, newton, perturbed-gd");
    checkUsageError(with({"--beta1", "0.9"}),
                    "--beta1 is not a setting of 'gd'; its settings: --lr, --weight-decay");
    checkUsageError(with({"--momentum", "0.9"}), "--momentum is not a setting of 'gd'");
    checkUsageError(with({"--lr", "1e"}), "--lr: '1e' is not a number");
    checkUsageError(with({"--lr", "abc"}), "--lr: 'abc' is not a number");
    checkUsageError(with({"--lr", "0"}), "--lr 0 is out of range; lr must be in [1e-06, 10]");
    checkUsageError(with({"--lr", "11"}), "lr must be in [1e-06, 10]");
    checkUsageError(with({"--lr", "inf"}), "is not a number");
    checkUsageError(with({"--weight-decay", "-1"}), "weight-decay must be in [0, 1]");
    checkUsageError(with({"--lr", "0.1", "--lr", "0.2"}), "--lr given twice");
    checkUsageError(with({"--lr"}), "--lr needs a value");
    checkUsageError(with({"--lr", "--steps", "3"}), "--lr needs a value");
    checkUsageError(with({"--foo", "1"}), "unknown option '--foo' for 'run'; options: --landscape");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "nesterov", "--momentum", "0",
                     "--start", "1,2", "--steps", "5"},
                    "invalid settings for 'nesterov'; nesterov needs momentum > 0");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "nesterov", "--dampening", "0.1",
                     "--start", "1,2", "--steps", "5"},
                    "--dampening is not a setting of 'nesterov'");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "adam", "--beta2", "1",
                     "--start", "1,2", "--steps", "5"},
                    "beta2 must be in [0, 0.99999]");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "adam", "--eps", "0",
                     "--start", "1,2", "--steps", "5"},
                    "eps must be in [1e-12, 1]");
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "gd", "--start", "1;2",
                     "--steps", "5"},
                    "--start '1;2' is not a point");
    for (const char* bad : {"-1", "5.5", "1e3", "abc", ""}) {
        checkUsageError({"run", "--landscape", "saddle", "--optimizer", "gd", "--start", "1,2",
                         "--steps", bad},
                        "is not a whole number; give a whole number from 0 to 10000000");
    }
    checkUsageError({"run", "--landscape", "saddle", "--optimizer", "gd", "--start", "1,2",
                     "--steps", "10000001"},
                    "--steps 10000001 is out of range");
}

TEST_CASE("settings an optimizer uses are accepted, in either flag form") {
    const Result r = cli({"run", "--landscape=ill-conditioned", "--param", "theta=0",
                          "--optimizer=adam", "--lr=0.05", "--beta1", "0.8", "--beta2=0.99",
                          "--eps", "1e-6", "--weight-decay", "0.01", "--start", "1,-1", "--steps",
                          "3"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(lines(r.out).size() == 5);
    const Result n = cli({"run", "--landscape", "product", "--optimizer", "nesterov", "--lr", "0.01",
                          "--momentum", "0.5", "--weight-decay", "0.1", "--start", "-1.6,0.2",
                          "--steps", "2"});
    CHECK(n.status == 0);
    CHECK(lines(n.out).size() == 4);
}
