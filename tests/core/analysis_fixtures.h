// Landscapes with hand-written derivatives for the analysis tests (himmelblau, monkey saddle,
// mexican hat, quadratics), so the tests do not depend on which presets exist.
#pragma once

#include <Eigen/LU>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/landscape.h"

namespace testing {

using namespace optiscape;

/// A landscape from three functions; stationaryPoints() lists what the test gives it.
class FunctionLandscape final : public Landscape {
public:
    using Value = std::function<double(const Vec2&)>;
    using Gradient = std::function<Vec2(const Vec2&)>;
    using Hessian = std::function<Mat2(const Vec2&)>;

    FunctionLandscape(std::string name, ViewBox view, Value v, Gradient g, Hessian h,
                      std::vector<StationaryPoint> known = {}, bool continuum = false)
        : Landscape(makeInfo(std::move(name), view, continuum)), v_(std::move(v)), g_(std::move(g)),
          h_(std::move(h)), known_(std::move(known)) {}

    double value(const Vec2& w) const override { return v_(w); }
    Vec2 gradient(const Vec2& w) const override { return g_(w); }
    Eval evaluate(const Vec2& w) const override { return Eval{v_(w), g_(w), h_(w)}; }
    std::vector<StationaryPoint> stationaryPoints() const override { return known_; }
    std::unique_ptr<Landscape> clone() const override {
        return std::make_unique<FunctionLandscape>(*this);
    }

private:
    static LandscapeInfo makeInfo(std::string name, ViewBox view, bool continuum) {
        LandscapeInfo i;
        i.name = std::move(name);
        i.title = i.formula = i.pretty = i.lecture = i.notice = "test";
        i.view = view;
        i.continuum = continuum;
        return i;
    }
    Value v_;
    Gradient g_;
    Hessian h_;
    std::vector<StationaryPoint> known_;
};

inline Mat2 mat(double a, double b, double c, double d) {
    Mat2 m;
    m << a, b, c, d;
    return m;
}

/// Himmelblau (w1² + w2 − 11)² + (w1 + w2² − 7)²: 4 minima, 1 maximum, 4 saddles in [−5, 5]²
/// (listed to 16 digits, from Newton's method in NumPy).
inline std::unique_ptr<Landscape> himmelblau() {
    const auto a = [](const Vec2& w) { return w[0] * w[0] + w[1] - 11; };
    const auto b = [](const Vec2& w) { return w[0] + w[1] * w[1] - 7; };
    std::vector<StationaryPoint> known;
    const PointType mn = PointType::Minimum, mx = PointType::Maximum, sd = PointType::Saddle;
    const std::vector<std::pair<Vec2, PointType>> pts = {
        {{3, 2}, mn},
        {{-2.805118086952745, 3.131312518250573}, mn},
        {{-3.779310253377747, -3.283185991286169}, mn},
        {{3.5844283403304917, -1.8481265269644034}, mn},
        {{-0.2708445906673476, -0.9230385564799816}, mx},
        {{0.08667750455539634, 2.884254701174776}, sd},
        {{3.385154183607021, 0.07385187983774928}, sd},
        {{-3.0730257507643897, -0.08135304428796751}, sd},
        {{-0.12796134673068005, -1.9537149802445766}, sd}};
    for (const auto& p : pts) known.push_back({p.first, p.second, pointTypeName(p.second)});
    return std::make_unique<FunctionLandscape>(
        "himmelblau", ViewBox{-5, 5, -5, 5},
        [=](const Vec2& w) { return a(w) * a(w) + b(w) * b(w); },
        [=](const Vec2& w) {
            return Vec2(4 * w[0] * a(w) + 2 * b(w), 2 * a(w) + 4 * w[1] * b(w));
        },
        [=](const Vec2& w) {
            const double off = 4 * w[0] + 4 * w[1];
            return mat(4 * a(w) + 8 * w[0] * w[0] + 2, off, off, 2 + 4 * b(w) + 8 * w[1] * w[1]);
        },
        known);
}

/// The monkey saddle w1³ − 3w1w2²: one stationary point, the origin, where H = 0 (EE-556).
inline std::unique_ptr<Landscape> monkeySaddle() {
    return std::make_unique<FunctionLandscape>(
        "monkey-saddle", ViewBox{-2, 2, -2, 2},
        [](const Vec2& w) { return w[0] * w[0] * w[0] - 3 * w[0] * w[1] * w[1]; },
        [](const Vec2& w) {
            return Vec2(3 * w[0] * w[0] - 3 * w[1] * w[1], -6 * w[0] * w[1]);
        },
        [](const Vec2& w) { return mat(6 * w[0], -6 * w[1], -6 * w[1], -6 * w[0]); },
        std::vector<StationaryPoint>{{Vec2::Zero(), PointType::Degenerate, "monkey saddle"}});
}

/// The mexican hat (|w|² − 1)²: a maximum at the origin and a ring |w| = 1 of degenerate minima.
inline std::unique_ptr<Landscape> mexicanHat() {
    return std::make_unique<FunctionLandscape>(
        "mexican-hat", ViewBox{-2, 2, -2, 2},
        [](const Vec2& w) {
            const double q = w.squaredNorm() - 1;
            return q * q;
        },
        [](const Vec2& w) -> Vec2 { return 4 * (w.squaredNorm() - 1) * w; },
        [](const Vec2& w) -> Mat2 {
            return 4 * (w.squaredNorm() - 1) * Mat2::Identity() + 8 * w * w.transpose();
        },
        std::vector<StationaryPoint>{{Vec2::Zero(), PointType::Maximum, "maximum"}}, true);
}

/// The quadratic ½(w − c)ᵀA(w − c) (A symmetric), with gradient A(w − c) and Hessian A.
inline std::unique_ptr<Landscape> quadratic(const Mat2& A, const Vec2& c = Vec2::Zero(),
                                            ViewBox view = ViewBox{}) {
    std::vector<StationaryPoint> known;
    if (A.determinant() > 0 && A.trace() > 0) known.push_back({c, PointType::Minimum, "minimum"});
    return std::make_unique<FunctionLandscape>(
        "quadratic", view,
        [=](const Vec2& w) { return 0.5 * (w - c).dot(A * (w - c)); },
        [=](const Vec2& w) -> Vec2 { return A * (w - c); }, [=](const Vec2&) { return A; },
        known);
}

}  // namespace testing
