// The map's basins-of-attraction and gradient-flow layers (see map_layers.h).
#include "app/map_layers.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "core/params.h"

namespace optiscape::app {

namespace {
/// Paul Tol's "light" qualitative colours: distinct from each other and from the runs'
/// saturated Okabe–Ito colours drawn on top of them.
constexpr ImU32 kBasinColors[] = {IM_COL32(119, 170, 221, 255), IM_COL32(238, 136, 102, 255),
                                  IM_COL32(68, 187, 153, 255),  IM_COL32(255, 170, 187, 255),
                                  IM_COL32(238, 221, 136, 255), IM_COL32(153, 221, 255, 255),
                                  IM_COL32(187, 204, 51, 255),  IM_COL32(170, 170, 0, 255)};
constexpr int kBasinColorCount = sizeof(kBasinColors) / sizeof(kBasinColors[0]);
constexpr ImU32 kDivergedColor = IM_COL32(60, 60, 70, 255);
constexpr ImU32 kNotConvergedColor = IM_COL32(255, 255, 255, 255);

ImU32 withAlpha(ImU32 c, int alpha) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

ImU32 basinColor(int label, int alpha) {
    if (label == kBasinDiverged) return withAlpha(kDivergedColor, alpha);
    if (label == kBasinNotConverged) return withAlpha(kNotConvergedColor, alpha);
    return withAlpha(kBasinColors[label % kBasinColorCount], alpha);
}

const RunSlot* selectedRun(const AppState& s) {
    if (s.runs.empty()) return nullptr;
    return &s.runs[static_cast<size_t>(std::clamp(s.selected, 0, static_cast<int>(s.runs.size()) - 1))];
}
}  // namespace

ImVec2 MapTransform::toScreen(const Vec2& w) const {
    const float cx = (rmin.x + rmax.x) * 0.5f, cy = (rmin.y + rmax.y) * 0.5f;
    return ImVec2(cx + static_cast<float>((w.x() - center.x()) / unitsPerPixel),
                  cy - static_cast<float>((w.y() - center.y()) / unitsPerPixel));
}

// ---- basins ----------------------------------------------------------------------------------

void BasinsLayer::update(AppState& s, const ViewBox& box, int cols, int rows, double budgetSeconds, int maxSteps) {
    const RunSlot* run = selectedRun(s);
    if (!s.showBasins || !run) {
        computer_.reset();
        s.basinsProgress = 0.0;
        s.basinsMs = 0.0;
        s.basinsSteps = 0.0;
        s.basinsHash = 0;
        return;
    }
    const RunConfig& c = run->run.config();
    BasinRequest req;
    req.optimizer = c.optimizer;
    req.hyper = c.hyper;
    req.box = box;
    req.width = std::max(cols, 4);
    req.height = std::max(rows, 4);
    req.maxSteps = maxSteps;
    // Converged once the steps and the gradient are small on the scale of the view.
    req.tol = 1e-6 * std::max(1.0, std::hypot(box.width(), box.height()));
    const LandscapeKey key = LandscapeKey::of(*s.landscape);
    bool same = computer_ && key == landscape_ && epoch_ == s.jobsEpoch;
    if (same) {
        const BasinRequest& o = computer_->request();
        same = o.optimizer == req.optimizer && std::memcmp(&o.hyper, &req.hyper, sizeof(Hyper)) == 0 &&
               o.box.w1min == box.w1min && o.box.w1max == box.w1max && o.box.w2min == box.w2min &&
               o.box.w2max == box.w2max && o.width == req.width && o.height == req.height && o.tol == req.tol &&
               o.maxSteps == req.maxSteps;
    }
    if (!same) {
        computer_.reset();  // cancels the old map's bands before the new one's are queued
        computer_ = std::make_unique<jobs::BasinJobs>(*s.landscape, req, s.jobs);
        texels_.assign(static_cast<size_t>(req.width) * static_cast<size_t>(req.height), 0u);
        texture_.upload(req.width, req.height, texels_.data(), 0, req.height);
        uploadedRows_ = 0;
        started_ = std::chrono::steady_clock::now();
        epoch_ = s.jobsEpoch;
        s.basinsMs = 0.0;
        s.basinsSteps = 0.0;
        s.basinsHash = 0;
        s.basinsCols = req.width;
        s.basinsRows = req.height;
        landscape_ = key;
        title_ = "Basins of " + optimizerInfo(c.optimizer).title + ", γ = " + formatNumber(c.hyper.lr, 3);
    }
    if (!computer_->done()) {
        // In place: the time inside the kernel (frames between slices excluded). On workers: the
        // wall time from the start to the last band, as the student waits for it.
        const auto t0 = std::chrono::steady_clock::now();
        computer_->advance(budgetSeconds);
        const auto t1 = std::chrono::steady_clock::now();
        s.basinsMs = computer_->workers() > 0 ? std::chrono::duration<double, std::milli>(t1 - started_).count()
                                              : s.basinsMs + std::chrono::duration<double, std::milli>(t1 - t0).count();
    }
    s.basinsWorkers = computer_->workers();
    s.basinsProgress = computer_->progress();
    // In place, every frame computes a slice: draw the next one at once. On workers the main
    // thread only shows their bands (AppState::kWorkerPoll).
    if (s.basinsProgress < 1.0) {
        if (computer_->workers() > 0)
            s.pollWorkers();
        else
            s.busy = true;
    }
    if (computer_->done() && s.basinsSteps == 0.0) {
        double steps = 0.0;
        std::uint32_t hash = 2166136261u;  // FNV-1a over (label, steps) of every pixel
        auto mix = [&hash](int v) {
            for (int b = 0; b < 4; ++b) hash = (hash ^ ((static_cast<std::uint32_t>(v) >> (8 * b)) & 255u)) * 16777619u;
        };
        const BasinMap& done = computer_->result();
        for (size_t k = 0; k < done.steps.size(); ++k) {
            steps += done.steps[k];
            mix(done.label[k]);
            mix(done.steps[k]);
        }
        s.basinsSteps = steps;
        s.basinsHash = hash;
    }
    // New rows become texels: the outcome's colour, a little stronger for the two failures.
    const BasinMap& m = computer_->result();
    const int done = computer_->rowsDone();
    if (done > uploadedRows_) {
        for (size_t k = static_cast<size_t>(uploadedRows_) * m.width; k < static_cast<size_t>(done) * m.width; ++k) {
            const int label = m.label[k];
            texels_[k] = basinColor(label, label == kBasinDiverged ? 90 : label == kBasinNotConverged ? 120 : 105);
        }
        texture_.upload(m.width, m.height, texels_.data(), uploadedRows_, done - uploadedRows_);
        uploadedRows_ = done;
    }
}

float BasinsLayer::draw(ImDrawList* dl, const MapTransform& t, const Fonts& fonts, float scale, float bottom) const {
    if (!computer_) return bottom;
    const BasinMap& m = computer_->result();
    const BasinRequest& req = computer_->request();
    const int doneRows = uploadedRows_;
    // The cells as one texture quad over the rows done (texture row 0 is the box's bottom row).
    if (doneRows > 0) {
        const double top = req.box.w2min + req.box.height() * doneRows / m.height;
        dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_.id())),
                     t.toScreen(Vec2(req.box.w1min, top)), t.toScreen(Vec2(req.box.w1max, req.box.w2min)),
                     ImVec2(0.0f, static_cast<float>(doneRows) / static_cast<float>(m.height)), ImVec2(1.0f, 0.0f));
    }
    std::vector<bool> present(m.minima.size() + 2, false);  // minima, then diverged, not converged
    for (size_t k = 0; k < static_cast<size_t>(doneRows) * m.width; ++k) {
        const int label = m.label[k];
        present[label >= 0 ? static_cast<size_t>(label)
                : label == kBasinDiverged ? m.minima.size() : m.minima.size() + 1] = true;
    }

    // The legend: one swatch per outcome present, oldest minima first, in the lower-left corner.
    const float fs = ImGui::GetFontSize(), small = fs * 0.8f, sw = small * 0.9f, pad = fs * 0.4f;
    std::vector<std::pair<ImU32, std::string>> items;
    int shownMinima = 0;
    for (size_t k = 0; k < m.minima.size(); ++k) {
        if (!present[k]) continue;
        if (shownMinima == 6) {
            items.emplace_back(IM_COL32(0, 0, 0, 0), "… more endpoints");
            break;
        }
        ++shownMinima;
        const Vec2& w = m.minima[k];
        items.emplace_back(basinColor(static_cast<int>(k), 170),
                           std::string(static_cast<int>(k) < m.knownMinima ? "minimum" : "ended") + " at (" +
                               formatNumber(w.x(), 3) + ", " + formatNumber(w.y(), 3) + ")");
    }
    if (present[m.minima.size()]) items.emplace_back(basinColor(kBasinDiverged, 150), "diverged or left the domain");
    if (present[m.minima.size() + 1]) items.emplace_back(basinColor(kBasinNotConverged, 255), "not converged in 1000 steps");
    const bool computing = !computer_->done();
    float width = fonts.bold->CalcTextSizeA(small, FLT_MAX, 0, title_.c_str()).x;
    for (const auto& it : items)
        width = std::max(width, sw + pad + fonts.regular->CalcTextSizeA(small, FLT_MAX, 0, it.second.c_str()).x);
    width = std::max(width, fs * 10.0f);
    const float lineH = small * 1.3f;
    const float height = lineH * (1 + static_cast<float>(items.size())) + (computing ? lineH : 0.0f) + pad;
    const ImVec2 p0(t.rmin.x + fs * 0.5f, bottom - height - pad);
    dl->AddRectFilled(ImVec2(p0.x - pad, p0.y - pad * 0.5f), ImVec2(p0.x + width + pad, bottom - pad * 0.5f),
                      IM_COL32(250, 249, 246, 225), 4.0f * scale);
    float y = p0.y;
    dl->AddText(fonts.bold, small, ImVec2(p0.x, y), colors::kInk, title_.c_str());
    y += lineH;
    for (const auto& it : items) {
        const ImVec2 a(p0.x, y + (lineH - sw) * 0.5f - 1.0f), b(a.x + sw, a.y + sw);
        dl->AddRectFilled(a, b, it.first, 2.0f * scale);
        if ((it.first & IM_COL32_A_MASK) != 0) dl->AddRect(a, b, colors::kFrame, 2.0f * scale);
        dl->AddText(fonts.regular, small, ImVec2(p0.x + sw + pad, y), colors::kInk, it.second.c_str());
        y += lineH;
    }
    if (computing) {
        const float pct = static_cast<float>(computer_->progress());
        const ImVec2 a(p0.x, y + lineH * 0.3f), b(p0.x + width, y + lineH * 0.75f);
        dl->AddRectFilled(a, b, IM_COL32(31, 35, 40, 30), 2.0f * scale);
        dl->AddRectFilled(a, ImVec2(a.x + (b.x - a.x) * pct, b.y), colors::kAccent, 2.0f * scale);
    }
    return p0.y - pad;
}

// ---- gradient flow ---------------------------------------------------------------------------

void FlowLayer::update(AppState& s) {
    const RunSlot* run = selectedRun(s);
    if (!s.showFlow || !run) {
        path_.clear();
        s.flowPoints = 0;
        return;
    }
    const LandscapeKey key = LandscapeKey::of(*s.landscape);
    const Vec2 start = run->run.config().start;
    const double lr = run->run.config().hyper.lr;
    if (path_.empty() || !(key == landscape_) || start != start_ || lr != lr_) {
        // Long enough for every step a run may take (t = γ·k); it ends earlier at a stationary point.
        path_ = gradientFlowPath(*s.landscape, start, std::max(lr, 1e-3) * kMaxSteps, 4000);
        landscape_ = key;
        start_ = start;
        lr_ = lr;
    }
    s.flowPoints = static_cast<int>(path_.size());
}

void FlowLayer::draw(ImDrawList* dl, const MapTransform& t, const AppState& s, const Fonts& fonts, float scale) const {
    const RunSlot* run = selectedRun(s);
    if (path_.size() < 2 || !run) return;
    const ImU32 col = runColor(run->color);
    // Dashes of 7 px with gaps of 5 px, measured along the path on screen.
    const float dash = 7.0f * scale, gap = 5.0f * scale;
    float phase = 0.0f;  // distance into the current dash + gap period
    ImVec2 prev = t.toScreen(path_[0].w);
    for (size_t k = 1; k < path_.size(); ++k) {
        ImVec2 cur = t.toScreen(path_[k].w);
        cur.x = std::clamp(cur.x, t.rmin.x - 1e4f, t.rmax.x + 1e4f);
        cur.y = std::clamp(cur.y, t.rmin.y - 1e4f, t.rmax.y + 1e4f);
        const float dx = cur.x - prev.x, dy = cur.y - prev.y, len = std::sqrt(dx * dx + dy * dy);
        float done = 0.0f;
        while (done < len) {
            const bool on = phase < dash;
            const float left = on ? dash - phase : dash + gap - phase;
            const float step = std::min(left, len - done);
            if (on) {
                const ImVec2 a(prev.x + dx * done / len, prev.y + dy * done / len);
                const ImVec2 b(prev.x + dx * (done + step) / len, prev.y + dy * (done + step) / len);
                dl->AddLine(a, b, col, 1.6f * scale);
            }
            done += step;
            phase += step;
            if (phase >= dash + gap) phase -= dash + gap;
        }
        prev = cur;
    }
    // Where gradient descent's k steps of size γ would be if they followed the flow: t = γ·k.
    if (run->run.config().optimizer != OptimizerKind::GD || run->run.steps() == 0) return;
    const double tk = flowTimeOfSteps(run->run.config().hyper.lr, run->run.steps());
    if (tk > path_.back().t) return;
    size_t k = 1;
    while (k < path_.size() && path_[k].t < tk) ++k;
    const FlowPoint &a = path_[k - 1], &b = path_[std::min(k, path_.size() - 1)];
    const double f = b.t > a.t ? (tk - a.t) / (b.t - a.t) : 0.0;
    const ImVec2 p = t.toScreen(a.w + (b.w - a.w) * f);
    dl->AddCircleFilled(p, 4.0f * scale, IM_COL32(255, 255, 255, 230), 16);
    dl->AddCircle(p, 4.0f * scale, col, 16, 1.6f * scale);
    // Named only when clear of the run's own point and label (to its right).
    const ImVec2 cur = t.toScreen(run->run.current().w);
    const float fs = ImGui::GetFontSize() * 0.8f;
    if (std::abs(cur.y - p.y) > fs * 2.0f || std::abs(cur.x - p.x) > fs * 12.0f) {
        const char* text = "flow at t = γk";
        const ImVec2 ts = fonts.small->CalcTextSizeA(fs, FLT_MAX, 0, text);
        const ImVec2 at(p.x - ts.x - 7.0f * scale, p.y - ts.y * 0.5f);
        dl->AddRectFilled(ImVec2(at.x - 3 * scale, at.y - scale), ImVec2(at.x + ts.x + 3 * scale, at.y + ts.y + scale),
                          IM_COL32(250, 249, 246, 200), 3.0f * scale);
        dl->AddText(fonts.small, fs, at, colors::kMuted, text);
    }
}

}  // namespace optiscape::app
