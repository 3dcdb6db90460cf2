// A compact line plot drawn with ImDrawList (see plot.h).
#include "app/plot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

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

/// A polyline drawn as dashes of length `on` with gaps `off` (pixels).
void dashedPolyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color, float thickness, float on, float off) {
    float phase = 0.0f;
    bool drawing = true;
    for (size_t i = 1; i < pts.size(); ++i) {
        ImVec2 a = pts[i - 1];
        const ImVec2 b = pts[i];
        float len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
        while (len > 0.0f) {
            const float left = (drawing ? on : off) - phase;
            const float take = std::min(left, len);
            const float t = take / len;
            const ImVec2 c(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            if (drawing) dl->AddLine(a, c, color, thickness);
            a = c;
            len -= take;
            phase += take;
            if (phase >= (drawing ? on : off) - 1e-4f) {
                phase = 0.0f;
                drawing = !drawing;
            }
        }
    }
}
}  // namespace

void drawPlot(const char* id, const std::vector<PlotSeries>& series, ImVec2 size,
              const PlotOptions& options) {
    ImGui::PushID(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    const float fs = ImGui::GetFontSize();
    const float left = origin.x + fs * (options.compact ? 2.6f : 2.8f), right = origin.x + size.x - fs * 0.4f;
    const float top = origin.y + fs * (options.compact ? 0.3f : 0.5f), bottom = origin.y + size.y - fs * 1.3f;
    if (right <= left + 4 || bottom <= top + 4) {
        ImGui::PopID();
        return;
    }

    const bool logX = options.logX;
    const bool symlog = options.symlogC > 0;
    const int first = logX ? 1 : 0;
    int maxCount = 0;
    double ymin = std::numeric_limits<double>::infinity(), ymax = -ymin;
    bool logY = options.logY && !symlog;
    for (const auto& s : series) {
        maxCount = std::max(maxCount, s.count);
        for (int i = first; i < s.count; ++i) {
            double v = s.y(i);
            if (!std::isfinite(v)) continue;
            if (v <= 0) logY = false;
            ymin = std::min(ymin, v);
            ymax = std::max(ymax, v);
        }
    }
    dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), IM_COL32(255, 255, 255, 255));
    if (maxCount <= first || !std::isfinite(ymin)) {
        dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), colors::kFrame);
        ImGui::PopID();
        return;
    }
    const double c = options.symlogC;
    auto tr = [logY, symlog, c](double v) {
        if (symlog) return (v < 0 ? -1.0 : 1.0) * std::log10(1.0 + std::abs(v) / c);
        return logY ? std::log10(std::max(v, 1e-300)) : v;
    };
    double lo = tr(ymin), hi = tr(ymax);
    if (symlog) {
        lo = std::min(lo, 0.0);
        hi = std::max(hi, 0.0);
    }
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
    const double lx0 = 0.0, lx1 = std::log10(std::max(xmax, 2.0));
    auto X = [&](double x) {
        if (logX) return left + static_cast<float>((std::log10(std::max(x, 1.0)) - lx0) / (lx1 - lx0)) * (right - left);
        return left + static_cast<float>(x / xmax) * (right - left);
    };
    auto Y = [&](double t) { return bottom - static_cast<float>((t - lo) / (hi - lo)) * (bottom - top); };

    // Grid and tick labels.
    ImFont* font = ImGui::GetFont();
    const float small = fs * 0.82f;
    auto yTick = [&](double t, const std::string& lab) {
        float y = Y(t);
        dl->AddLine(ImVec2(left, y), ImVec2(right, y), colors::kGrid);
        ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(left - ts.x - fs * 0.3f, y - ts.y * 0.5f), colors::kMuted, lab.c_str());
    };
    if (symlog) {
        // 0 and ±c·10^k where they fit, at most ~5 labels.
        std::vector<double> vals{0.0};
        for (int e = -3; e <= 12; ++e) {
            const double v = c * std::pow(10.0, e);
            if (tr(v) <= hi) vals.push_back(v);
            if (-tr(v) >= lo) vals.push_back(-v);
        }
        std::sort(vals.begin(), vals.end());
        const int stride = std::max(1, static_cast<int>(vals.size() + 4) / 5);
        const auto zero = std::find(vals.begin(), vals.end(), 0.0) - vals.begin();
        for (int i = 0; i < static_cast<int>(vals.size()); ++i)
            if ((i - zero) % stride == 0) yTick(tr(vals[static_cast<size_t>(i)]), formatNumber(vals[static_cast<size_t>(i)], 2));
    } else if (logY) {
        const int target = options.compact ? 3 : 5;
        int step = std::max(1, static_cast<int>(std::ceil((hi - lo) / target)));
        for (int e = static_cast<int>(std::ceil(lo)); e <= std::floor(hi); ++e)
            if (e % step == 0) yTick(e, tickLabel(e, true));
    } else {
        for (double t : niceTicks(lo, hi, options.compact ? 3 : 4)) yTick(t, tickLabel(t, false));
    }
    const bool steps = options.x0 == 0.0 && options.dx == 1.0;
    auto xTick = [&](double t) {
        float x = X(steps ? t : (t - options.x0) / options.dx);
        dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), colors::kGrid);
        std::string lab = formatNumber(t, 6);
        ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(font, small, ImVec2(std::min(x - ts.x * 0.5f, right - ts.x), bottom + fs * 0.15f), colors::kMuted, lab.c_str());
    };
    if (logX) {
        for (double t = 1; t <= xmax * 1.0001; t *= 10) xTick(t);
    } else {
        const double a = options.x0, b = options.x0 + xmax * options.dx;
        for (double t : niceTicks(std::min(a, b), std::max(a, b), options.compact ? 2 : 4))
            if (!steps || t == std::floor(t)) xTick(t);  // steps are whole numbers
    }

    // Series: one min–max span per pixel column when points outnumber pixels.
    dl->PushClipRect(ImVec2(left, top), ImVec2(right + 1, bottom + 1), true);
    const int columns = std::max(1, static_cast<int>(right - left));
    const float thick = fs * 0.13f;
    std::vector<ImVec2> pts;
    for (const auto& s : series) {
        if (s.count <= first) continue;
        pts.clear();
        if (s.count - first <= columns * 2) {
            for (int i = first; i < s.count; ++i) {
                double v = s.y(i);
                if (std::isfinite(v)) pts.emplace_back(X(i), Y(tr(v)));
            }
        } else {
            // Column c covers the points whose x maps into it.
            int i = first;
            for (int col = 0; col < columns && i < s.count; ++col) {
                const float xEnd = left + static_cast<float>(col + 1);
                double mn = std::numeric_limits<double>::infinity(), mx = -mn, last = mn;
                for (; i < s.count && X(i) < xEnd; ++i) {
                    double v = s.y(i);
                    if (!std::isfinite(v)) continue;
                    double t = tr(v);
                    mn = std::min(mn, t);
                    mx = std::max(mx, t);
                    last = t;
                }
                if (!std::isfinite(mn)) continue;
                float x = left + static_cast<float>(col);
                if (mx - mn > 0 && !s.dashed) dl->AddLine(ImVec2(x, Y(mn)), ImVec2(x, Y(mx)), s.color, 1.5f);
                pts.emplace_back(x, Y(last));
            }
        }
        if (pts.size() >= 2) {
            if (s.dashed) dashedPolyline(dl, pts, s.color, thick, fs * 0.45f, fs * 0.3f);
            else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, thick);
        } else if (pts.size() == 1) {
            dl->AddCircleFilled(pts[0], fs * 0.2f, s.color);
        }
    }
    // Reference curves, dashed, labelled at the right end; a label that would cover one placed
    // before it moves below it (or above, at the bottom edge): curves that end close together,
    // as on an axis stretched by a diverging run, keep both labels readable.
    std::vector<std::pair<float, float>> placed;  // the labels' top and bottom
    for (const PlotReference& r : options.references) {
        pts.clear();
        for (int col = 0; col <= columns; col += 2) {
            const float x = left + static_cast<float>(col);
            const double xv = logX ? std::pow(10.0, lx0 + (lx1 - lx0) * col / columns) : xmax * col / columns;
            const double v = r.f(xv);
            if (std::isfinite(v) && (!logY || v > 0)) pts.emplace_back(x, Y(tr(v)));
        }
        dashedPolyline(dl, pts, r.color, fs * 0.1f, fs * 0.5f, fs * 0.35f);
        if (!pts.empty()) {
            const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, r.label.c_str());
            float y = std::clamp(pts.back().y - ts.y - fs * 0.1f, top, bottom - ts.y);
            for (size_t tries = 0; tries <= placed.size(); ++tries) {
                bool moved = false;
                for (const auto& [t, b] : placed) {
                    if (y + ts.y <= t || y >= b) continue;
                    y = b + ts.y <= bottom ? b : t - ts.y;
                    moved = true;
                }
                if (!moved) break;
            }
            y = std::clamp(y, top, bottom - ts.y);
            placed.emplace_back(y, y + ts.y);
            const ImVec2 at(right - ts.x - fs * 0.3f, y);
            dl->AddRectFilled(at, ImVec2(at.x + ts.x, at.y + ts.y), IM_COL32(255, 255, 255, 200));
            dl->AddText(font, small, at, r.color, r.label.c_str());
        }
    }
    for (const PlotMarker& m : options.markers) {
        const float x = X(m.x);
        if (x < left || x > right) continue;
        std::vector<ImVec2> seg{ImVec2(x, top), ImVec2(x, bottom)};
        dashedPolyline(dl, seg, m.color, fs * 0.1f, fs * 0.35f, fs * 0.25f);
        const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, m.label.c_str());
        const float lx = x + ts.x + fs * 0.3f < right ? x + fs * 0.2f : x - ts.x - fs * 0.2f;
        dl->AddRectFilled(ImVec2(lx, bottom - ts.y - fs * 0.2f), ImVec2(lx + ts.x, bottom - fs * 0.2f), IM_COL32(255, 255, 255, 200));
        dl->AddText(font, small, ImVec2(lx, bottom - ts.y - fs * 0.2f), m.color, m.label.c_str());
    }
    dl->PopClipRect();
    dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), colors::kFrame);
    // Legend, top left.
    float ly = top + fs * 0.15f;
    for (const PlotLegendEntry& e : options.legend) {
        const float lx = left + fs * 0.3f;
        const ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, e.text.c_str());
        dl->AddRectFilled(ImVec2(lx, ly), ImVec2(lx + fs * 1.6f + ts.x, ly + ts.y), IM_COL32(255, 255, 255, 210));
        std::vector<ImVec2> seg{ImVec2(lx, ly + ts.y * 0.5f), ImVec2(lx + fs * 1.2f, ly + ts.y * 0.5f)};
        if (e.dashed) dashedPolyline(dl, seg, e.color, thick, fs * 0.3f, fs * 0.2f);
        else dl->AddLine(seg[0], seg[1], e.color, thick);
        dl->AddText(font, small, ImVec2(lx + fs * 1.5f, ly), colors::kInk, e.text.c_str());
        ly += ts.y;
    }
    if (options.logY && !logY && !symlog) {
        const char* note = "linear scale (values ≤ 0)";
        ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, note);
        dl->AddText(font, small, ImVec2(right - ts.x - fs * 0.3f, top + fs * 0.2f), colors::kMuted, note);
    }
    ImGui::PopID();
}

}  // namespace optiscape::app
