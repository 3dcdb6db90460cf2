// The theory page's settings and their JSON form (core/theory/theory_spec.h).
#include "core/theory/theory_spec.h"

#include <algorithm>
#include <cmath>

#include "core/params.h"

namespace optiscape::theory {
namespace {

/// One numeric field: its name, range, whether it is whole, and where it lives.
struct Field {
    const char* name;
    double lo, hi;
    bool whole;
    double (*get)(const TheorySpec&);
    void (*set)(TheorySpec&, double);
};

const std::vector<Field>& fields() {
    static const std::vector<Field> f{
        {"runs", 1, 5000, true, [](const TheorySpec& s) { return double(s.runs); }, [](TheorySpec& s, double v) { s.runs = int(v); }},
        {"seed", 0, 999999999, true, [](const TheorySpec& s) { return double(s.seed); },
         [](TheorySpec& s, double v) { s.seed = static_cast<std::uint64_t>(v); }},
        {"maxK", 6, 20, true, [](const TheorySpec& s) { return double(s.maxK); }, [](TheorySpec& s, double v) { s.maxK = int(v); }},
        {"sigmaSqrtD", 0.5, 2, false, [](const TheorySpec& s) { return s.sigmaSqrtD; }, [](TheorySpec& s, double v) { s.sigmaSqrtD = v; }},
        {"width", 2, 32, true, [](const TheorySpec& s) { return double(s.width); }, [](TheorySpec& s, double v) { s.width = int(v); }},
        {"depth", 1, 50, true, [](const TheorySpec& s) { return double(s.depth); }, [](TheorySpec& s, double v) { s.depth = int(v); }},
        {"samples", 10, 100000, true, [](const TheorySpec& s) { return double(s.samples); },
         [](TheorySpec& s, double v) { s.samples = int(v); }},
        {"kindsK", 2, 12, true, [](const TheorySpec& s) { return double(s.kindsK); }, [](TheorySpec& s, double v) { s.kindsK = int(v); }},
        {"kindsRuns", 1, 2000, true, [](const TheorySpec& s) { return double(s.kindsRuns); },
         [](TheorySpec& s, double v) { s.kindsRuns = int(v); }},
        {"plateauLr", 0.001, 0.5, false, [](const TheorySpec& s) { return s.plateauLr; }, [](TheorySpec& s, double v) { s.plateauLr = v; }},
        {"plateauMomentum", 0, 0.99, false, [](const TheorySpec& s) { return s.plateauMomentum; },
         [](TheorySpec& s, double v) { s.plateauMomentum = v; }},
        {"plateauRadius", 0, 1, false, [](const TheorySpec& s) { return s.plateauRadius; },
         [](TheorySpec& s, double v) { s.plateauRadius = v; }},
        {"plateauCurve", 0, 8, true, [](const TheorySpec& s) { return double(s.plateauCurve); },
         [](TheorySpec& s, double v) { s.plateauCurve = int(v); }},
    };
    return f;
}

std::string rangeText(const Field& f) {
    return std::string(f.whole ? "a whole number" : "a number") + " in [" + formatNumber(f.lo, 6) + ", " + formatNumber(f.hi, 6) + "]";
}

/// "" or why v does not fit f.
std::string check(const Field& f, double v) {
    if (!std::isfinite(v) || v < f.lo || v > f.hi || (f.whole && v != std::floor(v)))
        return formatNumber(v, 6) + " is out of range (give " + rangeText(f) + ")";
    return "";
}

bool isReadOnly(const std::string& k) {
    return k == "progress" || k == "rows" || k == "computing" || k == "seconds" || k == "done" || k == "error" ||
           k == "depths" || k == "layers" || k == "kinds" || k == "optimizer" || k == "runsDone" || k == "runsTotal" ||
           k == "sigma" || k == "optimum" || k == "plateau" || k == "nets" || k == "slice" || k == "workers" ||
           k == "finishedHere";
}

std::string experimentsText() {
    std::string t;
    for (const std::string& e : theoryExperiments()) t += (t.empty() ? "\"" : ", \"") + e + "\"";
    return t;
}

}  // namespace

const std::vector<std::string>& theoryExperiments() {
    static const std::vector<std::string> e{"spurious", "gradients", "kinds", "plateau"};
    return e;
}

void applyTheoryJson(const JsonValue& v, TheorySpec& spec, std::vector<std::string>& notes) {
    if (v.type != JsonValue::Type::Object) {
        notes.push_back("theory: expected an object");
        return;
    }
    for (const auto& item : v.object) {
        const std::string& key = item.first;
        const JsonValue& value = item.second;
        if (key == "experiment") {
            const auto& e = theoryExperiments();
            if (value.type == JsonValue::Type::String && std::find(e.begin(), e.end(), value.string) != e.end())
                spec.experiment = value.string;
            else
                notes.push_back("theory.experiment: expected one of " + experimentsText());
            continue;
        }
        if (key == "running") {
            if (value.type == JsonValue::Type::Bool) spec.running = value.boolean;
            else notes.push_back("theory.running: expected true or false");
            continue;
        }
        const auto f = std::find_if(fields().begin(), fields().end(), [&](const Field& x) { return key == x.name; });
        if (f == fields().end()) {
            if (!isReadOnly(key)) notes.push_back("theory." + key + ": unknown key");
            continue;
        }
        const std::string why = value.isNumber() ? check(*f, value.number) : "expected " + rangeText(*f);
        if (why.empty()) f->set(spec, value.number);
        else notes.push_back("theory." + key + ": " + why);
    }
}

void writeTheoryJson(JsonWriter& j, const TheorySpec& spec) {
    j.key("experiment").value(spec.experiment);
    for (const Field& f : fields()) j.key(f.name).value(f.get(spec));
    j.key("running").value(spec.running);
}

std::string setTheoryField(TheorySpec& spec, const std::string& name, const std::string& value) {
    const auto f = std::find_if(fields().begin(), fields().end(), [&](const Field& x) { return name == x.name; });
    if (f == fields().end()) {
        std::string names;
        for (const Field& x : fields()) names += (names.empty() ? "" : ", ") + std::string(x.name);
        return "unknown theory setting '" + name + "'; settings: " + names;
    }
    const auto v = parseNumber(value);
    if (!v) return "theory " + name + " takes " + rangeText(*f);
    const std::string why = check(*f, *v);
    if (!why.empty()) return "theory " + name + ": " + why;
    f->set(spec, *v);
    return "";
}

SpuriousTableSettings tableSettingsFor(const TheorySpec& spec) {
    SpuriousTableSettings t;
    t.rows.clear();
    for (int k = 6; k <= spec.maxK; ++k) t.rows.push_back({k, k});
    t.rows.push_back({8, 9});
    t.rows.push_back({10, 11});
    t.runs = spec.runs;
    t.seed = spec.seed;
    return t;
}

GradSweepSettings sweepSettingsFor(const TheorySpec& spec) {
    GradSweepSettings g;
    g.width = spec.width;
    g.sigmaSqrtD = spec.sigmaSqrtD;
    g.maxDepth = 50;
    g.samples = spec.samples;
    g.seed = spec.seed;
    g.roundSamples = std::max(10, std::min(200, spec.samples / 10));
    return g;
}

KindsSettings kindsSettingsFor(const TheorySpec& spec) {
    KindsSettings k;
    k.k = spec.kindsK;
    k.runs = spec.kindsRuns;
    k.seed = spec.seed;
    return k;
}

NetGradSettings netGradSettingsFor(const TheorySpec& spec) {
    NetGradSettings n;
    n.width = spec.width;
    n.maxDepth = 50;
    n.samples = std::min(spec.samples, 200);
    n.seed = spec.seed;
    n.roundSamples = std::max(5L, n.samples / 10);
    return n;
}

PlateauSettings plateauSettingsFor(const TheorySpec& spec) {
    PlateauSettings p;
    p.lr = spec.plateauLr;
    p.momentum = spec.plateauMomentum;
    p.radius = spec.plateauRadius;
    p.seed = spec.seed;
    return p;
}

}  // namespace optiscape::theory
