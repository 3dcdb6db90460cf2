// Draws a landscape map into a texture (see heatmap.h).
#include "render/heatmap.h"

#include <algorithm>

#include "shaders_embedded.h"

namespace optiscape::render {

bool HeatmapRenderer::init() {
    if (!vao_) glGenVertexArrays(1, &vao_);
    return program_.build(kShader_fullscreen_vert, kShader_heatmap_frag);
}

void HeatmapRenderer::setGrid(int width, int height, const std::vector<float>& values) {
    grid_.upload(width, height, 2, values.data());
}

void HeatmapRenderer::render(int width, int height, float smin, float smax, const HeatmapStyle& s) {
    target_.resize(width, height);
    target_.bind();
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glUseProgram(program_.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, grid_.id());
    glUniform1i(program_.uniform("uGrid"), 0);
    glUniform2f(program_.uniform("uGridSize"), float(grid_.width()), float(grid_.height()));
    glUniform2f(program_.uniform("uRange"), smin, smax);
    glUniform1f(program_.uniform("uLevels"), s.levels);
    glUniform1f(program_.uniform("uLighten"), s.lighten);
    glUniform3f(program_.uniform("uPaper"), s.paper[0], s.paper[1], s.paper[2]);
    glUniform3f(program_.uniform("uInk"), s.ink[0], s.ink[1], s.ink[2]);
    glUniform1f(program_.uniform("uContourAlpha"), s.contourAlpha);
    glUniform1f(program_.uniform("uPixelScale"), s.pixelScale);
    glUniform1f(program_.uniform("uStabilityK"), s.stabilityK);
    glBindVertexArray(vao_);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glUseProgram(0);
    RenderTarget::unbind();
}

void heatmapColor(float t, const HeatmapStyle& s, float rgb[3]) {
    static const float c[7][3] = {
        {0.2777273272234177f, 0.005407344544966578f, 0.3340998053353061f},
        {0.1050930431085774f, 1.404613529898575f, 1.384590162594685f},
        {-0.3308618287255563f, 0.214847559468213f, 0.09509516302823659f},
        {-4.634230498983486f, -5.799100973351585f, -19.33244095627987f},
        {6.228269936347081f, 14.17993336680509f, 56.69055260068105f},
        {4.776384997670288f, -13.74514537774601f, -65.35303263337234f},
        {-5.435455855934631f, 4.645852612178535f, 26.3124352495832f}};
    t = std::clamp(t, 0.0f, 1.0f);
    for (int k = 0; k < 3; ++k) {
        float v = c[6][k];
        for (int i = 5; i >= 0; --i) v = c[i][k] + t * v;
        v = std::clamp(v, 0.0f, 1.0f);
        rgb[k] = v + (s.paper[k] - v) * s.lighten;
    }
}

}  // namespace optiscape::render
