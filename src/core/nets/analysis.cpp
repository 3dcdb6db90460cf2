// Lanczos, slice directions, slices, lines and trajectory PCA (core/nets/analysis.h).
#include "core/nets/analysis.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "core/json.h"
#include "core/optimizer.h"
#include "core/random.h"

namespace optiscape::nets {

Spectrum lanczos(const std::function<VecX(const VecX&)>& hv, int n, int k, std::uint64_t seed, double tol,
                 int maxIterations, bool watchMin) {
    Spectrum out;
    if (n <= 0) return out;
    k = std::clamp(k, 1, n);
    const int cap = maxIterations > 0 ? std::min(maxIterations, n) : n;
    SplitMix64 rng = SplitMix64::stream(seed, 0x4C414E43ULL);  // "LANC"
    VecX q(n);
    for (int i = 0; i < n; ++i) q[i] = rng.normal();
    q.normalize();
    std::vector<VecX> Q{q};
    std::vector<double> alpha, beta;
    std::vector<double> previous;
    int stable = 0;
    VecX ritz;
    for (int j = 0; j < cap; ++j) {
        VecX w = hv(Q[static_cast<size_t>(j)]);
        out.iterations += 1;
        const double a = Q[static_cast<size_t>(j)].dot(w);
        alpha.push_back(a);
        // full reorthogonalisation, twice (classical Gram–Schmidt applied two times is stable)
        for (int pass = 0; pass < 2; ++pass)
            for (const VecX& v : Q) w -= v.dot(w) * v;
        const double b = w.norm();
        // the tridiagonal matrix's eigenvalues so far
        const int m = static_cast<int>(alpha.size());
        MatX T = MatX::Zero(m, m);
        for (int i = 0; i < m; ++i) {
            T(i, i) = alpha[static_cast<size_t>(i)];
            if (i + 1 < m) T(i, i + 1) = T(i + 1, i) = beta[static_cast<size_t>(i)];
        }
        ritz = Eigen::SelfAdjointEigenSolver<MatX>(T, Eigen::EigenvaluesOnly).eigenvalues();
        std::vector<double> now;
        for (int i = 0; i < std::min(k, m); ++i) now.push_back(ritz[m - 1 - i]);
        if (watchMin) now.push_back(ritz[0]);
        const double scale = std::max(std::abs(ritz[m - 1]), std::abs(ritz[0]));
        bool same = previous.size() == now.size() && m >= k;
        for (size_t i = 0; same && i < now.size(); ++i) same = std::abs(now[i] - previous[i]) <= tol * std::max(scale, 1e-300);
        stable = same ? stable + 1 : 0;
        previous = now;
        if (stable >= 5 || b <= 1e-14 * std::max(scale, 1e-300) || m == cap) break;
        beta.push_back(b);
        Q.push_back(w / b);
    }
    const int m = static_cast<int>(ritz.size());
    for (int i = 0; i < std::min(k, m); ++i) out.top.push_back(ritz[m - 1 - i]);
    out.min = ritz[0];
    return out;
}

Spectrum hessianSpectrum(const Model& m, const VecX& theta, const Batch& b, int k, std::uint64_t seed) {
    Backprop bp(m);
    return lanczos([&](const VecX& v) { return bp.hessianVector(theta, b, v); }, m.parameterCount(), k, seed);
}

double sharpness(const Model& m, const VecX& theta, const Batch& b, double tol, int maxIterations) {
    Backprop bp(m);
    const Spectrum s = lanczos([&](const VecX& v) { return bp.hessianVector(theta, b, v); }, m.parameterCount(), 1, 1,
                               tol, maxIterations, false);
    return s.top.empty() ? std::nan("") : s.top.front();
}

std::optional<Normalize> parseNormalize(std::string_view name) {
    if (name == "filter") return Normalize::Filter;
    if (name == "layer") return Normalize::Layer;
    if (name == "none") return Normalize::None;
    return std::nullopt;
}

const char* normalizeName(Normalize n) {
    switch (n) {
        case Normalize::Filter: return "filter";
        case Normalize::Layer: return "layer";
        case Normalize::None: return "none";
    }
    return "none";
}

VecX randomDirection(const Model& m, std::uint64_t seed, std::uint64_t stream) {
    SplitMix64 rng = SplitMix64::stream(seed, stream);
    const int n = m.parameterCount();
    VecX d(n);
    for (int i = 0; i < n; i += 2) {
        const Vec2 z = rng.normal2();
        d[i] = z[0];
        if (i + 1 < n) d[i + 1] = z[1];
    }
    return d;
}

VecX normalizeDirection(const Model& m, const VecX& d, const VecX& theta, Normalize how, bool zeroBias) {
    VecX out = d;
    if (how == Normalize::None) return out;
    const auto scaleSegment = [&](int offset, int count) {
        const double dn = out.segment(offset, count).norm(), tn = theta.segment(offset, count).norm();
        if (dn > 0) out.segment(offset, count) *= tn / dn;
    };
    for (const LayerShape& l : m.layers()) {
        if (how == Normalize::Filter)
            for (int r = 0; r < l.out; ++r) scaleSegment(l.wOffset + r * l.in, l.in);
        else
            scaleSegment(l.wOffset, l.in * l.out);
        if (zeroBias) out.segment(l.bOffset, l.out).setZero();
    }
    return out;
}

std::vector<double> sliceGrid(Backprop& bp, const Batch& batch, const VecX& theta0, const VecX& d1,
                              const VecX& d2, double amin, double amax, double bmin, double bmax, int n) {
    std::vector<double> out;
    out.reserve(static_cast<size_t>(n) * n);
    const auto at = [n](double lo, double hi, int i) { return n > 1 ? lo + (hi - lo) * i / (n - 1) : lo; };
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i)
            out.push_back(bp.loss(theta0 + at(amin, amax, i) * d1 + at(bmin, bmax, j) * d2, batch));
    return out;
}

std::vector<double> lineLoss(Backprop& bp, const Batch& batch, const VecX& a, const VecX& b, double tmin,
                             double tmax, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i) {
        const double t = count > 1 ? tmin + (tmax - tmin) * i / (count - 1) : tmin;
        out.push_back(bp.loss((1.0 - t) * a + t * b, batch));
    }
    return out;
}

namespace {
LandscapeInfo sliceInfo(std::string title, ViewBox view) {
    LandscapeInfo info;
    info.name = "network-slice";
    info.title = std::move(title);
    info.pretty = "L(θ₀ + a·d₁ + b·d₂)";
    info.lecture = "Li et al. (2018), Visualizing the Loss Landscape of Neural Nets";
    info.notice = "w₁ and w₂ are the coordinates a, b along the two directions d₁, d₂ through the network's "
                  "weights θ₀ (the centre); the loss is the full training loss of the network there.";
    info.group = "Networks";
    info.view = view;
    info.start = Vec2::Zero();
    return info;
}
}  // namespace

SliceLandscape::SliceLandscape(const Model& m, Batch batch, VecX theta0, VecX d1, VecX d2, std::string title,
                               ViewBox view)
    : Landscape(sliceInfo(std::move(title), view)),
      model_(m),
      bp_(m),
      batch_(std::move(batch)),
      theta0_(std::move(theta0)),
      d1_(std::move(d1)),
      d2_(std::move(d2)) {
    Mat2 g;
    g << d1_.dot(d1_), d1_.dot(d2_), d2_.dot(d1_), d2_.dot(d2_);
    gramInverse_ = std::abs(g.determinant()) > 0 ? Mat2(g.inverse()) : Mat2::Zero();
}

double SliceLandscape::value(const Vec2& w) const { return bp_.loss(point(w), batch_); }

Vec2 SliceLandscape::gradient(const Vec2& w) const {
    VecX g;
    bp_.gradient(point(w), batch_, g);
    return {d1_.dot(g), d2_.dot(g)};
}

Eval SliceLandscape::evaluate(const Vec2& w) const {
    Eval e;
    const VecX theta = point(w);
    VecX g;
    const VecX h1 = bp_.hessianVector(theta, batch_, d1_, &g, &e.value);
    const VecX h2 = bp_.hessianVector(theta, batch_, d2_);
    e.gradient = Vec2(d1_.dot(g), d2_.dot(g));
    const double off = 0.5 * (d1_.dot(h2) + d2_.dot(h1));
    e.hessian << d1_.dot(h1), off, off, d2_.dot(h2);
    return e;
}

namespace {
void writeNumbers(JsonWriter& j, const double* v, size_t n) {
    j.beginArray();
    for (size_t k = 0; k < n; ++k) j.value(v[k]);
    j.endArray();
}
}  // namespace

void SliceLandscape::writeJobFields(JsonWriter& j) const {
    j.key("slice").beginObject();
    j.key("model").beginObject();
    j.key("widths").beginArray();
    for (int w : model_.widths) j.value(w);
    j.endArray();
    j.key("activation").value(activationName(model_.activation));
    j.key("loss").value(lossName(model_.loss));
    j.endObject();
    j.key("batch").beginObject();
    j.key("inputs").value(batch_.inputs);
    j.key("classes").value(batch_.classes);
    j.key("x");
    writeNumbers(j, batch_.x.data(), batch_.x.size());
    j.key("y");
    writeNumbers(j, batch_.y.data(), batch_.y.size());
    j.endObject();
    for (const auto& [key, v] : {std::pair{"theta0", &theta0_}, std::pair{"d1", &d1_}, std::pair{"d2", &d2_}}) {
        j.key(key);
        writeNumbers(j, v->data(), static_cast<size_t>(v->size()));
    }
    j.endObject();
}

Vec2 SliceLandscape::project(const VecX& theta) const {
    const VecX r = theta - theta0_;
    return gramInverse_ * Vec2(d1_.dot(r), d2_.dot(r));
}

VecX bezierPoint(const VecX& a, const VecX& c, const VecX& b, double t) {
    return ((1 - t) * (1 - t)) * a + (2 * t * (1 - t)) * c + (t * t) * b;
}

BezierTrainer::BezierTrainer(const VecX& a, const VecX& b, const BezierOptions& o)
    : a_(a), b_(b), c_(0.5 * (a + b)), o_(o), rng_(SplitMix64::stream(o.seed, 0x42455a49ULL)) {}  // "BEZI"

bool BezierTrainer::advance(Backprop& bp, const Batch& batch, int n) {
    Hyper h = defaultsFor(OptimizerKind::Adam);
    h.lr = o_.lr;
    for (int k = 0; k < n && done_ < o_.steps; ++k, ++done_) {
        const double t = rng_.uniform();
        bp.gradient(bezierPoint(a_, c_, b_, t), batch, g_);
        StepContextN ctx;
        ctx.grad = (2 * t * (1 - t)) * g_;
        ctx.lr = o_.lr;
        step(OptimizerKind::Adam, h, state_, c_, ctx);
    }
    return done_ >= o_.steps;
}

VecX bezierBend(Backprop& bp, const Batch& batch, const VecX& a, const VecX& b, const BezierOptions& o) {
    BezierTrainer t(a, b, o);
    t.advance(bp, batch, o.steps);
    return t.bend();
}

Principal principalDirections(const std::vector<VecX>& thetas) {
    Principal p;
    const int m = static_cast<int>(thetas.size());
    if (m == 0) return p;
    const int n = static_cast<int>(thetas.back().size());
    MatX X(m, n);
    for (int i = 0; i < m; ++i) X.row(i) = (thetas[static_cast<size_t>(i)] - thetas.back()).transpose();
    // Through the m × m Gram matrix X·Xᵀ = U·Λ·Uᵀ (a few hundred saved points, n may be thousands
    // of weights; and the page already carries the symmetric eigensolver): λₖ are the squared
    // singular values of X, its principal directions Xᵀuₖ/√λₖ.
    const Eigen::SelfAdjointEigenSolver<MatX> es(X * X.transpose());
    const VecX& lam = es.eigenvalues();  // ascending
    double total = 0.0;
    for (int i = 0; i < m; ++i) total += std::max(lam[i], 0.0);
    p.d1 = VecX::Zero(n);
    p.d2 = VecX::Zero(n);
    const double l1 = std::max(lam[m - 1], 0.0), l2 = m > 1 ? std::max(lam[m - 2], 0.0) : 0.0;
    if (total > 0 && l1 > 0) {
        p.d1 = (X.transpose() * es.eigenvectors().col(m - 1)).normalized();
        p.explained1 = l1 / total;
    }
    if (total > 0 && l2 > 1e-12 * l1) {  // below: rounding, not a second direction
        VecX d = X.transpose() * es.eigenvectors().col(m - 2);
        d -= d.dot(p.d1) * p.d1;
        p.d2 = d.normalized();
        p.explained2 = l2 / total;
    }
    // signs: the first point lies at a coordinate ≤ 0 along each direction
    const VecX first = thetas.front() - thetas.back();
    if (first.dot(p.d1) > 0) p.d1 = -p.d1;
    if (first.dot(p.d2) > 0) p.d2 = -p.d2;
    for (const VecX& t : thetas) {
        p.c1.push_back((t - thetas.back()).dot(p.d1));
        p.c2.push_back((t - thetas.back()).dot(p.d2));
    }
    return p;
}

}  // namespace optiscape::nets
