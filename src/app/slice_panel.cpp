// The slice's panels: in the network panel, the choice of directions and "Open slice"; while a
// slice is shown, in place of the landscape panel, what the slice is — its centre θ₀, its
// directions (with the explained variance of the trajectory's principal directions), the
// projected path — and the way back to the network.
#include <cmath>
#include <iterator>
#include <string>

#include "app/net_views.h"
#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"

namespace optiscape::app {

namespace {
/// The directions menu: random (three normalisations) or the trajectory's PCA.
struct Choice {
    const char* title;
    nets::SliceDirections directions;
    nets::Normalize normalize;
};
constexpr Choice kChoices[] = {
    {"Random, filter-normalised (Li et al.)", nets::SliceDirections::Random, nets::Normalize::Filter},
    {"Random, layer-normalised", nets::SliceDirections::Random, nets::Normalize::Layer},
    {"Random, not normalised", nets::SliceDirections::Random, nets::Normalize::None},
    {"PCA of the selected run's trajectory", nets::SliceDirections::Pca, nets::Normalize::None},
    {"The plane through θA, θB, θC (after Connect)", nets::SliceDirections::Connect, nets::Normalize::None},
};

const char* directionsText(const nets::SliceSpec& spec) {
    if (spec.directions == nets::SliceDirections::Connect)
        return "The plane of Garipov et al. (2018)'s figure: origin θA (a = b = 0), d₁ = (θB − θA)/‖θB − θA‖ and d₂ the "
               "unit part of θC − θA orthogonal to d₁ (Gram–Schmidt), so θB lies on the a-axis, the bend θC above it, "
               "and a, b are true distances in weight space. The dashed line is the straight path θA → θB, the "
               "solid curve the Bézier path φ(t), which lies in this plane; the runs' paths are least-squares "
               "projections onto it.";
    if (spec.directions == nets::SliceDirections::Pca)
        return "d₁, d₂: the first two principal directions of the run's saved weights θᵢ − θ₀ (Li et al. §7), unit "
               "length; the path is the trajectory's exact coordinates in their plane.";
    switch (spec.normalize) {
        case nets::Normalize::Filter:
            return "d₁, d₂: Gaussian, each neuron's incoming weights scaled to the norm of the same weights in θ₀ "
                   "(filter normalisation); bias directions are zero, as Li et al. (2018). The path is the "
                   "trajectory's least-squares projection onto the plane.";
        case nets::Normalize::Layer:
            return "d₁, d₂: Gaussian, each layer's weights scaled to the norm of that layer in θ₀; bias directions "
                   "are zero. The path is the trajectory's least-squares projection onto the plane.";
        case nets::Normalize::None:
            return "d₁, d₂: Gaussian, as drawn (biases included): the slice's scale follows no layer's. The path is "
                   "the trajectory's least-squares projection onto the plane.";
    }
    return "";
}
}  // namespace

void drawSliceOpener(AppState& s, const Fonts& fonts) {
    static int choice = 0;
    static double seed = 1;
    sectionHeading("LOSS LANDSCAPE SLICE");
    ImGui::TextWrapped("L(θ₀ + a·d₁ + b·d₂) around the selected run's current weights θ₀, as a landscape.");
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##slicedirs", kChoices[choice].title)) {
        for (int i = 0; i < static_cast<int>(std::size(kChoices)); ++i)
            if (ImGui::Selectable(kChoices[i].title, i == choice)) choice = i;
        ImGui::EndCombo();
    }
    nets::SliceSpec spec;
    spec.directions = kChoices[choice].directions;
    spec.normalize = kChoices[choice].normalize;
    if (spec.directions == nets::SliceDirections::Random) {
        ParamSpec p;
        p.name = "sliceSeed";
        p.def = 1, p.min = 0, p.max = 999, p.isInteger = true;
        p.help = "Seed of the two random directions.";
        paramSlider(p, seed, "directions seed");
    }
    spec.seed = static_cast<std::uint64_t>(seed);
    mutedText(fonts, directionsText(spec));
    if (ImGui::Button("Open slice")) {
        const std::string err = openSlice(s, spec);
        if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
    }
    tooltip("Shows the slice as the landscape: the map, contours, 3D view, stationary points and basins work on it "
            "as on any other; the runs become 2-D runs in its plane. The network waits until you go back.");
}

void drawSlicePanel(AppState& s, const Fonts& fonts, float scale) {
    (void)scale;
    const SliceState& sl = s.slice;
    sectionHeading("SLICE OF THE NETWORK'S LOSS");
    if (ImGui::Button("← Back to the network")) {
        closeSlice(s);
        return;
    }
    tooltip("The network and its runs as they were when the slice was opened.");
    ImGui::PushFont(fonts.bold);
    ImGui::TextWrapped("L(a, b) = L(θ₀ + a·d₁ + b·d₂)");
    ImGui::PopFont();
    const bool connect = sl.spec.directions == nets::SliceDirections::Connect;
    if (connect) {
        ImGui::TextWrapped("θ₀ = θA: run %d's weights at step %d (a = b = 0); θB: network B; θC: the Bézier bend.",
                           sl.run + 1, sl.step);
        const char* names[] = {"θA", "θB", "θC"};
        for (size_t i = 0; i < sl.plane.marks.size() && i < 3; ++i) {
            const Vec2& m = sl.plane.marks[i];
            ImGui::Text("%s at (%s, %s): L = %s", names[i], formatNumber(m.x(), 3).c_str(), formatNumber(m.y(), 3).c_str(),
                        formatNumber(s.landscape->value(m), 4).c_str());
        }
    } else {
        ImGui::TextWrapped("θ₀: run %d's weights at step %d, the map's centre (a = b = 0), where", sl.run + 1, sl.step);
        ImGui::Text("L(θ₀) = %s", formatNumber(s.landscape->value(Vec2::Zero()), 4).c_str());
    }
    ImGui::TextWrapped("%s", directionsText(sl.spec));
    if (sl.spec.directions == nets::SliceDirections::Pca) {
        ImGui::Text("explained variance: d₁ %s %%, d₂ %s %%", formatNumber(100 * sl.plane.explained1, 3).c_str(),
                    formatNumber(100 * sl.plane.explained2, 3).c_str());
        tooltip("The share of the trajectory's variance (over its saved weights) along each principal direction; "
                "together they say how much of the path the plane shows.");
    }
    ImGui::TextWrapped("The dotted lines: every run's saved weights on the slice, each in its colour (run %d: %d of "
                       "them, steps %d to %d); the other runs' are their least-squares projections onto the plane.",
                       sl.run + 1, static_cast<int>(sl.plane.path.size()), sl.plane.steps.front(), sl.plane.steps.back());
    if (sl.progress < 1.0)
        ImGui::Text("evaluating the map: %d × %d points, %d %%", sl.cols, sl.rows, static_cast<int>(100 * sl.progress));
    else
        mutedText(fonts, "map: " + std::to_string(sl.cols) + " × " + std::to_string(sl.rows) + " points, " +
                         (sl.workers > 0 ? "computed in " + std::to_string(static_cast<int>(sl.ms)) + " ms by " +
                                               std::to_string(sl.workers) + " workers in the background"
                                         : std::to_string(static_cast<int>(sl.ms)) + " ms of compute over " +
                                               std::to_string(sl.frames) + " frames"));
    mutedText(fonts, "The runs below are 2-D runs in the slice's plane (w₁ = a, w₂ = b), started where the training "
                 "started; the basins, flow and stability layers work on the slice as on any landscape.");
}

}  // namespace optiscape::app
