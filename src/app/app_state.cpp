// The app's state and the operations every input path shares (see app_state.h).
#include "app/app_state.h"
#include "app/net_views.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/data_landscape.h"
#include "core/formula/formula.h"
#include "core/json.h"
#include "core/nets/analysis.h"
#include "core/nets/net_json.h"
#include "core/params.h"

namespace optiscape::app {

namespace {

bool canStep(const RunSlot& r) {
    return !r.run.stopped() && r.run.steps() < kMaxSteps &&
           !(r.run.steps() > 0 && r.run.current().gradNorm < kConvergedGradNorm);
}

bool canStepNet(const RunSlot& r) {
    return !r.net.stopped() && r.net.steps() < kMaxNetSteps &&
           !(r.net.steps() > 0 && r.net.current().gradNorm < kConvergedGradNorm);
}

bool canStep(const AppState& s, const RunSlot& r) { return s.networkMode ? canStepNet(r) : canStep(r); }

}  // namespace

void recordSharpness(const AppState& s, RunSlot& r) {
    const int every = s.net.spec.sharpnessEvery;
    const int step = r.net.steps();
    if (!s.networkMode || every <= 0 || step % every != 0 || r.net.trajectory().empty()) return;
    if (!r.sharpness.empty() && r.sharpness.back().first >= step) return;
    if (!std::isfinite(r.net.current().loss)) return;
    // Lanczos on exact Hessian-vector products; a relative tolerance of 1e-8 is far below what a
    // plot shows and keeps the cost at a few tens of products.
    const double top = nets::sharpness(s.net.prepared.model, r.net.theta(), s.net.prepared.problem.train, 1e-8, 80);
    if (std::isfinite(top)) r.sharpness.emplace_back(step, top);
}

/// Restarts a slot with its settings: on the landscape, and in the network mode from the shared
/// initial weights.
void restartSlot(AppState& s, RunSlot& r) {
    r.run.reset(*s.landscape);
    r.sharpness.clear();
    if (s.networkMode) {
        r.net.setConfig(r.run.config());
        r.net.reset(s.net.prepared.problem, s.net.theta0);
        r.history.clear();
        r.history.record(0, r.net.theta());
        recordSharpness(s, r);
    }
}

/// Settings of `kind` as the current mode suggests them.
RunConfig modeDefaults(const AppState& s, OptimizerKind kind) {
    RunConfig c = s.networkMode ? netDefaultRunConfig(kind) : defaultRunConfig(kind, *s.landscape);
    if (s.networkMode) c.start = s.landscape->info().start;
    return c;
}

RunConfig netDefaultRunConfig(OptimizerKind kind) {
    RunConfig c;
    c.optimizer = kind;
    c.hyper = defaultsFor(kind);
    switch (kind) {
        case OptimizerKind::GD: case OptimizerKind::Momentum: case OptimizerKind::Nesterov:
        case OptimizerKind::PerturbedGD: case OptimizerKind::Adagrad:
            c.hyper.lr = 0.1;
            break;
        case OptimizerKind::Newton:
            c.hyper.lr = 1.0;
            c.hyper.damping = 1.0;
            break;
        default:
            c.hyper.lr = 0.01;
            break;
    }
    if (kind == OptimizerKind::PerturbedGD) c.hyper.threshold = 1e-3, c.hyper.radius = 0.05;
    return c;
}

int slotSteps(const AppState& s, const RunSlot& r) { return s.networkMode ? r.net.steps() : r.run.steps(); }

double slotLoss(const AppState& s, const RunSlot& r) {
    return s.networkMode ? (r.net.trajectory().empty() ? 0.0 : r.net.current().loss) : r.run.current().loss;
}

namespace {
/// The network mode with `spec`, without restarting runs; "" or why the spec does not fit.
std::string installNetwork(AppState& s, const nets::NetSpec& spec) {
    std::string error;
    auto prepared = nets::prepare(spec, s.net.userData ? &*s.net.userData : nullptr, &error);
    if (!prepared) return error;
    s.net.spec = spec;
    s.net.spec.arch = prepared->model.widths;
    s.net.prepared = std::move(*prepared);
    s.net.theta0 = nets::initialParameters(s.net.prepared.model, spec.init, spec.seed);
    s.net.version += 1;
    s.networkMode = true;
    s.slice = SliceState{};  // a slice or connection of the previous network means nothing now
    s.line = NetLine{};
    s.connect = ConnectState{};
    s.theoryMode = false;
    return "";
}
}  // namespace

std::string setNetwork(AppState& s, const nets::NetSpec& spec) {
    const bool entering = !s.networkMode;
    const std::string error = installNetwork(s, spec);
    if (!error.empty()) return error;
    if (entering)
        for (auto& r : s.runs) {  // the same optimizers, with settings that train a network
            RunConfig c = netDefaultRunConfig(r.run.config().optimizer);
            c.start = r.run.config().start;
            c.seed = r.run.config().seed;
            r.run.setConfig(c);
        }
    resetRuns(s);
    return "";
}

std::string setNetworkCsv(AppState& s, std::string_view csv, const std::string& name) {
    std::string error;
    auto d = nets::parseDatasetCsv(csv, &error);
    if (!d) return name + ": " + error;
    const std::optional<nets::Dataset> before = s.net.userData;
    s.net.userData = std::move(*d);
    nets::NetSpec spec = s.networkMode ? s.net.spec : nets::NetSpec{};
    spec.userData = true;
    if (s.net.userData->inputs != 2) spec.features.clear();
    if (s.net.userData->inputs != 1) spec.polyDegree = 0;
    spec.loss.reset();  // the loss that fits the file's targets
    error = setNetwork(s, spec);
    if (!error.empty()) {
        s.net.userData = before;
        return name + ": " + error;
    }
    s.net.userDataName = name;
    return "";
}

void leaveNetwork(AppState& s) {
    if (!s.networkMode) return;
    s.networkMode = false;
    for (auto& r : s.runs) {
        RunConfig c = defaultRunConfig(r.run.config().optimizer, *s.landscape);
        c.start = r.run.config().start;
        c.seed = r.run.config().seed;
        r.run.setConfig(c);
    }
    resetRuns(s);
    s.viewDirty = true;
}

double suggestedLr(OptimizerKind kind, const Landscape& l, const Vec2& start) {
    // Rounded to one significant digit, so the slider shows a plain number.
    auto round1 = [](double v) {
        const double mag = std::pow(10.0, std::floor(std::log10(v)));
        return std::round(v / mag) * mag;
    };
    if (kind == OptimizerKind::Adam) return round1(std::max(l.info().view.width() / 80.0, 1e-4));
    // The SGD family: 0.6/λmax at the start, safely inside GD's stability limit 2/λmax.
    const Vec2 lam = symmetricEigenvalues(l.evaluate(start).hessian);
    const double lmax = std::max(std::abs(lam.x()), std::abs(lam.y()));
    return round1(std::clamp(lmax > 0 ? 0.6 / lmax : 0.1, 1e-5, 0.3));
}

RunConfig defaultRunConfig(OptimizerKind kind, const Landscape& l) {
    RunConfig c;
    c.optimizer = kind;
    c.hyper = defaultsFor(kind);
    c.start = l.info().start;
    c.hyper.lr = suggestedLr(kind, l, c.start);
    return c;
}

void resetRun(AppState& s, int index) {
    if (index < 0 || index >= static_cast<int>(s.runs.size())) return;
    restartSlot(s, s.runs[static_cast<size_t>(index)]);
}

void resetRuns(AppState& s) {
    for (int i = 0; i < static_cast<int>(s.runs.size()); ++i) resetRun(s, i);
    s.stepCredit = 0.0;
}

void selectLandscape(AppState& s, int index) {
    const auto& names = allPresetNames();
    index = std::clamp(index, 0, static_cast<int>(names.size()) - 1);
    s.networkMode = s.theoryMode = false;
    s.slice = SliceState{};  // another landscape: the slice's network is left
    s.landscape = makeAnyPreset(names[static_cast<size_t>(index)]);
    s.landscapeIndex = index;
    s.formula.text = s.landscape->info().formula;
    s.formula.error.clear();
    s.formula.column = 0;
    for (auto& r : s.runs) {
        RunConfig c = r.run.config();
        c.start = s.landscape->info().start;
        c.hyper.lr = suggestedLr(c.optimizer, *s.landscape, c.start);
        r.run.setConfig(c);
    }
    resetRuns(s);
    s.view.fitted = false;
    s.viewDirty = true;
}

bool selectLandscapeByName(AppState& s, std::string_view name) {
    const auto& names = allPresetNames();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return false;
    selectLandscape(s, static_cast<int>(it - names.begin()));
    return true;
}

namespace {
/// The slider specs of a custom formula's parameters: the user's ranges, default 1 inside them.
std::vector<ParamSpec> formulaSpecs(const AppState& s) {
    std::vector<ParamSpec> specs;
    for (const auto& [name, range] : s.formula.ranges) {
        ParamSpec p;
        p.name = name;
        p.symbol = name;
        p.min = range.first;
        p.max = range.second;
        p.def = std::clamp(1.0, p.min, p.max);
        p.help = "A parameter of the formula.";
        specs.push_back(p);
    }
    return specs;
}

/// The current landscape's value of parameter `name`, if it has one.
std::optional<double> currentParam(const AppState& s, const std::string& name) {
    const auto& specs = s.landscape->info().params;
    for (size_t i = 0; i < specs.size(); ++i)
        if (specs[i].name == name) return s.landscape->params()[i];
    return std::nullopt;
}

/// Replaces the landscape by the custom formula `text` (which parses), keeping shared values.
void showFormula(AppState& s, const std::string& text) {
    Scenario sc;
    sc.landscape = "formula";
    sc.formula = text;
    auto fresh = makeFormulaLandscape(text, nullptr, formulaSpecs(s));
    for (const ParamSpec& p : fresh->info().params)
        sc.params[p.name] = currentParam(s, p.name).value_or(p.def);
    s.landscape = makeScenarioLandscape(sc, formulaSpecs(s));
    resetRuns(s);
    s.viewDirty = true;
}
}  // namespace

std::string editFormula(AppState& s, const std::string& text) {
    s.formula.text = text;
    FormulaError err;
    if (!Formula::parse(text, &err)) {
        s.formula.error = err.message.empty() ? "the formula does not parse" : err.message;
        s.formula.column = err.column;
        return s.formula.error;
    }
    s.formula.error.clear();
    s.formula.column = 0;
    if (text == s.landscape->info().formula) return "";  // unchanged (a preset's own text, say)
    showFormula(s, text);
    return "";
}

std::string setFormulaRange(AppState& s, const std::string& name, double min, double max) {
    if (s.landscape->name() != "formula") return "only a custom formula's ranges can change";
    if (!currentParam(s, name)) return "the formula has no parameter '" + name + "'";
    if (!std::isfinite(min) || !std::isfinite(max) || !(min < max) || std::abs(min) > 1e6 || std::abs(max) > 1e6)
        return "a range needs min < max, both in [-1e+06, 1e+06]";
    s.formula.ranges[name] = {min, max};
    const double v = std::clamp(*currentParam(s, name), min, max);
    Scenario sc;
    sc.landscape = "formula";
    sc.formula = s.landscape->info().formula;
    for (const ParamSpec& p : s.landscape->info().params) sc.params[p.name] = *currentParam(s, p.name);
    sc.params[name] = v;
    s.landscape = makeScenarioLandscape(sc, formulaSpecs(s));
    resetRuns(s);
    s.viewDirty = true;
    return "";
}

void resetToPreset(AppState& s) {
    s.formula.ranges.clear();
    selectLandscape(s, s.landscapeIndex);
}

void setDefaultScenario(AppState& s) {
    s.runs.clear();
    selectLandscape(s, 0);
    for (OptimizerKind k : {OptimizerKind::GD, OptimizerKind::Momentum, OptimizerKind::Nesterov,
                            OptimizerKind::Adam}) {
        RunSlot slot;
        slot.color = static_cast<int>(s.runs.size());
        slot.run.setConfig(defaultRunConfig(k, *s.landscape));
        s.runs.push_back(std::move(slot));
    }
    s.selected = 0;
    s.playing = false;
    resetRuns(s);
}

void setStart(AppState& s, const Vec2& w, int index) {
    for (int i = 0; i < static_cast<int>(s.runs.size()); ++i) {
        if (index >= 0 && i != index) continue;
        auto& r = s.runs[static_cast<size_t>(i)];
        RunConfig c = r.run.config();
        c.start = w;
        r.run.setConfig(c);
        restartSlot(s, r);
    }
    s.stepCredit = 0.0;
}

bool anyRunActive(const AppState& s) {
    return std::any_of(s.runs.begin(), s.runs.end(), [&](const RunSlot& r) { return canStep(s, r); });
}

void stepAll(AppState& s, int n) {
    for (auto& r : s.runs)
        for (int k = 0; k < n && canStep(s, r); ++k) {
            if (s.networkMode) {
                r.net.step(s.net.prepared.problem);
                r.history.record(r.net.steps(), r.net.theta());
                recordSharpness(s, r);
            }
            else r.run.step(*s.landscape);
        }
}

void advancePlayback(AppState& s, double dt) {
    if (!s.playing) return;
    int n = 0;
    if (s.networkMode) {
        n = s.netSpeed;  // steps per frame: the decision regions redraw every frame
    } else {
        s.stepCredit += std::min(dt, 0.25) * s.speed;
        n = static_cast<int>(s.stepCredit);
        s.stepCredit -= n;
    }
    const int until = s.lesson.runUntil;
    if (until >= 0) {
        int most = 0;
        for (const auto& r : s.runs) most = std::max(most, slotSteps(s, r));
        n = std::min(n, std::max(until - most, 0));
    }
    if (n > 0) stepAll(s, n);
    bool reached = until >= 0;
    for (const auto& r : s.runs) reached = reached && (slotSteps(s, r) >= until || runStatus(s, r) != "");
    if (!anyRunActive(s) || reached) {
        s.playing = false;
        if (until >= 0) {
            s.lesson.runUntil = -1;
            s.lesson.ran = true;
            auto& done = s.lesson.done[static_cast<size_t>(s.lesson.lesson)];
            done[static_cast<size_t>(s.lesson.step)] = true;
        }
    }
}

std::string openLesson(AppState& s, int index, int step) {
    if (index < 0 || index >= static_cast<int>(s.lessons.size())) return "no lesson " + std::to_string(index);
    const Lesson& l = s.lessons[static_cast<size_t>(index)];
    if (step < 0 || step >= static_cast<int>(l.steps.size()))
        return "lesson '" + l.id + "' has steps 0 to " + std::to_string(l.steps.size() - 1);
    AppState fresh;
    setDefaultScenario(fresh);
    Scenario sc = toScenario(fresh);
    std::vector<std::string> ignored;
    for (int k = 0; k <= step; ++k) {
        auto more = applyScenario(l.steps[static_cast<size_t>(k)].scenario, sc, kMaxRuns);
        ignored.insert(ignored.end(), more.begin(), more.end());
    }
    sc.running = sc.theory.running = false;
    const std::string net = fromScenario(s, sc);
    if (!net.empty()) ignored.push_back(net);
    if (s.lesson.done.size() != s.lessons.size()) {
        s.lesson.done.clear();
        for (const Lesson& x : s.lessons) s.lesson.done.emplace_back(x.steps.size(), false);
    }
    s.lesson.lesson = index;
    s.lesson.step = step;
    s.lesson.choice = -1;
    s.lesson.ran = false;
    s.lesson.runUntil = -1;
    s.view.fitted = false;
    s.selected = 0;
    if (!ignored.empty()) return "lesson '" + l.id + "' step " + std::to_string(step) + ": " + ignored.front();
    return "";
}

void closeLesson(AppState& s) {
    s.lesson.lesson = -1;
    s.lesson.runUntil = -1;
}

void runLessonStep(AppState& s) {
    if (s.lesson.lesson < 0) return;
    const LessonStep& st = s.lessons[static_cast<size_t>(s.lesson.lesson)].steps[static_cast<size_t>(s.lesson.step)];
    if (st.question && s.lesson.choice < 0) return;
    if (s.theoryMode) return startTheoryLessonRun(s);  // the experiment computes; ran once it is done
    resetRuns(s);
    s.lesson.runUntil = st.runSteps;
    s.lesson.ran = false;
    // Long runs play faster, so that every step takes a few seconds to watch.
    s.speed = std::clamp(static_cast<float>(st.runSteps) / 4.0f, 20.0f, 400.0f);
    if (s.networkMode) s.netSpeed = std::clamp(st.runSteps / 100, 5, 50);  // steps per frame
    s.playing = true;
}

bool skipLessonRun(AppState& s) {
    if (s.lesson.lesson < 0 || s.lesson.runUntil < 0 || s.theoryMode) return false;
    int most = 0;
    for (const auto& r : s.runs) most = std::max(most, slotSteps(s, r));
    const int left = std::max(s.lesson.runUntil - most, 0);
    if (left > 0) stepAll(s, left);
    s.playing = true;
    advancePlayback(s, 0.0);  // nothing left to step: stops, and marks the step as run
    return true;
}

Scenario toScenario(const AppState& s) {
    Scenario sc;
    // While a slice is shown, the scenario is the network's it was taken from (app/net_views.h).
    const bool slice = s.slice.open && s.slice.savedLandscape;
    const bool network = s.networkMode || slice;
    const Landscape& land = slice ? *s.slice.savedLandscape : *s.landscape;
    const std::vector<RunSlot>& runs = slice ? s.slice.savedRuns : s.runs;
    sc.mode = s.theoryMode ? "theory" : network ? "network" : "landscape";
    sc.theory = s.theory.spec;
    sc.network = network ? s.net.spec : nets::NetSpec{};
    sc.landscape = land.name();
    if (sc.landscape == "formula") sc.formula = land.info().formula;
    sc.overlays.stability = s.showStability;
    sc.overlays.eigen = s.showEigen;
    sc.overlays.stationary = s.showStationary;
    sc.overlays.basins = s.showBasins;
    sc.overlays.flow = s.showFlow;
    sc.view = s.viewMode == 1 ? "3d" : s.viewMode == 2 ? "split" : "map";
    const auto& specs = land.info().params;
    for (size_t i = 0; i < specs.size(); ++i) sc.params[specs[i].name] = land.params()[i];
    for (const auto& r : runs) {
        RunSpec rs;
        rs.optimizer = r.run.config().optimizer;
        rs.hyper = r.run.config().hyper;
        rs.start = r.run.config().start;
        rs.visible = r.visible;
        rs.schedule = r.run.config().schedule;
        rs.noise = r.run.config().noise;
        rs.batch = r.run.config().batch;
        rs.seed = r.run.config().seed;
        sc.runs.push_back(rs);
    }
    sc.running = s.playing;
    if (network) sc.window = currentWindow(s);  // a slice, connection or line to reopen
    return sc;
}

std::string fromScenario(AppState& s, const Scenario& sc) {
    std::string networkError;
    if (s.slice.open && s.slice.savedLandscape) {  // the slice's network and runs come back first
        s.landscape = std::move(s.slice.savedLandscape);
        s.runs = std::move(s.slice.savedRuns);
        s.networkMode = true;
        s.slice = SliceState{};
    }
    const auto& names = allPresetNames();
    auto it = std::find(names.begin(), names.end(), sc.landscape);
    if (sc.landscape == "formula") {
        if (auto l = makeScenarioLandscape(sc, formulaSpecs(s))) {
            if (s.landscape->name() != "formula" || s.landscape->info().formula != sc.formula) s.view.fitted = false;
            s.landscape = std::move(l);
            s.formula.text = sc.formula;
            s.formula.error.clear();
            s.formula.column = 0;
        }
    } else if (it != names.end() && (sc.landscape != s.landscape->name())) {
        s.landscape = makeAnyPreset(sc.landscape);
        s.landscapeIndex = static_cast<int>(it - names.begin());
        s.formula.text = s.landscape->info().formula;
        s.formula.error.clear();
        s.formula.column = 0;
        s.view.fitted = false;
    }
    for (const auto& [name, value] : sc.params) s.landscape->setParam(name, value);
    s.showStability = sc.overlays.stability;
    s.showEigen = sc.overlays.eigen;
    s.showStationary = sc.overlays.stationary;
    s.showBasins = sc.overlays.basins;
    s.showFlow = sc.overlays.flow;
    s.viewMode = sc.view == "3d" ? 1 : sc.view == "split" ? 2 : 0;
    std::vector<RunSlot> runs;
    for (size_t i = 0; i < sc.runs.size() && static_cast<int>(i) < kMaxRuns; ++i) {
        RunSlot slot;
        slot.color = i < s.runs.size() ? s.runs[i].color : static_cast<int>(i);
        slot.visible = sc.runs[i].visible;
        slot.run.setConfig(sc.runs[i].config());
        runs.push_back(std::move(slot));
    }
    if (!runs.empty()) s.runs = std::move(runs);
    s.selected = std::clamp(s.selected, 0, static_cast<int>(s.runs.size()) - 1);
    if (sc.mode == "network") {
        networkError = installNetwork(s, sc.network);
        if (!networkError.empty()) networkError = "network: " + networkError + " (the previous scenario stays)";
    } else {
        s.networkMode = false;
        s.slice = SliceState{};
    }
    if (sc.mode == "theory") networkError = openTheory(s, sc.theory);
    else s.theoryMode = false;
    resetRuns(s);
    s.playing = sc.running && anyRunActive(s);
    const std::string window = networkError.empty() ? openWindow(s, sc.window) : "";
    s.viewDirty = true;
    return networkError.empty() ? window : networkError;
}

std::string loadScenarioJson(AppState& s, std::string_view json) {
    std::string error;
    std::vector<std::string> ignored;
    auto value = parseJson(json, &error);
    if (!value) {
        ignored.push_back("scenario: " + error);
    } else {
        Scenario sc = toScenario(s);
        ignored = applyScenario(*value, sc, kMaxRuns);
        const std::string net = fromScenario(s, sc);
        if (!net.empty()) ignored.push_back(net);
    }
    JsonWriter j;
    j.beginArray();
    for (const auto& m : ignored) j.value(m);
    j.endArray();
    return j.str();
}

}  // namespace optiscape::app
