// The network mode's plots: training loss of every run (solid) with its test loss (dashed) on a
// log scale and the early-stopping step marked; in tabs, accuracy, the selected run's gradient
// norm per layer (vanishing and exploding gradients at a glance), the weight norms and the
// sharpness λmax against the optimizer's stability limit.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"

namespace optiscape::app {

namespace {
/// A distinct shade per layer of the selected run's colour: darker for the first layers.
ImU32 layerShade(int color, int layer, int layers) {
    const ImVec4 c = runColorVec(color);
    const float t = layers > 1 ? static_cast<float>(layer) / (layers - 1) : 0.0f;
    const float k = 0.35f + 0.65f * t;  // first layer dark, last layer the run's colour
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.x * k, c.y * k, c.z * k, 1.0f));
}

/// Selects a tab once when a command asked for it.
ImGuiTabItemFlags takeRequest(bool& flag) {
    const bool on = flag;
    flag = false;
    return on ? ImGuiTabItemFlags_SetSelected : 0;
}

void caption(const Fonts& fonts, const char* text) {
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopFont();
}
/// The stability threshold of the run's optimizer at its current rate, if it has a simple one
/// (Cohen et al. 2021): 2/η for gradient descent, (2 + 2μ)/η for heavy ball; Nesterov's and the
/// adaptive methods' thresholds involve their state, so none is drawn.
double stabilityThreshold(const RunSlot& r, std::string& label) {
    const RunConfig& c = r.net.config();
    const double lr = r.net.trajectory().empty() ? 0.0 : r.net.current().lr;
    if (!(lr > 0)) return 0.0;
    if (c.optimizer == OptimizerKind::GD) {
        label = "2/η = " + formatNumber(2.0 / lr, 3);
        return 2.0 / lr;
    }
    if (c.optimizer == OptimizerKind::Momentum && c.hyper.dampening < 1.0) {
        // b ← μ·b + (1 − τ)·g, w ← w − η·b: stable along an eigenvalue λ iff η(1 − τ)λ < 2 + 2μ
        const double limit = (2.0 + 2.0 * c.hyper.momentum) / (lr * (1.0 - c.hyper.dampening));
        label = c.hyper.dampening > 0 ? "(2 + 2μ)/(η(1 − τ)) = " + formatNumber(limit, 3) : "(2 + 2μ)/η = " + formatNumber(limit, 3);
        return limit;
    }
    return 0.0;
}

/// λmax of the Hessian along the selected run, with the stability threshold drawn (edge of
/// stability: under full-batch GD, λmax rises until it reaches 2/η and hovers there).
void drawSharpness(const AppState& s, const RunSlot& sel, const Fonts& fonts, ImVec2 size) {
    int every = s.net.spec.sharpnessEvery;
    bool on = every > 0;
    auto& spec = const_cast<AppState&>(s).net.spec;  // a view option: changing it keeps the runs
    if (ImGui::Checkbox("track λmax", &on)) spec.sharpnessEvery = on ? std::max(1, s.net.spec.sharpnessEvery == 0 ? 10 : every) : 0;
    tooltip("The top eigenvalue of the full training loss's Hessian, by Lanczos iteration on exact Hessian-vector "
            "products (forward over reverse), every K steps of every run. EE-556's sharp and flat minima; Cohen et "
            "al. (2021): under full-batch gradient descent it rises to 2/η and hovers there, the edge of stability.");
    if (on) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
        int k = std::max(1, spec.sharpnessEvery);
        if (ImGui::InputInt("every K steps", &k, 1, 10)) spec.sharpnessEvery = std::clamp(k, 1, 100000);
    }
    std::string label;
    const double threshold = stabilityThreshold(sel, label);
    const auto* pts = &sel.sharpness;
    if (pts->size() < 2) {
        caption(fonts, on ? "λmax appears here as the run steps (reset to see it from step 0)"
                          : "turn on to follow the sharpness λmax of each run as it trains");
        return;
    }
    // x is the step: the samples, K steps apart, joined by straight lines
    PlotOptions o;
    o.logY = false;
    o.yLabel = "λmax";
    const int n = pts->back().first + 1;
    const auto at = [pts](int step) {
        const auto it = std::lower_bound(pts->begin(), pts->end(), step, [](const auto& p, int x) { return p.first < x; });
        if (it == pts->end()) return pts->back().second;
        if (it == pts->begin() || it->first == step) return it->second;
        const auto& a = *(it - 1);
        const double t = static_cast<double>(step - a.first) / (it->first - a.first);
        return a.second + t * (it->second - a.second);
    };
    std::vector<PlotSeries> series{{n, at, runColor(sel.color)}};
    if (threshold > 0) o.references.push_back({[threshold](double) { return threshold; }, label, colors::kMuted});
    caption(fonts, ("λmax every " + std::to_string(std::max(1, s.net.spec.sharpnessEvery)) + " steps, selected run: now " +
                    formatNumber(pts->back().second, 4) + " at step " + std::to_string(pts->back().first) +
                    (threshold > 0 ? "; dashed: the step's stability limit " + label : "; no simple limit for this optimizer"))
                       .c_str());
    drawPlot("netsharp", series, size, o);
}
}  // namespace

void drawNetworkPlots(AppState& s, const Fonts& fonts, float scale) {
    (void)scale;
    const float fs = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::max(fs * 8.0f, std::min(fs * 13.0f, ImGui::GetContentRegionAvail().y * 0.36f));
    const bool hasTest = s.net.prepared.problem.test.n > 0;
    const bool classify = s.net.prepared.inputs.classes >= 2;

    std::vector<PlotSeries> loss;
    PlotOptions lo;
    lo.yLabel = "L";
    for (const auto& r : s.runs) {
        if (!r.visible) continue;
        const auto* traj = &r.net.trajectory();
        const int n = static_cast<int>(traj->size());
        loss.push_back({n, [traj](int i) { return (*traj)[static_cast<size_t>(i)].loss; }, runColor(r.color)});
        if (hasTest)
            loss.push_back({n, [traj](int i) { return (*traj)[static_cast<size_t>(i)].testLoss; }, runColor(r.color), true});
        if (r.net.earlyStopStep() >= 0)
            lo.markers.push_back({static_cast<double>(r.net.earlyStopStep()),
                                  "early stop: step " + std::to_string(r.net.earlyStopStep()), runColor(r.color)});
    }
    const std::string lossName = nets::lossName(s.net.prepared.model.loss);
    sectionHeading(("LOSS (" + lossName + ")  vs step").c_str());
    if (hasTest) {
        lo.legend = {{"training", colors::kInk, false}, {"test", colors::kInk, true}};
    }
    drawPlot("netloss", loss, ImVec2(w, h), lo);
    tooltip(hasTest ? "Solid: the loss on the training samples; dashed: on the held-out test samples. When the test "
                      "loss turns up while the training loss keeps falling, the network over-fits (LeCun / GSI)."
                    : "The loss on every training sample (full batch), at the weights of each step. Give a test "
                      "fraction in the network panel to see the test loss beside it.");

    if (!ImGui::BeginTabBar("netplots")) return;
    const RunSlot* sel = s.runs.empty() ? nullptr : &s.runs[static_cast<size_t>(s.selected)];
    if (classify && ImGui::BeginTabItem("Accuracy")) {
        std::vector<PlotSeries> acc;
        for (const auto& r : s.runs) {
            if (!r.visible) continue;
            const auto* traj = &r.net.trajectory();
            const int n = static_cast<int>(traj->size());
            acc.push_back({n, [traj](int i) { return 100.0 * (*traj)[static_cast<size_t>(i)].trainAcc; }, runColor(r.color)});
            if (hasTest)
                acc.push_back({n, [traj](int i) { return 100.0 * (*traj)[static_cast<size_t>(i)].testAcc; }, runColor(r.color), true});
        }
        caption(fonts, hasTest ? "per cent classified right: training (solid), test (dashed)"
                               : "per cent of the training samples classified right");
        PlotOptions o;
        o.logY = false;
        o.yLabel = "%";
        drawPlot("netacc", acc, ImVec2(w, h), o);
        ImGui::EndTabItem();
    }
    if (sel && ImGui::BeginTabItem("∇ per layer")) {
        const auto* traj = &sel->net.trajectory();
        const int n = static_cast<int>(traj->size());
        const int layers = s.net.prepared.model.layerCount();
        std::vector<PlotSeries> g;
        PlotOptions o;
        o.yLabel = "|∂L/∂W|";
        for (int l = 0; l < layers; ++l) {
            g.push_back({n, [traj, l](int i) { return (*traj)[static_cast<size_t>(i)].layerGradNorm[static_cast<size_t>(l)]; },
                         layerShade(sel->color, l, layers)});
            o.legend.push_back({"W" + std::to_string(l + 1), layerShade(sel->color, l, layers), false});
        }
        caption(fonts, "the gradient's size for each layer's weights, selected run (log scale): layers far "
                       "below the others learn slowly — vanishing gradients; far above — exploding (Lucchi, Theorem 9)");
        drawPlot("netgrad", g, ImVec2(w, h), o);
        ImGui::EndTabItem();
    }
    if (sel && ImGui::BeginTabItem("Weights")) {
        const auto* traj = &sel->net.trajectory();
        const int n = static_cast<int>(traj->size());
        const int layers = s.net.prepared.model.layerCount();
        std::vector<PlotSeries> wn;
        PlotOptions o;
        o.yLabel = "|W|";
        for (int l = 0; l < layers; ++l) {
            wn.push_back({n, [traj, l](int i) { return (*traj)[static_cast<size_t>(i)].layerWeightNorm[static_cast<size_t>(l)]; },
                          layerShade(sel->color, l, layers)});
            o.legend.push_back({"W" + std::to_string(l + 1), layerShade(sel->color, l, layers), false});
        }
        caption(fonts, "Frobenius norm of each layer's weights, selected run: weight decay keeps them small");
        drawPlot("netweights", wn, ImVec2(w, h), o);
        ImGui::EndTabItem();
    }
    if (sel && ImGui::BeginTabItem("Sharpness")) {
        drawSharpness(s, *sel, fonts, ImVec2(w, h));
        ImGui::EndTabItem();
    }

    ImGui::EndTabBar();
    // the selected run's numbers
    if (sel && !sel->net.trajectory().empty()) {
        const nets::TrainPoint& t = sel->net.current();
        sectionHeading("SELECTED RUN");
        ImGui::Text("step %d   L = %s   |∇L| = %s", sel->net.steps(), formatNumber(t.loss, 4).c_str(),
                    formatNumber(t.gradNorm, 3).c_str());
        if (hasTest) ImGui::Text("test loss %s", formatNumber(t.testLoss, 4).c_str());
        if (classify)
            ImGui::Text("accuracy: training %s %%%s", formatNumber(100 * t.trainAcc, 3).c_str(),
                        hasTest ? (", test " + formatNumber(100 * t.testAcc, 3) + " %").c_str() : "");
        ImGui::Text("%d parameters, |θ| = %s", s.net.prepared.model.parameterCount(), formatNumber(t.weightNorm, 3).c_str());
        if (sel->net.earlyStopStep() >= 0)
            ImGui::TextWrapped("early stopping kept the weights of step %d (lowest test loss)", sel->net.earlyStopStep());
    }
    // the loss along straight and curved paths through weight space (net_views_plots.cpp)
    if (!sel) return;
    sectionHeading("LOSS ALONG PATHS IN WEIGHT SPACE");
    const bool scroll = s.line.showTab || s.connect.showTab;  // a command asked for one: show it
    if (ImGui::BeginTabBar("netpaths")) {
        if (ImGui::BeginTabItem("Line: init → now", nullptr, takeRequest(s.line.showTab))) {
            drawLineTab(s, fonts, ImVec2(w, h));
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Two minima", nullptr, takeRequest(s.connect.showTab))) {
            drawConnectTab(s, fonts, ImVec2(w, h));
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    static int scrollFrames = 0;  // the tab opens on the next frame: keep it in view a few frames
    if (scroll) scrollFrames = 3;
    if (scrollFrames > 0) ImGui::SetScrollHereY(1.0f), --scrollFrames;
}

}  // namespace optiscape::app
