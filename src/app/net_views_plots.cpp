// The network plots' windows onto the loss: the 1-D line from the selected run's initial to its
// current weights (Goodfellow et al. 2015), and mode connectivity — the straight line and
// Garipov et al.'s Bézier curve between the run's minimum and a second network's, with their
// barriers (net_views.h computes them).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/net_views.h"
#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"

namespace optiscape::app {

namespace {
std::string num(double v, int digits = 4) { return std::isfinite(v) ? formatNumber(v, digits) : "not finite"; }
}  // namespace

void drawLineTab(AppState& s, const Fonts& fonts, ImVec2 size) {
    if (s.runs.empty()) return;
    // while training, at most about four times a second (each point is a pass over the data)
    static double last = -1.0;
    const double now = ImGui::GetTime();
    if (!s.playing || now - last > 0.25) {
        updateLine(s);
        last = now;
    }
    bool wide = s.line.tmin < 0.0;
    if (ImGui::Checkbox("t from −0.5 to 1.5", &wide)) setLineRange(s, wide ? -0.5 : 0.0, wide ? 1.5 : 1.0);
    tooltip("Past both ends: beyond the initial weights (t < 0) and past the current ones (t > 1).");
    const NetLine& l = s.line;
    if (l.loss.empty()) return;
    const RunSlot& r = s.runs[static_cast<size_t>(std::clamp(l.run, 0, static_cast<int>(s.runs.size()) - 1))];
    mutedText(fonts, "L((1 − t)·θ_init + t·θ), the straight line from run " + std::to_string(l.run + 1) +
                       "'s initial weights (t = 0) to its weights at step " + std::to_string(l.step) +
                       " (t = 1), Goodfellow et al. (2015): a monotone fall says no barrier lies in between.");
    PlotOptions o;
    o.yLabel = "L";
    o.x0 = l.tmin;
    o.dx = (l.tmax - l.tmin) / (kLinePoints - 1);
    const int i0 = static_cast<int>(std::lround(-l.tmin / o.dx)), i1 = static_cast<int>(std::lround((1 - l.tmin) / o.dx));
    o.markers.push_back({static_cast<double>(i0), "init", colors::kMuted});
    o.markers.push_back({static_cast<double>(i1), "step " + std::to_string(l.step), colors::kMuted});
    const auto* v = &l.loss;
    drawPlot("netline", {{static_cast<int>(v->size()), [v](int i) { return (*v)[static_cast<size_t>(i)]; }, runColor(r.color)}},
             size, o);
}

void drawConnectTab(AppState& s, const Fonts& fonts, ImVec2 size) {
    if (s.runs.empty()) return;
    static double seedB = 0;
    if (seedB == 0 || static_cast<std::uint64_t>(seedB) == s.net.spec.seed) seedB = static_cast<double>(s.net.spec.seed + 1);
    mutedText(fonts, "Network A: the selected run's weights now. Network B: the same network trained the same way for "
                   "as many steps from the initial weights of another seed. Then the path between them: Garipov et al. "
                   "(2018)'s quadratic Bézier curve φ(t) = (1 − t)²θA + 2t(1 − t)θC + t²θB, its bend θC trained by Adam "
                   "on L(φ(t)) at random t (not Draxler's AutoNEB).");
    ParamSpec p;
    p.name = "seedB";
    p.def = 2, p.min = 0, p.max = 999, p.isInteger = true;
    p.help = "Seed of network B's initial weights (not network A's).";
    paramSlider(p, seedB, "network B's seed");
    const auto* job = s.connect.job.get();
    const bool busy = job && !job->done();
    if (busy) ImGui::BeginDisabled();
    if (ImGui::Button("Connect two minima")) {
        const std::string err = startConnect(s, static_cast<std::uint64_t>(seedB));
        if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
        job = s.connect.job.get();
    }
    if (busy) ImGui::EndDisabled();
    static bool wasDone = true;  // once the result arrives, bring the grown tab into view
    if (job && job->done() && !wasDone) s.connect.showTab = true;
    wasDone = !job || job->done();
    if (!job) return;
    if (!job->error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kDanger);
        ImGui::TextWrapped("%s", job->error().c_str());
        ImGui::PopStyleColor();
        return;
    }
    if (!job->done()) {
        ImGui::Text("%s …", job->stage());
        ImGui::ProgressBar(static_cast<float>(job->progress()), ImVec2(-1.0f, 0.0f));
        return;
    }
    const RunSlot& r = s.runs[static_cast<size_t>(std::clamp(s.connect.run, 0, static_cast<int>(s.runs.size()) - 1))];
    const auto* line = &job->lineLoss();
    const auto* curve = &job->curveLoss();
    PlotOptions o;
    o.yLabel = "L";
    o.x0 = 0.0;
    o.dx = 1.0 / (static_cast<double>(line->size()) - 1);
    o.legend = {{"straight line", colors::kInk, true}, {"Bézier curve", runColor(r.color), false}};
    const int n = static_cast<int>(line->size());
    drawPlot("netconnect",
             {{n, [line](int i) { return (*line)[static_cast<size_t>(i)]; }, colors::kInk, true},
              {n, [curve](int i) { return (*curve)[static_cast<size_t>(i)]; }, runColor(r.color)}},
             size, o);
    ImGui::TextWrapped("barrier (the highest loss above the higher end):");
    ImGui::Text("straight line %s,  Bézier curve %s", num(job->lineBarrier()).c_str(), num(job->curveBarrier()).c_str());
    ImGui::Text("L(θA) = %s,  L(θB) = %s", num(job->lineLoss().front()).c_str(), num(job->lineLoss().back()).c_str());
    if (ImGui::Button("Show the plane through θA, θB, θC")) {
        nets::SliceSpec plane;
        plane.directions = nets::SliceDirections::Connect;
        const std::string err = openSlice(s, plane);
        if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
        return;
    }
    tooltip("Garipov et al.'s figure: the loss on the plane through the two minima and the bend θC, with the straight "
            "line, the Bézier curve and every run's path drawn on it.");
    mutedText(fonts, "A: run " + std::to_string(s.connect.run + 1) + " at step " + std::to_string(s.connect.step) +
                       "; B: seed " + std::to_string(job->spec().seedB) + "; " + std::to_string(job->spec().bezier.steps) +
                       " steps of the bend; " + num(s.connect.ms, 3) + " ms of compute");
}

}  // namespace optiscape::app
