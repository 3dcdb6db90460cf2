// The basin map's row kernel: structure-of-arrays state for a row of pixels, one optimizer step
// for all still-active pixels, then their gradients, then the convergence and divergence tests.
#include "basins.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "run.h"

namespace optiscape {
namespace {

/// The gradients at n points. The one place to switch to a batch gradient API of Landscape.
void gradients(const Landscape& l, const double* w1, const double* w2, double* g1, double* g2,
               int n) {
    for (int k = 0; k < n; ++k) {
        const Vec2 g = l.gradient(Vec2(w1[k], w2[k]));
        g1[k] = g[0];
        g2[k] = g[1];
    }
}

/// A row's pixels still running, as parallel arrays; finished pixels are swapped out.
struct Row {
    std::vector<int> px;
    std::vector<double> w1, w2, g1, g2, d1, d2, a1, a2, b1, b2;  ///< a, b: momentum or Adam m, v
    std::vector<double> mark;
    int n = 0;

    void resize(int width) {
        for (auto* v : {&w1, &w2, &g1, &g2, &d1, &d2, &a1, &a2, &b1, &b2})
            v->assign(static_cast<size_t>(width), 0.0);
        px.assign(static_cast<size_t>(width), 0);
        mark.assign(static_cast<size_t>(width), 0.0);
        n = width;
    }
    /// Removes pixel slot k by moving the last active one into it.
    void remove(int k) {
        const int last = --n;
        px[k] = px[last];
        for (auto* v : {&w1, &w2, &g1, &g2, &d1, &d2, &a1, &a2, &b1, &b2}) (*v)[k] = (*v)[last];
    }
};

bool finite2(double a, double b) { return std::isfinite(a) && std::isfinite(b); }

// The loops below run over one coordinate of a row's active pixels: independent lanes the
// compiler vectorizes (no aliasing between the arrays), in step()'s operation order per lane.
#if defined(__GNUC__) || defined(__clang__)
#define OPTISCAPE_RESTRICT __restrict__
#else
#define OPTISCAPE_RESTRICT
#endif

/// g ← g + λ·w (coupled weight decay).
void decay(double* OPTISCAPE_RESTRICT g, const double* OPTISCAPE_RESTRICT w, double wd, int n) {
    for (int k = 0; k < n; ++k) g[k] = g[k] + wd * w[k];
}

/// w ← w − lr·e; d ← the new w minus the old.
void descend(double* OPTISCAPE_RESTRICT w, double* OPTISCAPE_RESTRICT d,
             const double* OPTISCAPE_RESTRICT e, double lr, int n) {
    for (int k = 0; k < n; ++k) {
        const double x = w[k] - lr * e[k];
        d[k] = x - w[k];
        w[k] = x;
    }
}

/// Momentum buffer: b ← g on the first step, else b ← μ·b + (1 − τ)·g.
void buffer(double* OPTISCAPE_RESTRICT b, const double* OPTISCAPE_RESTRICT g, double mu,
            double damp, bool first, int n) {
    if (first) {
        for (int k = 0; k < n; ++k) b[k] = g[k];
    } else {
        for (int k = 0; k < n; ++k) b[k] = mu * b[k] + (1.0 - damp) * g[k];
    }
}

/// Nesterov: w ← w − lr·(g + μ·b).
void descendNesterov(double* OPTISCAPE_RESTRICT w, double* OPTISCAPE_RESTRICT d,
                     const double* OPTISCAPE_RESTRICT g, const double* OPTISCAPE_RESTRICT b,
                     double lr, double mu, int n) {
    for (int k = 0; k < n; ++k) {
        const double x = w[k] - lr * (g[k] + mu * b[k]);
        d[k] = x - w[k];
        w[k] = x;
    }
}

/// Adam: m, v updated; w ← w + (−stepSize)·m/(√v/√c2 + ε).
void adam(double* OPTISCAPE_RESTRICT w, double* OPTISCAPE_RESTRICT d, double* OPTISCAPE_RESTRICT m,
          double* OPTISCAPE_RESTRICT v, const double* OPTISCAPE_RESTRICT g, double b1, double b2,
          double eps, double stepSize, double c2sqrt, int n) {
    for (int k = 0; k < n; ++k) {
        m[k] = m[k] * b1 + (1.0 - b1) * g[k];
        v[k] = v[k] * b2 + (1.0 - b2) * g[k] * g[k];
        const double x = w[k] + (-stepSize) * m[k] / (std::sqrt(v[k]) / c2sqrt + eps);
        d[k] = x - w[k];
        w[k] = x;
    }
}

/// Marks (1.0) pixels that may have stopped: maybe converged (|Δw|², |g|² ≤ tol²·(1 + 1e-9)),
/// maybe diverged (|w|² ≥ R²·(1 − 1e-9), or a NaN or ∞ in w or g: comparisons with NaN are false,
/// and an infinite coordinate makes its sum of squares ∞). A superset of Run's exact tests, which
/// then run on the marked pixels only. Doubles and selects only, so the loop vectorizes.
void candidates(const double* OPTISCAPE_RESTRICT w1, const double* OPTISCAPE_RESTRICT w2,
                const double* OPTISCAPE_RESTRICT g1, const double* OPTISCAPE_RESTRICT g2,
                const double* OPTISCAPE_RESTRICT d1, const double* OPTISCAPE_RESTRICT d2,
                double* OPTISCAPE_RESTRICT mark, double tolSq, double radSq, int n) {
    constexpr double kHuge = std::numeric_limits<double>::max();
    for (int k = 0; k < n; ++k) {
        const double ww = w1[k] * w1[k] + w2[k] * w2[k];
        const double gg = g1[k] * g1[k] + g2[k] * g2[k];
        const double dd = d1[k] * d1[k] + d2[k] * d2[k];
        const double converging = (dd > gg ? dd : gg) <= tolSq ? 1.0 : 0.0;
        const double escaping = ww < radSq ? (gg <= kHuge ? 0.0 : 1.0) : 1.0;
        mark[k] = converging + escaping;
    }
}

}  // namespace

BasinComputer::BasinComputer(const Landscape& landscape, BasinRequest request)
    : landscape_(landscape.clone()), req_(request) {
    req_.width = std::max(req_.width, 0);
    req_.height = std::max(req_.height, 0);
    req_.maxSteps = std::max(req_.maxSteps, 0);
    map_.width = req_.width;
    map_.height = req_.height;
    const size_t pixels = static_cast<size_t>(req_.width) * static_cast<size_t>(req_.height);
    map_.label.assign(pixels, kBasinNotConverged);
    map_.steps.assign(pixels, 0);
    matchRadius_ = 0.01 * std::hypot(req_.box.width(), req_.box.height());
    if (!landscape_->hasContinuum())
        for (const StationaryPoint& s : landscape_->stationaryPoints())
            if (s.type == PointType::Minimum) map_.minima.push_back(s.w);
    map_.knownMinima = static_cast<int>(map_.minima.size());
    if (req_.width == 0) nextRow_ = req_.height;  // nothing to compute
    if (req_.optimizer == OptimizerKind::Adam) {
        const Hyper& h = req_.hyper;
        for (int t = 1; t <= req_.maxSteps; ++t) {
            // the same expressions as step(), so the numbers are the same to the last bit
            const double c1 = 1.0 - std::pow(h.beta1, static_cast<double>(t));
            const double c2 = 1.0 - std::pow(h.beta2, static_cast<double>(t));
            adamStep_.push_back(h.lr / c1);
            adamC2Sqrt_.push_back(std::sqrt(c2));
        }
    }
}

Vec2 BasinComputer::pixelCenter(const BasinRequest& r, int i, int j) {
    return {r.box.w1min + (i + 0.5) * r.box.width() / r.width,
            r.box.w2min + (j + 0.5) * r.box.height() / r.height};
}

double BasinComputer::progress() const {
    return map_.height > 0 ? static_cast<double>(nextRow_) / map_.height : 1.0;
}

bool BasinComputer::advance(int budgetRows) {
    for (int r = 0; r < budgetRows && !done(); ++r) computeRow(nextRow_++);
    return done();
}

bool BasinComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    do {
        if (done()) break;
        computeRow(nextRow_++);
    } while (std::chrono::duration<double>(Clock::now() - t0).count() < seconds);
    return done();
}

void BasinComputer::computeRowWithRuns(int j) {
    const size_t rowStart = static_cast<size_t>(j) * static_cast<size_t>(req_.width);
    const double tol = req_.tol;
    for (int i = 0; i < req_.width; ++i) {
        RunConfig cfg;
        cfg.optimizer = req_.optimizer;
        cfg.hyper = req_.hyper;
        cfg.start = pixelCenter(req_, i, j);
        Run run(cfg);
        run.reset(*landscape_);
        int label = kBasinNotConverged, at = req_.maxSteps;
        if (run.stopped()) {
            label = kBasinDiverged;
            at = 0;
        }
        for (int t = 1; t <= req_.maxSteps && label == kBasinNotConverged; ++t) {
            const Vec2 before = run.current().w;
            if (!run.step(*landscape_)) {
                label = kBasinDiverged;
                at = t;
            } else if ((run.current().w - before).norm() <= tol && run.current().gradNorm <= tol) {
                label = labelOf(run.current().w);
                at = t;
            }
        }
        map_.label[rowStart + static_cast<size_t>(i)] = label;
        map_.steps[rowStart + static_cast<size_t>(i)] = at;
    }
}

int BasinComputer::labelOf(const Vec2& w) {
    int best = -1;
    double bestDist = matchRadius_;
    for (size_t m = 0; m < map_.minima.size(); ++m) {
        const double d = (map_.minima[m] - w).norm();
        if (d <= bestDist) best = static_cast<int>(m), bestDist = d;
    }
    if (best >= 0) return best;
    map_.minima.push_back(w);
    return static_cast<int>(map_.minima.size()) - 1;
}

void BasinComputer::computeRow(int j) {
    const Landscape& l = *landscape_;
    const Hyper& h = req_.hyper;
    const OptimizerKind kind = req_.optimizer;
    const bool inlined = kind == OptimizerKind::GD || kind == OptimizerKind::Momentum ||
                         kind == OptimizerKind::Nesterov || kind == OptimizerKind::Adam;
    const int width = req_.width;
    const size_t rowStart = static_cast<size_t>(j) * static_cast<size_t>(width);
    const double tol = req_.tol;

    if (!inlined) {
        computeRowWithRuns(j);
        return;
    }
    Row s;
    s.resize(width);
    for (int i = 0; i < width; ++i) {
        const Vec2 w = pixelCenter(req_, i, j);
        s.px[i] = i;
        s.w1[i] = w[0];
        s.w2[i] = w[1];
    }
    gradients(l, s.w1.data(), s.w2.data(), s.g1.data(), s.g2.data(), s.n);
    // Step 0: Run's test of the start point (here the only place L itself is evaluated).
    for (int k = s.n - 1; k >= 0; --k) {
        const Vec2 w(s.w1[k], s.w2[k]);
        if (!finite2(w[0], w[1]) || !std::isfinite(l.value(w)) || !finite2(s.g1[k], s.g2[k]) ||
            w.norm() > kDivergenceRadius) {
            map_.label[rowStart + s.px[k]] = kBasinDiverged;
            map_.steps[rowStart + s.px[k]] = 0;
            s.remove(k);
        }
    }

    const double lr = h.lr, mu = h.momentum, wd = h.weightDecay;
    const double damp = kind == OptimizerKind::Nesterov ? 0.0 : h.dampening;
    const double tolSq = tol * tol * (1 + 1e-9);
    const double radSq = kDivergenceRadius * kDivergenceRadius * (1 - 1e-9);
    for (int t = 0; t < req_.maxSteps && s.n > 0; ++t) {
        const int n = s.n;
        double* w[2] = {s.w1.data(), s.w2.data()};
        double* g[2] = {s.g1.data(), s.g2.data()};
        double* d[2] = {s.d1.data(), s.d2.data()};
        double* a[2] = {s.a1.data(), s.a2.data()};
        double* b[2] = {s.b1.data(), s.b2.data()};
        // The update, as step() computes it, one coordinate at a time.
        for (int c = 0; c < 2; ++c) {
            if (wd != 0) decay(g[c], w[c], wd, n);
            switch (kind) {
                case OptimizerKind::Momentum:
                    buffer(a[c], g[c], mu, damp, t == 0, n);
                    descend(w[c], d[c], a[c], lr, n);
                    break;
                case OptimizerKind::Nesterov:
                    buffer(a[c], g[c], mu, damp, t == 0, n);
                    descendNesterov(w[c], d[c], g[c], a[c], lr, mu, n);
                    break;
                case OptimizerKind::Adam:
                    adam(w[c], d[c], a[c], b[c], g[c], h.beta1, h.beta2, h.eps,
                         adamStep_[static_cast<size_t>(t)], adamC2Sqrt_[static_cast<size_t>(t)], n);
                    break;
                default:  // gd
                    descend(w[c], d[c], g[c], lr, n);
                    break;
            }
        }
        gradients(l, w[0], w[1], g[0], g[1], n);
        candidates(w[0], w[1], g[0], g[1], d[0], d[1], s.mark.data(), tolSq, radSq, n);
        // The exact tests (Run's, with its norms) on the marked pixels, last to first so that
        // removing one (the last active pixel moves into its slot) skips none.
        for (int k = n - 1; k >= 0; --k) {
            if (s.mark[static_cast<size_t>(k)] == 0.0) continue;
            const Vec2 wk(w[0][k], w[1][k]), gk(g[0][k], g[1][k]), dk(d[0][k], d[1][k]);
            int label;
            if (!finite2(wk[0], wk[1]) || !finite2(gk[0], gk[1]) || wk.norm() > kDivergenceRadius)
                label = kBasinDiverged;
            else if (dk.norm() <= tol && gk.norm() <= tol)
                label = labelOf(wk);
            else
                continue;
            map_.label[rowStart + static_cast<size_t>(s.px[k])] = label;
            map_.steps[rowStart + static_cast<size_t>(s.px[k])] = t + 1;
            s.remove(k);
        }
    }
    for (int k = 0; k < s.n; ++k) map_.steps[rowStart + s.px[k]] = req_.maxSteps;
}

}  // namespace optiscape
