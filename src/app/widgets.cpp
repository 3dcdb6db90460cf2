// Small reusable widgets (see widgets.h).
#include "app/widgets.h"

#include <cmath>

#include "app/theme.h"

namespace optiscape::app {

void sectionHeading(const char* text) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void tooltip(const std::string& text) {
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

bool paramSlider(const ParamSpec& spec, double& value, const char* title) {
    ImGui::PushID(spec.name.c_str());
    std::string label = title ? std::string(title) : spec.name;
    if (!spec.symbol.empty()) label += "  " + spec.symbol;
    label += " = " + formatNumber(value, 4) + spec.unit;
    ImGui::TextUnformatted(label.c_str());
    ImGui::SetNextItemWidth(-1.0f);
    double v = value;
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (spec.logScale && spec.min > 0) flags |= ImGuiSliderFlags_Logarithmic;
    const char* fmt = spec.logScale ? "%.3g" : "%.4g";
    bool changed = ImGui::SliderScalar("##v", ImGuiDataType_Double, &v, &spec.min, &spec.max, fmt, flags);
    std::string help = spec.help;
    if (!help.empty()) help += "\n";
    help += "Range " + formatNumber(spec.min) + " to " + formatNumber(spec.max) + spec.unit +
            ", default " + formatNumber(spec.def) + spec.unit +
            ". Drag, or Ctrl+click to type an exact value.";
    tooltip(help);
    if (changed && std::isfinite(v)) value = v;
    ImGui::PopID();
    return changed;
}

void colorSwatch(ImU32 color, float radius) {
    float h = ImGui::GetTextLineHeight();
    if (radius <= 0) radius = h * 0.32f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(radius * 2.0f + 2.0f, h));
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + radius + 1.0f, p.y + h * 0.5f), radius, color, 20);
}

void boldLine(const Fonts& fonts, const std::string& text) {
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopFont();
}

void mutedText(const Fonts& fonts, const std::string& text) {
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

}  // namespace optiscape::app
