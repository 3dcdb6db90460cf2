// A data set's input features (TensorFlow Playground's x1, x2, x1², x2², x1·x2, sin x1, sin x2,
// and polynomial features of a one-input set), as core/nets/dataset.h declares them.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/nets/dataset.h"

namespace optiscape::nets {

const std::vector<std::pair<Feature, std::string>>& featureNames() {
    static const std::vector<std::pair<Feature, std::string>> names = {
        {Feature::X1, "x1"},          {Feature::X2, "x2"},         {Feature::X1Squared, "x1^2"},
        {Feature::X2Squared, "x2^2"}, {Feature::X1X2, "x1*x2"},    {Feature::SinX1, "sin(x1)"},
        {Feature::SinX2, "sin(x2)"}};
    return names;
}

std::optional<Feature> parseFeature(std::string_view name) {
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    for (const auto& [f, n] : featureNames())
        if (n == name) return f;
    return std::nullopt;
}

Dataset withFeatures(const Dataset& d, const std::vector<Feature>& features) {
    const auto needsX2 = [](Feature f) {
        return f == Feature::X2 || f == Feature::X2Squared || f == Feature::X1X2 || f == Feature::SinX2;
    };
    std::vector<Feature> used;
    for (Feature f : features)
        if (d.inputs >= (needsX2(f) ? 2 : 1)) used.push_back(f);
    Dataset out;
    out.inputs = static_cast<int>(used.size());
    out.classes = d.classes;
    out.y = d.y;
    for (Feature f : used)
        for (const auto& [g, n] : featureNames())
            if (g == f) out.columns.push_back(n);
    out.x.reserve(size_t(d.size()) * used.size());
    for (int i = 0; i < d.size(); ++i) {
        const double a = d.at(i, 0), b = d.inputs >= 2 ? d.at(i, 1) : 0.0;
        for (Feature f : used) {
            switch (f) {
                case Feature::X1: out.x.push_back(a); break;
                case Feature::X2: out.x.push_back(b); break;
                case Feature::X1Squared: out.x.push_back(a * a); break;
                case Feature::X2Squared: out.x.push_back(b * b); break;
                case Feature::X1X2: out.x.push_back(a * b); break;
                case Feature::SinX1: out.x.push_back(portableSin(a)); break;
                case Feature::SinX2: out.x.push_back(portableSin(b)); break;
            }
        }
    }
    return out;
}

Dataset polynomialFeatures(const Dataset& d, int degree) {
    Dataset out;
    out.classes = d.classes;
    out.y = d.y;
    if (d.inputs < 1) {
        out.inputs = 0;
        return out;
    }
    degree = std::clamp(degree, 1, 30);
    out.inputs = degree;
    const std::string base = d.columns.empty() ? "x1" : d.columns[0];
    out.columns.push_back(base);
    for (int k = 2; k <= degree; ++k) out.columns.push_back(base + "^" + std::to_string(k));
    out.x.reserve(size_t(d.size()) * size_t(degree));
    for (int i = 0; i < d.size(); ++i) {
        const double v = d.at(i, 0);
        double p = v;
        for (int k = 1; k <= degree; ++k) {
            out.x.push_back(p);
            p *= v;
        }
    }
    return out;
}

}  // namespace optiscape::nets
