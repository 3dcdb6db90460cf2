// The theory page's progressive computers against their pure chunks and against mathematics:
// a teacher run cut into pieces ends where it ends in one piece; the table's tallies equal the
// chunks'; Theorem 9's sweep matches the exact depth-1 value and stays under the bound; a deep
// linear net's gradient matches finite differences, its rank-p optimum the Baldi–Hornik closed
// form, and every start ends at that optimum (Kawaguchi); the theory spec's JSON round-trips.
#include <doctest/doctest.h>

#include <cmath>

#include "core/theory/deep_linear.h"
#include "core/theory/gradnorm_sweep.h"
#include "core/theory/landscape_kinds.h"
#include "core/theory/spurious_table.h"
#include "core/theory/theory_spec.h"

using namespace optiscape;
using namespace optiscape::theory;

TEST_CASE("a teacher run cut into pieces ends exactly where it ends in one piece") {
    const TeacherObjective obj{8, 8};
    for (std::uint64_t r = 0; r < 6; ++r) {
        const MatX W0 = xavierStart(8, 8, 3, r);
        const RunEnd whole = optimizeTeacher(obj, W0);
        TeacherDescent run(obj, W0);
        int pieces = 0;
        while (!run.advance(7)) ++pieces;
        const RunEnd cut = run.result();
        CHECK(pieces > 1);
        CHECK(cut.type == whole.type);
        CHECK(cut.objective == whole.objective);
        CHECK(cut.gradNorm == whole.gradNorm);
        CHECK(cut.gdSteps == whole.gdSteps);
        CHECK(cut.newtonSteps == whole.newtonSteps);
    }
}

TEST_CASE("the spurious table computer's tallies equal its pure chunks'") {
    SpuriousTableSettings s;
    s.rows = {{6, 6}, {9, 9}};
    s.runs = 7;
    s.roundRuns = 3;
    SpuriousTableComputer c(s);
    int slices = 0;
    while (!c.advanceFor(0.0005)) ++slices;
    CHECK(slices > 2);
    CHECK(c.progress() == 1.0);
    for (int row = 0; row < 2; ++row) {
        SpuriousRowTally t;
        for (const RunEnd& e : spuriousChunk(s, row, 0, 3)) t.add(e);
        for (const RunEnd& e : spuriousChunk(s, row, 3, 7)) t.add(e);
        const SpuriousRowTally& got = c.rows()[size_t(row)];
        CHECK(got.done == 7);
        CHECK(got.spurious == t.spurious);
        CHECK(got.global == t.global);
        CHECK(got.objectives == t.objectives);
        CHECK(got.sumObjective == t.sumObjective);
    }
    // the same as the CLI's experiment
    const SpuriousSummary sum = spuriousExperiment(9, 9, 7, 1);
    CHECK(sum.spurious == c.rows()[1].spurious);
}

TEST_CASE("the lecture's table and the binomial standard error") {
    REQUIRE(lectureRow(6, 6));
    CHECK(lectureRow(6, 6)->percent == 0.3);
    CHECK(lectureRow(12, 12)->percent == 58.5);
    CHECK(lectureRow(10, 10)->minEigenvalue == 0.03);
    CHECK(lectureRow(8, 9)->percent == 0.1);
    CHECK(lectureRow(9, 10) == nullptr);
    SpuriousRowTally t;
    RunEnd g, sp;
    g.type = EndPoint::Global;
    sp.type = EndPoint::Spurious;
    for (int i = 0; i < 150; ++i) t.add(g);
    for (int i = 0; i < 50; ++i) t.add(sp);
    CHECK(t.fraction() == doctest::Approx(0.25));
    CHECK(t.stderrFraction() == doctest::Approx(std::sqrt(0.25 * 0.75 / 200)));
}

TEST_CASE("Theorem 9's sweep: exact at depth 1, additive chunks, under the bound") {
    GradSweepSettings s;
    s.width = 4;
    s.sigmaSqrtD = 1.0;
    s.samples = 4000;
    const auto c = gradSweepChunk(s, 1, 0, 4000);
    const double exact = gradNormExactDepth1(4, s.sigma(), 1, 1);
    CHECK(std::abs(c[0].mean() - exact) < 4 * c[0].stderrMean());
    // chunks add up
    const auto a = gradSweepChunk(s, 5, 0, 30), b = gradSweepChunk(s, 5, 30, 70), ab = gradSweepChunk(s, 5, 0, 70);
    for (size_t k = 0; k < 5; ++k) {
        MomentSums m = a[k];
        m.merge(b[k]);
        CHECK(m.count == ab[k].count);
        CHECK(m.sum == doctest::Approx(ab[k].sum).epsilon(1e-12));
    }
    // the computer equals the chunks, and the bound holds over a grid of (d, L, σ√d)
    s.maxDepth = 6;
    s.samples = 300;
    s.roundSamples = 70;
    GradSweepComputer comp(s);
    while (!comp.advanceFor(0.0002)) {}
    const auto full = gradSweepChunk(s, 6, 0, 300);
    CHECK(comp.layers(6)[2].sum == doctest::Approx(full[2].sum).epsilon(1e-12));
    for (int d : {2, 4, 8})
        for (double ss : {0.5, 1.0, 2.0})
            for (int L : {1, 3, 10}) {
                GradSweepSettings g;
                g.width = d;
                g.sigmaSqrtD = ss;
                const auto m = gradSweepChunk(g, L, 0, 400);
                const BoundTerms t = theorem9Terms(g, L);
                for (int k = 0; k < L; ++k) CHECK(std::log10(m[size_t(k)].mean()) <= t.log10Bound);
                // the same bound as the CLI's gradNormExperiment
                GradNormSetup gs;
                gs.width = d, gs.depth = L, gs.sigma = g.sigma(), gs.samples = 2;
                CHECK(gradNormExperiment(gs).log10Bound == doctest::Approx(t.log10Bound).epsilon(1e-12));
            }
}

TEST_CASE("a deep linear net: exact gradient, the Baldi-Hornik optimum, every start ends there") {
    DeepLinearSettings s;
    std::string error;
    const auto data = deepLinearData(s, &error);
    REQUIRE_MESSAGE(data, error);
    const DeepLinearProblem p(*data, s.hidden);
    // the optimum is the loss of the best of Baldi-Hornik's critical points for p = hidden
    const auto crit = linearCriticalPoints(*data, s.hidden, &error);
    REQUIRE_MESSAGE(crit, error);
    double best = 1e300;
    for (const auto& c : crit->points) best = std::min(best, c.closedFormLoss);
    CHECK(p.optimum == doctest::Approx(best).epsilon(1e-12));
    // gradient against central differences
    std::vector<MatX> W = deepLinearStart(s, p.d, 4), G;
    p.valueGradient(W, &G);
    for (size_t j = 0; j < W.size(); ++j)
        for (int e = 0; e < W[j].size(); e += 3) {
            std::vector<MatX> a = W, b = W;
            a[j](e) += 1e-6, b[j](e) -= 1e-6;
            const double fd = (p.valueGradient(a, nullptr) - p.valueGradient(b, nullptr)) / 2e-6;
            CHECK(G[j](e) == doctest::Approx(fd).epsilon(1e-6));
        }
    // Kawaguchi: every run that converges ends at the optimum
    const auto ends = deepLinearChunk(p, s, 0, 20);
    int converged = 0;
    for (const auto& e : ends) {
        converged += e.converged;
        if (e.converged) CHECK(e.loss == doctest::Approx(p.optimum).epsilon(1e-9));
    }
    CHECK(converged >= 19);
    s.hidden = 4;
    CHECK_FALSE(deepLinearData(s, &error));
    CHECK(error.find("hidden width 4 is out of range") != std::string::npos);
}

TEST_CASE("the landscape kinds: spurious minima thin out with over-parametrisation") {
    KindsSettings s;
    s.k = 6;
    s.runs = 12;
    std::string error;
    auto c = KindsComputer::make(s, &error);
    REQUIRE_MESSAGE(c, error);
    while (!c->advanceFor(0.002)) {}
    CHECK(c->linearEnds().size() == 12);
    for (const auto& e : c->linearEnds())
        if (e.converged) CHECK(e.loss == doctest::Approx(c->linearOptimum()).epsilon(1e-9));
    REQUIRE(c->relu().rows().size() == 3);
    CHECK(c->relu().rows()[2].n == 12);
    CHECK(c->relu().rows()[2].spurious == 0);
    s.k = 0;
    CHECK_FALSE(KindsComputer::make(s, &error));
}

TEST_CASE("the theory spec's JSON: applied field by field, bad values named") {
    TheorySpec spec;
    std::vector<std::string> notes;
    auto v = parseJson(R"({"experiment": "gradients", "sigmaSqrtD": 1.5, "runs": 0, "width": 3.5, "progress": 0.3, "bogus": 1})");
    REQUIRE(v);
    applyTheoryJson(*v, spec, notes);
    CHECK(spec.experiment == "gradients");
    CHECK(spec.sigmaSqrtD == 1.5);
    CHECK(spec.runs == 200);
    REQUIRE(notes.size() == 3);
    CHECK(notes[0].find("theory.bogus: unknown key") != std::string::npos);
    CHECK(notes[1].find("theory.runs: 0 is out of range") != std::string::npos);
    CHECK(notes[2].find("theory.width") != std::string::npos);
    JsonWriter j;
    j.beginObject();
    writeTheoryJson(j, spec);
    j.endObject();
    TheorySpec back;
    notes.clear();
    applyTheoryJson(*parseJson(j.str()), back, notes);
    CHECK(notes.empty());
    CHECK(back.sigmaSqrtD == 1.5);
    CHECK(back.experiment == "gradients");
    CHECK(setTheoryField(spec, "sigmaSqrtD", "3").find("out of range") != std::string::npos);
    CHECK(setTheoryField(spec, "nope", "3").find("unknown theory setting") != std::string::npos);
    CHECK(setTheoryField(spec, "seed", "7") == "");
    CHECK(spec.seed == 7);
}
