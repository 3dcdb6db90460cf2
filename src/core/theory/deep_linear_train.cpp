// Deep linear networks trained from many starts (core/theory/deep_linear_train.h).
#include "core/theory/deep_linear_train.h"

#include <limits>
#include <Eigen/Eigenvalues>
#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "core/random.h"

namespace optiscape::theory {

DeepLinearProblem::DeepLinearProblem(const LinearData& data, int hidden) : loss(data), d(loss.d()) {
    const MatX Sigma = loss.Cyx * loss.Cxx.llt().solve(loss.Cyx.transpose());  // C_xx is positive definite
    const Eigen::SelfAdjointEigenSolver<MatX> eig(0.5 * (Sigma + Sigma.transpose()), Eigen::EigenvaluesOnly);
    VecX lambda = eig.eigenvalues().reverse();  // descending
    double top = 0;
    for (int i = 0; i < std::min(hidden, d); ++i) top += lambda[i];
    optimum = 0.5 * (loss.Cyy.trace() - top);
}

double DeepLinearProblem::valueGradient(const std::vector<MatX>& W, std::vector<MatX>* grads) const {
    const size_t H = W.size();
    std::vector<MatX> below(H + 1);  // below[j] = W_j ⋯ W₁ (below[0] = I)
    below[0] = MatX::Identity(d, d);
    for (size_t j = 0; j < H; ++j) below[j + 1] = W[j] * below[j];
    const MatX& P = below[H];
    const double value = 0.5 * loss.Cyy.trace() - (P * loss.Cyx.transpose()).trace() + 0.5 * (P * loss.Cxx * P.transpose()).trace();
    if (grads) {
        grads->resize(H);
        const MatX G = P * loss.Cxx - loss.Cyx;
        MatX above = MatX::Identity(d, d);  // W_H ⋯ W_{j+1}
        for (size_t j = H; j-- > 0;) {
            (*grads)[j] = above.transpose() * G * below[j].transpose();
            above = above * W[j];
        }
    }
    return value;
}

std::optional<LinearData> deepLinearData(const DeepLinearSettings& s, std::string* error) {
    auto data = linearDataset(s.data, error);
    if (!data) return std::nullopt;
    const int d = static_cast<int>(data->X.rows());
    if (s.hidden < 1 || s.hidden >= d) {
        if (error) *error = "hidden width " + std::to_string(s.hidden) + " is out of range; give 1 to " + std::to_string(d - 1);
        return std::nullopt;
    }
    if (s.layers < 2 || s.layers > 8) {
        if (error) *error = "layers " + std::to_string(s.layers) + " is out of range; give 2 to 8";
        return std::nullopt;
    }
    return data;
}

std::vector<MatX> deepLinearStart(const DeepLinearSettings& s, int d, std::uint64_t run) {
    SplitMix64 rng = SplitMix64::stream(s.seed, run);
    std::vector<MatX> W;
    for (int j = 0; j < s.layers; ++j) {
        const int in = j == 0 ? d : s.hidden, out = j == s.layers - 1 ? d : s.hidden;
        MatX w(out, in);
        const double sd = s.initScale / std::sqrt(double(in));
        for (int r = 0; r < out; ++r)
            for (int c = 0; c < in; ++c) w(r, c) = sd * rng.normal();
        W.push_back(std::move(w));
    }
    return W;
}

namespace {
double squaredNorm(const std::vector<MatX>& G) {
    double n = 0;
    for (const MatX& g : G) n += g.squaredNorm();
    return n;
}
}  // namespace

DeepLinearDescent::DeepLinearDescent(const DeepLinearProblem& p, std::vector<MatX> W0, const DeepLinearSettings& s)
    : p_(&p), s_(s), W_(std::move(W0)) {
    F_ = p_->valueGradient(W_, &G_);
    gn2_ = squaredNorm(G_);
}

bool DeepLinearDescent::advance(long steps) {
    while (!done_ && steps-- > 0) {
        if (!(std::sqrt(gn2_) >= s_.gradTol) || steps_ >= s_.maxSteps) { done_ = true; break; }
        // Armijo backtracking: L(W − ηG) ≤ L − ½η‖G‖²; η grows ×1.25 after an accepted step.
        bool stalled = true;
        for (; eta_ > 1e-14; eta_ *= 0.5) {
            Wt_ = W_;
            for (size_t j = 0; j < W_.size(); ++j) Wt_[j] -= eta_ * G_[j];
            const double Ft = p_->valueGradient(Wt_, &Gt_);
            if (Ft <= F_ - 0.5 * eta_ * gn2_) {
                W_.swap(Wt_), G_.swap(Gt_), F_ = Ft, gn2_ = squaredNorm(G_);
                stalled = false;
                break;
            }
        }
        ++steps_;
        if (stalled) { done_ = true; break; }
        eta_ = std::min(eta_ * 1.25, 10.0);
    }
    return done_;
}

DeepLinearEnd DeepLinearDescent::result() const {
    DeepLinearEnd e;
    e.loss = F_;
    e.gradNorm = std::sqrt(gn2_);
    e.steps = steps_;
    e.converged = e.gradNorm < s_.gradTol;
    return e;
}

std::vector<DeepLinearEnd> deepLinearChunk(const DeepLinearProblem& p, const DeepLinearSettings& s, int begin, int end) {
    std::vector<DeepLinearEnd> out;
    for (int r = begin; r < end; ++r) {
        DeepLinearDescent run(p, deepLinearStart(s, p.d, static_cast<std::uint64_t>(r)), s);
        while (!run.advance(std::numeric_limits<long>::max())) {}
        out.push_back(run.result());
    }
    return out;
}

}  // namespace optiscape::theory
