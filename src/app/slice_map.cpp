// The map's progressive grid and the slice's projected path (see slice_map.h).
#include "app/slice_map.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "core/analysis.h"
#include "core/nets/analysis.h"

namespace optiscape::app {

void ProgressiveGrid::start(const Landscape& l, double x0, double y0, double w, double h, int cols, int rows,
                            bool hessian, jobs::JobRunner* runner, int epoch) {
    spec_ = {x0, y0, w, h, cols, rows, hessian};
    jobs_.reset();  // cancels the old grid's bands before the new one's are queued
    jobs_ = std::make_unique<jobs::GridJobs>(l, spec_, runner);
    values_.clear();
    lmax_.clear();
    started_ = std::chrono::steady_clock::now();
    ms_ = lastMs_ = 0.0;
    epoch_ = epoch;
}

bool ProgressiveGrid::advance(const Landscape& l, double budgetSeconds) {
    if (!jobs_) return false;
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const bool done = jobs_->advance(l, budgetSeconds);
    const auto t1 = clock::now();
    lastMs_ = std::chrono::duration<double, std::milli>(t1 - t0).count();
    ms_ = jobs_->workers() > 0 ? std::chrono::duration<double, std::milli>(t1 - started_).count() : ms_ + lastMs_;
    if (done && values_.empty()) {
        const size_t n = jobs_->size();
        values_.assign(jobs_->values(), jobs_->values() + n);
        if (const double* l = jobs_->lmax()) lmax_.assign(l, l + n);  // λmax as the texture holds it
    }
    return done;
}

std::uint32_t ProgressiveGrid::hash() const {
    std::uint32_t h = 2166136261u;
    auto mix = [&h](const void* p, size_t n) {
        for (size_t b = 0; b < n; ++b) h = (h ^ static_cast<const unsigned char*>(p)[b]) * 16777619u;
    };
    for (double v : values()) mix(&v, sizeof v);
    for (float v : lmax()) mix(&v, sizeof v);
    return h;
}

void ProgressiveCriticalSearch::start(const ProgressiveGrid& g, const ViewBox& box) {
    clear();
    box_ = box;
    const int c = g.cols(), r = g.rows();
    const auto& v = g.values();
    // the ring of 8 neighbours, in order around the cell
    const int di[8] = {1, 1, 0, -1, -1, -1, 0, 1}, dj[8] = {0, 1, 1, 1, 0, -1, -1, -1};
    std::vector<std::pair<double, Vec2>> found;  // (how clear a candidate it is, where)
    for (int j = 1; j + 1 < r; ++j)
        for (int i = 1; i + 1 < c; ++i) {
            const double centre = v[static_cast<size_t>(j) * c + i];
            if (!std::isfinite(centre)) continue;
            int above = 0, changes = 0;
            double d[8];
            bool ok = true;
            for (int k = 0; k < 8; ++k) {
                d[k] = v[static_cast<size_t>(j + dj[k]) * c + i + di[k]] - centre;
                ok = ok && std::isfinite(d[k]);
                above += d[k] > 0;
            }
            if (!ok) continue;
            for (int k = 0; k < 8; ++k) changes += (d[k] > 0) != (d[(k + 1) % 8] > 0);
            if (above == 8 || above == 0 || changes >= 4) found.emplace_back(std::abs(centre), g.at(i, j));
        }
    // a few candidates at most (a noisy flat region could give many): the lowest first
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t k = 0; k < found.size() && k < 16; ++k) candidates_.push_back(found[k].second);
    next_ = 0;
    iteration_ = 0;
    if (!candidates_.empty()) w_ = candidates_.front();
}

bool ProgressiveCriticalSearch::advance(const Landscape& l, double budgetSeconds) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const double diag = std::hypot(box_.width(), box_.height());
    while (next_ < candidates_.size()) {
        const Eval e = l.evaluate(w_);
        bool finished = false;
        const Mat2& H = e.hessian;
        const double det = H(0, 0) * H(1, 1) - H(0, 1) * H(1, 0);
        Vec2 step = Vec2::Zero();  // the Newton step H⁻¹∇L, the 2 × 2 inverse written out
        if (e.gradient.allFinite() && H.allFinite() && std::abs(det) > 1e-300)
            step = Vec2(H(1, 1) * e.gradient.x() - H(0, 1) * e.gradient.y(), H(0, 0) * e.gradient.y() - H(1, 0) * e.gradient.x()) / det;
        if (!step.allFinite() || step.norm() == 0.0) finished = true;
        else {
            if (step.norm() > 0.05 * diag) step *= 0.05 * diag / step.norm();  // a trust region
            w_ -= step;
            ++iteration_;
            if (step.norm() < 1e-9 * diag) {
                const Eval f = l.evaluate(w_);
                const bool inside = w_.x() >= box_.w1min && w_.x() <= box_.w1max && w_.y() >= box_.w2min && w_.y() <= box_.w2max;
                bool fresh = true;
                for (const StationaryPoint& p : points_) fresh = fresh && (p.w - w_).norm() > 1e-3 * diag;
                if (inside && fresh && f.hessian.allFinite()) {
                    const Vec2 lam = symmetricEigenvalues(f.hessian);
                    const double tol = 1e-7 * std::max({std::abs(lam.x()), std::abs(lam.y()), 1e-300});
                    StationaryPoint p;
                    p.w = w_;
                    p.type = lam.x() > tol && lam.y() > tol     ? PointType::Minimum
                             : lam.x() < -tol && lam.y() < -tol ? PointType::Maximum
                             : std::abs(lam.x()) <= tol || std::abs(lam.y()) <= tol ? PointType::Degenerate
                                                                                    : PointType::Saddle;
                    p.label = pointTypeName(p.type);
                    points_.push_back(p);
                }
                finished = true;
            }
        }
        if (finished || iteration_ >= 30) {
            ++next_;
            iteration_ = 0;
            if (next_ < candidates_.size()) w_ = candidates_[next_];
        }
        if (std::chrono::duration<double>(clock::now() - t0).count() >= budgetSeconds) break;
    }
    return next_ >= candidates_.size();
}

void drawGridProgress(ImDrawList* dl, ImVec2 rmin, ImVec2 rmax, double progress, const Fonts& fonts, float scale) {
    const float fs = ImGui::GetFontSize();
    const std::string text = "evaluating the slice's loss: " + std::to_string(static_cast<int>(progress * 100)) + " %";
    const ImVec2 ts = fonts.regular->CalcTextSizeA(fs, FLT_MAX, 0, text.c_str());
    const float w = std::max(ts.x, fs * 14.0f);
    const ImVec2 p0((rmin.x + rmax.x - w) * 0.5f, rmin.y + fs * 2.0f);
    dl->AddRectFilled(ImVec2(p0.x - fs * 0.6f, p0.y - fs * 0.4f), ImVec2(p0.x + w + fs * 0.6f, p0.y + ts.y + fs * 1.2f),
                      IM_COL32(250, 249, 246, 235), 4.0f * scale);
    dl->AddText(fonts.regular, fs, p0, colors::kInk, text.c_str());
    const float y = p0.y + ts.y + fs * 0.3f;
    dl->AddRectFilled(ImVec2(p0.x, y), ImVec2(p0.x + w, y + fs * 0.4f), colors::kGrid, 2.0f * scale);
    dl->AddRectFilled(ImVec2(p0.x, y), ImVec2(p0.x + w * static_cast<float>(progress), y + fs * 0.4f), colors::kAccent,
                      2.0f * scale);
}

namespace {
/// A polyline of plane points on screen, each clamped far outside the map (no overflow).
std::vector<ImVec2> onScreen(const MapTransform& t, const std::vector<Vec2>& points) {
    std::vector<ImVec2> pts;
    for (const Vec2& p : points) {
        if (!p.allFinite()) continue;
        ImVec2 q = t.toScreen(p);
        q.x = std::clamp(q.x, t.rmin.x - 1e4f, t.rmax.x + 1e4f);
        q.y = std::clamp(q.y, t.rmin.y - 1e4f, t.rmax.y + 1e4f);
        pts.push_back(q);
    }
    return pts;
}

/// A run's path: a line with a dot per saved step (the slice's own run drawn bolder).
void drawPath(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float scale, bool bold) {
    const float w = bold ? 1.0f : 0.7f;
    if (pts.size() >= 2) {
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 255, 255, 190), 0, 5.0f * w * scale);
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.2f * w * scale);
    }
    for (const ImVec2& q : pts) {
        dl->AddCircleFilled(q, 3.2f * w * scale, IM_COL32(255, 255, 255, 230), 10);
        dl->AddCircleFilled(q, 2.2f * w * scale, col, 10);
    }
    if (!bold && !pts.empty()) {  // where that run is now
        dl->AddCircleFilled(pts.back(), 5.0f * scale, IM_COL32(255, 255, 255, 255), 16);
        dl->AddCircleFilled(pts.back(), 3.8f * scale, col, 16);
    }
}

/// A dashed polyline.
void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float width, float dash) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    for (float u = 0; u < len; u += 2 * dash) {
        const float v = std::min(u + dash, len);
        dl->AddLine(ImVec2(a.x + dx * u / len, a.y + dy * u / len), ImVec2(a.x + dx * v / len, a.y + dy * v / len), col, width);
    }
}
}  // namespace

void drawSlicePath(ImDrawList* dl, const MapTransform& t, const AppState& s, const Fonts& fonts, float scale) {
    const SliceState& sl = s.slice;
    if (!sl.open || sl.plane.path.empty()) return;
    const float fs = ImGui::GetFontSize(), small = fs * 0.85f;
    const ImU32 col = runColor(sl.runColor);
    // a label beside a point: below it, above it, or higher still (clear of the runs' "start" and names)
    enum Place { Below, Above, High };
    const auto tag = [&](ImVec2 at, const std::string& text, Place where) {
        const ImVec2 ts = fonts.small->CalcTextSizeA(small, FLT_MAX, 0, text.c_str());
        const float y = where == Below ? at.y + 8 * scale : where == Above ? at.y - ts.y - 4 * scale : at.y - ts.y - fs * 3.0f;
        const ImVec2 p(std::max(std::min(at.x + 8 * scale, t.rmax.x - ts.x - 6 * scale), t.rmin.x + 6 * scale), y);
        dl->AddRectFilled(ImVec2(p.x - 4 * scale, p.y - 1.5f * scale), ImVec2(p.x + ts.x + 4 * scale, p.y + ts.y + 1.5f * scale),
                          IM_COL32(250, 249, 246, 225), 3.0f * scale);
        dl->AddText(fonts.small, small, p, colors::kInk, text.c_str());
    };
    const bool connect = sl.spec.directions == nets::SliceDirections::Connect && sl.plane.marks.size() == 3;
    if (connect) {  // Garipov's figure: the straight line A → B dashed, the Bézier curve solid
        const std::vector<ImVec2> m = onScreen(t, sl.plane.marks), curve = onScreen(t, sl.plane.curve);
        if (m.size() == 3) {
            dashed(dl, m[0], m[1], IM_COL32(255, 255, 255, 200), 4.5f * scale, 7.0f * scale);
            dashed(dl, m[0], m[1], colors::kInk, 2.0f * scale, 7.0f * scale);
        }
        if (curve.size() >= 2) {
            dl->AddPolyline(curve.data(), static_cast<int>(curve.size()), IM_COL32(255, 255, 255, 210), 0, 6.0f * scale);
            dl->AddPolyline(curve.data(), static_cast<int>(curve.size()), colors::kInk, 0, 3.0f * scale);
        }
    }
    // every other network run's trajectory, projected onto the plane, in its colour, its end named
    for (const SlicePath& p : sl.paths) {
        if (!p.visible || p.run == sl.run) continue;
        const std::vector<ImVec2> q = onScreen(t, p.points);
        drawPath(dl, q, runColor(p.color), scale, false);
        if (!q.empty() && !p.steps.empty())
            tag(q.back(), "run " + std::to_string(p.run + 1) + ", step " + std::to_string(p.steps.back()) + " (projected)",
                Above);
    }
    const std::vector<ImVec2> pts = onScreen(t, sl.plane.path);
    if (pts.empty()) return;
    drawPath(dl, pts, col, scale, true);
    // the trained weights θ₀: a ring around the centre of the slice
    dl->AddCircle(pts.back(), 7.0f * scale, IM_COL32(255, 255, 255, 255), 20, 3.5f * scale);
    dl->AddCircle(pts.back(), 7.0f * scale, col, 20, 2.0f * scale);
    if (connect) {
        const std::vector<ImVec2> m = onScreen(t, sl.plane.marks);
        const std::string seedB = s.connect.job ? std::to_string(s.connect.job->spec().seedB) : "?";
        const std::string names[3] = {"θA: run " + std::to_string(sl.run + 1) + ", step " + std::to_string(sl.step),
                                      "θB: network B (seed " + seedB + ")", "θC: the Bézier bend"};
        for (size_t i = 0; i < m.size(); ++i) {
            dl->AddCircleFilled(m[i], 6.0f * scale, IM_COL32(255, 255, 255, 255), 16);
            dl->AddCircleFilled(m[i], 4.5f * scale, colors::kInk, 16);
            tag(m[i], names[i], i == 2 ? Above : Below);
        }
        return;
    }
    const float dx = pts.back().x - pts.front().x, dy = pts.back().y - pts.front().y;
    if (dx * dx + dy * dy < fs * fs * 9.0f) {  // random directions: the path projects close to θ₀
        tag(ImVec2(pts.back().x - fs * 6.0f, pts.back().y),
            "θ₀: trained weights, step " + std::to_string(sl.step) + " (the training path projects close to it)", High);
        return;
    }
    tag(pts.back(), "θ₀: trained weights, step " + std::to_string(sl.step), Above);
    if (pts.size() >= 2)
        tag(pts.front(), sl.spec.directions == nets::SliceDirections::Pca ? "initial weights (the training path)"
                                                                          : "initial weights (training path, projected)",
            Below);
}

}  // namespace optiscape::app
