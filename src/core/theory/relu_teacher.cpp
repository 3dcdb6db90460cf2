// The Safran–Shamir objective in closed form (core/theory/relu_teacher.h).
//
// For one pair of units, with θ = ∠(u, w) and g(θ) = sin θ + (π − θ) cos θ,
//
//   f(u, w) = E[(uᵀx)₊(wᵀx)₊] = ‖u‖‖w‖ g(θ) / (2π),         g′(θ) = −(π − θ) sin θ,
//   ∇_w f  = (1/2π) [ ‖u‖ sin θ · ŵ + (π − θ) u ],
//   ∇²_ww f = ‖u‖ / (2π‖w‖) · [ sin θ (I − ŵŵᵀ) + p_w p_wᵀ / sin θ ],    p_w = û − cos θ ŵ,
//   ∂²f/∂w∂uᵀ = (1/2π) [ (π − θ) I + sin θ ŵûᵀ + p_w p_uᵀ / sin θ ],  p_u = ŵ − cos θ û,
//
// (‖p_w‖ = ‖p_u‖ = sin θ, so the last terms are sin θ times a product of unit vectors and vanish
// smoothly at θ = 0 and θ = π, where f is C²: g = π − πθ²/2 + θ³/3 + …, g(π − t) = t³/3 + …).
// sin θ is computed as ‖u − (uᵀw/‖w‖²) w‖ / ‖u‖ (no cancellation near θ = 0, unlike √(1 − cos²θ)),
// and θ = atan2(sin θ, cos θ). At w = 0, f(u, ·) = ‖w‖·(…) is not differentiable; we take the
// convention θ = π/2 there: ∇_w f(u, 0) = u/4, ∂²f/∂w∂uᵀ = I/4, ∇²_ww f = 0 (∇_u f(u, 0) = 0 exactly).
//
// The objective expands into pairs (v = I_k, f(vᵢ, vᵢ) = ½, f(vᵢ, vⱼ) = 1/(2π) for i ≠ j):
//   F(w) = Σᵢ ‖wᵢ‖²/2 + 2 Σ_{i<j} f(wᵢ, wⱼ) − 2 Σᵢⱼ f(wᵢ, vⱼ) + k/2 + k(k − 1)/(2π).
#include "core/theory/relu_teacher.h"

#include <limits>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>

#include "core/random.h"

namespace optiscape::theory {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2 * kPi;

/// The geometry of one pair: norms, cos θ, sin θ, θ (nu = 0 or nw = 0: degenerate).
struct Pair {
    double nu = 0, nw = 0, c = 0, s = 0, theta = 0;
    bool degenerate = true;
};

Pair pairOf(const double* u, const double* w, int k, double nu, double nw) {
    Pair p;
    p.nu = nu;
    p.nw = nw;
    if (!(nu > 0) || !(nw > 0)) return p;
    double dot = 0;
    for (int a = 0; a < k; ++a) dot += u[a] * w[a];
    const double t = dot / (nw * nw);
    double r2 = 0;  // ‖u − t w‖² = ‖u‖² sin²θ
    for (int a = 0; a < k; ++a) {
        const double r = u[a] - t * w[a];
        r2 += r * r;
    }
    p.s = std::min(1.0, std::sqrt(r2) / nu);
    p.c = std::max(-1.0, std::min(1.0, dot / (nu * nw)));
    p.theta = std::atan2(p.s, p.c);
    p.degenerate = false;
    return p;
}

double pairValue(const Pair& p) {
    return p.degenerate ? 0.0 : p.nu * p.nw * (p.s + (kPi - p.theta) * p.c) / kTwoPi;
}

/// gw += scale·∇_w f(u, w), gu += scale·∇_u f(u, w) (gu may be null).
void pairGradient(const Pair& p, const double* u, const double* w, int k, double scale, double* gw, double* gu) {
    if (p.nw == 0) {  // convention at w = 0: ∇_w f = u/4, ∇_u f = 0
        for (int a = 0; a < k; ++a) gw[a] += scale * 0.25 * u[a];
        return;
    }
    if (p.nu == 0) {  // f(0, w) = 0: ∇_w f = 0, ∇_u f = w/4 by the same convention
        if (gu)
            for (int a = 0; a < k; ++a) gu[a] += scale * 0.25 * w[a];
        return;
    }
    const double cw = scale * p.nu * p.s / (kTwoPi * p.nw), cu = scale * p.nw * p.s / (kTwoPi * p.nu);
    const double cross = scale * (kPi - p.theta) / kTwoPi;
    for (int a = 0; a < k; ++a) gw[a] += cw * w[a] + cross * u[a];
    if (gu)
        for (int a = 0; a < k; ++a) gu[a] += cu * u[a] + cross * w[a];
}

/// The second derivatives of f(u, w): Hww = ∇²_ww f, Huu = ∇²_uu f, Mwu = ∂²f/∂w∂uᵀ.
void pairHessian(const VecX& u, const VecX& w, MatX& Hww, MatX& Huu, MatX& Mwu) {
    const int k = static_cast<int>(u.size());
    const double nu = u.norm(), nw = w.norm();
    Hww.setZero(k, k);
    Huu.setZero(k, k);
    Mwu.setZero(k, k);
    if (nu == 0 || nw == 0) {  // the θ = π/2 convention: only the cross term I/4
        Mwu.diagonal().setConstant(0.25);
        return;
    }
    const Pair p = pairOf(u.data(), w.data(), k, nu, nw);
    const VecX uh = u / nu, wh = w / nw;
    const VecX pw = uh - p.c * wh, pu = wh - p.c * uh;
    const MatX I = MatX::Identity(k, k);
    Hww = p.s * (I - wh * wh.transpose());
    Huu = p.s * (I - uh * uh.transpose());
    Mwu = (kPi - p.theta) * I + p.s * wh * uh.transpose();
    if (p.s > 0) {
        Hww += pw * pw.transpose() / p.s;
        Huu += pu * pu.transpose() / p.s;
        Mwu += pw * pu.transpose() / p.s;
    }
    Hww *= nu / (kTwoPi * nw);
    Huu *= nw / (kTwoPi * nu);
    Mwu /= kTwoPi;
}

}  // namespace

double reluKernel(const VecX& u, const VecX& w) {
    return pairValue(pairOf(u.data(), w.data(), static_cast<int>(u.size()), u.norm(), w.norm()));
}

double TeacherObjective::value(const MatX& W) const { return valueGradient(W, nullptr); }

double TeacherObjective::valueGradient(const MatX& W, MatX* grad) const {
    VecX nrm(n), e = VecX::Zero(k);  // the norms ‖wᵢ‖; e: the teacher unit vⱼ = eⱼ in turn
    if (grad) grad->setZero(k, n);
    double F = k / 2.0 + k * (k - 1) / kTwoPi;
    for (int i = 0; i < n; ++i) {
        nrm[i] = W.col(i).norm();
        F += 0.5 * nrm[i] * nrm[i];
        if (grad) grad->col(i) += W.col(i);
    }
    for (int i = 0; i < n; ++i) {
        const double* wi = W.col(i).data();
        for (int j = i + 1; j < n; ++j) {  // 2 f(wⱼ, wᵢ): u = wⱼ, w = wᵢ
            const double* wj = W.col(j).data();
            const Pair p = pairOf(wj, wi, k, nrm[j], nrm[i]);
            F += 2 * pairValue(p);
            if (grad) pairGradient(p, wj, wi, k, 2.0, grad->col(i).data(), grad->col(j).data());
        }
        for (int j = 0; j < k; ++j) {  // −2 f(vⱼ, wᵢ), vⱼ = eⱼ
            e[j] = 1.0;
            const Pair p = pairOf(e.data(), wi, k, 1.0, nrm[i]);
            F -= 2 * pairValue(p);
            if (grad) pairGradient(p, e.data(), wi, k, -2.0, grad->col(i).data(), nullptr);
            e[j] = 0.0;
        }
    }
    return F;
}

MatX TeacherObjective::hessian(const MatX& W) const {
    MatX H = MatX::Identity(n * k, n * k), Hww, Huu, Mwu;
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j) {  // 2 f(u = wⱼ, w = wᵢ)
            pairHessian(W.col(j), W.col(i), Hww, Huu, Mwu);
            H.block(i * k, i * k, k, k) += 2 * Hww;
            H.block(j * k, j * k, k, k) += 2 * Huu;
            H.block(i * k, j * k, k, k) += 2 * Mwu;
            H.block(j * k, i * k, k, k) += 2 * Mwu.transpose();
        }
        for (int j = 0; j < k; ++j) {  // −2 f(vⱼ, wᵢ)
            pairHessian(VecX::Unit(k, j), W.col(i), Hww, Huu, Mwu);
            H.block(i * k, i * k, k, k) -= 2 * Hww;
        }
    }
    return H;
}

TeacherDescent::TeacherDescent(const TeacherObjective& obj, const MatX& W0, const SpuriousSettings& s)
    : obj_(obj), s_(s), W_(W0) {
    F_ = obj_.valueGradient(W_, &G_);
}

// The loop of optimizeTeacher as a state machine: Top tests convergence and picks Newton or GD;
// Newton takes Newton steps while they help; Gd takes one Armijo step. One unit of `steps` is one
// gradient or Newton step, so a run cut into pieces does exactly what it does in one piece.
bool TeacherDescent::advance(long steps) {
    while (phase_ != Phase::Done && steps > 0) {
        switch (phase_) {
            case Phase::Top:
                gn_ = G_.norm();
                if (!(gn_ >= s_.gradTol) || F_ < s_.stopObjective) phase_ = Phase::Done;  // converged (or NaN: not converged)
                else if (gn_ < s_.newtonSwitch && cooldown_ <= 0 && end_.newtonSteps < s_.maxNewtonSteps) phase_ = Phase::Newton;
                else phase_ = Phase::Gd;
                break;
            case Phase::Newton:
                if (gn_ >= s_.gradTol && end_.newtonSteps < s_.maxNewtonSteps) {
                    --steps;
                    if (!newtonStep()) cooldown_ = 100, phase_ = Phase::Gd;
                } else {
                    phase_ = gn_ >= s_.gradTol ? Phase::Gd : Phase::Done;
                }
                break;
            case Phase::Gd:
                if (end_.gdSteps >= s_.maxGdSteps) { phase_ = Phase::Done; break; }
                --steps;
                gdStep();
                break;
            case Phase::Done: break;
        }
    }
    return phase_ == Phase::Done;
}

bool TeacherDescent::newtonStep() {
    // Newton polishing while the Hessian is positive definite and each step helps.
    const Eigen::LLT<MatX> llt(obj_.hessian(W_));
    if (llt.info() != Eigen::Success) return false;
    const VecX step = llt.solve(Eigen::Map<const VecX>(G_.data(), G_.size()));
    bool accepted = false;
    for (double t = 1.0; t > 0.1 && !accepted; t *= 0.5) {
        Wt_ = W_ - t * Eigen::Map<const MatX>(step.data(), obj_.k, obj_.n);
        const double Ft = obj_.valueGradient(Wt_, &Gt_);
        const double gt = Gt_.norm();
        if (Ft <= F_ + 1e-13 * std::max(1.0, std::abs(F_)) && gt < gn_) {
            W_.swap(Wt_), G_.swap(Gt_), F_ = Ft, gn_ = gt;
            accepted = true;
        }
    }
    ++end_.newtonSteps;
    return accepted;
}

void TeacherDescent::gdStep() {
    // One gradient-descent step with Armijo backtracking: F(W − ηG) ≤ F − ½η‖G‖².
    bool stalled = true;
    for (; eta_ > 1e-14; eta_ *= 0.5) {
        Wt_ = W_ - eta_ * G_;
        const double Ft = obj_.valueGradient(Wt_, &Gt_);
        if (Ft <= F_ - 0.5 * eta_ * gn_ * gn_) {
            W_.swap(Wt_), G_.swap(Gt_), F_ = Ft;
            stalled = false;
            break;
        }
    }
    ++end_.gdSteps;
    --cooldown_;
    phase_ = Phase::Top;
    if (stalled) {  // no decrease is measurable: let Newton try once more, else stop
        if (cooldown_ > 0 && gn_ < s_.newtonSwitch) { cooldown_ = 0; eta_ = 1e-3; return; }
        phase_ = Phase::Done;
        return;
    }
    eta_ = std::min(eta_ * 1.25, s_.maxStep);
}

RunEnd TeacherDescent::result() const {
    RunEnd end = end_;
    end.objective = F_;
    end.gradNorm = G_.norm();
    end.minUnitNorm = W_.colwise().norm().minCoeff();
    if (F_ < s_.globalTol) {
        end.type = EndPoint::Global;
        return end;
    }
    // NotConverged: no finite F, the gradient above tolerance, or a unit at the kink wᵢ = 0 (where
    // the Hessian does not exist: e.g. k = n = 1 from w < 0 creeps to w = 0⁻, not a minimum).
    if (!std::isfinite(F_) || !(end.gradNorm < s_.gradTol) || !(end.minUnitNorm >= s_.deadTol)) return end;
    const Eigen::SelfAdjointEigenSolver<MatX> eig(obj_.hessian(W_), Eigen::EigenvaluesOnly);
    end.minEigenvalue = eig.eigenvalues()(0);
    end.type = end.minEigenvalue > s_.eigTol ? EndPoint::Spurious : EndPoint::NotConverged;
    return end;
}

RunEnd optimizeTeacher(const TeacherObjective& obj, const MatX& W0, const SpuriousSettings& s) {
    TeacherDescent run(obj, W0, s);
    while (!run.advance(std::numeric_limits<long>::max())) {}
    return run.result();
}

MatX xavierStart(int k, int n, std::uint64_t seed, std::uint64_t run) {
    SplitMix64 rng = SplitMix64::stream(seed, run);
    MatX W(k, n);
    const double sd = 1.0 / std::sqrt(static_cast<double>(k));
    for (int i = 0; i < n; ++i)
        for (int a = 0; a < k; ++a) W(a, i) = sd * rng.normal();
    return W;
}

SpuriousSummary spuriousExperiment(int k, int n, int runs, std::uint64_t seed, const SpuriousSettings& s) {
    SpuriousSummary sum;
    sum.k = k, sum.n = n, sum.runs = runs;
    const TeacherObjective obj{k, n};
    for (int r = 0; r < runs; ++r) {
        const RunEnd e = optimizeTeacher(obj, xavierStart(k, n, seed, static_cast<std::uint64_t>(r)), s);
        if (e.type == EndPoint::Global) ++sum.global;
        if (e.type == EndPoint::NotConverged) ++sum.notConverged;
        if (e.type == EndPoint::Spurious) {
            ++sum.spurious;
            sum.meanMinEigenvalue += e.minEigenvalue;
            sum.meanObjective += e.objective;
        }
    }
    if (sum.spurious > 0) sum.meanMinEigenvalue /= sum.spurious, sum.meanObjective /= sum.spurious;
    return sum;
}

}  // namespace optiscape::theory
