// The runs panel: one row per run (colour, optimizer, status), and the selected run's optimizer,
// settings with their symbols and values, and its update rule in the lectures' notation.
#include <string>

#include "app/panels.h"
#include "app/widgets.h"
#include "core/params.h"

namespace optiscape::app {

namespace {
/// How the lectures write the optimizer, and which PyTorch convention Optiscape follows.
const char* conventionNote(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::GD:
            return "Same as torch.optim.SGD(lr=γ).";
        case OptimizerKind::Momentum:
            return "EE-556's heavy ball m ← ρm + ∇L, θ ← θ − γm is this rule with ρ = μ. Yarotsky's "
                   "V ← α∇L + βV, W ← W − V is it too, with α = γ, β = μ, V = γ·b. PyTorch's "
                   "convention (torch.optim.SGD with momentum): on step 1, b = ∇L.";
        case OptimizerKind::Nesterov:
            return "torch.optim.SGD(nesterov=True): an equivalent rewriting of evaluating the "
                   "gradient at the look-ahead point w − γμb.";
        case OptimizerKind::Adam:
            return "torch.optim.Adam: ε is added after the bias correction of √v (EE-556's δ).";
    }
    return "";
}

/// How a hyperparameter is called next to its symbol.
const char* hyperTitle(const std::string& name) {
    if (name == "lr") return "Learning rate";
    if (name == "momentum") return "Momentum";
    if (name == "dampening") return "Dampening";
    if (name == "beta1") return "First-moment decay";
    if (name == "beta2") return "Second-moment decay";
    if (name == "eps") return "Damping";
    if (name == "weight-decay") return "Weight decay";
    return nullptr;
}
}  // namespace

void drawRunsPanel(AppState& s, const Fonts& fonts, float scale) {
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
        if (ImGui::Selectable(("##run" + std::to_string(i)).c_str(), s.selected == i, 0, ImVec2(rowW, 0)))
            s.selected = i;
        tooltip("Select to edit its settings (keys 1–4).");
        // Name on the left, loss or status on the right of the row.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        std::string title = info.title;
        for (int o = 0; o < static_cast<int>(s.runs.size()); ++o)
            if (o != i && s.runs[static_cast<size_t>(o)].run.config().optimizer == r.run.config().optimizer) {
                title += " " + std::to_string(i + 1);  // as on the map
                break;
            }
        dl->AddText(rowPos, colors::kInk, title.c_str());
        const bool stopped = r.run.diverged();
        std::string right = stopped ? "diverged" : "L " + formatNumber(r.run.current().loss, 3);
        const ImVec2 rs = ImGui::CalcTextSize(right.c_str());
        dl->AddText(ImVec2(rowPos.x + rowW - rs.x - fs * 0.3f, rowPos.y), stopped ? colors::kDanger : colors::kMuted,
                    right.c_str());
        ImGui::SameLine();
        ImGui::Checkbox("##visible", &r.visible);
        tooltip("Show or hide this run.");
        ImGui::PopID();
    }
    ImGui::BeginDisabled(static_cast<int>(s.runs.size()) >= kMaxRuns);
    if (ImGui::Button("+ Add run")) addRun(s);
    ImGui::EndDisabled();
    tooltip("Adds a copy of the selected run in a new colour (up to 4).");
    ImGui::SameLine();
    ImGui::BeginDisabled(s.runs.size() <= 1);
    if (ImGui::Button("Remove")) removeRun(s, s.selected);
    ImGui::EndDisabled();
    tooltip("Removes the selected run.");

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
                Vec2 start = c.start;
                c = defaultRunConfig(o.kind, *s.landscape);
                c.start = start;
                changed = true;
            }
            tooltip(o.torch);
        }
        ImGui::EndCombo();
    }
    const OptimizerInfo& info = optimizerInfo(c.optimizer);
    {
        const TrajectoryPoint& p = r.run.current();
        std::string status = runStatus(r);
        ImGui::PushFont(fonts.small);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "step %d   L = %s   |∇L| = %s",
                           r.run.steps(), formatNumber(p.loss, 4).c_str(), formatNumber(p.gradNorm, 3).c_str());
        if (!status.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, r.run.diverged() ? colors::kDanger : colors::kMuted);
            ImGui::TextWrapped("%s", status.c_str());
            if (r.run.diverged() && !r.run.hint().empty()) ImGui::TextWrapped("%s", r.run.hint().c_str());
            ImGui::PopStyleColor();
        }
        ImGui::PopFont();
    }
    for (const std::string& name : info.hypers) {
        const HyperSpec* h = findHyper(name);
        if (!h) continue;
        if (paramSlider(h->spec, c.hyper.*(h->field), hyperTitle(name))) changed = true;
    }
    if (ImGui::Button("Fair comparison sweep…")) s.sweepRequest = true;
    tooltip("Runs this optimizer on a grid of learning rates × its second setting from the same start, "
            "and colours each cell by the loss after N steps: tune every method before comparing them.");
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Update rule");
    ImGui::PopFont();
    ImGui::TextWrapped("%s", info.rule.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::PushFont(fonts.small);
    ImGui::TextWrapped("%s", conventionNote(c.optimizer));
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (changed) {
        std::string err = validate(c.optimizer, c.hyper);
        if (err.empty()) {
            r.run.setConfig(c);
            r.run.reset(*s.landscape);  // cause and effect: the run restarts with its new settings
        } else {
            s.notice = err;
            s.noticeUntil = ImGui::GetTime() + 4.0;
        }
    }
}

}  // namespace optiscape::app
