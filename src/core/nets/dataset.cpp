// The networks' data sets (dataset.h): the seeded generators and their specs, CSV writing and
// reading, the train/test split, input features, and the portable sine and cosine.
#include "dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include "core/random.h"

namespace optiscape::nets {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 6.28318530717958647692;

ParamSpec key(std::string name, std::string symbol, double def, double min, double max, std::string help,
              bool integer = false, bool isBool = false) {
    ParamSpec s;
    s.name = std::move(name);
    s.symbol = std::move(symbol);
    s.def = def;
    s.min = min;
    s.max = max;
    s.help = std::move(help);
    s.isInteger = integer;
    s.isBool = isBool;
    return s;
}

ParamSpec flipKey() {
    return key("flip", "p", 0, 0, 0.5,
               "Label noise: the probability that a point's class is replaced by another class.");
}

/// n and noise, checked like the sets' own keys (seed is read as a 64-bit whole number instead).
const ParamSpec& countSpec() {
    static const ParamSpec s = key("n", "N", 200, 1, 100000, "Number of points.", true);
    return s;
}
const ParamSpec& noiseSpec() {
    static const ParamSpec s = key("noise", "σ", 0.1, 0, 10, "Standard deviation of the noise.");
    return s;
}

/// Shortest decimal that reads back as exactly v: the fewest %g digits that strtod maps back to v
/// (both correctly rounded in glibc and musl, so the text is the same natively and in wasm). Tries
/// 15 and 16 digits first: most generated numbers need 16 or 17, and then no shorter form exists
/// in practice (a shorter one would have to round back while 15 digits do not).
std::string shortest(double v) {
    if (v == std::trunc(v) && std::abs(v) < 1e15) return formatNumber(v, 17);  // 50, not 5e+01
    const auto roundTrips = [v](const std::string& s) {
        const auto back = parseNumber(s);
        return back && *back == v;
    };
    std::string s15 = formatNumber(v, 15);
    if (roundTrips(s15)) {
        for (int d = 1; d < 15; ++d) {
            std::string s = formatNumber(v, d);
            if (roundTrips(s)) return s;
        }
        return s15;
    }
    std::string s16 = formatNumber(v, 16);
    if (roundTrips(s16)) return s16;
    return formatNumber(v, 17);
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string datasetNames() {
    std::vector<std::string> names;
    for (const DatasetInfo& i : datasets()) names.push_back(i.name);
    return joined(names);
}

std::string keyNames(const DatasetInfo& info) {
    std::vector<std::string> names = {"n", "noise", "seed"};
    for (const ParamSpec& p : info.params) names.push_back(p.name);
    return joined(names);
}

const ParamSpec* findKey(const DatasetInfo& info, std::string_view name) {
    for (const ParamSpec& p : info.params)
        if (p.name == name) return &p;
    return nullptr;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string outOfRange(const ParamSpec& p, double v) {
    return p.name + "=" + shortest(v) + " is out of range; " + p.rangeMessage();
}

/// A spec resolved against its set: n, noise and every key's value (given or default).
struct Resolved {
    const DatasetInfo* info = nullptr;
    int n = 0;
    double noise = 0;
    std::map<std::string, double> values;
    double operator()(const std::string& k) const { return values.at(k); }
};

/// Checks a spec; the empty string if it is valid, else the message.
std::string resolve(const DatasetSpec& spec, Resolved& r) {
    r.info = findDataset(spec.name);
    if (!r.info) return "unknown data set '" + spec.name + "'; known: " + datasetNames();
    const DatasetInfo& info = *r.info;
    r.n = spec.n == -1 ? info.defaultN : spec.n;
    if (!countSpec().contains(r.n)) return outOfRange(countSpec(), r.n);
    r.noise = spec.noise == -1 ? info.defaultNoise : spec.noise;
    if (!std::isfinite(r.noise) || !noiseSpec().contains(r.noise)) return outOfRange(noiseSpec(), r.noise);
    for (const auto& [k, v] : spec.params)
        if (!findKey(info, k))
            return "unknown key '" + k + "' for " + info.name + "; keys: " + keyNames(info);
    for (const ParamSpec& p : info.params) {
        const auto it = spec.params.find(p.name);
        const double v = it == spec.params.end() ? p.def : it->second;
        if (!std::isfinite(v) || !p.contains(v)) return outOfRange(p, v);
        r.values[p.name] = v;
    }
    if (info.name == "gaussian-mixture" && r("classes") > r("clusters"))
        return "classes=" + shortest(r("classes")) + " is more than clusters=" + shortest(r("clusters")) +
               "; every class needs a cluster of its own";
    return {};
}

// ---- the generators ------------------------------------------------------------------------

/// Appends points to a data set; every point draws one pair of normals for its noise, whatever
/// the noise (so noise moves points without reshuffling the others).
struct Builder {
    Dataset d;
    SplitMix64 rng;
    double noise = 0;

    void point(double a, double b, int cls) {
        const Vec2 e = rng.normal2();
        d.x.push_back(a + noise * e[0]);
        d.x.push_back(b + noise * e[1]);
        d.y.push_back(cls);
    }
    /// A random sign, ±1, from one bit.
    double sign() { return (rng.next() >> 63) ? 1.0 : -1.0; }
};

void gaussianMixture(Builder& g, const Resolved& r) {
    const int k = static_cast<int>(r("clusters"));
    const int c = static_cast<int>(r("classes"));
    const double spread = r("spread");
    std::vector<Vec2> centres;
    for (int j = 0; j < k; ++j) {
        if (r("random") != 0) {
            centres.push_back(g.rng.inDisc(spread));
        } else {
            const double angle = kPi / 4 + kTwoPi * j / k;
            centres.emplace_back(spread * portableCos(angle), spread * portableSin(angle));
        }
    }
    for (int i = 0; i < r.n; ++i) {
        const int j = i % k;
        g.point(centres[size_t(j)][0], centres[size_t(j)][1], j % c);
    }
}

void circles(Builder& g, const Resolved& r) {
    const double inner = r("inner");
    const double a = inner + r("gap"), b = a + 1.5;
    for (int i = 0; i < r.n; ++i) {
        const int cls = i % 2;
        const double u = g.rng.uniform();
        const double angle = kTwoPi * g.rng.uniform();
        // uniform by area: r² uniform in [0, inner²] or in [a², b²]
        const double rad = cls == 0 ? inner * std::sqrt(u) : std::sqrt(a * a + u * (b * b - a * a));
        g.point(rad * portableCos(angle), rad * portableSin(angle), cls);
    }
}

void xorSet(Builder& g, const Resolved& r) {
    const double gap = r("gap");
    for (int i = 0; i < r.n; ++i) {
        const int cls = i % 2;
        const double s1 = g.sign();
        const double s2 = cls == 1 ? s1 : -s1;
        const double m1 = gap + 5.0 * g.rng.uniform();
        const double m2 = gap + 5.0 * g.rng.uniform();
        g.point(s1 * m1, s2 * m2, cls);
    }
}

void twoMoons(Builder& g, const Resolved& r) {
    constexpr double scale = 3.5;
    for (int i = 0; i < r.n; ++i) {
        const int cls = i % 2;
        const double t = kPi * g.rng.uniform();
        const double c = portableCos(t), s = portableSin(t);
        const double px = cls == 0 ? c : 1.0 - c;
        const double py = cls == 0 ? s : 0.5 - s;
        g.point((px - 0.5) * scale, (py - 0.25) * scale, cls);
    }
}

void spiral(Builder& g, const Resolved& r) {
    const int arms = static_cast<int>(r("arms"));
    const double turns = r("turns");
    for (int i = 0; i < r.n; ++i) {
        const int arm = i % arms;
        const double s = g.rng.uniform();
        const double rad = 5.0 * s;
        const double angle = kTwoPi * turns * s + kTwoPi * arm / arms;
        g.point(rad * portableSin(angle), rad * portableCos(angle), arm);
    }
}

void plane(Builder& g, const Resolved& r) {
    const double a = r("a"), b = r("b"), c = r("c");
    for (int i = 0; i < r.n; ++i) {
        const double x1 = g.rng.uniform(-6.0, 6.0);
        const double x2 = g.rng.uniform(-6.0, 6.0);
        const double e = g.rng.normal2()[0];
        g.d.x.push_back(x1);
        g.d.x.push_back(x2);
        g.d.y.push_back(a * x1 + b * x2 + c + g.noise * e);
    }
}

void sine(Builder& g, const Resolved& r) {
    const double omega = kTwoPi * r("freq");
    const bool grid = r("grid") != 0;
    for (int i = 0; i < r.n; ++i) {
        const double u = g.rng.uniform();
        const double x = !grid ? u : r.n == 1 ? 0.0 : static_cast<double>(i) / (r.n - 1);
        const double e = g.rng.normal2()[0];
        g.d.x.push_back(x);
        g.d.y.push_back(portableSin(omega * x) + g.noise * e);
    }
}

/// With probability flip, replaces a label by one of the other classes (uniformly); draws the
/// same numbers whatever flip is.
void flipLabels(Dataset& d, double flip, std::uint64_t seed) {
    if (d.classes < 2) return;
    SplitMix64 rng = SplitMix64::stream(seed, kLabelFlipStream);
    for (double& y : d.y) {
        const double u = rng.uniform();
        const auto other = rng.below(static_cast<std::uint32_t>(d.classes - 1));
        if (u < flip) y = static_cast<double>((static_cast<int>(y) + 1 + static_cast<int>(other)) % d.classes);
    }
}

// ---- CSV reading ---------------------------------------------------------------------------

/// A field as quoted in a message: at most 40 characters.
std::string quoted(std::string_view s) {
    if (s.size() > 40) return "'" + std::string(s.substr(0, 37)) + "...'";
    return "'" + std::string(s) + "'";
}

std::vector<std::string_view> splitFields(std::string_view line) {
    std::vector<std::string_view> fields;
    for (;;) {
        const size_t comma = line.find(',');
        std::string_view f = trim(line.substr(0, comma));
        if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = trim(f.substr(1, f.size() - 2));
        fields.push_back(f);
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
    }
    return fields;
}

/// ": 'abc' is not a number", ": '1e999' is not a finite number" or " is empty", for a field that
/// parseNumber rejects (after "line 3, column 2").
std::string badNumber(std::string_view f) {
    if (f.empty()) return " is empty";
    const std::string s(f);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size() && !std::isfinite(v)) return ": " + quoted(f) + " is not a finite number";
    return ": " + quoted(f) + " is not a number";
}

}  // namespace

// ---- the catalogue ---------------------------------------------------------------------------

const std::vector<DatasetInfo>& datasets() {
    static const std::vector<DatasetInfo> list = [] {
        std::vector<DatasetInfo> v;
        {
            DatasetInfo i;
            i.name = "gaussian-mixture";
            i.title = "Gaussian mixture";
            i.help = "Round clusters, each of one class: a linear model separates two of them, a hidden "
                     "layer carves the decision regions of several (LeCun / GSI).";
            i.params = {key("clusters", "K", 4, 2, 8, "Number of Gaussian clusters.", true),
                        key("classes", "C", 2, 2, 8, "Number of classes; cluster j has class j mod C.", true),
                        key("spread", "R", 3.5, 0, 5, "Radius of the circle the centres lie on (or of the disc they are drawn from)."),
                        key("random", "random", 0, 0, 1, "Centres drawn at random in the disc instead of evenly on the circle.", false, true),
                        flipKey()};
            i.defaultN = 200;
            i.defaultNoise = 0.8;
            v.push_back(std::move(i));
        }
        {
            DatasetInfo i;
            i.name = "circles";
            i.title = "Circle";
            i.help = "A disc of one class inside a ring of the other (TensorFlow Playground): no line "
                     "separates them, x1² and x2² or a hidden layer do.";
            i.params = {key("inner", "r", 2.5, 0.5, 4, "Radius of the inner disc (class 0)."),
                        key("gap", "g", 1, 0, 2, "Width of the empty band between the disc and the ring (1.5 wide)."),
                        flipKey()};
            i.defaultN = 200;
            i.defaultNoise = 0.2;
            v.push_back(std::move(i));
        }
        {
            DatasetInfo i;
            i.name = "xor";
            i.title = "Exclusive or";
            i.help = "Opposite quadrants share a class (TensorFlow Playground): the classic problem a "
                     "single neuron cannot solve; x1·x2 or two hidden units can.";
            i.params = {key("gap", "g", 0.3, 0, 2, "Empty margin along both axes."), flipKey()};
            i.defaultN = 200;
            i.defaultNoise = 0.1;
            v.push_back(std::move(i));
        }
        {
            DatasetInfo i;
            i.name = "two-moons";
            i.title = "Two moons";
            i.help = "Two interleaved half circles (scikit-learn's make_moons, scaled): a curved "
                     "boundary that a small hidden layer learns.";
            i.params = {flipKey()};
            i.defaultN = 200;
            i.defaultNoise = 0.35;
            v.push_back(std::move(i));
        }
        {
            DatasetInfo i;
            i.name = "spiral";
            i.title = "Spiral";
            i.help = "Interleaved spiral arms, one class each (TensorFlow Playground): hard — it needs "
                     "sin features, depth or many hidden units.";
            i.params = {key("arms", "arms", 2, 2, 3, "Number of arms, one class each.", true),
                        key("turns", "turns", 1.75, 0.5, 3, "Turns of each arm from the centre to radius 5."),
                        flipKey()};
            i.defaultN = 200;
            i.defaultNoise = 0.2;
            v.push_back(std::move(i));
        }
        {
            DatasetInfo i;
            i.name = "plane";
            i.title = "Plane (regression)";
            i.help = "Targets on a tilted plane y = a·x1 + b·x2 + c plus noise: linear regression, "
                     "which one linear unit fits exactly (TensorFlow Playground).";
            i.regression = true;
            i.params = {key("a", "a", 0.5, -2, 2, "Slope along x1."),
                        key("b", "b", -0.25, -2, 2, "Slope along x2."),
                        key("c", "c", 0, -5, 5, "Offset (the plane's height at the origin).")};
            i.defaultN = 200;
            i.defaultNoise = 0.2;
            v.push_back(std::move(i));
        }
        {
            DatasetInfo i;
            i.name = "sine";
            i.title = "Noisy sine (regression)";
            i.help = "Few noisy samples of sin(2π·x) on [0, 1] (Bishop, PRML §1.1): polynomial "
                     "features of high degree over-fit them (Lecture 2).";
            i.regression = true;
            i.params = {key("freq", "f", 1, 0.25, 4, "Periods of the sine over [0, 1]."),
                        key("grid", "grid", 0, 0, 1, "Inputs evenly spaced, i/(n-1), instead of uniform at random.", false, true)};
            i.defaultN = 30;
            i.defaultNoise = 0.2;
            v.push_back(std::move(i));
        }
        return v;
    }();
    return list;
}

const DatasetInfo* findDataset(std::string_view name) {
    for (const DatasetInfo& i : datasets())
        if (i.name == name) return &i;
    return nullptr;
}

// ---- specs -----------------------------------------------------------------------------------

std::optional<DatasetSpec> parseDatasetSpec(std::string_view text, std::string* error) {
    const auto failed = [&](std::string msg) -> std::optional<DatasetSpec> {
        if (error) *error = std::move(msg);
        return std::nullopt;
    };
    const size_t colon = text.find(':');
    const std::string name(trim(text.substr(0, colon)));
    if (name.empty()) return failed("empty data set name; known: " + datasetNames());
    const DatasetInfo* info = findDataset(name);
    if (!info) return failed("unknown data set '" + name + "'; known: " + datasetNames());
    DatasetSpec spec;
    spec.name = name;
    spec.n = info->defaultN;
    spec.noise = info->defaultNoise;
    if (colon != std::string_view::npos) {
        const std::string example =
            name + ":" + (info->params.empty() ? std::string("n=100") : info->params[0].name + "=" + shortest(info->params[0].def));
        std::vector<std::string> seen;
        std::string_view rest = text.substr(colon + 1);
        for (;;) {
            const size_t comma = rest.find(',');
            const std::string_view item = trim(rest.substr(0, comma));
            const size_t eq = item.find('=');
            if (item.empty() || eq == std::string_view::npos || eq == 0)
                return failed("'" + std::string(item) + "' in '" + std::string(text) +
                              "' is not KEY=VALUE; write NAME:KEY=VALUE,..., e.g. " + example);
            const std::string k(trim(item.substr(0, eq)));
            const std::string value(trim(item.substr(eq + 1)));
            if (std::find(seen.begin(), seen.end(), k) != seen.end())
                return failed(k + " given twice in '" + std::string(text) + "'; give each key once");
            seen.push_back(k);
            if (k == "seed") {
                std::uint64_t s = 0;
                const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
                if (value.empty() || ec != std::errc() || end != value.data() + value.size())
                    return failed("seed='" + value + "' is not a whole number in [0, 18446744073709551615]");
                spec.seed = s;
            } else {
                const ParamSpec* p = k == "n" ? &countSpec() : k == "noise" ? &noiseSpec() : findKey(*info, k);
                if (!p) return failed("unknown key '" + k + "' for " + name + "; keys: " + keyNames(*info));
                const auto v = parseNumber(value);
                if (!v) return failed(k + "='" + value + "' is not a number; " + p->rangeMessage());
                if (!p->contains(*v)) return failed(outOfRange(*p, *v));
                if (k == "n") spec.n = static_cast<int>(*v);
                else if (k == "noise") spec.noise = *v;
                else spec.params[k] = *v;
            }
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    Resolved r;
    const std::string err = resolve(spec, r);
    if (!err.empty()) return failed(err);
    return spec;
}

std::string datasetSpecText(const DatasetSpec& spec) {
    const DatasetInfo* info = findDataset(spec.name);
    std::vector<std::string> items;
    if (spec.n != -1 && (!info || spec.n != info->defaultN)) items.push_back("n=" + std::to_string(spec.n));
    if (spec.noise != -1 && (!info || spec.noise != info->defaultNoise)) items.push_back("noise=" + shortest(spec.noise));
    if (spec.seed != 1) items.push_back("seed=" + std::to_string(spec.seed));
    if (info)
        for (const ParamSpec& p : info->params) {
            const auto it = spec.params.find(p.name);
            if (it != spec.params.end() && it->second != p.def) items.push_back(p.name + "=" + shortest(it->second));
        }
    for (const auto& [k, v] : spec.params)  // keys the set does not have, so that the text shows them
        if (!info || !findKey(*info, k)) items.push_back(k + "=" + shortest(v));
    std::string out = spec.name;
    char sep = ':';
    for (const std::string& item : items) {
        out += sep + item;
        sep = ',';
    }
    return out;
}

std::optional<Dataset> generateDataset(const DatasetSpec& spec, std::string* error) {
    Resolved r;
    const std::string err = resolve(spec, r);
    if (!err.empty()) {
        if (error) *error = err;
        return std::nullopt;
    }
    const DatasetInfo& info = *r.info;
    Builder g;
    g.rng = SplitMix64::stream(spec.seed, kDatasetStream);
    g.noise = r.noise;
    g.d.inputs = info.name == "sine" ? 1 : 2;
    g.d.x.reserve(size_t(r.n) * size_t(g.d.inputs));
    g.d.y.reserve(size_t(r.n));
    for (int c = 0; c < g.d.inputs; ++c) g.d.columns.push_back("x" + std::to_string(c + 1));
    if (info.name == "gaussian-mixture") {
        g.d.classes = static_cast<int>(r("classes"));
        gaussianMixture(g, r);
    } else if (info.name == "circles") {
        g.d.classes = 2;
        circles(g, r);
    } else if (info.name == "xor") {
        g.d.classes = 2;
        xorSet(g, r);
    } else if (info.name == "two-moons") {
        g.d.classes = 2;
        twoMoons(g, r);
    } else if (info.name == "spiral") {
        g.d.classes = static_cast<int>(r("arms"));
        spiral(g, r);
    } else if (info.name == "plane") {
        plane(g, r);
    } else {
        sine(g, r);
    }
    if (g.d.classes >= 2) flipLabels(g.d, r("flip"), spec.seed);
    return std::move(g.d);
}

// ---- CSV -------------------------------------------------------------------------------------

std::string datasetCsv(const Dataset& d) {
    std::string out;
    for (int c = 0; c < d.inputs; ++c)
        out += (size_t(c) < d.columns.size() ? d.columns[size_t(c)] : "x" + std::to_string(c + 1)) + ",";
    out += "y\n";
    for (int i = 0; i < d.size(); ++i) {
        for (int c = 0; c < d.inputs; ++c) out += shortest(d.at(i, c)) + ",";
        out += d.classes >= 2 ? std::to_string(static_cast<int>(d.y[size_t(i)])) : shortest(d.y[size_t(i)]);
        out += '\n';
    }
    return out;
}

std::optional<Dataset> parseDatasetCsv(std::string_view text, std::string* error) {
    const auto failed = [&](std::string msg) -> std::optional<Dataset> {
        if (error) *error = std::move(msg);
        return std::nullopt;
    };
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
    Dataset d;
    int headerColumns = 0;
    int headerLine = 0;
    int lineNo = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) continue;
        const std::vector<std::string_view> fields = splitFields(line);
        const int count = static_cast<int>(fields.size());
        const std::string where = "line " + std::to_string(lineNo);
        if (headerColumns == 0) {
            if (count < 2)
                return failed(where + ": the header has 1 column; a data set needs at least one input "
                                      "column and the target (the last column)");
            bool numbers = true;
            for (int c = 0; c < count; ++c) {
                if (fields[size_t(c)].empty())
                    return failed(where + ", column " + std::to_string(c + 1) + ": empty column name");
                numbers = numbers && parseNumber(fields[size_t(c)]).has_value();
            }
            if (numbers)
                return failed(where + ": the first line should be a header of column names (e.g. x1,x2,y), "
                                      "not numbers");
            for (int c = 0; c + 1 < count; ++c) d.columns.emplace_back(fields[size_t(c)]);
            headerColumns = count;
            headerLine = lineNo;
            d.inputs = count - 1;
            continue;
        }
        if (count != headerColumns)
            return failed(where + ": " + std::to_string(count) + (count == 1 ? " field" : " fields") +
                          ", the header has " + std::to_string(headerColumns));
        for (int c = 0; c < count; ++c) {
            const auto v = parseNumber(fields[size_t(c)]);
            if (!v) return failed(where + ", column " + std::to_string(c + 1) + badNumber(fields[size_t(c)]));
            if (c + 1 < count) d.x.push_back(*v);
            else d.y.push_back(*v);
        }
    }
    if (headerColumns == 0) return failed("the CSV is empty; it needs a header (e.g. x1,x2,y) and rows of numbers");
    if (d.y.empty())
        return failed("the CSV has only its header (line " + std::to_string(headerLine) +
                      "); it needs at least one row of numbers");
    // classification: whole numbers in [0, 1000], at most 20 distinct values
    std::set<double> distinct;
    bool whole = true;
    for (double y : d.y) {
        if (!(y == std::trunc(y) && y >= 0 && y <= 1000)) {
            whole = false;
            break;
        }
        distinct.insert(y);
        if (distinct.size() > 20) break;
    }
    if (whole && distinct.size() <= 20) {
        if (distinct.size() == 1)
            return failed("the target column has one class only (" + shortest(*distinct.begin()) +
                          "); a classifier needs two or more");
        d.classes = static_cast<int>(*distinct.rbegin()) + 1;
        for (double& y : d.y) y = static_cast<double>(static_cast<int>(y));  // -0 -> 0
    }
    return d;
}

// ---- split -----------------------------------------------------------------------------------

Split splitDataset(int n, double testFraction, std::uint64_t seed) {
    Split s;
    if (n <= 0) return s;
    double f = std::isnan(testFraction) ? 0.0 : std::clamp(testFraction, 0.0, 0.9);
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) order[size_t(i)] = i;
    SplitMix64 rng = SplitMix64::stream(seed, kSplitStream);
    for (int i = n - 1; i >= 1; --i) std::swap(order[size_t(i)], order[rng.below(static_cast<std::uint32_t>(i + 1))]);
    const int train = std::clamp(static_cast<int>(std::round(n * (1.0 - f))), 1, n);
    s.train.assign(order.begin(), order.begin() + train);
    s.test.assign(order.begin() + train, order.end());
    std::sort(s.train.begin(), s.train.end());
    std::sort(s.test.begin(), s.test.end());
    return s;
}

// ---- features --------------------------------------------------------------------------------

}  // namespace optiscape::nets
