// Tests for the networks' data sets (src/core/nets/dataset.cpp): each generated set's shape, seeds
// that replay (pinned CSV checksums, the same natively and in wasm), the portable sine and cosine,
// specs, CSV writing and reading (and rejecting), the train/test split and the input features.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "core/nets/dataset.h"
#include "core/random.h"
#include "../helpers.h"

using namespace optiscape;
using namespace optiscape::nets;
using testing::ulps;

namespace {

constexpr double kPi = 3.14159265358979323846;

Dataset generate(const std::string& text) {
    std::string error;
    const auto spec = parseDatasetSpec(text, &error);
    INFO(error);
    REQUIRE(spec);
    const auto d = generateDataset(*spec, &error);
    INFO(error);
    REQUIRE(d);
    return *d;
}

/// FNV-1a over the bytes of a text.
std::uint64_t textHash(const std::string& s) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001B3ULL;
    }
    return h;
}

std::vector<int> classCounts(const Dataset& d) {
    std::vector<int> counts(size_t(std::max(d.classes, 1)), 0);
    for (double y : d.y) ++counts[size_t(y)];
    return counts;
}

std::string csvError(const std::string& text) {
    std::string error;
    const auto d = parseDatasetCsv(text, &error);
    CHECK_FALSE(d);
    CHECK(error.find('\n') == std::string::npos);
    return error;
}


}  // namespace

TEST_CASE("dataset catalogue: names in menu order, keys with valid defaults") {
    std::vector<std::string> names;
    for (const DatasetInfo& i : datasets()) {
        CAPTURE(i.name);
        names.push_back(i.name);
        CHECK(findDataset(i.name) == &i);
        CHECK_FALSE(i.title.empty());
        CHECK_FALSE(i.help.empty());
        CHECK(i.defaultN >= 1);
        CHECK(i.defaultNoise >= 0);
        std::set<std::string> keys;
        for (const ParamSpec& p : i.params) {
            CHECK(p.contains(p.def));
            CHECK_FALSE(p.help.empty());
            CHECK(keys.insert(p.name).second);
        }
        CHECK(keys.count("flip") == (i.regression ? 0u : 1u));
    }
    CHECK(names == std::vector<std::string>{"gaussian-mixture", "circles", "xor", "two-moons", "spiral",
                                            "plane", "sine"});
    CHECK(findDataset("nope") == nullptr);
    CHECK(findDataset("sine")->regression);
    CHECK(findDataset("sine")->defaultN == 30);
    CHECK(findDataset("sine")->defaultNoise == 0.2);
}

TEST_CASE("dataset shapes: sizes, inputs, classes, ranges and balance") {
    for (const DatasetInfo& info : datasets()) {
        CAPTURE(info.name);
        const Dataset d = generate(info.name);
        CHECK(d.size() == info.defaultN);
        CHECK(d.inputs == (info.name == "sine" ? 1 : 2));
        CHECK(d.x.size() == size_t(d.size()) * size_t(d.inputs));
        CHECK(d.columns.size() == size_t(d.inputs));
        CHECK(d.columns[0] == "x1");
        CHECK(d.classes == (info.regression ? 0 : info.name == "gaussian-mixture" ? 2 : 2));
        for (double v : d.x) {
            CHECK(std::isfinite(v));
            CHECK(std::abs(v) < 8);
        }
        if (!info.regression) {
            for (int c : classCounts(d)) CHECK(c == d.size() / d.classes);
        }
    }

    // gaussian-mixture: cluster means near the centres on the circle, class = cluster mod classes
    {
        const Dataset d = generate("gaussian-mixture:n=4000,clusters=3,classes=3,spread=4,noise=0.5");
        CHECK(d.classes == 3);
        for (int j = 0; j < 3; ++j) {
            double mx = 0, my = 0, var = 0;
            int count = 0;
            for (int i = j; i < d.size(); i += 3) {
                CHECK(d.y[size_t(i)] == j);
                mx += d.at(i, 0);
                my += d.at(i, 1);
                ++count;
            }
            mx /= count;
            my /= count;
            for (int i = j; i < d.size(); i += 3) var += std::pow(d.at(i, 0) - mx, 2) + std::pow(d.at(i, 1) - my, 2);
            var /= 2 * count;
            const double angle = kPi / 4 + 2 * kPi * j / 3;
            CHECK(std::abs(mx - 4 * std::cos(angle)) < 0.06);
            CHECK(std::abs(my - 4 * std::sin(angle)) < 0.06);
            CHECK(std::abs(std::sqrt(var) - 0.5) < 0.03);
        }
        // 5 clusters, 2 classes: clusters 0, 2, 4 are class 0
        const Dataset five = generate("gaussian-mixture:n=100,clusters=5,random=1,spread=5");
        CHECK(classCounts(five) == std::vector<int>{60, 40});
        for (int i = 0; i < 100; ++i) CHECK(five.y[size_t(i)] == (i % 5) % 2);
    }
    // circles without noise: a disc of radius 2.5 and a ring 3.5..5, uniform by area
    {
        const Dataset d = generate("circles:n=2000,noise=0");
        int innerHalf = 0;
        for (int i = 0; i < d.size(); ++i) {
            const double r = std::hypot(d.at(i, 0), d.at(i, 1));
            CHECK(d.y[size_t(i)] == i % 2);
            if (i % 2 == 0) {
                CHECK(r <= 2.5 + 1e-12);
                innerHalf += r < 2.5 / std::sqrt(2.0);
            } else {
                CHECK(r >= 3.5 - 1e-12);
                CHECK(r <= 5 + 1e-12);
            }
        }
        CHECK(std::abs(innerHalf - 500) < 4 * std::sqrt(250.0));  // half the disc's area
        const Dataset g = generate("circles:n=500,noise=0,inner=1,gap=2");
        for (int i = 1; i < g.size(); i += 2) CHECK(std::hypot(g.at(i, 0), g.at(i, 1)) >= 3 - 1e-12);
    }
    // xor without noise: class 1 where x1·x2 > 0, a margin of 0.3 along the axes
    {
        const Dataset d = generate("xor:n=1000,noise=0");
        std::vector<int> quadrants(4, 0);
        for (int i = 0; i < d.size(); ++i) {
            const double a = d.at(i, 0), b = d.at(i, 1);
            CHECK(d.y[size_t(i)] == (a * b > 0 ? 1 : 0));
            CHECK(std::abs(a) >= 0.3);
            CHECK(std::abs(a) <= 5.3);
            CHECK(std::abs(b) >= 0.3);
            CHECK(std::abs(b) <= 5.3);
            ++quadrants[size_t((a > 0) * 2 + (b > 0))];
        }
        for (int q : quadrants) CHECK(std::abs(q - 250) < 4 * std::sqrt(250.0 * 0.75));
    }
    // two moons without noise: the two scaled half circles
    {
        const Dataset d = generate("two-moons:n=400,noise=0");
        for (int i = 0; i < d.size(); ++i) {
            const double px = d.at(i, 0) / 3.5 + 0.5, py = d.at(i, 1) / 3.5 + 0.25;
            if (i % 2 == 0) {
                CHECK(std::abs(std::hypot(px, py) - 1) < 1e-12);
                CHECK(py >= -1e-12);
            } else {
                CHECK(std::abs(std::hypot(px - 1, py - 0.5) - 1) < 1e-12);
                CHECK(py <= 0.5 + 1e-12);
            }
        }
    }
    // spiral without noise: radius 5s, angle 2π·turns·s + 2π·arm/arms
    {
        const Dataset d = generate("spiral:n=300,noise=0,arms=3,turns=1");
        CHECK(d.classes == 3);
        CHECK(classCounts(d) == std::vector<int>{100, 100, 100});
        for (int i = 0; i < d.size(); ++i) {
            const double a = d.at(i, 0), b = d.at(i, 1);
            const double r = std::hypot(a, b);
            CHECK(r <= 5);
            const double expected = 2 * kPi * (r / 5) + 2 * kPi * (i % 3) / 3;
            const double diff = std::remainder(std::atan2(a, b) - expected, 2 * kPi);
            CHECK(std::abs(diff) < 1e-9 / std::max(r, 1e-3));
        }
    }
    // plane: y = a·x1 + b·x2 + c, residuals of std noise
    {
        const Dataset d = generate("plane:n=4000,a=1,b=-2,c=0.5,noise=0.3");
        CHECK(d.classes == 0);
        double ss = 0, lo = 0, hi = 0;
        for (int i = 0; i < d.size(); ++i) {
            const double r = d.y[size_t(i)] - (d.at(i, 0) - 2 * d.at(i, 1) + 0.5);
            ss += r * r;
            lo = std::min({lo, d.at(i, 0), d.at(i, 1)});
            hi = std::max({hi, d.at(i, 0), d.at(i, 1)});
        }
        CHECK(std::abs(std::sqrt(ss / d.size()) - 0.3) < 0.015);
        CHECK(lo >= -6);
        CHECK(hi < 6);
        CHECK(lo < -5.9);
        CHECK(hi > 5.9);
    }
    // sine: x in [0, 1], y = sin(2πx) without noise; on the grid with grid=1
    {
        const Dataset d = generate("sine:noise=0,n=200");
        for (int i = 0; i < d.size(); ++i) {
            CHECK(d.at(i, 0) >= 0);
            CHECK(d.at(i, 0) < 1);
            CHECK(std::abs(d.y[size_t(i)] - std::sin(2 * kPi * d.at(i, 0))) < 1e-15);
        }
        const Dataset g = generate("sine:grid=1,n=11,freq=2,noise=0");
        for (int i = 0; i < 11; ++i) {
            CHECK(g.at(i, 0) == i / 10.0);
            CHECK(std::abs(g.y[size_t(i)] - std::sin(4 * kPi * i / 10.0)) < 1e-15);
        }
        CHECK(generate("sine:grid=1,n=1").at(0, 0) == 0);
    }
}

TEST_CASE("dataset seeds: the same spec replays, n is a prefix, noise and flip move what they say") {
    for (const DatasetInfo& info : datasets()) {
        CAPTURE(info.name);
        const std::string csv = datasetCsv(generate(info.name + ":n=37,seed=5"));
        CHECK(datasetCsv(generate(info.name + ":n=37,seed=5")) == csv);
        CHECK(datasetCsv(generate(info.name + ":n=37,seed=6")) != csv);
        // n = 20 is a prefix of n = 37 (sine's grid aside)
        const Dataset a = generate(info.name + ":n=37,seed=5"), b = generate(info.name + ":n=20,seed=5");
        for (int i = 0; i < 20; ++i) {
            CHECK(b.y[size_t(i)] == a.y[size_t(i)]);
            for (int c = 0; c < a.inputs; ++c) CHECK(b.at(i, c) == a.at(i, c));
        }
        if (!info.regression) {
            // noise moves points, not labels; flip changes labels, not points
            const Dataset quiet = generate(info.name + ":n=37,seed=5,noise=0");
            CHECK(quiet.y == a.y);
            CHECK(quiet.x != a.x);
            const Dataset flipped = generate(info.name + ":n=37,seed=5,flip=0.5");
            CHECK(flipped.x == a.x);
            CHECK(flipped.y != a.y);
        }
    }
    // the flip rate, and flipped labels are other classes
    const Dataset clean = generate("spiral:n=6000,arms=3");
    const Dataset noisy = generate("spiral:n=6000,arms=3,flip=0.2");
    int changed = 0;
    std::vector<int> to(3, 0);
    for (int i = 0; i < clean.size(); ++i)
        if (clean.y[size_t(i)] != noisy.y[size_t(i)]) {
            ++changed;
            ++to[size_t(noisy.y[size_t(i)])];
        }
    CHECK(std::abs(changed - 1200) < 4 * std::sqrt(6000 * 0.2 * 0.8));
    for (int t : to) CHECK(std::abs(t - 400) < 4 * std::sqrt(400.0));
}

TEST_CASE("dataset checksums: pinned CSV bytes, the same natively and in wasm") {
    const std::string spiral = datasetCsv(generate("spiral:n=50,seed=7,arms=3,flip=0.1"));
    const std::string moons = datasetCsv(generate("two-moons:n=40,seed=11"));
    const std::string sine = datasetCsv(generate("sine:seed=3"));
    const std::string mixture = datasetCsv(generate("gaussian-mixture:n=30,random=1,clusters=5,classes=3"));
    CHECK(textHash(spiral) == 16532497086494641257ULL);
    CHECK(textHash(moons) == 5951475043604590834ULL);
    CHECK(textHash(sine) == 330038616916262304ULL);
    CHECK(textHash(mixture) == 11545956783435210513ULL);
}

TEST_CASE("dataset sine and cosine: portableSin and portableCos within 2 ulp of the C library, the same bits everywhere") {
    SplitMix64 r = SplitMix64::stream(21, 1);
    const auto check = [&](double x) {
        CAPTURE(x);
        const double us = ulps(portableSin(x), std::sin(x)), uc = ulps(portableCos(x), std::cos(x));
        CHECK(us <= 2);
        CHECK(uc <= 2);
    };
    for (int i = 0; i < 20000; ++i) {
        // magnitudes from 1e-8 to 1e6, both signs
        const double e = r.uniform(-8, 6);
        const double x = (r.uniform() < 0.5 ? -1 : 1) * std::pow(10.0, e);
        check(x);
    }
    for (int i = 0; i < 5000; ++i) check(r.uniform(-10, 10));
    // near multiples of π/2, where the reduction cancels: the results are tiny
    for (int k = 1; k < 600000; k += 997) {
        const double x = k * (kPi / 2);
        check(x);
        check(std::nextafter(x, 0));
        check(std::nextafter(x, HUGE_VAL));
        check(-x);
    }
    CHECK(portableSin(0.0) == 0.0);
    CHECK(std::signbit(portableSin(-0.0)));
    CHECK(portableCos(0.0) == 1.0);
    CHECK(portableSin(kPi / 6) == doctest::Approx(0.5).epsilon(1e-16));
    CHECK(std::isnan(portableSin(HUGE_VAL)));
    CHECK(std::isnan(portableCos(-HUGE_VAL)));
    CHECK(std::isnan(portableSin(std::nan(""))));
    CHECK(portableSin(1e-300) == 1e-300);
    // a bit-exact checksum of many values: pinned, so wasm must give the same bits
    BitHash h;
    SplitMix64 q = SplitMix64::stream(22, 1);
    for (int i = 0; i < 1000; ++i) {
        const double x = q.uniform(-1000, 1000);
        h.add(portableSin(x));
        h.add(portableCos(x));
    }
    CHECK(h.value == 18226402374692272589ULL);
}

TEST_CASE("dataset specs: parseDatasetSpec and datasetSpecText") {
    std::string error;
    auto s = parseDatasetSpec("spiral", &error);
    REQUIRE(s);
    CHECK(s->name == "spiral");
    CHECK(s->n == 200);
    CHECK(s->noise == 0.2);
    CHECK(s->seed == 1);
    CHECK(s->params.empty());
    CHECK(datasetSpecText(*s) == "spiral");

    s = parseDatasetSpec("spiral:n=400,noise=0.1,seed=3,arms=3", &error);
    REQUIRE(s);
    CHECK(s->n == 400);
    CHECK(s->noise == 0.1);
    CHECK(s->seed == 3);
    CHECK(s->params == std::map<std::string, double>{{"arms", 3}});
    CHECK(datasetSpecText(*s) == "spiral:n=400,noise=0.1,seed=3,arms=3");
    // canonical order and defaults dropped
    s = parseDatasetSpec("spiral: arms = 3 ,turns=1.75,seed=3,n=200,noise=0.125", &error);
    REQUIRE(s);
    CHECK(datasetSpecText(*s) == "spiral:noise=0.125,seed=3,arms=3");
    s = parseDatasetSpec("sine", &error);
    REQUIRE(s);
    CHECK(s->n == 30);
    CHECK(s->noise == 0.2);
    s = parseDatasetSpec("gaussian-mixture:seed=18446744073709551615,clusters=6,classes=3,random=1", &error);
    REQUIRE(s);
    CHECK(s->seed == 18446744073709551615ULL);
    CHECK(datasetSpecText(*s) == "gaussian-mixture:seed=18446744073709551615,clusters=6,classes=3,random=1");
    // every canonical text reads back to itself
    for (const std::string t : {"xor:n=10,gap=0.5,flip=0.05", "plane:noise=0,a=-1.5,c=2", "circles:seed=0,inner=1",
                                "two-moons:n=100000,noise=10", "sine:n=10,freq=0.5,grid=1"}) {
        CAPTURE(t);
        const auto p = parseDatasetSpec(t, &error);
        INFO(error);
        REQUIRE(p);
        CHECK(datasetSpecText(*p) == t);
        CHECK(generateDataset(*p, &error));
    }
    // a spec built in code: n and noise -1 are the defaults
    DatasetSpec code;
    code.name = "sine";
    code.n = -1;
    CHECK(datasetSpecText(code) == "sine");
    CHECK(generateDataset(code, &error)->size() == 30);
    code.params["freq"] = 2;
    code.seed = 9;
    CHECK(datasetSpecText(code) == "sine:seed=9,freq=2");

    const auto bad = [&](const std::string& text) {
        std::string e;
        CHECK_FALSE(parseDatasetSpec(text, &e));
        CHECK_FALSE(parseDatasetSpec(text, nullptr));
        return e;
    };
    CHECK(bad("x") == "unknown data set 'x'; known: gaussian-mixture, circles, xor, two-moons, spiral, plane, sine");
    CHECK(bad("") == "empty data set name; known: gaussian-mixture, circles, xor, two-moons, spiral, plane, sine");
    CHECK(bad("spiral:arms=7") == "arms=7 is out of range; arms must be a whole number in [2, 3]");
    CHECK(bad("spiral:foo=1") == "unknown key 'foo' for spiral; keys: n, noise, seed, arms, turns, flip");
    CHECK(bad("plane:flip=0.1") == "unknown key 'flip' for plane; keys: n, noise, seed, a, b, c");
    CHECK(bad("spiral:arms=x") == "arms='x' is not a number; arms must be a whole number in [2, 3]");
    CHECK(bad("spiral:arms") ==
          "'arms' in 'spiral:arms' is not KEY=VALUE; write NAME:KEY=VALUE,..., e.g. spiral:arms=2");
    CHECK(bad("spiral:") == "'' in 'spiral:' is not KEY=VALUE; write NAME:KEY=VALUE,..., e.g. spiral:arms=2");
    CHECK(bad("spiral:n=5,n=6") == "n given twice in 'spiral:n=5,n=6'; give each key once");
    CHECK(bad("spiral:n=0") == "n=0 is out of range; n must be a whole number in [1, 100000]");
    CHECK(bad("spiral:n=2.5") == "n=2.5 is out of range; n must be a whole number in [1, 100000]");
    CHECK(bad("spiral:noise=-1") == "noise=-1 is out of range; noise must be in [0, 10]");
    CHECK(bad("spiral:noise=11") == "noise=11 is out of range; noise must be in [0, 10]");
    CHECK(bad("spiral:seed=-1") == "seed='-1' is not a whole number in [0, 18446744073709551615]");
    CHECK(bad("spiral:seed=1.5") == "seed='1.5' is not a whole number in [0, 18446744073709551615]");
    CHECK(bad("spiral:seed=18446744073709551616") ==
          "seed='18446744073709551616' is not a whole number in [0, 18446744073709551615]");
    CHECK(bad("spiral:flip=0.6") == "flip=0.6 is out of range; flip must be in [0, 0.5]");
    CHECK(bad("sine:grid=0.5") == "grid=0.5 is out of range; grid must be 0 or 1");
    CHECK(bad("gaussian-mixture:classes=5") ==
          "classes=5 is more than clusters=4; every class needs a cluster of its own");

    // generateDataset checks specs built in code
    DatasetSpec g;
    g.n = 0;
    CHECK_FALSE(generateDataset(g, &error));
    CHECK(error == "n=0 is out of range; n must be a whole number in [1, 100000]");
    g.n = 10;
    g.noise = std::numeric_limits<double>::quiet_NaN();
    CHECK_FALSE(generateDataset(g, &error));
    CHECK(error == "noise=nan is out of range; noise must be in [0, 10]");
    g.noise = -1;
    g.params["arms"] = 4;
    CHECK_FALSE(generateDataset(g, &error));
    CHECK(error == "arms=4 is out of range; arms must be a whole number in [2, 3]");
    g.params = {{"bogus", 1}};
    CHECK_FALSE(generateDataset(g, &error));
    CHECK(error == "unknown key 'bogus' for spiral; keys: n, noise, seed, arms, turns, flip");
    g.params.clear();
    g.name = "nope";
    CHECK_FALSE(generateDataset(g, nullptr));
}

TEST_CASE("dataset CSV: written in the shortest exact form and read back to the same numbers") {
    for (const DatasetInfo& info : datasets()) {
        CAPTURE(info.name);
        const Dataset d = generate(info.name + ":n=300,seed=4");
        const std::string csv = datasetCsv(d);
        const std::string header = info.name == "sine" ? "x1,y\n" : "x1,x2,y\n";
        CHECK(csv.substr(0, header.size()) == header);
        std::string error;
        const auto back = parseDatasetCsv(csv, &error);
        INFO(error);
        REQUIRE(back);
        CHECK(back->inputs == d.inputs);
        CHECK(back->classes == d.classes);
        CHECK(back->columns == d.columns);
        CHECK(back->x == d.x);
        CHECK(back->y == d.y);
        CHECK(datasetCsv(*back) == csv);
    }
    Dataset small;
    small.inputs = 2;
    small.classes = 0;
    small.x = {0.1, -2.5, 1e-7, 100, 1.0 / 3, 0};
    small.y = {3, 0.25, -1e20};
    CHECK(datasetCsv(small) == "x1,x2,y\n0.1,-2.5,3\n1e-07,100,0.25\n0.3333333333333333,0,-1e+20\n");
    small.columns = {"age", "height"};
    small.classes = 4;
    small.y = {0, 3, 1};
    CHECK(datasetCsv(small) == "age,height,y\n0.1,-2.5,0\n1e-07,100,3\n0.3333333333333333,0,1\n");
}

TEST_CASE("dataset CSV reading: separators, classification or regression, and clear rejections") {
    std::string error;
    // \r\n, spaces, a name for the target, quotes, a byte-order mark, blank lines, no final newline
    auto d = parseDatasetCsv("\xEF\xBB\xBF\"age\", height ,label\r\n 1 , 2,0\r\n\r\n3,4.5,2\r\n-1e-3,0,1", &error);
    INFO(error);
    REQUIRE(d);
    CHECK(d->inputs == 2);
    CHECK(d->columns == std::vector<std::string>{"age", "height"});
    CHECK(d->classes == 3);
    CHECK(d->size() == 3);
    CHECK(d->x == std::vector<double>{1, 2, 3, 4.5, -1e-3, 0});
    CHECK(d->y == std::vector<double>{0, 2, 1});
    CHECK(d->at(2, 0) == -1e-3);
    // classes = max + 1, even with gaps
    d = parseDatasetCsv("x,y\n1,1\n2,3\n", &error);
    REQUIRE(d);
    CHECK(d->classes == 4);
    CHECK(d->inputs == 1);
    // regression: a fraction, a negative, a value above 1000, more than 20 distinct values
    for (const std::string t : {"x,y\n1,0\n2,0.5\n", "x,y\n1,0\n2,-1\n", "x,y\n1,0\n2,1001\n"}) {
        CAPTURE(t);
        d = parseDatasetCsv(t, &error);
        REQUIRE(d);
        CHECK(d->classes == 0);
    }
    std::string many = "x,y\n";
    for (int i = 0; i < 21; ++i) many += std::to_string(i) + "," + std::to_string(i) + "\n";
    CHECK(parseDatasetCsv(many, &error)->classes == 0);
    many = "x,y\n";
    for (int i = 0; i < 20; ++i) many += std::to_string(i) + "," + std::to_string(i) + "\n";
    CHECK(parseDatasetCsv(many, &error)->classes == 20);
    // a constant real target is a (degenerate) regression, not one class
    CHECK(parseDatasetCsv("x,y\n1,0.5\n2,0.5\n", &error)->classes == 0);

    CHECK(csvError("") == "the CSV is empty; it needs a header (e.g. x1,x2,y) and rows of numbers");
    CHECK(csvError("\n \r\n") == "the CSV is empty; it needs a header (e.g. x1,x2,y) and rows of numbers");
    CHECK(csvError("x1,x2,y\n") == "the CSV has only its header (line 1); it needs at least one row of numbers");
    CHECK(csvError("x1,x2,y\r\n\r\n") ==
          "the CSV has only its header (line 1); it needs at least one row of numbers");
    CHECK(csvError("x1,x2,y\n1,2,0\n3,4,1\n1,2,1\n5,1\n") == "line 5: 2 fields, the header has 3");
    CHECK(csvError("x1,x2,y\r\n1,2,0\r\n3,4,1,7\r\n") == "line 3: 4 fields, the header has 3");
    CHECK(csvError("x1,x2,y\n1,2,0\n1\n") == "line 3: 1 field, the header has 3");
    CHECK(csvError("x1,x2,y\n1,2,0\n1,abc,1\n") == "line 3, column 2: 'abc' is not a number");
    CHECK(csvError("x,y\n\n1,2\n\nfoo,1\n") == "line 5, column 1: 'foo' is not a number");
    CHECK(csvError("x1,x2,y\n1,,0\n") == "line 2, column 2 is empty");
    CHECK(csvError("x1,x2,y\n1e999,2,0\n") == "line 2, column 1: '1e999' is not a finite number");
    CHECK(csvError("x1,x2,y\n1,2,nan\n") == "line 2, column 3: 'nan' is not a finite number");
    CHECK(csvError("x1,x2,y\n1,-inf,1\n") == "line 2, column 2: '-inf' is not a finite number");
    CHECK(csvError("x,y\n1,0\n2,0\n") == "the target column has one class only (0); a classifier needs two or more");
    CHECK(csvError("x,y\n1,3\n") == "the target column has one class only (3); a classifier needs two or more");
    CHECK(csvError("y\n1\n2\n") ==
          "line 1: the header has 1 column; a data set needs at least one input column and the target (the last column)");
    CHECK(csvError("x,,y\n1,2,3\n") == "line 1, column 2: empty column name");
    CHECK(csvError("1,2,0\n3,4,1\n") ==
          "line 1: the first line should be a header of column names (e.g. x1,x2,y), not numbers");
    CHECK(csvError("x,y\n1," + std::string(100, 'z') + "\n") ==
          "line 2, column 2: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz...' is not a number");
    CHECK_FALSE(parseDatasetCsv("", nullptr));

    // random text never crashes: it is read or rejected with a one-line message
    SplitMix64 r = SplitMix64::stream(3, 1);
    const std::string alphabet = "0123456789,,,\n\r -.eEx\"a";
    for (int k = 0; k < 3000; ++k) {
        std::string t = "a,b,c\n";
        const int len = static_cast<int>(r.below(60));
        for (int i = 0; i < len; ++i) t += alphabet[r.below(static_cast<std::uint32_t>(alphabet.size()))];
        std::string e;
        const auto p = parseDatasetCsv(t, &e);
        if (p) {
            CHECK(p->x.size() == size_t(p->size()) * size_t(p->inputs));
            CHECK(p->size() >= 1);
        } else {
            CHECK_FALSE(e.empty());
            CHECK(e.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("dataset split: splitDataset sizes, disjoint sorted halves, reproducible") {
    for (int n : {1, 2, 3, 10, 101, 1000}) {
        for (double f : {0.0, 0.2, 0.5, 0.9}) {
            CAPTURE(n);
            CAPTURE(f);
            const Split s = splitDataset(n, f, 42);
            const int train = std::max(1, static_cast<int>(std::round(n * (1 - f))));
            CHECK(int(s.train.size()) == train);
            CHECK(int(s.test.size()) == n - train);
            CHECK(std::is_sorted(s.train.begin(), s.train.end()));
            CHECK(std::is_sorted(s.test.begin(), s.test.end()));
            std::vector<int> all = s.train;
            all.insert(all.end(), s.test.begin(), s.test.end());
            std::sort(all.begin(), all.end());
            std::vector<int> expected(static_cast<size_t>(n));
            std::iota(expected.begin(), expected.end(), 0);
            CHECK(all == expected);
            const Split again = splitDataset(n, f, 42);
            CHECK(again.train == s.train);
            CHECK(again.test == s.test);
        }
    }
    CHECK(splitDataset(1000, 0.2, 1).test != splitDataset(1000, 0.2, 2).test);
    CHECK(splitDataset(0, 0.2, 1).train.empty());
    CHECK(splitDataset(0, 0.2, 1).test.empty());
    CHECK(splitDataset(-5, 0.2, 1).train.empty());
    CHECK(splitDataset(10, 0.95, 1).train.size() == 1);  // clamped to 0.9
    CHECK(splitDataset(10, -1, 1).train.size() == 10);
    CHECK(splitDataset(10, std::nan(""), 1).train.size() == 10);
    CHECK(splitDataset(200, 0.25, 7).test.size() == 50);
    // every index is equally likely to be tested
    std::vector<int> tested(20, 0);
    for (std::uint64_t seed = 0; seed < 2000; ++seed)
        for (int i : splitDataset(20, 0.25, seed).test) ++tested[size_t(i)];
    for (int t : tested) CHECK(std::abs(t - 500) < 4 * std::sqrt(2000 * 0.25 * 0.75));
}

TEST_CASE("dataset features: TensorFlow Playground's inputs and polynomial powers") {
    const std::vector<std::string> expected = {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"};
    REQUIRE(featureNames().size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        CHECK(featureNames()[i].second == expected[i]);
        CHECK(parseFeature(expected[i]) == featureNames()[i].first);
        CHECK(static_cast<size_t>(featureNames()[i].first) == i);
    }
    CHECK_FALSE(parseFeature("x3"));
    CHECK_FALSE(parseFeature(""));

    const Dataset d = generate("xor:n=50");
    const Dataset f = withFeatures(d, {Feature::X1X2, Feature::X1Squared, Feature::SinX2, Feature::X2,
                                       Feature::X2Squared, Feature::SinX1, Feature::X1});
    CHECK(f.inputs == 7);
    CHECK(f.columns == std::vector<std::string>{"x1*x2", "x1^2", "sin(x2)", "x2", "x2^2", "sin(x1)", "x1"});
    CHECK(f.classes == 2);
    CHECK(f.y == d.y);
    for (int i = 0; i < d.size(); ++i) {
        const double a = d.at(i, 0), b = d.at(i, 1);
        CHECK(f.at(i, 0) == a * b);
        CHECK(f.at(i, 1) == a * a);
        CHECK(f.at(i, 2) == portableSin(b));
        CHECK(f.at(i, 3) == b);
        CHECK(f.at(i, 4) == b * b);
        CHECK(f.at(i, 5) == portableSin(a));
        CHECK(f.at(i, 6) == a);
    }
    // xor is linearly separable in x1*x2 alone (noise aside)
    const Dataset clean = generate("xor:n=200,noise=0");
    const Dataset product = withFeatures(clean, {Feature::X1X2});
    for (int i = 0; i < product.size(); ++i) CHECK((product.at(i, 0) > 0) == (product.y[size_t(i)] == 1));
    // identity features give the same data set
    const Dataset same = withFeatures(d, {Feature::X1, Feature::X2});
    CHECK(same.x == d.x);
    CHECK(datasetCsv(same) == datasetCsv(d));
    // a one-input set keeps the x1 features and leaves out those of x2
    const Dataset s = generate("sine");
    const Dataset s1 = withFeatures(s, {Feature::X1, Feature::X2, Feature::X1Squared, Feature::X1X2});
    CHECK(s1.columns == std::vector<std::string>{"x1", "x1^2"});
    CHECK(s1.at(3, 1) == s.at(3, 0) * s.at(3, 0));
    CHECK(withFeatures(d, {}).inputs == 0);

    const Dataset p = polynomialFeatures(s, 4);
    CHECK(p.inputs == 4);
    CHECK(p.columns == std::vector<std::string>{"x1", "x1^2", "x1^3", "x1^4"});
    CHECK(p.classes == 0);
    CHECK(p.y == s.y);
    for (int i = 0; i < s.size(); ++i) {
        const double x = s.at(i, 0);
        CHECK(p.at(i, 0) == x);
        CHECK(p.at(i, 1) == x * x);
        CHECK(p.at(i, 2) == x * x * x);
        CHECK(p.at(i, 3) == x * x * x * x);
    }
    CHECK(polynomialFeatures(s, 0).inputs == 1);
    CHECK(polynomialFeatures(s, 99).inputs == 30);
}
