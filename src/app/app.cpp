// The Optiscape app: layout, keyboard and commands (see app.h).
#include "app/app.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "app/panels.h"
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
}  // namespace

bool App::init() {
    setDefaultScenario(state_);
    if (!map_.init()) {
        error_ = "could not compile the map's shaders: " + map_.error();
        return false;
    }
    return true;
}

bool App::setScale(float scale) {
    scale = std::clamp(scale, 0.5f, 4.0f);
    if (scale == scale_) return false;
    scale_ = scale;
    fonts_ = setupTheme(scale);
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
    } else {
        return "unknown command '" + verb + "'; commands: play, pause, toggle, step [n], reset, select <i>";
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
    advancePlayback(state_, dt);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (embed_) layoutEmbed(display.x, display.y);
    else if (display.x / scale_ < 900.0f) layoutNarrow(display.x, display.y);
    else layoutWide(display.x, display.y);
}

void App::layoutWide(float width, float height) {
    const float fs = ImGui::GetFontSize();
    const float barH = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
    const float leftW = std::clamp(width * 0.24f, fs * 19.0f, fs * 25.0f);
    const float rightW = std::clamp(width * 0.25f, fs * 19.0f, fs * 26.0f);
    const float bodyH = height - barH;

    if (beginPanel("Top bar", ImVec2(0, 0), ImVec2(width, barH), ImGuiWindowFlags_NoScrollbar))
        drawTopBar(state_, fonts_, scale_);
    ImGui::End();
    ImGui::GetBackgroundDrawList()->AddLine(ImVec2(0, barH - 0.5f), ImVec2(width, barH - 0.5f), colors::kGrid);

    if (beginPanel("Runs", ImVec2(0, barH), ImVec2(leftW, bodyH))) {
        drawLandscapePanel(state_, fonts_, scale_);
        drawRunsPanel(state_, fonts_, scale_);
    }
    ImGui::End();

    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 255));
    if (beginPanel("Map", ImVec2(leftW, barH), ImVec2(width - leftW - rightW, bodyH),
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        map_.draw(state_, fonts_, ImVec2(leftW, barH), ImVec2(width - leftW - rightW, bodyH), scale_);
    ImGui::End();
    ImGui::PopStyleColor();

    if (beginPanel("Plots", ImVec2(width - rightW, barH), ImVec2(rightW, bodyH))) {
        drawPlotsPanel(state_, fonts_, scale_);
        drawProbePanel(state_, fonts_, map_.hovered());
    }
    ImGui::End();
}

void App::layoutEmbed(float width, float height) {
    const float stripH = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
    const float mapH = std::max(height - stripH, 60.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 255));
    if (beginPanel("Map", ImVec2(0, 0), ImVec2(width, mapH), ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        map_.draw(state_, fonts_, ImVec2(0, 0), ImVec2(width, mapH), scale_);
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
        map_.draw(state_, fonts_, ImVec2(0, barH), ImVec2(width, mapH), scale_);
    ImGui::End();
    ImGui::PopStyleColor();
    if (beginPanel("Panels", ImVec2(0, barH + mapH), ImVec2(width, height - barH - mapH))) {
        if (ImGui::BeginTabBar("tabs")) {
            if (ImGui::BeginTabItem("Runs")) {
                drawRunsPanel(state_, fonts_, scale_);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Landscape")) {
                drawLandscapePanel(state_, fonts_, scale_);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Plots")) {
                drawPlotsPanel(state_, fonts_, scale_);
                drawProbePanel(state_, fonts_, map_.hovered());
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
}

}  // namespace optiscape::app
