// Reading and writing a scenario's "network" object (core/nets/net_json.h).
#include "core/nets/net_json.h"

#include <cmath>

#include "core/params.h"

namespace optiscape::nets {

std::string jsonKind(const JsonValue& v) {
    switch (v.type) {
        case JsonValue::Type::Null: return "null";
        case JsonValue::Type::Bool: return "a boolean";
        case JsonValue::Type::Number: return "a number";
        case JsonValue::Type::String: return "a string";
        case JsonValue::Type::Array: return "an array";
        case JsonValue::Type::Object: return "an object";
    }
    return "a value";
}

namespace {
const auto kind = jsonKind;

/// A copy of spec with one more key in the data set's spec, checked by parsing its text form.
bool checkedData(const NetSpec& spec, DatasetSpec& out, std::string* error) {
    const auto parsed = parseDatasetSpec(datasetSpecText(spec.data), error);
    if (!parsed) return false;
    out = *parsed;
    return true;
}

}  // namespace

void applyNetworkJson(const JsonValue& v, NetSpec& spec, std::vector<std::string>& notes) {
    const auto note = [&](const std::string& key, const std::string& what) { notes.push_back("network." + key + ": " + what); };
    if (v.type != JsonValue::Type::Object) {
        notes.push_back("network: expected an object {dataset, n, noise, arch, activation, loss, init, seed}, got " + kind(v));
        return;
    }
    std::string error;
    const auto str = [&](const char* key) -> const std::string* {
        const JsonValue* x = v.find(key);
        if (!x) return nullptr;
        if (x->type != JsonValue::Type::String) {
            note(key, "expected a string, got " + kind(*x));
            return nullptr;
        }
        return &x->string;
    };
    const auto num = [&](const char* key) -> std::optional<double> {
        const JsonValue* x = v.find(key);
        if (!x) return std::nullopt;
        if (!x->isNumber() || !std::isfinite(x->number)) {
            note(key, "expected a number, got " + kind(*x));
            return std::nullopt;
        }
        return x->number;
    };

    if (const std::string* d = str("dataset")) {
        if (*d == "csv") {
            spec.userData = true;
        } else if (const DatasetInfo* info = findDataset(*d)) {
            if (spec.data.name != info->name || spec.userData) {
                spec.data = DatasetSpec{};
                spec.data.name = info->name;
                spec.data.n = -1;
                spec.data.noise = -1;
            }
            spec.userData = false;
        } else {
            std::string names;
            for (const DatasetInfo& i : datasets()) names += (names.empty() ? "" : ", ") + i.name;
            note("dataset", "unknown data set '" + *d + "'; data sets: " + names + " (or csv)");
        }
    }
    // n, noise, dataSeed and the set's keys: each checked by the data set's own parser
    const auto dataKey = [&](const std::string& key, double value, const std::string& path) {
        NetSpec trial = spec;
        if (key == "n") trial.data.n = static_cast<int>(value);
        else if (key == "noise") trial.data.noise = value;
        else if (key == "seed") trial.data.seed = static_cast<std::uint64_t>(value);
        else trial.data.params[key] = value;
        if ((key == "n" || key == "seed") && value != std::floor(value)) {
            note(path, formatNumber(value) + " is not a whole number");
            return;
        }
        if (key == "seed" && !(value >= 0 && value <= 4294967295.0)) {
            note(path, formatNumber(value) + " is out of range (a seed is a whole number in [0, 4294967295])");
            return;
        }
        DatasetSpec checked;
        if (checkedData(trial, checked, &error)) {
            spec.data = trial.data;
            return;
        }
        note(path, error);
    };
    if (auto n = num("n")) dataKey("n", *n, "n");
    if (auto s = num("noise")) dataKey("noise", *s, "noise");
    if (auto s = num("dataSeed")) dataKey("seed", *s, "dataSeed");
    if (const JsonValue* p = v.find("keys")) {
        if (p->type != JsonValue::Type::Object)
            note("keys", "expected an object of the data set's keys, e.g. {\"arms\": 3}, got " + kind(*p));
        else
            for (const auto& [k, x] : p->object) {
                if (!x.isNumber()) note("keys." + k, "expected a number, got " + kind(x));
                else dataKey(k, x.number, "keys." + k);
            }
    }
    if (const JsonValue* a = v.find("arch")) {
        std::string text;
        if (a->type == JsonValue::Type::String) {
            text = a->string;
        } else if (a->type == JsonValue::Type::Array) {
            for (size_t i = 0; i < a->array.size(); ++i)
                text += (i ? "-" : "") + (a->array[i].isNumber() ? formatNumber(a->array[i].number, 17) : std::string("?"));
        }
        if (const auto w = parseArchitecture(text, &error)) spec.arch = *w;
        else note("arch", a->type == JsonValue::Type::String || a->type == JsonValue::Type::Array ? error
                                                                                                 : "expected \"2-8-8-1\", got " + kind(*a));
    }
    if (const std::string* a = str("activation")) {
        if (const auto act = parseActivation(*a)) spec.activation = *act;
        else note("activation", "unknown activation '" + *a + "'; activations: tanh, relu, leaky-relu, sigmoid, softplus, linear");
    }
    if (const std::string* l = str("loss")) {
        if (*l == "auto") spec.loss.reset();
        else if (const auto loss = parseLoss(*l)) spec.loss = *loss;
        else note("loss", "unknown loss '" + *l + "'; losses: mse, bce, ce");
    }
    if (const std::string* i = str("init")) {
        if (const auto init = parseInit(*i, &error)) spec.init = *init;
        else note("init", error);
    }
    if (auto s = num("seed")) {
        if (*s == std::floor(*s) && *s >= 0 && *s <= 4294967295.0) spec.seed = static_cast<std::uint64_t>(*s);
        else note("seed", formatNumber(*s) + " is out of range (a seed is a whole number in [0, 4294967295])");
    }
    if (const std::string* f = str("features")) {
        NetSpec trial = spec;
        if (parseFeatures(*f, trial, &error)) spec.features = trial.features, spec.polyDegree = trial.polyDegree;
        else note("features", error);
    }
    if (auto t = num("testFraction")) {
        if (*t >= 0 && *t <= 0.9) spec.testFraction = *t;
        else note("testFraction", formatNumber(*t) + " is out of range (must be in [0, 0.9])");
    }
    if (auto e = num("earlyStop")) {
        if (*e == std::floor(*e) && *e >= 0 && *e <= 100000) spec.patience = static_cast<int>(*e);
        else note("earlyStop", formatNumber(*e) + " is out of range (a whole number of steps in [0, 100000]; 0: off)");
    }
    if (auto e = num("sharpnessEvery")) {
        if (*e == std::floor(*e) && *e >= 0 && *e <= 100000) spec.sharpnessEvery = static_cast<int>(*e);
        else note("sharpnessEvery", formatNumber(*e) + " is out of range (a whole number of steps in [0, 100000]; 0: off)");
    }
    for (const auto& [k, x] : v.object) {
        static const char* known[] = {"dataset", "n", "noise", "dataSeed", "keys", "arch", "activation", "loss",
                                      "init", "seed", "features", "testFraction", "earlyStop", "sharpnessEvery",
                                      // state()'s read-only report, so that load(state()) notes nothing
                                      "params", "step", "trainLoss", "testLoss", "trainAcc", "testAcc",
                                      "earlyStopStep", "error", "run", "sharpness"};
        bool ok = false;
        for (const char* name : known) ok = ok || k == name;
        if (!ok) note(k, "unknown key");
    }
}

void writeNetworkJson(JsonWriter& j, const NetSpec& spec) {
    j.key("dataset").value(spec.userData ? std::string("csv") : spec.data.name);
    const DatasetInfo* info = findDataset(spec.data.name);
    j.key("n").value(spec.data.n >= 0 ? spec.data.n : info ? info->defaultN : 200);
    j.key("noise").value(spec.data.noise >= 0 ? spec.data.noise : info ? info->defaultNoise : 0.0);
    j.key("dataSeed").value(static_cast<double>(spec.data.seed));
    j.key("keys").beginObject();
    if (info)
        for (const ParamSpec& p : info->params) {
            const auto it = spec.data.params.find(p.name);
            j.key(p.name).value(it == spec.data.params.end() ? p.def : it->second);
        }
    j.endObject();
    j.key("arch").value(architectureText(spec.arch));
    j.key("activation").value(activationName(spec.activation));
    j.key("loss").value(spec.loss ? lossName(*spec.loss) : "auto");
    j.key("init").value(initText(spec.init));
    j.key("seed").value(static_cast<double>(spec.seed));
    j.key("features").value(featuresText(spec));
    j.key("testFraction").value(spec.testFraction);
    j.key("earlyStop").value(spec.patience);
    j.key("sharpnessEvery").value(spec.sharpnessEvery);
}

}  // namespace optiscape::nets
