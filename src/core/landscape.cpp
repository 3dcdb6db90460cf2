// The landscape base class (parameter values and their validation) and the classification of
// stationary points by their Hessian.
#include "landscape.h"

#include <algorithm>
#include <cmath>

namespace optiscape {

Landscape::Landscape(LandscapeInfo info) : info_(std::move(info)) {
    values_.reserve(info_.params.size());
    for (const ParamSpec& s : info_.params) values_.push_back(s.def);
}

double Landscape::param(std::string_view name) const {
    for (size_t i = 0; i < info_.params.size(); ++i)
        if (info_.params[i].name == name) return values_[i];
    return 0.0;
}

std::string Landscape::setParam(std::string_view name, double value) {
    for (size_t i = 0; i < info_.params.size(); ++i) {
        const ParamSpec& s = info_.params[i];
        if (s.name != name) continue;
        if (!std::isfinite(value) || !s.contains(value)) return s.rangeMessage();
        values_[i] = value;
        paramsChanged();
        return {};
    }
    std::string msg = "unknown parameter '" + std::string(name) + "' for '" + info_.name + "'; ";
    if (info_.params.empty()) return msg + "'" + info_.name + "' has no parameters";
    msg += "parameters: ";
    for (size_t i = 0; i < info_.params.size(); ++i) {
        if (i) msg += ", ";
        msg += info_.params[i].name;
    }
    return msg;
}

void Landscape::resetParams() {
    for (size_t i = 0; i < info_.params.size(); ++i) values_[i] = info_.params[i].def;
    paramsChanged();
}

void Landscape::values(const double* w1, const double* w2, double* out, size_t n) const {
    for (size_t i = 0; i < n; ++i) out[i] = value(Vec2(w1[i], w2[i]));
}

void Landscape::gradients(const double* w1, const double* w2, double* g1, double* g2,
                          size_t n) const {
    for (size_t i = 0; i < n; ++i) {
        const Vec2 g = gradient(Vec2(w1[i], w2[i]));
        g1[i] = g[0];
        g2[i] = g[1];
    }
}

const char* pointTypeName(PointType t) {
    switch (t) {
        case PointType::Minimum: return "minimum";
        case PointType::Maximum: return "maximum";
        case PointType::Saddle: return "saddle";
        case PointType::Degenerate: return "degenerate";
    }
    return "degenerate";
}

Vec2 symmetricEigenvalues(const Mat2& h) {
    const double a = h(0, 0), c = h(1, 1), b = 0.5 * (h(0, 1) + h(1, 0));
    const double mean = 0.5 * (a + c);
    const double r = std::hypot(0.5 * (a - c), b);
    double lo = mean - r, hi = mean + r;
    // The eigenvalue of smaller magnitude loses digits to cancellation; recover it from the
    // determinant, which is exact enough when the other eigenvalue is large.
    const double det = a * c - b * b;
    if (std::abs(hi) >= std::abs(lo) && hi != 0.0) {
        lo = det / hi;
    } else if (lo != 0.0) {
        hi = det / lo;
    }
    if (lo > hi) std::swap(lo, hi);
    return {lo, hi};
}

PointType classifyHessian(const Mat2& h, double tol) {
    const Vec2 ev = symmetricEigenvalues(h);
    const double scale = std::max(1.0, std::max(std::abs(ev[0]), std::abs(ev[1])));
    const auto zero = [&](double l) { return std::abs(l) <= tol * scale; };
    if (zero(ev[0]) || zero(ev[1])) return PointType::Degenerate;
    if (ev[0] > 0) return PointType::Minimum;
    if (ev[1] < 0) return PointType::Maximum;
    return PointType::Saddle;
}

}  // namespace optiscape
