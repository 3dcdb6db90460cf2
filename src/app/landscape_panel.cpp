// The landscape panel: title, formula in the lectures' notation, what to notice, and the lecture
// it comes from. The formula editor and the parameter sliders follow (formula_panel.cpp).
#include "app/panels.h"
#include "app/widgets.h"

namespace optiscape::app {

void drawLandscapePanel(AppState& s, const Fonts& fonts, float scale) {
    const LandscapeInfo& info = s.landscape->info();
    sectionHeading("LANDSCAPE");
    ImGui::PushFont(fonts.bold);
    ImGui::TextWrapped("%s", info.title.c_str());
    ImGui::PopFont();
    ImGui::TextWrapped("L(w₁, w₂) = %s", info.pretty.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    if (!info.notice.empty()) ImGui::TextWrapped("%s", info.notice.c_str());
    if (!info.lecture.empty()) {
        ImGui::PushFont(fonts.small);
        ImGui::TextWrapped("From: %s", info.lecture.c_str());
        ImGui::PopFont();
    }
    ImGui::PopStyleColor();
    drawFormulaPanel(s, fonts, scale);
}

}  // namespace optiscape::app
