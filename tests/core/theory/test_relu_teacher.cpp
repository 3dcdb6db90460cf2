// The Safran–Shamir objective (src/core/theory/relu_teacher.cpp): the closed form against Monte
// Carlo, the analytic gradient and Hessian against central differences (also near θ = 0 and π and
// at w = v), F = 0 at the teacher, and the spurious-minimum fractions of k = n = 6 and 10.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include <Eigen/Eigenvalues>

#include "core/random.h"
#include "core/theory/relu_teacher.h"

using namespace optiscape;
using namespace optiscape::theory;

namespace {

VecX randomVec(SplitMix64& rng, int k, double scale = 1.0) {
    VecX v(k);
    for (int a = 0; a < k; ++a) v[a] = scale * rng.normal();
    return v;
}

/// Central differences of the gradient, column by column (step h).
MatX fdHessian(const TeacherObjective& obj, const MatX& W, double h) {
    const int m = obj.n * obj.k;
    MatX H(m, m), Gp, Gm;
    for (int a = 0; a < m; ++a) {
        MatX Wp = W, Wm = W;
        Wp.data()[a] += h;
        Wm.data()[a] -= h;
        obj.valueGradient(Wp, &Gp);
        obj.valueGradient(Wm, &Gm);
        H.col(a) = Eigen::Map<const VecX>((Gp - Gm).eval().data(), m) / (2 * h);
    }
    return H;
}

MatX fdGradient(const TeacherObjective& obj, const MatX& W, double h) {
    MatX G(obj.k, obj.n);
    for (int a = 0; a < W.size(); ++a) {
        MatX Wp = W, Wm = W;
        Wp.data()[a] += h;
        Wm.data()[a] -= h;
        G.data()[a] = (obj.value(Wp) - obj.value(Wm)) / (2 * h);
    }
    return G;
}

}  // namespace

TEST_CASE("relu kernel: closed form against a Monte Carlo estimate with 10^6 samples") {
    SplitMix64 rng = SplitMix64::stream(7, 1);
    const int k = 4;
    for (int trial = 0; trial < 4; ++trial) {
        const VecX u = randomVec(rng, k), w = trial == 3 ? VecX(-0.5 * u) : randomVec(rng, k, 0.7);
        const double exact = reluKernel(u, w);
        double sum = 0, sum2 = 0;
        const int M = 1000000;
        for (int s = 0; s < M; ++s) {
            const VecX x = randomVec(rng, k);
            const double v = std::max(0.0, u.dot(x)) * std::max(0.0, w.dot(x));
            sum += v;
            sum2 += v * v;
        }
        const double mean = sum / M, se = std::sqrt((sum2 / M - mean * mean) / M);
        CAPTURE(trial);
        CHECK(std::abs(mean - exact) < 4 * se + 1e-12);
    }
    // θ = 0: E[(uᵀx)₊²] = ‖u‖²/2; θ = π: 0; θ = π/2: ‖u‖‖w‖/(2π).
    const VecX e0 = VecX::Unit(3, 0), e1 = VecX::Unit(3, 1);
    CHECK(reluKernel(2 * e0, 3 * e0) == doctest::Approx(3.0).epsilon(1e-15));
    CHECK(std::abs(reluKernel(e0, -e0)) < 1e-16);
    CHECK(reluKernel(e0, e1) == doctest::Approx(1 / (2 * 3.14159265358979323846)));
    CHECK(reluKernel(e0, VecX::Zero(3)) == 0.0);
}

TEST_CASE("teacher objective: F = 0 at w = v and at a permutation of v") {
    for (int k : {3, 6}) {
        const TeacherObjective obj{k, k};
        MatX G;
        CHECK(std::abs(obj.valueGradient(MatX::Identity(k, k), &G)) < 1e-13);
        CHECK(G.norm() < 1e-13);
        MatX P = MatX::Zero(k, k);
        for (int i = 0; i < k; ++i) P((i + 1) % k, i) = 1;
        CHECK(std::abs(obj.value(P)) < 1e-13);
        // The Hessian at the global minimum is positive definite.
        const Eigen::SelfAdjointEigenSolver<MatX> eig(obj.hessian(P), Eigen::EigenvaluesOnly);
        CHECK(eig.eigenvalues()(0) > 1e-3);
    }
}

TEST_CASE("teacher objective: gradient and Hessian against central differences") {
    SplitMix64 rng = SplitMix64::stream(11, 2);
    struct Shape { int k, n; };
    for (const Shape sh : {Shape{3, 3}, Shape{4, 5}, Shape{6, 6}}) {
        const TeacherObjective obj{sh.k, sh.n};
        for (int trial = 0; trial < 4; ++trial) {
            MatX W(sh.k, sh.n);
            for (int i = 0; i < W.size(); ++i) W.data()[i] = rng.normal() / std::sqrt(double(sh.k));
            if (trial == 1) W.col(1) = 0.7 * W.col(0) + 1e-4 * VecX::Unit(sh.k, 0);   // θ near 0
            if (trial == 2) W.col(1) = -1.3 * W.col(0) + 1e-4 * VecX::Unit(sh.k, 1);  // θ near π
            if (trial == 3) W.col(0) = 0.9 * VecX::Unit(sh.k, 0) + 1e-4 * VecX::Unit(sh.k, 2);  // near v₁
            MatX G;
            obj.valueGradient(W, &G);
            const MatX Gfd = fdGradient(obj, W, 1e-5);
            CAPTURE(sh.k);
            CAPTURE(trial);
            CHECK((G - Gfd).norm() <= 1e-6 * G.norm());
            const MatX H = obj.hessian(W), Hfd = fdHessian(obj, W, 1e-5);
            CHECK((H - H.transpose()).norm() <= 1e-14 * H.norm());
            CHECK((H - Hfd).norm() <= 1e-6 * H.norm());
        }
    }
}

TEST_CASE("teacher objective: exactly at θ = 0 the Hessian is the limit (continuous)") {
    const TeacherObjective obj{3, 3};
    MatX W = MatX::Identity(3, 3) * 0.8;
    W.col(1) = W.col(0);  // two students aligned exactly
    MatX W2 = W;
    W2(1, 1) += 1e-7;
    CHECK((obj.hessian(W) - obj.hessian(W2)).norm() < 1e-5);
}

TEST_CASE("spurious minima: k = n = 6 rarely (<= 3 % of 200 runs), k = n = 10 near 34.6 %") {
    const auto t0 = std::chrono::steady_clock::now();
    const SpuriousSummary six = spuriousExperiment(6, 6, 200, 1);
    CHECK(six.spurious + six.global + six.notConverged == 200);
    CHECK(six.spurious <= 6);
    CHECK(six.notConverged <= 2);
    const SpuriousSummary ten = spuriousExperiment(10, 10, 200, 1);
    const double sd = std::sqrt(0.346 * 0.654 / 200);
    const double f = ten.spurious / 200.0;
    std::printf("spurious k=n=6: %d/200, k=n=10: %d/200 (%.1f %%; lecture 34.6 %%), mean min eig %.4g, "
                "mean F %.4g, %.1f s\n", six.spurious, ten.spurious, 100 * f, ten.meanMinEigenvalue,
                ten.meanObjective, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    CHECK(std::abs(f - 0.346) <= 3 * sd);
    CHECK(ten.notConverged <= 2);
    CHECK(ten.meanMinEigenvalue > 0);
}

TEST_CASE("spurious minima: a unit creeping to the kink w = 0 is not a minimum (k = n = 1)") {
    const TeacherObjective obj{1, 1};
    const RunEnd dead = optimizeTeacher(obj, MatX::Constant(1, 1, -0.5));  // F = w²/2 + ½ for w < 0
    CHECK(dead.type == EndPoint::NotConverged);
    CHECK(dead.minUnitNorm < 1e-6);
    const RunEnd good = optimizeTeacher(obj, MatX::Constant(1, 1, 0.3));
    CHECK(good.type == EndPoint::Global);
}
