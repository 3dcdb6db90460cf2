// What the map does for a costly landscape — a slice of a network's loss, where one value is a
// pass over the whole training set: its grid is evaluated a few rows per frame (with a progress
// bar) instead of all at once, and the slice's projected training path is drawn on it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/map_layers.h"
#include "app/theme.h"
#include "core/jobs/grid_jobs.h"
#include "imgui.h"

namespace optiscape::app {

/// A grid of values (and, with `hessian`, λmax of the Hessian) at cell centres, filled in over
/// frames: by the job runner's workers in bands of rows when the landscape can be sent to them as
/// text (jobs::GridJobs), otherwise a few cells per frame in place.
class ProgressiveGrid {
public:
    /// Starts over: cols × rows cells of `l` over [x0, x0 + w] × [y0, y0 + h]. With a runner, the
    /// rows go to its workers; `epoch` is the AppState::jobsEpoch it starts under.
    void start(const Landscape& l, double x0, double y0, double w, double h, int cols, int rows, bool hessian,
               jobs::JobRunner* runner = nullptr, int epoch = 0);
    /// Takes the workers' rows, or evaluates cells for about `budgetSeconds` (at least one); true
    /// once the grid is complete.
    bool advance(const Landscape& l, double budgetSeconds);
    bool active() const { return jobs_ && !jobs_->complete(); }
    bool complete() const { return jobs_ && jobs_->complete(); }
    /// The centre of cell (i, j).
    Vec2 at(int i, int j) const { return spec_.at(i, j); }
    double progress() const { return jobs_ ? jobs_->progress() : 0.0; }
    /// In place: the compute time so far (frames between excluded). On workers: the wall time
    /// from the start, as the student waits for it.
    double ms() const { return ms_; }
    double lastFrameMs() const { return lastMs_; }  ///< of the last advance(), on this thread
    int workers() const { return jobs_ ? jobs_->workers() : 0; }
    int epoch() const { return epoch_; }
    int cols() const { return spec_.cols; }
    int rows() const { return spec_.rows; }
    const std::vector<double>& values() const { return values_; }  ///< once complete
    const std::vector<float>& lmax() const { return lmax_; }      ///< once complete; empty without `hessian`
    /// FNV-1a over the bits of every value and λmax: two grids alike to the last bit hash alike.
    std::uint32_t hash() const;

private:
    std::unique_ptr<jobs::GridJobs> jobs_;
    std::vector<double> values_;
    std::vector<float> lmax_;
    jobs::GridSpec spec_;
    std::chrono::steady_clock::time_point started_;
    double ms_ = 0, lastMs_ = 0;
    int epoch_ = 0;
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
