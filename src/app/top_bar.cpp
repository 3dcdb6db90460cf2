// The top bar: title, landscape menu and playback controls.
#include <algorithm>
#include <string>
#include <vector>

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
    // Every preset's info, built once (the data presets generate their samples).
    static const std::vector<LandscapeInfo> infos = [] {
        std::vector<LandscapeInfo> v;
        for (const std::string& n : allPresetNames()) v.push_back(makeAnyPreset(n)->info());
        return v;
    }();
    static const std::vector<std::string> groups = [] {
        std::vector<std::string> g;
        for (const LandscapeInfo& i : infos)
            if (std::find(g.begin(), g.end(), i.group) == g.end()) g.push_back(i.group);
        return g;
    }();
    ImGui::SetNextItemWidth(fs * 20.0f);
    const bool custom = s.landscape->name() == "formula" && !s.networkMode && !s.theoryMode;
    std::string current = custom ? "Custom formula" : s.landscape->info().title + "   (" + s.landscape->name() + ")";
    if (s.networkMode) {
        const nets::DatasetInfo* d = nets::findDataset(s.net.spec.data.name);
        current = "Network on " + (s.net.spec.userData ? s.net.userDataName : d ? d->title : s.net.spec.data.name) + "   (" +
                  nets::architectureText(s.net.prepared.model.widths) + ")";
    }
    static const char* const kTheory[][2] = {{"spurious", "Spurious minima: Safran–Shamir's table"},
                                             {"gradients", "Vanishing & exploding gradients (Theorem 9)"},
                                             {"kinds", "Landscape kinds A–D (Kawaguchi, ReLU)"},
                                             {"plateau", "The tanh plateau (small starts, momentum, perturbed GD)"}};
    if (s.theoryMode)
        for (const auto& t : kTheory)
            if (s.theory.spec.experiment == t[0]) current = std::string("Theory: ") + t[1];
    if (ImGui::BeginCombo("##landscape", current.c_str(), ImGuiComboFlags_HeightLargest)) {
        float column = 0.0f;  // the formulas' column: right of the longest title
        for (const LandscapeInfo& info : infos) column = std::max(column, ImGui::CalcTextSize(("   " + info.title).c_str()).x);
        column += ImGui::GetStyle().WindowPadding.x + fs * 1.2f;
        // Grouped by the lecture they come from; the formula beside the title, what to notice below.
        for (const std::string& g : groups) {
            ImGui::Spacing();
            ImGui::PushFont(fonts.bold);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kAccent), "%s", g.c_str());
            ImGui::PopFont();
            for (int i = 0; i < static_cast<int>(infos.size()); ++i) {
                const LandscapeInfo& info = infos[static_cast<size_t>(i)];
                if (info.group != g) continue;
                std::string item = "   " + info.title + "##" + info.name;
                const bool selected = !custom && !s.networkMode && !s.theoryMode && s.landscape->name() == info.name;
                if (ImGui::Selectable(item.c_str(), selected)) selectLandscape(s, i);
                if (selected) ImGui::SetItemDefaultFocus();
                tooltip(info.notice + "\n\nFrom: " + info.lecture);
                ImGui::SameLine(column);
                ImGui::PushFont(fonts.small);
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "%s", info.pretty.c_str());
                ImGui::PopFont();
            }
        }
        // A network trained on a data set: the same runs race on its loss.
        ImGui::Spacing();
        ImGui::PushFont(fonts.bold);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kAccent), "Neural networks (LeCun / GSI, Lecture 3)");
        ImGui::PopFont();
        for (const nets::DatasetInfo& d : nets::datasets()) {
            const bool selected = s.networkMode && !s.theoryMode && !s.net.spec.userData && s.net.spec.data.name == d.name;
            if (ImGui::Selectable(("   Network on " + d.title + "##net-" + d.name).c_str(), selected)) {
                nets::NetSpec spec = s.networkMode ? s.net.spec : nets::NetSpec{};
                if (!s.networkMode) spec.testFraction = 0.2;
                spec.userData = false;
                spec.data = nets::DatasetSpec{};
                spec.data.name = d.name;
                spec.data.n = d.defaultN;
                spec.data.noise = d.defaultNoise;
                spec.loss.reset();
                if (d.name == "sine") {
                    spec.features.clear();
                    spec.polyDegree = 0;
                }
                const std::string err = setNetwork(s, spec);
                if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
            }
            tooltip(d.help);
            ImGui::SameLine(column);
            ImGui::PushFont(fonts.small);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "%s", d.regression ? "regression" : "classification");
            ImGui::PopFont();
        }
        // The lectures' theorems on networks as experiments (theory_panel.cpp, theory_view.cpp).
        ImGui::Spacing();
        ImGui::PushFont(fonts.bold);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kAccent), "Theorems on networks (Yarotsky, Lucchi)");
        ImGui::PopFont();
        for (const auto& t : kTheory) {
            const bool selected = s.theoryMode && s.theory.spec.experiment == t[0];
            if (ImGui::Selectable((std::string("   ") + t[1] + "##theory-" + t[0]).c_str(), selected))
                theoryCommand(s, t[0]);
        }
        ImGui::EndCombo();
    }
    tooltip(s.networkMode ? "A network trained on data: every run trains it from the same initial weights. Choose a "
                            "landscape to go back to the 2-D loss surfaces."
                          : "The loss surface L(w₁, w₂) the runs descend, or a neural network trained on data. Each "
                            "comes from one of the lectures.");

    // Map, 3D or both.
    if (!s.networkMode && !s.theoryMode) {
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
    }

    ImGui::SameLine();
    if (s.projector) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    const bool wasProjector = s.projector;
    if (ImGui::Button("Projector")) s.projector = !s.projector;
    if (wasProjector) ImGui::PopStyleColor();
    tooltip("High contrast and larger type for a lecture hall (or for reading comfort). Keyboard: ↑/↓ move between "
            "controls, Space presses, Esc returns to the shortcuts Space (play/pause), → (step), R (reset).");
    ImGui::SameLine();
    if (ImGui::Button("Export")) ImGui::OpenPopup("export");
    tooltip("Save the view as a PNG (2× its size), every run's trajectory as CSV, or a video of the runs for slides.");
    if (ImGui::BeginPopup("export")) {
        const std::string name = exportName(s);
        if (ImGui::Selectable(("Picture (PNG, 2×)   " + name + ".png").c_str())) s.exportRequest = AppState::Export::Png;
        if (ImGui::Selectable(("Trajectories (CSV)   " + name + ".csv").c_str())) s.exportRequest = AppState::Export::Csv;
        ImGui::BeginDisabled(!s.canRecordVideo);
        if (ImGui::Selectable(("Video of the runs from the start (WebM)   optiscape-" + s.landscape->name() + "-runs.webm").c_str()))
            s.exportRequest = AppState::Export::Video;
        ImGui::EndDisabled();
        ImGui::EndPopup();
    }

    flow(fs * 1.5f, fs * 15.0f);
    if (s.theoryMode) drawTheoryStrip(s, fonts, scale);
    else drawControlStrip(s, fonts, scale);
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
    if (s.networkMode) {
        ImGui::SliderInt("##netspeed", &s.netSpeed, 1, 100, "%d steps/frame", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
        tooltip("Optimizer steps of every run per frame while playing; the decision regions redraw every frame. "
                "Ctrl+click to type a value.");
    } else {
        ImGui::SliderFloat("##speed", &s.speed, 1.0f, 2000.0f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
        tooltip("Steps per second while playing. Ctrl+click to type a value.");
    }

    int steps = 0;
    for (const auto& r : s.runs) steps = std::max(steps, slotSteps(s, r));
    ImGui::SameLine(0, fs * 1.2f);
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts.bold);
    ImGui::Text("step %d", steps);
    ImGui::PopFont();
}

}  // namespace optiscape::app
