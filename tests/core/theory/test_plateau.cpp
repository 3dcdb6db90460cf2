// The tanh plateau (core/theory/plateau.h) against mathematics: θ = 0 is a critical point whose
// Hessian has the eigenvalue −2‖c‖ (c = mean(y·x)) h times; the gradient of a small start is s·Hθ̂;
// the plateau lengthens as the start shrinks, by the linearised prediction's steps per decade;
// heavy ball leaves sooner, perturbed GD is gradient descent until its first jump; the progressive
// computer gives the pure chunks' numbers.
#include <doctest/doctest.h>

#include <cmath>

#include <Eigen/Eigenvalues>

#include "core/nets/backprop.h"
#include "core/theory/plateau.h"
#include "core/theory/theory_spec.h"

using namespace optiscape;
using namespace optiscape::theory;

namespace {

PlateauSettings small() {
    PlateauSettings s;
    s.scales = {1e-4, 1e-3, 1e-2, 0.1};
    s.maxSteps = 400;
    return s;
}

VecX mean_yx(const nets::Batch& b) {
    VecX c = VecX::Zero(b.inputs);
    for (int f = 0; f < b.inputs; ++f)
        for (int i = 0; i < b.n; ++i) c[f] += b.x[size_t(f) * b.n + i] * b.y[size_t(i)] / b.n;
    return c;
}

}  // namespace

TEST_CASE("theta = 0 is a saddle of the tanh student: zero gradient, Hessian eigenvalues -2|c| h times") {
    const PlateauSettings s;
    const PlateauProblem p = plateauProblem(s);
    const nets::Batch& b = p.problem.train;
    double mean = 0, sq = 0;
    for (double y : b.y) mean += y / b.n, sq += y * y / b.n;
    CHECK(std::abs(mean) < 1e-15);
    CHECK(p.zeroLoss == doctest::Approx(sq).epsilon(1e-14));
    nets::Backprop bp(p.problem.model);
    const VecX zero = VecX::Zero(p.problem.model.parameterCount());
    VecX g;
    CHECK(bp.gradient(zero, b, g) == doctest::Approx(p.zeroLoss).epsilon(1e-14));
    CHECK(g.norm() < 1e-15);
    const Eigen::SelfAdjointEigenSolver<MatX> es(bp.hessian(zero, b));
    const VecX ev = es.eigenvalues();
    const double c2 = 2 * mean_yx(b).norm();
    CHECK(plateauEscapeRate(p) == doctest::Approx(c2).epsilon(1e-12));
    int negative = 0;
    for (Eigen::Index i = 0; i < ev.size(); ++i) negative += ev[i] < -1e-9;
    CHECK(negative == s.hidden);
    CHECK(ev[0] == doctest::Approx(-c2).epsilon(1e-10));
    CHECK(ev[s.hidden - 1] == doctest::Approx(-c2).epsilon(1e-10));
    CHECK(ev[ev.size() - 1] == doctest::Approx(std::max(2.0, c2)).epsilon(1e-10));  // the output bias: 2
}

TEST_CASE("the gradient on the plateau is s times the Hessian at the saddle applied to the start's direction") {
    const PlateauSettings s;
    const PlateauProblem p = plateauProblem(s);
    nets::Backprop bp(p.problem.model);
    const VecX dir = plateauStart(s, 1.0);
    const VecX hv = bp.hessianVector(VecX::Zero(dir.size()), p.problem.train, dir);
    for (double scale : {1e-3, 1e-5}) {
        VecX g;
        bp.gradient(plateauStart(s, scale), p.problem.train, g);
        CHECK((g / scale - hv).norm() < 20 * scale * hv.norm());  // the next term is O(s²)
    }
}

TEST_CASE("the plateau lengthens as the start shrinks, by the linearised steps per decade") {
    const PlateauSettings s = small();
    const PlateauProblem p = plateauProblem(s);
    const double lambda = plateauEscapeRate(p);
    for (PlateauOptimizer o : {PlateauOptimizer::GD, PlateauOptimizer::Momentum}) {
        std::vector<int> len;
        for (int i = 0; i < 4; ++i) len.push_back(plateauRun(s, i, o).length);
        for (int i = 0; i < 4; ++i) REQUIRE(len[size_t(i)] > 0);
        CHECK(len[0] > len[1]);
        CHECK(len[1] > len[2]);
        CHECK(len[2] > len[3]);
        const double perDecade = std::log(10.0) / std::log(plateauGrowth(s, lambda, o));
        CHECK((len[0] - len[2]) / 2.0 == doctest::Approx(perDecade).epsilon(0.1));
    }
    // Heavy ball's growth is the larger root of z² − (1 + μ + ηλ)z + μ.
    const double z = plateauGrowth(s, lambda, PlateauOptimizer::Momentum);
    CHECK(z * z - (1 + s.momentum + s.lr * lambda) * z + s.momentum == doctest::Approx(0).epsilon(1e-14));
    CHECK(plateauGrowth(s, lambda, PlateauOptimizer::GD) == doctest::Approx(1 + s.lr * lambda));
}

TEST_CASE("momentum and perturbed GD leave the plateau sooner; perturbed GD is GD until it jumps") {
    const PlateauSettings s = small();
    for (int i = 0; i < 4; ++i) {
        const PlateauRun gd = plateauRun(s, i, PlateauOptimizer::GD);
        const PlateauRun hb = plateauRun(s, i, PlateauOptimizer::Momentum);
        const PlateauRun pgd = plateauRun(s, i, PlateauOptimizer::PerturbedGD);
        CHECK(hb.length < gd.length);
        CHECK(gd.startGrad == pgd.startGrad);
        if (gd.startGrad <= s.threshold) {
            CHECK(pgd.length < gd.length);  // it jumped at step 0, to radius r ≫ ‖θ₀‖
        } else {
            CHECK(pgd.length == gd.length);  // the gradient only grows on the way out: no jump before
            CHECK(pgd.curveLoss[1] == gd.curveLoss[1]);
        }
    }
}

TEST_CASE("the plateau computer's runs equal the pure chunks, cut into frames") {
    PlateauSettings s = small();
    s.scales = {1e-3, 0.1};
    std::string error;
    auto c = PlateauComputer::make(s, &error);
    REQUIRE(c);
    int rounds = 0;
    while (!c->advanceFor(0.0)) ++rounds;
    CHECK(rounds > 6);
    REQUIRE(c->runs().size() == 6);
    for (int i = 0; i < 2; ++i)
        for (int o = 0; o < kPlateauOptimizers; ++o) {
            const PlateauRun whole = plateauRun(s, i, static_cast<PlateauOptimizer>(o));
            const PlateauRun* cut = c->find(i, static_cast<PlateauOptimizer>(o));
            REQUIRE(cut);
            CHECK(cut->length == whole.length);
            CHECK(cut->finalLoss == whole.finalLoss);
            CHECK(cut->jumps == whole.jumps);
            CHECK(cut->curveLoss == whole.curveLoss);
        }
    CHECK(c->progress() == 1.0);
}

TEST_CASE("bad plateau settings get a message, and the theory spec carries the plateau's knobs") {
    PlateauSettings s;
    s.lr = 0;
    std::string error;
    CHECK_FALSE(PlateauComputer::make(s, &error));
    CHECK(error.find("lr") != std::string::npos);
    s = PlateauSettings{};
    s.scales = {1e-3, -1};
    CHECK(checkPlateau(s).find("scale") != std::string::npos);
    TheorySpec spec;
    CHECK(setTheoryField(spec, "plateauLr", "0.02").empty());
    CHECK(setTheoryField(spec, "plateauMomentum", "1.5").find("out of range") != std::string::npos);
    CHECK(setTheoryField(spec, "plateauCurve", "4").empty());
    const PlateauSettings p = plateauSettingsFor(spec);
    CHECK(p.lr == 0.02);
    CHECK(p.scales.size() == 9);
    JsonWriter j;
    j.beginObject();
    writeTheoryJson(j, spec);
    j.endObject();
    std::vector<std::string> notes;
    TheorySpec back;
    applyTheoryJson(*parseJson(j.str()), back, notes);
    CHECK(notes.empty());
    CHECK(back.plateauLr == 0.02);
    CHECK(back.plateauCurve == 4);
}
