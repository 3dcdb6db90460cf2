// `optiscape critical`: the --domain box, the JSON list of stationary points, and the help text.
#include "cli/critical_command.h"

#include <cstdio>
#include <vector>

#include "core/json.h"
#include "core/params.h"

namespace optiscape::cli {

std::string parseDomain(const std::string& text, ViewBox* box) {
    const std::string allowed =
        "; give four numbers W1MIN,W1MAX,W2MIN,W2MAX, e.g. --domain -5,5,-5,5";
    std::vector<double> v;
    size_t start = 0;
    for (;;) {
        const size_t comma = text.find(',', start);
        const auto x = parseNumber(text.substr(start, comma == std::string::npos ? std::string::npos
                                                                                 : comma - start));
        if (!x) return "--domain '" + text + "' is not a box" + allowed;
        v.push_back(*x);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (v.size() != 4) return "--domain '" + text + "' is not a box" + allowed;
    if (!(v[0] < v[1]) || !(v[2] < v[3]))
        return "--domain '" + text + "' is an empty box; give W1MIN < W1MAX and W2MIN < W2MAX";
    *box = ViewBox{v[0], v[1], v[2], v[3]};
    return {};
}

std::string criticalJson(const CriticalSearch& search) {
    std::string out = "[";
    for (size_t i = 0; i < search.points.size(); ++i) {
        const CriticalPoint& p = search.points[i];
        JsonWriter j;
        j.beginObject();
        j.key("w").beginArray().value(p.w[0]).value(p.w[1]).endArray();
        j.key("type").value(pointTypeName(p.type));
        j.key("eigenvalues").beginArray().value(p.eigenvalues[0]).value(p.eigenvalues[1]).endArray();
        if (p.onContinuum) j.key("continuum").value(true);
        j.endObject();
        out += (i ? ",\n " : "") + j.str();
    }
    return out + "]";
}

std::string printCritical(const Landscape& landscape, const std::string& domain) {
    ViewBox box = landscape.info().view;
    if (!domain.empty()) {
        const std::string error = parseDomain(domain, &box);
        if (!error.empty()) return error;
    }
    std::printf("%s\n", criticalJson(findCriticalPoints(landscape, box)).c_str());
    return {};
}

std::string criticalUsage(const std::string& landscapes) {
    return "usage: optiscape critical --landscape NAME | --formula EXPR [--param NAME=VALUE]...\n"
           "                          [--domain W1MIN,W1MAX,W2MIN,W2MAX]\n"
           "\n"
           "Finds every stationary point (gradient = 0) in the domain (default: the landscape's\n"
           "view) by Newton's method from a grid of starts, and prints a JSON list sorted by w1,\n"
           "then w2, one point per line:\n"
           "  [{\"w\": [w1, w2], \"type\": \"minimum\", \"eigenvalues\": [l1, l2]}, ...]\n"
           "type is minimum (both Hessian eigenvalues > 0), maximum (both < 0), saddle (mixed\n"
           "signs) or degenerate (an eigenvalue is zero: the monkey saddle, a valley of minima).\n"
           "Points are refined until the gradient is as small as double precision allows (below\n"
           "1e-12 at ordinary scales). Where the stationary points form a curve (product's\n"
           "hyperbola, mexican-hat's ring), up to 8 representatives spread along it are printed,\n"
           "each with \"continuum\": true. Numbers have 17 significant digits.\n"
           "\n" +
           landscapes;
}

}  // namespace optiscape::cli
