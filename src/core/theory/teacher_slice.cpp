// The plane through a spurious minimum and its nearest global minimum (core/theory/teacher_slice.h).
#include "core/theory/teacher_slice.h"

#include <algorithm>
#include <cmath>

#include "core/random.h"

namespace optiscape::theory {

MatX nearestGlobalMinimum(const MatX& W) {
    const int k = static_cast<int>(W.rows()), n = static_cast<int>(W.cols());
    MatX G = MatX::Zero(k, n);
    std::vector<bool> unitUsed(static_cast<size_t>(n), false), teacherUsed(static_cast<size_t>(k), false);
    for (int step = 0; step < std::min(k, n); ++step) {
        int bi = -1, bj = -1;
        double best = -HUGE_VAL;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j)
                if (!unitUsed[size_t(i)] && !teacherUsed[size_t(j)] && W(j, i) > best) best = W(j, i), bi = i, bj = j;
        unitUsed[size_t(bi)] = teacherUsed[size_t(bj)] = true;
        G(bj, bi) = 1.0;
    }
    return G;
}

double TeacherSlice::value(double a, double b) const { return objective.value(center + a * d1 + b * d2); }

bool makeTeacherSlice(const TeacherObjective& objective, const MatX& minimum, std::uint64_t seed, TeacherSlice* out,
                      std::string* error) {
    TeacherSlice s;
    s.objective = objective;
    s.center = minimum;
    s.d1 = nearestGlobalMinimum(minimum) - minimum;
    const double n1 = s.d1.norm();
    if (!(n1 > 1e-9)) {
        if (error) *error = "this end point is a global minimum already: no plane to a different one";
        return false;
    }
    SplitMix64 rng = SplitMix64::stream(seed, 0x736C696365ULL);  // "slice"
    MatX r(minimum.rows(), minimum.cols());
    for (Eigen::Index i = 0; i < r.size(); ++i) r.data()[i] = rng.normal();
    r -= (r.cwiseProduct(s.d1).sum() / (n1 * n1)) * s.d1;  // orthogonal to D₁ (Frobenius)
    s.d2 = r * (n1 / r.norm());
    s.centerValue = objective.value(s.center);
    s.otherValue = objective.value(s.center + s.d1);
    *out = std::move(s);
    return true;
}

std::vector<double> teacherSliceRows(const TeacherSlice& slice, int cols, int rows, int rowBegin, int rowEnd) {
    std::vector<double> out;
    const ViewBox& b = slice.box;
    for (int j = rowBegin; j < rowEnd; ++j)
        for (int i = 0; i < cols; ++i)
            out.push_back(slice.value(b.w1min + (i + 0.5) * b.width() / cols, b.w2min + (j + 0.5) * b.height() / rows));
    return out;
}

}  // namespace optiscape::theory
