// Browser glue: window.optiscape (ready, state(), play(), pause(), step(n), reset()) on the web;
// on the desktop these are no-ops, and fail() prints to stderr.
#pragma once

#include <optional>
#include <string>

namespace optiscape::app {
class App;
}

namespace optiscape::platform {

/// Makes `app` answer window.optiscape's calls.
void installBrowserApi(app::App* app);
/// Resolves window.optiscape.ready (after the first frame is drawn).
void signalReady();
/// Shows a fatal error to the user (on the page, or on stderr).
void fail(const char* message);
/// True on the embed page (embed.html sets Module.optiscapeEmbed).
bool embedMode();
/// The scenario JSON in the page's URL hash, or "" when there is none.
std::string linkedScenario();
/// Keeps the URL hash equal to the app's scenario (cheap when nothing changed).
void syncLink(const app::App& app);
/// Opens the full app in a new tab on the current scenario.
void openFullApp();
/// The lessons' bundle (App::lessonBundle): on the desktop embedded; in the page
/// optiscape.lessons.json as prefetched after the first input, or requested now when `wait`,
/// else nullopt while it downloads (src/platform/web_pre.js). "" when it cannot be read.
std::optional<std::string> lessonBundle(bool wait);
/// Whether the browser can record the canvas as a video (MediaRecorder, captureStream).
bool canRecordVideo();
/// Downloads the canvas as it was just drawn, as `name` (PNG).
void saveCanvasPng(const std::string& name);
/// Downloads `text` as a file `name` of type `mime`.
void saveText(const std::string& name, const std::string& text, const char* mime);
/// Something happened outside a frame (input, an API call): draw frames again if the idle loop
/// sleeps (defined with the main loop, in main.cpp).
void wake();
/// Restarts the runs, plays them and records the canvas until they stop; downloads `name` (WebM).
void recordVideo(const std::string& name);

}  // namespace optiscape::platform
