// The probe: what the landscape looks like at one point — w, L, ∇L, and the Hessian's
// eigenvalues with the condition number and GD's local stability limit 2/λmax (Yarotsky, Lecture 3).
#include <cmath>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"
#include "core/params.h"

namespace optiscape::app {

void drawLayersPanel(AppState& s) {
    sectionHeading("MAP LAYERS");
    ImGui::Checkbox("Stationary points", &s.showStationary);
    tooltip("Known minima (circle), maxima (triangle), saddles (cross) and degenerate points (diamond). "
            "Hover one for its Hessian eigenvalues.");
    ImGui::Checkbox("Hessian eigenvectors at the cursor", &s.showEigen);
    tooltip("A cross along the Hessian's eigenvectors, each arm as long as its eigenvalue (red: negative, "
            "the loss curves down that way).");
    ImGui::Checkbox("Where the selected run's γ is unstable", &s.showStability);
    tooltip("Hatched where γ·λmax(H) > 2: there gradient descent locally overshoots and diverges "
            "(Yarotsky's 2/M; heavy ball: γ·λmax > 2(1 + μ)). Adaptive methods have no fixed limit.");
    ImGui::Checkbox("Basins of attraction", &s.showBasins);
    tooltip("Every start in the view coloured by the minimum the selected run's optimizer, with its settings, "
            "reaches from there (dark: diverged, white: not converged in 1000 steps). Computed a few rows per "
            "frame; recomputed when the view, the landscape or the run's settings change.");
    if (s.showBasins && s.basinsProgress < 1.0) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "%d%%",
                           static_cast<int>(s.basinsProgress * 100.0));
    }
    ImGui::Checkbox("Gradient flow from the start", &s.showFlow);
    tooltip("The continuous path dw/dt = −∇L(w) from the selected run's start (dashed, in its colour): what "
            "gradient descent follows as γ → 0. For gradient descent a ring marks the flow at time t = γ·k, "
            "where k steps would be if they followed it.");
}

void drawProbePanel(const AppState& s, const Fonts& fonts, const std::optional<Vec2>& hover) {
    Vec2 w;
    std::string where;
    if (hover) {
        w = *hover;
        where = "at the cursor";
    } else if (!s.runs.empty()) {
        w = s.runs[static_cast<size_t>(s.selected)].run.current().w;
        where = "at the selected run";
    } else {
        return;
    }
    sectionHeading(("PROBE  " + where).c_str());
    const Eval e = s.landscape->evaluate(w);
    auto f = [](double v) { return formatNumber(v, 4); };
    ImGui::Text("w = (%s, %s)", f(w.x()).c_str(), f(w.y()).c_str());
    ImGui::Text("L = %s", f(e.value).c_str());
    ImGui::Text("∇L = (%s, %s)", f(e.gradient.x()).c_str(), f(e.gradient.y()).c_str());
    if (!e.hessian.allFinite()) return;
    const Vec2 lam = symmetricEigenvalues(e.hessian);  // ascending
    const double l1 = lam.x(), l2 = lam.y();
    ImGui::Text("Hessian eigenvalues λ = %s, %s", f(l1).c_str(), f(l2).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    if (l1 > 0) ImGui::Text("condition number κ = λmax/λmin = %s", f(l2 / l1).c_str());
    else ImGui::TextWrapped("not convex here (λmin ≤ 0): no condition number");
    if (l2 > 0) ImGui::Text("GD is locally stable for γ < 2/λmax = %s", f(2.0 / l2).c_str());
    ImGui::PopStyleColor();
}

}  // namespace optiscape::app
