// Tests for `optiscape critical` (src/cli/critical_command.cpp): the JSON list's exact format,
// himmelblau's nine points through the preset and through --formula, degenerate points, continua
// ("continuum": true), --domain and --param, help, and every bad-input path (exit 2, one line).
#include <doctest/doctest.h>


#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "core/landscape.h"
#include "core/params.h"

using namespace optiscape;

namespace {

using Result = testing::CliResult;
using testing::lines;
using testing::split;

Result critical(const std::vector<std::string>& args) { return testing::runCli({"critical"}, args); }

/// One printed point: the JSON object's fields, read back.
struct Point {
    double w1 = 0, w2 = 0, l1 = 0, l2 = 0;
    std::string type;
    bool continuum = false;
};

double numberAt(const std::string& s, size_t& i) {
    size_t j = i;
    while (j < s.size() && std::string("+-.eE0123456789").find(s[j]) != std::string::npos) ++j;
    const auto v = parseNumber(s.substr(i, j - i));
    REQUIRE(v.has_value());
    i = j;
    return *v;
}

void expect(const std::string& s, size_t& i, const std::string& text) {
    REQUIRE(s.compare(i, text.size(), text) == 0);
    i += text.size();
}

/// Parses the exact format: "[" objects joined by ",\n " "]\n", each object
/// {"w": [a, b], "type": "...", "eigenvalues": [c, d]} with an optional , "continuum": true.
std::vector<Point> parse(const std::string& out) {
    std::vector<Point> pts;
    size_t i = 0;
    expect(out, i, "[");
    while (out.compare(i, 2, "]\n") != 0) {
        if (!pts.empty()) expect(out, i, ",\n ");
        Point p;
        expect(out, i, "{\"w\": [");
        p.w1 = numberAt(out, i);
        expect(out, i, ", ");
        p.w2 = numberAt(out, i);
        expect(out, i, "], \"type\": \"");
        const size_t q = out.find('"', i);
        p.type = out.substr(i, q - i);
        i = q;
        expect(out, i, "\", \"eigenvalues\": [");
        p.l1 = numberAt(out, i);
        expect(out, i, ", ");
        p.l2 = numberAt(out, i);
        expect(out, i, "]");
        if (out.compare(i, 20, ", \"continuum\": true}") == 0) {
            p.continuum = true;
            i += 20;
        } else {
            expect(out, i, "}");
        }
        pts.push_back(p);
    }
    CHECK(i + 2 == out.size());
    return pts;
}

void checkUsageError(const std::vector<std::string>& args, const std::string& expected) {
    testing::checkUsageError(critical(args), args, expected);
}

const char* kHimmelblau = "(w1^2 + w2 - 11)^2 + (w1 + w2^2 - 7)^2";

}  // namespace

TEST_CASE("critical: the exact output of simple cases") {
    Result r = critical({"--landscape", "saddle"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "[{\"w\": [0, 0], \"type\": \"saddle\", \"eigenvalues\": [-2, 2]}]\n");
    r = critical({"--formula", "w1^2 + 3*w2^2 - 2*w1", "--domain", "-4,4,-4,4"});
    CHECK(r.out == "[{\"w\": [1, 0], \"type\": \"minimum\", \"eigenvalues\": [2, 6]}]\n");
    // none in the box
    r = critical({"--landscape", "rosenbrock", "--domain", "-2,0,-1,3"});
    CHECK(r.status == 0);
    CHECK(r.out == "[]\n");
}

TEST_CASE("critical: himmelblau's 4 minima, 1 maximum, 4 saddles, through --formula and the preset") {
    const Result f = critical({"--formula", kHimmelblau, "--domain", "-5,5,-5,5"});
    CHECK(f.status == 0);
    const std::vector<Point> pts = parse(f.out);
    REQUIRE(pts.size() == 9);
    const std::vector<std::string> types = {"minimum", "saddle", "minimum", "maximum", "saddle",
                                            "saddle",  "minimum", "saddle", "minimum"};
    for (size_t i = 0; i < 9; ++i) {
        CAPTURE(i);
        CHECK(pts[i].type == types[i]);
        CHECK(!pts[i].continuum);
        CHECK(pts[i].l1 <= pts[i].l2);
        if (i > 0) CHECK(pts[i - 1].w1 < pts[i].w1);
    }
    CHECK(pts[6].w1 == 3);  // the minimum (3, 2), exactly
    CHECK(pts[6].w2 == 2);
    CHECK(pts[6].l1 == doctest::Approx(54 - std::sqrt(800.0)).epsilon(1e-14));
    CHECK(pts[3].w1 == doctest::Approx(-0.2708445906673476).epsilon(1e-13));  // the maximum
    CHECK(pts[3].w2 == doctest::Approx(-0.9230385564799816).epsilon(1e-13));
    if (makePreset("himmelblau")) {
        const std::vector<Point> pp = parse(critical({"--landscape", "himmelblau"}).out);
        REQUIRE(pp.size() == 9);
        for (size_t i = 0; i < 9; ++i) {
            CHECK(pp[i].type == pts[i].type);
            CHECK(std::abs(pp[i].w1 - pts[i].w1) < 1e-12);
            CHECK(std::abs(pp[i].w2 - pts[i].w2) < 1e-12);
        }
    }
    // a smaller domain keeps only the points inside
    const std::vector<Point> q = parse(critical({"--formula", kHimmelblau, "--domain", "0,5,0,5"}).out);
    CHECK(q.size() == 3);
    // --domain=VALUE works as well
    CHECK(critical({"--formula", kHimmelblau, "--domain=-5,5,-5,5"}).out == f.out);
}

TEST_CASE("critical: degenerate points and continua") {
    // the monkey saddle: one degenerate point at the origin
    const std::vector<Point> m = parse(critical({"--formula", "w1^3 - 3*w1*w2^2", "--domain", "-2,2,-2,2"}).out);
    REQUIRE(m.size() == 1);
    CHECK(m[0].type == "degenerate");
    CHECK(std::hypot(m[0].w1, m[0].w2) < 1e-8);
    CHECK(!m[0].continuum);
    // product: the saddle at the origin and representatives of the hyperbola w1·w2 = 1
    const std::vector<Point> p = parse(critical({"--landscape", "product"}).out);
    int reps = 0;
    for (const Point& x : p) {
        if (x.continuum) {
            ++reps;
            CHECK(x.type == "degenerate");
            CHECK(std::abs(x.w1 * x.w2 - 1) < 1e-12);
        } else {
            CHECK(x.type == "saddle");
            CHECK(x.w1 == 0);
            CHECK(x.w2 == 0);
        }
    }
    CHECK(reps >= 4);
    CHECK(reps <= 8);
    CHECK(p.size() == static_cast<size_t>(reps) + 1);
    // the mexican hat as a formula: the maximum and the unit ring
    const std::vector<Point> h = parse(critical({"--formula", "(w1^2 + w2^2 - r^2)^2", "--param",
                                                 "r=1", "--domain", "-2,2,-2,2"}).out);
    int ring = 0;
    for (const Point& x : h) {
        if (x.continuum) {
            ++ring;
            CHECK(std::abs(std::hypot(x.w1, x.w2) - 1) < 1e-12);
        } else {
            CHECK(x.type == "maximum");
        }
    }
    CHECK(ring >= 6);
    CHECK(h.size() == static_cast<size_t>(ring) + 1);
}

TEST_CASE("critical: --param changes the landscape") {
    // two-layer-linear, x = 2, t = −1.5, λ = 0.3: minima ±√2.7/2·(1, −1), a saddle at the origin
    const std::vector<Point> p = parse(critical({"--landscape", "two-layer-linear", "--param", "x=2",
                                                 "--param", "t=-1.5", "--param", "lambda=0.3"}).out);
    REQUIRE(p.size() == 3);
    CHECK(p[0].type == "minimum");
    CHECK(p[1].type == "saddle");
    CHECK(p[2].type == "minimum");
    CHECK(p[2].w1 == doctest::Approx(std::sqrt(2.7) / 2).epsilon(1e-14));
    CHECK(p[2].w2 == doctest::Approx(-std::sqrt(2.7) / 2).epsilon(1e-14));
    CHECK(p[2].l1 == doctest::Approx(1.2).epsilon(1e-13));  // 4λ and 4(x|t| − λ)
    CHECK(p[2].l2 == doctest::Approx(10.8).epsilon(1e-13));
}

TEST_CASE("critical: help and bad input") {
    const Result h = critical({"--help"});
    CHECK(h.status == 0);
    CHECK(h.out.rfind("usage: optiscape critical", 0) == 0);
    CHECK(h.out.find("--domain W1MIN,W1MAX,W2MIN,W2MAX") != std::string::npos);
    CHECK(h.out.find("\"continuum\": true") != std::string::npos);
    if (makePreset("himmelblau")) CHECK(h.out.find("himmelblau") != std::string::npos);

    checkUsageError({}, "missing --landscape or --formula");
    checkUsageError({"--landscape", "nope"}, "unknown landscape 'nope'");
    checkUsageError({"--landscape", "saddle", "--formula", "w1"}, "given together");
    checkUsageError({"--landscape", "saddle", "--at", "1,2"}, "unknown option '--at'");
    checkUsageError({"--landscape", "saddle", "--domain"}, "--domain needs a value");
    checkUsageError({"--landscape", "saddle", "--domain", "1,2,3"}, "--domain '1,2,3' is not a box");
    checkUsageError({"--landscape", "saddle", "--domain", "1,2,3,4,5"}, "is not a box");
    checkUsageError({"--landscape", "saddle", "--domain", "a,1,0,1"}, "give four numbers W1MIN,W1MAX,W2MIN,W2MAX");
    checkUsageError({"--landscape", "saddle", "--domain", "0,1,,1"}, "is not a box");
    checkUsageError({"--landscape", "saddle", "--domain", "0,1,0,inf"}, "is not a box");
    checkUsageError({"--landscape", "saddle", "--domain", "1,0,0,1"}, "is an empty box; give W1MIN < W1MAX");
    checkUsageError({"--landscape", "saddle", "--domain", "0,1,2,2"}, "is an empty box");
    checkUsageError({"--landscape", "saddle", "--domain", "0,1,0,1", "--domain", "0,2,0,2"}, "given twice");
    checkUsageError({"--landscape", "yarotsky", "--param", "eps=5"}, "out of range");
    checkUsageError({"--formula", "w1*a", "--param", "b=1"}, "unknown parameter 'b' for the formula");
    checkUsageError({"--formula", "w1 +"}, "--formula");
}
