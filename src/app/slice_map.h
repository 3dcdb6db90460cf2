// What the map does for a costly landscape — a slice of a network's loss, where one value is a
// pass over the whole training set: its grid is evaluated a few rows per frame (with a progress
// bar) instead of all at once, and the slice's projected training path is drawn on it.
#pragma once

#include <vector>

#include "app/app_state.h"
#include "app/map_layers.h"
#include "app/theme.h"
#include "imgui.h"

namespace optiscape::app {

/// True for landscapes whose value costs a network's forward pass (nets::SliceLandscape).
bool isCostly(const Landscape& l);

/// A grid of values (and, with `hessian`, λmax of the Hessian) at cell centres, filled row by row.
class ProgressiveGrid {
public:
    /// Starts over: cols × rows cells over [x0, x0 + w] × [y0, y0 + h].
    void start(double x0, double y0, double w, double h, int cols, int rows, bool hessian);
    /// Evaluates cells for about `budgetSeconds` (at least one); true once the grid is complete.
    bool advance(const Landscape& l, double budgetSeconds);
    bool active() const { return started_ && next_ < values_.size(); }
    bool complete() const { return started_ && next_ >= values_.size(); }
    /// The centre of cell (i, j).
    Vec2 at(int i, int j) const { return {x0_ + (i + 0.5) * w_ / cols_, y0_ + (j + 0.5) * h_ / rows_}; }
    double progress() const { return values_.empty() ? 0.0 : static_cast<double>(next_) / values_.size(); }
    double ms() const { return ms_; }               ///< compute time so far
    double lastFrameMs() const { return lastMs_; }  ///< of the last advance()
    int cols() const { return cols_; }
    int rows() const { return rows_; }
    const std::vector<double>& values() const { return values_; }
    const std::vector<float>& lmax() const { return lmax_; }  ///< empty without `hessian`

private:
    double x0_ = 0, y0_ = 0, w_ = 1, h_ = 1;
    int cols_ = 0, rows_ = 0;
    size_t next_ = 0;  ///< cells done, row by row
    bool hessian_ = false, started_ = false;
    double ms_ = 0, lastMs_ = 0;
    std::vector<double> values_;
    std::vector<float> lmax_;
};

/// The stationary points of a costly landscape, found a few evaluations per frame: candidates
/// from the complete grid (cells lower or higher than their 8 neighbours, or whose ring of
/// neighbours changes sign four times or more: a saddle), each refined by Newton's method on the
/// exact gradient and Hessian and classified by the Hessian's eigenvalues (EE-556).
class ProgressiveCriticalSearch {
public:
    /// Starts from `grid`'s values (complete), over the box it covers.
    void start(const ProgressiveGrid& grid, const ViewBox& box);
    /// Newton steps for about `budgetSeconds`; true once every candidate is refined.
    bool advance(const Landscape& l, double budgetSeconds);
    bool active() const { return next_ < candidates_.size(); }
    void clear() { candidates_.clear(), points_.clear(), next_ = 0; }
    const std::vector<StationaryPoint>& points() const { return points_; }

private:
    std::vector<Vec2> candidates_;
    size_t next_ = 0;
    int iteration_ = 0;
    Vec2 w_ = Vec2::Zero();
    ViewBox box_;
    std::vector<StationaryPoint> points_;
};

/// "computing the slice: 40 %" with a bar, centred near the top of the map.
void drawGridProgress(ImDrawList* dl, ImVec2 rmin, ImVec2 rmax, double progress, const Fonts& fonts, float scale);
/// Every network run's saved trajectory on the slice (projected onto its plane by least squares;
/// the slice's own run in the PCA plane: its exact coordinates), each in its colour, the slice's
/// run bolder with "init" and "θ₀ (step k)" labelled; on the plane through θA, θB, θC also the
/// straight line A → B (dashed), the Bézier curve and the three points.
void drawSlicePath(ImDrawList* dl, const MapTransform& t, const AppState& s, const Fonts& fonts, float scale);

}  // namespace optiscape::app
