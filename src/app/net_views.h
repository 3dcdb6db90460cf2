// Looking at the network's loss through windows (issue 17): a 2-D slice opened as the landscape
// (the map, contours, 3D view, stationary points and basins then show it as any other; the
// network waits in AppState::slice and comes back with closeSlice), the 1-D line from a run's
// initial to its current weights, and mode connectivity with a second network, computed across
// frames. The operations every input path shares; the panels and the browser API call them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_state.h"
#include "core/json.h"

namespace optiscape::app {

/// Network mode: opens the slice of the selected run's loss through its current weights θ₀ with
/// `spec`'s directions as the landscape; the runs become 2-D runs on the slice, starting where the
/// run's first saved weights project. Directions Connect: the plane through the finished
/// connection's θA, θB, θC (origin θA, Garipov et al.'s Gram–Schmidt basis), through network A's
/// run. Every network run's trajectory is projected onto the plane (SliceState::paths). Returns ""
/// or why it cannot (nothing changes then).
std::string openSlice(AppState& s, const nets::SliceSpec& spec);
/// Back to the network the slice was taken from, its runs as they were.
void closeSlice(AppState& s);

/// A command's argument as its words, between spaces (no iostreams: they weigh on the page's
/// download).
std::vector<std::string> words(std::string_view text);
/// The whole number after words w[i], in [lo, hi]; nullopt when missing or not one.
std::optional<double> wholeAfter(const std::vector<std::string>& w, size_t i, double lo, double hi);

/// The line's points.
constexpr int kLinePoints = 81;
/// Recomputes the selected run's line L((1 − t)·θ_init + t·θ_now) over [s.line.tmin, s.line.tmax]
/// when the run, its step or the network changed.
void updateLine(AppState& s);
/// [0, 1], or [−0.5, 1.5] to see past both ends. Returns "" or what is wrong.
std::string setLineRange(AppState& s, double tmin, double tmax);

/// Starts mode connectivity for the selected run (network A, at its current weights): network B is
/// trained as A was — the same optimizer, settings and number of steps (at least 1) — from the
/// initial weights of seed `seedB` (≠ the network's seed), then Garipov et al.'s Bézier bend is
/// trained by Adam for `bendSteps`. Returns "" or why not.
std::string startConnect(AppState& s, std::uint64_t seedB, int bendSteps = 1000);
/// Advances it for about `budgetSeconds` (each frame); sets s.busy while it computes.
void advanceConnect(AppState& s, double budgetSeconds);
/// Runs it to the end now (the "connect ... finish" command, the tests).
void finishConnect(AppState& s);

/// The commands "slice open [random|pca|connect] [filter|layer|none] [seed N] [range R]", "slice close",
/// "line [tmin tmax]", "connect [seed S] [steps N] [finish]". Returns "" or what was wrong.
std::string sliceCommand(AppState& s, std::string_view arg);
std::string lineCommand(AppState& s, std::string_view arg);
std::string connectCommand(AppState& s, std::string_view arg);

/// The window a shared link reopens (core/nets/window_json.h): the open slice, else the
/// connection, else the computed line; kind "" for none.
nets::NetWindow currentWindow(const AppState& s);
/// Network mode, the runs just reset: trains every run to w.step, selects w.run and opens the
/// window (a connection is computed across frames; for a slice on its plane, at once). "" or
/// "window: why not; no window opened".
std::string openWindow(AppState& s, const nets::NetWindow& w);

/// state()'s "slice", "line" and "connect" objects.
void writeNetViewsJson(JsonWriter& j, const AppState& s);

}  // namespace optiscape::app
