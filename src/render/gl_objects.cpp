// Thin RAII wrappers over GL objects.
#include "render/gl_objects.h"

#include <vector>

namespace optiscape::render {

const char* glslPrelude() {
#if defined(OPTISCAPE_GLES)
    return "#version 300 es\nprecision highp float;\nprecision highp int;\n";
#else
    return "#version 330 core\n";
#endif
}

namespace {
GLuint compile(GLenum type, const char* body, std::string& error) {
    GLuint s = glCreateShader(type);
    const char* parts[2] = {glslPrelude(), body};
    glShaderSource(s, 2, parts, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
        std::vector<char> log(static_cast<size_t>(len > 1 ? len : 1));
        glGetShaderInfoLog(s, len, nullptr, log.data());
        error = std::string(type == GL_VERTEX_SHADER ? "vertex shader: " : "fragment shader: ") + log.data();
        glDeleteShader(s);
        return 0;
    }
    return s;
}
}  // namespace

Program::~Program() {
    if (id_) glDeleteProgram(id_);
}

bool Program::build(const char* vertexBody, const char* fragmentBody) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertexBody, error_);
    if (!vs) return false;
    GLuint fs = compile(GL_FRAGMENT_SHADER, fragmentBody, error_);
    if (!fs) {
        glDeleteShader(vs);
        return false;
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetProgramiv(p, GL_INFO_LOG_LENGTH, &len);
        std::vector<char> log(static_cast<size_t>(len > 1 ? len : 1));
        glGetProgramInfoLog(p, len, nullptr, log.data());
        error_ = std::string("link: ") + log.data();
        glDeleteProgram(p);
        return false;
    }
    if (id_) glDeleteProgram(id_);
    id_ = p;
    return true;
}

FloatTexture::~FloatTexture() {
    if (id_) glDeleteTextures(1, &id_);
}

void FloatTexture::upload(int width, int height, int channels, const float* data) {
    if (!id_) glGenTextures(1, &id_);
    glBindTexture(GL_TEXTURE_2D, id_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    const GLenum format = channels == 2 ? GL_RG : GL_RED;
    if (width != w_ || height != h_ || channels != channels_) {
        glTexImage2D(GL_TEXTURE_2D, 0, channels == 2 ? GL_RG32F : GL_R32F, width, height, 0, format, GL_FLOAT, data);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        w_ = width;
        h_ = height;
        channels_ = channels;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, format, GL_FLOAT, data);
    }
}

ColorTexture::~ColorTexture() {
    if (id_) glDeleteTextures(1, &id_);
}

void ColorTexture::upload(int width, int height, const uint32_t* rgba, int firstRow, int rows) {
    if (width < 1 || height < 1) return;
    if (!id_) glGenTextures(1, &id_);
    glBindTexture(GL_TEXTURE_2D, id_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (width != w_ || height != h_) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, smooth_ ? GL_LINEAR : GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, smooth_ ? GL_LINEAR : GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        w_ = width;
        h_ = height;
        return;
    }
    firstRow = firstRow < 0 ? 0 : firstRow;
    rows = firstRow + rows > height ? height - firstRow : rows;
    if (rows <= 0) return;
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, firstRow, width, rows, GL_RGBA, GL_UNSIGNED_BYTE,
                    rgba + static_cast<size_t>(firstRow) * static_cast<size_t>(width));
}

RenderTarget::~RenderTarget() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (tex_) glDeleteTextures(1, &tex_);
}

bool RenderTarget::resize(int width, int height) {
    if (width < 1) width = 1;
    if (height < 1) height = 1;
    if (fbo_ && width == w_ && height == h_) return false;
    if (!tex_) glGenTextures(1, &tex_);
    glBindTexture(GL_TEXTURE_2D, tex_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    w_ = width;
    h_ = height;
    return true;
}

void RenderTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, w_, h_);
}

void RenderTarget::unbind() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

}  // namespace optiscape::render
