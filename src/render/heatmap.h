// Draws a landscape map into a texture: the CPU samples s = log10(L − Lmin + δ) on a grid
// (NaN where L is undefined), the fragment shader interpolates, colours and draws contours.
#pragma once

#include <vector>

#include "render/gl_objects.h"

namespace optiscape::render {

struct HeatmapStyle {
    float lighten = 0.3f;               ///< blend of viridis towards the paper colour
    float paper[3] = {0.98f, 0.976f, 0.965f};
    float ink[3] = {0.1f, 0.1f, 0.14f};  ///< contour colour
    float contourAlpha = 0.22f;
    float levels = 14.0f;                ///< contour lines across the colour range
    float pixelScale = 1.0f;             ///< device pixels per CSS pixel
    /// Stability overlay: shade where stabilityK·λmax > 2 (GD: K = γ; heavy ball: γ/(1 + μ)).
    /// 0 turns it off.
    float stabilityK = 0.0f;
};

class HeatmapRenderer {
public:
    /// Compiles the shaders; false with error() set on failure.
    bool init();
    const std::string& error() const { return program_.error(); }

    /// Uploads a new grid (row-major, row 0 at the bottom = smallest w2) of (s, λmax) pairs.
    void setGrid(int width, int height, const std::vector<float>& values);
    /// Renders the map at the given pixel size into target(); range = s at colours 0 and 1.
    void render(int width, int height, float smin, float smax, const HeatmapStyle& style);
    const RenderTarget& target() const { return target_; }

private:
    Program program_;
    FloatTexture grid_;
    RenderTarget target_;
    GLuint vao_ = 0;
};

/// The same colour map on the CPU (for the legend): viridis lightened towards `paper`.
void heatmapColor(float t, const HeatmapStyle& style, float rgb[3]);

}  // namespace optiscape::render
