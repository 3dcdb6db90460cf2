// Tests for the formula language (src/core/formula*.cpp): precedence and associativity, every
// error message with its column, the limits, undefined regions (NaN), derivatives at kinks,
// parameters, the display form, and formula landscapes.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>

#include "core/formula/formula.h"
#include "core/formula/program.h"
#include "../helpers.h"

using namespace optiscape;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kE = 2.71828182845904523536;

Formula parsedFormula(const std::string& text) {
    FormulaError err;
    auto f = Formula::parse(text, &err);
    INFO(text, " -> ", err.message);
    REQUIRE(f.has_value());
    return *f;
}

double at(const std::string& text, double w1 = 0.0, double w2 = 0.0, std::vector<double> ps = {}) {
    const Formula f = parsedFormula(text);
    ps.resize(f.parameters().size(), 1.0);
    const double v = f.value(Vec2(w1, w2), ps);
    const Eval e = f.evaluate(Vec2(w1, w2), ps);
    if (std::isnan(v)) {
        CHECK(std::isnan(e.value));
    } else {
        CHECK(e.value == v);  // both paths compute the value the same way, to the bit
    }
    return v;
}

FormulaError formulaError(const std::string& text) {
    FormulaError err;
    const auto f = Formula::parse(text, &err);
    CHECK_MESSAGE(!f.has_value(), text);
    return err;
}

void checkError(const std::string& text, int column, const std::string& message) {
    CAPTURE(text);
    const FormulaError e = formulaError(text);
    CHECK(e.column == column);
    CHECK(e.message == message);
}

}  // namespace

TEST_CASE("precedence and associativity follow mathjs") {
    struct Case {
        const char* text;
        double w1, w2, expected;
    };
    const Case cases[] = {
        {"-w1^2", 3, 0, -9},               // ^ binds tighter than unary minus
        {"-2^2", 0, 0, -4},
        {"(-2)^2", 0, 0, 4},
        {"2^3^2", 0, 0, 512},              // right-associative
        {"(2^3)^2", 0, 0, 64},
        {"2^-1", 0, 0, 0.5},               // a signed exponent
        {"2^-3^2", 0, 0, std::pow(2.0, -9)},  // 2^(−(3^2))
        {"2^+3", 0, 0, 8},
        {"w1^-w2", 2, 3, 0.125},
        {"-w1^-w2", 2, 1, -0.5},
        {"2*3^2", 0, 0, 18},
        {"2*-3", 0, 0, -6},
        {"-3*-2", 0, 0, 6},
        {"1 - 2 - 3", 0, 0, -4},           // left-associative
        {"8/4/2", 0, 0, 1},
        {"8/4*2", 0, 0, 4},
        {"2 + 3*4", 0, 0, 14},
        {"(2 + 3)*4", 0, 0, 20},
        {"--2", 0, 0, 2},
        {"+-+2", 0, 0, -2},
        {"- -w1", 5, 0, 5},
        {"w1 - -w2", 1, 2, 3},
        {"-w1*w2", 2, 3, -6},
        {"-(w1 + w2)^2", 1, 2, -9},
        {"w1^2^0.5", 2, 0, std::pow(2.0, std::sqrt(2.0))},
        {"2^w1^w2", 2, 2, 16},             // 2^(w1^w2)
        {"1e-3", 0, 0, 0.001},
        {".5", 0, 0, 0.5},
        {"1.", 0, 0, 1},
        {"2.5e+2", 0, 0, 250},
        {"1E2", 0, 0, 100},
        {"pi", 0, 0, kPi},
        {"e", 0, 0, kE},
        {"e^w1", 1, 0, kE},
        {"  w1\t+\nw2 ", 1, 2, 3},
        {"sin(pi/2)", 0, 0, 1},
        {"log(e^2)", 0, 0, 2},
        {"log(8, 2)", 0, 0, 3},             // mathjs: log(x, base)
        {"max(w1, w2, 7)", 1, 2, 7},        // variadic, as in mathjs
        {"min(w1, w2, 7)", 1, 2, 1},
        {"max(4)", 0, 0, 4},
        {"-sqrt(w1)^2", 4, 0, -4},
        {"w1/w2/2", 8, 2, 2},
        {"w1 - w2^2*3 + 1", 1, 2, -10},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        CHECK(at(c.text, c.w1, c.w2) == doctest::Approx(c.expected).epsilon(1e-15));
    }
}

TEST_CASE("functions and their values") {
    // Transcendental functions to 1e-15: the compiler folds std::sin(0.3) at build time, which
    // may differ by an ulp from the runtime libm (Emscripten's musl).
    CHECK(at("sin(w1)", 0.3) == doctest::Approx(std::sin(0.3)).epsilon(1e-15));
    CHECK(at("cos(w1)", 0.3) == doctest::Approx(std::cos(0.3)).epsilon(1e-15));
    CHECK(at("tan(w1)", 0.3) == doctest::Approx(std::tan(0.3)).epsilon(1e-15));
    CHECK(at("exp(w1)", 0.3) == doctest::Approx(std::exp(0.3)).epsilon(1e-15));
    CHECK(at("log(w1)", 0.3) == doctest::Approx(std::log(0.3)).epsilon(1e-15));
    CHECK(at("sqrt(w1)", 0.3) == std::sqrt(0.3));
    CHECK(at("abs(w1)", -0.3) == 0.3);
    CHECK(at("tanh(w1)", 0.3) == doctest::Approx(std::tanh(0.3)).epsilon(1e-15));
    CHECK(at("sigmoid(w1)", 0.3) == doctest::Approx(1 / (1 + std::exp(-0.3))).epsilon(1e-15));
    CHECK(at("sigmoid(w1)", -800) == 0.0);
    CHECK(at("sigmoid(w1)", 800) == 1.0);
    CHECK(at("relu(w1)", -0.3) == 0.0);
    CHECK(at("relu(w1)", 0.3) == 0.3);
    CHECK(at("softplus(w1)", 0.3) == doctest::Approx(std::log(1 + std::exp(0.3))).epsilon(1e-15));
    CHECK(at("softplus(w1)", 800) == 800.0);  // no overflow
    CHECK(at("softplus(w1)", -800) == 0.0);
    CHECK(at("min(w1, w2)", 1, -2) == -2);
    CHECK(at("max(w1, w2)", 1, -2) == 1);
}

TEST_CASE("integer powers by repeated squaring: within a few ulp of std::pow, and its special values") {
    // x^n for |n| <= 16 multiplies instead of calling pow (20-40 ns a call); each squaring
    // doubles the relative error before it, which stays below (|n| + 4)·ε
    testing::Rng rng(7);
    for (int n = -20; n <= 20; ++n) {
        for (int k = 0; k < 50; ++k) {
            const double x = rng.uniform(-3, 3);
            const double want = std::pow(x, n), got = detail::powOf(x, n);
            CAPTURE(x);
            CAPTURE(n);
            if (std::isinf(want)) {
                CHECK(got == want);
            } else {
                CHECK(std::abs(got - want) <= (std::abs(n) + 4) * std::numeric_limits<double>::epsilon() * std::abs(want));
            }
        }
    }
    CHECK(detail::powOf(2.0, 9.0) == 512.0);
    CHECK(detail::powOf(1.7, 2.0) == 1.7 * 1.7);  // the same bits as Square's x·x
    CHECK(detail::powOf(std::nan(""), 0.0) == 1.0);  // as std::pow
    CHECK(detail::powOf(0.0, 0.0) == 1.0);
    CHECK(std::signbit(detail::powOf(-0.0, 3.0)));
    CHECK(detail::powOf(-2.0, 3.0) == -8.0);
    CHECK(std::isinf(detail::powOf(0.0, -2.0)));  // fPow makes this NaN: 0^negative is undefined
    CHECK(std::isnan(detail::fPow(0.0, -2.0)));
    CHECK(std::isnan(detail::powOf(-2.0, 0.5)));  // not an integer: std::pow
    CHECK(detail::powOf(3.0, 17.0) == std::pow(3.0, 17.0));  // beyond 16: std::pow
    CHECK(at("w1^4 - w1^3", 1.5) == doctest::Approx(1.5 * 1.5 * 1.5 * 1.5 - 1.5 * 1.5 * 1.5).epsilon(1e-15));
}

TEST_CASE("every error message, with its column") {
    checkError("w1^2 + sinn(w2)", 8, "column 8: unknown function 'sinn' (did you mean 'sin'?)");
    checkError("(w1", 4, "column 4: missing ')'");
    checkError("(w1 + 2", 8, "column 8: missing ')'");
    checkError("max(w1, w2", 11, "column 11: missing ')'");
    checkError("w3 + 1", 1,
               "column 1: unknown variable 'w3' (variables are w1, w2; other names are parameters)");
    checkError("w1 + w0", 6,
               "column 6: unknown variable 'w0' (variables are w1, w2; other names are parameters)");
    checkError("w12", 1, "column 1: unknown variable 'w12' (variables are w1, w2; other names are parameters)");
    checkError("2 w1", 3, "column 3: expected an operator between '2' and 'w1' (write 2*w1)");
    checkError("2w1", 2, "column 2: expected an operator between '2' and 'w1' (write 2*w1)");
    checkError("2e", 2, "column 2: expected an operator between '2' and 'e' (write 2*e)");
    checkError("2(w1 + 1)", 2, "column 2: expected an operator between '2' and '(' (write 2*(...))");
    checkError("(w1)(w2)", 5, "column 5: expected an operator between ')' and '(' (write (...)*(...))");
    checkError("w1^2 w2", 6, "column 6: expected an operator between '2' and 'w2' (write 2*w2)");
    checkError("sqr(w1)", 1, "column 1: unknown function 'sqr' (did you mean 'sqrt'?)");
    checkError("tahn(w1)", 1, "column 1: unknown function 'tahn' (did you mean 'tanh'?)");
    checkError("ln(w1)", 1, "column 1: unknown function 'ln' (did you mean 'log'?)");
    checkError("lambda(w1 + w2)", 1,
               "column 1: unknown function 'lambda'; functions: sin, cos, tan, exp, log, sqrt, abs, "
               "tanh, sigmoid, relu, softplus, min, max (to multiply, write lambda*(...))");
    checkError("sin w1", 1, "column 1: 'sin' is a function; write sin(...)");
    checkError("2*exp", 3, "column 3: 'exp' is a function; write exp(...)");
    checkError("sin()", 1, "column 1: sin takes 1 argument, got 0");
    checkError("cos(w1, w2)", 1, "column 1: cos takes 1 argument, got 2");
    checkError("log(w1, 2, 3)", 1, "column 1: log takes 1 or 2 arguments, got 3");
    checkError("1 + max()", 5, "column 5: max takes at least 1 argument, got 0");
    checkError("w1)", 3, "column 3: unmatched ')'");
    checkError("w1, w2", 3, "column 3: unexpected ',' (commas separate the arguments of min, max and log)");
    checkError("(w1, w2)", 4, "column 4: unexpected ',' (commas separate the arguments of min, max and log)");
    checkError("w1 +", 5, "column 5: expected a number, variable or '(' after '+'");
    checkError("w1 ^", 5, "column 5: expected a number, variable or '(' after '^'");
    checkError("sin(", 5, "column 5: expected a number, variable or '(' after '('");
    checkError("*w1", 1, "column 1: expected a number, variable or '(' but found '*'");
    checkError("w1 * / w2", 6, "column 6: expected a number, variable or '(' but found '/'");
    checkError("()", 2, "column 2: expected a number, variable or '(' but found ')'");
    checkError("w1**2", 3, "column 3: '**' is not an operator; write ^ for a power");
    checkError("w1 % 2", 4, "column 4: unexpected character '%'");
    checkError("w1!", 3, "column 3: unexpected character '!'");
    checkError("w1 = 2", 4, "column 4: unexpected character '='");
    checkError("[w1]", 1, "column 1: unexpected character '[' (group with parentheses)");
    checkError("w1; w2", 3, "column 3: unexpected character ';' (write one expression)");
    checkError("1e+", 1, "column 1: malformed number '1e+'; write numbers as 2, 0.5, .5 or 1e-3");
    checkError("w1 + 1..2", 6, "column 6: malformed number '1..2'; write numbers as 2, 0.5, .5 or 1e-3");
    checkError("1.2.3", 1, "column 1: malformed number '1.2.3'; write numbers as 2, 0.5, .5 or 1e-3");
    checkError("1e3.5", 1, "column 1: malformed number '1e3.5'; write numbers as 2, 0.5, .5 or 1e-3");
    checkError("w1 + .", 6, "column 6: malformed number '.'; write numbers as 2, 0.5, .5 or 1e-3");
    // pasted lecture notation: columns count characters, not bytes
    checkError("w₁ + 1", 2, "column 2: unexpected character '₁'");
    checkError("ε·w1", 2, "column 2: unexpected character '·' (write * to multiply)");
    checkError("(w2 − w1)", 5, "column 5: unexpected character '−' (write - for minus)");
    checkError("w1² + 1", 3, "column 3: unexpected character '²' (write ^2 or ^3 for a power)");
    checkError(std::string("w1 +\x01"), 5, "column 5: unexpected character U+0001");
    checkError(std::string("w1 + \xff"), 6, "column 6: unexpected character byte 0xFF");
    checkError(std::string("w1 +", 4) + std::string(1, '\0'), 5, "column 5: unexpected character U+0000");
    // no column
    CHECK(formulaError("").message == "the formula is empty; write an expression in w1 and w2, e.g. w1^2 + w2^2");
    CHECK(formulaError(" \t\n").column == 0);
    CHECK(formulaError(std::string(4001, '1')).message == "the formula has 4001 characters; at most 4000 are allowed");
    // a null error pointer is allowed
    CHECK(!Formula::parse("(", nullptr).has_value());
}

TEST_CASE("limits: long and deep formulas are rejected quickly, never by a stack overflow") {
    const auto t0 = std::chrono::steady_clock::now();
    // 4000 characters parse; 4001 do not
    std::string sum = "w1";
    while (sum.size() + 3 <= 4000) sum += "+w1";
    sum += std::string(4000 - sum.size(), ' ');
    REQUIRE(sum.size() == 4000);
    CHECK(Formula::parse(sum, nullptr).has_value());
    CHECK(formulaError(sum + "1").column == 0);
    // nesting: 200 levels parse, 201 do not (the column of the 201st bracket)
    const auto nested = [](int n, const std::string& open) {
        std::string s;
        for (int i = 0; i < n; ++i) s += open;
        s += "w1";
        for (int i = 0; i < n; ++i) s += ")";
        return s;
    };
    CHECK(at(nested(200, "("), 3) == 3);
    checkError(nested(201, "("), 201, "column 201: brackets nested deeper than 200 levels; simplify the formula");
    CHECK(at(nested(100, "sin(") , 0) == 0);
    CHECK(formulaError(nested(201, "abs(")).column == 804);
    std::string mixed(150, '(');
    for (int i = 0; i < 60; ++i) mixed += "max(1,";
    mixed += "w1" + std::string(210, ')');
    CHECK(formulaError(mixed).column == 150 + 50 * 6 + 4);  // the '(' of the 51st max
    // 100000 '(' (and other giant inputs) are refused by the length check at once
    CHECK(formulaError(std::string(100000, '(')).message.find("100000 characters") != std::string::npos);
    CHECK(formulaError(std::string(1000000, '-') + "w1").column == 0);
    // long chains without brackets are handled iteratively
    CHECK(at(std::string(3998, '-') + "w1", 2) == 2);
    std::string tower = "1";
    while (tower.size() + 2 <= 4000) tower += "^1";
    CHECK(at(tower) == 1);
    std::string deepUnary;
    while (deepUnary.size() + 4 <= 3990) deepUnary += "2^-";
    CHECK(Formula::parse(deepUnary + "w1", nullptr).has_value());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds < 1.0);
}

TEST_CASE("undefined regions give NaN value, gradient and Hessian") {
    struct Case {
        const char* text;
        double w1, w2;
    };
    const Case undefinedCases[] = {
        {"log(w1)", -1, 0},      {"log(w1)", 0, 0},        {"sqrt(w1)", -1e-9, 0},
        {"1/w1", 0, 0},          {"w2/(w1 - 1)", 1, 2},    {"w1^-1", 0, 0},
        {"w1^(1/3)", -8, 0},     {"w2^w1", 2, -1},         {"w2^w1", 2, 0},
        {"(w1 - w1)^(-2)", 3, 0}, {"log(w1 - w2) + w1^2", 1, 2}, {"relu(log(w1))", -1, 0},
        {"max(log(w1), 3)", -1, 0}, {"min(w2, sqrt(w1))", -1, 0}, {"2/(0*w1)", 1, 0},
        {"log(-1) + w1", 1, 0},
    };
    for (const Case& c : undefinedCases) {
        CAPTURE(c.text);
        const Formula f = parsedFormula(c.text);
        const Eval e = f.evaluate(Vec2(c.w1, c.w2), {});
        CHECK(std::isnan(f.value(Vec2(c.w1, c.w2), {})));
        CHECK(std::isnan(e.value));
        CHECK(std::isnan(e.gradient[0]));
        CHECK(std::isnan(e.gradient[1]));
        CHECK(std::isnan(e.hessian(0, 0)));
        CHECK(std::isnan(e.hessian(0, 1)));
    }
    // defined neighbours of those points
    CHECK(at("w1^(1/3)", 8) == doctest::Approx(2.0).epsilon(1e-15));
    CHECK(at("w1^3", -2) == -8);          // integer powers of negatives are defined
    CHECK(at("w1^p", -2, 0, {2}) == 4);   // a parameter exponent is a constant exponent
    CHECK(at("sqrt(w1)", 0) == 0);
    CHECK(at("(w1 - w1)^0", 3) == 1);
    CHECK(std::isinf(at("exp(w1)", 1000)));  // overflow is not "undefined"

    // an optimizer that steps into the undefined region stops there: "left the domain at step 1"
    FormulaError err;
    const auto l = makeFormulaLandscape("log(w1) + w2^2", &err);
    REQUIRE(l);
    Hyper h = defaultsFor(OptimizerKind::GD);
    h.lr = 1.0;  // from w1 = 0.5 the step lands at w1 = 0.5 − 1/0.5 < 0
    const Run r = testing::runOptimizer(*l, OptimizerKind::GD, h, Vec2(0.5, 0.1), 10);
    CHECK(r.steps() == 0);  // the trajectory holds finite points only
    CHECK(r.stopMessage().find("step 1") != std::string::npos);
}

TEST_CASE("derivatives at kinks are PyTorch's") {
    const auto grad = [](const std::string& text, double w1, double w2) {
        return parsedFormula(text).evaluate(Vec2(w1, w2), {});
    };
    CHECK(grad("abs(w1)", 0, 0).gradient == Vec2(0, 0));          // abs′(0) = 0 (sign(0))
    CHECK(grad("abs(w1)", -2, 0).gradient == Vec2(-1, 0));
    CHECK(grad("relu(w1)", 0, 0).gradient == Vec2(0, 0));         // relu′(0) = 0
    CHECK(grad("relu(w1)", 1e-300, 0).gradient == Vec2(1, 0));
    CHECK(grad("max(w1, w2)", 1, 1).gradient == Vec2(0.5, 0.5));  // torch.maximum splits a tie
    CHECK(grad("min(w1, w2)", 1, 1).gradient == Vec2(0.5, 0.5));
    CHECK(grad("max(w1, w2)", 1, 2).gradient == Vec2(0, 1));
    CHECK(grad("min(w1, 0)", 0, 5).gradient == Vec2(0.5, 0));
    CHECK(grad("max(w1^2, w2)", 2, 4).hessian(0, 0) == 1.0);       // half of 2
    CHECK(grad("abs(w1)*w2", 0, 3).hessian == Mat2::Zero());
}

TEST_CASE("parameters: names in order of first appearance, values by position") {
    const Formula f = parsedFormula("lambda*(w1^2 + w2^2) + eps*w1 + lambda + pi + e + ε*w2");
    CHECK(f.parameters() == std::vector<std::string>{"lambda", "eps", "ε"});
    CHECK(f.value(Vec2(1, 2), {2, 3, 5}) == doctest::Approx(2 * 5 + 3 + 2 + kPi + kE + 10));
    CHECK(std::isnan(f.value(Vec2(1, 2), {2, 3})));  // a wrong count gives NaN, not a crash
    CHECK(std::isnan(f.evaluate(Vec2(1, 2), {}).gradient[0]));
    CHECK(parsedFormula("w1 + W1 + _x2 + w1_b").parameters() == std::vector<std::string>{"W1", "_x2", "w1_b"});
    CHECK(parsedFormula("sin(w1)").parameters().empty());
    CHECK(parsedFormula("w1").dependsOn(0));
    CHECK(!parsedFormula("w1").dependsOn(1));
    CHECK(!parsedFormula("a*b + 2").dependsOn(0));
    // constant parts are bound once: the per-point program holds only what depends on w
    CHECK(parsedFormula("alpha1*(cos(theta*pi/180)*w1 + sin(theta*pi/180)*w2)^2").programSize() == 4);
    // fused: (1 − w1)², w1², then … + 100·(w2 − w1²)² as one least-squares term
    CHECK(parsedFormula("(1 - w1)^2 + 100*(w2 - w1^2)^2").programSize() == 3);
    CHECK(parsedFormula("(w1 + w2)*(w1 + w2) + sin(w1 + w2)").programSize() == 4);  // shared subexpressions
    CHECK(parsedFormula("a*b").programSize() == 0);
    const Formula c = parsedFormula("a*b + 2");
    const Eval e = c.evaluate(Vec2(1, 1), {3, 4});
    CHECK(e.value == 14);
    CHECK(e.gradient == Vec2::Zero());
    CHECK(e.hessian == Mat2::Zero());
}

TEST_CASE("the display form in lecture notation") {
    CHECK(prettyFormula("(w2 - w1^2)^2 + eps*w1^2") == "(w₂ − w₁²)² + ε·w₁²");
    CHECK(prettyFormula("(1 - w1)^2 + 100*(w2 - w1^2)^2") == "(1 − w₁)² + 100·(w₂ − w₁²)²");
    CHECK(prettyFormula("-w1^-1 + alpha2*w2^0.5") == "−w₁^−1 + α₂·w₂^0.5");
    CHECK(prettyFormula("lambda*(w1^12 + max(w1, -w2))") == "λ·(w₁¹² + max(w₁, −w₂))");
    CHECK(prettyFormula("x*theta") == "x·θ");
}

TEST_CASE("formula landscapes: parameters, specs, binding, batches, clones") {
    FormulaError err;
    auto l = makeFormulaLandscape("(w2 - w1^2)^2 + eps*w1^2 + k", &err);
    REQUIRE(l);
    const LandscapeInfo& i = l->info();
    CHECK(i.name == "formula");
    CHECK(i.formula == "(w2 - w1^2)^2 + eps*w1^2 + k");
    CHECK(i.pretty == "(w₂ − w₁²)² + ε·w₁² + k");
    REQUIRE(i.params.size() == 2);
    CHECK(i.params[0].name == "eps");
    CHECK(i.params[0].symbol == "ε");
    CHECK(i.params[0].def == 1.0);
    CHECK(i.params[0].min == -10.0);
    CHECK(i.params[0].max == 10.0);
    CHECK(l->stationaryPoints().empty());
    CHECK(l->value(Vec2(1, 2)) == 1 + 1 + 1);
    CHECK(l->setParam("eps", 0.5).empty());
    CHECK(l->value(Vec2(1, 2)) == 1 + 0.5 + 1);
    CHECK(l->setParam("eps", 11) == "eps must be in [-10, 10]");
    CHECK(l->setParam("foo", 1) == "unknown parameter 'foo' for 'formula'; parameters: eps, k");

    // given specs: taken by name, the range widened to hold the default
    ParamSpec eps;
    eps.name = "eps";
    eps.symbol = "ε";
    eps.def = 0.1;
    eps.min = 0;
    eps.max = 1;
    ParamSpec k;
    k.name = "k";
    k.def = 50;
    auto m = makeFormulaLandscape("(w2 - w1^2)^2 + eps*w1^2 + k", &err, {k, eps});
    REQUIRE(m);
    CHECK(m->param("eps") == 0.1);
    CHECK(m->info().params[0].max == 1);
    CHECK(m->param("k") == 50);
    CHECK(m->info().params[1].min == 0);
    CHECK(m->info().params[1].max == 50);

    // a bad formula: nullptr and the error
    CHECK(makeFormulaLandscape("w1 +", &err) == nullptr);
    CHECK(err.message == "column 5: expected a number, variable or '(' after '+'");

    // clones are independent; evaluate/value/gradient/values agree to the bit
    auto c = m->clone();
    REQUIRE(m->setParam("eps", 0.7).empty());
    CHECK(c->param("eps") == 0.1);
    testing::Rng rng(4);
    std::vector<double> a, b, out(1000);
    for (int n = 0; n < 1000; ++n) {
        a.push_back(rng.uniform(-3, 3));
        b.push_back(rng.uniform(-3, 3));
    }
    m->values(a.data(), b.data(), out.data(), a.size());
    for (size_t n = 0; n < a.size(); ++n) {
        const Vec2 w(a[n], b[n]);
        const Eval e = m->evaluate(w);
        CHECK(out[n] == m->value(w));
        CHECK(e.value == m->value(w));
        CHECK(e.gradient == m->gradient(w));
    }
    // the base class's batch default (hand-written presets) loops over value()
    auto y = makePreset("yarotsky");
    y->values(a.data(), b.data(), out.data(), 10);
    CHECK(out[3] == y->value(Vec2(a[3], b[3])));
}
