// The network-theorems lesson's numbers, computed as the page computes them: each step's
// scenario applied in order onto a fresh scenario, the theory spec turned into the computers'
// settings (tableSettingsFor, ...), and what the explanations quote checked on the result.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "core/lesson.h"
#include "core/scenario.h"
#include "core/theory/theory_spec.h"

#include "lesson_fixtures.h"

using namespace optiscape;
using namespace optiscape::theory;

namespace {

/// The theory spec of step k of the lesson.
TheorySpec specOf(size_t k) {
    const Scenario sc = testing::lessonStepScenario("16-network-theorems.json", k);
    REQUIRE(sc.mode == "theory");
    return sc.theory;
}

const SpuriousRowTally& row(const SpuriousTableComputer& c, int k, int n) {
    for (const auto& r : c.rows())
        if (r.k == k && r.n == n) return r;
    FAIL("no row " << k << ", " << n);
    return c.rows().front();
}

}  // namespace

TEST_CASE("lesson network-theorems, steps 1-2: the spurious table's quoted numbers") {
    const TheorySpec spec = specOf(0);
    CHECK(spec.experiment == "spurious");
    SpuriousTableComputer c(tableSettingsFor(spec));
    while (!c.advanceFor(1.0)) {}
    const auto& r10 = row(c, 10, 10);
    std::printf("# lesson network-theorems: (10,10) %d/%d, (6,6) %d, (8,9) %d, (10,11) %d; eig/2 %.4f obj/2 %.4f; %.1f s\n",
                r10.spurious, r10.done, row(c, 6, 6).spurious, row(c, 8, 9).spurious, row(c, 10, 11).spurious,
                0.5 * r10.meanMinEigenvalue(), 0.5 * r10.meanObjective(), c.seconds());
    CHECK(r10.done == 40);
    CHECK(r10.spurious == 14);                                      // "14 of 40 (35 % ± 7.5 %)"
    CHECK(100 * r10.stderrFraction() == doctest::Approx(7.5).epsilon(0.01));
    CHECK(std::abs(r10.fraction() - 0.346) < 2 * r10.stderrFraction());  // within the lecture's sampling error
    CHECK(row(c, 6, 6).spurious == 0);                              // "at k = n = 6 none of 40"
    CHECK(0.5 * r10.meanObjective() == doctest::Approx(0.02).epsilon(0.1));  // "F ≈ 0.04 (0.02 in the lecture's scale)"
    CHECK(r10.meanMinEigenvalue() > 0);
    // step 2 keeps the same table: (10, 11) and (8, 9) catch none
    CHECK(specOf(1).runs == 40);
    CHECK(row(c, 10, 11).spurious == 0);
    CHECK(row(c, 8, 9).spurious == 0);
}

TEST_CASE("lesson network-theorems, step 3: vanishing gradients at sigma sqrt(d) = 0.5") {
    const TheorySpec spec = specOf(2);
    CHECK(spec.experiment == "gradients");
    GradSweepComputer c(sweepSettingsFor(spec));
    while (!c.advanceFor(1.0)) {}
    const double g1 = c.layers(1)[0].mean(), g50 = c.layers(50)[0].mean();
    std::printf("# lesson network-theorems: E|dl/dW1|^2 at L = 1: %.4g, at L = 50: %.3g\n", g1, g50);
    CHECK(g1 == doctest::Approx(1.2).epsilon(0.06));  // "about 1.2 at L = 1"
    CHECK(g50 > 1e-30);                               // "about 2·10⁻³⁰ at L = 50"
    CHECK(g50 < 4e-30);
    CHECK(std::pow(10, theorem9Terms(c.settings(), 50).log10YTerm) == doctest::Approx(2 * std::pow(0.25, 49)));  // 2γ·0.25⁴⁹
}

TEST_CASE("lesson network-theorems, step 4: the landscape kinds") {
    const TheorySpec spec = specOf(3);
    CHECK(spec.experiment == "kinds");
    std::string err;
    auto c = KindsComputer::make(kindsSettingsFor(spec), &err);
    REQUIRE_MESSAGE(c, err);
    while (!c->advanceFor(1.0)) {}
    double gap = 0;
    for (const auto& e : c->linearEnds()) {
        CHECK(e.converged);
        gap = std::max(gap, std::abs(e.loss - c->linearOptimum()));
    }
    const auto& rows = c->relu().rows();
    std::printf("# lesson network-theorems: kinds A L* = %.4f (max gap %.2g); B %d, C %d, D %d of 20 spurious\n",
                c->linearOptimum(), gap, rows[0].spurious, rows[1].spurious, rows[2].spurious);
    CHECK(c->linearEnds().size() == 20);
    CHECK(gap < 1e-11);                                            // "to within 10⁻¹¹"
    CHECK(c->linearOptimum() == doctest::Approx(0.3663).epsilon(1e-4));
    CHECK(rows[0].spurious == 7);                                  // "traps 7 of 20"
    CHECK(rows[1].spurious == 0);
    CHECK(rows[2].spurious == 0);
}
