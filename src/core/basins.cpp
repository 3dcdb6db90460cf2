// The basin map's row kernel: structure-of-arrays state for a row of pixels; per step one pass
// of the optimizer over all still-active pixels, their gradients in one batch, a branch-free
// test for candidates of stopping, and Run's exact tests on those.
#include "basins.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "optimizer_rules.h"
#include "run.h"

namespace optiscape {
namespace {

bool finite2(double a, double b) { return std::isfinite(a) && std::isfinite(b); }

#if defined(__GNUC__) || defined(__clang__)
#define OPTISCAPE_RESTRICT __restrict__
#define OPTISCAPE_NOINLINE __attribute__((noinline))
#else
#define OPTISCAPE_RESTRICT
#define OPTISCAPE_NOINLINE
#endif

/// Whether a pixel may have stopped: maybe converged (|g|² ≤ tol²·(1 + 1e-9); Run also needs
/// |Δw| ≤ tol, left to the exact test, which keeps this one cheap), maybe diverged (|w|² ≥
/// R²·(1 − 1e-9), or a NaN or ∞ in w or g: comparisons with NaN are false, and an infinite
/// coordinate makes its sum of squares ∞). A superset of Run's exact tests, which then run on
/// these pixels only.
struct Candidate {
    double tolSq, radSq;
    bool operator()(double w1, double w2, double g1, double g2) const {
        const double ww = w1 * w1 + w2 * w2;
        const double gg = g1 * g1 + g2 * g2;
        return (gg <= tolSq) | !(ww < radSq) | !(gg <= std::numeric_limits<double>::max());
    }
    /// The same as 1.0 or 0.0, in doubles and selects only (what GCC vectorizes).
    double flag(double w1, double w2, double g1, double g2) const {
        const double ww = w1 * w1 + w2 * w2;
        const double gg = g1 * g1 + g2 * g2;
        const double escaping =
            ww < radSq ? (gg <= std::numeric_limits<double>::max() ? 0.0 : 1.0) : 1.0;
        return (gg <= tolSq ? 1.0 : 0.0) + escaping > 0.0 ? 1.0 : 0.0;
    }
};

/// A row's pixels still running, as parallel arrays: w, its gradient g, the last step d = w −
/// w_before, and a, b: the momentum buffer, or Adam's m and v. Finished pixels are swapped out.
struct Row {
    std::vector<int> px;
    std::vector<double> w1, w2, g1, g2, d1, d2, a1, a2, b1, b2;
    std::vector<double> flag;  ///< scratch of anyCandidate (GCC)
    int n = 0;

    void resize(int width) {
        for (auto* v : {&w1, &w2, &g1, &g2, &d1, &d2, &a1, &a2, &b1, &b2, &flag})
            v->assign(static_cast<size_t>(width), 0.0);
        px.assign(static_cast<size_t>(width), 0);
        n = width;
    }
    /// Removes pixel slot k by moving the last active one into it.
    void remove(int k) {
        const int last = --n;
        px[k] = px[last];
        for (auto* v : {&w1, &w2, &g1, &g2, &d1, &d2, &a1, &a2, &b1, &b2}) (*v)[k] = (*v)[last];
    }
};

/// One step of the optimizer for the n active pixels of a row, both coordinates in one loop,
/// in place: each lane applies the rule of optimizer_rules.h that step() applies, so the numbers
/// are the same to the last bit. The arrays are restrict parameters, so the loop vectorizes
/// (compilers use restrict on parameters only; a version reading one copy of the state and
/// writing another, through 18 pointers, ran scalar and 2x slower in wasm).
template <OptimizerKind K, bool kDecay, bool kFirst>
void stepLoop(const rules::StepConstants& p, double* OPTISCAPE_RESTRICT w1, double* OPTISCAPE_RESTRICT w2,
              const double* OPTISCAPE_RESTRICT g1, const double* OPTISCAPE_RESTRICT g2,
              double* OPTISCAPE_RESTRICT d1, double* OPTISCAPE_RESTRICT d2,
              double* OPTISCAPE_RESTRICT a1, double* OPTISCAPE_RESTRICT a2,
              double* OPTISCAPE_RESTRICT b1, double* OPTISCAPE_RESTRICT b2, int n) {
    const rules::StepConstants c = p;
    // the new value of one coordinate from its w, g and state a, b (updated in place)
    const auto update = [&](double wc, double g, double& a, double& b) {
        if constexpr (kDecay) g = rules::decayed(g, wc, c);
        if constexpr (K == OptimizerKind::Momentum || K == OptimizerKind::Nesterov) {
            (void)b;
            return rules::momentum<kFirst, K == OptimizerKind::Nesterov>(wc, g, a, c);
        } else if constexpr (K == OptimizerKind::Adam) {
            return rules::adam<false>(wc, g, a, b, b, c);
        } else {  // gd
            (void)a, (void)b;
            return rules::gd(wc, g, c);
        }
    };
    for (int k = 0; k < n; ++k) {
        const double x1 = update(w1[k], g1[k], a1[k], b1[k]);
        const double x2 = update(w2[k], g2[k], a2[k], b2[k]);
        d1[k] = x1 - w1[k];
        d2[k] = x2 - w2[k];
        w1[k] = x1;
        w2[k] = x2;
    }
}

/// stepLoop with the weight-decay and first-step choices taken out of the loop. It is called
/// through a function pointer, so it stays a function of its own: inlined into computeRow it
/// lost its restrict parameters and ran scalar in wasm (285 instead of 217 ms in bench_basins).
template <OptimizerKind K>
void stepRow(const rules::StepConstants& p, bool first, Row& s) {
    double *w1 = s.w1.data(), *w2 = s.w2.data(), *g1 = s.g1.data(), *g2 = s.g2.data();
    double *d1 = s.d1.data(), *d2 = s.d2.data(), *a1 = s.a1.data(), *a2 = s.a2.data();
    double *b1 = s.b1.data(), *b2 = s.b2.data();
    const bool decay = p.wd != 0.0;
    if (first)
        (decay ? stepLoop<K, true, true> : stepLoop<K, false, true>)(p, w1, w2, g1, g2, d1, d2, a1, a2, b1, b2, s.n);
    else
        (decay ? stepLoop<K, true, false> : stepLoop<K, false, false>)(p, w1, w2, g1, g2, d1, d2, a1, a2, b1, b2, s.n);
}

/// Whether any of the n pixels is a candidate, without branches so that it vectorizes. Clang
/// (Emscripten) vectorizes an OR of the comparisons in one pass; GCC does not vectorize that
/// reduction (and a fused sum of flags trips an internal compiler error in GCC 12), so there the
/// flags go to an array first and are summed in four independent lanes. Both measured in
/// bench_basins: one pass is 20% faster in wasm, two passes 10% faster with GCC.
bool anyCandidate(const Candidate& is, const double* OPTISCAPE_RESTRICT w1,
                  const double* OPTISCAPE_RESTRICT w2, const double* OPTISCAPE_RESTRICT g1,
                  const double* OPTISCAPE_RESTRICT g2, double* OPTISCAPE_RESTRICT flag, int n) {
#if defined(__clang__)
    (void)flag;
    bool any = false;
    for (int k = 0; k < n; ++k) any |= is(w1[k], w2[k], g1[k], g2[k]);
    return any;
#else
    for (int k = 0; k < n; ++k) flag[k] = is.flag(w1[k], w2[k], g1[k], g2[k]);
    double lanes[4] = {0.0, 0.0, 0.0, 0.0};  // counts, exact in doubles
    int k = 0;
    for (; k + 4 <= n; k += 4)
        for (int j = 0; j < 4; ++j) lanes[j] += flag[k + j];
    for (; k < n; ++k) lanes[0] += flag[k];
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] > 0.0;
#endif
}

}  // namespace

BasinRowKernel::BasinRowKernel(const Landscape& landscape, const BasinRequest& request)
    : landscape_(landscape.clone()), req_(request) {
    req_.width = std::max(req_.width, 0);
    req_.height = std::max(req_.height, 0);
    req_.maxSteps = std::max(req_.maxSteps, 0);
    if (req_.optimizer == OptimizerKind::Adam) {
        const Hyper& h = req_.hyper;
        for (long t = 0; t < req_.maxSteps; ++t) {  // step()'s constants of step t + 1
            const rules::StepConstants c = rules::stepConstants(req_.optimizer, h, h.lr, t);
            adamStep_.push_back(c.adamStep);
            adamC2Sqrt_.push_back(c.c2sqrt);
        }
    }
}

BasinComputer::BasinComputer(const Landscape& landscape, BasinRequest request)
    : kernel_(landscape, request), req_(kernel_.request()) {
    map_.width = req_.width;
    map_.height = req_.height;
    const size_t pixels = static_cast<size_t>(req_.width) * static_cast<size_t>(req_.height);
    map_.label.assign(pixels, kBasinNotConverged);
    map_.steps.assign(pixels, 0);
    matchRadius_ = 0.01 * std::hypot(req_.box.width(), req_.box.height());
    const Landscape& l = kernel_.landscape();
    if (!l.hasContinuum())
        for (const StationaryPoint& s : l.stationaryPoints())
            if (s.type == PointType::Minimum) map_.minima.push_back(s.w);
    map_.knownMinima = static_cast<int>(map_.minima.size());
    if (req_.width == 0) nextRow_ = req_.height;  // nothing to compute
}

Vec2 BasinComputer::pixelCenter(const BasinRequest& r, int i, int j) {
    return {r.box.w1min + (i + 0.5) * r.box.width() / r.width,
            r.box.w2min + (j + 0.5) * r.box.height() / r.height};
}

double BasinComputer::progress() const {
    return map_.height > 0 ? static_cast<double>(nextRow_) / map_.height : 1.0;
}

bool BasinComputer::advance(int budgetRows) {
    for (int r = 0; r < budgetRows && !done(); ++r) {
        kernel_.computeRow(nextRow_, events_);
        applyRow(nextRow_++, events_);
    }
    return done();
}

void BasinComputer::supplyRow(int j, std::vector<BasinEvent> events) {
    if (j < nextRow_ || j >= map_.height) return;
    waiting_.emplace(j, std::move(events));  // a row supplied twice keeps its first events
    for (auto it = waiting_.begin(); it != waiting_.end() && it->first == nextRow_; it = waiting_.erase(it))
        applyRow(nextRow_++, it->second);
}

void BasinComputer::computeRow(int j) {
    if (j < nextRow_ || j >= map_.height) return;
    std::vector<BasinEvent> events;
    kernel_.computeRow(j, events);
    supplyRow(j, std::move(events));
}

void BasinComputer::applyRow(int j, const std::vector<BasinEvent>& events) {
    const size_t rowStart = static_cast<size_t>(j) * static_cast<size_t>(req_.width);
    for (const BasinEvent& e : events) {
        if (e.pixel < 0 || e.pixel >= req_.width) continue;
        const int label = e.outcome == BasinEvent::Converged ? labelOf(e.w)
                          : e.outcome == BasinEvent::Diverged ? kBasinDiverged
                                                              : kBasinNotConverged;
        map_.label[rowStart + static_cast<size_t>(e.pixel)] = label;
        map_.steps[rowStart + static_cast<size_t>(e.pixel)] = e.steps;
    }
}

bool BasinComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    do {
        if (done()) break;
        kernel_.computeRow(nextRow_, events_);
        applyRow(nextRow_++, events_);
    } while (std::chrono::duration<double>(Clock::now() - t0).count() < seconds);
    return done();
}

void BasinRowKernel::computeRowWithRuns(int j, std::vector<BasinEvent>& events) const {
    const double tol = req_.tol;
    for (int i = 0; i < req_.width; ++i) {
        RunConfig cfg;
        cfg.optimizer = req_.optimizer;
        cfg.hyper = req_.hyper;
        cfg.start = BasinComputer::pixelCenter(req_, i, j);
        Run run(cfg);
        run.reset(*landscape_);
        BasinEvent e{i, BasinEvent::NotConverged, req_.maxSteps, Vec2::Zero()};
        if (run.stopped()) {
            e.outcome = BasinEvent::Diverged;
            e.steps = 0;
        }
        for (int t = 1; t <= req_.maxSteps && e.outcome == BasinEvent::NotConverged; ++t) {
            const Vec2 before = run.current().w;
            if (!run.step(*landscape_)) {
                e.outcome = BasinEvent::Diverged;
                e.steps = t;
            } else if ((run.current().w - before).norm() <= tol && run.current().gradNorm <= tol) {
                e.outcome = BasinEvent::Converged;
                e.w = run.current().w;
                e.steps = t;
            }
        }
        events.push_back(e);
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

// One copy of the row kernel however many callers it has (in place, a band of a job): a call
// per row costs nothing beside the row's work, and each inlined copy cost the page 2–3 KB.
OPTISCAPE_NOINLINE void BasinRowKernel::computeRow(int j, std::vector<BasinEvent>& events) const {
    events.clear();
    const Landscape& l = *landscape_;
    const Hyper& h = req_.hyper;
    const OptimizerKind kind = req_.optimizer;
    const bool inlined = kind == OptimizerKind::GD || kind == OptimizerKind::Momentum ||
                         kind == OptimizerKind::Nesterov || kind == OptimizerKind::Adam;
    const int width = req_.width;
    const double tol = req_.tol;

    if (!inlined) {
        computeRowWithRuns(j, events);
        return;
    }
    Row s;
    s.resize(width);
    for (int i = 0; i < width; ++i) {
        const Vec2 w = BasinComputer::pixelCenter(req_, i, j);
        s.px[i] = i;
        s.w1[i] = w[0];
        s.w2[i] = w[1];
    }
    l.gradients(s.w1.data(), s.w2.data(), s.g1.data(), s.g2.data(), static_cast<size_t>(s.n));
    // Step 0: Run's test of the start point (here the only place L itself is evaluated).
    for (int k = s.n - 1; k >= 0; --k) {
        const Vec2 w(s.w1[k], s.w2[k]);
        if (!finite2(w[0], w[1]) || !std::isfinite(l.value(w)) || !finite2(s.g1[k], s.g2[k]) ||
            w.norm() > kDivergenceRadius) {
            events.push_back({s.px[k], BasinEvent::Diverged, 0, Vec2::Zero()});
            s.remove(k);
        }
    }

    rules::StepConstants step = rules::stepConstants(kind, h, h.lr, 0);
    const Candidate candidate{tol * tol * (1 + 1e-9),
                              kDivergenceRadius * kDivergenceRadius * (1 - 1e-9)};
    for (int t = 0; t < req_.maxSteps && s.n > 0; ++t) {
        if (kind == OptimizerKind::Adam) {
            step.adamStep = adamStep_[static_cast<size_t>(t)];
            step.c2sqrt = adamC2Sqrt_[static_cast<size_t>(t)];
        }
        switch (kind) {
            case OptimizerKind::Momentum: stepRow<OptimizerKind::Momentum>(step, t == 0, s); break;
            case OptimizerKind::Nesterov: stepRow<OptimizerKind::Nesterov>(step, t == 0, s); break;
            case OptimizerKind::Adam: stepRow<OptimizerKind::Adam>(step, t == 0, s); break;
            default: stepRow<OptimizerKind::GD>(step, t == 0, s); break;
        }
        const int n = s.n;
        l.gradients(s.w1.data(), s.w2.data(), s.g1.data(), s.g2.data(), static_cast<size_t>(n));
        if (!anyCandidate(candidate, s.w1.data(), s.w2.data(), s.g1.data(), s.g2.data(), s.flag.data(), n))
            continue;
        // Run's exact tests (with its norms) on the candidates, last to first so that removing
        // one (the last active pixel moves into its slot) skips none.
        for (int k = n - 1; k >= 0; --k) {
            const Vec2 wk(s.w1[k], s.w2[k]), gk(s.g1[k], s.g2[k]), dk(s.d1[k], s.d2[k]);
            if (!candidate(wk[0], wk[1], gk[0], gk[1])) continue;
            if (!finite2(wk[0], wk[1]) || !finite2(gk[0], gk[1]) || wk.norm() > kDivergenceRadius)
                events.push_back({s.px[k], BasinEvent::Diverged, t + 1, Vec2::Zero()});
            else if (dk.norm() <= tol && gk.norm() <= tol)
                events.push_back({s.px[k], BasinEvent::Converged, t + 1, wk});
            else
                continue;
            s.remove(k);
        }
    }
    for (int k = 0; k < s.n; ++k) events.push_back({s.px[k], BasinEvent::NotConverged, req_.maxSteps, Vec2::Zero()});
}

}  // namespace optiscape
