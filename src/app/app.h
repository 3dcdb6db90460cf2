// The Optiscape app: owns the state, lays out the top bar, side panels and the map each frame,
// handles the keyboard shortcuts, and answers the browser API's commands. Platform code calls
// init() once a GL context exists and frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/app_state.h"
#include "app/map_view.h"
#include "app/network_view.h"
#include "app/surface_view.h"
#include "app/sweep_panel.h"
#include "app/theme.h"

namespace optiscape::app {

class App {
public:
    /// Loads the default scenario and compiles the shaders; false with error() on failure.
    bool init();
    const std::string& error() const { return error_; }

    /// (Re)builds fonts and style for `scale` (device pixels per CSS pixel); the platform then
    /// recreates the font texture. Returns true when anything changed.
    bool setScale(float scale);
    float scale() const { return scale_; }

    /// Advances playback by dt seconds and draws every window.
    void frame(double dt);

    /// The embed view for course pages: just the map with its runs and a compact control strip.
    void setEmbed(bool embed) { embed_ = embed; }
    bool embed() const { return embed_; }
    /// Set by the platform: opens the full app on the current scenario (embed view's link).
    std::function<void()> openFullApp;
    /// Set by the platform: the lessons' bundle (parseLessonBundle), read when a lesson is first
    /// needed (the Lessons tab, lessonsJson(), "lesson …"): embedded in the desktop; in the page
    /// a file beside the wasm, which the first input prefetches. "" when it cannot be read;
    /// nullopt while it still downloads, when called with wait = false (the Lessons tab then
    /// says so and asks again next frame; the API's calls wait).
    std::function<std::optional<std::string>(bool wait)> lessonBundle;

    /// Commands shared by the keyboard, the desktop's --command and window.optiscape: "play",
    /// "pause", "toggle", "step [n]", "reset", "select <i>", "view map|3d|split",
    /// "layer stability|eigen|stationary|basins|flow on|off", "formula <text>" (as typed into
    /// the editor; returns the parse error, if any), "landscape <name>" (a preset),
    /// "lesson <id> [step]", "lesson close",
    /// "answer <i>", "run" (the lesson step's run). Returns "" or what was wrong.
    std::string command(std::string_view cmd);
    /// A keyboard shortcut, delivered by the platform as the key event arrives (so a press and
    /// release within one frame still counts): ' ' play/pause, '>' one step, 'r' reset,
    /// '1'–'8' select a run. Ignored while a text field has the keyboard.
    bool shortcut(char key);
    std::string stateJson() const { return app::stateJson(state_); }
    /// The scenario as JSON: what a shared link carries.
    std::string scenarioJson() const { return optiscape::scenarioJson(toScenario(state_)); }
    /// [{id, title, steps}] of the lessons, as JSON; {"error": "…"} when they cannot be read.
    std::string lessonsJson();
    /// Applies a (partial) scenario in JSON; returns the JSON array of what was ignored.
    std::string load(std::string_view json);
    AppState& state() { return state_; }

private:
    void layoutWide(float width, float height);
    void layoutNarrow(float width, float height);
    void layoutEmbed(float width, float height);
    /// The map, the 3D view, or both, as state_.viewMode says, in [pos, pos + size].
    void drawCentre(ImVec2 pos, ImVec2 size);
    /// Reads the lessons from lessonBundle, once (again after the tab's "Try again", or on an
    /// API call, `wait`, after it gave none); false, with lessonsError_, when there are none, or
    /// while they download and `wait` is false.
    bool loadLessons(bool wait = true);
    /// The Lessons tab's content: the lessons read first.
    void drawLessons();

    AppState state_;
    jobs::JobRunner* parkedJobs_ = nullptr;  ///< the platform's runner while "workers off"
    MapPanel map_;
    NetworkView network_;
    SurfacePanel surface_;
    SweepPanel sweep_;
    Fonts fonts_;
    float scale_ = 0.0f;
    float deviceScale_ = 0.0f;   ///< the platform's scale (device pixels per CSS pixel)
    bool projector_ = false;     ///< the theme scale_ and fonts_ were built for
    float topBarH_ = 0.0f;       ///< the wide layout's top bar height, as its content wrapped last frame
    std::string error_;
    bool embed_ = false;
    bool lessonTabRequest_ = false;  ///< show the Lessons tab on the next frame
    bool lessonsRead_ = false;       ///< lessonBundle has been read (whether or not it gave lessons)
    std::string lessonsError_;       ///< what was wrong with it, if anything
};

}  // namespace optiscape::app
