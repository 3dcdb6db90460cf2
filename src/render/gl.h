// The one GL include of the render and app layers: OpenGL ES 3.0 / WebGL 2 in the browser
// (the build defines OPTISCAPE_GLES), desktop OpenGL 3.3 core prototypes natively.
#pragma once

#if defined(OPTISCAPE_GLES)
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
#endif
