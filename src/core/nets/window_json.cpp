// Reading and writing a scenario's "window" object (core/nets/window_json.h).
#include "core/nets/window_json.h"

#include <cmath>
#include <cstdio>

#include "core/nets/net_json.h"

namespace optiscape::nets {

namespace {
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

/// The whole number in [lo, hi] at key into out (left alone when the key is absent), or *why not.
bool whole(const JsonValue& v, const char* key, double lo, double hi, double& out, std::string& why) {
    const JsonValue* x = v.find(key);
    if (!x) return true;
    if (!x->isNumber() || !std::isfinite(x->number) || x->number != std::floor(x->number) || x->number < lo ||
        x->number > hi) {
        why = std::string(key) + ": expected a whole number in [" + std::to_string(static_cast<long long>(lo)) + ", " +
              std::to_string(static_cast<long long>(hi)) + "], got " +
              (x->isNumber() ? number(x->number) : jsonKind(*x));
        return false;
    }
    out = x->number;
    return true;
}

/// The window in v, or *why not ("key: what").
bool read(const JsonValue& v, NetWindow& w, std::string& why) {
    const JsonValue* k = v.find("kind");
    if (!k || k->type != JsonValue::Type::String || (k->string != "slice" && k->string != "line" && k->string != "connect")) {
        why = "kind: expected \"slice\", \"line\" or \"connect\"";
        return false;
    }
    w.kind = k->string;
    for (const auto& [key, x] : v.object) {
        (void)x;
        const bool common = key == "kind" || key == "run" || key == "step";
        const bool slice = key == "directions" || key == "normalize" || key == "seed" || key == "range" ||
                           key == "seedB" || key == "bendSteps";
        const bool line = key == "range";
        const bool connect = key == "seedB" || key == "bendSteps";
        if (!(common || (w.kind == "slice" && slice) || (w.kind == "line" && line) || (w.kind == "connect" && connect))) {
            why = key + ": unknown key for a " + w.kind + " window";
            return false;
        }
    }
    double run = w.run, step = w.step, seed = static_cast<double>(w.slice.seed), seedB = static_cast<double>(w.seedB),
           bend = w.bendSteps;
    if (!whole(v, "run", 0, 7, run, why) || !whole(v, "step", 0, kMaxWindowStep, step, why) ||
        !whole(v, "seed", 0, 1e9, seed, why) || !whole(v, "seedB", 0, 1e9, seedB, why) ||
        !whole(v, "bendSteps", 1, 100000, bend, why))
        return false;
    w.run = static_cast<int>(run), w.step = static_cast<int>(step);
    w.slice.seed = static_cast<std::uint64_t>(seed), w.seedB = static_cast<std::uint64_t>(seedB);
    w.bendSteps = static_cast<int>(bend);
    if (const JsonValue* d = v.find("directions")) {
        const auto parsed = d->type == JsonValue::Type::String ? parseSliceDirections(d->string) : std::nullopt;
        if (!parsed) return why = "directions: expected \"random\", \"pca\" or \"connect\"", false;
        w.slice.directions = *parsed;
    }
    if (const JsonValue* n = v.find("normalize")) {
        const auto parsed = n->type == JsonValue::Type::String ? parseNormalize(n->string) : std::nullopt;
        if (!parsed) return why = "normalize: expected \"filter\", \"layer\" or \"none\"", false;
        w.slice.normalize = *parsed;
    }
    if (const JsonValue* r = v.find("range")) {
        if (w.kind == "slice") {
            if (!r->isNumber() || !(r->number > 0) || !(r->number <= 100))
                return why = "range: expected a number in (0, 100]", false;
            w.slice.range = r->number;
        } else {
            const bool pair = r->type == JsonValue::Type::Array && r->array.size() == 2 && r->array[0].isNumber() &&
                              r->array[1].isNumber();
            if (!pair || !(r->array[0].number < r->array[1].number) || r->array[0].number < -5 || r->array[1].number > 6)
                return why = "range: expected [tmin, tmax] with tmin < tmax within [-5, 6]", false;
            w.tmin = r->array[0].number, w.tmax = r->array[1].number;
        }
    }
    return true;
}
}  // namespace

void applyWindowJson(const JsonValue& v, NetWindow& w, std::vector<std::string>& notes) {
    if (v.type == JsonValue::Type::Null) {
        w = NetWindow{};
        return;
    }
    if (v.type != JsonValue::Type::Object) {
        notes.push_back("window: expected an object {kind, run, step, ...}, got " + jsonKind(v) + "; no window opened");
        return;
    }
    NetWindow read_;
    std::string why;
    if (read(v, read_, why)) w = read_;
    else notes.push_back("window." + why + "; no window opened");
}

void writeWindowJson(JsonWriter& j, const NetWindow& w) {
    j.beginObject();
    j.key("kind").value(w.kind);
    j.key("run").value(w.run);
    j.key("step").value(w.step);
    const bool connect = w.kind == "connect" || (w.kind == "slice" && w.slice.directions == SliceDirections::Connect);
    if (w.kind == "slice") {
        j.key("directions").value(sliceDirectionsName(w.slice.directions));
        if (w.slice.directions == SliceDirections::Random) {
            j.key("normalize").value(normalizeName(w.slice.normalize));
            j.key("seed").value(static_cast<double>(w.slice.seed));
            j.key("range").value(w.slice.range);
        }
    }
    if (w.kind == "line") j.key("range").beginArray().value(w.tmin).value(w.tmax).endArray();
    if (connect) {
        j.key("seedB").value(static_cast<double>(w.seedB));
        j.key("bendSteps").value(w.bendSteps);
    }
    j.endObject();
}

}  // namespace optiscape::nets
