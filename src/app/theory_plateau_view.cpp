// The theory page's tanh plateau (issue 18, section 4): the loss and gradient-norm curves of one
// initial scale for gradient descent, heavy ball and perturbed GD, and the plateau's length
// against the scale with the linearised prediction's slope. Reads core/theory/plateau.h.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/theory_plots.h"
#include "app/widgets.h"
#include "core/params.h"

namespace optiscape::app {

using namespace optiscape::theory;

namespace {

const char* const kTitles[kPlateauOptimizers] = {"gradient descent", "heavy ball (momentum)", "perturbed GD"};

ImU32 optColor(int o) { return runColor(o == 0 ? 0 : o == 1 ? 2 : 4); }

/// The run of (scale i, optimizer o): finished, or the one being computed, or nullptr.
const PlateauRun* runOf(const PlateauComputer& c, int i, int o) {
    if (const PlateauRun* r = c.find(i, static_cast<PlateauOptimizer>(o))) return r;
    const PlateauRun* r = c.running();
    const double scale = c.settings().scales[size_t(i)];
    return r && r->scale == scale && static_cast<int>(r->optimizer) == o ? r : nullptr;
}

}  // namespace

void drawPlateauView(AppState& s, const Fonts& fonts, ImVec2 size) {
    const PlateauComputer& c = s.theory.plateau->computer();
    const PlateauSettings& ps = c.settings();
    const float fs = ImGui::GetFontSize();
    const int ci = std::clamp(s.theory.spec.plateauCurve, 0, static_cast<int>(ps.scales.size()) - 1);
    const double level = (1 - ps.drop) * c.zeroLoss();
    boldLine(fonts, "The tanh plateau: a small start sits beside the saddle θ = 0 (Lecture 3)");
    mutedText(fonts, "Student ŷ = vᵀtanh(Wx + b) + c (" + std::to_string(ps.inputs) + " inputs, " + std::to_string(ps.hidden) +
                     " tanh units) fitted by the mean squared error to the teacher y = tanh(" + formatNumber(ps.gain, 3) +
                     "·x₁) − mean on " + std::to_string(ps.samples) + " samples x ~ N(0, I). Start θ₀ = s·θ_LeCun (one "
                     "LeCun draw, scaled). θ = 0 is a saddle: L₀ = mean(y²) = " + formatNumber(c.zeroLoss(), 4) +
                     ", ∇L = 0. Plateau length: the first step with L < " + formatNumber(1 - ps.drop, 2) + "·L₀.");
    // The curves of scale ci.
    const float colW = (size.x - fs * 1.5f) * 0.5f;
    const float h = std::max(fs * 8.0f, (ImGui::GetContentRegionAvail().y - fs * 5.0f) * 0.5f);
    boldLine(fonts, "Loss and gradient norm from s = " + formatNumber(ps.scales[size_t(ci)], 3) + " (η = " + formatNumber(ps.lr, 3) + ")");
    // The x axis: three times the longest plateau of this scale (the flat stretch and the fall), at most every step.
    double xmax = 100;
    for (int o = 0; o < kPlateauOptimizers; ++o)
        if (const PlateauRun* r = runOf(c, ci, o)) xmax = std::max(xmax, 3.0 * (r->length >= 0 ? r->length : ps.maxSteps));
    xmax = std::min(xmax, double(ps.maxSteps));
    double gmin = HUGE_VAL, gmax = -HUGE_VAL;
    for (int o = 0; o < kPlateauOptimizers; ++o)
        if (const PlateauRun* r = runOf(c, ci, o))
            for (double g : r->curveGrad)
                if (g > 0) gmin = std::min(gmin, std::log10(g)), gmax = std::max(gmax, std::log10(g));
    if (!(gmax > gmin)) gmin = -4, gmax = 0;
    ChartAxes la;
    la.xLabel = "step";
    la.yLabel = "training loss L";
    ImGui::BeginGroup();
    const Chart lc = beginChart(ImVec2(colW, h), 0, xmax, 0, std::max(c.zeroLoss(), 1e-9) * 1.15, la);
    chartLine(lc, {0.0, xmax}, {level, level}, colors::kMuted, true, 1.2f);
    chartEndLabel(lc, xmax, level, "plateau ends: L = " + formatNumber(1 - ps.drop, 2) + "·L₀", colors::kMuted);
    ImGui::EndGroup();
    ImGui::SameLine(0, fs * 0.5f);
    ChartAxes ga;
    ga.xLabel = "step";
    ga.yLabel = "‖∇L‖";
    ga.yLog10 = true;
    ImGui::BeginGroup();
    const Chart gc = beginChart(ImVec2(colW, h), 0, xmax, std::floor(gmin) - 0.2, std::ceil(gmax) + 0.2, ga);
    ImGui::EndGroup();
    for (int o = 0; o < kPlateauOptimizers; ++o) {
        const PlateauRun* r = runOf(c, ci, o);
        if (!r || r->curveSteps.empty()) continue;
        std::vector<double> xs(r->curveSteps.begin(), r->curveSteps.end()), lg;
        for (double g : r->curveGrad) lg.push_back(g > 0 ? std::log10(g) : NAN);
        chartLine(lc, xs, r->curveLoss, optColor(o));
        chartLine(gc, xs, lg, optColor(o));
        // each optimizer's label on its own line, below the axis title
        if (r->length >= 0) chartMarker(lc, r->length, std::to_string(r->length), optColor(o), o + 1);
    }
    chartLegend({{kTitles[0], optColor(0)}, {std::string(kTitles[1]) + ", μ = " + formatNumber(ps.momentum, 3), optColor(1)},
                 {std::string(kTitles[2]) + ", r = " + formatNumber(ps.radius, 3), optColor(2)}});
    // Plateau length against the scale.
    ImGui::Spacing();
    boldLine(fonts, "Plateau length against the initial scale s");
    const double lambda = c.escapeRate();
    double top = 10;
    for (const PlateauRun& r : c.runs()) top = std::max(top, double(r.length >= 0 ? r.length : ps.maxSteps));
    ChartAxes sa;
    sa.xLabel = "initial scale s (log scale)";
    sa.yLabel = "steps on the plateau";
    sa.xLog10 = true;
    const double x0 = std::log10(ps.scales.front()), x1 = std::log10(ps.scales.back());
    const float h2 = std::max(fs * 8.0f, ImGui::GetContentRegionAvail().y - fs * 5.2f);
    const Chart sc = beginChart(ImVec2(size.x - fs * 0.5f, h2), x0 - 0.15, x1 + 0.15, 0, top * 1.12, sa);
    for (int o = 0; o < kPlateauOptimizers; ++o) {
        std::vector<double> xs, ys, none;
        for (size_t i = 0; i < ps.scales.size(); ++i)
            if (const PlateauRun* r = c.find(static_cast<int>(i), static_cast<PlateauOptimizer>(o)))
                xs.push_back(std::log10(r->scale)), ys.push_back(r->length >= 0 ? r->length : NAN);
        if (xs.empty()) continue;
        chartLine(sc, xs, ys, optColor(o), false, 1.5f);
        chartPoints(sc, xs, ys, ys, ys, optColor(o));
        // The linearised prediction's slope, through the smallest scale's measured length.
        if (o == 2 || !std::isfinite(ys.front())) continue;
        const double perDecade = std::log(10.0) / std::log(plateauGrowth(ps, lambda, static_cast<PlateauOptimizer>(o)));
        chartLine(sc, {x0, x1}, {ys.front(), ys.front() - perDecade * (x1 - x0)}, optColor(o), true, 1.2f);
        chartEndLabel(sc, x0 + 0.6 * (x1 - x0), ys.front() - perDecade * 0.6 * (x1 - x0) + top * 0.04,
                      formatNumber(perDecade, 3) + " steps/decade predicted", optColor(o));
    }
    mutedText(fonts, "Dashed: the slope the saddle predicts. Near θ = 0 the Hessian has eigenvalues ±2‖c‖ (c = mean(y·x), "
                 "here 2‖c‖ = " + formatNumber(lambda, 4) + "), so each step multiplies the escaping direction by 1 + η·2‖c‖ "
                 "(heavy ball: the larger root of z² − (1 + μ + η·2‖c‖)z + μ); from scale s that takes ln(1/s)/ln(growth) steps. "
                 "Perturbed GD jumps into the ball of radius r whenever ‖∇L‖ ≤ " + formatNumber(ps.threshold, 3) + ": from a "
                 "small start it leaves at once from radius r.");
}

}  // namespace optiscape::app
