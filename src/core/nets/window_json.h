// A window onto a network's loss that a scenario reopens (issue 17): the "window" object of a
// link or load() — {"kind": "slice", "run": 0, "step": 300, "directions": "pca", "normalize":
// "filter", "seed": 1, "range": 1}, {"kind": "line", "run": 0, "step": 300, "range": [-0.5, 1.5]}
// or {"kind": "connect", "run": 0, "step": 800, "seedB": 2, "bendSteps": 1000} (a slice with
// directions "connect" takes seedB and bendSteps too). Reading is all or nothing: a malformed
// object is ignored with a note saying what is wrong.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/nets/slice_setup.h"

namespace optiscape::nets {

/// The runs replay exactly, so a window is its settings and the step it was taken at: loading
/// trains every run to `step`, selects `run` and opens the window as the page would.
struct NetWindow {
    std::string kind;               ///< "" (none), "slice", "line" or "connect"
    int run = 0;                    ///< the network run it is taken through (0-based)
    int step = 0;                   ///< every run is trained to this step first (0 to 20000)
    SliceSpec slice;                ///< "slice": directions, normalize, seed, range
    double tmin = 0.0, tmax = 1.0;  ///< "line": its range of t
    std::uint64_t seedB = 2;        ///< "connect", and a slice on the plane through θA, θB, θC
    int bendSteps = 1000;           ///< the same: steps of the Bézier bend
};

/// The largest "step" a window takes (the page's run limit).
constexpr int kMaxWindowStep = 20000;

/// Reads v into `w` when it is a valid window (null: no window); else leaves `w` and adds one
/// note "window[.key]: what is wrong".
void applyWindowJson(const JsonValue& v, NetWindow& w, std::vector<std::string>& notes);
/// Writes w as the object above (only the keys of its kind).
void writeWindowJson(JsonWriter& j, const NetWindow& w);

}  // namespace optiscape::nets
