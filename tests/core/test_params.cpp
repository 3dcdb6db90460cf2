// Tests for src/core/params.cpp: strict number parsing, number formatting and range messages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include "core/params.h"
#include "helpers.h"

using namespace optiscape;

TEST_CASE("parseNumber accepts whole finite decimal numbers") {
    CHECK(parseNumber("1") == 1.0);
    CHECK(parseNumber("-0.5") == -0.5);
    CHECK(parseNumber("+2") == 2.0);
    CHECK(parseNumber("1e-3") == 1e-3);
    CHECK(parseNumber("1E3") == 1000.0);
    CHECK(parseNumber("2.5e+2") == 250.0);
    CHECK(parseNumber(".5") == 0.5);
    CHECK(parseNumber("5.") == 5.0);
    CHECK(parseNumber("0") == 0.0);
    CHECK(parseNumber("-0") == 0.0);
    CHECK(parseNumber("0.1") == 0.1);  // the nearest double, as strtod gives
    CHECK(parseNumber("1e-400") == 0.0);  // underflows to zero: still a finite number
}

TEST_CASE("parseNumber rejects anything else") {
    for (const char* bad : {"", "abc", "1e", "e5", "nan", "NaN", "inf", "-inf", "infinity", "1e999",
                            "-1e400", " 1", "1 ", "0x10", "1,5", "--1", "+", "-", ".", "1.2.3",
                            "1e5.5", "12abc", "1_000", "\t2"}) {
        CAPTURE(bad);
        CHECK(!parseNumber(bad).has_value());
    }
    // a string_view that is not null-terminated is read only up to its length
    const char text[] = "0.25junk";
    CHECK(parseNumber(std::string_view(text, 4)) == 0.25);
}

TEST_CASE("formatNumber: significant digits, shortest form") {
    CHECK(formatNumber(0.05) == "0.05");
    CHECK(formatNumber(1e-5) == "1e-05");
    CHECK(formatNumber(1234) == "1234");
    CHECK(formatNumber(0.1 + 0.2) == "0.3");
    CHECK(formatNumber(-0.0) == "0");
    CHECK(formatNumber(0.0) == "0");
    CHECK(formatNumber(-2.5) == "-2.5");
    CHECK(formatNumber(123456) == "1.235e+05");
    CHECK(formatNumber(1.0 / 3.0) == "0.3333");
    CHECK(formatNumber(1.0 / 3.0, 2) == "0.33");
    CHECK(formatNumber(2.0 / 3.0, 6) == "0.666667");
    CHECK(formatNumber(1e-6, 6) == "1e-06");
    CHECK(formatNumber(0.001) == "0.001");
}

TEST_CASE("formatFull round-trips every double") {
    CHECK(formatFull(0.1) == "0.10000000000000001");
    CHECK(formatFull(1.0) == "1");
    CHECK(formatFull(-24.2) == "-24.199999999999999");
    testing::Rng rng(99);
    for (int n = 0; n < 1000; ++n) {
        const double v = (rng.uniform() - 0.5) * std::pow(10.0, rng.uniform(-30, 30));
        const auto back = parseNumber(formatFull(v));
        REQUIRE(back.has_value());
        CHECK(*back == v);
    }
}

TEST_CASE("ParamSpec: contains and rangeMessage") {
    ParamSpec s;
    s.name = "eps";
    s.min = 0;
    s.max = 1;
    CHECK(s.contains(0));
    CHECK(s.contains(1));
    CHECK(s.contains(0.5));
    CHECK(!s.contains(-1e-300));
    CHECK(!s.contains(1.0000001));
    CHECK(!s.contains(std::nan("")));
    CHECK(s.rangeMessage() == "eps must be in [0, 1]");
    s.name = "lr";
    s.min = 1e-6;
    s.max = 10;
    CHECK(s.rangeMessage() == "lr must be in [1e-06, 10]");
    s.name = "theta";
    s.min = -90;
    s.max = 90;
    CHECK(s.rangeMessage() == "theta must be in [-90, 90]");
    s.name = "beta2";
    s.min = 0;
    s.max = 0.99999;
    CHECK(s.rangeMessage() == "beta2 must be in [0, 0.99999]");
}
