// Job dispatch and the landscape's text form (see job.h).
#include "job.h"

#include <cmath>
#include <cstring>

#include "core/formula/formula.h"
#include "core/data_landscape.h"
#include "core/nets/analysis.h"
#include "basin_jobs.h"
#include "gradnorm_jobs.h"
#include "grid_jobs.h"
#include "kinds_jobs.h"
#include "plateau_jobs.h"
#include "sweep_jobs.h"
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
    if (kind->string == "grid") return runGridJob(*v);
    if (kind->string == "sweep") return runSweepJob(*v);
    if (kind->string == "plateau") return runPlateauJob(*v);
    if (kind->string == "gradnorm") return runGradNormJob(*v);
    if (kind->string == "linear-runs") return runLinearRunsJob(*v);
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
    l.writeJobFields(j);
    j.endObject();
}

std::string landscapeJson(const Landscape& l) {
    JsonWriter j;
    writeLandscape(j, l);
    return j.str();
}

namespace {

/// A network slice from its "slice" object (nets::SliceLandscape::writeJobFields).
std::unique_ptr<Landscape> readSlice(const JsonValue* v, std::string* error) {
    const JsonValue* mv = v ? v->find("model") : nullptr;
    const JsonValue* bv = v ? v->find("batch") : nullptr;
    if (!mv || mv->type != JsonValue::Type::Object || !bv || bv->type != JsonValue::Type::Object) {
        *error = "slice: needs \"model\" and \"batch\"";
        return nullptr;
    }
    auto fail = [error](std::string why) -> std::unique_ptr<Landscape> {
        *error = "slice: " + std::move(why);
        return nullptr;
    };
    nets::Model m;
    std::vector<double> widths;
    const JsonValue* act = mv->find("activation");
    const JsonValue* loss = mv->find("loss");
    const auto activation = act && act->type == JsonValue::Type::String ? nets::parseActivation(act->string) : std::nullopt;
    const auto lossKind = loss && loss->type == JsonValue::Type::String ? nets::parseLoss(loss->string) : std::nullopt;
    if (!readNumbers(*mv, "widths", widths) || !activation || !lossKind)
        return fail("the model needs \"widths\", \"activation\" and \"loss\"");
    m.widths.clear();
    for (double w : widths) {
        if (w != std::floor(w) || w < 1 || w > 256) return fail("the model's widths are not whole numbers in [1, 256]");
        m.widths.push_back(static_cast<int>(w));
    }
    std::string why;
    if (!nets::parseArchitecture(nets::architectureText(m.widths), &why)) return fail("the model: " + why);
    m.activation = *activation;
    m.loss = *lossKind;

    nets::Batch batch;
    if (!readWhole(*bv, "inputs", 1, 256, batch.inputs) || !readWhole(*bv, "classes", 0, 256, batch.classes) ||
        !readNumbers(*bv, "x", batch.x) || !readNumbers(*bv, "y", batch.y))
        return fail("the batch needs \"inputs\", \"classes\", \"x\" and \"y\"");
    batch.n = static_cast<int>(batch.y.size());
    if (batch.x.size() != batch.y.size() * static_cast<size_t>(batch.inputs) || batch.n == 0)
        return fail("the batch's \"x\" is not " + std::to_string(batch.inputs) + " numbers per value of \"y\"");
    if (std::string bad = nets::checkModel(m, batch.inputs, batch.classes); !bad.empty()) return fail(std::move(bad));

    std::vector<double> theta0, d1, d2;
    if (!readNumbers(*v, "theta0", theta0) || !readNumbers(*v, "d1", d1) || !readNumbers(*v, "d2", d2))
        return fail("needs \"theta0\", \"d1\" and \"d2\"");
    const size_t p = static_cast<size_t>(m.parameterCount());
    if (theta0.size() != p || d1.size() != p || d2.size() != p)
        return fail("\"theta0\", \"d1\" and \"d2\" must each have the model's " + std::to_string(p) + " parameters");
    const auto vec = [](const std::vector<double>& x) {
        return VecX(Eigen::Map<const VecX>(x.data(), static_cast<Eigen::Index>(x.size())));
    };
    return std::make_unique<nets::SliceLandscape>(m, std::move(batch), vec(theta0), vec(d1), vec(d2), "slice job");
}

}  // namespace

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
    if (name->string == "network-slice") {
        l = readSlice(v.find("slice"), error);
        if (!l) *error = "landscape: " + *error;
        return l;
    }
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
    // a costly landscape (a network's slice: its text carries every number at full precision, and
    // one evaluation is a few passes over its data) at two points, others at nine
    const bool costly = l.costly();
    for (const double fx : {0.13, 0.5, 0.91})
        for (const double fy : {0.07, 0.5, 0.87}) {
            if (costly && !((fx == 0.5 && fy == 0.5) || (fx == 0.13 && fy == 0.87))) continue;
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
