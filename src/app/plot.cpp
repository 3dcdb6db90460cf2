// A compact line plot drawn with ImDrawList (see plot.h).
#include "app/plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/theme.h"
#include "core/params.h"

namespace optiscape::app {

std::vector<double> niceTicks(double lo, double hi, int target) {
    std::vector<double> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    double raw = (hi - lo) / std::max(target, 1);
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * mag;
        if (step >= raw) break;
    }
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

namespace {
std::string tickLabel(double v, bool logY) {
    if (!logY) return formatNumber(v, 3);
    int e = static_cast<int>(std::lround(v));
    if (e >= -2 && e <= 3) return formatNumber(std::pow(10.0, e), 4);
    return "1e" + std::to_string(e);
}
}  // namespace

void drawPlot(const char* id, const std::vector<PlotSeries>& series, ImVec2 size,
              const PlotOptions& options) {
    ImGui::PushID(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const float fs = ImGui::GetFontSize();
    const float left = origin.x + fs * 2.8f, right = origin.x + size.x - fs * 0.4f;
    const float top = origin.y + fs * 0.5f, bottom = origin.y + size.y - fs * 1.3f;
    if (right <= left + 4 || bottom <= top + 4) {
        ImGui::PopID();
        return;
    }

    int maxCount = 0;
    double ymin = std::numeric_limits<double>::infinity(), ymax = -ymin;
    bool logY = options.logY;
    for (const auto& s : series) {
        maxCount = std::max(maxCount, s.count);
        for (int i = 0; i < s.count; ++i) {
            double v = s.y(i);
            if (!std::isfinite(v)) continue;
            if (v <= 0) logY = false;
            ymin = std::min(ymin, v);
            ymax = std::max(ymax, v);
        }
    }
    dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), IM_COL32(255, 255, 255, 255));
    if (maxCount == 0 || !std::isfinite(ymin)) {
        dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), colors::kFrame);
        ImGui::PopID();
        return;
    }
    auto tr = [logY](double v) { return logY ? std::log10(std::max(v, 1e-300)) : v; };
    double lo = tr(ymin), hi = tr(ymax);
    if (hi - lo < 1e-12) {
        double pad = logY ? 0.5 : std::max(std::abs(lo) * 0.1, 1e-6);
        lo -= pad;
        hi += pad;
    } else {
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
    }
    const double xmax = std::max(1, maxCount - 1);
    auto X = [&](double x) { return left + static_cast<float>(x / xmax) * (right - left); };
    auto Y = [&](double t) { return bottom - static_cast<float>((t - lo) / (hi - lo)) * (bottom - top); };

    // Grid and tick labels.
    ImFont* font = ImGui::GetFont();
    const float small = fs * 0.82f;
    std::vector<double> yt;
    if (logY) {
        int step = std::max(1, static_cast<int>(std::ceil((hi - lo) / 5.0)));
        for (int e = static_cast<int>(std::ceil(lo)); e <= std::floor(hi); ++e)
            if (e % step == 0) yt.push_back(e);
    } else {
        yt = niceTicks(lo, hi, 4);
    }
    for (double t : yt) {
        float y = Y(t);
        dl->AddLine(ImVec2(left, y), ImVec2(right, y), colors::kGrid);
        std::string lab = tickLabel(t, logY);
        ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(left - ts.x - fs * 0.3f, y - ts.y * 0.5f), colors::kMuted, lab.c_str());
    }
    for (double t : niceTicks(0, xmax, 4)) {
        if (t != std::floor(t)) continue;  // steps are whole numbers
        float x = X(t);
        dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), colors::kGrid);
        std::string lab = formatNumber(t, 6);
        ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(std::min(x - ts.x * 0.5f, right - ts.x), bottom + fs * 0.15f), colors::kMuted, lab.c_str());
    }

    // Series: one min–max span per pixel column when points outnumber pixels.
    dl->PushClipRect(ImVec2(left, top), ImVec2(right + 1, bottom + 1), true);
    const int columns = std::max(1, static_cast<int>(right - left));
    std::vector<ImVec2> pts;
    for (const auto& s : series) {
        if (s.count == 0) continue;
        pts.clear();
        if (s.count <= columns * 2) {
            for (int i = 0; i < s.count; ++i) {
                double v = s.y(i);
                if (std::isfinite(v)) pts.emplace_back(X(i), Y(tr(v)));
            }
        } else {
            int i = 0;
            for (int c = 0; c < columns && i < s.count; ++c) {
                int end = static_cast<int>(std::ceil((c + 1) * xmax / columns));
                double mn = std::numeric_limits<double>::infinity(), mx = -mn, last = mn;
                for (; i <= end && i < s.count; ++i) {
                    double v = s.y(i);
                    if (!std::isfinite(v)) continue;
                    double t = tr(v);
                    mn = std::min(mn, t);
                    mx = std::max(mx, t);
                    last = t;
                }
                if (!std::isfinite(mn)) continue;
                float x = left + static_cast<float>(c);
                if (mx - mn > 0) dl->AddLine(ImVec2(x, Y(mn)), ImVec2(x, Y(mx)), s.color, 1.5f);
                pts.emplace_back(x, Y(last));
            }
        }
        if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, fs * 0.13f);
        else if (pts.size() == 1) dl->AddCircleFilled(pts[0], fs * 0.2f, s.color);
    }
    dl->PopClipRect();
    dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), colors::kFrame);
    if (options.logY && !logY) {
        const char* note = "linear scale (values ≤ 0)";
        ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, note);
        dl->AddText(font, small, ImVec2(right - ts.x - fs * 0.3f, top + fs * 0.2f), colors::kMuted, note);
    }
    ImGui::PopID();
}

}  // namespace optiscape::app
