// Shared test helpers for the core suite: a seeded random source that gives the same numbers
// natively and in wasm, relative comparison, a CSV reader for tests/data, and one helper that
// runs any optimizer on any landscape.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/landscape.h"
#include "core/optimizer.h"
#include "core/run.h"

namespace testing {

using namespace optiscape;

/// The whole text of the file at `path` ("" when it cannot be read).
inline std::string readFile(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

/// Uniform numbers from std::mt19937's raw output (whose sequence the standard fixes), not from
/// std::uniform_real_distribution (whose algorithm differs between libstdc++ and libc++).
class Rng {
public:
    explicit Rng(uint32_t seed) : gen_(seed) {}
    double uniform() { return (static_cast<double>(gen_()) + 0.5) / 4294967296.0; }
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    Vec2 inBox(const ViewBox& v, double margin = 0.0) {
        const double mx = margin * v.width(), my = margin * v.height();
        const double a = uniform(v.w1min - mx, v.w1max + mx);
        return {a, uniform(v.w2min - my, v.w2max + my)};
    }

private:
    std::mt19937 gen_;
};

/// |a − b| ≤ rel·max(|a|, |b|) + abs.
inline bool close(double a, double b, double rel, double abs = 0.0) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + abs;
}

/// Lines of a small CSV file under tests/data, split at commas; '#' lines skipped.
inline std::vector<std::vector<std::string>> readCsv(const std::string& name) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(std::string(OPTISCAPE_TEST_DATA) + "/" + name);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

/// Sets a reference manifest's parameters, "name=value;name=value" ("-" for none), on `l`.
inline void applyParams(Landscape& l, const std::string& spec) {
    if (spec == "-") return;
    std::stringstream ss(spec);
    std::string kv;
    while (std::getline(ss, kv, ';')) {
        const size_t eq = kv.find('=');
        REQUIRE(l.setParam(kv.substr(0, eq), *parseNumber(kv.substr(eq + 1))).empty());
    }
}

/// One optimizer step at gradient g with rate lr (and Hessian H, for newton).
inline StepStatus stepAt(OptimizerKind kind, const Hyper& h, OptimizerState& s, Vec2& w, const Vec2& g,
                         double lr, const Mat2& hessian = Mat2::Zero()) {
    StepContext ctx;
    ctx.grad = g;
    ctx.lr = lr;
    ctx.hessian = hessian;
    return step(kind, h, s, w, ctx);
}

/// Runs `kind` with settings `h` from `start` on `landscape` for up to `steps` steps.
inline Run runOptimizer(const Landscape& landscape, OptimizerKind kind, const Hyper& h,
                        const Vec2& start, int steps) {
    RunConfig cfg;
    cfg.optimizer = kind;
    cfg.hyper = h;
    cfg.start = start;
    Run run(cfg);
    run.reset(landscape);
    run.advance(landscape, steps);
    return run;
}

/// A preset with parameters set; fails the test if a value is rejected.
inline std::unique_ptr<Landscape> preset(const std::string& name,
                                         const std::vector<std::pair<std::string, double>>& ps = {}) {
    auto l = makePreset(name);
    for (const auto& [k, v] : ps) {
        const std::string err = l->setParam(k, v);
        if (!err.empty()) throw std::runtime_error(err);
    }
    return l;
}

/// ∇(w1² + 10·w2²) = (2·w1, 20·w2): the optimizers' quadratic test problem.
inline Vec2 quadGrad(const Vec2& w) { return {2 * w[0], 20 * w[1]}; }

/// Units in the last place between a and b, in b's binade.
inline double ulps(double a, double b) {
    if (a == b) return 0;
    const double m = std::abs(b);
    const double ulp = m == 0 ? std::numeric_limits<double>::denorm_min() : std::nextafter(m, HUGE_VAL) - m;
    return std::abs(a - b) / ulp;
}

}  // namespace testing
