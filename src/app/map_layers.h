// Two layers of the landscape map that need work of their own: the basins of attraction of the
// selected run's optimizer (core BasinJobs: bands of rows on the platform's workers — Web Workers
// in the page, threads natively — or a few rows per frame in place, with a progress bar)
// and the gradient flow from the selected run's start (core gradientFlowPath, RK45), drawn as a
// dashed line so the finite steps' departure from the continuous path shows.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/theme.h"
#include "core/basins.h"
#include "core/jobs/basin_jobs.h"
#include "core/flow.h"
#include "imgui.h"
#include "render/gl_objects.h"

namespace optiscape::app {

/// Where the map puts the plane: centre, w-units per device pixel, and its screen rectangle.
struct MapTransform {
    Vec2 center = Vec2::Zero();
    double unitsPerPixel = 0.01;
    ImVec2 rmin, rmax;
    ImVec2 toScreen(const Vec2& w) const;
};

/// What a layer's result depends on about the landscape: which one, its formula and parameters.
/// A network's slice (no formula, no parameters) is told apart by its object and title.
struct LandscapeKey {
    std::string name, formula;
    std::vector<double> params;
    const Landscape* slice = nullptr;
    static LandscapeKey of(const Landscape& l) {
        const bool isSlice = l.name() == "network-slice";  // (the UI is built without RTTI)
        return {l.name(), isSlice ? l.info().title : l.info().formula, l.params(), isSlice ? &l : nullptr};
    }
    bool operator==(const LandscapeKey& o) const {
        return name == o.name && formula == o.formula && params == o.params && slice == o.slice;
    }
};

class BasinsLayer {
public:
    /// Starts over when the landscape, the selected run's optimizer and settings, or the box
    /// changed; then computes rows for about `budgetSeconds`. Reports progress into s.
    void update(AppState& s, const ViewBox& box, int cols, int rows, double budgetSeconds, int maxSteps = 1000);
    /// The coloured cells of the rows done so far, the legend and, while computing, a progress
    /// bar, in the map's lower-left corner above `bottom`; returns the legend's top edge.
    float draw(ImDrawList* dl, const MapTransform& t, const Fonts& fonts, float scale, float bottom) const;
    void clear() { computer_.reset(); }
    double progress() const { return computer_ ? computer_->progress() : 0.0; }

private:
    std::unique_ptr<jobs::BasinJobs> computer_;  ///< on the platform's workers when it has any
    render::ColorTexture texture_;  ///< one texel per cell, row 0 at the bottom of the box
    std::vector<uint32_t> texels_;
    int uploadedRows_ = 0;
    std::chrono::steady_clock::time_point started_;
    int epoch_ = 0;  ///< AppState::jobsEpoch when started
    LandscapeKey landscape_;
    std::string title_;  ///< "Basins of gradient descent, γ = 0.05"
};

class FlowLayer {
public:
    /// Recomputes the flow when the landscape or the selected run's start or learning rate changed.
    void update(AppState& s);
    /// The dashed path in the selected run's colour; for gradient descent also the point of the
    /// flow at time t = γ·k, where k steps of size γ would be if they followed it.
    void draw(ImDrawList* dl, const MapTransform& t, const AppState& s, const Fonts& fonts, float scale) const;
    void clear() { path_.clear(); }

private:
    std::vector<FlowPoint> path_;
    LandscapeKey landscape_;
    Vec2 start_ = Vec2::Zero();
    double lr_ = 0.0;
};

}  // namespace optiscape::app
