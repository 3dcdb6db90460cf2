// The critical points of a two-layer linear network (Baldi & Hornik 1989; Lucchi's lecture 5,
// Theorems 4–7): W = AB, A ∈ ℝ^{d×p}, B ∈ ℝ^{p×d}, p < d, fitting yᵢ ∈ ℝᵈ from xᵢ ∈ ℝᵈ with
//
//   L(A, B) = (1/2N) Σᵢ ‖yᵢ − A B xᵢ‖²   (the lecture's Σᵢ‖·‖² divided by 2N),
//
// covariances C_xx = (1/N) Σ xᵢxᵢᵀ, C_yx = (1/N) Σ yᵢxᵢᵀ, C_yy = (1/N) Σ yᵢyᵢᵀ (the lecture's Σ's
// over N; nothing is centred), and Σ = C_yx C_xx⁻¹ C_xy with eigenvalues λ₀ > λ₁ > … > λ_{d−1}
// (eigenvectors u₀, …, u_{d−1}). Every critical map is W = P_U C_yx C_xx⁻¹, U spanned by p of the
// uᵢ (the lecture's eq. (5) prints Σ_xy Σ_xx⁻¹; the map from x to y is Σ_yx Σ_xx⁻¹), with loss
//   L = ½ (tr C_yy − Σ_{i∈I} λᵢ),
// and only I = {0, …, p − 1} (the top p) is a minimum; the others are saddles (Theorem 7).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace optiscape::theory {

/// Samples as columns: X, Y ∈ ℝ^{d×N}.
struct LinearData {
    MatX X, Y;
};

/// "linear" or "linear:d=4,n=200,seed=1,noise=0.1" (the defaults): M ∈ ℝ^{d×d} with N(0, 1)
/// entries, xᵢ ~ N(0, I_d), yᵢ = M xᵢ + noise·εᵢ, εᵢ ~ N(0, I_d), all from SplitMix64::stream(seed,
/// 0x6C696E31): M row by row, then each sample's x, then its ε. d ∈ [2, 12], n ∈ [d, 100000],
/// noise ∈ [0, 10]. nullopt and *error ("<wrong>; <allowed>") otherwise.
std::optional<LinearData> linearDataset(std::string_view spec, std::string* error);

/// A CSV read by nets::parseDatasetCsv (a header row, numbers): 2d columns, the first d are x, the
/// last d are y (e.g. x1,x2,x3,y1,y2,y3), d ∈ [2, 12]. nullopt and *error otherwise.
std::optional<LinearData> linearDataFromCsv(std::string_view text, std::string* error);

/// The loss as a function of (A, B), from the covariances.
struct LinearLoss {
    MatX Cxx, Cyx, Cyy;
    explicit LinearLoss(const LinearData& data);
    int d() const { return static_cast<int>(Cxx.rows()); }
    /// ½ tr C_yy − tr(W C_xy) + ½ tr(W C_xx Wᵀ), W = AB.
    double value(const MatX& A, const MatX& B) const;
    /// G = W C_xx − C_yx; ∇_A L = G Bᵀ, ∇_B L = Aᵀ G. Returned flattened as (vec A; vec B), column-major.
    VecX gradient(const MatX& A, const MatX& B) const;
    /// The exact Hessian in (vec A; vec B): the Gauss–Newton part tr(W₁ C_xx W₁′ᵀ) with
    /// W₁ = aB + Ab (the first-order change of W along (a, b)), plus the part from the second-order
    /// change ab of W: ∂²L/∂A_ij∂B_jl = G_il.
    MatX hessian(const MatX& A, const MatX& B) const;
};

/// One critical point: the eigenvector subset I (0-based indices into the eigenvalues sorted
/// descending, increasing), the representative A = U_I, B = U_Iᵀ C_yx C_xx⁻¹.
struct LinearCriticalPoint {
    std::vector<int> subset;
    MatX A, B;
    double loss = 0;           ///< (1/2N) Σ ‖yᵢ − ABxᵢ‖² from the samples
    double closedFormLoss = 0; ///< ½ (tr C_yy − Σ_{i∈I} λᵢ)
    double gradNorm = 0;       ///< ‖∇L(A, B)‖
    int negativeEigenvalues = 0;  ///< Hessian eigenvalues below −1e-9·max|eigenvalue|
    int zeroEigenvalues = 0;      ///< |eigenvalue| ≤ 1e-9·max|eigenvalue| (p² from A → AC, B → C⁻¹B)
    bool minimum() const { return negativeEigenvalues == 0; }
};

struct LinearCriticalResult {
    VecX lambda;  ///< Σ's eigenvalues, descending
    MatX U;       ///< the eigenvectors, column i for λᵢ
    std::vector<LinearCriticalPoint> points;  ///< every p-subset, lexicographic
};

/// All C(d, p) critical points for 1 ≤ p < d. nullopt and *error when C_xx is singular (its
/// reciprocal condition number below 1e-12) or Σ's eigenvalues are not distinct (a gap below
/// 1e-8·max|λ|) or the data are not finite.
std::optional<LinearCriticalResult> linearCriticalPoints(const LinearData& data, int p, std::string* error);

}  // namespace optiscape::theory
