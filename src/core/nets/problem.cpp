// From a student's network set-up to the Problem a run trains on (core/nets/problem.h).
#include "core/nets/problem.h"

#include <algorithm>

#include "core/params.h"

namespace optiscape::nets {

LossKind defaultLoss(int classes) {
    if (classes == 0) return LossKind::MSE;
    return classes == 2 ? LossKind::BCE : LossKind::CE;
}

Dataset applyFeatures(const NetSpec& spec, const Dataset& d) {
    if (spec.polyDegree > 0 && d.inputs == 1) return polynomialFeatures(d, spec.polyDegree);
    if (!spec.features.empty() && d.inputs == 2) return withFeatures(d, spec.features);
    return d;
}

std::optional<Prepared> prepare(const NetSpec& spec, const Dataset* userData, std::string* error) {
    Prepared p;
    if (spec.userData) {
        if (!userData) {
            *error = "no data: drop a CSV file (columns x1, x2, ..., y) or choose a data set";
            return std::nullopt;
        }
        p.data = *userData;
    } else {
        auto d = generateDataset(spec.data, error);
        if (!d) return std::nullopt;
        p.data = std::move(*d);
    }
    if (!spec.features.empty() && p.data.inputs != 2) {
        *error = "the features x1², x1·x2, sin x1, … need two input columns; this data has " +
                 std::to_string(p.data.inputs);
        return std::nullopt;
    }
    if (spec.polyDegree > 0 && p.data.inputs != 1) {
        *error = "polynomial features need one input column; this data has " + std::to_string(p.data.inputs);
        return std::nullopt;
    }
    if (!(spec.testFraction >= 0 && spec.testFraction <= 0.9)) {
        *error = "test fraction " + formatNumber(spec.testFraction) + " is out of range; give a number in [0, 0.9]";
        return std::nullopt;
    }
    if (spec.patience > 0 && spec.testFraction <= 0) {
        *error = "early stopping watches the test loss; give a test fraction above 0";
        return std::nullopt;
    }
    p.inputs = applyFeatures(spec, p.data);
    const int classes = p.inputs.classes;
    p.model.widths.clear();
    p.model.widths.push_back(p.inputs.inputs);
    for (size_t i = 1; i + 1 < spec.arch.size(); ++i) p.model.widths.push_back(spec.arch[i]);
    p.model.activation = spec.activation;
    p.model.loss = spec.loss ? *spec.loss : defaultLoss(classes);
    const int outputs = p.model.loss == LossKind::BCE ? 1
                        : p.model.loss == LossKind::CE ? std::max(classes, 2)
                                                       : (classes > 2 ? classes : 1);
    p.model.widths.push_back(outputs);
    const std::string why = checkModel(p.model, p.inputs.inputs, classes);
    if (!why.empty()) {
        *error = why;
        return std::nullopt;
    }
    p.split = splitDataset(p.inputs.size(), spec.testFraction, spec.userData ? 1 : spec.data.seed);
    const Dataset& in = p.inputs;
    p.problem.model = p.model;
    p.problem.train = makeBatch(in.x.data(), in.y.data(), in.inputs, classes, p.split.train.data(),
                                static_cast<int>(p.split.train.size()));
    p.problem.test = makeBatch(in.x.data(), in.y.data(), in.inputs, classes, p.split.test.data(),
                               static_cast<int>(p.split.test.size()));
    p.problem.patience = spec.patience;
    return p;
}

std::string featuresText(const NetSpec& spec) {
    if (spec.polyDegree > 0) return "poly:" + std::to_string(spec.polyDegree);
    std::string out;
    for (Feature f : spec.features)
        for (const auto& [g, name] : featureNames())
            if (g == f) out += (out.empty() ? "" : ",") + name;
    return out;
}

bool parseFeatures(std::string_view text, NetSpec& spec, std::string* error) {
    spec.features.clear();
    spec.polyDegree = 0;
    if (text.empty()) return true;
    if (text.substr(0, 5) == "poly:") {
        const auto d = parseNumber(text.substr(5));
        if (!d || *d != static_cast<int>(*d) || *d < 1 || *d > 15) {
            *error = "features '" + std::string(text) + "': write poly:D with a whole degree D in [1, 15]";
            return false;
        }
        spec.polyDegree = static_cast<int>(*d);
        return true;
    }
    std::string names;
    for (const auto& [f, name] : featureNames()) names += (names.empty() ? "" : ", ") + name;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = std::min(text.find(',', pos), text.size());
        const std::string_view part = text.substr(pos, comma - pos);
        const auto f = parseFeature(part);
        if (!f) {
            *error = "unknown feature '" + std::string(part) + "'; features: " + names + " (or poly:D for one input)";
            return false;
        }
        for (Feature g : spec.features)
            if (g == *f) {
                *error = "feature '" + std::string(part) + "' given twice";
                return false;
            }
        spec.features.push_back(*f);
        pos = comma + 1;
    }
    return true;
}

}  // namespace optiscape::nets
