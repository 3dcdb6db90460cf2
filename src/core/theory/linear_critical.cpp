// Baldi–Hornik critical points of a two-layer linear network (core/theory/linear_critical.h).
//
// With G = W C_xx − C_yx the loss's gradient in W (L = ½ tr C_yy − tr(W C_xy) + ½ tr(W C_xx Wᵀ)),
// Theorems 4 and 5's first-order conditions are ∇_B L = AᵀG = 0 and ∇_A L = G Bᵀ = 0. At
// A = U_I (orthonormal columns), B = U_Iᵀ C_yx C_xx⁻¹: W = P_U C_yx C_xx⁻¹, G = (P_U − I) C_yx, so
// AᵀG = U_Iᵀ(P_U − I)C_yx = 0, and G Bᵀ = (P_U − I) Σ U_I = (P_U − I) U_I Λ_I = 0 since the columns
// of U_I are eigenvectors of Σ. The loss there: tr(W C_xy) = tr(W C_xx Wᵀ) = tr(P_U Σ) = Σ_{i∈I} λᵢ.
#include "core/theory/linear_critical.h"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>

#include "core/nets/dataset.h"
#include "core/params.h"
#include "core/random.h"

namespace optiscape::theory {
namespace {

constexpr std::uint64_t kLinearStream = 0x6C696E31ULL;  // "lin1"

std::optional<LinearData> failed(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return std::nullopt;
}

/// Next p-subset of {0, …, d − 1} in lexicographic order; false after the last.
bool nextSubset(std::vector<int>& s, int d) {
    const int p = static_cast<int>(s.size());
    int i = p - 1;
    while (i >= 0 && s[size_t(i)] == d - p + i) --i;
    if (i < 0) return false;
    ++s[size_t(i)];
    for (int j = i + 1; j < p; ++j) s[size_t(j)] = s[size_t(j - 1)] + 1;
    return true;
}

}  // namespace

std::optional<LinearData> linearDataset(std::string_view spec, std::string* error) {
    const std::string allowed = "; give linear or linear:d=D,n=N,seed=S,noise=SIGMA with D in [2, 12], "
                                "N in [D, 100000], S a whole number, SIGMA in [0, 10]";
    std::string_view rest = spec;
    if (rest.substr(0, 6) != "linear" || (rest.size() > 6 && rest[6] != ':'))
        return failed(error, "unknown data set '" + std::string(spec) + "'" + allowed);
    rest.remove_prefix(std::min<size_t>(rest.size(), 7));
    double d = 4, n = 200, noise = 0.1, seed = 1;
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
        const size_t eq = item.find('=');
        const std::string key(item.substr(0, eq));
        const auto v = eq == std::string_view::npos ? std::nullopt : parseNumber(item.substr(eq + 1));
        if (!v) return failed(error, "'" + std::string(item) + "' is not KEY=NUMBER" + allowed);
        if (key == "d") d = *v;
        else if (key == "n") n = *v;
        else if (key == "noise") noise = *v;
        else if (key == "seed") seed = *v;
        else return failed(error, "unknown key '" + key + "' for linear" + allowed);
    }
    if (d != std::floor(d) || d < 2 || d > 12) return failed(error, "d out of range" + allowed);
    if (n != std::floor(n) || n < d || n > 100000) return failed(error, "n out of range" + allowed);
    if (seed != std::floor(seed) || seed < 0 || seed > 9007199254740992.0) return failed(error, "seed out of range" + allowed);
    if (!(noise >= 0 && noise <= 10)) return failed(error, "noise out of range" + allowed);
    const int D = int(d), N = int(n);
    SplitMix64 rng = SplitMix64::stream(static_cast<std::uint64_t>(seed), kLinearStream);
    MatX M(D, D);
    for (int i = 0; i < D; ++i)
        for (int j = 0; j < D; ++j) M(i, j) = rng.normal();
    LinearData data{MatX(D, N), MatX(D, N)};
    for (int s = 0; s < N; ++s) {
        for (int i = 0; i < D; ++i) data.X(i, s) = rng.normal();
        data.Y.col(s) = M * data.X.col(s);
        for (int i = 0; i < D; ++i) data.Y(i, s) += noise * rng.normal();
    }
    return data;
}

std::optional<LinearData> linearDataFromCsv(std::string_view text, std::string* error) {
    const std::string allowed = "; give a CSV with a header and 2d columns x1..xd,y1..yd (d in [2, 12])";
    std::string why;
    const auto ds = nets::parseDatasetCsv(text, &why);
    if (!ds) return failed(error, why + (why.find("; ") == std::string::npos ? allowed : ""));
    const int columns = ds->inputs + 1;
    if (columns % 2 != 0 || columns < 4 || columns > 24)
        return failed(error, "the CSV has " + std::to_string(columns) + " columns" + allowed);
    const int d = columns / 2, N = ds->size();
    LinearData data{MatX(d, N), MatX(d, N)};
    for (int s = 0; s < N; ++s)
        for (int c = 0; c < columns; ++c) {
            const double v = c < ds->inputs ? ds->at(s, c) : ds->y[size_t(s)];
            (c < d ? data.X(c, s) : data.Y(c - d, s)) = v;
        }
    return data;
}

LinearLoss::LinearLoss(const LinearData& data) {
    const double N = static_cast<double>(data.X.cols());
    Cxx = data.X * data.X.transpose() / N;
    Cyx = data.Y * data.X.transpose() / N;
    Cyy = data.Y * data.Y.transpose() / N;
}

double LinearLoss::value(const MatX& A, const MatX& B) const {
    const MatX W = A * B;
    return 0.5 * Cyy.trace() - (W * Cyx.transpose()).trace() + 0.5 * (W * Cxx * W.transpose()).trace();
}

VecX LinearLoss::gradient(const MatX& A, const MatX& B) const {
    const MatX G = A * B * Cxx - Cyx;
    const MatX gA = G * B.transpose(), gB = A.transpose() * G;
    VecX g(gA.size() + gB.size());
    g << Eigen::Map<const VecX>(gA.data(), gA.size()), Eigen::Map<const VecX>(gB.data(), gB.size());
    return g;
}

MatX LinearLoss::hessian(const MatX& A, const MatX& B) const {
    const int dd = d(), p = static_cast<int>(A.cols()), nA = dd * p, m = 2 * dd * p;
    // J: column a is vec(W₁) for the unit change of parameter a (column-major vec of d × d).
    MatX J = MatX::Zero(dd * dd, m);
    for (int j = 0; j < p; ++j)
        for (int i = 0; i < dd; ++i)  // A_ij: W₁ = E_ij B, row i of W₁ = row j of B
            for (int c = 0; c < dd; ++c) J(i + c * dd, i + j * dd) = B(j, c);
    for (int j = 0; j < dd; ++j)
        for (int i = 0; i < p; ++i)  // B_ij: W₁ = A E_ij, column j of W₁ = column i of A
            for (int r = 0; r < dd; ++r) J(r + j * dd, nA + i + j * p) = A(r, i);
    MatX KJ(dd * dd, m);  // vec(W₁ C_xx) for each column
    for (int a = 0; a < m; ++a) {
        Eigen::Map<const MatX> W1(J.col(a).data(), dd, dd);
        Eigen::Map<MatX>(KJ.col(a).data(), dd, dd) = W1 * Cxx;
    }
    MatX H = J.transpose() * KJ;
    const MatX G = A * B * Cxx - Cyx;
    for (int i = 0; i < dd; ++i)
        for (int j = 0; j < p; ++j)
            for (int l = 0; l < dd; ++l) {
                const int a = i + j * dd, b = nA + j + l * p;
                H(a, b) += G(i, l);
                H(b, a) += G(i, l);
            }
    return 0.5 * (H + H.transpose());  // JᵀKJ is symmetric up to rounding: make it exactly so
}

std::optional<LinearCriticalResult> linearCriticalPoints(const LinearData& data, int p, std::string* error) {
    const auto fail = [&](std::string m) -> std::optional<LinearCriticalResult> {
        if (error) *error = std::move(m);
        return std::nullopt;
    };
    const int d = static_cast<int>(data.X.rows());
    if (!data.X.allFinite() || !data.Y.allFinite())
        return fail("the data hold a non-finite number; give finite numbers only");
    if (p < 1 || p >= d)
        return fail("--hidden " + std::to_string(p) + " is out of range; give a whole number from 1 to " +
                    std::to_string(d - 1) + " (p < d = " + std::to_string(d) + ")");
    const LinearLoss loss(data);
    const Eigen::SelfAdjointEigenSolver<MatX> exx(loss.Cxx, Eigen::EigenvaluesOnly);
    const double xmax = exx.eigenvalues().maxCoeff(), xmin = exx.eigenvalues().minCoeff();
    if (!(xmax > 0) || !(xmin > 1e-12 * xmax))
        return fail("Σ_xx is singular (eigenvalues " + formatNumber(xmin, 6) + " to " + formatNumber(xmax, 6) +
                    "); give data whose inputs span all d dimensions (at least d independent samples)");
    const MatX CxxInv = loss.Cxx.inverse();
    const MatX WLS = loss.Cyx * CxxInv;  // the least-squares map C_yx C_xx⁻¹
    MatX Sigma = WLS * loss.Cyx.transpose();
    Sigma = 0.5 * (Sigma + Sigma.transpose());
    const Eigen::SelfAdjointEigenSolver<MatX> es(Sigma);
    LinearCriticalResult r;
    r.lambda = es.eigenvalues().reverse();
    r.U = es.eigenvectors().rowwise().reverse();
    const double lmax = r.lambda.cwiseAbs().maxCoeff();
    for (int i = 0; i + 1 < d; ++i)
        if (!(r.lambda[i] - r.lambda[i + 1] > 1e-8 * lmax))
            return fail("Σ = Σ_yx Σ_xx⁻¹ Σ_xy has a repeated eigenvalue (" + formatNumber(r.lambda[i], 12) + ", " +
                        formatNumber(r.lambda[i + 1], 12) + "); give data whose Σ has distinct eigenvalues");
    const double N = static_cast<double>(data.X.cols());
    std::vector<int> subset(static_cast<size_t>(p));
    for (int i = 0; i < p; ++i) subset[size_t(i)] = i;
    do {
        LinearCriticalPoint c;
        c.subset = subset;
        c.A.resize(d, p);
        double topSum = 0;
        for (int i = 0; i < p; ++i) {
            c.A.col(i) = r.U.col(subset[size_t(i)]);
            topSum += r.lambda[subset[size_t(i)]];
        }
        c.B = c.A.transpose() * WLS;
        c.loss = 0.5 * (data.Y - c.A * (c.B * data.X)).squaredNorm() / N;
        c.closedFormLoss = 0.5 * (loss.Cyy.trace() - topSum);
        c.gradNorm = loss.gradient(c.A, c.B).norm();
        const Eigen::SelfAdjointEigenSolver<MatX> eh(loss.hessian(c.A, c.B), Eigen::EigenvaluesOnly);
        const double hmax = eh.eigenvalues().cwiseAbs().maxCoeff(), tol = 1e-9 * hmax;
        for (int i = 0; i < eh.eigenvalues().size(); ++i) {
            if (eh.eigenvalues()[i] < -tol) ++c.negativeEigenvalues;
            else if (eh.eigenvalues()[i] <= tol) ++c.zeroEigenvalues;
        }
        r.points.push_back(std::move(c));
    } while (nextSubset(subset, d));
    return r;
}

}  // namespace optiscape::theory
