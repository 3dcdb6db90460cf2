// Tests for src/core/jobs: a basin map computed as jobs — rows in any order, bands on a runner
// without threads, jobs as text — is the map BasinComputer computes in place, to the last bit;
// bad job texts give messages; a cancelled client gets nothing back.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/data_landscape.h"
#include "core/formula/formula.h"
#include "core/jobs/basin_jobs.h"
#include "jobs_fixtures.h"

using namespace optiscape;
using namespace optiscape::jobs;

namespace {

BasinRequest request(const char* optimizer, double lr, ViewBox box, int w, int h, int steps) {
    BasinRequest r;
    r.optimizer = *parseOptimizer(optimizer);
    r.hyper = defaultsFor(r.optimizer);
    r.hyper.lr = lr;
    r.box = box;
    r.width = w;
    r.height = h;
    r.maxSteps = steps;
    r.tol = 1e-6;
    return r;
}

BasinMap viaJobs(const Landscape& l, const BasinRequest& r, JobRunner& runner) {
    BasinJobs jobs(l, r, &runner);
    for (int guard = 0; guard < 100000 && !jobs.advance(0.0); ++guard) {
    }
    REQUIRE(jobs.done());
    CHECK(jobs.lastError().empty());
    return jobs.result();
}

}  // namespace

TEST_CASE("jobs: rows supplied in any order label as rows computed in order") {
    const auto l = makeAnyPreset("himmelblau");
    const BasinRequest r = request("momentum", 0.002, ViewBox{-5, 5, -5, 5}, 23, 17, 600);
    const BasinMap expected = testing::inPlace(*l, r);
    std::vector<int> order(static_cast<size_t>(r.height));
    for (int j = 0; j < r.height; ++j) order[static_cast<size_t>(j)] = j;
    std::mt19937 rng(7);
    std::shuffle(order.begin(), order.end(), rng);
    BasinComputer bc(*l, r);
    const BasinRowKernel kernel(*l, r);
    std::vector<BasinEvent> events;
    for (const int j : order) {
        kernel.computeRow(j, events);
        bc.supplyRow(j, events);
        bc.supplyRow(j, {});  // a row given twice is ignored
    }
    REQUIRE(bc.done());
    testing::checkSameMap(bc.result(), expected);
    CHECK(expected.minima.size() == 4);
}

TEST_CASE("jobs: a basin map as job texts is the map computed in place (every kind of landscape)") {
    struct Case {
        std::string preset, formula;
        const char* optimizer;
        double lr;
        ViewBox box;
    };
    const std::vector<Case> cases = {
        {"rosenbrock", "", "momentum", 1e-4, ViewBox{-2, 2, -1, 3}},
        {"himmelblau", "", "gd", 0.01, ViewBox{-5, 5, -5, 5}},
        {"yarotsky", "", "adam", 0.05, ViewBox{-2, 2, -2, 2}},
        {"himmelblau", "", "rmsprop", 0.05, ViewBox{-5, 5, -5, 5}},  // through Run itself
        {"linear-regression", "", "nesterov", 0.05, ViewBox{-3, 3, -3, 3}},
        {"", "log(w1) + (w2 - a)^2 + w1^2 * b", "gd", 0.05, ViewBox{-1, 2, -1, 3}},  // undefined for w1 ≤ 0
    };
    for (const Case& c : cases) {
        CAPTURE(c.preset);
        CAPTURE(c.formula);
        std::unique_ptr<Landscape> l =
            c.formula.empty() ? makeAnyPreset(c.preset) : makeFormulaLandscape(c.formula, nullptr);
        REQUIRE(l);
        if (!c.formula.empty()) {
            CHECK(l->setParam("a", 0.7).empty());
            CHECK(l->setParam("b", 1.0 / 3.0).empty());
        }
        const BasinRequest r = request(c.optimizer, c.lr, c.box, 19, 13, 400);
        CHECK(describable(*l, r.box));
        const BasinMap expected = testing::inPlace(*l, r);
        // every band as a text, run by runJob, decoded and supplied in reverse order
        BasinComputer bc(*l, r);
        for (int j0 = r.height - 4; j0 > -4; j0 -= 4) {
            const int a = std::max(j0, 0), b = std::min(j0 + 4, r.height);
            const JobOutput out = runJob(basinJobSpec(*l, r, a, b));
            REQUIRE(out.error.empty());
            std::vector<std::pair<int, std::vector<BasinEvent>>> rows;
            REQUIRE(decodeBasinRows(out.values, rows));
            REQUIRE(rows.size() == static_cast<size_t>(b - a));
            for (auto& [j, events] : rows) bc.supplyRow(j, std::move(events));
        }
        REQUIRE(bc.done());
        testing::checkSameMap(bc.result(), expected);
        // a runner without threads computes in place; its result is the same
        InlineRunner inline0;
        testing::checkSameMap(viaJobs(*l, r, inline0), expected);
    }
}

TEST_CASE("jobs: bad job texts give messages, never a crash") {
    const auto l = makeAnyPreset("rosenbrock");
    const BasinRequest r = request("momentum", 1e-4, ViewBox{-2, 2, -1, 3}, 8, 8, 10);
    std::string good = basinJobSpec(*l, r, 0, 2);
    CHECK(runJob(good).error.empty());
    CHECK(runJob(good).values.size() == 2 * 2 + 5 * 16);
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const size_t at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    CHECK(runJob("").error.find("job: line 1") == 0);
    CHECK(runJob("{}").error == "job: no \"kind\"");
    CHECK(runJob("{\"kind\": \"tour\"}").error == "job: unknown kind \"tour\"");
    CHECK(runJob(replaced("\"rosenbrock\"", "\"nowhere\"")).error == "basins: landscape: unknown \"nowhere\"");
    CHECK(runJob(replaced("\"momentum\"", "\"sgdx\"")).error == "basins: unknown \"optimizer\"");
    CHECK(runJob(replaced("\"rows\": [0, 2]", "\"rows\": [6, 9]")).error == "basins: \"rows\" outside the map");
    CHECK(runJob(replaced("\"width\": 8", "\"width\": -8")).error.find("basins: \"width\"") == 0);
    CHECK(runJob(replaced("\"box\": [", "\"box\": [1, ")).error.find("basins: \"box\"") == 0);
    std::vector<std::pair<int, std::vector<BasinEvent>>> rows;
    CHECK_FALSE(decodeBasinRows({0, 2, 1, 0, 5, 0.5}, rows));        // a row cut short
    CHECK_FALSE(decodeBasinRows({0, 1, 1, 7, 5, 0.5, 0.5}, rows));   // no such outcome
    CHECK(decodeBasinRows({}, rows));
}

TEST_CASE("jobs: a landscape the text cannot describe is computed in place") {
    // a formula landscape whose name is changed is not a preset: its text does not rebuild it
    struct Renamed : Landscape {
        std::unique_ptr<Landscape> inner = makeAnyPreset("rosenbrock");
        Renamed() : Landscape([] { LandscapeInfo i; i.name = "my-own"; return i; }()) {}
        double value(const Vec2& w) const override { return inner->value(w); }
        Vec2 gradient(const Vec2& w) const override { return inner->gradient(w); }
        Eval evaluate(const Vec2& w) const override { return inner->evaluate(w); }
        std::vector<StationaryPoint> stationaryPoints() const override { return {}; }
        std::unique_ptr<Landscape> clone() const override { return std::make_unique<Renamed>(); }
    } mine;
    const BasinRequest r = request("gd", 1e-3, ViewBox{-2, 2, -1, 3}, 6, 5, 50);
    CHECK_FALSE(describable(mine, r.box));
    InlineRunner pool;
    BasinJobs jobs(mine, r, &pool);
    CHECK(jobs.workers() == 0);
    while (!jobs.advance(0.0)) {
    }
    testing::checkSameMap(jobs.result(), testing::inPlace(mine, r));
}

TEST_CASE("jobs: a cancelled client gets nothing back; others go on") {
    const auto l = makeAnyPreset("rosenbrock");
    const BasinRequest r = request("momentum", 1e-4, ViewBox{-2, 2, -1, 3}, 8, 8, 10);
    InlineRunner pool;
    const int a = pool.open(), b = pool.open();
    CHECK(a != b);
    for (int k = 0; k < 3; ++k) pool.submit(a, basinJobSpec(*l, r, k, k + 1));
    const int tb = pool.submit(b, basinJobSpec(*l, r, 0, 1));
    pool.cancel(a);
    pool.submit(a, basinJobSpec(*l, r, 3, 4));  // a closed client's job is dropped
    CHECK(pool.take(a, 1.0).empty());
    const std::vector<Finished> got = pool.take(b, 1.0);
    REQUIRE(got.size() == 1);
    CHECK(got[0].ticket == tb);
    CHECK(got[0].output.error.empty());
    CHECK(pool.finishedCount() == 1);
    CHECK(pool.where() == "main-thread");
}
