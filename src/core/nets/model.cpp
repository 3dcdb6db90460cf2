// Names, architecture parsing and checks, initialisations and the weights file of a network.
#include "core/nets/model.h"

#include <cmath>

#include "core/json.h"
#include "core/params.h"
#include "core/random.h"

namespace optiscape::nets {
namespace {

constexpr int kMaxLayers = 12;   ///< widths in an architecture (11 layers of weights)
constexpr int kMaxWidth = 256;
constexpr int kMaxParameters = 100000;

const struct {
    Activation a;
    const char* name;
} kActivations[] = {{Activation::Tanh, "tanh"},         {Activation::ReLU, "relu"},
                    {Activation::LeakyReLU, "leaky-relu"}, {Activation::Sigmoid, "sigmoid"},
                    {Activation::Softplus, "softplus"}, {Activation::Linear, "linear"}};

std::string shapeText(size_t rows, size_t cols) {
    return "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
}

}  // namespace

const char* activationName(Activation a) {
    for (const auto& k : kActivations)
        if (k.a == a) return k.name;
    return "tanh";
}

std::optional<Activation> parseActivation(std::string_view name) {
    for (const auto& k : kActivations)
        if (name == k.name) return k.a;
    return std::nullopt;
}

const std::vector<Activation>& activations() {
    static const std::vector<Activation> all = {Activation::Tanh,    Activation::ReLU,
                                                Activation::LeakyReLU, Activation::Sigmoid,
                                                Activation::Softplus, Activation::Linear};
    return all;
}

const char* lossName(LossKind l) {
    switch (l) {
        case LossKind::MSE: return "mse";
        case LossKind::BCE: return "bce";
        case LossKind::CE: return "ce";
    }
    return "mse";
}

std::optional<LossKind> parseLoss(std::string_view name) {
    if (name == "mse") return LossKind::MSE;
    if (name == "bce") return LossKind::BCE;
    if (name == "ce") return LossKind::CE;
    return std::nullopt;
}

std::vector<LayerShape> Model::layers() const {
    std::vector<LayerShape> out;
    int offset = 0;
    for (int l = 0; l < layerCount(); ++l) {
        LayerShape s;
        s.in = widths[static_cast<size_t>(l)];
        s.out = widths[static_cast<size_t>(l) + 1];
        s.wOffset = offset;
        s.bOffset = offset + s.in * s.out;
        offset = s.bOffset + s.out;
        out.push_back(s);
    }
    return out;
}

int Model::parameterCount() const {
    int n = 0;
    for (int l = 0; l < layerCount(); ++l)
        n += (widths[static_cast<size_t>(l)] + 1) * widths[static_cast<size_t>(l) + 1];
    return n;
}

std::optional<std::vector<int>> parseArchitecture(std::string_view text, std::string* error) {
    const std::string allowed = "write the widths from inputs to outputs joined by '-', e.g. 2-8-8-1 (2 to " +
                                std::to_string(kMaxLayers) + " widths, each 1 to " +
                                std::to_string(kMaxWidth) + ")";
    std::vector<int> widths;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t dash = std::min(text.find('-', pos), text.size());
        const std::string part(text.substr(pos, dash - pos));
        const auto v = parseNumber(part);
        if (part.empty() || !v || *v != std::floor(*v) || *v < 1 || *v > kMaxWidth) {
            *error = "architecture '" + std::string(text) + "': '" + part + "' is not a width; " + allowed;
            return std::nullopt;
        }
        widths.push_back(static_cast<int>(*v));
        pos = dash + 1;
    }
    if (widths.size() < 2 || widths.size() > static_cast<size_t>(kMaxLayers)) {
        *error = "architecture '" + std::string(text) + "' has " + std::to_string(widths.size()) +
                 " width" + (widths.size() == 1 ? "" : "s") + "; " + allowed;
        return std::nullopt;
    }
    Model m;
    m.widths = widths;
    if (m.parameterCount() > kMaxParameters) {
        *error = "architecture '" + std::string(text) + "' has " + std::to_string(m.parameterCount()) +
                 " parameters; at most " + std::to_string(kMaxParameters) + " are allowed";
        return std::nullopt;
    }
    return widths;
}

std::string architectureText(const std::vector<int>& widths) {
    std::string out;
    for (size_t i = 0; i < widths.size(); ++i) out += (i ? "-" : "") + std::to_string(widths[i]);
    return out;
}

std::string checkModel(const Model& m, int inputs, int classes) {
    const std::string arch = architectureText(m.widths);
    if (m.inputs() != inputs)
        return "architecture " + arch + " takes " + std::to_string(m.inputs()) + " input" +
               (m.inputs() == 1 ? "" : "s") + " but the data has " + std::to_string(inputs) +
               "; start the architecture with " + std::to_string(inputs);
    const int out = m.outputs();
    switch (m.loss) {
        case LossKind::BCE:
            if (classes != 2)
                return classes == 0 ? std::string("bce needs a data set of two classes (this one is regression); use mse")
                                    : "bce needs two classes (the data has " + std::to_string(classes) + "); use ce";
            if (out != 1) return "bce needs one output (the logit of class 1); end the architecture with 1";
            break;
        case LossKind::CE:
            if (classes < 2) return "ce needs a classification data set (this one is regression); use mse";
            if (out != classes)
                return "ce needs one output per class: end the architecture with " + std::to_string(classes);
            break;
        case LossKind::MSE:
            if (out != 1 && !(classes >= 2 && out == classes))
                return "mse needs one output" +
                       (classes >= 2 ? " (or " + std::to_string(classes) + ", one per class, for one-hot targets)"
                                     : std::string()) +
                       "; end the architecture with 1";
            break;
    }
    return {};
}

std::optional<InitSpec> parseInit(std::string_view text, std::string* error) {
    const std::string allowed = "initialisations: xavier, xavier-uniform, lecun, he, normal:sigma=S, zeros";
    InitSpec s;
    if (text == "xavier") s.kind = InitKind::Xavier;
    else if (text == "xavier-uniform") s.kind = InitKind::XavierUniform;
    else if (text == "lecun") s.kind = InitKind::LeCun;
    else if (text == "he") s.kind = InitKind::He;
    else if (text == "zeros") s.kind = InitKind::Zeros;
    else if (text == "normal" || text.substr(0, 7) == "normal:") {
        s.kind = InitKind::Normal;
        if (text.size() > 7) {
            const std::string_view rest = text.substr(7);
            const auto v = rest.substr(0, 6) == "sigma=" ? parseNumber(rest.substr(6)) : std::nullopt;
            if (!v || !(*v >= 0) || *v > 100) {
                *error = "init '" + std::string(text) + "': write normal:sigma=S with S in [0, 100]";
                return std::nullopt;
            }
            s.sigma = *v;
        }
    } else {
        *error = "unknown init '" + std::string(text) + "'; " + allowed;
        return std::nullopt;
    }
    return s;
}

std::string initText(const InitSpec& s) {
    switch (s.kind) {
        case InitKind::Xavier: return "xavier";
        case InitKind::XavierUniform: return "xavier-uniform";
        case InitKind::LeCun: return "lecun";
        case InitKind::He: return "he";
        case InitKind::Zeros: return "zeros";
        case InitKind::Normal: return "normal:sigma=" + formatNumber(s.sigma, 17);
    }
    return "xavier";
}

double initStd(const InitSpec& s, int fanIn, int fanOut) {
    switch (s.kind) {
        case InitKind::Xavier:
        case InitKind::XavierUniform: return std::sqrt(2.0 / (fanIn + fanOut));
        case InitKind::LeCun: return std::sqrt(1.0 / fanIn);
        case InitKind::He: return std::sqrt(2.0 / fanIn);
        case InitKind::Normal: return s.sigma;
        case InitKind::Zeros: return 0.0;
    }
    return 0.0;
}

VecX initialParameters(const Model& m, const InitSpec& spec, std::uint64_t seed) {
    VecX theta = VecX::Zero(m.parameterCount());
    SplitMix64 rng = SplitMix64::stream(seed, kInitStream);
    for (const LayerShape& l : m.layers()) {
        const double sd = initStd(spec, l.in, l.out);
        const int count = l.in * l.out;
        if (spec.kind == InitKind::Zeros) continue;
        if (spec.kind == InitKind::XavierUniform) {
            const double a = std::sqrt(3.0) * sd;  // √(6/(fan_in + fan_out))
            for (int i = 0; i < count; ++i) theta[l.wOffset + i] = rng.uniform(-a, a);
            continue;
        }
        for (int i = 0; i < count; i += 2) {  // normal2() gives two numbers
            const Vec2 z = rng.normal2();
            theta[l.wOffset + i] = sd * z[0];
            if (i + 1 < count) theta[l.wOffset + i + 1] = sd * z[1];
        }
    }
    return theta;
}

std::string weightsJson(const Model& m, const VecX& theta) {
    JsonWriter j;
    j.beginObject().key("arch").beginArray();
    for (int w : m.widths) j.value(w);
    j.endArray().key("activation").value(activationName(m.activation)).key("layers").beginArray();
    for (const LayerShape& l : m.layers()) {
        j.beginObject().key("W").beginArray();
        for (int r = 0; r < l.out; ++r) {
            j.beginArray();
            for (int c = 0; c < l.in; ++c) j.value(theta[l.wOffset + r * l.in + c]);
            j.endArray();
        }
        j.endArray().key("b").beginArray();
        for (int r = 0; r < l.out; ++r) j.value(theta[l.bOffset + r]);
        j.endArray().endObject();
    }
    j.endArray().endObject();
    return j.str();
}

std::optional<VecX> parseWeightsJson(std::string_view text, const Model* m, Model* fileModel,
                                     std::string* error) {
    std::string why;
    const auto json = parseJson(text, &why);
    if (!json) {
        *error = "weights file is not JSON: " + why;
        return std::nullopt;
    }
    return parseWeightsValue(*json, m, fileModel, error);
}

std::optional<VecX> parseWeightsValue(const JsonValue& value, const Model* m, Model* fileModel, std::string* error) {
    const JsonValue* json = &value;
    const auto fail = [&](std::string message) {
        *error = "weights file: " + std::move(message);
        return std::nullopt;
    };
    if (json->type != JsonValue::Type::Object)
        return fail("expected an object {\"arch\": [...], \"activation\": \"...\", \"layers\": [...]}");
    Model model;
    const JsonValue* arch = json->find("arch");
    const JsonValue* layers = json->find("layers");
    if (!layers || layers->type != JsonValue::Type::Array) return fail("missing \"layers\": [{\"W\": ..., \"b\": ...}, ...]");
    if (arch) {
        if (arch->type != JsonValue::Type::Array) return fail("\"arch\" must be an array of widths such as [2, 8, 1]");
        model.widths.clear();
        for (const JsonValue& v : arch->array) {
            if (!v.isNumber() || v.number != std::floor(v.number) || v.number < 1 || v.number > kMaxWidth)
                return fail("\"arch\" must hold whole widths in [1, " + std::to_string(kMaxWidth) + "]");
            model.widths.push_back(static_cast<int>(v.number));
        }
        if (model.widths.size() < 2) return fail("\"arch\" needs at least two widths (inputs and outputs)");
    } else if (m) {
        model.widths = m->widths;
    } else {
        return fail("missing \"arch\": [inputs, ..., outputs]");
    }
    if (const JsonValue* act = json->find("activation")) {
        const auto a = act->type == JsonValue::Type::String ? parseActivation(act->string) : std::nullopt;
        if (!a) return fail("unknown \"activation\"; known: tanh, relu, leaky-relu, sigmoid, softplus, linear");
        model.activation = *a;
    } else if (m) {
        model.activation = m->activation;
    }
    if (m) {
        if (model.widths != m->widths)
            return fail("its arch " + architectureText(model.widths) + " is not the network's " +
                        architectureText(m->widths));
        model.activation = m->activation;
        model.loss = m->loss;
    }
    const std::vector<LayerShape> shapes = model.layers();
    if (layers->array.size() != shapes.size())
        return fail("it has " + std::to_string(layers->array.size()) + " layers; " +
                    architectureText(model.widths) + " has " + std::to_string(shapes.size()));
    VecX theta(model.parameterCount());
    for (size_t l = 0; l < shapes.size(); ++l) {
        const LayerShape& s = shapes[l];
        const JsonValue& layer = layers->array[l];
        const std::string name = "layer " + std::to_string(l + 1);
        const JsonValue* W = layer.find("W");
        const JsonValue* b = layer.find("b");
        if (!W || W->type != JsonValue::Type::Array) return fail(name + " has no \"W\" matrix");
        if (!b || b->type != JsonValue::Type::Array) return fail(name + " has no \"b\" vector");
        const size_t cols = W->array.empty() || W->array[0].type != JsonValue::Type::Array ? 0 : W->array[0].array.size();
        if (W->array.size() != static_cast<size_t>(s.out) || cols != static_cast<size_t>(s.in))
            return fail(name + ": W has shape " + shapeText(W->array.size(), cols) + ", expected (out, in) = " +
                        shapeText(s.out, s.in));
        if (b->array.size() != static_cast<size_t>(s.out))
            return fail(name + ": b has " + std::to_string(b->array.size()) + " entries, expected " + std::to_string(s.out));
        for (int r = 0; r < s.out; ++r) {
            const JsonValue& row = W->array[static_cast<size_t>(r)];
            if (row.type != JsonValue::Type::Array || row.array.size() != static_cast<size_t>(s.in))
                return fail(name + ": row " + std::to_string(r + 1) + " of W has " +
                            std::to_string(row.type == JsonValue::Type::Array ? row.array.size() : 0) +
                            " entries, expected " + std::to_string(s.in));
            for (int c = 0; c < s.in; ++c) {
                const JsonValue& v = row.array[static_cast<size_t>(c)];
                if (!v.isNumber() || !std::isfinite(v.number))
                    return fail(name + ": W[" + std::to_string(r) + "][" + std::to_string(c) + "] is not a finite number");
                theta[s.wOffset + r * s.in + c] = v.number;
            }
            const JsonValue& bv = b->array[static_cast<size_t>(r)];
            if (!bv.isNumber() || !std::isfinite(bv.number))
                return fail(name + ": b[" + std::to_string(r) + "] is not a finite number");
            theta[s.bOffset + r] = bv.number;
        }
    }
    if (fileModel) *fileModel = model;
    return theta;
}

double layerWeightNorm(const LayerShape& l, const VecX& theta) {
    return theta.segment(l.wOffset, l.in * l.out).norm();
}

}  // namespace optiscape::nets
