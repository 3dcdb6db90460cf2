// The top bar: title, landscape menu and playback controls.
#include <algorithm>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"
#include "core/data_landscape.h"

namespace optiscape::app {

namespace {
enum class Icon { Play, Pause, Step, Reset };

/// A button with a drawn icon (fonts lack media glyphs) and a label.
bool iconButton(const char* id, Icon icon, const char* text, bool primary, float scale) {
    const float fs = ImGui::GetFontSize();
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, colors::kAccent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0, 98, 156, 255));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(0, 84, 134, 255));
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    }
    std::string label = std::string("      ") + text + "##" + id;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    bool pressed = ImGui::Button(label.c_str());
    const float h = ImGui::GetItemRectSize().y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 c = primary ? IM_COL32(255, 255, 255, 255) : colors::kInk;
    const float cx = p.x + ImGui::GetStyle().FramePadding.x + fs * 0.45f, cy = p.y + h * 0.5f, r = fs * 0.36f;
    switch (icon) {
        case Icon::Play:
            dl->AddTriangleFilled(ImVec2(cx - r * 0.7f, cy - r), ImVec2(cx - r * 0.7f, cy + r), ImVec2(cx + r, cy), c);
            break;
        case Icon::Pause:
            dl->AddRectFilled(ImVec2(cx - r * 0.8f, cy - r), ImVec2(cx - r * 0.2f, cy + r), c);
            dl->AddRectFilled(ImVec2(cx + r * 0.2f, cy - r), ImVec2(cx + r * 0.8f, cy + r), c);
            break;
        case Icon::Step:
            dl->AddTriangleFilled(ImVec2(cx - r * 0.9f, cy - r), ImVec2(cx - r * 0.9f, cy + r), ImVec2(cx + r * 0.4f, cy), c);
            dl->AddRectFilled(ImVec2(cx + r * 0.5f, cy - r), ImVec2(cx + r * 0.95f, cy + r), c);
            break;
        case Icon::Reset: {
            dl->PathArcTo(ImVec2(cx, cy), r * 0.85f, 0.6f, 5.6f, 16);
            dl->PathStroke(c, 0, 1.8f * scale);
            const ImVec2 tip(cx + r * 0.85f * 0.81f, cy + r * 0.85f * 0.56f);
            dl->AddTriangleFilled(ImVec2(tip.x - r * 0.55f, tip.y), ImVec2(tip.x + r * 0.35f, tip.y - r * 0.45f),
                                  ImVec2(tip.x + r * 0.35f, tip.y + r * 0.55f), c);
            break;
        }
    }
    if (primary) ImGui::PopStyleColor(4);
    return pressed;
}
/// Continues the row, or starts a new one when the next item would not fit (narrow screens).
void flow(float spacing, float nextWidth) {
    ImGui::SameLine(0, spacing);
    if (ImGui::GetContentRegionAvail().x < nextWidth) ImGui::NewLine();
}
}  // namespace

void drawTopBar(AppState& s, const Fonts& fonts, float scale) {
    const float fs = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Optiscape");
    ImGui::PopFont();
    flow(fs * 1.5f, fs * 25.0f);

    // Landscape menu.
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "Landscape");
    ImGui::SameLine();
    const auto& names = landscapeNames();
    ImGui::SetNextItemWidth(fs * 20.0f);
    std::string current = s.landscape->info().title + "   (" + s.landscape->name() + ")";
    if (ImGui::BeginCombo("##landscape", current.c_str())) {
        for (int i = 0; i < static_cast<int>(names.size()); ++i) {
            auto l = makeAnyPreset(names[static_cast<size_t>(i)]);
            std::string item = l->info().title + "  —  " + l->info().pretty + "##" + l->name();
            if (ImGui::Selectable(item.c_str(), i == s.landscapeIndex)) selectLandscape(s, i);
            tooltip(l->info().notice + "\n" + l->info().lecture);
        }
        ImGui::EndCombo();
    }
    tooltip("The loss surface L(w₁, w₂) the runs descend. Each comes from one of the lectures.");

    // Map, 3D or both.
    flow(fs * 1.0f, fs * 10.0f);
    static const char* kModes[] = {"Map", "3D", "Split"};
    for (int m = 0; m < 3; ++m) {
        if (m) ImGui::SameLine(0, 2);
        const bool on = s.viewMode == m;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 114, 178, 40));
        if (ImGui::Button(kModes[m])) s.viewMode = m;
        if (on) ImGui::PopStyleColor();
    }
    tooltip("The map from above, the surface in 3D (drag to orbit), or both side by side with a shared cursor.");

    flow(fs * 1.5f, fs * 15.0f);
    drawControlStrip(s, fonts, scale);
}

void drawControlStrip(AppState& s, const Fonts& fonts, float scale) {
    const float fs = ImGui::GetFontSize();
    const bool active = anyRunActive(s);
    if (s.playing) {
        if (iconButton("play", Icon::Pause, "Pause", true, scale)) s.playing = false;
    } else {
        ImGui::BeginDisabled(!active);
        if (iconButton("play", Icon::Play, "Play", true, scale)) s.playing = true;
        ImGui::EndDisabled();
    }
    tooltip("Play or pause all runs (Space).");
    ImGui::SameLine();
    ImGui::BeginDisabled(!active);
    if (iconButton("step", Icon::Step, "Step", false, scale)) {
        s.playing = false;
        stepAll(s, 1);
    }
    ImGui::EndDisabled();
    tooltip("One step of every run (→).");
    ImGui::SameLine();
    if (iconButton("reset", Icon::Reset, "Reset", false, scale)) {
        s.playing = false;
        resetRuns(s);
    }
    tooltip("Every run back to its start (R).");

    flow(fs * 1.2f, fs * 17.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "Speed");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8.0f);
    ImGui::SliderFloat("##speed", &s.speed, 1.0f, 2000.0f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    tooltip("Steps per second while playing. Ctrl+click to type a value.");

    int steps = 0;
    for (const auto& r : s.runs) steps = std::max(steps, r.run.steps());
    ImGui::SameLine(0, fs * 1.2f);
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts.bold);
    ImGui::Text("step %d", steps);
    ImGui::PopFont();
}

}  // namespace optiscape::app
