// The runs panel: one row per run (colour, optimizer, status), and the selected run's optimizer,
// hyperparameters (torch's names, the lectures' symbols), schedule with a preview of its rate,
// noise, seed and minibatch, its update rule with the current numbers, and EE-556's table.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/widgets.h"
#include "core/params.h"

namespace optiscape::app {

namespace {
/// How the lectures write the optimizer, and which PyTorch convention Optiscape follows.
const char* conventionNote(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::GD:
            return "torch.optim.SGD(lr=γ): plain gradient descent, EE-556's SGD column.";
        case OptimizerKind::Momentum:
            return "torch.optim.SGD(momentum=μ): EE-556's heavy ball m ← ρm + ∇L, θ ← θ − γm is this "
                   "rule with ρ = μ. Yarotsky's V ← α∇L + βV, W ← W − V is it too, with α = γ, β = μ, "
                   "V = γ·b. PyTorch's convention: on step 1, b = ∇L (no dampening).";
        case OptimizerKind::Nesterov:
            return "torch.optim.SGD(nesterov=True): an equivalent rewriting of evaluating the "
                   "gradient at the look-ahead point w − γμb (needs τ = 0).";
        case OptimizerKind::Adagrad:
            return "torch.optim.Adagrad: s is EE-556's sum of squared gradients G_t; lr_decay ν "
                   "divides γ by 1 + (t − 1)ν; eps default 1e-10.";
        case OptimizerKind::RMSprop:
            return "torch.optim.RMSprop: alpha = 0.99 is EE-556's τ (the weight of the old mean of "
                   "∇L²); ε is added after the square root.";
        case OptimizerKind::Adam:
            return "torch.optim.Adam: betas = (β₁, β₂); ε is added after the bias correction of √v "
                   "(EE-556's damping δ).";
        case OptimizerKind::AMSGrad:
            return "torch.optim.Adam(amsgrad=True): the running maximum of the uncorrected v, then "
                   "bias-corrected like Adam.";
        case OptimizerKind::AdamW:
            return "torch.optim.AdamW: decoupled weight decay w ← w(1 − γλ) before Adam's step; "
                   "default weight_decay 0.01.";
        case OptimizerKind::Newton:
            return "Not in torch.optim: Optiscape's damped Newton step (Levenberg–Marquardt δ).";
        case OptimizerKind::PerturbedGD:
            return "Not in torch.optim: Jin et al. (2017), Algorithm 2 — GD plus a random jump near "
                   "stationary points.";
    }
    return "";
}

/// How a hyperparameter is called in words (tooltip) and its torch.optim argument name.
const char* hyperTitle(const std::string& name) {
    if (name == "lr") return "Learning rate";
    if (name == "momentum") return "Momentum";
    if (name == "dampening") return "Dampening";
    if (name == "beta1") return "First-moment decay";
    if (name == "beta2") return "Second-moment decay";
    if (name == "eps") return "Damping";
    if (name == "weight-decay") return "Weight decay";
    if (name == "alpha") return "Smoothing constant";
    if (name == "centered") return "Centered";
    if (name == "lr-decay") return "Learning-rate decay";
    if (name == "damping") return "Newton damping";
    if (name == "radius") return "Jump radius";
    if (name == "threshold") return "Jump threshold";
    if (name == "every") return "Steps between jumps";
    return name.c_str();
}
const char* torchName(const std::string& name) {
    if (name == "beta1") return "betas[0]";
    if (name == "beta2") return "betas[1]";
    if (name == "weight-decay") return "weight_decay";
    if (name == "lr-decay") return "lr_decay";
    return name.c_str();
}

std::string vec(const Vec2& v, int digits = 3) {
    return "(" + formatNumber(v[0], digits) + ", " + formatNumber(v[1], digits) + ")";
}

/// A label column, then a full-width slider: "γ  lr  [====o=====]".
bool compactSlider(const ParamSpec& spec, double& value, const char* symbol, const char* name,
                   const std::string& help, float labelW, bool forceLog = false) {
    ImGui::PushID(name);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(symbol);
    ImGui::SameLine(ImGui::GetFontSize() * 2.4f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "%s", name);
    const std::string tip = help + "\nRange " + formatNumber(spec.min) + " to " + formatNumber(spec.max) +
                            ", default " + formatNumber(spec.def) + ". Ctrl+click the slider to type a value.";
    tooltip(tip);
    ImGui::SameLine(labelW);
    ImGui::SetNextItemWidth(-1.0f);
    double v = value;
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (spec.logScale || forceLog) flags |= ImGuiSliderFlags_Logarithmic;
    bool changed;
    if (spec.isInteger) {
        changed = ImGui::SliderScalar("##v", ImGuiDataType_Double, &v, &spec.min, &spec.max, "%.0f", flags);
        v = std::round(v);
    } else {
        changed = ImGui::SliderScalar("##v", ImGuiDataType_Double, &v, &spec.min, &spec.max,
                                      spec.logScale ? "%.3g" : "%.4g", flags);
    }
    tooltip(tip);
    if (changed && std::isfinite(v)) value = v;
    ImGui::PopID();
    return changed;
}

void drawRunList(AppState& s) {
    const float fs = ImGui::GetFontSize();
    sectionHeading("RUNS");
    for (int i = 0; i < static_cast<int>(s.runs.size()); ++i) {
        RunSlot& r = s.runs[static_cast<size_t>(i)];
        ImGui::PushID(i);
        colorSwatch(runColor(r.color));
        ImGui::SameLine();
        const OptimizerInfo& info = optimizerInfo(r.run.config().optimizer);
        const float rowW = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - fs * 0.5f;
        const ImVec2 rowPos = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##run", s.selected == i, 0, ImVec2(rowW, 0))) s.selected = i;
        tooltip("Select to edit its settings (keys 1–8).");
        // Name on the left, loss or status on the right of the row.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        std::string title = info.title;
        for (int o = 0; o < static_cast<int>(s.runs.size()); ++o)
            if (o != i && s.runs[static_cast<size_t>(o)].run.config().optimizer == r.run.config().optimizer) {
                title += " " + std::to_string(i + 1);  // as on the map
                break;
            }
        const bool stopped = s.networkMode ? r.net.stopped() && r.net.earlyStopStep() < 0 : r.run.stopped();
        const bool diverged = s.networkMode ? r.net.diverged() : r.run.diverged();
        std::string right = diverged ? "diverged" : stopped ? "stopped" : "L " + formatNumber(slotLoss(s, r), 3);
        if (s.networkMode && r.net.earlyStopStep() >= 0) right = "early stop";
        const ImVec2 rs = ImGui::CalcTextSize(right.c_str());
        dl->PushClipRect(rowPos, ImVec2(rowPos.x + rowW - rs.x - fs * 0.6f, rowPos.y + fs * 1.5f), true);
        dl->AddText(rowPos, colors::kInk, title.c_str());
        dl->PopClipRect();
        dl->AddText(ImVec2(rowPos.x + rowW - rs.x - fs * 0.3f, rowPos.y), stopped ? colors::kDanger : colors::kMuted,
                    right.c_str());
        ImGui::SameLine();
        ImGui::Checkbox("##visible", &r.visible);
        tooltip("Show or hide this run.");
        ImGui::PopID();
    }
    const bool full = static_cast<int>(s.runs.size()) >= kMaxRuns;
    ImGui::BeginDisabled(full);
    if (ImGui::Button("+ Add")) ImGui::OpenPopup("add-run");
    tooltip("Adds a run of another optimizer with its default settings (up to 8 runs).");
    ImGui::SameLine();
    if (ImGui::Button("Duplicate")) duplicateRun(s, s.selected);
    tooltip("Adds a copy of the selected run — every setting — in a new colour: change one setting "
            "of the copy to compare.");
    ImGui::EndDisabled();
    if (ImGui::BeginPopup("add-run")) {
        for (const OptimizerInfo& o : optimizers())
            if (ImGui::Selectable(o.title.c_str())) addRunOf(s, o.kind);
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(s.runs.size() <= 1);
    if (ImGui::Button("Remove")) removeRun(s, s.selected);
    ImGui::EndDisabled();
    tooltip("Removes the selected run.");
}

/// The schedule selector, its parameters and warm-up; a small plot of its rate beside them.
bool drawSchedule(RunConfig& c, const Fonts& fonts, float labelW) {
    const float fs = ImGui::GetFontSize();
    bool changed = false;
    Schedule& sc = c.schedule;
    const ScheduleInfo& si = scheduleInfo(sc.kind);
    const float plotW = std::max(fs * 6.0f, ImGui::GetContentRegionAvail().x * 0.36f);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float rightEdge = top.x + ImGui::GetContentRegionAvail().x;
    ImGui::BeginGroup();
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - plotW - fs * 0.5f);
    if (ImGui::BeginCombo("##schedule", si.title.c_str())) {
        for (const ScheduleInfo& o : schedules()) {
            if (ImGui::Selectable(o.title.c_str(), o.kind == sc.kind) && o.kind != sc.kind) {
                const int warm = sc.warmup;
                sc = defaultSchedule(o.kind);
                sc.warmup = warm;
                if (o.kind == ScheduleKind::Cyclical) sc.high = std::max(sc.low, c.hyper.lr);
                changed = true;
            }
            tooltip(o.torch);
        }
        ImGui::EndCombo();
    }
    tooltip(si.torch + "\n" + si.formula + "\nThe schedule multiplies into γ (cyclical sets the rate itself).");
    ImGui::PopItemWidth();
    const float colW = ImGui::GetContentRegionAvail().x - plotW - fs * 0.5f;
    std::vector<ParamSpec> params = si.params;
    params.push_back(warmupSpec());
    for (const ParamSpec& p : params) {
        double v = scheduleParam(sc, p.name).value_or(p.def);
        ImGui::PushID(p.name.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(p.symbol.empty() ? p.name.c_str() : p.symbol.c_str());
        tooltip(p.name + ": " + p.help);
        ImGui::SameLine(fs * 3.2f);
        ImGui::SetNextItemWidth(colW - fs * 3.2f);
        const double lo = p.min, hi = p.isInteger ? std::min(p.max, 2000.0) : p.max;
        ImGuiSliderFlags flags = ImGuiSliderFlags_Logarithmic;
        const std::string fmt = (p.isInteger ? "%.0f" : "%.3g");
        const std::string label = "##" + p.name;
        if (ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &v, &lo, &hi,
                                (p.name + " " + fmt).c_str(), flags)) {
            if (p.isInteger) v = std::round(v);
            if (setScheduleParam(sc, p.name, v).empty()) changed = true;
        }
        tooltip(p.name + ": " + p.help + (p.name == "warmup" ? " (Optiscape's own: the rate is multiplied by "
                                                                "(k + 1)/K for the first K steps)"
                                                              : ""));
        ImGui::PopID();
    }
    ImGui::EndGroup();
    const float groupH = ImGui::GetItemRectSize().y;
    const float h = std::max(groupH, fs * 4.5f);
    // The rate over the first steps, beside the controls.
    ImGui::SetCursorScreenPos(ImVec2(rightEdge - plotW, top.y));
    int n = 200;
    if (sc.kind == ScheduleKind::Step) n = std::max(n, sc.every * 4);
    if (sc.kind == ScheduleKind::Cosine) n = std::max(n, sc.period * 2);
    if (sc.kind == ScheduleKind::Cyclical) n = std::max(n, sc.period * 2);
    n = std::max(n, sc.warmup * 3);
    n = std::min(n, 5000);
    const Schedule copy = sc;
    const double base = c.hyper.lr;
    std::vector<PlotSeries> series{{n, [copy, base](int k) { return scheduledLr(copy, base, k); }, colors::kAccent}};
    ImGui::PushFont(fonts.small);
    PlotOptions o;
    o.logY = false;
    o.yLabel = "γ_k";
    o.compact = true;
    drawPlot("schedule-preview", series, ImVec2(plotW, h), o);
    tooltip("The learning rate γ_k of the first " + std::to_string(n) + " steps (k from 0).");
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + h));
    ImGui::Dummy(ImVec2(0, 0));
    return changed;
}

/// The network mode's live numbers: a network has too many coordinates to write out, so the
/// rule's vectors are shown by their norms.
void drawLiveRuleNet(const RunSlot& r) {
    const nets::NetRun& n = r.net;
    const OptimizerStateN& st = n.state();
    std::vector<std::string> lines;
    const auto norm = [](const VecX& v) { return formatNumber(v.size() ? v.norm() : 0.0, 3); };
    if (n.steps() == 0 || n.trajectory().size() < 2) {
        lines.push_back("|g| = |∇L(θ)| = " + formatNumber(n.current().gradNorm, 3) + " over " +
                        std::to_string(n.theta().size()) + " parameters — press → to take step 1");
    } else {
        const double lr = n.trajectory()[n.trajectory().size() - 2].lr;
        lines.push_back("step t = " + std::to_string(st.t) + ",  γ_t = " + formatNumber(lr, 4));
        lines.push_back("|g| = " + norm(st.grad) + (r.run.config().batch > 0 ? " (minibatch)" : " (full batch)"));
        switch (r.run.config().optimizer) {
            case OptimizerKind::Momentum: case OptimizerKind::Nesterov:
                lines.push_back("|b| = " + norm(st.buf));
                break;
            case OptimizerKind::Adam: case OptimizerKind::AMSGrad: case OptimizerKind::AdamW:
                lines.push_back("|m| = " + norm(st.m) + ",  |v| = " + norm(st.v));
                break;
            case OptimizerKind::Adagrad: case OptimizerKind::RMSprop:
                lines.push_back("|v| = " + norm(st.v));
                break;
            default:
                break;
        }
        lines.push_back("|Δθ| = " + norm(st.delta) + "  →  |θ| = " + formatNumber(n.theta().norm(), 4));
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kInk);
    for (const std::string& l : lines) ImGui::TextWrapped("%s", l.c_str());
    ImGui::PopStyleColor();
}

/// The update rule with the run's current numbers, from its OptimizerState.
void drawLiveRule(const RunSlot& r) {
    const RunConfig& c = r.run.config();
    const OptimizerState& st = r.run.state();
    const Hyper& h = c.hyper;
    const int steps = r.run.steps();
    std::vector<std::string> lines;
    if (steps == 0) {
        lines.push_back("g = ∇L(w) = " + vec(r.run.state().grad) + " — press → to take step 1");
    } else {
        const double lr = r.run.trajectory()[static_cast<size_t>(steps - 1)].lr;
        const double t = static_cast<double>(st.t);
        lines.push_back("step t = " + std::to_string(st.t) + ",  γ_t = " + formatNumber(lr, 4));
        lines.push_back("g = " + std::string(c.noise > 0 || c.batch > 0 ? "noisy/minibatch estimate = " : "∇L = ") +
                        vec(st.grad));
        const Vec2 eff = r.run.current().effStep;
        switch (c.optimizer) {
            case OptimizerKind::Momentum:
            case OptimizerKind::Nesterov:
                lines.push_back("b = μ·b + " + std::string(c.optimizer == OptimizerKind::Momentum ? "(1 − τ)·" : "") +
                                "g = " + vec(st.buf));
                break;
            case OptimizerKind::Adagrad:
                lines.push_back("s = s + g² = " + vec(st.v));
                lines.push_back("γ_t/(√s + ε) = " + vec(eff));
                break;
            case OptimizerKind::RMSprop:
                lines.push_back("v = α·v + (1 − α)·g² = " + vec(st.v));
                if (h.centered != 0) lines.push_back("ḡ = α·ḡ + (1 − α)·g = " + vec(st.gavg));
                lines.push_back(std::string(h.centered != 0 ? "γ_t/(√(v − ḡ²) + ε) = " : "γ_t/(√v + ε) = ") + vec(eff));
                if (h.momentum > 0) lines.push_back("b = μ·b + g/(√v + ε) = " + vec(st.buf));
                break;
            case OptimizerKind::Adam:
            case OptimizerKind::AMSGrad:
            case OptimizerKind::AdamW: {
                const double c1 = 1.0 - std::pow(h.beta1, t), c2 = 1.0 - std::pow(h.beta2, t);
                const Vec2& v = c.optimizer == OptimizerKind::AMSGrad ? st.vmax : st.v;
                lines.push_back("m = β₁·m + (1 − β₁)·g = " + vec(st.m));
                lines.push_back("v = β₂·v + (1 − β₂)·g² = " + vec(st.v));
                if (c.optimizer == OptimizerKind::AMSGrad) lines.push_back("v_max = max(v_max, v) = " + vec(st.vmax));
                lines.push_back("bias-corrected m/(1 − β₁ᵗ) = " + vec(st.m / c1));
                lines.push_back(std::string(c.optimizer == OptimizerKind::AMSGrad ? "bias-corrected v_max" : "bias-corrected v") +
                                "/(1 − β₂ᵗ) = " + vec(v / c2));
                const Vec2 rate(lr / (std::sqrt(v[0] / c2) + h.eps), lr / (std::sqrt(v[1] / c2) + h.eps));
                lines.push_back("effective step γ_t/(√(v/(1 − β₂ᵗ)) + ε) = " + vec(rate));
                break;
            }
            case OptimizerKind::Newton:
                lines.push_back("d = (∇²L + δ·I)⁻¹·g,  γ_t·d = " + vec(-st.delta));
                break;
            case OptimizerKind::PerturbedGD:
                lines.push_back("jump ξ = " + vec(st.jump) + ",  jumps so far: " + std::to_string(st.jumps));
                break;
            default:
                break;
        }
        lines.push_back("Δw = " + vec(st.delta) + "  →  w = " + vec(r.run.current().w, 4));
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kInk);
    for (const std::string& l : lines) ImGui::TextWrapped("%s", l.c_str());
    ImGui::PopStyleColor();
}

/// EE-556's unified table θ_{t+1} = θ_t − α_t·H_t⁻¹·ĝ_t + β_t·H_t⁻¹H_{t−1}(θ_t − θ_{t−1}),
/// G_t = H_t ⊙ H_t, D_t = ĝ_t ⊙ ĝ_t, with the current optimizer's row highlighted.
void drawLectureTable(OptimizerKind current, const Fonts& fonts) {
    ImGui::PushFont(fonts.small);
    ImGui::TextWrapped("θ_{t+1} = θ_t − α_t·H_t⁻¹·g_t + β_t·H_t⁻¹H_{t−1}(θ_t − θ_{t−1}),  G_t = H_t ⊙ H_t,  "
                       "D_t = g_t ⊙ g_t");
    // Four columns laid out by hand (ImGui's tables would add ~25 KB to the page).
    const float x0 = ImGui::GetCursorPosX(), avail = ImGui::GetContentRegionAvail().x;
    const float colX[5] = {0.0f, avail * 0.19f, avail * 0.55f, avail * 0.78f, avail};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto row = [&](const std::string& name, std::string cells, bool current, bool header) {
        // The font has no combining circumflex (ĝ): show the plain letter.
        for (size_t at; (at = cells.find("\xCC\x82")) != std::string::npos;) cells.erase(at, 2);
        std::vector<std::string> parts{name};
        size_t pos = 0;
        while (parts.size() < 3) {
            size_t bar = cells.find(" | ", pos);
            if (bar == std::string::npos) break;
            parts.push_back(cells.substr(pos, bar - pos));
            pos = bar + 3;
        }
        parts.push_back(cells.substr(pos));
        const float y = ImGui::GetCursorPosY();
        const ImVec2 top = ImGui::GetCursorScreenPos();
        dl->ChannelsSplit(2);
        dl->ChannelsSetCurrent(1);
        float bottom = top.y;
        if (current || header) ImGui::PushFont(fonts.bold);
        for (size_t k = 0; k < 4 && k < parts.size(); ++k) {
            ImGui::SetCursorPos(ImVec2(x0 + colX[k], y));
            ImGui::PushTextWrapPos(x0 + colX[k + 1] - ImGui::GetFontSize() * 0.3f);
            ImGui::TextWrapped("%s", parts[k].c_str());
            ImGui::PopTextWrapPos();
            bottom = std::max(bottom, ImGui::GetItemRectMax().y);
        }
        if (current || header) ImGui::PopFont();
        dl->ChannelsSetCurrent(0);
        const ImVec2 a(top.x - 2.0f, top.y - 1.0f), b(top.x + avail, bottom + 1.0f);
        if (current) dl->AddRectFilled(a, b, IM_COL32(0, 114, 178, 48));
        dl->AddLine(ImVec2(a.x, b.y), b, colors::kGrid);
        dl->ChannelsMerge();
        ImGui::SetCursorPos(ImVec2(x0, y + (bottom - top.y) + 3.0f));
        ImGui::Dummy(ImVec2(0, 0));
    };
    row("", "G_t | α_t | β_t", false, true);
    for (const OptimizerInfo& o : optimizers()) {
        if (!o.lectureTable) continue;
        const std::string shortName = o.kind == OptimizerKind::GD         ? "SGD"
                                      : o.kind == OptimizerKind::Momentum ? "Heavy ball"
                                                                          : o.title;
        row(shortName, o.lectureRow, o.kind == current, false);
    }
    if (!optimizerInfo(current).lectureTable) row(optimizerInfo(current).name, optimizerInfo(current).lectureRow, true, false);
    if (!optimizerInfo(current).lectureTable) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
        ImGui::TextWrapped("%s is not on the slide; its last row uses the same notation.",
                           optimizerInfo(current).title.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
}
}  // namespace

void drawRunsPanel(AppState& s, const Fonts& fonts, float scale) {
    const float fs = ImGui::GetFontSize();
    drawRunList(s);
    if (s.runs.empty()) return;
    RunSlot& r = s.runs[static_cast<size_t>(s.selected)];
    RunConfig c = r.run.config();
    bool changed = false;
    sectionHeading("SELECTED RUN");
    colorSwatch(runColor(r.color));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##optimizer", optimizerInfo(c.optimizer).title.c_str())) {
        for (const OptimizerInfo& o : optimizers()) {
            if (ImGui::Selectable(o.title.c_str(), o.kind == c.optimizer) && o.kind != c.optimizer) {
                setRunOptimizer(s, o.kind);
                c = r.run.config();
            }
            tooltip(o.torch);
        }
        ImGui::EndCombo();
    }
    const OptimizerInfo& info = optimizerInfo(c.optimizer);
    tooltip(info.torch);
    {
        const bool net = s.networkMode;
        const double loss = slotLoss(s, r);
        const double gnorm = net ? r.net.current().gradNorm : r.run.current().gradNorm;
        const bool stoppedHard = net ? r.net.stopped() && r.net.earlyStopStep() < 0 : r.run.stopped();
        const std::string& hint = net ? r.net.hint() : r.run.hint();
        std::string status = runStatus(s, r);
        ImGui::PushFont(fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
        ImGui::TextWrapped("%s", conventionNote(c.optimizer));
        ImGui::PopStyleColor();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "step %d   L = %s   |∇L| = %s",
                           slotSteps(s, r), formatNumber(loss, 4).c_str(), formatNumber(gnorm, 3).c_str());
        if (!status.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, stoppedHard ? colors::kDanger : colors::kMuted);
            ImGui::TextWrapped("%s", status.c_str());
            if ((net ? r.net.stopped() : r.run.stopped()) && !hint.empty()) ImGui::TextWrapped("%s", hint.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::PopFont();
    }

    // Hyperparameters: the lectures' symbol, torch's name, a slider (switches as checkboxes).
    const float labelW = fs * 7.2f;
    for (const std::string& name : info.hypers) {
        const HyperSpec* h = findHyper(name);
        if (!h) continue;
        double& value = c.hyper.*(h->field);
        const std::string help = std::string(hyperTitle(name)) + " " + h->spec.symbol + " (torch: " +
                                 torchName(name) + "). " + h->spec.help;
        if (h->spec.isBool) {
            bool on = value != 0;
            if (ImGui::Checkbox((std::string(torchName(name)) + "  (" + h->spec.symbol + ")").c_str(), &on)) {
                value = on ? 1.0 : 0.0;
                changed = true;
            }
            tooltip(help);
            continue;
        }
        if (compactSlider(h->spec, value, h->spec.symbol.c_str(), torchName(name), help, labelW)) changed = true;
    }
    // torch's switches that Optiscape keeps as optimizers of their own.
    if (c.optimizer == OptimizerKind::Momentum || c.optimizer == OptimizerKind::Nesterov) {
        bool on = c.optimizer == OptimizerKind::Nesterov;
        if (ImGui::Checkbox("nesterov", &on)) {
            setRunOptimizer(s, on ? OptimizerKind::Nesterov : OptimizerKind::Momentum);
            c = r.run.config();
        }
        tooltip("torch.optim.SGD(nesterov=True): the gradient at the look-ahead point (needs dampening 0).");
    }
    if (c.optimizer == OptimizerKind::Adam || c.optimizer == OptimizerKind::AMSGrad) {
        bool on = c.optimizer == OptimizerKind::AMSGrad;
        if (ImGui::Checkbox("amsgrad", &on)) {
            setRunOptimizer(s, on ? OptimizerKind::AMSGrad : OptimizerKind::Adam);
            c = r.run.config();
        }
        tooltip("torch.optim.Adam(amsgrad=True): divide by the running maximum of v.");
    }

    // Learning-rate schedule.
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Learning-rate schedule");
    ImGui::PopFont();
    if (drawSchedule(c, fonts, labelW)) changed = true;

    // Stochastic gradients: noise, minibatches, seed.
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Stochastic gradient");
    ImGui::PopFont();
    {
        const ParamSpec& ns = *findRunSpec("noise");
        ParamSpec shown = ns;
        shown.max = 10.0;  // the slider's useful range; Ctrl+click types up to the declared 100
        if (compactSlider(shown, c.noise, "σ", "noise", ns.help, labelW, true)) changed = true;
    }
    const int n = s.networkMode ? s.net.prepared.problem.train.n : s.landscape->sampleCount();
    if (n > 0) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("b");
        ImGui::SameLine(fs * 2.4f);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "batch");
        tooltip(findRunSpec("batch")->help);
        ImGui::SameLine(labelW);
        int mode = c.batch == 1 ? 0 : (c.batch > 1 && c.batch < n) ? 1 : 2;
        const int before = mode;
        ImGui::RadioButton("online", &mode, 0);
        tooltip("b = 1: one sample per step (online learning).");
        ImGui::SameLine();
        ImGui::RadioButton("minibatch", &mode, 1);
        tooltip("b samples per step, without replacement within an epoch.");
        ImGui::SameLine();
        ImGui::RadioButton(("full (" + std::to_string(n) + ")").c_str(), &mode, 2);
        tooltip("All N samples every step: the exact gradient of L.");
        if (mode != before) {
            c.batch = mode == 0 ? 1 : mode == 2 ? 0 : std::max(2, std::min(8, n - 1));
            changed = true;
        }
        if (mode == 1 && n > 2) {
            ParamSpec bs = *findRunSpec("batch");
            bs.min = 2;
            bs.max = n - 1;
            double b = c.batch;
            if (compactSlider(bs, b, "", "b =", bs.help, labelW, true)) {
                c.batch = static_cast<int>(b);
                changed = true;
            }
        }
    }
    {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("seed");
        tooltip(findRunSpec("seed")->help);
        ImGui::SameLine(labelW);
        ImGui::SetNextItemWidth(-1.0f);
        unsigned int seed = static_cast<unsigned int>(c.seed);
        const unsigned int one = 1;
        if (ImGui::InputScalar("##seed", ImGuiDataType_U32, &seed, &one, nullptr, "%u")) {
            c.seed = seed;
            changed = true;
        }
        tooltip(findRunSpec("seed")->help);
    }
    if (!s.networkMode) {
        if (ImGui::Button("Fair comparison sweep…")) s.sweepRequest = true;
        tooltip("Runs this optimizer on a grid of learning rates × its second setting from the same start, "
                "and colours each cell by the loss after N steps: tune every method before comparing them.");
    }

    if (ImGui::CollapsingHeader("Update rule, with the numbers", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::TextWrapped("%s", info.rule.c_str());
        ImGui::PushFont(fonts.small);
        if (s.networkMode) drawLiveRuleNet(r);
        else drawLiveRule(r);
        ImGui::PopFont();
    }
    if (ImGui::CollapsingHeader("EE-556's unified table", ImGuiTreeNodeFlags_DefaultOpen))
        drawLectureTable(c.optimizer, fonts);

    if (changed) {
        std::string err = validate(c);
        if (err.empty()) {
            r.run.setConfig(c);
            resetRun(s, s.selected);  // cause and effect: the run restarts with its new settings
        } else {
            s.notice = err;
            s.noticeUntil = ImGui::GetTime() + 4.0;
        }
    }
    (void)scale;
}

}  // namespace optiscape::app
