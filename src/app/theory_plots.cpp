// Charts for the theory page (app/theory_plots.h).
#include "app/theory_plots.h"

#include <algorithm>
#include <cmath>

#include "app/plot.h"
#include "app/theme.h"
#include "core/params.h"

namespace optiscape::app {

std::string powerOfTen(int e) {
    static const char* const sup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    if (e == 0) return "1";
    if (e == 1) return "10";
    std::string s = "10";
    if (e < 0) s += "⁻";
    const std::string digits = std::to_string(std::abs(e));
    for (char d : digits) s += sup[d - '0'];
    return s;
}

namespace {
void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float on, float off) {
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    if (len <= 0) return;
    for (float t = 0; t < len; t += on + off) {
        const float e = std::min(t + on, len);
        dl->AddLine(ImVec2(a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len),
                    ImVec2(a.x + (b.x - a.x) * e / len, a.y + (b.y - a.y) * e / len), color, thickness);
    }
}
}  // namespace

Chart beginChart(ImVec2 size, double x0, double x1, double y0, double y1, const ChartAxes& axes) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const float fs = ImGui::GetFontSize();
    Chart c;
    c.lo = ImVec2(o.x + fs * 3.4f, o.y + fs * 0.6f);
    c.hi = ImVec2(o.x + size.x - fs * 0.6f, o.y + size.y - fs * 2.6f);
    if (!(x1 > x0)) x1 = x0 + 1;
    if (!(y1 > y0)) y1 = y0 + 1;
    c.x0 = x0, c.x1 = x1, c.y0 = y0, c.y1 = y1;
    dl->AddRectFilled(c.lo, c.hi, IM_COL32(255, 255, 255, 255));
    ImFont* font = ImGui::GetFont();
    const float small = fs * 0.9f;
    for (double t : niceTicks(y0, y1, 5)) {
        if (axes.yLog10 && t != std::floor(t)) continue;
        const float y = c.Y(t);
        dl->AddLine(ImVec2(c.lo.x, y), ImVec2(c.hi.x, y), colors::kGrid);
        const std::string lab = axes.yLog10 ? powerOfTen(static_cast<int>(std::lround(t))) : formatNumber(t, 3);
        const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(c.lo.x - ts.x - fs * 0.3f, y - ts.y * 0.5f), colors::kMuted, lab.c_str());
    }
    for (double t : niceTicks(x0, x1, 6)) {
        if ((axes.xWhole || axes.xLog10) && t != std::floor(t)) continue;
        const float x = c.X(t);
        dl->AddLine(ImVec2(x, c.lo.y), ImVec2(x, c.hi.y), colors::kGrid);
        const std::string lab = axes.xLog10 ? powerOfTen(static_cast<int>(std::lround(t))) : formatNumber(t, 4);
        const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(x - ts.x * 0.5f, c.hi.y + fs * 0.2f), colors::kMuted, lab.c_str());
    }
    dl->AddRect(c.lo, c.hi, colors::kFrame);
    const ImVec2 xs = ImGui::CalcTextSize(axes.xLabel.c_str());
    dl->AddText(ImVec2((c.lo.x + c.hi.x - xs.x) * 0.5f, c.hi.y + fs * 1.25f), colors::kInk, axes.xLabel.c_str());
    dl->AddText(ImVec2(c.lo.x + fs * 0.3f, c.lo.y + fs * 0.2f), colors::kInk, axes.yLabel.c_str());
    c.yLabelRight = c.lo.x + fs * 0.3f + ImGui::CalcTextSize(axes.yLabel.c_str()).x;
    return c;
}

void chartLine(const Chart& c, const std::vector<double>& xs, const std::vector<double>& ys, ImU32 color, bool dash,
               float thickness) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.lo, c.hi, true);
    const float fs = ImGui::GetFontSize();
    for (size_t i = 1; i < xs.size() && i < ys.size(); ++i) {
        if (!std::isfinite(ys[i - 1]) || !std::isfinite(ys[i])) continue;
        const ImVec2 a(c.X(xs[i - 1]), c.Y(ys[i - 1])), b(c.X(xs[i]), c.Y(ys[i]));
        if (dash) dashed(dl, a, b, color, thickness, fs * 0.45f, fs * 0.3f);
        else dl->AddLine(a, b, color, thickness);
    }
    dl->PopClipRect();
}

void chartEndLabel(const Chart& c, double x, double y, const std::string& text, ImU32 color) {
    if (!std::isfinite(y)) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float px = std::clamp(c.X(x) - ts.x - fs * 0.3f, c.lo.x + fs * 0.2f, c.hi.x - ts.x - fs * 0.2f);
    const float py = std::clamp(c.Y(y) - ts.y - fs * 0.15f, c.lo.y, c.hi.y - ts.y);
    dl->AddRectFilled(ImVec2(px - 2, py), ImVec2(px + ts.x + 2, py + ts.y), IM_COL32(255, 255, 255, 215));
    dl->AddText(ImVec2(px, py), color, text.c_str());
}

void chartPoints(const Chart& c, const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& lo,
                 const std::vector<double>& hi, ImU32 color) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.lo, c.hi, true);
    const float fs = ImGui::GetFontSize();
    for (size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
        if (!std::isfinite(ys[i])) continue;
        const float x = c.X(xs[i]);
        if (i < lo.size() && i < hi.size()) {
            const float a = c.Y(std::isfinite(lo[i]) ? lo[i] : c.y0), b = c.Y(std::isfinite(hi[i]) ? hi[i] : c.y1);
            dl->AddLine(ImVec2(x, a), ImVec2(x, b), color, 1.5f);
        }
        dl->AddCircleFilled(ImVec2(x, c.Y(ys[i])), fs * 0.22f, color);
    }
    dl->PopClipRect();
}

void chartMarker(const Chart& c, double x, const std::string& text, ImU32 color, int row) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const float px = c.X(x);
    if (px < c.lo.x - 1 || px > c.hi.x + 1) return;
    dashed(dl, ImVec2(px, c.lo.y), ImVec2(px, c.hi.y), color, 1.5f, fs * 0.35f, fs * 0.25f);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float lx = px + ts.x + fs * 0.4f < c.hi.x ? px + fs * 0.25f : px - ts.x - fs * 0.25f;
    // a label beside the y axis's title goes a line lower, not over it
    if (row == 0 && lx < c.yLabelRight + fs * 0.3f) row = 1;
    const float ly = c.lo.y + fs * 0.2f + static_cast<float>(row) * (ts.y + fs * 0.15f);
    dl->AddRectFilled(ImVec2(lx - 2, ly), ImVec2(lx + ts.x + 2, ly + ts.y), IM_COL32(255, 255, 255, 215));
    dl->AddText(ImVec2(lx, ly), color, text.c_str());
}

void chartBars(const Chart& c, double x0, double width, const std::vector<std::vector<int>>& counts,
               const std::vector<ImU32>& colors) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.lo, c.hi, true);
    for (size_t i = 0; i < counts.size(); ++i) {
        const float a = c.X(x0 + double(i) * width) + 0.5f, b = c.X(x0 + double(i + 1) * width) - 0.5f;
        double base = 0;
        for (size_t layer = 0; layer < counts[i].size() && layer < colors.size(); ++layer) {
            const int n = counts[i][layer];
            if (n <= 0) continue;
            dl->AddRectFilled(ImVec2(a, c.Y(base + n)), ImVec2(std::max(b, a + 1.0f), c.Y(base)), colors[layer]);
            base += n;
        }
    }
    dl->PopClipRect();
}

void chartLegend(const std::vector<std::pair<std::string, ImU32>>& entries) {
    const float fs = ImGui::GetFontSize();
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i) ImGui::SameLine(0, fs * 1.2f);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + fs * 0.2f), ImVec2(p.x + fs * 0.8f, p.y + fs * 1.0f), entries[i].second);
        ImGui::Dummy(ImVec2(fs * 1.0f, fs));
        ImGui::SameLine(0, fs * 0.3f);
        ImGui::TextUnformatted(entries[i].first.c_str());
    }
}

}  // namespace optiscape::app
