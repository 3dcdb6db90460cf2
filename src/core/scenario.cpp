// The forgiving scenario loader that applies what is valid and lists what it ignored, and the
// scenario's JSON form (the strict JSON reader itself is json_reader.cpp).
#include "scenario.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "data_landscape.h"
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

/// The landscape names a scenario may use: the presets, then the data presets.
std::vector<std::string> landscapeNames() {
    std::vector<std::string> names = presetNames();
    for (const std::string& n : dataPresetNames())
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    return names;
}

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
        readBool(json.find("running"), s_.running, "running");
        if (const JsonValue* r = json.find("runs")) runs(*r);
        complete();
        for (const auto& [k, v] : json.object)
            if (k != "landscape" && k != "running" && k != "runs" && k != "selected")
                note(shown(k), "unknown key");
        return std::move(out_);
    }

private:
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
        if (l.type == JsonValue::Type::String) {
            name = &l;
        } else if (l.type == JsonValue::Type::Object) {
            name = l.find("name");
            params = l.find("params");
            for (const auto& [k, v] : l.object)
                if (k != "name" && k != "params") note("landscape." + shown(k), "unknown key");
        } else {
            note("landscape", "expected an object {name, params} or a name, got " + typeName(l));
            return;
        }
        if (name) {
            if (name->type != JsonValue::Type::String) {
                note("landscape.name", "expected a string, got " + typeName(*name));
            } else if (!makeAnyPreset(name->string)) {
                note("landscape.name", "unknown landscape '" + shown(name->string) +
                                           "' (landscapes: " + joined(landscapeNames()) + ")");
            } else if (name->string != s_.landscape || s_.params.empty()) {
                s_.landscape = name->string;
                s_.params.clear();
                const auto preset = makeAnyPreset(s_.landscape);
                for (const ParamSpec& p : preset->info().params) s_.params[p.name] = p.def;
            }
        }
        if (!params) return;
        const auto preset = makeAnyPreset(s_.landscape);
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
            const std::string err = checkNumber(v, *spec);
            if (err.empty())
                s_.params[k] = v.number;
            else
                note(path, err);
        }
    }

    /// Whatever the input left out of a complete scenario: missing parameters take the preset's
    /// defaults, and a scenario without runs gets one default run.
    void complete() {
        if (const auto preset = makeAnyPreset(s_.landscape))
            for (const ParamSpec& p : preset->info().params) s_.params.emplace(p.name, p.def);
        if (s_.runs.empty()) s_.runs.push_back(newRun(s_.runs));
    }

    RunSpec newRun(const std::vector<RunSpec>& built) const {
        if (!built.empty()) return built.back();
        RunSpec r;
        if (const auto preset = makeAnyPreset(s_.landscape)) r.start = preset->info().start;
        return r;
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
                                               "divergedAt", "status", "stopped", "lr",       "color"};
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
    j.key("landscape").beginObject();
    j.key("name").value(s.landscape);
    j.key("params").beginObject();
    std::vector<std::string> order;
    if (const auto preset = makeAnyPreset(s.landscape))
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
    j.endObject();
    return j.str();
}

}  // namespace optiscape
