// Browser glue (see browser.h); the JavaScript half is web_glue.js.
#include "platform/browser.h"

#include <cstdio>
#include <string>

#include "app/app.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace optiscape::platform {

namespace {
app::App* g_app = nullptr;
std::string g_buffer;
}  // namespace

void installBrowserApi(app::App* app) { g_app = app; }

#ifdef __EMSCRIPTEN__
void signalReady() {
    EM_ASM({ if (Module.optiscapeSignalReady) Module.optiscapeSignalReady(); });
}
void fail(const char* message) {
    EM_ASM({ if (Module.optiscapeFail) Module.optiscapeFail(UTF8ToString($0)); }, message);
    std::fprintf(stderr, "optiscape: %s\n", message);
}
#else
void signalReady() {}
void fail(const char* message) { std::fprintf(stderr, "optiscape-desktop: %s\n", message); }
#endif

}  // namespace optiscape::platform

extern "C" {

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* optiscape_state_json() {
    using optiscape::platform::g_app;
    optiscape::platform::g_buffer = g_app ? g_app->stateJson() : std::string("null");
    return optiscape::platform::g_buffer.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* optiscape_load(const char* json) {
    using optiscape::platform::g_app;
    optiscape::platform::g_buffer = g_app ? g_app->load(json ? json : "") : std::string("[\"not started\"]");
    return optiscape::platform::g_buffer.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* optiscape_command(const char* cmd) {
    using optiscape::platform::g_app;
    optiscape::platform::g_buffer = g_app ? g_app->command(cmd ? cmd : "") : std::string("not started");
    return optiscape::platform::g_buffer.c_str();
}
}
