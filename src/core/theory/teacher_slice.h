// A slice of Safran & Shamir's objective around a spurious local minimum W* (Yarotsky's table,
// issue 18: "click a spurious minimum to open a slice of the loss around it"): the plane
// W(a, b) = W* + a·D₁ + b·D₂ through W* and the global minimum nearest to it, D₁ = W_g − W*, so
// that W(0, 0) = W* and W(1, 0) = W_g; D₂ a random direction (seeded) orthogonal to D₁ with the
// same norm. W_g is exact: student unit i takes the teacher unit eⱼ it leans on most (a greedy
// matching of the largest components), units beyond k are 0 — then F(W_g) = 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/theory/relu_teacher.h"
#include "core/types.h"

namespace optiscape::theory {

/// The global minimum nearest to W (k × n, n ≥ k): columns are teacher units eⱼ (each used once)
/// or 0, matched greedily by the largest entries of W.
MatX nearestGlobalMinimum(const MatX& W);

struct TeacherSlice {
    TeacherObjective objective;
    MatX center, d1, d2;         ///< W*, W_g − W*, the random direction
    double centerValue = 0;      ///< F(W*)
    double otherValue = 0;       ///< F(W_g)
    ViewBox box{-0.4, 1.4, -0.6, 0.6};
    /// F(W* + a·D₁ + b·D₂).
    double value(double a, double b) const;
};

/// The slice through `minimum` (k × n of `objective`) and its nearest global minimum; D₂ from
/// SplitMix64 stream `seed`. *error and false when the minimum is the global one itself.
bool makeTeacherSlice(const TeacherObjective& objective, const MatX& minimum, std::uint64_t seed, TeacherSlice* out,
                      std::string* error);

/// F on a cols × rows grid of cell centres over slice.box, rows from b = box.w2min upward:
/// rows [rowBegin, rowEnd) (a chunk the page computes a few rows per frame).
std::vector<double> teacherSliceRows(const TeacherSlice& slice, int cols, int rows, int rowBegin, int rowEnd);

}  // namespace optiscape::theory
