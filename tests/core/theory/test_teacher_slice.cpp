// The slice around a spurious minimum (core/theory/teacher_slice.h): the nearest global minimum is
// one (F = 0 to rounding), the plane's value at (0, 0) is F at the minimum and at (1, 0) F at the
// global minimum, D₂ is orthogonal to D₁ with its norm, and the minimum is a minimum on the plane.
#include <doctest/doctest.h>

#include <cmath>

#include "core/theory/spurious_table.h"
#include "core/theory/teacher_slice.h"

using namespace optiscape;
using namespace optiscape::theory;

namespace {

/// The first spurious minimum of k = n = 10 from seed 1 (the table's run order).
MatX firstSpurious(const TeacherObjective& obj, RunEnd* end) {
    for (std::uint64_t r = 0; r < 40; ++r) {
        TeacherDescent d(obj, xavierStart(obj.k, obj.n, 1, r));
        while (!d.advance(1000)) {}
        if (d.result().type == EndPoint::Spurious) {
            *end = d.result();
            return d.point();
        }
    }
    FAIL("no spurious minimum in 40 runs");
    return MatX();
}

}  // namespace

TEST_CASE("the nearest global minimum of a student is a global minimum, also with extra units") {
    for (const auto& [k, n] : {std::pair{6, 6}, std::pair{8, 9}}) {
        const TeacherObjective obj{k, n};
        const MatX W = xavierStart(k, n, 3, 0);
        const MatX G = nearestGlobalMinimum(W);
        CHECK(std::abs(obj.value(G)) < 1e-12);
        CHECK(G.sum() == doctest::Approx(k));  // every teacher unit once
    }
}

TEST_CASE("the slice through a spurious minimum: F at (0, 0) and (1, 0), orthogonal directions, a minimum on the plane") {
    const TeacherObjective obj{10, 10};
    RunEnd end;
    const MatX Wstar = firstSpurious(obj, &end);
    TeacherSlice s;
    std::string error;
    REQUIRE(makeTeacherSlice(obj, Wstar, 7, &s, &error));
    CHECK(s.value(0, 0) == end.objective);
    CHECK(s.centerValue == end.objective);
    CHECK(s.value(1, 0) == doctest::Approx(obj.value(nearestGlobalMinimum(Wstar))).epsilon(1e-12));
    CHECK(std::abs(s.value(1, 0)) < 1e-10);
    CHECK(std::abs(s.d1.cwiseProduct(s.d2).sum()) < 1e-10 * s.d1.squaredNorm());
    CHECK(s.d2.norm() == doctest::Approx(s.d1.norm()).epsilon(1e-12));
    for (double a : {-0.01, 0.01})
        for (double b : {-0.01, 0.0, 0.01}) CHECK(s.value(a, b) > end.objective);
    // the grid's rows are the plane's values at the cell centres
    const std::vector<double> rows = teacherSliceRows(s, 8, 6, 2, 4);
    REQUIRE(rows.size() == 16);
    CHECK(rows[9] == s.value(s.box.w1min + 1.5 * s.box.width() / 8, s.box.w2min + 3.5 * s.box.height() / 6));
    // a global end point has no slice
    CHECK_FALSE(makeTeacherSlice(obj, nearestGlobalMinimum(Wstar), 7, &s, &error));
    CHECK(error.find("global minimum") != std::string::npos);
}
