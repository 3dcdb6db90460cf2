// Entry point for the desktop app (GLFW + OpenGL 3.3 core) and the web page (Emscripten +
// WebGL 2): window, ImGui backends, the main-loop shim, device-pixel-ratio handling, and the
// desktop's --frames/--screenshot options that let tests look at the window under Xvfb.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/browser.h"
#include "platform/jobs.h"
#include "render/gl.h"
#include <GLFW/glfw3.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#else
#include "platform/png.h"
#endif

namespace {

struct Options {
    int frames = -1;          ///< quit after this many frames (desktop; -1 = run until closed)
    std::string screenshot;   ///< PNG of the last frame
    int width = 1280, height = 800;
    float scale = 0.0f;       ///< UI scale; 0 = the monitor's content scale
    bool play = false;        ///< start playing
    bool embed = false;       ///< the embed view (map and a control strip)
    std::vector<std::string> commands;  ///< app commands to run at start (e.g. "view 3d")
};

struct Platform {
    GLFWwindow* window = nullptr;
    optiscape::app::App app;
    Options options;
    double lastTime = 0.0;
    long frame = 0;
    bool pngFrame = false;  ///< draw this frame at 2× the page's size and save it as a PNG
    // The idle page draws nothing: frames are drawn while input arrives (and for kSettle seconds
    // after, for hover highlights and tooltips), while the app is busy (AppState::busy) and when
    // it asked for one (AppState::wakeAt); otherwise the loop sleeps until an event.
    double lastActivity = 0.0;  ///< glfwGetTime() of the last input or API call
    double imguiOffset = 0.0;   ///< glfwGetTime() − ImGui::GetTime() at the last frame
    int lastW = 0, lastH = 0;
    float lastScale = 0.0f;
    bool sleeping = false;      ///< the loop is paused (web) or waits for events (desktop)
};

Platform* g_platform = nullptr;
#ifndef __EMSCRIPTEN__
std::atomic<bool> g_jobsBack{false};  ///< drawNow() was called, perhaps on a pool thread
std::mutex g_wakeMutex;               ///< held while waking the loop, and while it ends
bool g_loopRuns = false;              ///< the event loop runs (under g_wakeMutex)
#endif

/// Seconds frames keep being drawn after the last input (hover highlights, tooltips, animations).
constexpr double kSettle = 1.0;

/// Leaves the idle sleep; `activity` (input, an API call) also keeps frames coming for kSettle.
void resume(bool activity) {
    if (!g_platform) return;
    Platform& p = *g_platform;
    if (activity) p.lastActivity = glfwGetTime();
    if (!p.sleeping) return;
    p.sleeping = false;
    p.app.state().idle = false;
#ifdef __EMSCRIPTEN__
    emscripten_resume_main_loop();
#endif
}

#ifdef __EMSCRIPTEN__
/// The time the app asked to be woken at has come (a timer set by sleepUntilNeeded).
void resumeLoop(void*) { resume(false); }
#endif

const char* kUsage =
    "usage: optiscape-desktop [--width W] [--height H] [--scale S] [--play] [--embed] [--command CMD]...\n"
    "                         [--frames N] [--screenshot FILE.png]\n"
    "  --frames N          quit after N frames (each advances the clock by 1/60 s)\n"
    "  --screenshot FILE   write the last frame as a PNG\n"
    "  --scale S           UI scale (default: the monitor's content scale)\n"
    "  --play              start playing the runs\n"
    "  --embed             the embed view: the map and a compact control strip\n"
    "  --command CMD       an app command at start, e.g. \"view 3d\", \"step 100\" (repeatable)\n";

bool parseOptions(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "optiscape-desktop: %s needs a value\n%s", name, kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--frames") o.frames = std::atoi(next("--frames"));
        else if (a == "--screenshot") o.screenshot = next("--screenshot");
        else if (a == "--width") o.width = std::atoi(next("--width"));
        else if (a == "--height") o.height = std::atoi(next("--height"));
        else if (a == "--scale") o.scale = static_cast<float>(std::atof(next("--scale")));
        else if (a == "--play") o.play = true;
        else if (a == "--embed") o.embed = true;
        else if (a == "--command") o.commands.push_back(next("--command"));
        else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "optiscape-desktop: unknown option '%s'\n%s", a.c_str(), kUsage);
            return false;
        }
    }
    if (o.width < 200 || o.height < 200 || o.width > 8192 || o.height > 8192) {
        std::fprintf(stderr, "optiscape-desktop: --width and --height must be in [200, 8192]\n");
        return false;
    }
    return true;
}

/// The size in device pixels and the UI scale for this frame.
void displayMetrics(Platform& p, int& w, int& h, float& scale) {
#ifdef __EMSCRIPTEN__
    double cssW = 0, cssH = 0;
    emscripten_get_element_css_size("#canvas", &cssW, &cssH);
    // An exported picture is drawn once at (at least) twice the page's size.
    const double dpr = p.pngFrame ? std::max(2.0, emscripten_get_device_pixel_ratio())
                                  : emscripten_get_device_pixel_ratio();
    w = static_cast<int>(cssW * dpr + 0.5);
    h = static_cast<int>(cssH * dpr + 0.5);
    int cw = 0, ch = 0;
    emscripten_get_canvas_element_size("#canvas", &cw, &ch);
    if (w > 0 && h > 0 && (cw != w || ch != h)) emscripten_set_canvas_element_size("#canvas", w, h);
    scale = static_cast<float>(dpr);
#else
    glfwGetFramebufferSize(p.window, &w, &h);
    if (p.options.scale > 0) {
        scale = p.options.scale;
    } else {
        float sx = 1, sy = 1;
        glfwGetWindowContentScale(p.window, &sx, &sy);
        scale = sx;
    }
#endif
}

#ifndef __EMSCRIPTEN__
void saveScreenshot(const std::string& path, int w, int h) {
    std::vector<std::uint8_t> px(static_cast<size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    std::vector<std::uint8_t> flipped(px.size());
    const size_t row = static_cast<size_t>(w) * 4;
    for (int y = 0; y < h; ++y)
        std::copy(px.begin() + static_cast<long>(y * row), px.begin() + static_cast<long>((y + 1) * row),
                  flipped.begin() + static_cast<long>((h - 1 - y) * row));
    if (!optiscape::platform::writePng(path, w, h, flipped))
        std::fprintf(stderr, "optiscape-desktop: could not write %s\n", path.c_str());
    else
        std::printf("screenshot: %s (%dx%d)\n", path.c_str(), w, h);
}
#endif

/// Exports a panel asked for (AppState::exportRequest), from the frame just drawn.
void carryOutExport(Platform& p, int w, int h) {
    using Export = optiscape::app::AppState::Export;
    auto& st = p.app.state();
#ifdef __EMSCRIPTEN__
    if (!p.pngFrame && st.exportRequest == Export::None) return;  // the usual frame
    const std::string name = optiscape::app::exportName(st);
    if (p.pngFrame) {  // this frame was drawn at 2×: save it, the next one is back to normal
        optiscape::platform::saveCanvasPng(name + ".png");
        p.pngFrame = false;
    }
    const Export req = st.exportRequest;
    st.exportRequest = Export::None;
    if (req == Export::Png) p.pngFrame = true;
    else if (req == Export::Csv) optiscape::platform::saveText(name + ".csv", optiscape::app::runsCsv(st), "text/csv");
    else if (req == Export::Video) optiscape::platform::recordVideo("optiscape-" + st.landscape->name() + "-runs.webm");
#else
    const Export req = st.exportRequest;
    if (req == Export::None) return;  // the usual frame
    st.exportRequest = Export::None;
    const std::string name = optiscape::app::exportName(st);
    if (req == Export::Png) {
        saveScreenshot(name + ".png", w, h);
    } else if (req == Export::Csv) {
        if (std::FILE* f = std::fopen((name + ".csv").c_str(), "w")) {
            const std::string csv = optiscape::app::runsCsv(st);
            std::fwrite(csv.data(), 1, csv.size(), f);
            std::fclose(f);
            std::printf("saved %s.csv\n", name.c_str());
        } else {
            std::fprintf(stderr, "optiscape-desktop: could not write %s.csv\n", name.c_str());
        }
    }
#endif
}

/// Whether this frame must be drawn: see Platform::lastActivity.
bool frameNeeded(Platform& p, int w, int h, float scale) {
    const double now = glfwGetTime();
    if (w != p.lastW || h != p.lastH || scale != p.lastScale) p.lastActivity = now;
    p.lastW = w, p.lastH = h, p.lastScale = scale;
    const auto& st = p.app.state();
#ifndef __EMSCRIPTEN__
    if (g_jobsBack.exchange(false)) return true;
#endif
    return p.frame < 3 || p.options.frames >= 0 || p.pngFrame || now - p.lastActivity < kSettle || st.busy ||
           st.exportRequest != optiscape::app::AppState::Export::None || now - p.imguiOffset >= st.wakeAt;
}

/// Nothing to draw: sleep until input, an API call or the time the app asked to be woken at.
void sleepUntilNeeded(Platform& p) {
    auto& st = p.app.state();
    const double wait = st.wakeAt - (glfwGetTime() - p.imguiOffset);  // seconds, may be huge
    p.sleeping = true;
    st.idle = true;
#ifdef __EMSCRIPTEN__
    emscripten_pause_main_loop();
    if (wait < 3600.0) emscripten_async_call(resumeLoop, nullptr, static_cast<int>(std::max(0.0, wait) * 1000.0) + 1);
#else
    glfwWaitEventsTimeout(std::clamp(wait, 0.001, 1.0));
    p.sleeping = false;
    st.idle = false;
#endif
}

void frame(void*) {
    Platform& p = *g_platform;
    glfwPollEvents();
    int w = 0, h = 0;
    float scale = 1.0f;
    displayMetrics(p, w, h, scale);
    if (w <= 0 || h <= 0) return;
    if (!frameNeeded(p, w, h, scale)) {
        sleepUntilNeeded(p);
        return;
    }
    if (p.app.setScale(scale)) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    // Everything is laid out in device pixels, scaled by the UI scale: mouse positions from GLFW
    // are in window units, which differ from pixels on some desktops.
    int ww = 0, wh = 0;
    glfwGetWindowSize(p.window, &ww, &wh);
#ifndef __EMSCRIPTEN__
    if (ww > 0 && wh > 0 && (ww != w || wh != h) && io.MousePos.x > -1e30f) {
        io.MousePos.x *= static_cast<float>(w) / ww;
        io.MousePos.y *= static_cast<float>(h) / wh;
    }
#endif
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    io.DisplayFramebufferScale = ImVec2(1, 1);

    const double now = glfwGetTime();
    double dt = p.frame == 0 ? 0.0 : now - p.lastTime;
    if (p.options.frames >= 0) dt = 1.0 / 60.0;  // deterministic frames for tests
    p.lastTime = now;

    ImGui::NewFrame();
    p.app.frame(dt);
    p.imguiOffset = now - ImGui::GetTime();
    ImGui::Render();
    glViewport(0, 0, w, h);
    glClearColor(0.98f, 0.976f, 0.965f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++p.frame;
    carryOutExport(p, w, h);

#ifdef __EMSCRIPTEN__
    optiscape::platform::syncLink(p.app);
    if (p.frame == 1) optiscape::platform::signalReady();
#else
    if (p.options.frames >= 0 && p.frame >= p.options.frames) {
        if (!p.options.screenshot.empty()) saveScreenshot(p.options.screenshot, w, h);
        glfwSetWindowShouldClose(p.window, GLFW_TRUE);
    }
    glfwSwapBuffers(p.window);
#endif
}

}  // namespace

void optiscape::platform::wake() { resume(true); }

void optiscape::platform::drawNow() {
#ifdef __EMSCRIPTEN__
    if (!g_platform) return;
    Platform& p = *g_platform;
    p.app.state().wakeBy(glfwGetTime() - p.imguiOffset);
    resume(false);
#else
    g_jobsBack = true;  // a pool thread: the loop's own thread draws
    std::lock_guard<std::mutex> lock(g_wakeMutex);
    if (g_loopRuns) glfwPostEmptyEvent();  // ends its glfwWaitEventsTimeout
#endif
}

int main(int argc, char** argv) {
    static Platform platform;
    g_platform = &platform;
    if (!parseOptions(argc, argv, platform.options)) return 2;

    glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "GLFW error %d: %s\n", code, msg); });
    if (!glfwInit()) {
        optiscape::platform::fail("could not initialise the window system (GLFW)");
        return 1;
    }
#ifdef __EMSCRIPTEN__
    const char* glsl = "#version 300 es";
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
    const char* glsl = "#version 330 core";
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
#endif
    platform.window = glfwCreateWindow(platform.options.width, platform.options.height, "Optiscape", nullptr, nullptr);
    if (!platform.window) {
        optiscape::platform::fail("this browser or machine cannot create a WebGL 2 / OpenGL 3.3 context");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(platform.window);
#ifndef __EMSCRIPTEN__
    glfwSwapInterval(platform.options.frames >= 0 ? 0 : 1);
#endif

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    // Shortcuts by key event (installed before ImGui's backend, which chains to it).
    glfwSetKeyCallback(platform.window, [](GLFWwindow*, int key, int, int action, int mods) {
        optiscape::platform::wake();
        if (action == GLFW_RELEASE || (mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER))) return;
        auto& app = g_platform->app;
        if (key == GLFW_KEY_SPACE && action == GLFW_PRESS) app.shortcut(' ');
        else if (key == GLFW_KEY_RIGHT) app.shortcut('>');
        else if (key == GLFW_KEY_R && action == GLFW_PRESS) app.shortcut('r');
        else if (key >= GLFW_KEY_1 && key <= GLFW_KEY_8 && action == GLFW_PRESS) app.shortcut(static_cast<char>('1' + key - GLFW_KEY_1));
    });
    // Any input wakes the idle loop (ImGui's backend, installed next, chains to these).
    glfwSetCursorPosCallback(platform.window, [](GLFWwindow*, double, double) { optiscape::platform::wake(); });
    glfwSetMouseButtonCallback(platform.window, [](GLFWwindow*, int, int, int) { optiscape::platform::wake(); });
    glfwSetScrollCallback(platform.window, [](GLFWwindow*, double, double) { optiscape::platform::wake(); });
    glfwSetCharCallback(platform.window, [](GLFWwindow*, unsigned int) { optiscape::platform::wake(); });
    glfwSetCursorEnterCallback(platform.window, [](GLFWwindow*, int) { optiscape::platform::wake(); });
    glfwSetWindowFocusCallback(platform.window, [](GLFWwindow*, int) { optiscape::platform::wake(); });
    glfwSetWindowSizeCallback(platform.window, [](GLFWwindow*, int, int) { optiscape::platform::wake(); });
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no settings file: the scenario is the state
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // every control by keyboard, with a focus outline
    ImGui_ImplGlfw_InitForOpenGL(platform.window, true);
    ImGui_ImplOpenGL3_Init(glsl);

    if (!platform.app.init()) {
        optiscape::platform::fail(platform.app.error().c_str());
        return 1;
    }
    platform.app.setEmbed(platform.options.embed || optiscape::platform::embedMode());
    platform.app.openFullApp = [] { optiscape::platform::openFullApp(); };
    platform.app.lessonBundle = [](bool wait) { return optiscape::platform::lessonBundle(wait); };
    // A shared link's scenario; what it cannot apply is shown as a notice on the map.
    const std::string linked = optiscape::platform::linkedScenario();
    if (!linked.empty()) platform.app.load(linked);
    for (const std::string& c : platform.options.commands) {
        const std::string err = platform.app.command(c);
        if (!err.empty()) {
            std::fprintf(stderr, "optiscape-desktop: --command '%s': %s\n", c.c_str(), err.c_str());
            return 2;
        }
    }
    if (platform.options.play) platform.app.command("play");
    platform.app.state().jobs = &optiscape::platform::jobRunner();
    optiscape::platform::installBrowserApi(&platform.app);
    platform.app.state().canRecordVideo = optiscape::platform::canRecordVideo();

#ifdef __EMSCRIPTEN__
    emscripten_set_main_loop_arg(frame, nullptr, 0, true);
#else
    {
        std::lock_guard<std::mutex> lock(g_wakeMutex);
        g_loopRuns = true;
    }
    while (!glfwWindowShouldClose(platform.window)) frame(nullptr);
    {
        std::lock_guard<std::mutex> lock(g_wakeMutex);
        g_loopRuns = false;  // the pool's threads may still finish jobs: they no longer wake GLFW
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(platform.window);
    glfwTerminate();
#endif
    return 0;
}
