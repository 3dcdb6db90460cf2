// Browser glue (see browser.h); the JavaScript half is web_glue.js.
#include "platform/browser.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "app/app.h"
#include "imgui.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include "lessons_embedded.h"
#endif

namespace optiscape::platform {

namespace {
app::App* g_app = nullptr;
std::string g_buffer;
}  // namespace

#ifdef __EMSCRIPTEN__
// The URL hash, decoded, in memory from malloc (nullptr when the page has none).
EM_JS(char*, optiscape_read_hash, (), {
    var h = location.hash.slice(1);
    if (!h) return 0;
    try { h = decodeURIComponent(h); } catch (e) { /* keep the raw text: load() reports it */ }
    var n = lengthBytesUTF8(h) + 1, p = _malloc(n);
    stringToUTF8(h, p, n);
    return p;
});
// The lessons' bundle in memory from malloc ("" when it cannot be read; nullptr while it
// downloads in the background and `wait` is 0).
EM_JS(char*, optiscape_read_lessons, (int wait), {
    var t = optiscapeLessonsNow(!!wait);
    if (t === null) return 0;
    var n = lengthBytesUTF8(t) + 1, p = _malloc(n);
    stringToUTF8(t, p, n);
    return p;
});
#endif

void installBrowserApi(app::App* app) { g_app = app; }

#ifdef __EMSCRIPTEN__
void signalReady() {
    EM_ASM({ if (Module['optiscapeSignalReady']) Module['optiscapeSignalReady'](); });
}
void fail(const char* message) {
    EM_ASM({ if (Module['optiscapeFail']) Module['optiscapeFail'](UTF8ToString($0)); }, message);
    std::fprintf(stderr, "optiscape: %s\n", message);
}
bool embedMode() { return EM_ASM_INT({ return Module['optiscapeEmbed'] ? 1 : 0; }) != 0; }

std::string linkedScenario() {
    char* text = optiscape_read_hash();
    if (!text) return "";
    std::string s(text);
    std::free(text);
    return s;
}

void syncLink(const app::App& app) {
    static std::string last;
    std::string json = app.scenarioJson();
    if (json == last) return;
    last = json;
    EM_ASM({ history.replaceState(null, document.title, '#' + encodeURIComponent(UTF8ToString($0))); }, json.c_str());
}

bool canRecordVideo() {
    return EM_ASM_INT({
        return (typeof MediaRecorder !== 'undefined' && Module['canvas'] && Module['canvas']['captureStream']) ? 1 : 0;
    }) != 0;
}

void saveCanvasPng(const std::string& name) {
    EM_ASM({ Module['optiscapeSaveCanvas'](UTF8ToString($0)); }, name.c_str());
}

void saveText(const std::string& name, const std::string& text, const char* mime) {
    EM_ASM({ Module['optiscapeSaveText'](UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); }, name.c_str(),
           text.c_str(), mime);
}

void recordVideo(const std::string& name) {
    EM_ASM({ Module['optiscapeRecord'](UTF8ToString($0)); }, name.c_str());
}

std::optional<std::string> lessonBundle(bool wait) {
    char* text = optiscape_read_lessons(wait ? 1 : 0);
    if (!text) return std::nullopt;
    std::string s(text);
    std::free(text);
    return s;
}

void openFullApp() {
    EM_ASM({
        var url = new URL('index.html', location.href);
        url.hash = location.hash;
        window.open(url.href, '_blank', 'noopener');
    });
}
#else
void signalReady() {}
void fail(const char* message) { std::fprintf(stderr, "optiscape-desktop: %s\n", message); }
bool embedMode() { return false; }
std::string linkedScenario() { return ""; }
void syncLink(const app::App&) {}
void openFullApp() {}
std::optional<std::string> lessonBundle(bool) { return std::string(kLessonBundle); }
bool canRecordVideo() { return false; }
void saveCanvasPng(const std::string&) {}
void saveText(const std::string&, const std::string&, const char*) {}
void recordVideo(const std::string&) {}
#endif

}  // namespace optiscape::platform

extern "C" {

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
/// The user's CSV (dropped onto the page, or window.optiscape.data()) as the network's data;
/// "" or what is wrong with the file (also shown on the page; the previous problem stays).
const char* optiscape_data(const char* csv, const char* name) {
    optiscape::platform::wake();
    using optiscape::platform::g_app;
    if (!g_app) {
        optiscape::platform::g_buffer = "not started";
        return optiscape::platform::g_buffer.c_str();
    }
    auto& s = g_app->state();
    optiscape::platform::g_buffer = optiscape::app::setNetworkCsv(s, csv ? csv : "", name && *name ? name : "data.csv");
    s.notice = optiscape::platform::g_buffer.empty() ? "Training on " + s.net.userDataName
                                                     : "Not loaded: " + optiscape::platform::g_buffer;
    s.noticeUntil = ImGui::GetTime() + 8.0;
    return optiscape::platform::g_buffer.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
/// The page's own events that GLFW does not see (a resize of the window): draw again.
void optiscape_wake() { optiscape::platform::wake(); }

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
const char* optiscape_lessons_json() {
    using optiscape::platform::g_app;
    optiscape::platform::g_buffer = g_app ? g_app->lessonsJson() : std::string("[]");
    return optiscape::platform::g_buffer.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void optiscape_sync_link() {
    if (optiscape::platform::g_app) optiscape::platform::syncLink(*optiscape::platform::g_app);
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* optiscape_load(const char* json) {
    optiscape::platform::wake();
    using optiscape::platform::g_app;
    optiscape::platform::g_buffer = g_app ? g_app->load(json ? json : "") : std::string("[\"not started\"]");
    return optiscape::platform::g_buffer.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* optiscape_command(const char* cmd) {
    optiscape::platform::wake();
    using optiscape::platform::g_app;
    optiscape::platform::g_buffer = g_app ? g_app->command(cmd ? cmd : "") : std::string("not started");
    return optiscape::platform::g_buffer.c_str();
}

/// Wheel and pinch input in notches (positive: up / zoom in), from web_glue.js. Emscripten 3.1.6's
/// GLFW hands wheel events' raw pixel deltas to the scroll callback (100 for one notch of a
/// mouse wheel, and with the sign of page scrolling), so the page normalises them itself.
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void optiscape_wheel(double dx, double dy) {
    optiscape::platform::wake();
    if (!ImGui::GetCurrentContext()) return;
    ImGui::GetIO().MouseWheelH += static_cast<float>(dx);
    ImGui::GetIO().MouseWheel += static_cast<float>(dy);
}
}

#ifdef __EMSCRIPTEN__
// The page loads its own fonts before the atlas is built, so ImGui's built-in ProggyClean (12 KB of
// base85 data, plus its decompressor) is never used. ImFontAtlas::Build() still references it; the
// web link wraps that reference (-Wl,--wrap, cmake/app.cmake) so the linker can drop the data.
struct ImFont;
struct ImFontAtlas;
struct ImFontConfig;
extern "C" ImFont* __wrap__ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig(ImFontAtlas*,
                                                                             const ImFontConfig*) {
    return nullptr;
}
#endif
