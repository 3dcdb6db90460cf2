// The 3D view of a landscape (see surface.h).
#include "render/surface.h"

#include <cmath>

#include "shaders_embedded.h"

namespace optiscape::render {

namespace {
Mat4 multiply(const Mat4& a, const Mat4& b) {
    Mat4 r{};
    for (int c = 0; c < 4; ++c)
        for (int rr = 0; rr < 4; ++rr) {
            float s = 0;
            for (int k = 0; k < 4; ++k) s += a[k * 4 + rr] * b[c * 4 + k];
            r[c * 4 + rr] = s;
        }
    return r;
}
}  // namespace

Mat4 OrbitCamera::viewProjection(float aspect, float height) const {
    const float tx = 0, ty = 0, tz = height * 0.35f;
    // Narrow views step back so the whole box stays in frame.
    const float distance = this->distance * std::max(1.0f, 0.85f / std::max(aspect, 0.1f));
    const float ex = tx + distance * std::cos(pitch) * std::cos(yaw);
    const float ey = ty + distance * std::cos(pitch) * std::sin(yaw);
    const float ez = tz + distance * std::sin(pitch);
    // Look-at with z up.
    float f[3] = {tx - ex, ty - ey, tz - ez};
    float fl = std::sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]);
    for (float& v : f) v /= fl;
    float s[3] = {f[1] * 1 - f[2] * 0, f[2] * 0 - f[0] * 1, 0};  // f × up(0,0,1)
    float sl = std::sqrt(s[0] * s[0] + s[1] * s[1]);
    s[0] /= sl;
    s[1] /= sl;
    const float u[3] = {s[1] * f[2] - s[2] * f[1], s[2] * f[0] - s[0] * f[2], s[0] * f[1] - s[1] * f[0]};
    Mat4 view = {s[0], u[0], -f[0], 0, s[1], u[1], -f[1], 0, s[2], u[2], -f[2], 0,
                 -(s[0] * ex + s[1] * ey + s[2] * ez), -(u[0] * ex + u[1] * ey + u[2] * ez),
                 f[0] * ex + f[1] * ey + f[2] * ez, 1};
    const float n = 0.05f, fa = 50.0f, t = 1.0f / std::tan(fovY / 2);
    Mat4 proj = {t / aspect, 0, 0, 0, 0, t, 0, 0, 0, 0, (fa + n) / (n - fa), -1, 0, 0, 2 * fa * n / (n - fa), 0};
    return multiply(proj, view);
}

bool project(const Mat4& m, float x, float y, float z, int w, int h, float out[2]) {
    const float cx = m[0] * x + m[4] * y + m[8] * z + m[12];
    const float cy = m[1] * x + m[5] * y + m[9] * z + m[13];
    const float cw = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (cw <= 1e-6f) return false;
    out[0] = (cx / cw * 0.5f + 0.5f) * w;
    out[1] = (1.0f - (cy / cw * 0.5f + 0.5f)) * h;
    return true;
}

bool SurfaceRenderer::init() {
    if (!vao_) {
        glGenVertexArrays(1, &vao_);
        glGenBuffers(1, &vbo_);
        glGenBuffers(1, &ibo_);
    }
    return program_.build(kShader_surface_vert, kShader_surface_frag);
}

void SurfaceRenderer::setGrid(int w, int h, const std::vector<float>& t) {
    std::vector<float> verts(static_cast<size_t>(w) * h * 6);
    auto at = [&](int i, int j) {
        i = i < 0 ? 0 : (i >= w ? w - 1 : i);
        j = j < 0 ? 0 : (j >= h ? h - 1 : j);
        return t[static_cast<size_t>(j) * w + i];
    };
    const float dx = 2.0f / (w - 1), dy = 2.0f / (h - 1);
    for (int j = 0; j < h; ++j)
        for (int i = 0; i < w; ++i) {
            float* v = &verts[(static_cast<size_t>(j) * w + i) * 6];
            const float z = at(i, j);
            v[0] = -1.0f + i * dx;
            v[1] = -1.0f + j * dy;
            v[2] = std::isfinite(z) ? z : 0.0f;
            // Normal of the height field z(x, y) before the height scale: (−∂z/∂x, −∂z/∂y, 1).
            float zx = (at(i + 1, j) - at(i - 1, j)) / (2 * dx), zy = (at(i, j + 1) - at(i, j - 1)) / (2 * dy);
            if (!std::isfinite(zx)) zx = 0;
            if (!std::isfinite(zy)) zy = 0;
            v[3] = -zx;
            v[4] = -zy;
            v[5] = 1.0f;
        }
    std::vector<unsigned> idx;
    idx.reserve(static_cast<size_t>(w - 1) * (h - 1) * 6);
    for (int j = 0; j + 1 < h; ++j)
        for (int i = 0; i + 1 < w; ++i) {
            const unsigned a = static_cast<unsigned>(j * w + i), b = a + 1, c = a + static_cast<unsigned>(w), d = c + 1;
            if (!std::isfinite(at(i, j)) || !std::isfinite(at(i + 1, j)) || !std::isfinite(at(i, j + 1)) ||
                !std::isfinite(at(i + 1, j + 1)))
                continue;  // undefined: a hole in the surface
            idx.insert(idx.end(), {a, b, d, a, d, c});
        }
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(verts.size() * sizeof(float)), verts.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(idx.size() * sizeof(unsigned)), idx.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float), reinterpret_cast<void*>(3 * sizeof(float)));
    glBindVertexArray(0);
    indexCount_ = static_cast<GLsizei>(idx.size());
}

void SurfaceRenderer::render(int width, int height, const OrbitCamera& cam, float heightScale, const HeatmapStyle& s) {
    target_.resize(width, height);
    target_.bind();
    if (!depth_ || depthW_ != width || depthH_ != height) {
        if (!depth_) glGenRenderbuffers(1, &depth_);
        glBindRenderbuffer(GL_RENDERBUFFER, depth_);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
        depthW_ = width;
        depthH_ = height;
    }
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_);
    glClearColor(s.paper[0], s.paper[1], s.paper[2], 1.0f);
    glClearDepthf(1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glEnable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_CULL_FACE);
    mvp_ = cam.viewProjection(static_cast<float>(width) / static_cast<float>(height), heightScale);
    glUseProgram(program_.id());
    glUniformMatrix4fv(program_.uniform("uMvp"), 1, GL_FALSE, mvp_.data());
    glUniform1f(program_.uniform("uHeight"), heightScale);
    glUniform1f(program_.uniform("uLevels"), s.levels);
    glUniform1f(program_.uniform("uLighten"), s.lighten);
    glUniform3f(program_.uniform("uPaper"), s.paper[0], s.paper[1], s.paper[2]);
    glUniform3f(program_.uniform("uInk"), s.ink[0], s.ink[1], s.ink[2]);
    glUniform1f(program_.uniform("uContourAlpha"), s.contourAlpha);
    glUniform3f(program_.uniform("uLight"), -0.4f, -0.6f, 1.0f);
    glBindVertexArray(vao_);
    glDrawElements(GL_TRIANGLES, indexCount_, GL_UNSIGNED_INT, nullptr);
    glBindVertexArray(0);
    glUseProgram(0);
    glDisable(GL_DEPTH_TEST);
    RenderTarget::unbind();
}

}  // namespace optiscape::render
