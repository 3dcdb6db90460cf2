// Tests for the optiscape binary's formula paths: eval and run with --formula (the same JSON and
// CSV as presets), and every formula error (exit 2, one line "optiscape: ..." naming the column).
#include <doctest/doctest.h>


#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "core/formula/formula.h"
#include "core/landscape.h"
#include "core/params.h"

using namespace optiscape;

namespace {

using Result = testing::CliResult;
using testing::lines;
using testing::split;

Result cli(const std::vector<std::string>& args) { return testing::runCli({}, args); }

std::string evalJson(const Eval& e) {
    return "{\"value\": " + formatFull(e.value) + ", \"gradient\": [" + formatFull(e.gradient[0]) + ", " +
           formatFull(e.gradient[1]) + "], \"hessian\": [[" + formatFull(e.hessian(0, 0)) + ", " +
           formatFull(e.hessian(0, 1)) + "], [" + formatFull(e.hessian(1, 0)) + ", " +
           formatFull(e.hessian(1, 1)) + "]]}\n";
}

/// The numbers of a JSON or CSV line, in order (null counts as nothing).
std::vector<double> numbers(const std::string& s) {
    std::vector<double> out;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
            size_t j = i;
            while (j < s.size() && std::string("+-.eE0123456789").find(s[j]) != std::string::npos) ++j;
            out.push_back(*parseNumber(s.substr(i, j - i)));
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

void checkError(const std::vector<std::string>& args, const std::string& expected) {
    const Result r = cli(args);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.rfind("optiscape: ", 0) == 0);
    CHECK(r.err.find(expected) != std::string::npos);
}

}  // namespace

TEST_CASE("eval --formula: the same JSON as the preset, for every preset's formula") {
    const Result r = cli({"eval", "--formula", "(1 - w1)^2 + 100*(w2 - w1^2)^2", "--at", "-1.2,1"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    FormulaError err0;
    CHECK(r.out == evalJson(makeFormulaLandscape("(1 - w1)^2 + 100*(w2 - w1^2)^2", &err0)->evaluate(Vec2(-1.2, 1))));
    const auto n = numbers(r.out);
    const double hand[7] = {24.2, -215.6, -88, 1330, 480, 480, 200};
    REQUIRE(n.size() == 7);
    for (int i = 0; i < 7; ++i) CHECK(n[i] == doctest::Approx(hand[i]).epsilon(1e-14));
    for (const std::string& name : presetNames()) {
        CAPTURE(name);
        auto l = makePreset(name);
        std::vector<std::string> args = {"eval", "--formula", l->info().formula, "--at", "0.3,-0.7"};
        for (const ParamSpec& p : l->info().params) {
            const double v = p.min + 0.37 * (p.max - p.min);
            REQUIRE(l->setParam(p.name, v).empty());
            args.push_back("--param");
            args.push_back(p.name + "=" + formatFull(v));
        }
        const Result f = cli(args);
        REQUIRE(f.status == 0);
        FormulaError err;
        auto fl = makeFormulaLandscape(l->info().formula, &err, l->info().params);
        REQUIRE(fl);
        for (const ParamSpec& p : l->info().params) REQUIRE(fl->setParam(p.name, l->param(p.name)).empty());
        CHECK(f.out == evalJson(fl->evaluate(Vec2(0.3, -0.7))));
    }
}

TEST_CASE("eval --formula: parameters take any finite value; undefined points print null") {
    const Result r = cli({"eval", "--formula", "eps*w1^2 + lambda", "--param", "eps=100", "--param=lambda=-1e3",
                          "--at", "1,2"});
    CHECK(r.status == 0);
    CHECK(r.out == "{\"value\": -900, \"gradient\": [200, 0], \"hessian\": [[200, 0], [0, 0]]}\n");
    const Result n = cli({"eval", "--formula", "log(w1) + w2", "--at", "-1,2"});
    CHECK(n.status == 0);
    CHECK(n.out == "{\"value\": null, \"gradient\": [null, null], \"hessian\": [[null, null], [null, null]]}\n");
    const Result k = cli({"eval", "--formula", "abs(w1) + max(w1, w2)", "--at", "0,0"});
    CHECK(k.out == "{\"value\": 0, \"gradient\": [0.5, 0.5], \"hessian\": [[0, 0], [0, 0]]}\n");
}

TEST_CASE("run --formula: the same CSV as the preset; leaving the domain stops with exit 3") {
    const std::vector<std::string> tail = {"--optimizer", "adam", "--lr", "0.05", "--start", "-1.7,1.6",
                                           "--steps", "30"};
    std::vector<std::string> a = {"run", "--landscape", "yarotsky", "--param", "eps=0.2"};
    std::vector<std::string> b = {"run", "--formula", "(w2 - w1^2)^2 + eps*w1^2", "--param", "eps=0.2"};
    a.insert(a.end(), tail.begin(), tail.end());
    b.insert(b.end(), tail.begin(), tail.end());
    const Result ra = cli(a), rb = cli(b);
    CHECK(ra.status == 0);
    CHECK(rb.status == 0);
    CHECK(lines(rb.out).size() == 32);
    // hand-written and compiled derivatives agree to rounding
    const auto la = lines(ra.out), lb = lines(rb.out);
    REQUIRE(la.size() == lb.size());
    CHECK(lb[0] == la[0]);
    for (size_t k = 1; k < la.size(); ++k) {
        const auto x = numbers(la[k]), y = numbers(lb[k]);
        REQUIRE(x.size() == y.size());
        for (size_t i = 0; i < x.size(); ++i) CHECK(y[i] == doctest::Approx(x[i]).epsilon(1e-11));
    }

    const Result d = cli({"run", "--formula", "log(w1) + w2^2", "--optimizer", "gd", "--lr", "1", "--start",
                          "0.5,0.1", "--steps", "5"});
    CHECK(d.status == 3);
    CHECK(lines(d.out).size() == 2);  // the header and step 0
    CHECK(d.err.rfind("left the domain at step 1", 0) == 0);
}

TEST_CASE("formula errors: exit 2, one line with the column") {
    checkError({"eval", "--formula", "w1^2 + sinn(w2)", "--at", "1,2"},
               "optiscape: --formula: column 8: unknown function 'sinn' (did you mean 'sin'?)");
    checkError({"eval", "--formula", "(w1", "--at", "1,2"}, "--formula: column 4: missing ')'");
    checkError({"eval", "--formula", "w3 + w1", "--at", "1,2"},
               "column 1: unknown variable 'w3' (variables are w1, w2; other names are parameters)");
    checkError({"eval", "--formula", "2 w1", "--at", "1,2"},
               "column 3: expected an operator between '2' and 'w1' (write 2*w1)");
    checkError({"run", "--formula", "w1 +", "--optimizer", "gd", "--start", "1,2", "--steps", "3"},
               "column 5: expected a number, variable or '(' after '+'");
    checkError({"eval", "--formula", "", "--at", "1,2"}, "--formula: the formula is empty");
    checkError({"eval", "--formula", std::string(5000, '1'), "--at", "1,2"},
               "the formula has 5000 characters; at most 4000 are allowed");
    checkError({"eval", "--formula", std::string(300, '(') + "w1" + std::string(300, ')'), "--at", "1,2"},
               "column 201: brackets nested deeper than 200 levels");
    checkError({"eval", "--formula", "w1\nw2", "--at", "1,2"}, "column 4: expected an operator");
    // parameters
    checkError({"eval", "--formula", "eps*w1^2", "--at", "1,2"},
               "optiscape: formula parameter 'eps' needs a value: --param eps=VALUE");
    checkError({"run", "--formula", "a*w1 + b*w2", "--param", "a=1", "--optimizer", "gd", "--start", "1,2",
                "--steps", "3"},
               "formula parameter 'b' needs a value: --param b=VALUE");
    checkError({"eval", "--formula", "eps*w1", "--param", "lam=1", "--param", "eps=1", "--at", "1,2"},
               "unknown parameter 'lam' for the formula; its parameters: eps");
    checkError({"eval", "--formula", "w1", "--param", "eps=1", "--at", "1,2"},
               "unknown parameter 'eps' for the formula; the formula has no parameters");
    checkError({"eval", "--formula", "eps*w1", "--param", "eps=x", "--at", "1,2"}, "'x' is not a number");
    checkError({"eval", "--formula", "eps*w1", "--param", "eps", "--at", "1,2"}, "--param 'eps' is not NAME=VALUE");
    checkError({"eval", "--formula", "eps*w1", "--param", "eps=1", "--param", "eps=2", "--at", "1,2"},
               "--param eps given twice");
    // exactly one of --landscape and --formula
    checkError({"eval", "--landscape", "rosenbrock", "--formula", "w1", "--at", "1,2"},
               "--landscape and --formula given together; give one of them");
    checkError({"eval", "--at", "1,2"}, "missing --landscape or --formula; 'eval' needs one of them");
    checkError({"run", "--optimizer", "gd", "--start", "1,2", "--steps", "3"},
               "missing --landscape or --formula; 'run' needs one of them");
    checkError({"eval", "--formula", "w1"}, "missing --at; 'eval' needs --formula, --at");
    checkError({"eval", "--formula"}, "--formula needs a value");
}

TEST_CASE("list names every preset; help describes --formula") {
    const Result r = cli({"list"});
    CHECK(r.status == 0);
    CHECK(lines(r.out).size() == presetNames().size());
    CHECK(presetNames().size() >= 16);
    for (const std::string& name : {"himmelblau", "rastrigin", "two-layer-tanh", "relu-kink"})
        CHECK(r.out.find(name + "\t") != std::string::npos);
    const Result h = cli({"eval", "--help"});
    CHECK(h.status == 0);
    CHECK(h.out.find("--formula EXPR") != std::string::npos);
    CHECK(cli({"run", "--help"}).out.find("--formula EXPR") != std::string::npos);
}
