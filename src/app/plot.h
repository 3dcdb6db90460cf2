// A compact line plot drawn with ImDrawList: several series over steps, log or linear y,
// round-number ticks. Long series are reduced to one min–max span per pixel column.
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
};

struct PlotOptions {
    bool logY = true;        ///< falls back to linear when a value is ≤ 0 (and says so)
    const char* yLabel = "";
};

/// Draws the plot in a box of `size` at the cursor and advances the cursor.
void drawPlot(const char* id, const std::vector<PlotSeries>& series, ImVec2 size,
              const PlotOptions& options);

/// Round-number ticks covering [lo, hi], about `target` of them.
std::vector<double> niceTicks(double lo, double hi, int target);

}  // namespace optiscape::app
