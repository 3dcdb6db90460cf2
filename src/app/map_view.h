// The landscape map, the hero of the screen: heatmap with contours (drawn by the GPU from a grid
// the core samples), axes with round-number ticks, a colour bar in real loss values, known
// stationary points, and every run's path, current point and status — labelled on the figure.
// Click sets the start of all runs (shift-click: the selected run), drag pans, the wheel zooms
// around the cursor, double-click fits the view.
#pragma once

#include <optional>
#include <vector>

#include "app/app_state.h"
#include "app/map_layers.h"
#include "app/slice_map.h"
#include "app/theme.h"
#include "imgui.h"
#include "render/heatmap.h"

namespace optiscape::app {

class MapPanel {
public:
    bool init();
    const std::string& error() const { return heatmap_.error(); }
    /// Draws into the current ImGui window, filling the rectangle [pos, pos + size].
    void draw(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale);
    /// The part of the plane the map shows (the landscape's default box before the first draw).
    ViewBox visibleBox(const AppState& s) const;
    /// The point under the mouse, if it is over the map.
    const std::optional<Vec2>& hovered() const { return hover_; }

private:
    void fit(AppState& s, ImVec2 size);
    /// Samples the landscape on the grid of the view (a costly one only starts progressive_).
    void resample(const AppState& s, ImVec2 size, float scale);
    /// progressive_'s complete grid as the heatmap's colours.
    void applyGrid(const AppState& s, float scale);
    void drawAxes(const AppState& s, const Fonts& fonts, float scale);
    void drawColorBar(const Fonts& fonts, float scale);
    void drawStationaryPoints(AppState& s, const Fonts& fonts, float scale);
    /// A key of the stationary-point shapes present on the map, above `bottom`; returns its top.
    float drawStationaryLegend(const Fonts& fonts, float scale, float bottom);
    /// The landscape's known stationary points, or for a landscape that lists none (a typed
    /// formula) those found by the core's Newton search once the landscape and view are still.
    const std::vector<StationaryPoint>& stationaryPoints(AppState& s);
    void drawRuns(const AppState& s, const Fonts& fonts, float scale);
    void handleInput(AppState& s, float scale);
    void drawEigenCross(const AppState& s, float scale);
    /// K of the stability overlay for the selected run (0 when it has no fixed local limit).
    static float stabilityK(const AppState& s);
    ImVec2 toScreen(const Vec2& w) const;
    Vec2 toWorld(ImVec2 p) const;

    render::HeatmapRenderer heatmap_;
    render::HeatmapStyle style_;
    std::vector<float> grid_;
    int gridW_ = 0, gridH_ = 0;
    double lossMin_ = 0, delta_ = 1, smin_ = 0, smax_ = 1;
    bool logScale_ = true;      ///< colour on log10(L − Lmin + δ), else linear in L − Lmin
    bool anyUndefined_ = false; ///< some samples of the view are undefined (NaN): legend entry
    ProgressiveGrid progressive_;  ///< the grid's values: at once, or a few rows per frame (slices)
    bool gridReady_ = false;       ///< the heatmap shows the current landscape
    ProgressiveCriticalSearch criticalSearch_;  ///< a slice's stationary points, across frames
    bool searchStarted_ = false;                ///< for progressive_'s current grid
    BasinsLayer basins_;
    FlowLayer flow_;
    std::vector<StationaryPoint> points_;  ///< what stationaryPoints() returned last
    LandscapeKey pointsKey_;
    ViewBox pointsBox_;
    double pointsChanged_ = -1.0;          ///< when the landscape or view last changed (debounce)
    bool pointsSearched_ = false;
    int shapesShown_ = 0;                  ///< bit per PointType drawn this frame
    std::vector<ImVec4> pointLabels_;      ///< stationary points' label boxes this frame (runs' labels avoid them)
    ImVec2 rmin_, rmax_;  ///< the map rectangle on screen (device pixels)
    MapView sampled_;     ///< the view the grid was sampled for
    ImVec2 sampledSize_;
    bool sampledStability_ = false;
    std::optional<Vec2> hover_;
    std::optional<Vec2> pendingClick_;  ///< a click waiting to see whether it becomes a double-click
    bool pendingShift_ = false;
    double pendingTime_ = 0;
};

}  // namespace optiscape::app
