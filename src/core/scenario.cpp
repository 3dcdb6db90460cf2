// The forgiving scenario loader that applies what is valid and lists what it ignored, and the
// scenario's JSON form (the strict JSON reader itself is json_reader.cpp).
#include "scenario.h"

#include "nets/net_json.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "data_landscape.h"
#include "core/formula/formula.h"
#include "landscape.h"

namespace optiscape {

RunConfig RunSpec::config() const {
    RunConfig c;
    c.optimizer = optimizer;
    c.hyper = hyper;
    c.start = start;
    c.schedule = schedule;
    c.noise = noise;
    c.batch = batch;
    c.seed = seed;
    return c;
}

namespace {

/// The landscape names a scenario may use: the presets, the data presets, and "formula".
std::vector<std::string> landscapeNames() {
    std::vector<std::string> names = allPresetNames();
    names.push_back("formula");
    return names;
}

/// The landscape a scenario names, at default parameters (nullptr if unknown or malformed).
std::unique_ptr<Landscape> namedLandscape(const std::string& name, const std::string& formula) {
    if (name == "formula") return formula.empty() ? nullptr : makeFormulaLandscape(formula, nullptr);
    return makeAnyPreset(name);
}

/// The range a formula parameter may take in a scenario (its slider's range widens to it).
constexpr double kFormulaParamLimit = 1e6;

// ---- applying a scenario -------------------------------------------------------------------

/// A name from the input, escaped and cut to 40 bytes, for messages.
std::string shown(std::string_view s) {
    std::string e = jsonEscape(s);
    if (e.size() <= 40) return e;
    size_t n = 40;
    while (n > 0 && (static_cast<unsigned char>(e[n]) & 0xC0) == 0x80) --n;
    return e.substr(0, n) + "...";
}

/// Shortest of 6 or 17 significant digits that reads back as v.
std::string shownNumber(double v) {
    const std::string s = formatNumber(v, 6);
    const auto back = parseNumber(s);
    return back && *back == v ? s : formatNumber(v, 17);
}

std::string joined(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string typeName(const JsonValue& v) {
    static const char* const names[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
    return names[static_cast<int>(v.type)];
}

/// Checks v against spec; returns an empty string or the reason it cannot be used.
std::string checkNumber(const JsonValue& v, const ParamSpec& spec) {
    std::string range = spec.rangeMessage();  // "lr must be in [1e-06, 10]"
    if (range.compare(0, spec.name.size() + 1, spec.name + " ") == 0) range.erase(0, spec.name.size() + 1);
    if (!v.isNumber()) return "expected a number, got " + typeName(v) + " (" + range + ")";
    if (!std::isfinite(v.number) || !spec.contains(v.number))
        return shownNumber(v.number) + " is out of range (" + range + ")";
    return {};
}

class Applier {
public:
    Applier(Scenario& s, int maxRuns) : s_(s), maxRuns_(std::max(1, maxRuns)) {}

    std::vector<std::string> apply(const JsonValue& json) {
        if (json.type != JsonValue::Type::Object) return {"scenario: expected a JSON object"};
        if (const JsonValue* l = json.find("landscape")) landscape(*l);
        if (const JsonValue* n = json.find("network")) {
            nets::applyNetworkJson(*n, s_.network, out_);
            if (!json.find("mode")) s_.mode = "network";
        }
        if (const JsonValue* t = json.find("theory")) {
            theory::applyTheoryJson(*t, s_.theory, out_);
            if (!json.find("mode")) s_.mode = "theory";
        }
        if (const JsonValue* m = json.find("mode")) {
            if (m->type == JsonValue::Type::String && (m->string == "landscape" || m->string == "network" || m->string == "theory"))
                s_.mode = m->string;
            else
                note("mode", "expected \"landscape\", \"network\" or \"theory\", got " +
                                 (m->type == JsonValue::Type::String ? "'" + shown(m->string) + "'" : typeName(*m)));
        } else if (json.find("landscape") && !json.find("network") && !json.find("theory")) {
            s_.mode = "landscape";
        }
        readBool(json.find("running"), s_.running, "running");
        if (const JsonValue* r = json.find("runs")) runs(*r);
        if (const JsonValue* o = json.find("overlays")) overlays(*o);
        if (const JsonValue* v = json.find("view")) {
            if (v->type == JsonValue::Type::String && (v->string == "map" || v->string == "3d" || v->string == "split"))
                s_.view = v->string;
            else
                note("view", "expected \"map\", \"3d\" or \"split\", got " +
                                 (v->type == JsonValue::Type::String ? "'" + shown(v->string) + "'" : typeName(*v)));
        }
        s_.window = nets::NetWindow{};  // a window is reopened only when asked for
        if (const JsonValue* w = json.find("window")) nets::applyWindowJson(*w, s_.window, out_);
        complete();
        for (const auto& [k, v] : json.object)
            if (k != "landscape" && k != "running" && k != "runs" && k != "selected" && k != "overlays" &&
                k != "view" && k != "mode" && k != "network" && k != "theory" && k != "window" && !isReadOnly(k))
                note(shown(k), "unknown key");
        return std::move(out_);
    }

private:
    /// What state() reports besides the scenario (so load(state()) ignores nothing).
    static bool isReadOnly(const std::string& k) {
        return k == "formula" || k == "layers" || k == "theme" || k == "lesson" || k == "mapView" || k == "notice" ||
               k == "frames" || k == "idle" || k == "jobs" || k == "slice" || k == "line" || k == "connect";
    }
    void note(const std::string& path, const std::string& what) { out_.push_back(path + ": " + what); }

    void readBool(const JsonValue* v, bool& target, const std::string& path) {
        if (!v) return;
        if (v->type == JsonValue::Type::Bool)
            target = v->boolean;
        else
            note(path, "expected true or false, got " + typeName(*v));
    }

    void landscape(const JsonValue& l) {
        const JsonValue* name = nullptr;
        const JsonValue* params = nullptr;
        const JsonValue* formula = nullptr;
        if (l.type == JsonValue::Type::String) {
            name = &l;
        } else if (l.type == JsonValue::Type::Object) {
            name = l.find("name");
            params = l.find("params");
            formula = l.find("formula");
            // title and compiled: state()'s, read-only (a state() loads back without notes)
            for (const auto& [k, v] : l.object)
                if (k != "name" && k != "params" && k != "formula" && k != "title" && k != "compiled")
                    note("landscape." + shown(k), "unknown key");
        } else {
            note("landscape", "expected an object {name, params} or a name, got " + typeName(l));
            return;
        }
        if (formula) {
            const bool named = name && name->type == JsonValue::Type::String;
            if (formula->type != JsonValue::Type::String) {
                note("landscape.formula", "expected a string, got " + typeName(*formula));
            } else if (named && name->string != "formula") {
                // state() reports a preset's own formula: echoing it back is fine
                const auto preset = makeAnyPreset(name->string);
                if (!preset || preset->info().formula != formula->string)
                    note("landscape.formula", "only the landscape named \"formula\" takes a formula (not '" +
                                                  shown(name->string) + "')");
            } else {
                FormulaError err;
                const auto f = Formula::parse(formula->string, &err);
                if (!f) {
                    note("landscape.formula", err.message + " (kept the previous landscape)");
                    if (params) note("landscape.params", "ignored with the formula");
                    return;
                }
                if (s_.landscape != "formula" || s_.formula != formula->string) {
                    const std::map<std::string, double> old = std::move(s_.params);
                    s_.params.clear();
                    const auto fl = makeFormulaLandscape(formula->string, nullptr);
                    for (const ParamSpec& p : fl->info().params) {
                        const auto it = old.find(p.name);
                        s_.params[p.name] = it != old.end() ? it->second : p.def;
                    }
                    s_.landscape = "formula";
                    s_.formula = formula->string;
                }
                name = nullptr;  // done: the name was "formula" or absent
            }
        }
        if (name) {
            if (name->type != JsonValue::Type::String) {
                note("landscape.name", "expected a string, got " + typeName(*name));
            } else if (name->string == "formula" && s_.formula.empty()) {
                note("landscape.name", "the landscape \"formula\" needs landscape.formula, its text");
            } else if (!namedLandscape(name->string, s_.formula)) {
                note("landscape.name", "unknown landscape '" + shown(name->string) +
                                           "' (landscapes: " + joined(landscapeNames()) + ")");
            } else if (name->string != s_.landscape || s_.params.empty()) {
                s_.landscape = name->string;
                if (s_.landscape != "formula") s_.formula.clear();
                s_.params.clear();
                const auto preset = namedLandscape(s_.landscape, s_.formula);
                for (const ParamSpec& p : preset->info().params) s_.params[p.name] = p.def;
            }
        }
        if (!params) return;
        const auto preset = namedLandscape(s_.landscape, s_.formula);
        if (params->type != JsonValue::Type::Object) {
            note("landscape.params", "expected an object, got " + typeName(*params));
            return;
        }
        if (!preset) {
            note("landscape.params", "unknown landscape '" + shown(s_.landscape) + "'");
            return;
        }
        const auto& specs = preset->info().params;
        for (const auto& [k, v] : params->object) {
            const std::string path = "landscape.params." + shown(k);
            const std::string& key = k;  // C++17 lambdas cannot capture structured bindings
            const auto spec =
                std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.name == key; });
            if (spec == specs.end()) {
                std::vector<std::string> names;
                for (const ParamSpec& p : specs) names.push_back(p.name);
                note(path, "unknown parameter of '" + s_.landscape + "' (parameters: " + joined(names) + ")");
                continue;
            }
            ParamSpec range = *spec;
            if (s_.landscape == "formula") {  // a typed formula: any value its slider can widen to
                range.min = -kFormulaParamLimit;
                range.max = kFormulaParamLimit;
            }
            const std::string err = checkNumber(v, range);
            if (err.empty())
                s_.params[k] = v.number;
            else
                note(path, err);
        }
    }

    /// Whatever the input left out of a complete scenario: missing parameters take the preset's
    /// defaults, and a scenario without runs gets one default run.
    void complete() {
        if (const auto preset = namedLandscape(s_.landscape, s_.formula))
            for (const ParamSpec& p : preset->info().params) s_.params.emplace(p.name, p.def);
        if (s_.runs.empty()) s_.runs.push_back(newRun(s_.runs));
    }

    RunSpec newRun(const std::vector<RunSpec>& built) const {
        if (!built.empty()) return built.back();
        RunSpec r;
        if (const auto preset = namedLandscape(s_.landscape, s_.formula)) r.start = preset->info().start;
        return r;
    }

    void overlays(const JsonValue& o) {
        if (o.type != JsonValue::Type::Object) {
            note("overlays", "expected an object {stability, eigen, stationary, basins, flow}, got " + typeName(o));
            return;
        }
        Overlays& v = s_.overlays;
        const std::pair<const char*, bool*> flags[] = {{"stability", &v.stability}, {"eigen", &v.eigen},
                                                       {"stationary", &v.stationary}, {"basins", &v.basins},
                                                       {"flow", &v.flow}};
        for (const auto& [k, x] : o.object) {
            bool known = false;
            for (const auto& f : flags)
                if (k == f.first) {
                    readBool(&x, *f.second, "overlays." + k);
                    known = true;
                }
            if (!known) note("overlays." + shown(k), "unknown layer (layers: stability, eigen, stationary, basins, flow)");
        }
    }

    void runs(const JsonValue& r) {
        if (r.type != JsonValue::Type::Array) {
            note("runs", "expected an array, got " + typeName(r));
            return;
        }
        if (r.array.empty()) {
            note("runs", "a scenario needs at least one run");
            return;
        }
        std::vector<RunSpec> built;
        const size_t count = std::min(r.array.size(), static_cast<size_t>(maxRuns_));
        for (size_t i = 0; i < count; ++i) {
            const std::string path = "runs[" + std::to_string(i) + "]";
            const bool exists = i < s_.runs.size();
            const JsonValue& e = r.array[i];
            if (e.type != JsonValue::Type::Object) {
                note(path, "expected an object, got " + typeName(e) +
                               (exists ? " (kept the run as it was)" : " (no run added)"));
                if (exists) built.push_back(s_.runs[i]);
                continue;
            }
            RunSpec spec = exists ? s_.runs[i] : newRun(built);
            run(e, spec, path);
            built.push_back(spec);
        }
        if (r.array.size() > count) {
            std::string path = "runs[" + std::to_string(count);
            if (r.array.size() > count + 1) path += ".." + std::to_string(r.array.size() - 1);
            note(path + "]", "at most " + std::to_string(maxRuns_) + " runs");
        }
        if (!built.empty()) s_.runs = std::move(built);
    }

    void run(const JsonValue& e, RunSpec& r, const std::string& path) {
        static const char* const readOnly[] = {"step",       "w",      "loss",    "gradNorm", "diverged",
                                               "divergedAt", "status", "stopped", "stopReason", "lr", "color"};
        if (const JsonValue* o = e.find("optimizer")) {
            const auto kind = o->type == JsonValue::Type::String ? parseOptimizer(o->string) : std::nullopt;
            if (o->type != JsonValue::Type::String) {
                note(path + ".optimizer", "expected a string, got " + typeName(*o));
            } else if (!kind) {
                std::vector<std::string> names;
                for (const OptimizerInfo& info : optimizers()) names.push_back(info.name);
                note(path + ".optimizer",
                     "unknown optimizer '" + shown(o->string) + "' (optimizers: " + joined(names) + ")");
            } else if (*kind != r.optimizer) {
                r.optimizer = *kind;
                r.hyper = defaultsFor(*kind);
            }
        }
        if (const JsonValue* h = e.find("hyper")) hyper(*h, r, path + ".hyper");
        if (const JsonValue* st = e.find("start")) {
            const bool ok = st->type == JsonValue::Type::Array && st->array.size() == 2 &&
                            std::all_of(st->array.begin(), st->array.end(), [](const JsonValue& x) {
                                return x.isNumber() && std::isfinite(x.number) && std::abs(x.number) <= 1e6;
                            });
            if (ok)
                r.start = Vec2(st->array[0].number, st->array[1].number);
            else
                note(path + ".start", "expected [w1, w2], two numbers in [-1e+06, 1e+06]");
        }
        readBool(e.find("visible"), r.visible, path + ".visible");
        if (const JsonValue* sc = e.find("schedule")) {
            std::string err;
            const auto parsed = sc->type == JsonValue::Type::String ? parseSchedule(sc->string, &err)
                                                                    : std::nullopt;
            if (sc->type != JsonValue::Type::String)
                note(path + ".schedule", "expected a string such as \"step:every=50,gamma=0.5\", got " +
                                             typeName(*sc));
            else if (!parsed)
                note(path + ".schedule", err);
            else
                r.schedule = *parsed;
        }
        readRunNumber(e.find("noise"), "noise", path, [&](double v) { r.noise = v; });
        readRunNumber(e.find("batch"), "batch", path, [&](double v) { r.batch = static_cast<int>(v); });
        readRunNumber(e.find("seed"), "seed", path, [&](double v) { r.seed = static_cast<std::uint64_t>(v); });
        for (const auto& [k, v] : e.object) {
            if (k == "optimizer" || k == "hyper" || k == "start" || k == "visible" ||
                k == "schedule" || k == "noise" || k == "batch" || k == "seed")
                continue;
            if (std::find(std::begin(readOnly), std::end(readOnly), k) != std::end(readOnly))
                continue;  // what state() reports about a run's progress; not settings
            note(path + "." + shown(k), "unknown key");
        }
    }

    template <class Set>
    void readRunNumber(const JsonValue* v, const char* name, const std::string& path, Set set) {
        if (!v) return;
        const std::string err = checkNumber(*v, *findRunSpec(name));
        if (err.empty())
            set(v->number);
        else
            note(path + "." + name, err);
    }

    void hyper(const JsonValue& h, RunSpec& r, const std::string& path) {
        if (h.type != JsonValue::Type::Object) {
            note(path, "expected an object, got " + typeName(h));
            return;
        }
        const OptimizerInfo& info = optimizerInfo(r.optimizer);
        const Hyper before = r.hyper;
        for (const auto& [k, v] : h.object) {
            const std::string name = (k == "weightDecay" || k == "weight_decay") ? "weight-decay" : k;
            const HyperSpec* spec = findHyper(name);
            const bool used = std::find(info.hypers.begin(), info.hypers.end(), name) != info.hypers.end();
            if (!spec || !used) {
                note(path + "." + shown(k),
                     std::string(spec ? "not used by " : "unknown hyperparameter of ") + info.name + " (" +
                         info.name + " uses: " + joined(info.hypers) + ")");
                continue;
            }
            const std::string err = checkNumber(v, spec->spec);
            if (err.empty())
                r.hyper.*(spec->field) = v.number;
            else
                note(path + "." + shown(k), err);
        }
        const std::string err = validate(r.optimizer, r.hyper);
        if (!err.empty()) {
            r.hyper = before;
            note(path, err + "; kept the previous settings");
        }
    }

    Scenario& s_;
    int maxRuns_;
    std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> applyScenario(const JsonValue& json, Scenario& s, int maxRuns) {
    return Applier(s, maxRuns).apply(json);
}

std::string scenarioJson(const Scenario& s) {
    JsonWriter j;
    j.beginObject();
    if (s.mode == "network") {  // a landscape scenario keeps the form links had before networks
        j.key("mode").value(s.mode);
        j.key("network").beginObject();
        nets::writeNetworkJson(j, s.network);
        j.endObject();
    }
    if (s.mode == "theory") {
        j.key("mode").value(s.mode);
        j.key("theory").beginObject();
        theory::writeTheoryJson(j, s.theory);
        j.endObject();
    }
    j.key("landscape").beginObject();
    j.key("name").value(s.landscape);
    if (s.landscape == "formula") j.key("formula").value(s.formula);
    j.key("params").beginObject();
    std::vector<std::string> order;
    if (const auto preset = namedLandscape(s.landscape, s.formula))
        for (const ParamSpec& p : preset->info().params)
            if (s.params.count(p.name)) order.push_back(p.name);
    for (const auto& [k, v] : s.params)
        if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
    for (const std::string& k : order) j.key(k).value(s.params.at(k));
    j.endObject();
    j.endObject();
    j.key("running").value(s.running);
    j.key("runs").beginArray();
    for (const RunSpec& r : s.runs) {
        const OptimizerInfo& info = optimizerInfo(r.optimizer);
        j.beginObject();
        j.key("optimizer").value(info.name);
        j.key("hyper").beginObject();
        for (const std::string& name : info.hypers)
            if (const HyperSpec* h = findHyper(name)) j.key(name).value(r.hyper.*(h->field));
        j.endObject();
        j.key("start").beginArray().value(r.start.x()).value(r.start.y()).endArray();
        j.key("visible").value(r.visible);
        j.key("schedule").value(scheduleSpec(r.schedule));
        j.key("noise").value(r.noise);
        j.key("batch").value(r.batch);
        j.key("seed").value(static_cast<double>(r.seed));
        j.endObject();
    }
    j.endArray();
    j.key("overlays").beginObject();
    j.key("stability").value(s.overlays.stability);
    j.key("eigen").value(s.overlays.eigen);
    j.key("stationary").value(s.overlays.stationary);
    j.key("basins").value(s.overlays.basins);
    j.key("flow").value(s.overlays.flow);
    j.endObject();
    j.key("view").value(s.view);
    if (s.mode == "network" && !s.window.kind.empty()) {
        j.key("window");
        nets::writeWindowJson(j, s.window);
    }
    j.endObject();
    return j.str();
}

std::unique_ptr<Landscape> makeScenarioLandscape(const Scenario& s, const std::vector<ParamSpec>& specs) {
    std::unique_ptr<Landscape> l;
    if (s.landscape == "formula") {
        l = makeFormulaLandscape(s.formula, nullptr, specs);
        if (!l) return nullptr;
        // Ranges widened to contain the values, so every value is one a slider can show.
        std::vector<ParamSpec> widened = l->info().params;
        bool wider = false;
        for (ParamSpec& p : widened) {
            const auto it = s.params.find(p.name);
            if (it == s.params.end() || !std::isfinite(it->second)) continue;
            if (it->second < p.min) p.min = it->second, wider = true;
            if (it->second > p.max) p.max = it->second, wider = true;
        }
        if (wider) l = makeFormulaLandscape(s.formula, nullptr, widened);
    } else {
        l = makeAnyPreset(s.landscape);
        if (!l) return nullptr;
    }
    for (const auto& [name, value] : s.params) l->setParam(name, value);
    return l;
}

}  // namespace optiscape
