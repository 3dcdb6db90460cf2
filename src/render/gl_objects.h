// Thin RAII wrappers over GL objects: shader programs assembled from embedded bodies (the
// #version line is prepended here: "300 es" for WebGL 2, "330 core" natively), float textures
// and colour framebuffers. Every GL call of the app goes through this layer.
#pragma once

#include <cstdint>
#include <string>

#include "render/gl.h"

namespace optiscape::render {

/// The #version line and precision statements for this build.
const char* glslPrelude();

class Program {
public:
    Program() = default;
    ~Program();
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    /// Compiles and links; on failure returns false and fills error().
    bool build(const char* vertexBody, const char* fragmentBody);
    GLuint id() const { return id_; }
    GLint uniform(const char* name) const { return glGetUniformLocation(id_, name); }
    const std::string& error() const { return error_; }

private:
    GLuint id_ = 0;
    std::string error_;
};

/// A one- or two-channel 32-bit float texture (nearest sampling; shaders interpolate themselves,
/// since WebGL 2 cannot filter float textures without an extension).
class FloatTexture {
public:
    FloatTexture() = default;
    ~FloatTexture();
    FloatTexture(const FloatTexture&) = delete;
    FloatTexture& operator=(const FloatTexture&) = delete;

    /// data: width*height*channels floats, row 0 first; channels is 1 (R32F) or 2 (RG32F).
    void upload(int width, int height, int channels, const float* data);
    GLuint id() const { return id_; }
    int width() const { return w_; }
    int height() const { return h_; }

private:
    GLuint id_ = 0;
    int w_ = 0, h_ = 0, channels_ = 0;
};

/// An RGBA8 texture filled from memory, nearest sampling: a map layer of discrete cells (one
/// texel per cell), drawn with a single quad however many cells it has.
class ColorTexture {
public:
    ColorTexture() = default;
    ~ColorTexture();
    ColorTexture(const ColorTexture&) = delete;
    ColorTexture& operator=(const ColorTexture&) = delete;

    /// rgba: width*height pixels (bytes R, G, B, A; ImGui's IM_COL32 order), row 0 first. Rows
    /// [firstRow, firstRow + rows) are sent; a new size sends them all.
    void upload(int width, int height, const uint32_t* rgba, int firstRow, int rows);
    GLuint id() const { return id_; }
    /// Linear instead of nearest sampling (a smooth field rather than cells); set before upload.
    void setSmooth(bool on) { smooth_ = on; }

private:
    GLuint id_ = 0;
    int w_ = 0, h_ = 0;
    bool smooth_ = false;
};

/// An RGBA8 colour texture with a framebuffer to render into it.
class RenderTarget {
public:
    RenderTarget() = default;
    ~RenderTarget();
    RenderTarget(const RenderTarget&) = delete;
    RenderTarget& operator=(const RenderTarget&) = delete;

    /// (Re)allocates for the size; returns true when the storage changed.
    bool resize(int width, int height);
    void bind() const;    ///< binds the framebuffer and sets the viewport to it
    static void unbind();  ///< back to the default framebuffer
    GLuint texture() const { return tex_; }
    int width() const { return w_; }
    int height() const { return h_; }

private:
    GLuint fbo_ = 0, tex_ = 0;
    int w_ = 0, h_ = 0;
};

}  // namespace optiscape::render
