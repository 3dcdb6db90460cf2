// The tanh-plateau lesson's numbers, computed as the page computes them: each step's scenario
// applied in order onto a fresh scenario, the theory spec turned into the sweep's settings
// (plateauSettingsFor), and every number the texts and explanations quote checked on the result.
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

TheorySpec plateauSpecOf(size_t k) {
    const Scenario sc = testing::lessonStepScenario("18-tanh-plateau.json", k);
    REQUIRE(sc.mode == "theory");
    REQUIRE(sc.theory.experiment == "plateau");
    return sc.theory;
}

int scaleIndex(const PlateauSettings& s, double scale) {
    for (size_t i = 0; i < s.scales.size(); ++i)
        if (std::abs(s.scales[i] / scale - 1) < 1e-9) return static_cast<int>(i);
    FAIL("no scale " << scale);
    return 0;
}

}  // namespace

TEST_CASE("lesson tanh-plateau: the quoted plateau lengths, gradients and growth factors") {
    const TheorySpec spec = plateauSpecOf(0);
    CHECK(spec.plateauCurve == 2);
    const PlateauSettings ps = plateauSettingsFor(spec);
    CHECK(ps.inputs == 2);  // "8 tanh units", "200 Gaussian samples", "tanh(2x₁)", "η = 0.05", "r = 0.1", "≤ 0.01"
    CHECK(ps.hidden == 8);
    CHECK(ps.samples == 200);
    CHECK(ps.gain == 2.0);
    CHECK(ps.lr == 0.05);
    CHECK(ps.momentum == 0.9);
    CHECK(ps.radius == 0.1);
    CHECK(ps.threshold == 0.01);
    CHECK(ps.drop == 0.5);
    REQUIRE(ps.scales.size() == 9);
    CHECK(ps.scales[2] == doctest::Approx(1e-3));
    auto c = PlateauComputer::make(ps, nullptr);
    REQUIRE(c);
    while (!c->advanceFor(1.0)) {}
    const auto len = [&](double s, PlateauOptimizer o) { return c->find(scaleIndex(ps, s), o)->length; };
    const PlateauRun& gd3 = *c->find(2, PlateauOptimizer::GD);
    std::printf("# lesson tanh-plateau: L0 %.4f, 2|c| %.4f, gd %d %d %d, hb %d, pgd %d %d, start grad %.4f; %.2f s\n",
                c->zeroLoss(), c->escapeRate(), len(1e-4, PlateauOptimizer::GD), gd3.length, len(1e-2, PlateauOptimizer::GD),
                len(1e-3, PlateauOptimizer::Momentum), len(1e-3, PlateauOptimizer::PerturbedGD),
                len(1e-2, PlateauOptimizer::PerturbedGD), gd3.startGrad, c->seconds());
    // step 1
    CHECK(gd3.length == 95);                                        // "95 steps"
    CHECK(c->zeroLoss() == doctest::Approx(0.6085).epsilon(1e-4));  // "L₀ = 0.6085"
    CHECK(gd3.startGrad == doctest::Approx(0.0026).epsilon(0.03));  // "only 0.0026"
    CHECK(gd3.finalLoss < 0.01 * c->zeroLoss());                    // "then it falls"
    // step 2
    CHECK(plateauSpecOf(1).plateauCurve == 0);
    CHECK(len(1e-2, PlateauOptimizer::GD) == 62);   // "62 steps at s = 10⁻²"
    CHECK(len(1e-4, PlateauOptimizer::GD) == 128);  // "128 at 10⁻⁴"
    CHECK((len(1e-4, PlateauOptimizer::GD) - len(1e-2, PlateauOptimizer::GD)) / 2.0 == doctest::Approx(33).epsilon(0.02));
    CHECK(c->escapeRate() == doctest::Approx(1.445).epsilon(4e-4));  // "2‖c‖ = 1.445"
    const double gdGrowth = plateauGrowth(ps, c->escapeRate(), PlateauOptimizer::GD);
    CHECK(std::log(10.0) / std::log(gdGrowth) == doctest::Approx(33.0).epsilon(0.0016));  // "= 33.0"
    // step 3
    CHECK(plateauSpecOf(2).plateauCurve == 2);
    CHECK(len(1e-3, PlateauOptimizer::Momentum) == 31);     // "heavy ball after 31 steps"
    CHECK(len(1e-3, PlateauOptimizer::PerturbedGD) == 48);  // "perturbed GD after 48"
    const double hbGrowth = plateauGrowth(ps, c->escapeRate(), PlateauOptimizer::Momentum);
    CHECK(hbGrowth == doctest::Approx(1.255).epsilon(4e-4));  // "1.255 instead of 1.072"
    CHECK(gdGrowth == doctest::Approx(1.072).epsilon(4e-4));
    CHECK(std::log(10.0) / std::log(hbGrowth) == doctest::Approx(10.1).epsilon(0.005));  // "10.1 steps per decade"
    CHECK(c->find(2, PlateauOptimizer::PerturbedGD)->jumps > 0);
    for (double s : {1e-4, 3.1622776601683795e-4, 1e-3, 3.1622776601683795e-3}) {  // "48 steps at every scale up to 10⁻²·⁵"
        CHECK(len(s, PlateauOptimizer::PerturbedGD) == 48);
        CHECK(c->find(scaleIndex(ps, s), PlateauOptimizer::GD)->startGrad <= ps.threshold);
    }
    CHECK(c->find(scaleIndex(ps, 1e-2), PlateauOptimizer::GD)->startGrad > ps.threshold);
    CHECK(len(1e-2, PlateauOptimizer::PerturbedGD) == len(1e-2, PlateauOptimizer::GD));
}
