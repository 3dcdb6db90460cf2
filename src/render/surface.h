// The 3D view of a landscape: a lit, colour-mapped mesh of the map's grid (height = the same
// log-scaled loss as the colours), drawn into a texture with depth, seen by an orbit camera.
#pragma once

#include <array>
#include <vector>

#include "render/gl_objects.h"
#include "render/heatmap.h"

namespace optiscape::render {

/// Column-major 4×4 matrix.
using Mat4 = std::array<float, 16>;

/// An orbit camera around the centre of the box [-1, 1]² × [0, height].
struct OrbitCamera {
    float yaw = -0.6f;        ///< radians around the vertical axis
    float pitch = 0.75f;      ///< radians above the horizon
    float distance = 3.6f;    ///< from the target
    float fovY = 0.75f;       ///< radians
    Mat4 viewProjection(float aspect, float height) const;  ///< aspect = width / height
};

/// Projects a world point to pixel coordinates of a target of size (w, h), y down; false if it is
/// behind the camera.
bool project(const Mat4& mvp, float x, float y, float z, int w, int h, float out[2]);

class SurfaceRenderer {
public:
    bool init();
    const std::string& error() const { return program_.error(); }
    /// A new mesh from a grid of colour-scale positions t in [0, 1] (NaN = undefined: a hole),
    /// row 0 at the smallest w2.
    void setGrid(int width, int height, const std::vector<float>& t);
    /// Renders at the pixel size into target().
    void render(int width, int height, const OrbitCamera& cam, float heightScale, const HeatmapStyle& style);
    const RenderTarget& target() const { return target_; }
    const Mat4& mvp() const { return mvp_; }

private:
    Program program_;
    RenderTarget target_;
    GLuint vao_ = 0, vbo_ = 0, ibo_ = 0, depth_ = 0;
    int depthW_ = 0, depthH_ = 0;
    GLsizei indexCount_ = 0;
    Mat4 mvp_{};
};

}  // namespace optiscape::render
