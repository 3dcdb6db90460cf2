// The fair-comparison sweep (see sweep_panel.h).
#include "app/sweep_panel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "app/widgets.h"
#include "core/params.h"
#include "render/heatmap.h"

namespace optiscape::app {

void SweepPanel::start(AppState& s, jobs::JobRunner* runner) {
    if (s.runs.empty()) return;
    SweepRequest r = sweepFor(s.runs[static_cast<size_t>(s.selected)].run.config());
    r.steps = steps_;
    jobs_.reset();  // cancels the old sweep's jobs first
    jobs_ = std::make_unique<jobs::SweepJobs>(*s.landscape, r, runner);
    landscape_ = s.landscape.get();
    epoch_ = s.jobsEpoch;
    started_ = std::chrono::steady_clock::now();
    ms_ = 0.0;
    open_ = true;
}

// On a costly landscape (a network's slice: a step is a pass over the training set) the runs go
// to the workers; elsewhere the whole sweep takes milliseconds here, less than the messages would.
void SweepPanel::open(AppState& s, int steps) {
    if (steps > 0) steps_ = steps;
    start(s, s.landscape && s.landscape->costly() ? s.jobs : nullptr);
}

const char* SweepPanel::secondName() const {
    const std::string& k = jobs_->request().second;
    if (k == "momentum") return "momentum μ";
    if (k == "beta1") return "β₁";
    if (k == "alpha") return "α";
    return "";
}

void SweepPanel::compute(AppState& s, double budgetMs) {
    // the landscape changed under the sweep, or the workers went on or off: start over
    if (landscape_ != s.landscape.get() || epoch_ != s.jobsEpoch) open(s);
    if (!jobs_ || jobs_->complete()) return;
    const auto t0 = std::chrono::steady_clock::now();
    jobs_->advance(*s.landscape, budgetMs * 1e-3);
    const auto t1 = std::chrono::steady_clock::now();
    ms_ = jobs_->workers() > 0 ? std::chrono::duration<double, std::milli>(t1 - started_).count()
                               : ms_ + std::chrono::duration<double, std::milli>(t1 - t0).count();
}

void SweepPanel::finish(AppState& s, int steps) {
    if (steps > 0) steps_ = steps;
    start(s, nullptr);
    if (jobs_) compute(s, 1e12);
    report(s);
}

void SweepPanel::report(AppState& s) const {
    AppState::SweepReport& out = s.sweep;
    out = {};
    out.open = open_ && jobs_;
    if (!out.open) return;
    const SweepRequest& r = jobs_->request();
    out.progress = jobs_->progress();
    out.cols = r.cols(), out.rows = r.rows(), out.steps = r.steps, out.workers = jobs_->workers();
    out.second = r.second;
    out.ms = ms_;
    if (!jobs_->complete()) return;
    std::uint32_t h = 2166136261u;
    int best = -1;
    for (int k = 0; k < r.cells(); ++k) {
        const double v = jobs_->cell(k);
        const auto* b = reinterpret_cast<const unsigned char*>(&v);
        for (size_t i = 0; i < sizeof v; ++i) h = (h ^ b[i]) * 16777619u;
        if (std::isfinite(v) && (best < 0 || v < jobs_->cell(best))) best = k;
    }
    out.hash = h;
    if (best >= 0) {
        out.bestLoss = jobs_->cell(best);
        out.bestLr = r.lr(best % r.cols());
        out.bestSecond = r.second.empty() ? 0.0 : r.secondValue(best / r.cols());
    }
}

void SweepPanel::draw(AppState& s, const Fonts& fonts, float scale, double budgetMs) {
    if (!open_ || !jobs_) {
        jobs_.reset();  // closed or cancelled: its jobs stop
        s.sweep.open = false;
        return;
    }
    compute(s, budgetMs);
    report(s);
    const bool running = !jobs_->complete();
    if (running && jobs_->workers() > 0) s.pollWorkers();  // the cores are the workers'
    else if (running) s.busy = true;
    const SweepRequest& r = jobs_->request();
    const int n = r.cols();
    bool restart = false;
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 26, fs * 30), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f),
                            ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    if (!ImGui::Begin("Fair comparison: loss after N steps", &open_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    const OptimizerInfo& info = optimizerInfo(r.base.optimizer);
    ImGui::TextWrapped("%s from (%s, %s): every cell is a run of %d steps. Colour: log of the final loss (purple: lowest); "
                       "orange: diverged. Click a cell to add that run.",
                       info.title.c_str(), formatNumber(r.base.start.x()).c_str(), formatNumber(r.base.start.y()).c_str(), r.steps);
    if (running) {
        ImGui::ProgressBar(static_cast<float>(progress()), ImVec2(-fs * 6, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) open_ = false;
    } else {
        ImGui::SetNextItemWidth(fs * 8);
        int steps = steps_;
        if (ImGui::SliderInt("steps N", &steps, 10, 2000, "%d", ImGuiSliderFlags_Logarithmic)) {
            steps_ = steps;
            restart = true;  // after this frame: r is the sweep's own
        }
        ImGui::SameLine();
        mutedText(fonts, jobs_->workers() > 0 ? formatNumber(ms_, 3) + " ms on " + std::to_string(jobs_->workers()) + " workers"
                                              : formatNumber(ms_, 3) + " ms of compute");
    }
    // The grid.
    const int rows = r.rows();
    const bool single = r.second.empty();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int k = 0; k < r.cells(); ++k)
        if (jobs_->done(k) && std::isfinite(jobs_->cell(k))) lo = std::min(lo, jobs_->cell(k)), hi = std::max(hi, jobs_->cell(k));
    const double floor = std::isfinite(lo) ? std::max(std::abs(hi - lo) * 1e-6, 1e-300) : 1.0;
    auto tr = [&](double v) { return std::log10(v - lo + floor); };
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left = fs * 3.2f, bottom = fs * 2.6f;
    const float side = std::max(std::min(avail.x - left - fs, avail.y - bottom - fs * 1.5f), fs * 6);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 g0(origin.x + left, origin.y + fs * 0.5f);
    const float cw = side / n, ch = single ? fs * 2.0f : side / rows;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    render::HeatmapStyle style;
    int hoverCell = -1;
    const ImVec2 m = ImGui::GetIO().MousePos;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < n; ++i) {
            const int k = j * n + i;
            const ImVec2 a(g0.x + i * cw, g0.y + (rows - 1 - j) * ch), b(a.x + cw, a.y + ch);
            ImU32 col = IM_COL32(235, 233, 228, 255);
            if (jobs_->done(k)) {
                if (std::isfinite(jobs_->cell(k))) {
                    float rgb[3];
                    const double t = hi > lo ? (tr(jobs_->cell(k)) - tr(lo)) / (tr(hi) - tr(lo)) : 0.0;
                    render::heatmapColor(static_cast<float>(t), style, rgb);
                    col = ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], 1));
                } else {
                    col = IM_COL32(213, 94, 0, 90);
                }
            }
            dl->AddRectFilled(a, b, col);
            if (m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y && ImGui::IsWindowHovered()) hoverCell = k;
        }
    dl->AddRect(g0, ImVec2(g0.x + side, g0.y + ch * rows), colors::kFrame);
    // Axes: learning rate (log) below, the second setting on the left.
    for (int i = 0; i < n; i += std::max(1, n / 4))
        dl->AddText(fonts.small, fs * 0.8f, ImVec2(g0.x + (i + 0.5f) * cw - fs, g0.y + ch * rows + 2), colors::kMuted,
                    formatNumber(r.lr(i), 2).c_str());
    dl->AddText(fonts.small, fs * 0.85f, ImVec2(g0.x + side * 0.5f - fs * 3, g0.y + ch * rows + fs * 1.1f), colors::kInk,
                "learning rate γ (log scale)");
    if (!single) {
        for (int j = 0; j < rows; j += std::max(1, rows / 4))
            dl->AddText(fonts.small, fs * 0.8f, ImVec2(origin.x, g0.y + (rows - 1 - j + 0.2f) * ch), colors::kMuted,
                        formatNumber(r.secondValue(j), 2).c_str());
        dl->AddText(fonts.small, fs * 0.85f, ImVec2(origin.x, g0.y - fs * 0.1f - fs), colors::kInk, secondName());
    }
    ImGui::Dummy(ImVec2(left + side, ch * rows + bottom + fs * 0.5f));
    if (hoverCell >= 0 && jobs_->done(hoverCell)) {
        const int i = hoverCell % n, j = hoverCell / n;
        const double v = jobs_->cell(hoverCell);
        ImGui::SetTooltip("γ = %s%s%s\n%s\nClick to add this run.", formatNumber(r.lr(i), 3).c_str(),
                          single ? "" : (std::string(", ") + secondName() + " = ").c_str(),
                          single ? "" : formatNumber(r.secondValue(j), 3).c_str(),
                          std::isfinite(v) ? ("loss after N steps: " + formatNumber(v, 4)).c_str() : "diverged");
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && static_cast<int>(s.runs.size()) < kMaxRuns) {
            const RunConfig c = r.cell(i, j);
            if (addRun(s)) {
                s.runs.back().run.setConfig(c);
                s.runs.back().run.reset(*s.landscape);
            }
        }
    }
    ImGui::End();
    if (restart) open(s);
}

}  // namespace optiscape::app
