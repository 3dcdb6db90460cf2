// The landscape panel: formula, parameters, what to notice, and the lecture it comes from.
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
    for (size_t i = 0; i < info.params.size(); ++i) {
        const ParamSpec& spec = info.params[i];
        double v = s.landscape->params()[i];
        if (paramSlider(spec, v)) {
            s.landscape->setParam(spec.name, v);
            resetRuns(s);
            s.viewDirty = true;
        }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::TextWrapped("%s", info.notice.c_str());
    ImGui::PushFont(fonts.small);
    ImGui::TextWrapped("From: %s", info.lecture.c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
}

}  // namespace optiscape::app
