// Browser glue: window.optiscape (ready, state(), play(), pause(), step(n), reset()) on the web;
// on the desktop these are no-ops, and fail() prints to stderr.
#pragma once

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

}  // namespace optiscape::platform
