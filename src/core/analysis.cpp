// Curvature, step-size stability limits, and the search for stationary points: damped Newton on
// the gradient from a grid of starts, deduplication, classification and continuum detection.
#include "analysis.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscape {

Curvature curvature(const Mat2& H) {
    Curvature c;
    const double a = H(0, 0), d = H(1, 1), b = 0.5 * (H(0, 1) + H(1, 0));
    Mat2 sym;
    sym << a, b, b, d;
    c.eigenvalues = symmetricEigenvalues(sym);
    if (b == 0) {  // already diagonal: the axes exactly
        if (a <= d) c.eigenvectors.setIdentity();
        else c.eigenvectors << 0, -1, 1, 0;
    } else {
        const double phi = 0.5 * std::atan2(-2.0 * b, d - a);
        const double cs = std::cos(phi), sn = std::sin(phi);
        c.eigenvectors << cs, -sn, sn, cs;
    }
    const double lo = c.eigenvalues[0], hi = c.eigenvalues[1];
    const double inf = std::numeric_limits<double>::infinity();
    c.condition = lo > 0 && hi > 0 ? hi / lo : inf;
    c.gdStableLr = hi > 0 ? 2.0 / hi : inf;
    return c;
}

bool heavyBallStable(double lr, double mu, double lambda) {
    const double h = lr * lambda;
    return std::abs(mu) < 1 && h > 0 && h < 2 * (1 + mu);
}

double heavyBallStableLr(double mu, double lambdaMax) {
    if (!(std::abs(mu) < 1)) return 0.0;
    if (!(lambdaMax > 0)) return std::numeric_limits<double>::infinity();
    return 2 * (1 + mu) / lambdaMax;
}

bool nesterovStable(double lr, double mu, double lambda) {
    const double h = lr * lambda;
    return h > 0 && std::abs(mu * (1 - h)) < 1 && (1 + 2 * mu) * (1 - h) > -1;
}

double nesterovStableLr(double mu, double lambdaMax) {
    if (!(mu >= 0 && mu < 1)) return 0.0;
    if (!(lambdaMax > 0)) return std::numeric_limits<double>::infinity();
    return 2 * (1 + mu) / ((1 + 2 * mu) * lambdaMax);
}

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr int kMaxIterations = 100;
constexpr int kMaxHalvings = 30;
constexpr double kZeroEigen = 1e-7;     ///< relative size below which an eigenvalue is zero
constexpr double kSameRelative = 1e-7;  ///< of the diagonal: closer points are one point
constexpr double kProbeRelative = 1e-3; ///< of the diagonal: the step along a null direction
constexpr size_t kMaxRepresentatives = 8;
constexpr long kStartsPerPoint = 32;
constexpr int kMaxRefinement = 8;

/// The rounding level of |∇L| at w: gradient terms have the size ‖H‖·|w|.
double acceptTolerance(const Vec2& w, const Mat2& H) {
    return std::max(1e-12, 128 * kEps * (1 + H.norm() * (1 + w.norm())));
}

struct Refined {
    Vec2 w = Vec2::Zero();
    double gradNorm = 0.0;
    bool converged = false;
};

/// Backtracking along d from w: the best point with |∇L|² below phi, if any.
bool lineSearch(const Landscape& l, const Vec2& w, const Vec2& d, double phi, Vec2& best,
                double& bestPhi) {
    if (!finite(d) || d.squaredNorm() == 0) return false;
    double t = 1.0;
    for (int k = 0; k < kMaxHalvings; ++k, t *= 0.5) {
        const Vec2 wn = w + t * d;
        const Vec2 gn = l.gradient(wn);
        const double phin = gn.squaredNorm();
        if (finite(wn) && std::isfinite(phin) && phin < phi) {
            if (phin < bestPhi) {
                best = wn;
                bestPhi = phin;
            }
            return true;
        }
    }
    return false;
}

/// Damped Newton on ∇L = 0 from w, with the pseudo-inverse step as a fallback (see analysis.h).
Refined refine(const Landscape& l, Vec2 w, const Vec2& center, double radius) {
    Refined r;
    for (int it = 0; it < kMaxIterations; ++it) {
        const Eval e = l.evaluate(w);
        const double phi = e.gradient.squaredNorm();
        if (!finite(w) || !std::isfinite(phi) || (w - center).norm() > radius) return r;
        const double tol = acceptTolerance(w, e.hessian);
        r.w = w;
        r.gradNorm = std::sqrt(phi);
        r.converged = r.gradNorm <= tol;
        if (r.gradNorm <= 1e-12 * tol) break;  // a flat point needs this for its position

        Vec2 best = w;
        double bestPhi = phi;
        bool moved = false;
        const double det = e.hessian.determinant();
        if (det != 0 && std::isfinite(det)) {
            const Vec2 d = -(e.hessian.inverse() * e.gradient);
            // Converged, and Newton's next step is below the rounding of w: nothing left to gain.
            if (r.converged && d.norm() <= 4 * kEps * w.norm()) break;
            moved = lineSearch(l, w, d, phi, best, bestPhi);
        }
        if (!moved || bestPhi > 0.25 * phi) {
            const Curvature c = curvature(e.hessian);
            const double big = std::max(std::abs(c.eigenvalues[0]), std::abs(c.eigenvalues[1]));
            Vec2 d = Vec2::Zero();
            for (int i = 0; i < 2; ++i) {
                const double lam = c.eigenvalues[i];
                if (std::abs(lam) > 1e-8 * big)
                    d -= (c.eigenvectors.col(i).dot(e.gradient) / lam) * c.eigenvectors.col(i);
            }
            moved = lineSearch(l, w, d, phi, best, bestPhi) || moved;
        }
        if (!moved) break;  // stagnated: |∇L| is at its rounding level (or a non-zero minimum)
        w = best;
    }
    if (!r.converged) return r;
    // Coordinates at rounding level of zero become exact zeros when that is no worse.
    Vec2 snapped = r.w;
    const double tiny = 1e-12 * std::max(radius, 1.0);
    for (int i = 0; i < 2; ++i)
        if (std::abs(snapped[i]) <= tiny) snapped[i] = 0.0;
    if (snapped != r.w) {
        const double gs = l.gradient(snapped).norm();
        if (gs <= r.gradNorm) {
            r.w = snapped;
            r.gradNorm = gs;
        }
    }
    return r;
}

struct Found {
    Vec2 w;
    double gradNorm;
};

bool inside(const ViewBox& b, const Vec2& w, double slack) {
    return w[0] >= b.w1min - slack && w[0] <= b.w1max + slack && w[1] >= b.w2min - slack &&
           w[1] <= b.w2max + slack;
}

PointType classify(const Vec2& ev, double scale) {
    const double ref = std::max(std::max(std::abs(ev[0]), std::abs(ev[1])), scale);
    const auto zero = [&](double x) { return std::abs(x) <= kZeroEigen * ref; };
    if (zero(ev[0]) || zero(ev[1])) return PointType::Degenerate;
    if (ev[0] > 0) return PointType::Minimum;
    if (ev[1] < 0) return PointType::Maximum;
    return PointType::Saddle;
}

/// Whether the stationary set continues from p along a null direction of H(p).
bool continuesAlongNullDirection(const Landscape& l, const Vec2& p, const Curvature& c,
                                 double scale, double diag, const Vec2& center, double radius) {
    const double h = kProbeRelative * diag;
    const double ref = std::max(std::max(std::abs(c.eigenvalues[0]), std::abs(c.eigenvalues[1])), scale);
    for (int i = 0; i < 2; ++i) {
        if (std::abs(c.eigenvalues[i]) > kZeroEigen * ref) continue;
        for (const double sign : {1.0, -1.0}) {
            const Refined q = refine(l, p + sign * h * c.eigenvectors.col(i), center, radius);
            const double dist = (q.w - p).norm();
            if (q.converged && dist >= 0.25 * h && dist <= 4 * h) return true;
        }
    }
    return false;
}

/// Up to k of the points, spread out: the first in (w1, w2) order, then each time the point
/// farthest from those already taken.
std::vector<CriticalPoint> spread(const std::vector<CriticalPoint>& pts, size_t k) {
    std::vector<CriticalPoint> out;
    if (pts.empty()) return out;
    std::vector<double> dist(pts.size(), std::numeric_limits<double>::infinity());
    size_t next = 0;
    while (out.size() < k) {
        const Vec2 taken = pts[next].w;
        out.push_back(pts[next]);
        double far = 0;
        for (size_t i = 0; i < pts.size(); ++i) {
            dist[i] = std::min(dist[i], (pts[i].w - taken).norm());
            if (dist[i] > far) far = dist[i], next = i;
        }
        if (far == 0) break;
    }
    return out;
}

bool byPosition(const CriticalPoint& a, const CriticalPoint& b) {
    return a.w[0] != b.w[0] ? a.w[0] < b.w[0] : a.w[1] < b.w[1];
}

}  // namespace

CriticalSearch findCriticalPoints(const Landscape& landscape, const ViewBox& domain, int grid) {
    grid = std::max(grid, 1);
    const double diag = std::hypot(domain.width(), domain.height());
    if (!(domain.width() > 0 && domain.height() > 0 && std::isfinite(diag))) return {};
    const Vec2 center = domain.center();
    const double radius = 100 * diag + 1;

    const auto startAt = [&](int n, int i, int j) {
        return Vec2(domain.w1min + (i + 0.5) * domain.width() / n,
                    domain.w2min + (j + 0.5) * domain.height() / n);
    };
    std::vector<double> hnorms;
    for (int j = 0; j < grid; ++j)
        for (int i = 0; i < grid; ++i) {
            const double n = landscape.evaluate(startAt(grid, i, j)).hessian.norm();
            if (std::isfinite(n)) hnorms.push_back(n);
        }
    double scale = 0;
    if (!hnorms.empty()) {
        std::nth_element(hnorms.begin(), hnorms.begin() + hnorms.size() / 2, hnorms.end());
        scale = hnorms[hnorms.size() / 2];
    }

    // Converge from every start; merge points closer than kSameRelative·diag. Refine the grid
    // while it has fewer than kStartsPerPoint starts per non-degenerate point found.
    std::vector<Found> found;
    const double same = kSameRelative * diag;
    for (int n = grid;; n *= 2) {
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                const Refined r = refine(landscape, startAt(n, i, j), center, radius);
                if (!r.converged || !inside(domain, r.w, 1e-9 * diag)) continue;
                bool merged = false;
                for (Found& f : found)
                    if ((f.w - r.w).norm() <= same) {
                        if (r.gradNorm < f.gradNorm) f = Found{r.w, r.gradNorm};
                        merged = true;
                        break;
                    }
                if (!merged) found.push_back(Found{r.w, r.gradNorm});
            }
        long regular = 0;
        for (const Found& f : found)
            regular += classify(curvature(landscape.evaluate(f.w).hessian).eigenvalues, scale) !=
                       PointType::Degenerate;
        if (n >= kMaxRefinement * grid || static_cast<long>(n) * n >= kStartsPerPoint * regular)
            break;
    }

    CriticalSearch out;
    std::vector<CriticalPoint> onCurve;
    std::vector<double> isolatedGrad;  // |∇L| of out.points[i]
    for (const Found& f : found) {
        const Curvature c = curvature(landscape.evaluate(f.w).hessian);
        CriticalPoint p;
        p.w = f.w;
        p.eigenvalues = c.eigenvalues;
        p.type = classify(c.eigenvalues, scale);
        if (p.type != PointType::Degenerate) {
            out.points.push_back(p);
            isolatedGrad.push_back(f.gradNorm);
        } else if (continuesAlongNullDirection(landscape, f.w, c, scale, diag, center, radius)) {
            p.onContinuum = true;
            onCurve.push_back(p);
        } else {
            // Newton approaches a flat point slowly, so its copies from different starts can
            // differ by more than kSameRelative; an isolated one has no other within the probe.
            bool merged = false;
            for (size_t i = 0; i < out.points.size() && !merged; ++i) {
                if (out.points[i].type != PointType::Degenerate ||
                    (out.points[i].w - p.w).norm() > kProbeRelative * diag)
                    continue;
                if (f.gradNorm < isolatedGrad[i]) out.points[i] = p, isolatedGrad[i] = f.gradNorm;
                merged = true;
            }
            if (!merged) {
                out.points.push_back(p);
                isolatedGrad.push_back(f.gradNorm);
            }
        }
    }
    if (!onCurve.empty()) {
        out.continuum = true;
        std::sort(onCurve.begin(), onCurve.end(), byPosition);
        for (const CriticalPoint& p : spread(onCurve, kMaxRepresentatives)) out.points.push_back(p);
    }
    std::sort(out.points.begin(), out.points.end(), byPosition);
    return out;
}

}  // namespace optiscape
