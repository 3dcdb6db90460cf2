// Job dispatch and the landscape's text form (see job.h).
#include "job.h"

#include <cmath>
#include <cstring>

#include "core/formula/formula.h"
#include "core/data_landscape.h"
#include "basin_jobs.h"
#include "slice_jobs.h"
#include "theory_jobs.h"

namespace optiscape::jobs {

JobOutput runJob(std::string_view spec) {
    std::string error;
    const std::optional<JsonValue> v = parseJson(spec, &error);
    if (!v) return {{}, "job: " + error};
    const JsonValue* kind = v->find("kind");
    if (!kind || kind->type != JsonValue::Type::String) return {{}, "job: no \"kind\""};
    if (kind->string == "basins") return runBasinJob(*v);
    if (kind->string == "spurious") return runSpuriousJob(*v);
    if (kind->string == "slice") return runSliceJob(*v);
    return {{}, "job: unknown kind \"" + kind->string + "\""};
}

void writeLandscape(JsonWriter& j, const Landscape& l) {
    j.beginObject();
    j.key("name").value(l.name());
    j.key("formula").value(l.info().formula);
    j.key("params").beginArray();
    const std::vector<ParamSpec>& specs = l.info().params;
    for (size_t i = 0; i < specs.size() && i < l.params().size(); ++i)
        j.beginArray().value(specs[i].name).value(l.params()[i]).value(specs[i].min).value(specs[i].max).endArray();
    j.endArray();
    j.endObject();
}

std::unique_ptr<Landscape> readLandscape(const JsonValue& v, std::string* error) {
    const JsonValue* name = v.find("name");
    const JsonValue* formula = v.find("formula");
    const JsonValue* params = v.find("params");
    if (!name || name->type != JsonValue::Type::String || !params || params->type != JsonValue::Type::Array) {
        *error = "landscape: needs \"name\" and \"params\"";
        return nullptr;
    }
    std::vector<ParamSpec> specs;
    std::vector<double> values;
    for (const JsonValue& p : params->array) {
        if (p.type != JsonValue::Type::Array || p.array.size() != 4 || p.array[0].type != JsonValue::Type::String ||
            !p.array[1].isNumber() || !p.array[2].isNumber() || !p.array[3].isNumber()) {
            *error = "landscape: a parameter is not [name, value, min, max]";
            return nullptr;
        }
        ParamSpec s;
        s.name = p.array[0].string;
        s.min = p.array[2].number;
        s.max = p.array[3].number;
        s.def = p.array[1].number;
        specs.push_back(s);
        values.push_back(p.array[1].number);
    }
    std::unique_ptr<Landscape> l;
    if (name->string == "formula") {
        if (!formula || formula->type != JsonValue::Type::String) {
            *error = "landscape: a formula needs its text";
            return nullptr;
        }
        FormulaError fe;
        l = makeFormulaLandscape(formula->string, &fe, specs);
        if (!l) {
            *error = "landscape: " + fe.message;
            return nullptr;
        }
    } else {
        l = makeAnyPreset(name->string);
        if (!l) {
            *error = "landscape: unknown \"" + name->string + "\"";
            return nullptr;
        }
    }
    for (size_t i = 0; i < specs.size(); ++i) {
        const std::string e = l->setParam(specs[i].name, values[i]);
        if (!e.empty()) {
            *error = "landscape: " + e;
            return nullptr;
        }
    }
    return l;
}

namespace {
bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

bool describable(const Landscape& l, const ViewBox& box) {
    JsonWriter j;
    writeLandscape(j, l);
    std::string error;
    const std::optional<JsonValue> v = parseJson(j.str(), &error);
    if (!v) return false;
    const std::unique_ptr<Landscape> copy = readLandscape(*v, &error);
    if (!copy || copy->params() != l.params()) return false;
    for (const double fx : {0.13, 0.5, 0.91})
        for (const double fy : {0.07, 0.5, 0.87}) {
            const Vec2 w(box.w1min + fx * box.width(), box.w2min + fy * box.height());
            const Eval a = l.evaluate(w), b = copy->evaluate(w);
            const Vec2 ga = l.gradient(w), gb = copy->gradient(w);
            if (!sameBits(a.value, b.value) || !sameBits(ga[0], gb[0]) || !sameBits(ga[1], gb[1])) return false;
            for (int r = 0; r < 2; ++r)
                for (int c = 0; c < 2; ++c)
                    if (!sameBits(a.hessian(r, c), b.hessian(r, c))) return false;
        }
    return true;
}

bool readNumber(const JsonValue& v, const char* key, double& out) {
    const JsonValue* x = v.find(key);
    if (!x || !x->isNumber() || !std::isfinite(x->number)) return false;
    out = x->number;
    return true;
}

bool readWhole(const JsonValue& v, const char* key, int lo, int hi, int& out) {
    double x;
    if (!readNumber(v, key, x) || x != std::floor(x) || x < lo || x > hi) return false;
    out = static_cast<int>(x);
    return true;
}

bool readNumbers(const JsonValue& v, const char* key, std::vector<double>& out) {
    const JsonValue* a = v.find(key);
    if (!a || a->type != JsonValue::Type::Array) return false;
    out.clear();
    out.reserve(a->array.size());
    for (const JsonValue& x : a->array) {
        if (!x.isNumber() || !std::isfinite(x.number)) return false;
        out.push_back(x.number);
    }
    return true;
}

}  // namespace optiscape::jobs
