// The 3D view: the landscape as a lit, colour-mapped surface (height and colour on the map's log
// scale) with every run's path on it. Drag to orbit, wheel to zoom; the map's cursor is marked.
#pragma once

#include <cmath>
#include <optional>
#include <vector>

#include "app/app_state.h"
#include "app/slice_map.h"
#include "app/theme.h"
#include "imgui.h"
#include "render/surface.h"

namespace optiscape::app {

class SurfacePanel {
public:
    bool init();
    const std::string& error() const { return surface_.error(); }
    /// Draws into the current ImGui window in [pos, pos + size]; `cursor` is the map's hover point.
    void draw(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale,
              const std::optional<Vec2>& cursor, const ViewBox& box);

private:
    void resample(const AppState& s, const ViewBox& box);
    /// grid_'s complete values as the mesh.
    void applyMesh();
    /// World position of w: (x, y) in the mesh's [-1, 1]², height from the loss (evaluated
    /// unless given).
    bool toScreen(const AppState& s, const Vec2& w, ImVec2& out, double loss = std::nan("")) const;

    render::SurfaceRenderer surface_;
    render::OrbitCamera camera_;
    render::HeatmapStyle style_;
    Vec2 center_ = Vec2::Zero();
    double half_ = 1.0;  ///< half the side of the square domain shown
    double lossMin_ = 0, delta_ = 1, smin_ = 0, smax_ = 1;
    float height_ = 0.9f;
    MapView sampledView_;
    const Landscape* sampledLandscape_ = nullptr;
    std::vector<double> sampledParams_;
    bool dirty_ = true;
    ProgressiveGrid grid_;  ///< the mesh's values: at once, or a few rows per frame (slices)
    int mesh_ = 256;        ///< vertices per side
    bool ready_ = false;    ///< the mesh shows the current landscape
    ImVec2 origin_, size_;
};

}  // namespace optiscape::app
