// Tests for `optiscape spurious`, `gradnorm`, `linear-critical` and `plateau` (src/cli/theory_command.cpp):
// the JSON keys and formats, the numbers against the core, help, and the bad-input paths.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "core/json.h"
#include "core/theory/deep_linear.h"
#include "core/theory/plateau.h"

using namespace optiscape;

namespace {

using testing::checkUsageError;
using testing::runCli;

JsonValue parsed(const testing::CliResult& r) {
    CAPTURE(r.err);
    REQUIRE(r.status == 0);
    std::string error;
    const auto v = parseJson(r.out, &error);
    CAPTURE(error);
    REQUIRE(v.has_value());
    return *v;
}

void usage(const std::string& command, const std::vector<std::string>& args, const std::string& expected) {
    checkUsageError(runCli({command}, args), args, expected);
}

}  // namespace

TEST_CASE("cli spurious: the object's keys in order, counts and fraction") {
    const auto r = runCli({"spurious"}, {"--k", "7", "--n", "7", "--runs", "40", "--seed", "3"});
    const JsonValue v = parsed(r);
    CHECK(r.out.rfind("{\"k\": 7, \"n\": 7, \"runs\": 40, \"local_minima\": ", 0) == 0);
    const size_t a = r.out.find("\"fraction\""), b = r.out.find("\"mean_min_eigenvalue\""),
                 c = r.out.find("\"mean_objective\""), d = r.out.find("\"not_converged\"");
    CHECK(a < b);
    CHECK(b < c);
    CHECK(c < d);
    CHECK(d != std::string::npos);
    const double count = v.find("local_minima")->number;
    CHECK(v.find("fraction")->number == doctest::Approx(count / 40));
    if (count > 0) {
        CHECK(v.find("mean_min_eigenvalue")->number > 0);
        CHECK(v.find("mean_objective")->number >= 1e-6);
    }
    // the same seed gives the same bytes
    CHECK(runCli({"spurious"}, {"--k", "7", "--n", "7", "--runs", "40", "--seed", "3"}).out == r.out);
}

TEST_CASE("cli spurious: k = n = 3 has no spurious minima: null means") {
    const auto r = runCli({"spurious"}, {"--k", "3", "--n", "3", "--runs", "20"});
    parsed(r);
    CHECK(r.out == "{\"k\": 3, \"n\": 3, \"runs\": 20, \"local_minima\": 0, \"fraction\": 0, "
                   "\"mean_min_eigenvalue\": null, \"mean_objective\": null, \"not_converged\": 0}\n");
}

TEST_CASE("cli gradnorm: keys, y_term exact, the mean below the bound") {
    const auto r = runCli({"gradnorm"}, {"--width", "4", "--depth", "3", "--sigma", "0.5", "--x-norm", "2",
                                         "--y-norm", "3", "--samples", "4000", "--layer", "2"});
    const JsonValue v = parsed(r);
    CHECK(r.out.rfind("{\"mean\": ", 0) == 0);
    CHECK(r.out.find("\"stderr\"") < r.out.find("\"bound\""));
    CHECK(r.out.find("\"bound\"") < r.out.find("\"y_term\""));
    CHECK(v.object.size() == 4);
    CHECK(v.find("y_term")->number == doctest::Approx(4.0 * 9.0 * 1.0 * 1.0).epsilon(1e-14));  // (σ²d)² = 1
    CHECK(v.find("mean")->number - 4 * v.find("stderr")->number <= v.find("bound")->number);
    CHECK(r.err.empty());
}

TEST_CASE("cli gradnorm: depth 1 matches the exact expectation") {
    const auto r = runCli({"gradnorm"}, {"--width", "3", "--depth", "1", "--sigma", "0.8", "--samples", "100000"});
    const JsonValue v = parsed(r);
    const double exact = theory::gradNormExactDepth1(3, 0.8, 1, 1);  // 1 + 0.64·3
    CHECK(exact == doctest::Approx(2.92));
    CHECK(std::abs(v.find("mean")->number - exact) < 4 * v.find("stderr")->number);
}

TEST_CASE("cli gradnorm: overflow prints null, the log10 values and a note, never nan") {
    const auto r = runCli({"gradnorm"}, {"--width", "8", "--depth", "2000", "--sigma", "1", "--samples", "3"});
    const JsonValue v = parsed(r);
    CHECK(r.out.find("nan") == std::string::npos);
    CHECK(v.find("bound")->type == JsonValue::Type::Null);
    CHECK(v.find("log10_bound")->number > 308);
    CHECK(v.find("overflow")->boolean);
    CHECK(r.err.find("overflow") != std::string::npos);
}

TEST_CASE("cli linear-critical: every subset, one minimum first, saddles with negative eigenvalues") {
    const auto r = runCli({"linear-critical"}, {"--dataset", "linear:d=5,n=100,seed=2", "--hidden", "2"});
    const JsonValue v = parsed(r);
    REQUIRE(v.array.size() == 10);
    CHECK(r.out.rfind("[{\"subset\": [0, 1], \"loss\": ", 0) == 0);
    CHECK(testing::lines(r.out).size() == 10);
    int minima = 0;
    for (const JsonValue& p : v.array) {
        const std::string type = p.find("type")->string;
        const double neg = p.find("negative_eigenvalues")->number;
        CHECK(p.find("subset")->array.size() == 2);
        if (type == "minimum") {
            ++minima;
            CHECK(neg == 0);
            CHECK(p.find("subset")->array[1].number == 1);
        } else {
            CHECK(type == "saddle");
            CHECK(neg >= 1);
            CHECK(p.find("loss")->number > v.array[0].find("loss")->number);
        }
    }
    CHECK(minima == 1);
}

TEST_CASE("cli linear-critical: a CSV file with x1..xd,y1..yd") {
    const std::string path = "/tmp/optiscape_test_linear_" + std::to_string(getpid()) + ".csv";
    {
        std::ofstream f(path);
        f << "x1,x2,x3,y1,y2,y3\n";
        const double rows[6][6] = {{1, 0, 0, 2, 0.1, 0}, {0, 1, 0, 0.3, 1, 0.2}, {0, 0, 1, 0, 0.1, 0.5},
                                   {1, 1, 0, 2.2, 1.1, 0.3}, {0, 1, 1, 0.2, 1.2, 0.6}, {1, 0, 1, 2.1, 0.3, 0.4}};
        for (const auto& row : rows)
            for (int c = 0; c < 6; ++c) f << row[c] << (c == 5 ? "\n" : ",");
    }
    const JsonValue v = parsed(runCli({"linear-critical"}, {"--data", path, "--hidden", "1"}));
    CHECK(v.array.size() == 3);
    CHECK(v.array[0].find("type")->string == "minimum");
    checkUsageError(runCli({"linear-critical"}, {"--data", path, "--hidden", "3"}), {path}, "from 1 to 2");
    {
        std::ofstream f(path);
        f << "x1,x2,y1,y2\n1,2,1,2\n2,4,2,4\n3,6,3,6\n";  // x2 = 2 x1: Σ_xx singular
    }
    checkUsageError(runCli({"linear-critical"}, {"--data", path, "--hidden", "1"}), {path}, "singular");
    {
        std::ofstream f(path);
        f << "x1,x2,y1\n1,2,1\n2,4,2\n";
    }
    checkUsageError(runCli({"linear-critical"}, {"--data", path, "--hidden", "1"}), {path}, "2d columns");
    std::remove(path.c_str());
}

TEST_CASE("cli theory commands: help and bad input exit 2 with one line") {
    for (const char* c : {"spurious", "gradnorm", "linear-critical", "plateau"}) {
        const auto h = runCli({c}, {"--help"});
        CHECK(h.status == 0);
        CHECK(h.out.rfind(std::string("usage: optiscape ") + c, 0) == 0);
    }
    const auto top = runCli({"--help"}, {});
    for (const char* c : {"spurious", "gradnorm", "linear-critical", "plateau"}) CHECK(top.out.find(c) != std::string::npos);
    usage("spurious", {"--k", "6"}, "missing --n");
    usage("spurious", {"--k", "0", "--n", "3"}, "from 1 to 40");
    usage("spurious", {"--k", "6", "--n", "6", "--runs", "x"}, "whole number");
    usage("spurious", {"--k", "6", "--n", "6", "--foo", "1"}, "unknown option '--foo'");
    usage("spurious", {"--k"}, "needs a value");
    usage("gradnorm", {"--width", "4", "--depth", "2"}, "missing --sigma");
    usage("gradnorm", {"--width", "4", "--depth", "2", "--sigma", "0"}, "out of range");
    usage("gradnorm", {"--width", "4", "--depth", "2", "--sigma", "nan"}, "not a number");
    usage("gradnorm", {"--width", "4", "--depth", "2", "--sigma", "1", "--layer", "3"}, "from 1 to 2");
    usage("gradnorm", {"--width", "256", "--depth", "1000", "--sigma", "1", "--samples", "1000"}, "too much work");
    usage("gradnorm", {"--width", "4", "--depth", "2", "--sigma", "1", "--y-norm", "-1"}, "out of range");
    usage("linear-critical", {"--hidden", "1"}, "missing --data or --dataset");
    usage("linear-critical", {"--dataset", "linear", "--data", "x.csv", "--hidden", "1"}, "given together");
    usage("linear-critical", {"--dataset", "linear"}, "missing --hidden");
    usage("linear-critical", {"--dataset", "spiral", "--hidden", "1"}, "unknown data set");
    usage("linear-critical", {"--dataset", "linear:d=20", "--hidden", "1"}, "d out of range");
    usage("linear-critical", {"--data", "/nonexistent/file.csv", "--hidden", "1"}, "cannot read");
    usage("plateau", {"--lr", "0"}, "out of range");
    usage("plateau", {"--scales", "1e-3,abc"}, "not a number");
    usage("plateau", {"--scales", "1e-3,-2"}, "out of range");
    usage("plateau", {"--steps", "5"}, "from 10 to 1000000");
    usage("plateau", {"--momentum", "1"}, "out of range");
}

TEST_CASE("cli plateau: the runs' lengths are the core's, in scale-major order") {
    const auto r = runCli({"plateau"}, {"--scales", "1e-3,1e-2", "--steps", "300", "--seed", "2"});
    const JsonValue v = parsed(r);
    theory::PlateauSettings s;
    s.scales = {1e-3, 1e-2};
    s.maxSteps = 300;
    s.seed = 2;
    const theory::PlateauProblem p = theory::plateauProblem(s);
    CHECK(v.find("zero_loss")->number == doctest::Approx(p.zeroLoss).epsilon(1e-15));
    CHECK(v.find("escape_rate")->number == doctest::Approx(theory::plateauEscapeRate(p)).epsilon(1e-15));
    CHECK(v.find("steps_per_decade")->find("momentum")->number < v.find("steps_per_decade")->find("gd")->number);
    const auto& runs = v.find("runs")->array;
    REQUIRE(runs.size() == 6);
    for (size_t j = 0; j < runs.size(); ++j) {
        const auto o = static_cast<theory::PlateauOptimizer>(j % 3);
        const theory::PlateauRun run = theory::plateauRun(s, static_cast<int>(j / 3), o);
        CHECK(runs[j].find("optimizer")->string == theory::plateauOptimizerName(o));
        CHECK(runs[j].find("scale")->number == s.scales[j / 3]);
        CHECK(runs[j].find("length")->number == run.length);
        CHECK(runs[j].find("final_loss")->number == doctest::Approx(run.finalLoss).epsilon(1e-15));
    }
    CHECK(runs[0].find("length")->number > runs[3].find("length")->number);  // smaller start, longer plateau
}

TEST_CASE("cli gradnorm: a bound that underflows is flagged with its log10") {
    const auto r = runCli({"gradnorm"}, {"--width", "3", "--depth", "50", "--sigma", "1e-300", "--samples", "5"});
    const JsonValue v = parsed(r);
    CHECK(v.find("bound")->number == 0.0);
    CHECK(v.find("log10_bound")->number < -308);
    CHECK(!v.find("overflow")->boolean);
    CHECK(v.find("log10_y_term")->number < -308);
    CHECK(r.err.find("underflows") != std::string::npos);
}
