// Small charts for the theory page, drawn with ImDrawList: axes with round ticks (log10 values
// labelled as powers of ten), lines (solid or dashed) with labels at their ends, points with error
// bars, and histograms with stacked, coloured bars.
#pragma once

#include <string>
#include <vector>

#include "imgui.h"

namespace optiscape::app {

/// A chart's box on screen and its data ranges.
struct Chart {
    ImVec2 lo, hi;                 ///< the plotting area (inside the axes)
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    float yLabelRight = 0;         ///< where the y axis's title, drawn in the top-left corner, ends
    float X(double x) const { return lo.x + static_cast<float>((x - x0) / (x1 - x0)) * (hi.x - lo.x); }
    float Y(double y) const { return hi.y - static_cast<float>((y - y0) / (y1 - y0)) * (hi.y - lo.y); }
};

struct ChartAxes {
    std::string xLabel, yLabel;
    bool yLog10 = false;       ///< y values are log10 of the quantity: ticks read 10ⁿ
    bool xLog10 = false;
    bool xWhole = false;       ///< only whole-number x ticks (depths, layers)
};

/// Reserves `size` at the cursor, draws the frame, grid, ticks and labels; returns the mapping.
Chart beginChart(ImVec2 size, double x0, double x1, double y0, double y1, const ChartAxes& axes);
/// A polyline through (xs, ys) (non-finite points are skipped), clipped to the chart.
void chartLine(const Chart& c, const std::vector<double>& xs, const std::vector<double>& ys, ImU32 color,
               bool dashed = false, float thickness = 2.0f);
/// A label beside the last finite point of a line (kept inside the chart).
void chartEndLabel(const Chart& c, double x, double y, const std::string& text, ImU32 color);
/// Points with vertical bars from lo to hi.
void chartPoints(const Chart& c, const std::vector<double>& xs, const std::vector<double>& ys,
                 const std::vector<double>& lo, const std::vector<double>& hi, ImU32 color);
/// A vertical dashed line at x with a label at its top (`row`: that many lines lower).
void chartMarker(const Chart& c, double x, const std::string& text, ImU32 color, int row = 0);

/// Histogram bars: bin i covers [x0 + i·w, x0 + (i + 1)·w); each bin's count is split in layers
/// (stacked bottom-up in the order of `colors`).
void chartBars(const Chart& c, double x0, double width, const std::vector<std::vector<int>>& counts,
               const std::vector<ImU32>& colors);
/// A row of coloured swatches with texts at the cursor (a legend under a chart).
void chartLegend(const std::vector<std::pair<std::string, ImU32>>& entries);
/// "10⁻³" for e = −3.
std::string powerOfTen(int e);

}  // namespace optiscape::app
