// The theory page's centre (issue 18): Safran–Shamir's table beside the lecture's with a histogram
// of final objectives; Theorem 9's gradient size against depth and per layer with the bound's two
// terms; the landscape kinds A–D as four histograms of final losses. Reads app/theory_state.h.
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

const ImU32 kGlobalColor = IM_COL32(0, 158, 115, 255);    // bluish green
const ImU32 kSpuriousColor = IM_COL32(213, 94, 0, 255);   // vermillion
const ImU32 kOtherColor = IM_COL32(150, 150, 150, 255);   // not converged
const ImU32 kLectureColor = IM_COL32(31, 35, 40, 255);

/// The histogram layer of an end point: 0 global, 1 spurious, 2 not converged.
size_t endClass(EndPoint e) { return e == EndPoint::Global ? 0 : e == EndPoint::Spurious ? 1 : 2; }

std::string percent(double f, int digits = 3) { return formatNumber(100.0 * f, digits) + " %"; }

/// A bar from 0 to 100 % in the cell: ours as a coloured bar with its ±2σ whisker, the lecture's
/// value as a black tick.
void fractionBar(double ours, double se, double lecture, bool hasLecture, int done, float width) {
    const float fs = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = std::max(width, fs * 3.0f), h = fs * 0.9f;
    ImGui::Dummy(ImVec2(w, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y0 = p.y + fs * 0.15f, y1 = y0 + h * 0.8f;
    dl->AddRectFilled(ImVec2(p.x, y0), ImVec2(p.x + w, y1), IM_COL32(0, 0, 0, 18));
    if (done > 0) {
        dl->AddRectFilled(ImVec2(p.x, y0), ImVec2(p.x + w * float(ours), y1), kSpuriousColor);
        const float a = p.x + w * float(std::max(0.0, ours - 2 * se)), b = p.x + w * float(std::min(1.0, ours + 2 * se));
        dl->AddLine(ImVec2(a, (y0 + y1) * 0.5f), ImVec2(b, (y0 + y1) * 0.5f), kLectureColor, 1.5f);
    }
    if (hasLecture) {
        const float x = p.x + w * float(lecture / 100.0);
        dl->AddLine(ImVec2(x, y0 - fs * 0.15f), ImVec2(x, y1 + fs * 0.15f), kLectureColor, fs * 0.16f);
    }
}

void drawTeacherSlice(AppState& s, const Fonts& fonts, ImVec2 size);

void drawSpurious(AppState& s, const Fonts& fonts, ImVec2 size) {
    const SpuriousTableComputer& t = s.theory.table->computer();
    const float fs = ImGui::GetFontSize();
    boldLine(fonts, "Spurious local minima of two-layer ReLU nets (Safran & Shamir 2018)");
    mutedText(fonts, "Each row: " + std::to_string(t.settings().runs) + " runs from Xavier starts of the teacher problem with k teacher "
                 "and n student units. Lecture = the table in Yarotsky's slides; Optiscape = computed here, ± the binomial "
                 "standard error σ = √(f(1 − f)/runs). Eigenvalue and objective: averages over the spurious minima, ×½ "
                 "to the lecture's scale (its objective has a factor ½). Click a row for its histogram.");
    const int histRow = theoryHistogramRow(s.theory);
    // The table as a grid of columns (ImGui's tables would add ~20 KB to the page for one table).
    static const float kWeights[] = {0.9f, 0.8f, 1.0f, 1.7f, 1.6f, 1.5f, 1.4f, 0.8f};
    static const char* const kHeads[] = {"k, n", "runs", "lecture %", "Optiscape % ± σ", "0 … 100 %", "min eigenvalue", "objective", "time"};
    const float x0 = ImGui::GetCursorPosX(), total = ImGui::GetContentRegionAvail().x - fs * 0.5f;
    float starts[9] = {0};
    float sum = 0;
    for (float w : kWeights) sum += w;
    for (int i = 0; i < 8; ++i) starts[i + 1] = starts[i] + total * kWeights[i] / sum;
    const auto cell = [&](int i) { ImGui::SameLine(x0 + starts[i] + fs * 0.3f); };
    ImGui::PushFont(fonts.bold);
    for (int i = 0; i < 8; ++i) {
        if (i) cell(i);
        else ImGui::SetCursorPosX(x0 + fs * 0.3f);
        ImGui::TextUnformatted(kHeads[i]);
    }
    ImGui::PopFont();
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y - 2), ImVec2(p.x + total, p.y - 2), colors::kFrame);
    }
    const auto& rows = t.rows();
    for (size_t i = 0; i < rows.size(); ++i) {
        const SpuriousRowTally& r = rows[i];
        const LectureRow* l = lectureRow(r.k, r.n);
        if (i > 0 && r.n != r.k && rows[i - 1].n == rows[i - 1].k) {
            ImGui::PushFont(fonts.bold);
            ImGui::SetCursorPosX(x0 + fs * 0.3f);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kAccent), "n = k + 1");
            cell(2);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kAccent), "over-parametrised: one student unit more");
            ImGui::PopFont();
        }
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        if (i % 2 == 1)
            ImGui::GetWindowDrawList()->AddRectFilled(rp, ImVec2(rp.x + total, rp.y + ImGui::GetTextLineHeightWithSpacing()), IM_COL32(0, 0, 0, 10));
        const std::string label = std::to_string(r.k) + ", " + std::to_string(r.n) + "##row" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), int(i) == histRow, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(total, 0)))
            s.theory.histogramRow = static_cast<int>(i);
        cell(1);
        ImGui::Text("%d", r.done);
        cell(2);
        ImGui::TextUnformatted(l ? (formatNumber(l->percent, 3) + " %").c_str() : "–");
        cell(3);
        if (r.done > 0) {
            const bool agrees = l && std::abs(r.fraction() - l->percent / 100) <= 2 * std::max(r.stderrFraction(), 0.5 / r.done);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(l && !agrees && r.done >= 50 ? colors::kDanger : colors::kInk), "%s ± %s",
                               formatNumber(100 * r.fraction(), 3).c_str(), formatNumber(100 * r.stderrFraction(), 2).c_str());
            if (l) tooltip(agrees ? "within 2σ of the lecture's value" : "more than 2σ from the lecture's value");
        } else {
            ImGui::TextDisabled("…");
        }
        cell(4);
        fractionBar(r.fraction(), r.stderrFraction(), l ? l->percent : 0, l != nullptr, r.done, starts[5] - starts[4] - fs * 0.8f);
        cell(5);
        const std::string eig = r.spurious > 0 ? formatNumber(0.5 * r.meanMinEigenvalue(), 2) : "–";
        ImGui::Text("%s  (%s)", l ? formatNumber(l->minEigenvalue, 2).c_str() : "–", eig.c_str());
        cell(6);
        const std::string obj = r.spurious > 0 ? formatNumber(0.5 * r.meanObjective(), 2) : "–";
        ImGui::Text("%s  (%s)", l ? formatNumber(l->objective, 2).c_str() : "–", obj.c_str());
        cell(7);
        ImGui::Text("%s s", formatNumber(r.seconds, 2).c_str());
    }
    mutedText(fonts, "Bar: Optiscape's fraction (whisker ±2σ), black tick: the lecture's. Eigenvalue and objective columns: "
                 "lecture (Optiscape). Red: more than 2σ from the lecture after 50 runs or more.");
    // Histogram of the chosen row's final objectives on a log axis: global minima far left.
    if (histRow < 0) return;
    if (s.theory.slice.open) {
        drawTeacherSlice(s, fonts, size);
        return;
    }
    const SpuriousRowTally& r = t.rows()[static_cast<size_t>(histRow)];
    ImGui::Spacing();
    boldLine(fonts, "Final objective F of every run, k = " + std::to_string(r.k) + ", n = " + std::to_string(r.n) + "   (" +
                       std::to_string(r.global) + " global, " + std::to_string(r.spurious) + " spurious, " +
                       std::to_string(r.notConverged) + " not converged)");
    const double lo = -16, hi = 0, bw = 0.25;
    const int bins = static_cast<int>((hi - lo) / bw);
    std::vector<std::vector<int>> counts(static_cast<size_t>(bins), std::vector<int>(3, 0));
    const double tol = t.settings().optimizer.globalTol;
    for (size_t i = 0; i < r.objectives.size(); ++i) {
        const double f = r.objectives[i];
        const double lf = std::clamp(f > 0 ? std::log10(f) : lo, lo, hi - 1e-9);
        ++counts[static_cast<size_t>((lf - lo) / bw)][endClass(r.types[i])];
    }
    int top = 1;
    for (const auto& b : counts) top = std::max(top, b[0] + b[1] + b[2]);
    const float h = std::max(fs * 8.0f, ImGui::GetContentRegionAvail().y - fs * 2.2f);
    ChartAxes ax;
    ax.xLabel = "final objective F (log scale)";
    ax.yLabel = "runs";
    ax.xLog10 = true;
    const Chart c = beginChart(ImVec2(size.x - fs * 0.5f, h), lo, hi, 0, top * 1.1, ax);
    chartBars(c, lo, bw, counts, {kGlobalColor, kSpuriousColor, kOtherColor});
    chartMarker(c, std::log10(tol), "global below F = " + formatNumber(tol, 2), colors::kMuted);
    chartLegend({{"global minimum", kGlobalColor}, {"spurious local minimum", kSpuriousColor}, {"not converged", kOtherColor}});
    // A click on a bar with spurious minima opens the slice around the first of them in that bin.
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (r.spurious > 0 && m.x >= c.lo.x && m.x < c.hi.x && m.y >= c.lo.y && m.y < c.hi.y) {
        const int bin = std::clamp(static_cast<int>((lo + (m.x - c.lo.x) / (c.hi.x - c.lo.x) * (hi - lo) - lo) / bw), 0, bins - 1);
        int index = -1, seen = 0;
        for (size_t i = 0; i < r.objectives.size() && index < 0; ++i) {
            if (r.types[i] != EndPoint::Spurious) continue;
            const double lf = std::clamp(r.objectives[i] > 0 ? std::log10(r.objectives[i]) : lo, lo, hi - 1e-9);
            if (static_cast<int>((lf - lo) / bw) == bin) index = seen;
            ++seen;
        }
        if (index >= 0) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            tooltip("Click: the loss on the plane through this spurious minimum and the nearest global minimum");
            if (ImGui::IsMouseClicked(0)) {
                const std::string err = theoryCommand(s, "slice " + std::to_string(index));
                if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
            }
        }
    }
    mutedText(fonts, "Click a red bar: the loss F on the plane through that spurious minimum and the global minimum nearest to it.");
}

/// F on the plane W* + a·D₁ + b·D₂ through a spurious minimum (0, 0) and its nearest global minimum (1, 0).
void drawTeacherSlice(AppState& s, const Fonts& fonts, ImVec2 size) {
    const TheoryState::Slice& sl = s.theory.slice;
    const TeacherSlice& p = sl.plane;
    const float fs = ImGui::GetFontSize();
    ImGui::Spacing();
    boldLine(fonts, "Slice of F around spurious minimum " + std::to_string(sl.index + 1) + " of k = " + std::to_string(p.objective.k) +
                       ", n = " + std::to_string(p.objective.n));
    ImGui::SameLine();
    if (ImGui::SmallButton("Back to the histogram")) theoryCommand(s, "slice close");
    mutedText(fonts, "W(a, b) = W* + a·(W_g − W*) + b·D, with W_g the global minimum nearest to W* (each student unit on the "
                 "teacher unit it leans on most) and D a random direction orthogonal to W_g − W*, of the same norm. Colour: log₁₀ F in bands (contours). "
                 "F(W*) = " + formatNumber(p.centerValue, 4) + ", F(W_g) = " + formatNumber(p.otherValue, 3) + ".");
    const ViewBox& b = p.box;
    const float side = std::max(fs * 10.0f, std::min(size.x - fs * 0.5f, ImGui::GetContentRegionAvail().y - fs * 3.2f));
    ChartAxes ax;
    ax.xLabel = "a: toward the global minimum";
    ax.yLabel = "b";
    const Chart c = beginChart(ImVec2(side * 1.3f, side), b.w1min, b.w1max, b.w2min, b.w2max, ax);
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (double v : sl.values) {
        const double l = std::log10(std::max(v, 1e-6));
        lo = std::min(lo, l), hi = std::max(hi, l);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const double cw = b.width() / sl.cols, ch = b.height() / sl.rows;
    for (int j = 0; j < sl.rowsDone; ++j)
        for (int i = 0; i < sl.cols; ++i) {
            const double v = sl.values[static_cast<size_t>(j) * sl.cols + i];
            float t = hi > lo ? static_cast<float>((std::log10(std::max(v, 1e-6)) - lo) / (hi - lo)) : 0.5f;
            t = std::floor(t * 16.0f) / 15.0f;  // bands: their edges read as contour lines
            // low F dark blue, high F pale: a quiet sequential ramp
            const ImU32 col = IM_COL32(static_cast<int>(20 + 225 * t), static_cast<int>(60 + 185 * t), static_cast<int>(120 + 130 * t), 255);
            const double x = b.w1min + i * cw, y = b.w2min + j * ch;
            dl->AddRectFilled(ImVec2(c.X(x), c.Y(y + ch)), ImVec2(c.X(x + cw) + 1, c.Y(y) + 1), col);
        }
    const auto mark = [&](double a, double bb, ImU32 col, const std::string& text) {
        const ImVec2 q(c.X(a), c.Y(bb));
        dl->AddCircleFilled(q, fs * 0.38f, col);
        dl->AddCircle(q, fs * 0.38f, IM_COL32(255, 255, 255, 255), 0, 1.5f);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        const ImVec2 at(q.x - ts.x * 0.5f, a == 0 ? q.y + fs * 0.6f : q.y - fs * 0.6f - ts.y);
        dl->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), IM_COL32(255, 255, 255, 220), 3.0f);
        dl->AddText(at, colors::kInk, text.c_str());
    };
    mark(0, 0, kSpuriousColor, "spurious minimum, F = " + formatNumber(p.centerValue, 3));
    mark(1, 0, kGlobalColor, "global minimum, F = 0");
    if (sl.rowsDone < sl.rows) mutedText(fonts, "computing the slice: " + std::to_string(sl.rowsDone) + " of " + std::to_string(sl.rows) + " rows");
    else mutedText(fonts, "log₁₀ F from " + formatNumber(lo, 3) + " (dark) to " + formatNumber(hi, 3) + " (pale). The valley from W* "
                      "to W_g must climb: W* is a genuine local minimum, walled in on this plane too.");
}

/// log10 of the mean with a bar of ±log10(1 + 2σ/mean) (symmetric on the log axis; the lower end of
/// mean − 2σ would reach 0 whenever the heavy-tailed draws make σ large).
void logBars(const MomentSums& m, double& y, double& lo, double& hi) {
    const double mean = m.mean(), se = m.stderrMean();
    y = mean > 0 ? std::log10(mean) : NAN;
    const double half = mean > 0 ? std::log10(1 + 2 * se / mean) : NAN;
    lo = y - half, hi = y + half;
}

void drawGradients(AppState& s, const Fonts& fonts, ImVec2 size) {
    const GradSweepComputer& g = s.theory.grads->linear();
    const GradSweepSettings& gs = g.settings();
    const float fs = ImGui::GetFontSize();
    boldLine(fonts, "Vanishing and exploding gradients of a deep linear net (Lucchi, Theorem 9)");
    mutedText(fonts, "ŷ = W^L⋯W¹x, W^k ∈ ℝ^{d×d} with entries N(0, σ²), d = " + std::to_string(gs.width) + ", σ√d = " +
                 formatNumber(gs.sigmaSqrtD, 3) + " (σ = " + formatNumber(gs.sigma(), 3) + "), ‖x‖ = ‖y‖ = 1. Dots: Monte Carlo "
                 "E‖∂ℓ/∂W¹‖²_F over " + std::to_string(g.layers(1)[0].count) + " draws per depth, bars: mean·(1 + 2σ/mean)^±1. Dashed: the "
                 "bound's terms 2ρ/(3σ²)[σ⁴d(d+2)]^L and 2γ(σ²d)^(L−1); solid grey: their sum, the bound.");
    std::vector<double> xs, ys, lo, hi, bound, yterm, yhat;
    double ymin = HUGE_VAL, ymax = -HUGE_VAL;
    for (int L = 1; L <= gs.maxDepth; ++L) {
        double y, a, b;
        logBars(g.layers(L)[0], y, a, b);
        const BoundTerms t = theorem9Terms(gs, L);
        xs.push_back(L), ys.push_back(y), lo.push_back(a), hi.push_back(b);
        bound.push_back(t.log10Bound), yterm.push_back(t.log10YTerm), yhat.push_back(t.log10YhatTerm);
        for (double v : {y, t.log10YTerm, t.log10Bound})
            if (std::isfinite(v)) ymin = std::min(ymin, v), ymax = std::max(ymax, v);
    }
    // The measured tanh and ReLU curves (LeCun's and Xavier's draws coincide on d × d layers: one line).
    struct NetCurve { int model; ImU32 color; std::string label; std::vector<double> ys; };
    std::vector<NetCurve> nets;
    const NetGradComputer& ng = s.theory.grads->nets();
    {
        nets = {{0, runColor(1), "tanh, LeCun = Xavier", {}}, {2, runColor(5), "tanh, He", {}},
                {3, runColor(3), "ReLU, LeCun = Xavier", {}}, {5, runColor(6), "ReLU, He", {}}};
        for (NetCurve& n : nets)
            for (int L = 1; L <= ng.settings().maxDepth; ++L) {
                const double m = ng.sums(n.model, L).mean();
                n.ys.push_back(m > 0 ? std::log10(m) : NAN);
                if (m > 0) ymin = std::min(ymin, n.ys.back()), ymax = std::max(ymax, n.ys.back());
            }
    }
    const double pad = std::max(1.0, (ymax - ymin) * 0.06);
    const float h = std::max(fs * 9.0f, (ImGui::GetContentRegionAvail().y - fs * 5.5f) * 0.55f);
    ChartAxes ax;
    ax.xLabel = "depth L";
    ax.yLabel = "E‖∂ℓ/∂W¹‖²";
    ax.yLog10 = true;
    ax.xWhole = true;
    const Chart c = beginChart(ImVec2(size.x - fs * 0.5f, h), 0.5, gs.maxDepth + 0.5, ymin - pad, ymax + pad, ax);
    chartLine(c, xs, bound, colors::kMuted, false, 1.5f);
    chartLine(c, xs, yhat, runColor(4), true);
    chartLine(c, xs, yterm, runColor(2), true);
    for (const NetCurve& n : nets) chartLine(c, xs, n.ys, n.color, false, 1.6f);
    chartPoints(c, xs, ys, lo, hi, runColor(0));
    chartEndLabel(c, xs.back(), yhat.back(), "ŷ-term", runColor(4));
    chartEndLabel(c, xs.back(), yterm.back(), "y-term 2γ(σ²d)^(L−1)", runColor(2));
    chartMarker(c, s.theory.spec.depth, "L = " + std::to_string(s.theory.spec.depth) + " below", colors::kMuted);
    if (!nets.empty()) {
        std::vector<std::pair<std::string, ImU32>> legend{{"linear, σ√d = " + formatNumber(gs.sigmaSqrtD, 3), runColor(0)}};
        for (const NetCurve& n : nets) legend.push_back({n.label, n.color});
        chartLegend(legend);
        mutedText(fonts, "Lines: measured E‖∂ℓ/∂W¹‖² of tanh and ReLU nets (d × d layers, biases 0, the networks' initialisers: "
                     "LeCun and Xavier both give 1/d here, He 2/d), " + std::to_string(ng.sums(0, 1).count) +
                     " draws per depth. No bound: ReLU halves the signal's energy per layer unless He doubles it back; tanh "
                     "contracts large signals.");
    }
    // Per layer at the chosen depth.
    const int L = std::clamp(s.theory.spec.depth, 1, gs.maxDepth);
    ImGui::Spacing();
    boldLine(fonts, "Every layer's gradient at depth L = " + std::to_string(L));
    std::vector<double> kx, ky, klo, khi;
    double kmin = HUGE_VAL, kmax = -HUGE_VAL;
    const BoundTerms t = theorem9Terms(gs, L);
    for (int k = 1; k <= L; ++k) {
        double y, a, b;
        logBars(g.layers(L)[static_cast<size_t>(k - 1)], y, a, b);
        kx.push_back(k), ky.push_back(y), klo.push_back(a), khi.push_back(b);
        if (std::isfinite(y)) kmin = std::min(kmin, y), kmax = std::max(kmax, y);
    }
    for (double v : {t.log10Bound, t.log10YTerm}) kmin = std::min(kmin, v), kmax = std::max(kmax, v);
    const double kpad = std::max(0.5, (kmax - kmin) * 0.08);
    ax.xLabel = "layer k";
    ax.yLabel = "E‖∂ℓ/∂Wᵏ‖²";
    const float h2 = std::max(fs * 7.0f, ImGui::GetContentRegionAvail().y - fs * 0.5f);
    const Chart c2 = beginChart(ImVec2(size.x - fs * 0.5f, h2), 0.5, L + 0.5, kmin - kpad, kmax + kpad, ax);
    chartLine(c2, {0.5, L + 0.5}, {t.log10Bound, t.log10Bound}, colors::kMuted, false, 1.5f);
    chartLine(c2, {0.5, L + 0.5}, {t.log10YTerm, t.log10YTerm}, runColor(2), true);
    chartPoints(c2, kx, ky, klo, khi, runColor(0));
    chartEndLabel(c2, L + 0.5, t.log10Bound, "bound", colors::kMuted);
    chartEndLabel(c2, L + 0.5, t.log10YTerm, "y-term", runColor(2));
}

/// One kind's histogram of final losses minus the global minimum, on a shared linear axis.
void kindHistogram(const Fonts& fonts, const std::string& title, const std::string& note, const std::vector<double>& gaps,
                   const std::vector<int>& cls, double xmax, ImVec2 size, const std::string& marker) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
    boldLine(fonts, title);
    mutedText(fonts, note);
    ImGui::PopTextWrapPos();
    const int bins = 30;
    const double bw = xmax / bins;
    std::vector<std::vector<int>> counts(bins, std::vector<int>(3, 0));
    for (size_t i = 0; i < gaps.size(); ++i) {
        const int b = std::clamp(static_cast<int>(std::max(gaps[i], 0.0) / bw), 0, bins - 1);
        ++counts[static_cast<size_t>(b)][static_cast<size_t>(cls[i])];
    }
    int top = 1;
    for (const auto& b : counts) top = std::max(top, b[0] + b[1] + b[2]);
    ChartAxes ax;
    ax.xLabel = "final loss − global minimum";
    ax.yLabel = "runs";
    const Chart c = beginChart(size, 0, xmax, 0, top * 1.15, ax);
    chartBars(c, 0, bw, counts, {kGlobalColor, kSpuriousColor, kOtherColor});
    if (!marker.empty()) chartMarker(c, 0.0, marker, colors::kInk);
}

void drawKinds(AppState& s, const Fonts& fonts, ImVec2 size) {
    const KindsComputer& k = s.theory.kinds->computer();
    const float fs = ImGui::GetFontSize();
    boldLine(fonts, "Four landscape kinds from " + std::to_string(k.settings().runs) + " random starts each (Lucchi)");
    mutedText(fonts, "Green: ended at a global minimum; red: at a spurious local minimum; grey: not converged. The same x axis "
                 "in all four: how far above the best possible loss each run ended.");
    std::vector<double> gapA;
    std::vector<int> clsA;
    for (const DeepLinearEnd& e : k.linearEnds()) gapA.push_back(e.loss - k.linearOptimum()), clsA.push_back(e.converged ? 0 : 2);
    const auto& rows = k.relu().rows();
    double xmax = 0.1;
    for (const auto& r : rows)
        for (double f : r.objectives) xmax = std::max(xmax, f * 1.05);
    for (double g : gapA) xmax = std::max(xmax, g * 1.05);
    const float colW = (size.x - fs * 1.5f) * 0.5f;
    const float rowH = (ImGui::GetContentRegionAvail().y - fs * 0.5f) * 0.5f - fs * 3.6f;
    const ImVec2 box(colW, std::max(fs * 6.0f, rowH));
    const DeepLinearSettings& ls = k.settings().linear;
    ImGui::BeginGroup();
    kindHistogram(fonts, "A  deep linear net (Kawaguchi)",
                  std::to_string(ls.layers) + " layers 4 → " + std::to_string(ls.hidden) + " → … → 4; " +
                      std::to_string(gapA.size()) + " runs, L* = " + formatNumber(k.linearOptimum(), 4) + " (rank-p optimum)",
                  gapA, clsA, xmax, box, "L*");
    ImGui::EndGroup();
    const char* titles[] = {"B  small ReLU net, n = k (Safran–Shamir)", "C  mildly over-parametrised, n = k + 1",
                            "D  heavily over-parametrised, n = 2k"};
    for (size_t i = 0; i < rows.size() && i < 3; ++i) {
        const SpuriousRowTally& r = rows[i];
        std::vector<int> cls;
        for (EndPoint e : r.types) cls.push_back(static_cast<int>(endClass(e)));
        if (i % 2 == 0) ImGui::SameLine(0, fs * 1.0f);
        ImGui::BeginGroup();
        kindHistogram(fonts, titles[i],
                      "k = " + std::to_string(r.k) + ", n = " + std::to_string(r.n) + ": " + std::to_string(r.spurious) + " of " +
                          std::to_string(r.done) + " spurious (" + percent(r.fraction()) + " ± " + percent(r.stderrFraction(), 2) + ")",
                      r.objectives, cls, xmax, box, "");
        ImGui::EndGroup();
    }
}

}  // namespace

void drawTheoryView(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale) {
    (void)pos, (void)scale;
    ImGui::BeginChild("theory", ImVec2(0, 0), false);
    if (s.theory.table) drawSpurious(s, fonts, ImGui::GetContentRegionAvail());
    else if (s.theory.grads) drawGradients(s, fonts, ImGui::GetContentRegionAvail());
    else if (s.theory.kinds) drawKinds(s, fonts, ImGui::GetContentRegionAvail());
    else if (s.theory.plateau) drawPlateauView(s, fonts, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
}

}  // namespace optiscape::app
