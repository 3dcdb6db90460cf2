// The app's runs: adding, duplicating and removing them, their settings, schedule and optimizer,
// and how each stands (see app_state.h).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.h"
#include "core/params.h"

namespace optiscape::app {

namespace {
/// The first palette colour no run uses (0 if all are taken).
int freeColor(const AppState& s) {
    for (int c = 0; c < 8; ++c)
        if (std::none_of(s.runs.begin(), s.runs.end(), [c](const RunSlot& r) { return r.color == c; })) return c;
    return 0;
}

void pushRun(AppState& s, const RunConfig& c, bool visible) {
    RunSlot slot;
    slot.run.setConfig(c);
    slot.color = freeColor(s);
    slot.visible = visible;
    restartSlot(s, slot);
    s.runs.push_back(std::move(slot));
    s.selected = static_cast<int>(s.runs.size()) - 1;
}

/// Applies a changed config to the selected run (restarting it), or says why it cannot.
std::string applySelected(AppState& s, const RunConfig& c) {
    std::string err = validate(c);
    if (!err.empty()) return err;
    RunSlot& r = s.runs[static_cast<size_t>(s.selected)];
    r.run.setConfig(c);
    restartSlot(s, r);
    return "";
}
}  // namespace

bool addRun(AppState& s) {
    if (static_cast<int>(s.runs.size()) >= kMaxRuns) return false;
    const RunConfig c = s.runs.empty() ? modeDefaults(s, OptimizerKind::GD)
                                       : s.runs[static_cast<size_t>(s.selected)].run.config();
    pushRun(s, c, true);
    return true;
}

bool addRunOf(AppState& s, OptimizerKind kind) {
    if (static_cast<int>(s.runs.size()) >= kMaxRuns) return false;
    RunConfig c = modeDefaults(s, kind);
    if (!s.runs.empty()) c.start = s.runs[static_cast<size_t>(s.selected)].run.config().start;
    pushRun(s, c, true);
    return true;
}

std::string duplicateRun(AppState& s, int index) {
    const int n = static_cast<int>(s.runs.size());
    if (index < 0 || index >= n) return "duplicate takes a run index from 0 to " + std::to_string(n - 1);
    if (n >= kMaxRuns) return "at most " + std::to_string(kMaxRuns) + " runs; remove one first";
    const RunSlot& from = s.runs[static_cast<size_t>(index)];
    pushRun(s, from.run.config(), from.visible);
    return "";
}

std::string removeRun(AppState& s, int index) {
    const int n = static_cast<int>(s.runs.size());
    if (index < 0 || index >= n) return "remove takes a run index from 0 to " + std::to_string(n - 1);
    if (n <= 1) return "the last run cannot be removed";
    s.runs.erase(s.runs.begin() + index);
    if (s.selected > index) --s.selected;
    s.selected = std::clamp(s.selected, 0, static_cast<int>(s.runs.size()) - 1);
    return "";
}

std::string setRunSetting(AppState& s, std::string_view name, double value) {
    if (s.runs.empty()) return "no run";
    RunConfig c = s.runs[static_cast<size_t>(s.selected)].run.config();
    const OptimizerInfo& info = optimizerInfo(c.optimizer);
    std::string key(name);
    if (key == "weight_decay" || key == "weightDecay") key = "weight-decay";
    if (key == "lr_decay") key = "lr-decay";
    if (const ParamSpec* spec = findRunSpec(key)) {
        if (!std::isfinite(value) || !spec->contains(value)) return spec->rangeMessage();
        if (key == "batch" && value != 0 && !s.networkMode && s.landscape->sampleCount() == 0) {
            std::string names;
            for (const std::string& d : dataPresetNames()) names += (names.empty() ? "" : ", ") + d;
            return "batch needs a landscape defined by data (" + names + "); '" + s.landscape->name() +
                   "' has no samples";
        }
        if (key == "noise") c.noise = value;
        else if (key == "batch") c.batch = static_cast<int>(value);
        else c.seed = static_cast<std::uint64_t>(value);
        return applySelected(s, c);
    }
    const HyperSpec* h = findHyper(key);
    if (!h || std::find(info.hypers.begin(), info.hypers.end(), key) == info.hypers.end()) {
        std::string names;
        for (const std::string& n : info.hypers) names += n + ", ";
        return "unknown setting '" + std::string(name) + "' of " + info.name + " (settings: " + names +
               "noise, batch, seed)";
    }
    if (!std::isfinite(value) || !h->spec.contains(value)) return h->spec.rangeMessage();
    c.hyper.*(h->field) = value;
    return applySelected(s, c);
}

std::string setRunSchedule(AppState& s, std::string_view spec) {
    if (s.runs.empty()) return "no run";
    std::string err;
    auto parsed = parseSchedule(spec, &err);
    if (!parsed) return err;
    RunConfig c = s.runs[static_cast<size_t>(s.selected)].run.config();
    c.schedule = *parsed;
    return applySelected(s, c);
}

void setRunOptimizer(AppState& s, OptimizerKind kind) {
    if (s.runs.empty()) return;
    RunSlot& r = s.runs[static_cast<size_t>(s.selected)];
    RunConfig c = r.run.config();
    if (c.optimizer == kind) return;
    const OptimizerInfo& from = optimizerInfo(c.optimizer);
    const OptimizerInfo& to = optimizerInfo(kind);
    // Shared settings stay where both families mean the same thing by them: within the SGD
    // family and within the Adam family. Across families, the new one's defaults (lr included).
    auto family = [](OptimizerKind k) {
        switch (k) {
            case OptimizerKind::GD: case OptimizerKind::Momentum: case OptimizerKind::Nesterov:
            case OptimizerKind::PerturbedGD: return 0;
            case OptimizerKind::Adam: case OptimizerKind::AMSGrad: case OptimizerKind::AdamW: return 1;
            default: return 2 + static_cast<int>(k);
        }
    };
    Hyper h = modeDefaults(s, kind).hyper;
    if (family(kind) == family(c.optimizer)) {
        for (const std::string& name : to.hypers)
            if (std::find(from.hypers.begin(), from.hypers.end(), name) != from.hypers.end() &&
                !(name == "weight-decay" && (kind == OptimizerKind::AdamW) != (c.optimizer == OptimizerKind::AdamW)))
                h.*(findHyper(name)->field) = c.hyper.*(findHyper(name)->field);
    }
    c.optimizer = kind;
    c.hyper = h;
    if (!validate(kind, c.hyper).empty()) c.hyper = modeDefaults(s, kind).hyper;  // e.g. Nesterov: τ = 0
    r.run.setConfig(c);
    restartSlot(s, r);
}

std::string runStatus(const RunSlot& r) {
    if (r.run.stopped()) return r.run.stopMessage();
    if (r.run.steps() >= kMaxSteps) return "stopped at the step limit";
    if (r.run.steps() > 0 && r.run.current().gradNorm < kConvergedGradNorm)
        return "converged: ∇L ≈ 0 at step " + std::to_string(r.run.steps());
    return "";
}

std::string runStatus(const AppState& s, const RunSlot& r) {
    if (!s.networkMode) return runStatus(r);
    if (r.net.stopped()) return r.net.stopMessage();
    if (r.net.steps() >= kMaxNetSteps) return "stopped at the step limit";
    if (r.net.steps() > 0 && r.net.current().gradNorm < kConvergedGradNorm)
        return "converged: ∇L ≈ 0 at step " + std::to_string(r.net.steps());
    return "";
}

}  // namespace optiscape::app
