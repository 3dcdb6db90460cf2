// The plots panel: loss against steps for every visible run, and in tabs the squared gradient
// norm on log-log axes with the non-convex rates, the Hessian's eigenvalues along the selected
// run's path, the selected run's effective step per coordinate, and the data with the model fit.
#include <algorithm>
#include <cmath>
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"

namespace optiscape::app {

namespace {
/// The Hessian's eigenvalues (λmin, λmax) at each point of a path, extended as the run grows and
/// recomputed from the first point that changed (they depend only on the landscape and w).
struct EigenPath {
    const Landscape* landscape = nullptr;
    std::vector<double> params;
    std::vector<Vec2> w, lambda;

    const std::vector<Vec2>& update(const Landscape& l, const std::vector<TrajectoryPoint>& traj) {
        if (landscape != &l || params != l.params()) {
            landscape = &l;
            params = l.params();
            w.clear();
            lambda.clear();
        }
        size_t same = 0;
        while (same < w.size() && same < traj.size() && w[same] == traj[same].w) ++same;
        w.resize(same);
        lambda.resize(same);
        for (size_t i = same; i < traj.size(); ++i) {
            w.push_back(traj[i].w);
            lambda.push_back(symmetricEigenvalues(l.evaluate(traj[i].w).hessian));
        }
        return lambda;
    }
};

bool adaptive(OptimizerKind k) {
    return k == OptimizerKind::Adam || k == OptimizerKind::AMSGrad || k == OptimizerKind::AdamW ||
           k == OptimizerKind::Adagrad || k == OptimizerKind::RMSprop;
}
}  // namespace

void drawPlotsPanel(const AppState& s, const Fonts& fonts, float scale) {
    const float fs = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::max(fs * 8.0f, std::min(fs * 13.0f, ImGui::GetContentRegionAvail().y * 0.33f));
    std::vector<PlotSeries> loss, grad;
    double g1 = 0.0;  // the largest |∇L|² at step 1, where the reference lines start
    for (const auto& r : s.runs) {
        if (!r.visible) continue;
        const auto* traj = &r.run.trajectory();
        const int n = static_cast<int>(traj->size());
        loss.push_back({n, [traj](int i) { return (*traj)[static_cast<size_t>(i)].loss; }, runColor(r.color)});
        grad.push_back({n, [traj](int i) {
                            const double g = (*traj)[static_cast<size_t>(i)].gradNorm;
                            return g * g;
                        }, runColor(r.color)});
        if (n > 1) g1 = std::max(g1, (*traj)[1].gradNorm * (*traj)[1].gradNorm);
    }
    sectionHeading("LOSS  L(w)  vs step");
    PlotOptions lo;
    lo.yLabel = "L";
    drawPlot("loss", loss, ImVec2(w, h), lo);

    if (!ImGui::BeginTabBar("plots")) return;
    const RunSlot* sel = s.runs.empty() ? nullptr : &s.runs[static_cast<size_t>(s.selected)];
    if (ImGui::BeginTabItem("|∇L|²")) {
        ImGui::PushFont(fonts.small);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "squared gradient norm vs step, log-log");
        ImGui::PopFont();
        PlotOptions o;
        o.yLabel = "|∇L|²";
        o.logX = true;
        if (g1 > 0) {
            o.references.push_back({[g1](double k) { return g1 / std::sqrt(k); }, "O(1/√N): SGD, non-convex",
                                    colors::kDanger});
            o.references.push_back({[g1](double k) { return g1 / k; }, "O(1/N): GD, non-convex", colors::kMuted});
        }
        drawPlot("grad", grad, ImVec2(w, h), o);
        tooltip("min over the first N steps of E|∇L|² falls like 1/√N for SGD with step ∝ 1/√N and like 1/N "
                "for gradient descent with a fixed step below 2/λmax, on any smooth non-convex loss "
                "(Ghadimi & Lan 2013; EE-556). Dashed: those rates, started at step 1.");
        ImGui::EndTabItem();
    }
    if (sel && ImGui::BeginTabItem("Hessian λ")) {
        static EigenPath cache;
        const auto& lam = cache.update(*s.landscape, sel->run.trajectory());
        double big = 0.0;
        for (const Vec2& l : lam) big = std::max({big, std::abs(l[0]), std::abs(l[1])});
        const int n = static_cast<int>(lam.size());
        const auto* data = &lam;
        std::vector<PlotSeries> ev{{n, [data](int i) { return (*data)[static_cast<size_t>(i)][1]; }, runColor(sel->color)},
                                   {n, [data](int i) { return (*data)[static_cast<size_t>(i)][0]; }, runColor(sel->color), true}};
        ImGui::PushFont(fonts.small);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "eigenvalues of ∇²L along the selected run");
        ImGui::PopFont();
        PlotOptions o;
        o.logY = false;
        o.yLabel = "λ";
        o.symlogC = std::max(big * 1e-3, 1e-9);
        o.references.push_back({[](double) { return 0.0; }, "λ = 0", colors::kMuted});
        o.legend = {{"λmax", runColor(sel->color), false}, {"λmin", runColor(sel->color), true}};
        drawPlot("eigen", ev, ImVec2(w, h), o);
        tooltip("Signed log scale: sign(λ)·log(1 + |λ|/c), so negative curvature (a saddle's escape "
                "direction) shows below the zero line. κ = λmax/λmin where both are positive.");
        ImGui::EndTabItem();
    }
    if (sel && ImGui::BeginTabItem("Step per coord.")) {
        const auto* traj = &sel->run.trajectory();
        const int n = static_cast<int>(traj->size());
        std::vector<PlotSeries> st{
            {n, [traj](int i) { return i == 0 ? NAN : (*traj)[static_cast<size_t>(i)].effStep[0]; }, runColor(sel->color)},
            {n, [traj](int i) { return i == 0 ? NAN : (*traj)[static_cast<size_t>(i)].effStep[1]; }, runColor(sel->color), true}};
        ImGui::PushFont(fonts.small);
        const OptimizerKind k = sel->run.config().optimizer;
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
        ImGui::TextWrapped("%s", adaptive(k)
                                     ? "effective rate per coordinate, |Δwᵢ| per unit of mᵢ (or gᵢ): it depends on the "
                                       "axes — turn ill-conditioned's θ from 0° to 45° and the two curves merge"
                                     : "this optimizer applies the same rate γ_t to both coordinates");
        ImGui::PopStyleColor();
        ImGui::PopFont();
        PlotOptions o;
        o.yLabel = "rate";
        o.legend = {{"w₁", runColor(sel->color), false}, {"w₂", runColor(sel->color), true}};
        drawPlot("effstep", st, ImVec2(w, h), o);
        ImGui::EndTabItem();
    }
    if (s.landscape->sampleCount() > 0 && ImGui::BeginTabItem("Data")) {
        drawDataPanel(s, fonts, ImVec2(w, h));
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    (void)scale;
}

}  // namespace optiscape::app
