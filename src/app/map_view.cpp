// The landscape map (see map_view.h).
#include "app/map_view.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "app/plot.h"
#include "app/slice_map.h"
#include "core/analysis.h"
#include "core/params.h"

namespace optiscape::app {

namespace {
/// Text with a soft paper-coloured backing, so it reads on any part of the map.
void label(ImDrawList* dl, ImFont* font, float size, ImVec2 at, ImU32 color, const std::string& text,
           float scale) {
    ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
    const float px = 4.0f * scale, py = 1.5f * scale;
    dl->AddRectFilled(ImVec2(at.x - px, at.y - py), ImVec2(at.x + ts.x + px, at.y + ts.y + py),
                      IM_COL32(250, 249, 246, 215), 3.0f * scale);
    dl->AddText(font, size, at, color, text.c_str());
}
}  // namespace

namespace {
/// A tooltip for a rectangle of the map when the mouse is over it.
void tooltipRect(ImVec2 a, ImVec2 b, const char* text) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x >= a.x && m.x <= b.x && m.y >= a.y && m.y <= b.y && ImGui::IsWindowHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}
}  // namespace

bool MapPanel::init() { return heatmap_.init(); }

ViewBox MapPanel::visibleBox(const AppState& s) const {
    if (rmax_.x <= rmin_.x) return s.landscape->info().view;
    const Vec2 a = toWorld(ImVec2(rmin_.x, rmax_.y)), b = toWorld(ImVec2(rmax_.x, rmin_.y));
    return ViewBox{a.x(), b.x(), a.y(), b.y()};
}

float MapPanel::stabilityK(const AppState& s) {
    if (s.runs.empty()) return 0.0f;
    const RunConfig& c = s.runs[static_cast<size_t>(s.selected)].run.config();
    switch (c.optimizer) {
        case OptimizerKind::GD: return static_cast<float>(c.hyper.lr);
        case OptimizerKind::Momentum: return static_cast<float>(c.hyper.lr / (1.0 + c.hyper.momentum));
        case OptimizerKind::Nesterov:
            return static_cast<float>(c.hyper.lr * (1.0 + 2.0 * c.hyper.momentum) / (1.0 + c.hyper.momentum));
        default: return 0.0f;  // adaptive methods: no fixed local limit
    }
}

ImVec2 MapPanel::toScreen(const Vec2& w) const {
    const auto& v = sampled_;
    const float cx = (rmin_.x + rmax_.x) * 0.5f, cy = (rmin_.y + rmax_.y) * 0.5f;
    return ImVec2(cx + static_cast<float>((w.x() - v.center.x()) / v.unitsPerPixel),
                  cy - static_cast<float>((w.y() - v.center.y()) / v.unitsPerPixel));
}

Vec2 MapPanel::toWorld(ImVec2 p) const {
    const auto& v = sampled_;
    const float cx = (rmin_.x + rmax_.x) * 0.5f, cy = (rmin_.y + rmax_.y) * 0.5f;
    return {v.center.x() + (p.x - cx) * v.unitsPerPixel, v.center.y() - (p.y - cy) * v.unitsPerPixel};
}

void MapPanel::fit(AppState& s, ImVec2 size) {
    const ViewBox& b = s.landscape->info().view;
    s.view.center = b.center();
    s.view.unitsPerPixel = std::max(b.width() / std::max(size.x, 1.0f), b.height() / std::max(size.y, 1.0f));
    s.view.fitted = true;
    s.viewDirty = true;
}

void MapPanel::resample(const AppState& s, ImVec2 size, float scale) {
    // One sample per two device pixels (at most 640 a side): the shader interpolates between them.
    // A costly landscape (a network's slice): cells of about 5 CSS pixels, at most 101 a side,
    // evaluated a few rows per frame (see draw()).
    const bool costly = s.landscape->costly();
    const float cell = costly ? 5.0f * scale : 2.0f;
    gridW_ = std::clamp(static_cast<int>(size.x / cell), 8, costly ? 101 : 640);
    gridH_ = std::clamp(static_cast<int>(size.y / cell), 8, costly ? 101 : 640);
    sampledStability_ = s.showStability;
    sampled_ = s.view;
    sampledSize_ = size;
    const double w = size.x * s.view.unitsPerPixel, h = size.y * s.view.unitsPerPixel;
    const double x0 = s.view.center.x() - w / 2, y0 = s.view.center.y() - h / 2;
    // a costly landscape's rows go to the workers; the others' are computed here at once
    progressive_.start(*s.landscape, x0, y0, w, h, gridW_, gridH_, s.showStability, costly ? s.jobs : nullptr,
                       s.jobsEpoch);
    searchStarted_ = false;
    if (costly) return;
    progressive_.advance(*s.landscape, 1e300);
    applyGrid(s, scale);
}

void MapPanel::applyGrid(const AppState& s, float scale) {
    const std::vector<double>& values = progressive_.values();
    grid_.assign(static_cast<size_t>(gridW_) * gridH_ * 2, 0.0f);
    const double w = sampledSize_.x * sampled_.unitsPerPixel, h = sampledSize_.y * sampled_.unitsPerPixel;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    for (const auto& sp : s.landscape->stationaryPoints()) {
        if (sp.type != PointType::Minimum && sp.type != PointType::Degenerate) continue;
        double v = s.landscape->value(sp.w);
        if (std::isfinite(v) && std::abs(sp.w.x() - sampled_.center.x()) < w / 2 &&
            std::abs(sp.w.y() - sampled_.center.y()) < h / 2)
            lo = std::min(lo, v);
    }
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    lossMin_ = lo;
    // Log scale when the visible values above the lowest span more than two decades between
    // their 10th percentile and their maximum (steep walls around a valley), linear otherwise.
    std::vector<double> above;
    above.reserve(values.size());
    anyUndefined_ = false;
    for (double v : values) {
        if (std::isfinite(v)) above.push_back(v - lo);
        else anyUndefined_ = true;
    }
    double q10 = 0.0;
    if (!above.empty()) {
        auto nth = above.begin() + static_cast<std::ptrdiff_t>(above.size() / 10);
        std::nth_element(above.begin(), nth, above.end());
        q10 = *nth;
    }
    logScale_ = hi > lo && !(q10 > 0.0 && (hi - lo) / q10 <= 100.0);
    delta_ = std::max((hi - lo) * 1e-4, 1e-12 * (1.0 + std::abs(lo)));
    if (logScale_) {
        smin_ = std::log10(delta_);
        smax_ = std::log10(hi - lo + delta_);
    } else {
        smin_ = 0.0;
        smax_ = hi > lo ? hi - lo : 1.0;
    }
    const std::vector<float>& lmax = progressive_.lmax();
    for (size_t k = 0; k < values.size(); ++k) {
        const double v = values[k];
        const double d = std::max(v - lossMin_, 0.0);
        grid_[2 * k] = !std::isfinite(v) ? std::numeric_limits<float>::quiet_NaN()
                       : logScale_       ? static_cast<float>(std::log10(d + delta_))
                                         : static_cast<float>(d);
        if (k < lmax.size()) grid_[2 * k + 1] = lmax[k];  // λmax, only while the stability overlay is on
    }
    heatmap_.setGrid(gridW_, gridH_, grid_);
    style_.pixelScale = scale;
    gridReady_ = true;
}

void MapPanel::draw(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale) {
    const float fs = ImGui::GetFontSize();
    // Room for tick labels on the left and below.
    rmin_ = ImVec2(pos.x + fs * 3.2f, pos.y + fs * 0.6f);
    rmax_ = ImVec2(pos.x + size.x - fs * 0.6f, pos.y + size.y - fs * 2.0f);
    ImVec2 msize(std::max(rmax_.x - rmin_.x, 16.0f), std::max(rmax_.y - rmin_.y, 16.0f));
    rmax_ = ImVec2(rmin_.x + msize.x, rmin_.y + msize.y);
    if (!s.view.fitted) fit(s, msize);

    ImGui::SetCursorScreenPos(rmin_);
    ImGui::InvisibleButton("map", msize);
    handleInput(s, scale);

    const float k = s.showStability ? stabilityK(s) : 0.0f;
    bool redraw = k != style_.stabilityK;
    if (s.viewDirty || msize.x != sampledSize_.x || msize.y != sampledSize_.y || s.showStability != sampledStability_ ||
        s.view.center != sampled_.center || s.view.unitsPerPixel != sampled_.unitsPerPixel ||
        (progressive_.active() && progressive_.epoch() != s.jobsEpoch)) {  // workers on or off: start over there
        if (s.viewDirty) gridReady_ = false;  // another landscape: its old colours would mislead
        resample(s, msize, scale);
        s.slice.maxFrameMs = 0.0;
        s.slice.frames = s.slice.slowFrames = 0;
        s.slice.hash = 0;
        s.viewDirty = false;
        redraw = !progressive_.active();
    }
    if (progressive_.active()) {
        // 12 ms of rows per frame: the page stays responsive while the slice is evaluated
        const bool done = progressive_.advance(*s.landscape, 0.012);
        if (s.slice.open) {
            s.slice.workers = progressive_.workers();
            s.slice.progress = progressive_.progress();
            s.slice.ms = progressive_.ms();
            s.slice.maxFrameMs = std::max(s.slice.maxFrameMs, progressive_.lastFrameMs());
            s.slice.frames += 1;
            s.slice.slowFrames += progressive_.lastFrameMs() > 20.0;
            s.slice.cols = gridW_;
            s.slice.rows = gridH_;
        }
        if (done && s.slice.open) s.slice.hash = progressive_.hash();
        if (done) applyGrid(s, scale), redraw = true;
        else if (progressive_.workers() > 0) s.pollWorkers();  // the cores are the workers'
        else s.busy = true;
    }
    if (redraw) {
        style_.stabilityK = k;
        heatmap_.render(static_cast<int>(msize.x), static_cast<int>(msize.y),
                        static_cast<float>(smin_), static_cast<float>(smax_), style_);
    }

    // Basins: cells of about 3 CSS pixels over the visible box (at most 256 × 256 starts, the
    // benchmark's grid), 10 ms per frame: the whole map in about 25 frames, and the frame rate
    // stays near 60 fps.
    const MapTransform xf{sampled_.center, sampled_.unitsPerPixel, rmin_, rmax_};
    // On a slice every step is a pass over the training set: cells of 24 CSS pixels, 100 steps
    // (its rows go to the workers as any landscape's; without them a row of starts takes a frame
    // of ~100 ms).
    const bool costly = s.landscape->costly();
    const float cell = (costly ? 24.0f : 3.0f) * scale;
    basins_.update(s, visibleBox(s), std::clamp(static_cast<int>(msize.x / cell), 8, 256),
                   std::clamp(static_cast<int>(msize.y / cell), 8, 256), 0.010, costly ? 100 : 1000);
    flow_.update(s);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (gridReady_)
        dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(heatmap_.target().texture())),
                     rmin_, rmax_, ImVec2(0, 1), ImVec2(1, 0));
    else
        dl->AddRectFilled(rmin_, rmax_, colors::kPaper);
    dl->PushClipRect(rmin_, rmax_, true);
    float legendTop = rmax_.y - fs * 1.6f;  // legends stack up from the bottom-left corner
    if (s.showBasins) legendTop = basins_.draw(dl, xf, fonts, scale, legendTop);
    shapesShown_ = 0;
    pointLabels_.clear();
    if (s.showStationary) drawStationaryPoints(s, fonts, scale);
    if (s.showFlow) flow_.draw(dl, xf, s, fonts, scale);
    drawSlicePath(dl, xf, s, fonts, scale);
    drawRuns(s, fonts, scale);
    if (progressive_.active()) drawGridProgress(dl, rmin_, rmax_, progressive_.progress(), fonts, scale);
    if (s.showEigen) drawEigenCross(s, scale);
    if (shapesShown_) legendTop = drawStationaryLegend(fonts, scale, legendTop);
    if (!s.notice.empty() && ImGui::GetTime() < s.noticeUntil) {
        // Along the bottom of the map above the legends, wrapped to its width.
        const float wrap = (rmax_.x - rmin_.x) - fs * 4.0f;
        const ImVec2 ts = fonts.regular->CalcTextSizeA(fs, FLT_MAX, wrap, s.notice.c_str());
        const ImVec2 at(rmin_.x + fs * 0.8f, std::max(legendTop - ts.y - fs * 0.6f, rmin_.y + fs * 2.0f));
        dl->AddRectFilled(ImVec2(at.x - fs * 0.4f, at.y - fs * 0.3f), ImVec2(at.x + ts.x + fs * 0.4f, at.y + ts.y + fs * 0.3f),
                          IM_COL32(255, 248, 225, 240), 4.0f * scale);
        dl->AddText(fonts.regular, fs, at, colors::kInk, s.notice.c_str(), nullptr, wrap);
    }
    dl->PopClipRect();
    drawColorBar(fonts, scale);
    drawAxes(s, fonts, scale);
}

void MapPanel::handleInput(AppState& s, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    const bool hovered = ImGui::IsItemHovered();
    hover_.reset();
    if (hovered) hover_ = toWorld(io.MousePos);

    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f * scale)) {
        s.view.center.x() -= io.MouseDelta.x * s.view.unitsPerPixel;
        s.view.center.y() += io.MouseDelta.y * s.view.unitsPerPixel;
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
    }
    if (hovered && io.MouseWheel != 0.0f) {
        const Vec2 before = toWorld(io.MousePos);
        const double factor = std::pow(1.2, -io.MouseWheel);
        s.view.unitsPerPixel = std::clamp(s.view.unitsPerPixel * factor, 1e-9, 1e6);
        // Keep the point under the cursor where it is.
        const float cx = (rmin_.x + rmax_.x) * 0.5f, cy = (rmin_.y + rmax_.y) * 0.5f;
        s.view.center.x() = before.x() - (io.MousePos.x - cx) * s.view.unitsPerPixel;
        s.view.center.y() = before.y() + (io.MousePos.y - cy) * s.view.unitsPerPixel;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        pendingClick_.reset();
        s.view.fitted = false;
        return;
    }
    const float clickSlop = 4.0f * scale;
    if (ImGui::IsItemDeactivated() && hovered && io.MouseDragMaxDistanceSqr[0] < clickSlop * clickSlop) {
        pendingClick_ = toWorld(io.MousePos);
        pendingShift_ = io.KeyShift;
        pendingTime_ = ImGui::GetTime();
    }
    if (pendingClick_ && ImGui::GetTime() - pendingTime_ > io.MouseDoubleClickTime) {
        setStart(s, *pendingClick_, pendingShift_ ? s.selected : -1);
        pendingClick_.reset();
    }
    if (pendingClick_) s.wakeBy(pendingTime_ + io.MouseDoubleClickTime + 0.01);
}

void MapPanel::drawAxes(const AppState& s, const Fonts& fonts, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize(), small = fs * 0.85f, tick = 5.0f * scale;
    const Vec2 a = toWorld(ImVec2(rmin_.x, rmax_.y)), b = toWorld(ImVec2(rmax_.x, rmin_.y));
    const int nx = std::max(2, static_cast<int>((rmax_.x - rmin_.x) / (fs * 5.5f)));
    const int ny = std::max(2, static_cast<int>((rmax_.y - rmin_.y) / (fs * 3.5f)));
    dl->AddRect(rmin_, rmax_, colors::kFrame);
    for (double t : niceTicks(a.x(), b.x(), nx)) {
        const float x = toScreen(Vec2(t, 0)).x;
        dl->AddLine(ImVec2(x, rmax_.y), ImVec2(x, rmax_.y + tick), colors::kFrame);
        std::string lab = formatNumber(t, 4);
        ImVec2 ts = fonts.regular->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(fonts.regular, small, ImVec2(x - ts.x * 0.5f, rmax_.y + tick + 1), colors::kMuted, lab.c_str());
    }
    for (double t : niceTicks(a.y(), b.y(), ny)) {
        const float y = toScreen(Vec2(0, t)).y;
        dl->AddLine(ImVec2(rmin_.x - tick, y), ImVec2(rmin_.x, y), colors::kFrame);
        std::string lab = formatNumber(t, 4);
        ImVec2 ts = fonts.regular->CalcTextSizeA(small, FLT_MAX, 0, lab.c_str());
        dl->AddText(fonts.regular, small, ImVec2(rmin_.x - tick - ts.x - 3, y - ts.y * 0.5f), colors::kMuted, lab.c_str());
    }
    // Axis names inside the frame, beside the axis they name.
    const ImVec2 n1 = fonts.bold->CalcTextSizeA(fs, FLT_MAX, 0, "w₁");
    label(dl, fonts.bold, fs, ImVec2(rmax_.x - n1.x - fs * 0.5f, rmax_.y - n1.y - fs * 0.3f), colors::kInk, "w₁", scale);
    label(dl, fonts.bold, fs, ImVec2(rmin_.x + fs * 0.5f, rmin_.y + fs * 0.3f), colors::kInk, "w₂", scale);
}

void MapPanel::drawColorBar(const Fonts& fonts, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize(), small = fs * 0.8f;
    const float h = std::min(180.0f * scale, (rmax_.y - rmin_.y) * 0.45f), w = 10.0f * scale;
    const ImVec2 p0(rmax_.x - w - fs * (anyUndefined_ ? 4.7f : 3.6f), rmin_.y + fs * 2.6f), p1(p0.x + w, p0.y + h);
    const float extra = anyUndefined_ ? fs * 1.4f : 0.0f;  // room for the "undefined" swatch
    dl->AddRectFilled(ImVec2(p0.x - fs * 0.5f, p0.y - fs * 2.3f), ImVec2(rmax_.x - fs * 0.4f, p1.y + fs * 0.6f + extra),
                      IM_COL32(250, 249, 246, 220), 4.0f * scale);
    dl->AddText(fonts.bold, small, ImVec2(p0.x - fs * 0.2f, p0.y - fs * 2.1f), colors::kInk, "loss L");
    dl->AddText(fonts.regular, small, ImVec2(p0.x - fs * 0.2f, p0.y - fs * 1.2f), colors::kMuted,
                logScale_ ? "log scale" : "linear");
    tooltipRect(ImVec2(p0.x - fs * 0.3f, p0.y - fs * 2.2f), ImVec2(rmax_.x, p1.y + extra),
                logScale_ ? "Colour shows log(L − Lmin + δ): the visible values span more than two decades, so "
                            "the valley floor and the walls both show structure. Contour lines are evenly spaced "
                            "on the same log scale."
                          : "Colour shows L − Lmin on a linear scale: the visible values span less than two "
                            "decades. Contour lines are evenly spaced in L.");
    const int n = 48;
    for (int k = 0; k < n; ++k) {
        float c0[3], c1[3];
        render::heatmapColor(1.0f - float(k) / n, style_, c0);
        render::heatmapColor(1.0f - float(k + 1) / n, style_, c1);
        ImU32 top = ImGui::ColorConvertFloat4ToU32(ImVec4(c0[0], c0[1], c0[2], 1));
        ImU32 bot = ImGui::ColorConvertFloat4ToU32(ImVec4(c1[0], c1[1], c1[2], 1));
        dl->AddRectFilledMultiColor(ImVec2(p0.x, p0.y + h * k / n), ImVec2(p1.x, p0.y + h * (k + 1) / n + 0.5f),
                                    top, top, bot, bot);
    }
    dl->AddRect(p0, p1, colors::kFrame);
    auto tickAt = [&](double s, double loss) {
        const float y = p1.y - static_cast<float>((s - smin_) / (smax_ - smin_)) * h;
        dl->AddLine(ImVec2(p1.x, y), ImVec2(p1.x + 3 * scale, y), colors::kFrame);
        std::string lab = formatNumber(loss, 3);
        dl->AddText(fonts.regular, small, ImVec2(p1.x + 5 * scale, y - small * 0.5f), colors::kMuted, lab.c_str());
    };
    if (logScale_) {
        // Ticks at L = Lmin + 10^e (round numbers when Lmin = 0), placed at log10(10^e + δ).
        const int e0 = static_cast<int>(std::ceil(smin_)), e1 = static_cast<int>(std::floor(smax_));
        const int every = std::max(1, (e1 - e0 + 1 + 4) / 5);
        for (int e = e1; e >= e0; e -= every) tickAt(std::log10(std::pow(10.0, e) + delta_), lossMin_ + std::pow(10.0, e));
    } else {
        // Round values of L itself.
        for (double v : niceTicks(lossMin_, lossMin_ + smax_, 5))
            if (v >= lossMin_ && v <= lossMin_ + smax_) tickAt(v - lossMin_, v);
    }
    if (anyUndefined_) {
        // The shader's hatching for where L is undefined (log of a negative number, say).
        const ImVec2 a(p0.x, p1.y + fs * 0.5f), b(p0.x + fs * 0.9f, p1.y + fs * 1.3f);
        dl->AddRectFilled(a, b, IM_COL32(199, 199, 199, 255));
        dl->PushClipRect(a, b, true);
        for (float x = a.x - (b.y - a.y); x < b.x; x += 4.0f * scale)
            dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), IM_COL32(178, 178, 178, 255), 2.0f * scale);
        dl->PopClipRect();
        dl->AddRect(a, b, colors::kFrame);
        dl->AddText(fonts.regular, small, ImVec2(b.x + 4 * scale, a.y), colors::kMuted, "undefined");
        tooltipRect(a, ImVec2(rmax_.x, b.y), "Hatched grey: L is not defined there (a logarithm or square root of a "
                                             "negative number, a division by zero). A run that steps in stops: "
                                             "\"left the domain\".");
    }
}

namespace {
/// The shape of a stationary point's type: minimum a ringed dot, maximum a triangle, saddle a
/// cross, degenerate a diamond — each with a white halo so it reads on any colour.
void drawPointShape(ImDrawList* dl, PointType type, ImVec2 p, float r, float scale) {
    const ImU32 ink = colors::kInk, halo = IM_COL32(255, 255, 255, 230);
    switch (type) {
        case PointType::Minimum:
            dl->AddCircleFilled(p, r + 1.5f * scale, halo);
            dl->AddCircle(p, r, ink, 20, 1.6f * scale);
            dl->AddCircleFilled(p, r * 0.35f, ink);
            break;
        case PointType::Maximum:
            dl->AddTriangleFilled(ImVec2(p.x, p.y - r * 1.5f), ImVec2(p.x - r * 1.3f, p.y + r * 1.1f),
                                  ImVec2(p.x + r * 1.3f, p.y + r * 1.1f), halo);
            dl->AddTriangleFilled(ImVec2(p.x, p.y - r * 1.2f), ImVec2(p.x - r, p.y + r * 0.8f),
                                  ImVec2(p.x + r, p.y + r * 0.8f), ink);
            break;
        case PointType::Saddle:
            dl->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), halo, 4.0f * scale);
            dl->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), halo, 4.0f * scale);
            dl->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), ink, 1.8f * scale);
            dl->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), ink, 1.8f * scale);
            break;
        case PointType::Degenerate:
            dl->AddQuadFilled(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y), halo);
            dl->AddQuad(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y), ink,
                        1.6f * scale);
            break;
    }
}
}  // namespace

const std::vector<StationaryPoint>& MapPanel::stationaryPoints(AppState& s) {
    if (s.landscape->costly()) {
        // a slice: candidates from its complete grid, refined by Newton a few milliseconds a frame
        if (!progressive_.complete()) {
            criticalSearch_.clear();
            searchStarted_ = false;
        } else if (!searchStarted_) {
            criticalSearch_.start(progressive_, visibleBox(s));
            searchStarted_ = true;
        }
        if (criticalSearch_.active()) {
            criticalSearch_.advance(*s.landscape, 0.008);
            s.busy = true;
        }
        return criticalSearch_.points();
    }
    std::vector<StationaryPoint> known = s.landscape->stationaryPoints();
    if (!known.empty() || s.landscape->name() != "formula") {
        points_ = std::move(known);
        pointsSearched_ = false;
        return points_;
    }
    // A typed formula lists none: search the view with Newton's method (a few tens of ms), once
    // the formula, its parameters and the view have been still for a moment.
    const LandscapeKey key = LandscapeKey::of(*s.landscape);
    const ViewBox box = visibleBox(s);
    const bool sameBox = box.w1min == pointsBox_.w1min && box.w1max == pointsBox_.w1max &&
                         box.w2min == pointsBox_.w2min && box.w2max == pointsBox_.w2max;
    const double now = ImGui::GetTime();
    if (!(key == pointsKey_) || !sameBox) {
        if (!(key == pointsKey_)) points_.clear();
        pointsKey_ = key;
        pointsBox_ = box;
        pointsChanged_ = now;
        pointsSearched_ = false;
    }
    if (!pointsSearched_ && now - pointsChanged_ <= 0.25) s.wakeBy(pointsChanged_ + 0.26);
    if (!pointsSearched_ && now - pointsChanged_ > 0.25) {
        points_.clear();
        for (const CriticalPoint& c : findCriticalPoints(*s.landscape, box, 16).points) {
            StationaryPoint p;
            p.w = c.w;
            p.type = c.type;
            p.label = std::string(pointTypeName(c.type)) + (c.onContinuum ? " (on a curve)" : "");
            points_.push_back(p);
        }
        pointsSearched_ = true;
    }
    return points_;
}

float MapPanel::drawStationaryLegend(const Fonts& fonts, float scale, float bottom) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize(), small = fs * 0.8f, r = 4.0f * scale, pad = fs * 0.4f;
    const PointType types[] = {PointType::Minimum, PointType::Maximum, PointType::Saddle, PointType::Degenerate};
    float width = 0.0f;
    for (PointType t : types)
        if (shapesShown_ & (1 << static_cast<int>(t)))
            width += r * 2.0f + pad + fonts.regular->CalcTextSizeA(small, FLT_MAX, 0, pointTypeName(t)).x + fs * 0.8f;
    const float h = small * 1.5f;
    const ImVec2 p0(rmin_.x + fs * 0.5f, bottom - h - pad);
    dl->AddRectFilled(ImVec2(p0.x - pad, p0.y), ImVec2(p0.x + width, p0.y + h), IM_COL32(250, 249, 246, 225), 4.0f * scale);
    float x = p0.x;
    for (PointType t : types) {
        if (!(shapesShown_ & (1 << static_cast<int>(t)))) continue;
        drawPointShape(dl, t, ImVec2(x + r, p0.y + h * 0.5f), r, scale);
        x += r * 2.0f + pad;
        dl->AddText(fonts.regular, small, ImVec2(x, p0.y + (h - small) * 0.5f), colors::kInk, pointTypeName(t));
        x += fonts.regular->CalcTextSizeA(small, FLT_MAX, 0, pointTypeName(t)).x + fs * 0.8f;
    }
    tooltipRect(ImVec2(p0.x - pad, p0.y), ImVec2(p0.x + width, p0.y + h),
                "Stationary points (∇L = 0), by the signs of the Hessian's eigenvalues: both positive a minimum, "
                "both negative a maximum, mixed a saddle, one zero degenerate. Hover a point for its eigenvalues.");
    return p0.y - pad * 0.5f;
}

void MapPanel::drawStationaryPoints(AppState& s, const Fonts& fonts, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize(), r = 5.0f * scale;
    for (const auto& sp : stationaryPoints(s)) {
        const ImVec2 p = toScreen(sp.w);
        if (p.x < rmin_.x - r || p.x > rmax_.x + r || p.y < rmin_.y - r || p.y > rmax_.y + r) continue;
        shapesShown_ |= 1 << static_cast<int>(sp.type);
        drawPointShape(dl, sp.type, p, r, scale);
        std::string text = sp.label.empty() ? pointTypeName(sp.type) : sp.label;
        const ImVec2 ts = fonts.small->CalcTextSizeA(fs * 0.85f, FLT_MAX, 0, text.c_str());
        // to the right of the point, or to its left where the map's edge would cut it off
        const bool left = p.x + r + 8 * scale + ts.x > rmax_.x;
        const ImVec2 at(left ? p.x - r - 4 * scale - ts.x : p.x + r + 4 * scale, p.y + 2 * scale);
        pointLabels_.emplace_back(at.x - 4 * scale, at.y - 2 * scale, at.x + ts.x + 4 * scale, at.y + ts.y + 2 * scale);
        label(dl, fonts.small, fs * 0.85f, at, colors::kInk, text, scale);
        const ImVec2 m = ImGui::GetIO().MousePos;
        if (std::abs(m.x - p.x) < r * 2.0f && std::abs(m.y - p.y) < r * 2.0f && ImGui::IsWindowHovered()) {
            const Vec2 lam = symmetricEigenvalues(s.landscape->evaluate(sp.w).hessian);
            ImGui::SetTooltip("%s at (%s, %s)\nHessian eigenvalues %s, %s\n%s", pointTypeName(sp.type),
                              formatNumber(sp.w.x(), 6).c_str(), formatNumber(sp.w.y(), 6).c_str(),
                              formatNumber(lam.x(), 4).c_str(), formatNumber(lam.y(), 4).c_str(),
                              sp.type == PointType::Minimum   ? "both positive: a minimum"
                              : sp.type == PointType::Maximum ? "both negative: a maximum"
                              : sp.type == PointType::Saddle  ? "opposite signs: a saddle"
                                                              : "an eigenvalue is zero: the Hessian cannot tell");
        }
    }
}

void MapPanel::drawEigenCross(const AppState& s, float scale) {
    if (!hover_) return;
    const Eval e = s.landscape->evaluate(*hover_);
    if (!e.hessian.allFinite()) return;
    const Mat2& H = e.hessian;
    const Vec2 lam = symmetricEigenvalues(H);
    const double big = std::max(std::abs(lam.x()), std::abs(lam.y()));
    if (!(big > 0)) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c = toScreen(*hover_);
    const float len = ImGui::GetFontSize() * 3.0f;
    for (int i = 0; i < 2; ++i) {
        // Eigenvector of λi: (b, λ − a) or (λ − c, b), whichever is better conditioned.
        const double l = lam[i], a = H(0, 0), b = H(0, 1), d = H(1, 1);
        Vec2 v = std::abs(l - a) > std::abs(l - d) ? Vec2(b, l - a) : Vec2(l - d, b);
        if (v.norm() < 1e-300) v = i == 0 ? Vec2(1, 0) : Vec2(0, 1);
        v.normalize();
        const float r = len * static_cast<float>(std::max(std::abs(l) / big, 0.08));
        const ImVec2 dv(static_cast<float>(v.x()) * r, -static_cast<float>(v.y()) * r);
        const ImU32 col = l >= 0 ? colors::kInk : colors::kDanger;
        dl->AddLine(ImVec2(c.x - dv.x, c.y - dv.y), ImVec2(c.x + dv.x, c.y + dv.y), IM_COL32(255, 255, 255, 200), 4.0f * scale);
        dl->AddLine(ImVec2(c.x - dv.x, c.y - dv.y), ImVec2(c.x + dv.x, c.y + dv.y), col, 1.8f * scale);
    }
}

void MapPanel::drawRuns(const AppState& s, const Fonts& fonts, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    std::vector<ImVec2> pts;
    std::vector<ImVec4> placed = pointLabels_;  // label rectangles already drawn
    // Start points (shared start drawn once).
    std::vector<Vec2> starts;
    for (const auto& r : s.runs) {
        const Vec2& st = r.run.config().start;
        if (std::none_of(starts.begin(), starts.end(), [&](const Vec2& o) { return (o - st).norm() < 1e-12; }))
            starts.push_back(st);
    }
    for (const Vec2& st : starts) {
        const ImVec2 p = toScreen(st);
        dl->AddCircleFilled(p, 4.5f * scale, IM_COL32(255, 255, 255, 255));
        dl->AddCircle(p, 4.5f * scale, colors::kInk, 16, 1.5f * scale);
        label(dl, fonts.small, fs * 0.85f, ImVec2(p.x - fs * 1.2f, p.y - fs * 1.5f), colors::kInk, "start", scale);
    }
    for (int idx = 0; idx < static_cast<int>(s.runs.size()); ++idx) {
        const RunSlot& r = s.runs[static_cast<size_t>(idx)];
        if (!r.visible) continue;
        const auto& traj = r.run.trajectory();
        const ImU32 col = runColor(r.color);
        pts.clear();
        for (const auto& tp : traj) {
            ImVec2 q = toScreen(tp.w);
            q.x = std::clamp(q.x, rmin_.x - 1e4f, rmax_.x + 1e4f);
            q.y = std::clamp(q.y, rmin_.y - 1e4f, rmax_.y + 1e4f);
            if (!pts.empty() && std::abs(q.x - pts.back().x) + std::abs(q.y - pts.back().y) < 0.75f) continue;
            pts.push_back(q);
        }
        if (pts.size() >= 2) {
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 255, 255, 150), 0, 4.0f * scale);
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 1.8f * scale);
        }
        // Small dots per step where steps are long enough to see, so step length shows.
        for (size_t k = 1; k < pts.size(); ++k) {
            const float dx = pts[k].x - pts[k - 1].x, dy = pts[k].y - pts[k - 1].y;
            if (dx * dx + dy * dy > 36.0f * scale * scale) dl->AddCircleFilled(pts[k], 2.2f * scale, col, 8);
        }
        ImVec2 cur = toScreen(r.run.current().w);
        const bool offMap = cur.x < rmin_.x || cur.x > rmax_.x || cur.y < rmin_.y || cur.y > rmax_.y;
        if (offMap) {
            // Pin the point to the map's edge, on the line from the centre towards it.
            const ImVec2 c((rmin_.x + rmax_.x) * 0.5f, (rmin_.y + rmax_.y) * 0.5f);
            const float dx = cur.x - c.x, dy = cur.y - c.y, m = fs * 1.2f;
            const float tx = dx != 0 ? ((dx > 0 ? rmax_.x - m : rmin_.x + m) - c.x) / dx : 1e9f;
            const float ty = dy != 0 ? ((dy > 0 ? rmax_.y - m : rmin_.y + m) - c.y) / dy : 1e9f;
            const float t = std::min(tx, ty);
            cur = ImVec2(c.x + dx * t, c.y + dy * t);
        }
        const bool sel = idx == s.selected;
        dl->AddCircleFilled(cur, (sel ? 7.5f : 6.5f) * scale, IM_COL32(255, 255, 255, 255), 20);
        dl->AddCircleFilled(cur, (sel ? 5.5f : 4.8f) * scale, col, 20);
        std::string text = optimizerInfo(r.run.config().optimizer).title;
        // Two runs of the same optimizer: number them as the runs list does.
        for (int o = 0; o < static_cast<int>(s.runs.size()); ++o)
            if (o != idx && s.runs[static_cast<size_t>(o)].run.config().optimizer == r.run.config().optimizer) {
                text += " " + std::to_string(idx + 1);
                break;
            }
        if (offMap) text += " (off the map)";
        ImU32 textColor = colors::kInk;
        if (r.run.stopped()) {  // diverged, left the domain, or could not step
            text += " — " + r.run.stopMessage();
            textColor = colors::kDanger;
            const float d = 6.0f * scale;
            dl->AddLine(ImVec2(cur.x - d, cur.y - d), ImVec2(cur.x + d, cur.y + d), colors::kDanger, 2.0f * scale);
            dl->AddLine(ImVec2(cur.x - d, cur.y + d), ImVec2(cur.x + d, cur.y - d), colors::kDanger, 2.0f * scale);
        }
        // Place the name beside the point, below earlier labels it would overlap.
        const ImVec2 ts = fonts.small->CalcTextSizeA(fs * 0.85f, FLT_MAX, 0, text.c_str());
        ImVec2 at(std::min(cur.x + 10.0f * scale, rmax_.x - ts.x - 6 * scale), cur.y - ts.y * 0.5f);
        for (int tries = 0; tries < 8; ++tries) {
            bool clash = false;
            for (const ImVec4& o : placed)
                if (at.x < o.z && at.x + ts.x > o.x && at.y < o.w && at.y + ts.y > o.y) clash = true;
            if (!clash) break;
            at.y += ts.y + 4.0f * scale;
        }
        placed.emplace_back(at.x - 4 * scale, at.y - 2 * scale, at.x + ts.x + 4 * scale, at.y + ts.y + 2 * scale);
        label(dl, fonts.small, fs * 0.85f, at, textColor, text, scale);
    }
}

}  // namespace optiscape::app
