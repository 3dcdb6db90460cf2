// Baldi–Hornik critical points (src/core/theory/linear_critical.cpp): the Hessian against
// central differences of the gradient, every enumerated point critical, exactly one minimum (the
// top-p eigenvectors) with the closed-form loss, saddles with a negative eigenvalue, bad data.
#include <doctest/doctest.h>

#include <cmath>

#include <Eigen/LU>

#include "core/random.h"
#include "core/theory/linear_critical.h"

using namespace optiscape;
using namespace optiscape::theory;

TEST_CASE("linear network: gradient and Hessian against central differences at a random point") {
    std::string error;
    const auto data = linearDataset("linear:d=4,n=50,seed=3", &error);
    REQUIRE(data);
    const LinearLoss loss(*data);
    SplitMix64 rng = SplitMix64::stream(4, 4);
    MatX A(4, 2), B(2, 4);
    for (int i = 0; i < A.size(); ++i) A.data()[i] = rng.normal();
    for (int i = 0; i < B.size(); ++i) B.data()[i] = rng.normal();
    const VecX g = loss.gradient(A, B);
    const MatX H = loss.hessian(A, B);
    const int m = static_cast<int>(g.size());
    const auto split = [&](const VecX& t, MatX& a, MatX& b) {
        a = Eigen::Map<const MatX>(t.data(), 4, 2);
        b = Eigen::Map<const MatX>(t.data() + 8, 2, 4);
    };
    VecX t(m);
    t << Eigen::Map<const VecX>(A.data(), 8), Eigen::Map<const VecX>(B.data(), 8);
    MatX Hfd(m, m);
    VecX gfd(m);
    for (int a = 0; a < m; ++a) {
        VecX p = t, q = t;
        p[a] += 1e-5;
        q[a] -= 1e-5;
        MatX Ap, Bp, Aq, Bq;
        split(p, Ap, Bp);
        split(q, Aq, Bq);
        gfd[a] = (loss.value(Ap, Bp) - loss.value(Aq, Bq)) / 2e-5;
        Hfd.col(a) = (loss.gradient(Ap, Bp) - loss.gradient(Aq, Bq)) / 2e-5;
    }
    CHECK((g - gfd).norm() <= 1e-6 * g.norm());
    CHECK((H - Hfd).norm() <= 1e-6 * H.norm());
    CHECK((H - H.transpose()).norm() == 0.0);
    // the loss from the covariances equals the mean over the samples
    const double direct = 0.5 * (data->Y - A * B * data->X).squaredNorm() / data->X.cols();
    CHECK(loss.value(A, B) == doctest::Approx(direct).epsilon(1e-12));
}

TEST_CASE("linear network: critical points, one minimum (top p), closed-form loss, saddles") {
    for (const char* spec : {"linear:d=4,n=200,seed=1", "linear:d=5,n=40,seed=2,noise=0.5", "linear:d=6,n=300,seed=9,noise=0"}) {
        std::string error;
        const auto data = linearDataset(spec, &error);
        REQUIRE(data);
        const int d = static_cast<int>(data->X.rows());
        for (int p = 1; p < d; ++p) {
            const auto r = linearCriticalPoints(*data, p, &error);
            REQUIRE(r);
            const LinearLoss loss(*data);
            const double scale = loss.Cyx.norm() * (1 + loss.Cyx.norm() * loss.Cxx.inverse().norm());
            int minima = 0;
            long expected = 1;
            for (int i = 0; i < p; ++i) expected = expected * (d - i) / (i + 1);
            CHECK(long(r->points.size()) == expected);
            for (const LinearCriticalPoint& c : r->points) {
                CAPTURE(spec);
                CAPTURE(p);
                CHECK(c.gradNorm <= 1e-10 * scale);
                CHECK(c.loss == doctest::Approx(c.closedFormLoss).epsilon(1e-9));
                CHECK(c.zeroEigenvalues >= p * p);  // the GL(p) orbit A → AC, B → C⁻¹B
                if (c.minimum()) {
                    ++minima;
                    for (int i = 0; i < p; ++i) CHECK(c.subset[size_t(i)] == i);
                    CHECK(c.zeroEigenvalues == p * p);
                    double top = 0;
                    for (int i = 0; i < p; ++i) top += r->lambda[i];
                    CHECK(c.loss == doctest::Approx(0.5 * (loss.Cyy.trace() - top)).epsilon(1e-9));
                } else {
                    CHECK(c.negativeEigenvalues >= 1);
                }
            }
            CHECK(minima == 1);
            // the minimum has the lowest loss
            for (const LinearCriticalPoint& c : r->points) CHECK(r->points[0].loss <= c.loss + 1e-12);
        }
    }
}

TEST_CASE("linear network: singular Σ_xx, repeated eigenvalues, bad specs and CSVs are refused") {
    std::string error;
    LinearData data{MatX::Zero(3, 10), MatX::Zero(3, 10)};
    SplitMix64 rng = SplitMix64::stream(1, 1);
    for (int s = 0; s < 10; ++s) {
        data.X(0, s) = rng.normal(), data.X(1, s) = rng.normal(), data.X(2, s) = data.X(0, s);
        data.Y.col(s) = data.X.col(s);
    }
    CHECK(!linearCriticalPoints(data, 1, &error));
    CHECK(error.find("singular") != std::string::npos);
    LinearData iso{MatX::Identity(3, 3) * std::sqrt(3.0), MatX::Identity(3, 3) * std::sqrt(3.0)};  // Σ = I
    CHECK(!linearCriticalPoints(iso, 1, &error));
    CHECK(error.find("repeated eigenvalue") != std::string::npos);
    CHECK(!linearCriticalPoints(*linearDataset("linear", &error), 4, &error));
    CHECK(!linearDataset("linear:d=13", &error));
    CHECK(!linearDataset("linear:k=2", &error));
    CHECK(!linearDataset("spiral", &error));
    CHECK(!linearDataFromCsv("x1,x2,y1\n1,2,3\n", &error));
    const auto csv = linearDataFromCsv("x1,x2,y1,y2\n1,0,2,1\n0,1,0.5,3\n1,1,1,1\n", &error);
    REQUIRE(csv);
    CHECK(csv->X.rows() == 2);
    CHECK(csv->Y(1, 1) == 3.0);
    CHECK(csv->X(0, 2) == 1.0);
}
