// Tests for src/core/analysis.cpp: the closed-form eigen-decomposition against Eigen, the step
// limits of GD, heavy ball and Nesterov against the iteration matrices' spectral radii and
// against real runs, and the stationary-point search on the presets, himmelblau (4 minima,
// 1 maximum, 4 saddles), the monkey saddle (degenerate) and continua (product, mexican hat).
#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>

#include "analysis_fixtures.h"
#include "core/analysis.h"
#include "helpers.h"

using namespace optiscape;
using testing::Rng;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

double spectralRadius(const Mat2& m) {
    const Eigen::EigenSolver<Mat2> es(m);
    return std::max(std::abs(es.eigenvalues()[0]), std::abs(es.eigenvalues()[1]));
}

/// Heavy ball on ½λw², as a map of (w(k), w(k−1)); h = γλ.
Mat2 heavyBallMatrix(double h, double mu) { return testing::mat(1 + mu - h, -mu, 1, 0); }

/// Nesterov (torch form) on ½λw² with λ = 1, γ = h, as a map of (w, b).
Mat2 nesterovMatrix(double h, double mu) {
    return testing::mat(1 - h * (1 + mu), -h * mu * mu, 1, mu);
}

/// Checks a search's points: stationary, eigenvalues those of H there, inside the domain, sorted.
void checkPoints(const Landscape& l, const CriticalSearch& s, const ViewBox& d) {
    for (size_t i = 0; i < s.points.size(); ++i) {
        const CriticalPoint& p = s.points[i];
        CAPTURE(p.w.transpose());
        const Eval e = l.evaluate(p.w);
        CHECK(e.gradient.norm() <= 1e-12 * std::max(1.0, e.hessian.norm() * (1 + p.w.norm())));
        const Vec2 ev = curvature(e.hessian).eigenvalues;
        CHECK(p.eigenvalues == ev);
        CHECK(p.w[0] >= d.w1min - 1e-9);
        CHECK(p.w[0] <= d.w1max + 1e-9);
        CHECK(p.w[1] >= d.w2min - 1e-9);
        CHECK(p.w[1] <= d.w2max + 1e-9);
        if (i > 0) {
            const Vec2& a = s.points[i - 1].w;
            CHECK((a[0] < p.w[0] || (a[0] == p.w[0] && a[1] < p.w[1])));
        }
        if (p.onContinuum) CHECK(s.continuum);
    }
}

int countType(const CriticalSearch& s, PointType t) {
    int n = 0;
    for (const CriticalPoint& p : s.points) n += p.type == t;
    return n;
}

bool inBox(const ViewBox& d, const Vec2& w) {
    return w[0] >= d.w1min && w[0] <= d.w1max && w[1] >= d.w2min && w[1] <= d.w2max;
}

/// Whether ∇L is continuous at w (Newton's method cannot find a point on a crease, such as
/// relu-kink's minimum where ∂₁L jumps from −1 to 1 and only the convention |x|′(0) = 0 makes ∇L
/// vanish).
bool smoothAt(const Landscape& l, const Vec2& w) {
    for (const Vec2& d : {Vec2(1e-7, 0), Vec2(0, 1e-7)})
        if ((l.gradient(w + d) - l.gradient(w - d)).norm() > 1e-4 * (1 + l.evaluate(w).hessian.norm()))
            return false;
    return true;
}

/// The search finds exactly the listed points in the domain, each of its listed type.
void checkFindsExactlyListed(const Landscape& l, const ViewBox& d, int grid = 24) {
    const CriticalSearch s = findCriticalPoints(l, d, grid);
    checkPoints(l, s, d);
    CHECK(!s.continuum);
    const double tol = 1e-7 * std::hypot(d.width(), d.height());
    size_t listed = 0;
    for (const StationaryPoint& sp : l.stationaryPoints()) {
        if (!inBox(d, sp.w) || !smoothAt(l, sp.w)) continue;
        ++listed;
        CAPTURE(sp.w.transpose());
        int matches = 0;
        for (const CriticalPoint& p : s.points)
            if ((p.w - sp.w).norm() <= tol) {
                ++matches;
                CHECK(p.type == sp.type);
            }
        CHECK(matches == 1);
    }
    CHECK(s.points.size() == listed);
}

}  // namespace

TEST_CASE("curvature: eigenvalues and unit eigenvectors agree with Eigen's solver") {
    Rng rng(17);
    for (int n = 0; n < 2000; ++n) {
        const double s = std::pow(10.0, rng.uniform(-4, 4));
        double a = s * rng.uniform(-1, 1), b = s * rng.uniform(-1, 1), c = s * rng.uniform(-1, 1);
        if (n % 4 == 1) c = a * (1 + 1e-9 * rng.uniform(-1, 1)), b *= 1e-8;  // nearly equal
        if (n % 4 == 2) b = 0;                                                // diagonal
        if (n % 4 == 3) c = a, b *= 1e-13;                                    // gap at rounding
        const Mat2 H = testing::mat(a, b, b, c);
        CAPTURE(H);
        const Curvature cv = curvature(H);
        const Eigen::SelfAdjointEigenSolver<Mat2> es(H);
        const double scale = H.norm();
        for (int i = 0; i < 2; ++i)
            CHECK(std::abs(cv.eigenvalues[i] - es.eigenvalues()[i]) <= 1e-15 * 4 * scale);
        const Mat2& V = cv.eigenvectors;
        CHECK((V.transpose() * V - Mat2::Identity()).norm() <= 1e-15 * 4);
        CHECK(V.determinant() == doctest::Approx(1.0).epsilon(1e-15));
        CHECK(V(0, 0) >= 0);
        for (int i = 0; i < 2; ++i) {
            // residual at rounding level, whatever the gap
            CHECK((H * V.col(i) - cv.eigenvalues[i] * V.col(i)).norm() <= 1e-15 * 8 * scale);
            // and the same direction as Eigen's when the gap makes it well defined
            const double gap = es.eigenvalues()[1] - es.eigenvalues()[0];
            if (gap > 1e-6 * scale)
                CHECK(std::abs(V.col(i).dot(es.eigenvectors().col(i))) >=
                      1 - 1e-12 * scale / gap);
        }
        CHECK((V * cv.eigenvalues.asDiagonal() * V.transpose() - H).norm() <= 1e-15 * 8 * scale);
    }
}

TEST_CASE("curvature: deterministic vectors, condition number and GD's limit 2/λmax") {
    const Curvature iso = curvature(testing::mat(3, 0, 0, 3));
    CHECK(iso.eigenvectors == Mat2::Identity());
    CHECK(iso.condition == 1.0);
    CHECK(iso.gdStableLr == 2.0 / 3);
    const Curvature d = curvature(testing::mat(5, 0, 0, 1));
    CHECK(d.eigenvalues == Vec2(1, 5));
    CHECK(d.eigenvectors.col(0) == Vec2(0, 1));
    CHECK(d.eigenvectors.col(1) == Vec2(-1, 0));
    CHECK(d.condition == 5.0);
    CHECK(d.gdStableLr == 0.4);
    // a symmetric H and its transpose-asymmetric rounding give the same answer
    Mat2 h = testing::mat(2, 1, 1 + 1e-16, 2);
    CHECK(curvature(h).eigenvalues[0] == doctest::Approx(1.0));
    // [[2, 1], [1, 2]]: λ = 1 along (1, −1)/√2, λ = 3 along (1, 1)/√2
    const Curvature r = curvature(testing::mat(2, 1, 1, 2));
    CHECK(r.eigenvalues[0] == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(r.eigenvalues[1] == doctest::Approx(3.0).epsilon(1e-15));
    CHECK(r.eigenvectors(0, 0) == doctest::Approx(std::sqrt(0.5)).epsilon(1e-15));
    CHECK(r.eigenvectors(1, 0) == doctest::Approx(-std::sqrt(0.5)).epsilon(1e-15));
    CHECK(r.condition == doctest::Approx(3.0).epsilon(1e-15));
    // indefinite and singular: no condition number; λmax ≤ 0: no GD limit from curvature
    CHECK(curvature(testing::mat(1, 0, 0, -1)).condition == kInf);
    CHECK(curvature(testing::mat(1, 0, 0, -1)).gdStableLr == 2.0);
    CHECK(curvature(testing::mat(0, 0, 0, 1)).condition == kInf);
    CHECK(curvature(testing::mat(-1, 0, 0, -2)).gdStableLr == kInf);
    CHECK(curvature(Mat2::Zero()).gdStableLr == kInf);
    // Rosenbrock's minimum (Lecture 3): κ ≈ 2508, limit 2/λmax ≈ 0.002
    const Curvature rb = curvature(testing::mat(802, -400, -400, 200));
    CHECK(rb.condition == doctest::Approx(2508.0).epsilon(1e-3));
    CHECK(rb.gdStableLr == doctest::Approx(2 / rb.eigenvalues[1]).epsilon(1e-15));
}

TEST_CASE("heavy ball and Nesterov regions match the iteration matrices' spectral radii") {
    Rng rng(23);
    int stable = 0, unstable = 0;
    for (int n = 0; n < 20000; ++n) {
        const double mu = n % 5 == 0 ? 0.0 : rng.uniform(-1.2, 1.3);
        const double h = rng.uniform(-1, 6);
        const double lr = std::pow(10.0, rng.uniform(-3, 1));
        const double lambda = h / lr;
        CAPTURE(mu);
        CAPTURE(h);
        const double rho = spectralRadius(heavyBallMatrix(h, mu));
        if (std::abs(rho - 1) > 1e-9) {
            CHECK(heavyBallStable(lr, mu, lambda) == (rho < 1));
            (rho < 1 ? stable : unstable)++;
        }
        const double rn = spectralRadius(nesterovMatrix(h, mu));
        if (std::abs(rn - 1) > 1e-9) CHECK(nesterovStable(lr, mu, lambda) == (rn < 1));
    }
    CHECK(stable > 3000);
    CHECK(unstable > 3000);
    // the limits: just below is stable, just above is not, for every eigenvalue size
    for (int n = 0; n < 500; ++n) {
        const double mu = n == 0 ? 0.0 : rng.uniform(0, 0.999);
        const double lmax = std::pow(10.0, rng.uniform(-3, 3));
        const double hb = heavyBallStableLr(mu, lmax), nag = nesterovStableLr(mu, lmax);
        CHECK(hb == doctest::Approx(2 * (1 + mu) / lmax));
        CHECK(nag == doctest::Approx(2 * (1 + mu) / ((1 + 2 * mu) * lmax)));
        CHECK(spectralRadius(heavyBallMatrix(0.999 * hb * lmax, mu)) < 1);
        CHECK(spectralRadius(heavyBallMatrix(1.001 * hb * lmax, mu)) > 1);
        CHECK(spectralRadius(nesterovMatrix(0.999 * nag * lmax, mu)) < 1);
        CHECK(spectralRadius(nesterovMatrix(1.001 * nag * lmax, mu)) > 1);
        CHECK(heavyBallStable(0.999 * hb, mu, lmax));
        CHECK(!heavyBallStable(1.001 * hb, mu, lmax));
        CHECK(nesterovStable(0.999 * nag, mu, lmax));
        CHECK(!nesterovStable(1.001 * nag, mu, lmax));
    }
    // μ = 0 is GD: 2/λ; negative or zero curvature is never stable (EE-556: strict saddles
    // are escaped); no limit from curvature when λmax ≤ 0; |μ| ≥ 1 has no stable rate.
    CHECK(heavyBallStableLr(0, 4) == 0.5);
    CHECK(nesterovStableLr(0, 4) == 0.5);
    CHECK(!heavyBallStable(0.1, 0.9, -1));
    CHECK(!heavyBallStable(0.1, 0.9, 0));
    CHECK(!nesterovStable(0.1, 0.9, -1));
    CHECK(!nesterovStable(0.1, 0.9, 0));
    CHECK(heavyBallStableLr(0.9, -1) == kInf);
    CHECK(nesterovStableLr(0.9, 0) == kInf);
    CHECK(heavyBallStableLr(1.0, 1) == 0.0);
    CHECK(nesterovStableLr(1.0, 1) == 0.0);
    CHECK(!heavyBallStable(0.01, 1.0, 1));
}

TEST_CASE("the limits predict the onset of divergence of real runs on quadratics (Lecture 3)") {
    // ill-conditioned: H = 2·Rᵀdiag(α1, α2)R, λ = 2 and 0.1 (κ = 20), and a steeper variant
    const std::vector<std::vector<std::pair<std::string, double>>> settings = {
        {}, {{"alpha1", 10}, {"alpha2", 0.5}, {"theta", -70}}};
    for (const auto& ps : settings) {
        const auto l = testing::preset("ill-conditioned", ps);
        const Vec2 start(1.0, -0.7);
        const double lmax = curvature(l->evaluate(start).hessian).eigenvalues[1];
        struct Case {
            OptimizerKind kind;
            double mu, limit;
        };
        const std::vector<Case> cases = {
            {OptimizerKind::GD, 0.0, curvature(l->evaluate(start).hessian).gdStableLr},
            {OptimizerKind::Momentum, 0.9, heavyBallStableLr(0.9, lmax)},
            {OptimizerKind::Momentum, 0.5, heavyBallStableLr(0.5, lmax)},
            {OptimizerKind::Nesterov, 0.9, nesterovStableLr(0.9, lmax)},
            {OptimizerKind::Nesterov, 0.3, nesterovStableLr(0.3, lmax)},
        };
        for (const Case& c : cases) {
            CAPTURE(optimizerInfo(c.kind).name);
            CAPTURE(c.mu);
            Hyper h = defaultsFor(c.kind);
            h.momentum = c.mu;
            h.lr = 0.98 * c.limit;
            const Run below = testing::runOptimizer(*l, c.kind, h, start, 4000);
            CHECK(!below.stopped());
            CHECK(below.current().w.norm() < 1e-8);
            h.lr = 1.02 * c.limit;
            const Run above = testing::runOptimizer(*l, c.kind, h, start, 4000);
            CHECK(above.diverged());
            // and the run's own hint names the same limit
            CHECK(above.hint().find(formatNumber(c.limit)) != std::string::npos);
        }
    }
}

TEST_CASE("critical points: himmelblau's 4 minima, 1 maximum and 4 saddles in [-5, 5]^2") {
    const auto l = testing::himmelblau();
    const ViewBox d{-5, 5, -5, 5};
    const CriticalSearch s = findCriticalPoints(*l, d);
    REQUIRE(s.points.size() == 9);
    CHECK(countType(s, PointType::Minimum) == 4);
    CHECK(countType(s, PointType::Maximum) == 1);
    CHECK(countType(s, PointType::Saddle) == 4);
    checkFindsExactlyListed(*l, d);
    // the minimum (3, 2) exactly (7th by w1), where H = [[74, 20], [20, 34]]: λ = 54 ∓ √800
    CHECK(s.points[6].w == Vec2(3, 2));
    CHECK(s.points[6].eigenvalues[0] == doctest::Approx(54 - std::sqrt(800.0)).epsilon(1e-14));
    // a coarser grid still finds all nine; a smaller domain only those inside
    CHECK(findCriticalPoints(*l, d, 12).points.size() == 9);
    const CriticalSearch q = findCriticalPoints(*l, ViewBox{0, 5, 0, 5});
    REQUIRE(q.points.size() == 3);
    CHECK(q.points[0].type == PointType::Saddle);
    CHECK(q.points[1].w == Vec2(3, 2));
    CHECK(q.points[2].type == PointType::Saddle);
    // deterministic: the same numbers twice
    const CriticalSearch again = findCriticalPoints(*l, d);
    for (size_t i = 0; i < s.points.size(); ++i) CHECK(again.points[i].w == s.points[i].w);
    if (makePreset("himmelblau")) {
        const auto p = makePreset("himmelblau");
        const CriticalSearch ps = findCriticalPoints(*p, d);
        REQUIRE(ps.points.size() == 9);
        for (size_t i = 0; i < 9; ++i) {
            CHECK((ps.points[i].w - s.points[i].w).norm() < 1e-12);
            CHECK(ps.points[i].type == s.points[i].type);
        }
    }
}

TEST_CASE("critical points: the monkey saddle is one degenerate point, H = 0 (EE-556)") {
    const auto checkMonkey = [](const Landscape& l) {
        const CriticalSearch s = findCriticalPoints(l, ViewBox{-2, 2, -2, 2});
        REQUIRE(s.points.size() == 1);
        CHECK(!s.continuum);
        CHECK(s.points[0].type == PointType::Degenerate);
        CHECK(!s.points[0].onContinuum);
        CHECK(s.points[0].w.norm() < 1e-8);
        CHECK(std::abs(s.points[0].eigenvalues[0]) < 1e-7);
        CHECK(std::abs(s.points[0].eigenvalues[1]) < 1e-7);
        // off-centre domains too (the grid never starts at the point)
        CHECK(findCriticalPoints(l, ViewBox{-1, 3, -2.5, 1}).points.size() == 1);
    };
    checkMonkey(*testing::monkeySaddle());
    if (makePreset("monkey-saddle")) checkMonkey(*makePreset("monkey-saddle"));
    // an isolated degenerate minimum: w1⁴ + w2² (H = diag(0, 2) at the origin)
    testing::FunctionLandscape quartic(
        "quartic", ViewBox{-2, 2, -2, 2},
        [](const Vec2& w) { return std::pow(w[0], 4) + w[1] * w[1]; },
        [](const Vec2& w) { return Vec2(4 * std::pow(w[0], 3), 2 * w[1]); },
        [](const Vec2& w) { return testing::mat(12 * w[0] * w[0], 0, 0, 2); });
    const CriticalSearch q = findCriticalPoints(quartic, quartic.info().view);
    REQUIRE(q.points.size() == 1);
    CHECK(!q.continuum);
    CHECK(q.points[0].type == PointType::Degenerate);
    CHECK(q.points[0].eigenvalues[1] == 2.0);
}

TEST_CASE("critical points: continua are detected and represented (product, mexican hat)") {
    // product (1 − w1w2)²: a saddle at the origin and the hyperbola w1w2 = 1 of minima
    const auto prod = makePreset("product");
    const ViewBox pv = prod->info().view;
    const CriticalSearch p = findCriticalPoints(*prod, pv);
    checkPoints(*prod, p, pv);
    CHECK(p.continuum);
    int reps = 0, positive = 0, negative = 0;
    for (const CriticalPoint& c : p.points) {
        if (!c.onContinuum) {
            CHECK(c.w.norm() < 1e-12);
            CHECK(c.type == PointType::Saddle);
            continue;
        }
        ++reps;
        CHECK(c.type == PointType::Degenerate);
        CHECK(std::abs(c.w[0] * c.w[1] - 1) < 1e-12);
        (c.w[0] > 0 ? positive : negative)++;
    }
    CHECK(reps >= 4);
    CHECK(reps <= 8);
    CHECK(positive >= 2);  // both branches of the hyperbola
    CHECK(negative >= 2);
    CHECK(p.points.size() == static_cast<size_t>(reps) + 1);

    // mexican hat (|w|² − 1)²: a maximum at the origin and the unit circle of minima
    for (const auto& hat : {testing::mexicanHat(), makePreset("mexican-hat")}) {
        if (!hat) continue;
        const ViewBox hv{-2, 2, -2, 2};
        const CriticalSearch m = findCriticalPoints(*hat, hv);
        checkPoints(*hat, m, hv);
        CHECK(m.continuum);
        int ring = 0, maxima = 0;
        for (const CriticalPoint& c : m.points) {
            if (c.onContinuum) {
                ++ring;
                CHECK(std::abs(c.w.norm() - 1) < 1e-12);
                CHECK(c.type == PointType::Degenerate);
            } else {
                CHECK(c.type == PointType::Maximum);
                CHECK(c.w.norm() < 1e-12);
                ++maxima;
            }
        }
        CHECK(maxima == 1);
        CHECK(ring >= 6);
        CHECK(ring <= 8);
        // spread along the ring: no two representatives closer than a fifth of a turn's chord
        for (const CriticalPoint& a : m.points)
            for (const CriticalPoint& b : m.points)
                if (&a != &b && a.onContinuum && b.onContinuum) CHECK((a.w - b.w).norm() > 0.4);
    }
    // yarotsky at ε = 0: the parabola w2 = w1² of minima
    const auto y0 = testing::preset("yarotsky", {{"eps", 0}});
    const CriticalSearch y = findCriticalPoints(*y0, y0->info().view);
    CHECK(y.continuum);
    for (const CriticalPoint& c : y.points) CHECK(std::abs(c.w[1] - c.w[0] * c.w[0]) < 1e-12);
}

TEST_CASE("critical points on every preset agree with its listed stationary points") {
    for (const std::string& name : presetNames()) {
        CAPTURE(name);
        const auto l = makePreset(name);
        const ViewBox d = l->info().view;
        if (l->hasContinuum()) {
            const CriticalSearch s = findCriticalPoints(*l, d);
            checkPoints(*l, s, d);
            CHECK(s.continuum);
            // the isolated listed points are found, with their types
            for (const StationaryPoint& sp : l->stationaryPoints()) {
                if (sp.type == PointType::Degenerate || !inBox(d, sp.w)) continue;
                bool found = false;
                for (const CriticalPoint& p : s.points)
                    found = found || ((p.w - sp.w).norm() < 1e-9 && p.type == sp.type);
                CHECK(found);
            }
        } else {
            checkFindsExactlyListed(*l, d);
        }
    }
    // settings with a different set of points
    checkFindsExactlyListed(*testing::preset("two-layer-linear", {{"x", 2}, {"t", -1.5}, {"lambda", 0.3}}),
                            ViewBox{-2, 2, -2, 2});
    checkFindsExactlyListed(*testing::preset("ill-conditioned", {{"alpha1", 10}, {"alpha2", 0.001}}),
                            ViewBox{-3, 2, -1, 4});
    const CriticalSearch none = findCriticalPoints(*makePreset("rosenbrock"), ViewBox{-2, 0, -1, 3});
    CHECK(none.points.empty());
    CHECK(!none.continuum);
}
