// Gradient flow by Dormand–Prince 5(4) (the pair of MATLAB's ode45) with FSAL and a standard
// step-size controller; the accepted points are thinned by arc length for drawing.
#include "flow.h"

#include <algorithm>
#include <cmath>

namespace optiscape {
namespace {

constexpr double kRelTol = 1e-9, kAbsTol = 1e-12;
constexpr double kStationary = 1e-10;
constexpr double kRadius = 1e6;
constexpr long kMaxSteps = 2000000;

/// Drops points closer than `spacing` to the previous kept one (the first and last always stay).
void thin(std::vector<FlowPoint>& pts, double spacing) {
    std::vector<FlowPoint> out{pts.front()};
    for (size_t i = 1; i + 1 < pts.size(); ++i)
        if ((pts[i].w - out.back().w).norm() >= spacing) out.push_back(pts[i]);
    if (pts.size() > 1) out.push_back(pts.back());
    pts.swap(out);
}

/// At most n points, evenly spaced by arc length, both ends kept.
std::vector<FlowPoint> resample(const std::vector<FlowPoint>& pts, size_t n) {
    if (pts.size() <= n) return pts;
    std::vector<double> s(pts.size(), 0.0);
    for (size_t i = 1; i < pts.size(); ++i) s[i] = s[i - 1] + (pts[i].w - pts[i - 1].w).norm();
    std::vector<FlowPoint> out{pts.front()};
    size_t i = 0;
    for (size_t k = 1; k + 1 < n; ++k) {
        const double target = s.back() * static_cast<double>(k) / static_cast<double>(n - 1);
        while (i + 1 < pts.size() && s[i] < target) ++i;
        if (i + 1 < pts.size() && pts[i].t > out.back().t) out.push_back(pts[i]);
    }
    out.push_back(pts.back());
    return out;
}

}  // namespace

std::vector<FlowPoint> gradientFlowPath(const Landscape& landscape, const Vec2& start, double tEnd,
                                        int maxPoints) {
    const size_t limit = static_cast<size_t>(std::max(maxPoints, 2));
    std::vector<FlowPoint> pts;
    if (!finite(start) || start.norm() > kRadius) return pts;
    pts.push_back({0.0, start});
    const auto f = [&](const Vec2& w) -> Vec2 { return -landscape.gradient(w); };

    // Dormand & Prince (1980), RK5(4)7M (the flow is autonomous, so the nodes c are not needed):
    // the 5th-order weights b (= the last stage's row, so its slope is the next step's first:
    // FSAL) and e = b − b̂ for the error estimate.
    static const double a21 = 1.0 / 5;
    static const double a31 = 3.0 / 40, a32 = 9.0 / 40;
    static const double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
    static const double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                        a54 = -212.0 / 729;
    static const double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247,
                        a64 = 49.0 / 176, a65 = -5103.0 / 18656;
    static const double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192,
                        b5 = -2187.0 / 6784, b6 = 11.0 / 84;
    static const double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920,
                        e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40;

    double t = 0.0, spacing = 0.0;
    Vec2 w = start;
    Vec2 k1 = f(w);
    if (!finite(k1) || !(tEnd > 0)) return pts;
    double h = std::min(tEnd, 0.01 * (1.0 + w.norm()) / std::max(k1.norm(), 1e-300));
    for (long n = 0; n < kMaxSteps && t < tEnd; ++n) {
        if (k1.norm() < kStationary) break;
        h = std::min(h, tEnd - t);
        const Vec2 k2 = f(w + h * (a21 * k1));
        const Vec2 k3 = f(w + h * (a31 * k1 + a32 * k2));
        const Vec2 k4 = f(w + h * (a41 * k1 + a42 * k2 + a43 * k3));
        const Vec2 k5 = f(w + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4));
        const Vec2 k6 = f(w + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5));
        const Vec2 wn = w + h * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
        const Vec2 k7 = f(wn);
        const Vec2 err = h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
        double en = 0.0;
        for (int i = 0; i < 2; ++i)
            en = std::max(en, std::abs(err[i]) /
                                  (kAbsTol + kRelTol * std::max(std::abs(w[i]), std::abs(wn[i]))));
        if (!finite(wn) || !finite(k7) || !std::isfinite(en)) {
            h *= 0.2;  // left the region where L is defined: approach its edge with smaller steps
            if (h <= 1e-15 * std::max(t, 1e-300)) break;
            continue;
        }
        if (en <= 1.0) {
            if (wn.norm() > kRadius) break;
            t = (h == tEnd - t) ? tEnd : t + h;
            w = wn;
            k1 = k7;
            // Keep memory bounded: the last point is always kept (it may be the end); the one
            // before it only if it is `spacing` away from its predecessor.
            if (pts.size() >= 2 && (pts.back().w - pts[pts.size() - 2].w).norm() < spacing)
                pts.back() = {t, w};
            else
                pts.push_back({t, w});
            if (pts.size() > 4 * limit + 64) {
                double length = 0;
                for (size_t i = 1; i < pts.size(); ++i) length += (pts[i].w - pts[i - 1].w).norm();
                spacing = std::max(2 * spacing, length / static_cast<double>(2 * limit));
                thin(pts, spacing);
            }
        }
        const double factor = en == 0.0 ? 5.0 : 0.9 * std::pow(en, -0.2);
        h *= std::clamp(factor, 0.2, 5.0);
        if (h <= 1e-15 * std::max(t, 1e-300)) break;
    }
    return resample(pts, limit);
}

std::vector<Vec2> gradientFlow(const Landscape& landscape, const Vec2& start, double tEnd,
                               int maxPoints) {
    std::vector<Vec2> out;
    for (const FlowPoint& p : gradientFlowPath(landscape, start, tEnd, maxPoints)) out.push_back(p.w);
    return out;
}

double flowTimeOfSteps(double lr, int k) { return lr * k; }

}  // namespace optiscape
