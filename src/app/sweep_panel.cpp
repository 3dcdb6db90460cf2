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

void SweepPanel::open(const AppState& s) {
    if (s.runs.empty()) return;
    base_ = s.runs[static_cast<size_t>(s.selected)].run.config();
    const OptimizerInfo& info = optimizerInfo(base_.optimizer);
    secondKey_.clear();
    for (const char* k : {"momentum", "beta1", "alpha"})
        if (std::find(info.hypers.begin(), info.hypers.end(), k) != info.hypers.end()) {
            secondKey_ = k;
            break;
        }
    const double lr = base_.hyper.lr;
    lrLo_ = std::max(lr / 100.0, 1e-6);
    lrHi_ = std::min(lr * 30.0, 10.0);
    secLo_ = secondKey_ == "alpha" ? 0.5 : 0.0;
    secHi_ = secondKey_ == "beta1" ? 0.99 : 0.99;
    cells_.assign(static_cast<size_t>(n_) * (secondKey_.empty() ? 1 : n_), std::numeric_limits<double>::quiet_NaN());
    done_ = 0;
    landscape_ = s.landscape.get();
    open_ = true;
}

const char* SweepPanel::secondName() const {
    if (secondKey_ == "momentum") return "momentum μ";
    if (secondKey_ == "beta1") return "β₁";
    if (secondKey_ == "alpha") return "α";
    return "";
}

void SweepPanel::compute(const AppState& s, double budgetMs) {
    if (landscape_ != s.landscape.get()) {  // the landscape changed under the sweep: start over
        open(s);
    }
    const auto t0 = std::chrono::steady_clock::now();
    const int rows = secondKey_.empty() ? 1 : n_;
    while (done_ < cells_.size()) {
        const int i = static_cast<int>(done_ % static_cast<size_t>(n_)), j = static_cast<int>(done_ / static_cast<size_t>(n_));
        RunConfig c = base_;
        c.hyper.lr = lrLo_ * std::pow(lrHi_ / lrLo_, n_ > 1 ? double(i) / (n_ - 1) : 0.0);
        if (!secondKey_.empty()) {
            const HyperSpec* h = findHyper(secondKey_);
            c.hyper.*(h->field) = secLo_ + (secHi_ - secLo_) * (rows > 1 ? double(j) / (rows - 1) : 0.0);
        }
        Run r(c);
        r.reset(*s.landscape);
        r.advance(*s.landscape, steps_);
        cells_[done_] = r.diverged() ? std::numeric_limits<double>::quiet_NaN() : r.current().loss;
        ++done_;
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (ms > budgetMs) break;
    }
}


void SweepPanel::finish(const AppState& s) { compute(s, 1e12); }

void SweepPanel::draw(AppState& s, const Fonts& fonts, float scale, double budgetMs) {
    if (!open_) return;
    compute(s, budgetMs);
    if (done_ < cells_.size()) s.busy = true;
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(fs * 26, fs * 30), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f),
                            ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    if (!ImGui::Begin("Fair comparison: loss after N steps", &open_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    const OptimizerInfo& info = optimizerInfo(base_.optimizer);
    ImGui::TextWrapped("%s from (%s, %s): every cell is a run of %d steps. Colour: log of the final loss (purple: lowest); "
                       "orange: diverged. Click a cell to add that run.",
                       info.title.c_str(), formatNumber(base_.start.x()).c_str(), formatNumber(base_.start.y()).c_str(), steps_);
    if (done_ < cells_.size()) {
        ImGui::ProgressBar(static_cast<float>(progress()), ImVec2(-fs * 6, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) open_ = false;
    } else {
        ImGui::SetNextItemWidth(fs * 8);
        int steps = steps_;
        if (ImGui::SliderInt("steps N", &steps, 10, 2000, "%d", ImGuiSliderFlags_Logarithmic)) {
            steps_ = steps;
            done_ = 0;
        }
    }
    // The grid.
    const int rows = secondKey_.empty() ? 1 : n_;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (size_t k = 0; k < done_; ++k)
        if (std::isfinite(cells_[k])) lo = std::min(lo, cells_[k]), hi = std::max(hi, cells_[k]);
    const double floor = std::isfinite(lo) ? std::max(std::abs(hi - lo) * 1e-6, 1e-300) : 1.0;
    auto tr = [&](double v) { return std::log10(v - lo + floor); };
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left = fs * 3.2f, bottom = fs * 2.6f;
    const float side = std::max(std::min(avail.x - left - fs, avail.y - bottom - fs * 1.5f), fs * 6);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 g0(origin.x + left, origin.y + fs * 0.5f);
    const float cw = side / n_, ch = secondKey_.empty() ? fs * 2.0f : side / rows;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    render::HeatmapStyle style;
    int hoverCell = -1;
    const ImVec2 m = ImGui::GetIO().MousePos;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < n_; ++i) {
            const size_t k = static_cast<size_t>(j) * n_ + i;
            const ImVec2 a(g0.x + i * cw, g0.y + (rows - 1 - j) * ch), b(a.x + cw, a.y + ch);
            ImU32 col = IM_COL32(235, 233, 228, 255);
            if (k < done_) {
                if (std::isfinite(cells_[k])) {
                    float rgb[3];
                    const double t = hi > lo ? (tr(cells_[k]) - tr(lo)) / (tr(hi) - tr(lo)) : 0.0;
                    render::heatmapColor(static_cast<float>(t), style, rgb);
                    col = ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], 1));
                } else {
                    col = IM_COL32(213, 94, 0, 90);
                }
            }
            dl->AddRectFilled(a, b, col);
            if (m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y && ImGui::IsWindowHovered()) hoverCell = static_cast<int>(k);
        }
    dl->AddRect(g0, ImVec2(g0.x + side, g0.y + ch * rows), colors::kFrame);
    // Axes: learning rate (log) below, the second setting on the left.
    for (int i = 0; i < n_; i += std::max(1, n_ / 4)) {
        const double lr = lrLo_ * std::pow(lrHi_ / lrLo_, double(i) / (n_ - 1));
        dl->AddText(fonts.small, fs * 0.8f, ImVec2(g0.x + (i + 0.5f) * cw - fs, g0.y + ch * rows + 2), colors::kMuted,
                    formatNumber(lr, 2).c_str());
    }
    dl->AddText(fonts.small, fs * 0.85f, ImVec2(g0.x + side * 0.5f - fs * 3, g0.y + ch * rows + fs * 1.1f), colors::kInk,
                "learning rate γ (log scale)");
    if (!secondKey_.empty()) {
        for (int j = 0; j < rows; j += std::max(1, rows / 4)) {
            const double v = secLo_ + (secHi_ - secLo_) * double(j) / (rows - 1);
            dl->AddText(fonts.small, fs * 0.8f, ImVec2(origin.x, g0.y + (rows - 1 - j + 0.2f) * ch), colors::kMuted,
                        formatNumber(v, 2).c_str());
        }
        dl->AddText(fonts.small, fs * 0.85f, ImVec2(origin.x, g0.y - fs * 0.1f - fs), colors::kInk, secondName());
    }
    ImGui::Dummy(ImVec2(left + side, ch * rows + bottom + fs * 0.5f));
    if (hoverCell >= 0 && static_cast<size_t>(hoverCell) < done_) {
        const int i = hoverCell % n_, j = hoverCell / n_;
        const double lr = lrLo_ * std::pow(lrHi_ / lrLo_, double(i) / (n_ - 1));
        const double sec = secLo_ + (secHi_ - secLo_) * (rows > 1 ? double(j) / (rows - 1) : 0.0);
        const double v = cells_[static_cast<size_t>(hoverCell)];
        ImGui::SetTooltip("γ = %s%s%s\n%s\nClick to add this run.", formatNumber(lr, 3).c_str(),
                          secondKey_.empty() ? "" : (std::string(", ") + secondName() + " = ").c_str(),
                          secondKey_.empty() ? "" : formatNumber(sec, 3).c_str(),
                          std::isfinite(v) ? ("loss after N steps: " + formatNumber(v, 4)).c_str() : "diverged");
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && static_cast<int>(s.runs.size()) < kMaxRuns) {
            RunConfig c = base_;
            c.hyper.lr = lr;
            if (!secondKey_.empty()) c.hyper.*(findHyper(secondKey_)->field) = sec;
            if (addRun(s)) {
                s.runs.back().run.setConfig(c);
                s.runs.back().run.reset(*s.landscape);
            }
        }
    }
    ImGui::End();
}

}  // namespace optiscape::app
