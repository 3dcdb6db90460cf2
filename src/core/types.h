// Basic value types of the numeric core: points, gradients and Hessians of a two-parameter loss,
// and vectors of any size for networks.
// The core depends on Eigen and the standard library only.
#pragma once

#include <Eigen/Core>
#include <cmath>

namespace optiscape {

using Vec2 = Eigen::Vector2d;
using Mat2 = Eigen::Matrix2d;
/// A parameter vector of any size (a network's weights) and its dense matrices.
using VecX = Eigen::VectorXd;
using MatX = Eigen::MatrixXd;

/// Whether both coordinates are finite (no NaN, no ∞).
inline bool finite(const Vec2& v) { return std::isfinite(v[0]) && std::isfinite(v[1]); }

/// A loss evaluated at one point: value L(w), gradient ∇L(w) and Hessian ∇²L(w).
struct Eval {
    double value = 0.0;
    Vec2 gradient = Vec2::Zero();
    Mat2 hessian = Mat2::Zero();
};

/// An axis-aligned rectangle of the (w1, w2) plane.
struct ViewBox {
    double w1min = -2, w1max = 2, w2min = -2, w2max = 2;
    double width() const { return w1max - w1min; }
    double height() const { return w2max - w2min; }
    Vec2 center() const { return {(w1min + w1max) / 2, (w2min + w2max) / 2}; }
};

}  // namespace optiscape
