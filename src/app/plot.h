// A compact line plot drawn with ImDrawList: several series over steps, log, linear or symlog y,
// linear or log x, round-number ticks, dashed reference curves with labels, a small legend.
// Long series are reduced to one min–max span per pixel column.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "imgui.h"

namespace optiscape::app {

struct PlotSeries {
    int count = 0;                      ///< points 0..count-1, x = index
    std::function<double(int)> y;       ///< value of point i
    ImU32 color = 0;
    bool dashed = false;                ///< drawn dashed (e.g. a second coordinate)
};

/// A curve y = f(x) drawn dashed over the plot's x range, labelled at its right end.
struct PlotReference {
    std::function<double(double)> f;
    std::string label;
    ImU32 color = 0;
};

/// A vertical dashed line at step x, labelled at its top (e.g. the early-stopping step).
struct PlotMarker {
    double x = 0.0;
    std::string label;
    ImU32 color = 0;
};

struct PlotLegendEntry {
    std::string text;
    ImU32 color = 0;
    bool dashed = false;
};

struct PlotOptions {
    bool logY = true;        ///< falls back to linear when a value is ≤ 0 (and says so)
    const char* yLabel = "";
    bool compact = false;    ///< small margins and few ticks (a preview beside controls)
    bool logX = false;       ///< log-scale steps (point 0 is left out)
    /// Linear x only: the axis labels point i as x0 + i·dx (a parameter t, not a step).
    double x0 = 0.0, dx = 1.0;
    /// Signed log scale sign(y)·log₁₀(1 + |y|/c): negative values show (eigenvalues). 0: off.
    double symlogC = 0.0;
    std::vector<PlotReference> references;
    std::vector<PlotMarker> markers;
    std::vector<PlotLegendEntry> legend;
};

/// Draws the plot in a box of `size` at the cursor and advances the cursor.
void drawPlot(const char* id, const std::vector<PlotSeries>& series, ImVec2 size,
              const PlotOptions& options);

/// Round-number ticks covering [lo, hi], about `target` of them.
std::vector<double> niceTicks(double lo, double hi, int target);

}  // namespace optiscape::app
