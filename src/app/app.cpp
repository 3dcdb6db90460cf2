// The Optiscape app: layout, keyboard and commands (see app.h).
#include "app/app.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "app/net_views.h"
#include "app/panels.h"
#include "core/data_landscape.h"
#include "core/params.h"

namespace optiscape::app {

namespace {
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

bool beginPanel(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    return ImGui::Begin(name, nullptr, kPanelFlags | extra);
}
/// The basin map's report until the next frame recomputes it: an API call that changes the
/// layer is never answered by the previous map's numbers.
void basinsStale(AppState& s) {
    s.basinsProgress = 0.0;
    s.basinsSteps = 0.0;
    s.basinsHash = 0;
    s.basinsWorkers = 0;
}
}  // namespace

bool App::init() {
    setDefaultScenario(state_);
    if (!map_.init()) {
        error_ = "could not compile the map's shaders: " + map_.error();
        return false;
    }
    if (!surface_.init()) {
        error_ = "could not compile the 3D view's shaders: " + surface_.error();
        return false;
    }
    return true;
}

bool App::loadLessons(bool wait) {
    if (lessonsRead_ && state_.lessons.empty() && wait) lessonsRead_ = false;  // an API call tries again
    if (lessonsRead_) return !state_.lessons.empty();
    const std::optional<std::string> read = lessonBundle ? lessonBundle(wait) : std::string();
    if (!read) return false;  // still downloading
    const std::string& bundle = *read;
    lessonsRead_ = true;
    lessonsError_.clear();
    state_.lessons = parseLessonBundle(bundle, &lessonsError_);  // each file is checked by the lesson tests
    state_.lesson.done.clear();
    for (const Lesson& l : state_.lessons) state_.lesson.done.emplace_back(l.steps.size(), false);
    if (bundle.empty()) lessonsError_ = "they could not be downloaded. Check the connection and try again.";
    if (!lessonsError_.empty() && lessonsError_.back() == '\n') lessonsError_.pop_back();
    return !state_.lessons.empty();
}

std::string App::lessonsJson() {
    if (!loadLessons()) return "{\"error\": \"" + jsonEscape("the lessons could not be read: " + lessonsError_) + "\"}";
    return app::lessonsJson(state_);
}

void App::drawLessons() {
    if (!loadLessons(false)) {
        if (!lessonsRead_) {  // the download wakes the page when it ends
            ImGui::TextDisabled("Loading the lessons…");
            return;
        }
        ImGui::TextWrapped("The lessons could not be read: %s", lessonsError_.c_str());
        if (ImGui::Button("Try again")) lessonsRead_ = false;
        return;
    }
    drawLessonPanel(state_, fonts_, scale_);
}

bool App::setScale(float scale) {
    scale = std::clamp(scale, 0.5f, 4.0f);
    if (scale == deviceScale_ && state_.projector == projector_) return false;
    deviceScale_ = scale;
    projector_ = state_.projector;
    scale_ = scale * (projector_ ? kProjectorScale : 1.0f);
    fonts_ = setupTheme(scale_, projector_);
    state_.viewDirty = true;
    return true;
}

std::string App::command(std::string_view cmd) {
    std::string c(cmd);
    std::string verb = c.substr(0, c.find(' '));
    std::string arg = c.find(' ') == std::string::npos ? "" : c.substr(c.find(' ') + 1);
    if (verb == "play") {
        state_.playing = anyRunActive(state_);
    } else if (verb == "pause") {
        state_.playing = false;
    } else if (verb == "toggle") {
        state_.playing = !state_.playing && anyRunActive(state_);
    } else if (verb == "step") {
        int n = 1;
        if (!arg.empty()) {
            auto v = parseNumber(arg);
            if (!v || *v < 1 || *v > kMaxSteps || *v != static_cast<int>(*v))
                return "step takes a whole number of steps from 1 to " + std::to_string(kMaxSteps);
            n = static_cast<int>(*v);
        }
        state_.playing = false;
        stepAll(state_, n);
    } else if (verb == "reset") {
        state_.playing = false;
        resetRuns(state_);
    } else if (verb == "select") {
        auto v = parseNumber(arg);
        if (!v || *v < 0 || *v >= static_cast<double>(state_.runs.size()))
            return "select takes a run index from 0 to " + std::to_string(state_.runs.size() - 1);
        state_.selected = static_cast<int>(*v);
    } else if (verb == "duplicate") {
        // "duplicate [i]": a copy of run i (default: the selected run), selected
        int index = state_.selected;
        if (!arg.empty()) {
            auto v = parseNumber(arg);
            if (!v || *v != std::floor(*v)) return "duplicate takes a run index";
            index = static_cast<int>(*v);
        }
        return duplicateRun(state_, index);
    } else if (verb == "remove") {
        auto v = parseNumber(arg);
        if (!v || *v != std::floor(*v)) return "remove takes a run index";
        return removeRun(state_, static_cast<int>(*v));
    } else if (verb == "add") {
        // "add <optimizer>": a run of that optimizer with its default settings, selected
        auto kind = parseOptimizer(arg);
        if (!kind) return "add takes an optimizer name (gd, momentum, nesterov, adagrad, rmsprop, adam, "
                          "amsgrad, adamw, newton, perturbed-gd)";
        if (!addRunOf(state_, *kind)) return "at most " + std::to_string(kMaxRuns) + " runs; remove one first";
    } else if (verb == "optimizer") {
        auto kind = parseOptimizer(arg);
        if (!kind) return "optimizer takes an optimizer name (gd, momentum, nesterov, adagrad, rmsprop, adam, "
                          "amsgrad, adamw, newton, perturbed-gd)";
        setRunOptimizer(state_, *kind);
    } else if (verb == "set") {
        // "set <name> <value>" for the selected run: a hyperparameter, noise, batch or seed
        const size_t sp = arg.find(' ');
        auto v = sp == std::string::npos ? std::nullopt : parseNumber(arg.substr(sp + 1));
        if (!v) return "set takes a setting and a number, e.g. set lr 0.01, set noise 0.1, set batch 8, set seed 7";
        return setRunSetting(state_, arg.substr(0, sp), *v);
    } else if (verb == "schedule") {
        return setRunSchedule(state_, arg);
    } else if (verb == "lesson") {
        // "lesson <id> [step]" (step counts from 0), "lesson close"
        if (arg == "close") {
            closeLesson(state_);
            return "";
        }
        const std::string id = arg.substr(0, arg.find(' '));
        const std::string stepText = arg.find(' ') == std::string::npos ? "0" : arg.substr(arg.find(' ') + 1);
        int index = -1;
        if (!loadLessons()) return "the lessons could not be read: " + lessonsError_;
        for (int i = 0; i < static_cast<int>(state_.lessons.size()); ++i)
            if (state_.lessons[static_cast<size_t>(i)].id == id) index = i;
        auto step = parseNumber(stepText);
        if (index < 0) return "unknown lesson '" + id + "'; lessons() lists them";
        if (!step || *step != static_cast<int>(*step)) return "lesson takes an id and a step number";
        lessonTabRequest_ = true;
        return openLesson(state_, index, static_cast<int>(*step));
    } else if (verb == "answer") {
        auto v = parseNumber(arg);
        if (state_.lesson.lesson < 0) return "no lesson is open";
        const auto& q = state_.lessons[static_cast<size_t>(state_.lesson.lesson)].steps[static_cast<size_t>(state_.lesson.step)].question;
        if (!q) return "this step asks no question";
        if (!v || *v < 0 || *v >= static_cast<double>(q->choices.size()) || *v != static_cast<int>(*v))
            return "answer takes a choice index from 0 to " + std::to_string(q->choices.size() - 1);
        if (state_.lesson.ran || state_.lesson.runUntil >= 0) return "the answer is locked once the run started";
        state_.lesson.choice = static_cast<int>(*v);
    } else if (verb == "run") {
        if (state_.lesson.lesson < 0) return "no lesson is open";
        const auto& st = state_.lessons[static_cast<size_t>(state_.lesson.lesson)].steps[static_cast<size_t>(state_.lesson.step)];
        if (st.question && state_.lesson.choice < 0) return "pick an answer first (answer <i>)";
        if (!arg.empty() && arg != "now") return "run takes nothing, or now (the step's runs to their end at once)";
        runLessonStep(state_);
        if (arg == "now") skipLessonRun(state_);
    } else if (verb == "sweep") {
        // "sweep [steps N]": open the sweep for the selected run and compute it here, to the end;
        // "sweep open [steps N]": open it, computed as from the button (a slice's on the workers)
        if (state_.runs.empty()) return "no run to sweep";
        const std::vector<std::string> w = words(arg);
        bool background = false;
        int steps = 0;
        for (size_t i = 0; i < w.size(); ++i) {
            if (w[i] == "open") {
                background = true;
            } else if (const auto n = w[i] == "steps" ? wholeAfter(w, i, 10, 2000) : std::nullopt) {
                steps = static_cast<int>(*n);
                ++i;
            } else {
                return "sweep takes [open] [steps N], N from 10 to 2000";
            }
        }
        if (background) sweep_.open(state_, steps);
        else sweep_.finish(state_, steps);
    } else if (verb == "theme") {
        if (arg != "projector" && arg != "default") return "theme takes projector or default";
        state_.projector = arg == "projector";
    } else if (verb == "export") {
        if (arg == "png") state_.exportRequest = AppState::Export::Png;
        else if (arg == "csv") state_.exportRequest = AppState::Export::Csv;
        else if (arg == "video" && state_.canRecordVideo) state_.exportRequest = AppState::Export::Video;
        else if (arg == "video") return "this browser cannot record the canvas (no MediaRecorder)";
        else return "export takes png, csv or video";
    } else if (verb == "view") {
        if (arg == "map") state_.viewMode = 0;
        else if (arg == "3d") state_.viewMode = 1;
        else if (arg == "split") state_.viewMode = 2;
        else return "view takes map, 3d or split";
    } else if (verb == "layer") {
        // "layer stability on", "layer eigen off", "layer stationary on"
        const std::string name = arg.substr(0, arg.find(' '));
        const std::string value = arg.find(' ') == std::string::npos ? "" : arg.substr(arg.find(' ') + 1);
        bool* flag = name == "stability" ? &state_.showStability
                     : name == "eigen"   ? &state_.showEigen
                     : name == "stationary" ? &state_.showStationary
                     : name == "basins" ? &state_.showBasins
                     : name == "flow" ? &state_.showFlow : nullptr;
        if (!flag || (value != "on" && value != "off"))
            return "layer takes stability|eigen|stationary|basins|flow and on|off";
        *flag = value == "on";
        if (flag == &state_.showBasins) basinsStale(state_);
    } else if (verb == "workers") {
        // "workers off": heavy work on the main thread, a slice per frame (to compare); "on" again
        if (arg != "on" && arg != "off") return "workers takes on or off";
        if (state_.jobs) parkedJobs_ = state_.jobs;
        state_.jobs = arg == "on" ? parkedJobs_ : nullptr;
        ++state_.jobsEpoch;  // work under way starts over where it now runs
        basinsStale(state_);
    } else if (verb == "formula") {
        // "formula <text>": as if typed into the formula editor
        return editFormula(state_, arg);
    } else if (verb == "load") {
        // "load <scenario JSON>": as window.optiscape.load(); what was ignored comes back as the error
        const std::string ignored = load(arg);
        return ignored == "[]" ? "" : ignored;
    } else if (verb == "slice") {
        // "slice open [random|pca] [filter|layer|none] [seed N] [range R]", "slice close" (net_views.h)
        return sliceCommand(state_, arg);
    } else if (verb == "line") {
        return lineCommand(state_, arg);  // "line [tmin tmax]"
    } else if (verb == "connect") {
        return connectCommand(state_, arg);  // "connect [seed S] [steps N] [finish]"
    } else if (verb == "theory") {
        // "theory spurious|gradients|kinds", "theory start|pause|restart|finish|close", "theory <setting> <value>"
        return theoryCommand(state_, arg);
    } else if (verb == "landscape") {
        // "landscape <name>": open a preset, as the menu does
        if (!selectLandscapeByName(state_, arg)) {
            std::string names;
            for (const std::string& n : allPresetNames()) names += (names.empty() ? "" : ", ") + n;
            return "unknown landscape '" + arg + "'; landscapes: " + names;
        }
    } else {
        return "unknown command '" + verb + "'; commands: play, pause, toggle, step [n], reset, select <i>, "
               "duplicate [i], remove <i>, add <optimizer>, optimizer <name>, set <name> <value>, "
               "schedule <spec>, export png|csv|video, theme projector|default, view map|3d|split, layer <name> on|off, workers on|off, formula <text>, landscape <name>, theory <experiment|setting>, load <json>, "
               "slice open|close, line [tmin tmax], connect [seed S] [steps N] [finish]";
    }
    return "";
}

std::string App::load(std::string_view json) {
    std::string ignored = loadScenarioJson(state_, json);
    if (ignored != "[]") {
        // The messages, one per line, without the JSON brackets and quotes.
        std::string text = "Ignored: ";
        if (auto list = parseJson(ignored))
            for (size_t i = 0; i < list->array.size(); ++i) text += (i ? "\n" : "") + list->array[i].string;
        state_.notice = text;
        state_.noticeUntil = ImGui::GetTime() + 8.0;
    }
    return ignored;
}

bool App::shortcut(char key) {
    if (ImGui::GetIO().WantTextInput) return false;  // typing into a field, not a shortcut
    // Moving between controls with the keyboard (↑/↓ start it, Esc ends it): Space presses the
    // focused control and the arrows move, as ImGui's keyboard navigation does.
    if (ImGui::GetIO().NavVisible && (key == ' ' || key == '>')) return false;
    switch (key) {
        case ' ': command("toggle"); return true;
        case '>': command("step"); return true;
        case 'r': command("reset"); return true;
        default:
            if (key >= '1' && key <= '8' && key - '1' < static_cast<int>(state_.runs.size())) {
                state_.selected = key - '1';
                return true;
            }
    }
    return false;
}

void App::frame(double dt) {
    ++state_.framesDrawn;
    state_.idle = false;
    state_.busy = state_.playing || state_.exportRequest != AppState::Export::None;
    state_.wakeAt = 1e300;
    state_.clock = ImGui::GetTime();
    advancePlayback(state_, dt);
    advanceConnect(state_, 0.010);  // mode connectivity, 10 ms a frame while it computes
    advanceTheory(state_);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (embed_) layoutEmbed(display.x, display.y);
    else if (display.x / scale_ < 900.0f) layoutNarrow(display.x, display.y);
    else layoutWide(display.x, display.y);
    if (state_.sweepRequest) {
        sweep_.open(state_);
        state_.sweepRequest = false;
    }
    sweep_.draw(state_, fonts_, scale_);
    const double now = ImGui::GetTime();
    if (!state_.notice.empty() && state_.noticeUntil > now) state_.wakeBy(state_.noticeUntil);
    if (ImGui::GetIO().WantTextInput) state_.wakeBy(now + 0.4);  // the text cursor blinks
    state_.busy = state_.busy || state_.playing;  // (a panel may have started the runs)
}

void App::layoutWide(float width, float height) {
    const float fs = ImGui::GetFontSize();
    // One row of controls, or as many as the bar wrapped into last frame (narrow or large type).
    const float barH = std::max(ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f, topBarH_);
    const float leftW = std::clamp(width * 0.24f, fs * 19.0f, fs * 25.0f);
    const float rightW = std::clamp(width * 0.25f, fs * 19.0f, fs * 26.0f);
    const float bodyH = height - barH;

    if (beginPanel("Top bar", ImVec2(0, 0), ImVec2(width, barH), ImGuiWindowFlags_NoScrollbar)) {
        drawTopBar(state_, fonts_, scale_);
        topBarH_ = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
    }
    ImGui::End();
    ImGui::GetBackgroundDrawList()->AddLine(ImVec2(0, barH - 0.5f), ImVec2(width, barH - 0.5f), colors::kGrid);

    if (beginPanel("Runs", ImVec2(0, barH), ImVec2(leftW, bodyH))) {
        if (ImGui::BeginTabBar("left")) {
            const ImGuiTabItemFlags lessonFlags = lessonTabRequest_ ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem("Explore")) {
                if (state_.theoryMode) drawTheoryPanel(state_, fonts_, scale_);
                else if (state_.networkMode) drawNetworkPanel(state_, fonts_, scale_);
                else if (state_.slice.open) drawSlicePanel(state_, fonts_, scale_);
                else drawLandscapePanel(state_, fonts_, scale_);
                if (!state_.theoryMode) drawRunsPanel(state_, fonts_, scale_);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Lessons", nullptr, lessonFlags)) {
                drawLessons();
                ImGui::EndTabItem();
            }
            lessonTabRequest_ = false;
            ImGui::EndTabBar();
        }
    }
    ImGui::End();

    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 255));
    if (beginPanel("Map", ImVec2(leftW, barH), ImVec2(width - leftW - rightW, bodyH),
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        drawCentre(ImVec2(leftW, barH), ImVec2(width - leftW - rightW, bodyH));
    ImGui::End();
    ImGui::PopStyleColor();

    if (beginPanel("Plots", ImVec2(width - rightW, barH), ImVec2(rightW, bodyH))) {
        if (state_.theoryMode) {
            drawTheoryNotes(state_, fonts_);
        } else if (state_.networkMode) {
            drawNetworkPlots(state_, fonts_, scale_);
        } else {
            drawPlotsPanel(state_, fonts_, scale_);
            drawProbePanel(state_, fonts_, map_.hovered());
            drawLayersPanel(state_);
        }
    }
    ImGui::End();
}

void App::drawCentre(ImVec2 pos, ImVec2 size) {
    if (state_.theoryMode) {
        drawTheoryView(state_, fonts_, pos, size, scale_);
    } else if (state_.networkMode) {
        network_.draw(state_, fonts_, pos, size, scale_);
    } else if (state_.viewMode == 0) {
        map_.draw(state_, fonts_, pos, size, scale_);
    } else if (state_.viewMode == 1) {
        surface_.draw(state_, fonts_, pos, size, scale_, std::nullopt, map_.visibleBox(state_));
    } else {
        const float half = std::floor(size.x * 0.5f);
        map_.draw(state_, fonts_, pos, ImVec2(half, size.y), scale_);
        surface_.draw(state_, fonts_, ImVec2(pos.x + half, pos.y), ImVec2(size.x - half, size.y), scale_, map_.hovered(),
                      map_.visibleBox(state_));
    }
}

void App::layoutEmbed(float width, float height) {
    const float stripH = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
    const float mapH = std::max(height - stripH, 60.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 255));
    if (beginPanel("Map", ImVec2(0, 0), ImVec2(width, mapH), ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        drawCentre(ImVec2(0, 0), ImVec2(width, mapH));
    ImGui::End();
    ImGui::PopStyleColor();
    if (beginPanel("Controls", ImVec2(0, mapH), ImVec2(width, height - mapH), ImGuiWindowFlags_NoScrollbar)) {
        drawControlStrip(state_, fonts_, scale_);
        const char* link = "Open in Optiscape ↗";
        const float w = ImGui::CalcTextSize(link).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (ImGui::GetContentRegionAvail().x > w + ImGui::GetFontSize()) {
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
            if (ImGui::Button(link) && openFullApp) openFullApp();
        }
    }
    ImGui::End();
}

void App::layoutNarrow(float width, float height) {
    const float barH = ImGui::GetFrameHeight() * 2.0f + ImGui::GetStyle().WindowPadding.y * 2.0f +
                       ImGui::GetStyle().ItemSpacing.y;
    const float mapH = std::max((height - barH) * 0.55f, 120.0f);
    if (beginPanel("Top bar", ImVec2(0, 0), ImVec2(width, barH), ImGuiWindowFlags_NoScrollbar))
        drawTopBar(state_, fonts_, scale_);
    ImGui::End();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 255));
    if (beginPanel("Map", ImVec2(0, barH), ImVec2(width, mapH),
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        drawCentre(ImVec2(0, barH), ImVec2(width, mapH));
    ImGui::End();
    ImGui::PopStyleColor();
    if (beginPanel("Panels", ImVec2(0, barH + mapH), ImVec2(width, height - barH - mapH))) {
        if (ImGui::BeginTabBar("tabs")) {
            if (!state_.theoryMode && ImGui::BeginTabItem("Runs")) {
                drawRunsPanel(state_, fonts_, scale_);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem(state_.theoryMode ? "Experiment" : state_.networkMode ? "Network" : "Landscape")) {
                if (state_.theoryMode) drawTheoryPanel(state_, fonts_, scale_), drawTheoryNotes(state_, fonts_);
                else if (state_.networkMode) drawNetworkPanel(state_, fonts_, scale_);
                else if (state_.slice.open) drawSlicePanel(state_, fonts_, scale_);
                else drawLandscapePanel(state_, fonts_, scale_);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Lessons", nullptr, lessonTabRequest_ ? ImGuiTabItemFlags_SetSelected : 0)) {
                drawLessons();
                ImGui::EndTabItem();
            }
            lessonTabRequest_ = false;
            if (!state_.theoryMode && ImGui::BeginTabItem("Plots")) {
                if (state_.networkMode) {
                    drawNetworkPlots(state_, fonts_, scale_);
                } else {
                    drawPlotsPanel(state_, fonts_, scale_);
                    drawProbePanel(state_, fonts_, map_.hovered());
                    drawLayersPanel(state_);
                }
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
}

}  // namespace optiscape::app
