// Browser glue: window.optiscape (ready, state(), play(), pause(), step(n), reset()) on the web;
// on the desktop these are no-ops, and fail() prints to stderr.
#pragma once

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

}  // namespace optiscape::platform
