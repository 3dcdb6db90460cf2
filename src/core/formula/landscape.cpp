// Landscapes defined by a formula (the user's or a library preset's), and the formula's
// display form in the lectures' notation.
#include <algorithm>
#include <cctype>

#include "core/formula/formula.h"

namespace optiscape {
namespace {

const char* greekFor(std::string_view name) {
    static const std::pair<const char*, const char*> table[] = {
        {"alpha", "α"}, {"beta", "β"},   {"gamma", "γ"},   {"delta", "δ"}, {"eps", "ε"},
        {"epsilon", "ε"}, {"zeta", "ζ"}, {"eta", "η"},     {"theta", "θ"}, {"kappa", "κ"},
        {"lambda", "λ"}, {"mu", "μ"},    {"nu", "ν"},      {"xi", "ξ"},    {"pi", "π"},
        {"rho", "ρ"},    {"sigma", "σ"}, {"tau", "τ"},     {"phi", "φ"},   {"chi", "χ"},
        {"psi", "ψ"},    {"omega", "ω"},
    };
    for (const auto& [n, g] : table)
        if (name == n) return g;
    return nullptr;
}

const char* const kSub[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
const char* const kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

/// "w1" → "w₁", "alpha2" → "α₂", "eps" → "ε"; other names unchanged.
std::string prettyName(std::string_view name) {
    size_t k = name.size();
    while (k > 0 && std::isdigit(static_cast<unsigned char>(name[k - 1]))) --k;
    const std::string_view stem = name.substr(0, k), digits = name.substr(k);
    std::string out;
    if (stem == "w" && (digits == "1" || digits == "2")) {
        out = "w";
    } else if (const char* g = greekFor(stem); g && k > 0) {
        out = g;
    } else {
        return std::string(name);
    }
    for (const char d : digits) out += kSub[d - '0'];
    return out;
}

ParamSpec defaultSpec(const std::string& name) {
    ParamSpec s;
    s.name = name;
    s.symbol = prettyName(name);
    s.def = 1.0;
    s.min = -10.0;
    s.max = 10.0;
    s.help = "A parameter of the formula.";
    return s;
}

/// info with a spec for every parameter of the formula (missing ones get the default spec).
LandscapeInfo completed(const Formula& f, LandscapeInfo info) {
    for (const std::string& n : f.parameters()) {
        const bool have = std::any_of(info.params.begin(), info.params.end(),
                                      [&](const ParamSpec& s) { return s.name == n; });
        if (!have) info.params.push_back(defaultSpec(n));
    }
    return info;
}

}  // namespace

std::string prettyFormula(std::string_view s) {
    std::string out;
    enum class Prev { None, Operand, Operator } prev = Prev::None;
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        if (std::isalpha(c) || c == '_' || c >= 0x80) {
            size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' ||
                                    static_cast<unsigned char>(s[j]) >= 0x80))
                ++j;
            out += prettyName(s.substr(i, j - i));
            i = j;
            prev = Prev::Operand;
            continue;
        }
        if (std::isdigit(c) || c == '.') {
            size_t j = i;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E') && j + 1 < s.size() &&
                (std::isdigit(static_cast<unsigned char>(s[j + 1])) || s[j + 1] == '-' || s[j + 1] == '+')) {
                j += 2;
                while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            }
            out += s.substr(i, j - i);
            i = j;
            prev = Prev::Operand;
            continue;
        }
        if (c == '^') {
            // a plain non-negative integer exponent becomes superscript digits
            size_t j = i + 1;
            while (j < s.size() && s[j] == ' ') ++j;
            size_t k = j;
            while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
            const bool plain = k > j && (k == s.size() || (s[k] != '.' && s[k] != 'e' && s[k] != 'E' &&
                                                            s[k] != '^' && !std::isalpha(static_cast<unsigned char>(s[k]))));
            if (plain) {
                for (size_t d = j; d < k; ++d) out += kSup[s[d] - '0'];
                i = k;
                prev = Prev::Operand;
                continue;
            }
            out += '^';
            ++i;
            prev = Prev::Operator;
            continue;
        }
        const bool binary = prev == Prev::Operand;
        switch (c) {
            case '+': out += binary ? " + " : "+"; break;
            case '-': out += binary ? " − " : "−"; break;
            case '*': out += "·"; break;
            case ',': out += ", "; break;
            default: out += static_cast<char>(c); break;
        }
        prev = c == ')' ? Prev::Operand : Prev::Operator;
        ++i;
    }
    return out;
}

FormulaLandscape::FormulaLandscape(Formula formula, LandscapeInfo info, PointsFn points,
                                   ContinuumFn continuum)
    : Landscape(completed(formula, std::move(info))),
      formula_(std::move(formula)),
      points_(std::move(points)),
      continuum_(std::move(continuum)) {
    for (const std::string& n : formula_.parameters())
        for (size_t k = 0; k < this->info().params.size(); ++k)
            if (this->info().params[k].name == n) order_.push_back(k);
    paramsChanged();
}

void FormulaLandscape::paramsChanged() {
    std::vector<double> v(order_.size());
    for (size_t k = 0; k < order_.size(); ++k) v[k] = p(order_[k]);
    bound_ = formula_.bind(v);
}

double FormulaLandscape::value(const Vec2& w) const { return formula_.valueBound(w, bound_); }
Vec2 FormulaLandscape::gradient(const Vec2& w) const { return formula_.gradientBound(w, bound_); }
void FormulaLandscape::values(const double* w1, const double* w2, double* out, size_t n) const {
    formula_.valuesBound(w1, w2, out, n, bound_);
}

void FormulaLandscape::gradients(const double* w1, const double* w2, double* g1, double* g2,
                                 size_t n) const {
    formula_.gradientsBound(w1, w2, g1, g2, n, bound_);
}

std::vector<StationaryPoint> FormulaLandscape::stationaryPoints() const {
    return points_ ? points_(params()) : std::vector<StationaryPoint>{};
}

bool FormulaLandscape::hasContinuum() const {
    return continuum_ ? continuum_(params()) : info().continuum;
}

std::unique_ptr<Landscape> FormulaLandscape::clone() const {
    return std::make_unique<FormulaLandscape>(*this);
}

std::unique_ptr<Landscape> makeFormulaLandscape(std::string_view text, FormulaError* error,
                                                const std::vector<ParamSpec>& specs) {
    auto f = Formula::parse(text, error);
    if (!f) return nullptr;
    LandscapeInfo info;
    info.name = "formula";
    info.title = "Custom formula";
    info.formula = std::string(text);
    info.pretty = prettyFormula(text);
    info.view = ViewBox{-2.0, 2.0, -2.0, 2.0};
    info.start = Vec2(-1.5, 1.0);
    for (const std::string& n : f->parameters()) {
        const auto it = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& s) { return s.name == n; });
        ParamSpec s = it != specs.end() ? *it : defaultSpec(n);
        s.min = std::min(s.min, s.def);
        s.max = std::max(s.max, s.def);
        info.params.push_back(s);
    }
    return std::make_unique<FormulaLandscape>(std::move(*f), std::move(info));
}

}  // namespace optiscape
