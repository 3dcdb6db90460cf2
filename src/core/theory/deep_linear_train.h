// Kawaguchi (2016), landscape kind A of Lucchi's lecture: a deep linear network
// ŷ = W_H ⋯ W₁ x (widths d → p → … → p → d, p < d) trained from many random starts ends, every
// time, at one loss value — the rank-p optimum ½(tr C_yy − Σᵢ<p λᵢ) of Baldi & Hornik (the λᵢ the
// eigenvalues of Σ = C_yx C_xx⁻¹ C_xy, core/theory/linear_critical.h): every local minimum is
// global. Each run is gradient descent with Armijo backtracking, resumable step by step.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/theory/linear_critical.h"

namespace optiscape::theory {

struct DeepLinearSettings {
    std::string data = "linear:d=4,n=200,seed=1,noise=0.3";  ///< linearDataset's spec
    int layers = 3;            ///< H weight matrices, 2 … 8
    int hidden = 2;            ///< p, 1 … d − 1: the width of every hidden layer
    double initScale = 1.0;    ///< entries of W_j ~ N(0, initScale²/fan_in) (1: LeCun's variance)
    int runs = 100;            ///< 1 … 100000
    std::uint64_t seed = 1;    ///< run r draws its weights from SplitMix64::stream(seed, r)
    double gradTol = 1e-6;     ///< converged when ‖∇L‖ < gradTol (smaller ones drown in the rounding of L)
    int maxSteps = 20000;      ///< gradient steps at most
};

/// The loss of the product map W from the data's covariances, and its rank-p optimum.
struct DeepLinearProblem {
    LinearLoss loss;
    int d = 0;
    double optimum = 0;  ///< ½(tr C_yy − Σ of Σ's top p eigenvalues)
    DeepLinearProblem(const LinearData& data, int hidden);
    /// L(W_H ⋯ W₁) and, if grads is given, ∂L/∂W_j = (W_H⋯W_{j+1})ᵀ G (W_{j−1}⋯W₁)ᵀ, G = W C_xx − C_yx.
    double valueGradient(const std::vector<MatX>& W, std::vector<MatX>* grads) const;
};

/// Parses the data spec and checks the shapes; nullopt and *error ("<wrong>; <allowed>") otherwise.
std::optional<LinearData> deepLinearData(const DeepLinearSettings& s, std::string* error);

/// The weights of run r: W_j ∈ ℝ^{out×in}, entries N(0, initScale²/in), layer 1 first, row by row.
std::vector<MatX> deepLinearStart(const DeepLinearSettings& s, int d, std::uint64_t run);

struct DeepLinearEnd {
    double loss = 0, gradNorm = 0;
    int steps = 0;
    bool converged = false;
};

/// One run as a resumable computation.
class DeepLinearDescent {
public:
    DeepLinearDescent(const DeepLinearProblem& p, std::vector<MatX> W0, const DeepLinearSettings& s);
    /// Up to `steps` more gradient steps; true once converged, stalled or at the step cap.
    bool advance(long steps);
    DeepLinearEnd result() const;

private:
    const DeepLinearProblem* p_;
    DeepLinearSettings s_;
    std::vector<MatX> W_, G_, Wt_, Gt_;
    double F_ = 0, gn2_ = 0, eta_ = 0.1;
    int steps_ = 0;
    bool done_ = false;
};

/// The chunk a worker computes: runs [begin, end), each to its end.
std::vector<DeepLinearEnd> deepLinearChunk(const DeepLinearProblem& p, const DeepLinearSettings& s, int begin, int end);

}  // namespace optiscape::theory
