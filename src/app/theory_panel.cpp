// The theory page's controls (left), the lecture's statements beside it (right) and its strip in
// the top bar: compute or pause, restart, and the progress of the experiment.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"
#include "core/params.h"

namespace optiscape::app {

namespace {

void say(const char* text) { ImGui::TextWrapped("%s", text); }

/// Sets a field through the command path (validation and restart in one place).
void setField(AppState& s, const char* name, double value) {
    const std::string err = theoryCommand(s, std::string(name) + " " + formatNumber(value, 10));
    if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
}

bool intSlider(const char* title, const char* id, int& v, int lo, int hi, bool log, const char* help) {
    ImGui::TextUnformatted(title);
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::SliderInt(id, &v, lo, hi, "%d", (log ? ImGuiSliderFlags_Logarithmic : 0) | ImGuiSliderFlags_AlwaysClamp);
    tooltip(help);
    return changed;
}

}  // namespace

void drawTheoryPanel(AppState& s, const Fonts& fonts, float scale) {
    (void)scale;
    theory::TheorySpec& spec = s.theory.spec;
    sectionHeading("EXPERIMENT");
    struct Item { const char* id; const char* title; };
    static const Item items[] = {{"spurious", "Spurious minima: Safran–Shamir's table"},
                                 {"gradients", "Vanishing & exploding gradients: Theorem 9"},
                                 {"kinds", "Landscape kinds A–D: Kawaguchi and ReLU"},
                                 {"plateau", "The tanh plateau: small starts"}};
    for (const Item& it : items)
        if (ImGui::Selectable(it.title, spec.experiment == it.id) && spec.experiment != it.id) theoryCommand(s, it.id);
    ImGui::Spacing();
    sectionHeading("SETTINGS");
    if (spec.experiment == "spurious") {
        int runs = spec.runs, maxK = spec.maxK;
        if (intSlider("Runs per row", "##runs", runs, 10, 1000, true,
                      "Xavier starts per (k, n). The lecture's table; 200 gives a binomial σ of about 3.5 points at 50 %."))
            setField(s, "runs", runs);
        if (intSlider("Largest k (rows k = n = 6 … k)", "##maxk", maxK, 6, 14, false,
                      "The rows k = n up to this k, then (8, 9) and (10, 11). A run's time grows about as k⁴."))
            setField(s, "maxK", maxK);
    } else if (spec.experiment == "gradients") {
        float ss = static_cast<float>(spec.sigmaSqrtD);
        ImGui::TextUnformatted("Initial scale σ·√d");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##sigma", &ss, 0.5f, 2.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp)) setField(s, "sigmaSqrtD", ss);
        tooltip("1 is Xavier's σ = 1/√d: each layer keeps the signal's size. Below 1 the gradient vanishes with depth, above "
                "it explodes: (σ²d)^(L−1).");
        if (ImGui::Button("Xavier: σ√d = 1")) setField(s, "sigmaSqrtD", 1.0);
        int width = spec.width, depth = spec.depth, samples = spec.samples;
        if (intSlider("Width d", "##width", width, 2, 16, false, "Every layer is d × d.")) setField(s, "width", width);
        if (intSlider("Draws per depth", "##samples", samples, 100, 20000, true,
                      "Monte Carlo samples of the weights at every depth L = 1 … 50."))
            setField(s, "samples", samples);
        if (intSlider("Depth of the per-layer plot", "##depth", depth, 1, 50, false, "The lower plot: every layer k = 1 … L of this depth."))
            setField(s, "depth", depth);
    } else if (spec.experiment == "plateau") {
        float lr = static_cast<float>(spec.plateauLr), mu = static_cast<float>(spec.plateauMomentum),
              r = static_cast<float>(spec.plateauRadius);
        ImGui::TextUnformatted("Learning rate η (all three)");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##plr", &lr, 0.001f, 0.5f, "%.3f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
            setField(s, "plateauLr", lr);
        tooltip("The same η for gradient descent, heavy ball and perturbed GD. Halving η doubles every plateau.");
        ImGui::TextUnformatted("Heavy ball μ");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##pmu", &mu, 0.0f, 0.99f, "%.2f", ImGuiSliderFlags_AlwaysClamp)) setField(s, "plateauMomentum", mu);
        tooltip("b ← μ·b + g, θ ← θ − η·b. μ = 0 is gradient descent.");
        ImGui::TextUnformatted("Perturbed GD radius r");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##prad", &r, 0.0f, 1.0f, "%.3f", ImGuiSliderFlags_AlwaysClamp)) setField(s, "plateauRadius", r);
        tooltip("A jump uniform in the ball of radius r whenever ‖∇L‖ ≤ 0.01, at most every 50 steps (Jin et al.).");
        const auto& scales = s.theory.plateau ? s.theory.plateau->settings().scales : theory::PlateauSettings{}.scales;
        int curve = std::clamp(spec.plateauCurve, 0, static_cast<int>(scales.size()) - 1);
        const std::string label = "s = " + formatNumber(scales[static_cast<size_t>(curve)], 3);
        ImGui::TextUnformatted("Curves of the initial scale");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderInt("##pcurve", &curve, 0, static_cast<int>(scales.size()) - 1, label.c_str(), ImGuiSliderFlags_AlwaysClamp))
            setField(s, "plateauCurve", curve);
        tooltip("Which start's loss and gradient curves the upper plots show; the sweep below has them all.");
    } else {
        int k = spec.kindsK, runs = spec.kindsRuns;
        if (intSlider("Teacher units k", "##kk", k, 2, 12, false, "Kinds B, C, D: students of k, k + 1 and 2k ReLU units."))
            setField(s, "kindsK", k);
        if (intSlider("Starts per kind", "##kruns", runs, 10, 500, true, "Random starts of each of the four networks."))
            setField(s, "kindsRuns", runs);
    }
    int seed = static_cast<int>(spec.seed);
    ImGui::TextUnformatted("Seed");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputInt("##seed", &seed, 1, 10)) setField(s, "seed", std::clamp(seed, 0, 999999999));
    tooltip("Every start is drawn from this seed: the same seed gives the same numbers, here and in the CLI.");
    ImGui::Spacing();
    sectionHeading("HOW IT IS COMPUTED");
    if (spec.experiment == "plateau")
        mutedText(fonts, "Every run is the network trainer's own: full-batch gradients by backpropagation and the shared "
                    "optimizer steps (torch.optim.SGD with and without momentum; perturbed GD after Jin et al.), " +
                        std::to_string(theory::PlateauSettings{}.maxSteps) + " steps for each of 9 scales s = 10⁻⁴ … 1. "
                    "CLI: optiscape plateau --lr η --momentum μ --radius r.");
    else if (spec.experiment == "gradients")
        mutedText(fonts, "Each draw: the weights, one forward pass h_t = W^t h_{t−1} and one backward pass b_{t−1} = (W^t)ᵀb_t; "
                    "‖∂ℓ/∂W^k‖² = ‖b_k‖²‖h_{k−1}‖² for every layer at once. CLI: optiscape gradnorm --width D --depth L --sigma S.");
    else
        mutedText(fonts, "Optimizer: " + theoryOptimizerText(spec.experiment == "kinds" ? theory::KindsSettings::fastGlobal() : theory::SpuriousSettings{}) +
                        (spec.experiment == "kinds" ? " Kind A: gradient descent with Armijo backtracking to ‖∇L‖ < 10⁻⁶." : "") +
                        " CLI: optiscape spurious --k K --n N --runs R --seed S.");
    const int workers = theoryWorkers(s.theory);
    const char* piece = spec.experiment == "spurious" ? "ten runs of a row" : spec.experiment == "gradients"
                                                                                  ? "a round of draws of one curve"
                                                                                  : spec.experiment == "kinds"
                                                                                        ? "five linear runs or ten ReLU runs"
                                                                                        : "one run";
    if (s.theory.finishedHere)
        mutedText(fonts, "Finished at once on the main thread (theory finish): the same numbers as on workers or piece by "
                         "piece, tallied in the same order.");
    else if (workers > 0)
        mutedText(fonts, "Computed by " + std::to_string(workers) + " workers, " + piece +
                        " at a time, and tallied in order: the same numbers as on the main thread, where a few "
                        "milliseconds per frame compute it (window.optiscape.workers(false)).");
    else
        mutedText(fonts, "Computed a few milliseconds per frame, piece by piece, so the page never freezes.");
}

void drawTheoryNotes(const AppState& s, const Fonts& fonts) {
    const std::string& e = s.theory.spec.experiment;
    sectionHeading("THE THEOREM");
    if (e == "spurious") {
        say("Safran & Shamir (2018), in Yarotsky's lecture: the problem");
        ImGui::PushFont(fonts.bold);
        say("min over w₁ … wₙ ∈ ℝᵏ of  E (Σᵢ₌₁ⁿ (wᵢᵀx)₊ − Σᵢ₌₁ᵏ (vᵢᵀx)₊)²,   x ~ N(0, I)");
        ImGui::PopFont();
        say("with orthonormal vᵢ has spurious local minima for n = k ∈ {6, …, 20} and for (k, n) = (8, 9), (10, 11), …");
        ImGui::Spacing();
        sectionHeading("WHAT TO NOTICE");
        say("The share of runs trapped grows with k: 0.3 % at k = 6, over half at k = 12. One unit more (n = k + 1) "
            "makes them rare. The minima are genuine: the Hessian's smallest eigenvalue is positive, the objective well "
            "above 0.");
        mutedText(fonts, "F has a closed form: E[(uᵀx)₊(wᵀx)₊] = ‖u‖‖w‖(sin θ + (π − θ) cos θ)/(2π), with an exact gradient and Hessian.");
    } else if (e == "gradients") {
        say("Theorem 9 (Lucchi): for a deep linear net with iid N(0, σ²) weights and ℓ = ½‖y − ŷ‖²,");
        ImGui::PushFont(fonts.bold);
        say("E‖∂ℓ/∂W^k‖² ≤ 2ρ/(3σ²)·[σ⁴d(d+2)]^L + 2γ(σ²d)^(L−1)");
        ImGui::PopFont();
        say("ρ = ‖x‖⁴, γ = ‖x‖²‖y‖². The second term is exact for the target's part (Lemma 10).");
        ImGui::Spacing();
        sectionHeading("WHAT TO NOTICE");
        say("Move σ√d: below 1 the gradient shrinks geometrically with depth (vanishing), above 1 it grows (exploding). "
            "Only Xavier's σ = 1/√d keeps the y-term flat. The per-layer plot is level: in a linear net every layer's "
            "gradient has the same size, so all of them vanish or explode together.");
        mutedText(fonts, "At large depth the Monte Carlo mean is ruled by rare large draws: its error bars widen, and it may sit "
                    "far below the bound, which is loose there.");
    } else if (e == "plateau") {
        say("Lecture 3: the two-layer tanh model's error function has, besides local minima, plateaus — non-minima "
            "regions with near-zero gradients, hard to escape by gradient descent. Do not start at zero: it is exactly "
            "a saddle point.");
        ImGui::Spacing();
        sectionHeading("WHAT TO NOTICE");
        say("The smaller the start, the longer the flat stretch: the gradient there is about s times the saddle's Hessian applied to the start's direction, and the "
            "plateau grows by the same number of steps for every decade s shrinks (a logarithm, as in Saxe et al.'s "
            "linear nets). Heavy ball grows the escaping direction faster, so it leaves about three times sooner at "
            "μ = 0.9; perturbed GD jumps off the saddle as soon as the gradient is small.");
        mutedText(fonts, "Yarotsky: saddles are evaded by gradient descent except from a set of measure zero — but near one, "
                    "the escape takes long. Perturbed GD (Jin et al.) adds noise when the gradient is small.");
    } else {
        say("Lucchi's four kinds of landscape:");
        say("(A) deep linear nets: every local minimum is global (Kawaguchi 2016; Baldi & Hornik for two layers) — every "
            "start ends at one value, the best rank-p map.");
        say("(B) small two-layer ReLU nets: spurious local minima, often reached (Safran & Shamir).");
        say("(C) mildly over-parametrised: they thin out. (D) heavily over-parametrised: they vanish.");
        ImGui::Spacing();
        sectionHeading("WHAT TO NOTICE");
        say("A: one bar at 0. B: a second group of bars well above 0 — the spurious minima. C and D: that group empties.");
    }
}

void drawTheoryStrip(AppState& s, const Fonts& fonts, float scale) {
    (void)scale;
    const float fs = ImGui::GetFontSize();
    const bool done = theoryDone(s.theory);
    const bool computing = s.theory.spec.running && !done;
    ImGui::PushStyleColor(ImGuiCol_Button, colors::kAccent);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    if (ImGui::Button(computing ? "Pause##theory" : done ? "Compute again##theory" : "Compute##theory"))
        theoryCommand(s, computing ? "pause" : done ? "restart" : "start");
    ImGui::PopStyleColor(2);
    tooltip("Start or pause the experiment; it computes a slice every frame.");
    ImGui::SameLine();
    if (ImGui::Button("Restart##theory")) theoryCommand(s, "restart");
    tooltip("Throw the results away and compute from the first run.");
    ImGui::SameLine(0, fs);
    const double p = theoryProgress(s.theory);
    std::string text = formatNumber(100 * p, 3) + " %  ·  " + formatNumber(theorySeconds(s.theory), 3) + " s";
    if (s.theory.table) text = std::to_string(s.theory.table->runsDone()) + " of " + std::to_string(s.theory.table->runsTotal()) + " runs  ·  " + text;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(86, 180, 233, 255));
    ImGui::ProgressBar(static_cast<float>(p), ImVec2(std::min(fs * 20.0f, std::max(fs * 8.0f, ImGui::GetContentRegionAvail().x - fs)), 0),
                       text.c_str());
    ImGui::PopStyleColor();
    if (theoryWorkers(s.theory) > 0)
        tooltip("Compute time so far, summed over " + std::to_string(theoryWorkers(s.theory)) +
                " workers (Web Workers in the page, threads on the desktop): the work goes out in pieces "
                "and is tallied in order, to the same numbers as on the main thread.");
    else
        tooltip("Compute time so far (frames excluded). The experiment runs a slice of about 12 ms per frame.");
    (void)fonts;
}

}  // namespace optiscape::app
