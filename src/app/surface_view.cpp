// The 3D view (see surface_view.h).
#include "app/surface_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/slice_map.h"

namespace optiscape::app {

namespace {
constexpr int kMesh = 256;  ///< vertices per side (256² = 65,536)
}

bool SurfacePanel::init() { return surface_.init(); }

void SurfacePanel::resample(const AppState& s, const ViewBox& box) {
    // The square that covers what the map shows; a costly landscape (a network's slice) on a
    // 64² mesh, a few rows per frame (see draw()).
    center_ = box.center();
    half_ = std::max(std::max(box.width(), box.height()) / 2, 1e-9);
    const bool costly = s.landscape->costly();
    mesh_ = costly ? 64 : kMesh;
    const double d = 2 * half_ / (mesh_ - 1);  // vertices at the grid's cell centres
    grid_.start(*s.landscape, center_.x() - half_ - d / 2, center_.y() - half_ - d / 2, mesh_ * d, mesh_ * d, mesh_,
                mesh_, false, costly ? s.jobs : nullptr, s.jobsEpoch);  // as the map's grid
    sampledView_ = s.view;
    sampledLandscape_ = s.landscape.get();
    sampledParams_ = s.landscape->params();
    ready_ = false;
    if (costly) return;
    grid_.advance(*s.landscape, 1e300);
    applyMesh();
}

void SurfacePanel::applyMesh() {
    const std::vector<double>& v = grid_.values();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double x : v)
        if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    lossMin_ = lo;
    delta_ = std::max((hi - lo) * 1e-4, 1e-12 * (1.0 + std::abs(lo)));
    smin_ = std::log10(delta_);
    smax_ = std::log10(hi - lo + delta_);
    std::vector<float> t(v.size());
    for (size_t k = 0; k < v.size(); ++k)
        t[k] = std::isfinite(v[k]) ? static_cast<float>((std::log10(std::max(v[k] - lossMin_, 0.0) + delta_) - smin_) / (smax_ - smin_))
                                   : std::numeric_limits<float>::quiet_NaN();
    surface_.setGrid(mesh_, mesh_, t);
    ready_ = true;
}

bool SurfacePanel::toScreen(const AppState& s, const Vec2& w, ImVec2& out, double loss) const {
    const double L = std::isnan(loss) ? s.landscape->value(w) : loss;
    if (!std::isfinite(L)) return false;
    const double t = std::clamp((std::log10(std::max(L - lossMin_, 0.0) + delta_) - smin_) / (smax_ - smin_), -0.05, 1.2);
    const float x = static_cast<float>((w.x() - center_.x()) / half_), y = static_cast<float>((w.y() - center_.y()) / half_);
    if (std::abs(x) > 1.02f || std::abs(y) > 1.02f) return false;
    float p[2];
    if (!render::project(surface_.mvp(), x, y, static_cast<float>(t) * height_ + 0.004f, static_cast<int>(size_.x),
                         static_cast<int>(size_.y), p))
        return false;
    out = ImVec2(origin_.x + p[0], origin_.y + p[1]);
    return true;
}

void SurfacePanel::draw(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale,
                        const std::optional<Vec2>& cursor, const ViewBox& box) {
    origin_ = pos;
    size_ = ImVec2(std::max(size.x, 16.0f), std::max(size.y, 16.0f));
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton("surface", size_);
    ImGuiIO& io = ImGui::GetIO();
    bool moved = false;
    if (ImGui::IsItemActive() && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
        camera_.yaw -= io.MouseDelta.x * 0.008f;
        camera_.pitch = std::clamp(camera_.pitch + io.MouseDelta.y * 0.008f, 0.08f, 1.5f);
        moved = true;
    }
    if (ImGui::IsItemHovered() && io.MouseWheel != 0) {
        camera_.distance = std::clamp(camera_.distance * std::pow(1.15f, -io.MouseWheel), 1.5f, 12.0f);
        moved = true;
    }
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) camera_ = render::OrbitCamera{};

    if (dirty_ || sampledLandscape_ != s.landscape.get() || sampledParams_ != s.landscape->params() ||
        s.view.center != sampledView_.center || s.view.unitsPerPixel != sampledView_.unitsPerPixel ||
        (grid_.active() && grid_.epoch() != s.jobsEpoch)) {
        resample(s, box);
        dirty_ = false;
        moved = true;
    }
    if (grid_.active()) {
        if (grid_.advance(*s.landscape, 0.012)) applyMesh(), moved = true;
        else if (grid_.workers() > 0) s.pollWorkers();
        else s.busy = true;
    }
    if (moved || surface_.target().width() != static_cast<int>(size_.x) || surface_.target().height() != static_cast<int>(size_.y)) {
        style_.pixelScale = scale;
        surface_.render(static_cast<int>(size_.x), static_cast<int>(size_.y), camera_, height_, style_);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!ready_) {
        dl->AddRectFilled(pos, ImVec2(pos.x + size_.x, pos.y + size_.y), colors::kPaper);
        drawGridProgress(dl, pos, ImVec2(pos.x + size_.x, pos.y + size_.y), grid_.progress(), fonts, scale);
        return;
    }
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(surface_.target().texture())), pos,
                 ImVec2(pos.x + size_.x, pos.y + size_.y), ImVec2(0, 1), ImVec2(1, 0));
    dl->PushClipRect(pos, ImVec2(pos.x + size_.x, pos.y + size_.y), true);
    for (const SlicePath& p : s.slice.paths) {  // every network run's training path on the slice, at its losses
        if (!p.visible) continue;
        std::vector<ImVec2> path;
        for (size_t i = 0; i < p.points.size() && i < p.loss.size(); ++i) {
            ImVec2 q;
            if (toScreen(s, p.points[i], q, p.loss[i])) path.push_back(q);
        }
        if (path.size() >= 2) {
            dl->AddPolyline(path.data(), static_cast<int>(path.size()), IM_COL32(255, 255, 255, 170), 0, 4.5f * scale);
            dl->AddPolyline(path.data(), static_cast<int>(path.size()), runColor(p.color), 0, 2.0f * scale);
        }
    }

    std::vector<ImVec2> pts;
    for (const auto& r : s.runs) {
        if (!r.visible) continue;
        pts.clear();
        for (const auto& tp : r.run.trajectory()) {
            ImVec2 q;
            if (!toScreen(s, tp.w, q, tp.loss)) {
                if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), runColor(r.color), 0, 2.0f * scale);
                pts.clear();
                continue;
            }
            if (!pts.empty() && std::abs(q.x - pts.back().x) + std::abs(q.y - pts.back().y) < 0.75f) continue;
            pts.push_back(q);
        }
        if (pts.size() >= 2) {
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 255, 255, 150), 0, 4.0f * scale);
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), runColor(r.color), 0, 2.0f * scale);
        }
        ImVec2 cur;
        if (toScreen(s, r.run.current().w, cur, r.run.current().loss)) {
            dl->AddCircleFilled(cur, 6.5f * scale, IM_COL32(255, 255, 255, 255), 20);
            dl->AddCircleFilled(cur, 4.8f * scale, runColor(r.color), 20);
        }
    }
    ImVec2 c;
    if (cursor && toScreen(s, *cursor, c)) {
        dl->AddCircle(c, 7.0f * scale, colors::kInk, 20, 1.5f * scale);
        dl->AddLine(ImVec2(c.x, c.y - 12 * scale), ImVec2(c.x, c.y + 12 * scale), colors::kInk, 1.0f * scale);
    }
    dl->AddText(fonts.small, ImGui::GetFontSize() * 0.85f, ImVec2(pos.x + 8 * scale, pos.y + size_.y - ImGui::GetFontSize() * 1.4f),
                colors::kMuted, "height and colour: log(L − Lmin + δ), as on the map  ·  drag to orbit, wheel to zoom");
    dl->PopClipRect();
}

}  // namespace optiscape::app
