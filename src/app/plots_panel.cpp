// The plots panel: loss and gradient norm against steps for every visible run, in run colours.
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"

namespace optiscape::app {

void drawPlotsPanel(const AppState& s, const Fonts& fonts, float scale) {
    const float fs = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::max(fs * 8.0f, std::min(fs * 13.0f, ImGui::GetContentRegionAvail().y * 0.36f));
    std::vector<PlotSeries> loss, grad;
    for (const auto& r : s.runs) {
        if (!r.visible) continue;
        const auto* traj = &r.run.trajectory();
        const int n = static_cast<int>(traj->size());
        loss.push_back({n, [traj](int i) { return (*traj)[static_cast<size_t>(i)].loss; }, runColor(r.color)});
        grad.push_back({n, [traj](int i) { return (*traj)[static_cast<size_t>(i)].gradNorm; }, runColor(r.color)});
    }
    sectionHeading("LOSS  L(w)  vs step");
    drawPlot("loss", loss, ImVec2(w, h), PlotOptions{true, "L"});
    sectionHeading("GRADIENT NORM  |∇L(w)|  vs step");
    drawPlot("grad", grad, ImVec2(w, h), PlotOptions{true, "|∇L|"});
}

}  // namespace optiscape::app
