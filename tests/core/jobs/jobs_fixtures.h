// Shared by the job suites: basin maps compared field by field.
#pragma once

#include <doctest/doctest.h>

#include "core/basins.h"

namespace optiscape::testing {

/// The same map to the last bit: labels, steps, and the minima found in the same order.
inline void checkSameMap(const BasinMap& a, const BasinMap& b) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    CHECK(a.label == b.label);
    CHECK(a.steps == b.steps);
    CHECK(a.knownMinima == b.knownMinima);
    REQUIRE(a.minima.size() == b.minima.size());
    for (size_t k = 0; k < a.minima.size(); ++k) CHECK(a.minima[k] == b.minima[k]);
}

inline BasinMap inPlace(const Landscape& l, const BasinRequest& r) {
    BasinComputer bc(l, r);
    while (!bc.advance(5)) {
    }
    return bc.result();
}

}  // namespace optiscape::testing
