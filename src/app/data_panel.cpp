// The data panel: the samples (x, y) of a data-defined landscape as a scatter plot, with the
// selected run's current model ŷ(x) (Landscape::predict) drawn over them as the run plays.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"

namespace optiscape::app {

void drawDataPanel(const AppState& s, const Fonts& fonts, ImVec2 size) {
    const std::vector<Vec2>* samples = s.landscape->samples();
    if (!samples || samples->empty() || s.runs.empty()) return;
    const RunSlot& r = s.runs[static_cast<size_t>(s.selected)];
    const Vec2 w = r.run.current().w;
    const float fs = ImGui::GetFontSize();
    ImGui::PushFont(fonts.small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "%d samples; line: the selected run's model at step %d",
                       static_cast<int>(samples->size()), r.run.steps());
    ImGui::PopFont();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const float left = origin.x + fs * 2.8f, right = origin.x + size.x - fs * 0.4f;
    const float top = origin.y + fs * 0.5f, bottom = origin.y + size.y - fs * 1.3f;
    if (right <= left + 4 || bottom <= top + 4) return;

    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (const Vec2& p : *samples) {
        x0 = std::min(x0, p[0]);
        x1 = std::max(x1, p[0]);
        y0 = std::min(y0, p[1]);
        y1 = std::max(y1, p[1]);
    }
    const double px = std::max((x1 - x0) * 0.06, 1e-6), py = std::max((y1 - y0) * 0.1, 1e-6);
    x0 -= px;
    x1 += px;
    y0 -= py;
    y1 += py;
    auto X = [&](double x) { return left + static_cast<float>((x - x0) / (x1 - x0)) * (right - left); };
    auto Y = [&](double y) { return bottom - static_cast<float>((y - y0) / (y1 - y0)) * (bottom - top); };

    dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), IM_COL32(255, 255, 255, 255));
    ImFont* font = ImGui::GetFont();
    const float small = fs * 0.82f;
    for (double t : niceTicks(y0, y1, 4)) {
        dl->AddLine(ImVec2(left, Y(t)), ImVec2(right, Y(t)), colors::kGrid);
        const std::string lab = formatNumber(t, 3);
        const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(left - ts.x - fs * 0.3f, Y(t) - ts.y * 0.5f), colors::kMuted, lab.c_str());
    }
    for (double t : niceTicks(x0, x1, 4)) {
        dl->AddLine(ImVec2(X(t), top), ImVec2(X(t), bottom), colors::kGrid);
        const std::string lab = formatNumber(t, 3);
        const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(X(t) - ts.x * 0.5f, bottom + fs * 0.15f), colors::kMuted, lab.c_str());
    }
    dl->PushClipRect(ImVec2(left, top), ImVec2(right + 1, bottom + 1), true);
    for (const Vec2& p : *samples) dl->AddCircleFilled(ImVec2(X(p[0]), Y(p[1])), fs * 0.2f, colors::kMuted, 10);
    // The model over the x range (a line for both presets, but drawn as a curve in general).
    std::vector<ImVec2> pts;
    for (int i = 0; i <= 32; ++i) {
        const double x = x0 + (x1 - x0) * i / 32.0;
        const double y = s.landscape->predict(w, x);
        if (std::isfinite(y)) pts.emplace_back(X(x), Y(std::clamp(y, y0 - 10 * (y1 - y0), y1 + 10 * (y1 - y0))));
    }
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), runColor(r.color), 0, fs * 0.16f);
    dl->PopClipRect();
    dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), colors::kFrame);
    const std::string model = s.landscape->name() == "linear-regression"
                                  ? "ŷ = w₁x + w₂ = " + formatNumber(w[0], 3) + "·x + " + formatNumber(w[1], 3)
                                  : "ŷ = w₂w₁x = " + formatNumber(w[0] * w[1], 3) + "·x";
    dl->AddText(font, small, ImVec2(left + fs * 0.3f, top + fs * 0.15f), colors::kInk, model.c_str());
    tooltip("The samples (xᵢ, yᵢ) the loss averages over, and the model the selected run has reached: "
            "minibatches see only a few points per step.");
}

}  // namespace optiscape::app
