// The schedule table with each kind's parameter declarations, the rate formulas in
// torch.optim.lr_scheduler's operation order, and the text form's parser and printer.
#include "schedule.h"

#include <algorithm>
#include <cmath>

namespace optiscape {
namespace {

constexpr double kPi = 3.14159265358979323846;

ParamSpec spec(std::string name, std::string symbol, double def, double min, double max,
               std::string help, bool integer = false, bool logScale = false) {
    ParamSpec s;
    s.name = std::move(name);
    s.symbol = std::move(symbol);
    s.def = def;
    s.min = min;
    s.max = max;
    s.logScale = logScale;
    s.help = std::move(help);
    s.isInteger = integer;
    return s;
}

const ParamSpec kEvery = spec("every", "N", 50, 1, 1e6, "Steps between two decays of the rate.", true);
const ParamSpec kStepGamma =
    spec("gamma", "γ_d", 0.1, 0, 1, "Factor the rate is multiplied by every N steps.");
const ParamSpec kExpGamma =
    spec("gamma", "γ_d", 0.99, 0, 1, "Factor the rate is multiplied by at every step.");
const ParamSpec kCosPeriod =
    spec("period", "T", 100, 1, 1e6, "Steps from the full rate down to the minimum.", true);
const ParamSpec kCosMin = spec("min", "η_min", 0, 0, 10, "The rate reached after T steps.");
const ParamSpec kLow =
    spec("low", "a", 0.001, 0, 10, "The rate at the start of each cycle.", false, false);
const ParamSpec kHigh = spec("high", "b", 0.1, 1e-6, 10, "The rate at the middle of each cycle.",
                             false, true);
const ParamSpec kCycPeriod =
    spec("period", "P", 100, 2, 1e6, "Steps of one full cycle, up and back down.", true);
const ParamSpec kWarmup = spec("warmup", "K", 0, 0, 1e6,
                               "Linear warm-up: the first K steps use (k + 1)/K of the rate.", true);

std::string joinedNames(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string scheduleNames() {
    std::vector<std::string> names;
    for (const ScheduleInfo& i : schedules()) names.push_back(i.name);
    names.push_back("warmup");
    return joinedNames(names);
}

/// Shortest decimal that reads back as exactly v.
std::string shortest(double v) {
    if (v == std::trunc(v) && std::abs(v) < 1e15) return formatNumber(v, 17);  // 50, not 5e+01
    for (int d = 1; d < 17; ++d) {
        const std::string s = formatNumber(v, d);
        const auto back = parseNumber(s);
        if (back && *back == v) return s;
    }
    return formatNumber(v, 17);
}

const ParamSpec* findSpec(ScheduleKind kind, std::string_view name) {
    if (name == kWarmup.name) return &kWarmup;
    for (const ParamSpec& p : scheduleInfo(kind).params)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace

const std::vector<ScheduleInfo>& schedules() {
    static const std::vector<ScheduleInfo> table = {
        {ScheduleKind::Constant, "constant", "Constant", "(no scheduler)", "γ_k = γ", {}},
        {ScheduleKind::Step, "step", "Step decay",
         "torch.optim.lr_scheduler.StepLR(optimizer, step_size=every, gamma)",
         "γ_k = γ·γ_d^⌊k/N⌋", {kEvery, kStepGamma}},
        {ScheduleKind::Exponential, "exponential", "Exponential decay",
         "torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma)", "γ_k = γ·γ_d^k", {kExpGamma}},
        {ScheduleKind::Cosine, "cosine", "Cosine annealing",
         "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=period, eta_min=min)",
         "γ_k = η_min + (γ − η_min)·(1 + cos(πk/T))/2", {kCosPeriod, kCosMin}},
        {ScheduleKind::Cyclical, "cyclical", "Cyclical (triangular)",
         "torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=low, max_lr=high, "
         "step_size_up=period/2, mode='triangular', cycle_momentum=False)",
         "γ_k = a + (b − a)·max(0, 1 − |2k/P − 2c + 1|),  c = ⌊1 + k/P⌋", {kLow, kHigh, kCycPeriod}},
    };
    return table;
}

const ScheduleInfo& scheduleInfo(ScheduleKind kind) {
    for (const ScheduleInfo& i : schedules())
        if (i.kind == kind) return i;
    return schedules().front();
}

const ParamSpec& warmupSpec() { return kWarmup; }

Schedule defaultSchedule(ScheduleKind kind) {
    Schedule s;
    s.kind = kind;
    for (const ParamSpec& p : scheduleInfo(kind).params) setScheduleParam(s, p.name, p.def);
    return s;
}

std::optional<double> scheduleParam(const Schedule& s, std::string_view name) {
    if (name == "every") return s.every;
    if (name == "gamma") return s.gamma;
    if (name == "period") return s.period;
    if (name == "min") return s.min;
    if (name == "low") return s.low;
    if (name == "high") return s.high;
    if (name == "warmup") return s.warmup;
    return std::nullopt;
}

std::string setScheduleParam(Schedule& s, std::string_view name, double value) {
    const ParamSpec* p = findSpec(s.kind, name);
    const ScheduleInfo& info = scheduleInfo(s.kind);
    if (!p) {
        std::vector<std::string> names;
        for (const ParamSpec& q : info.params) names.push_back(q.name);
        names.push_back(kWarmup.name);
        return "unknown parameter '" + std::string(name) + "' of schedule '" + info.name +
               "'; its parameters: " + joinedNames(names);
    }
    if (!std::isfinite(value) || !p->contains(value))
        return p->name + " = " + shortest(value) + " is out of range; " + p->rangeMessage();
    if (name == "every") s.every = static_cast<int>(value);
    if (name == "gamma") s.gamma = value;
    if (name == "period") s.period = static_cast<int>(value);
    if (name == "min") s.min = value;
    if (name == "low") s.low = value;
    if (name == "high") s.high = value;
    if (name == "warmup") s.warmup = static_cast<int>(value);
    return {};
}

std::string validate(const Schedule& s) {
    const ScheduleInfo& info = scheduleInfo(s.kind);
    std::vector<const ParamSpec*> used = {&kWarmup};
    for (const ParamSpec& p : info.params) used.push_back(&p);
    for (const ParamSpec* p : used) {
        const double v = *scheduleParam(s, p->name);
        if (!std::isfinite(v) || !p->contains(v)) return p->rangeMessage();
    }
    if (s.kind == ScheduleKind::Cyclical && !(s.low <= s.high))
        return "cyclical needs low <= high (low = " + shortest(s.low) + ", high = " +
               shortest(s.high) + ")";
    return {};
}

double scheduledLr(const Schedule& s, double baseLr, long k) {
    if (k < 0) k = 0;
    const double kd = static_cast<double>(k);
    double r = baseLr;
    switch (s.kind) {
        case ScheduleKind::Constant:
            break;
        case ScheduleKind::Step:
            r = baseLr * std::pow(s.gamma, static_cast<double>(k / std::max(1, s.every)));
            break;
        case ScheduleKind::Exponential:
            r = baseLr * std::pow(s.gamma, kd);
            break;
        case ScheduleKind::Cosine: {
            // torch: eta_min + (base_lr − eta_min)·(1 + cos(π·k/T_max))/2
            const double T = static_cast<double>(std::max(1, s.period));
            r = s.min + (baseLr - s.min) * (1.0 + std::cos(kPi * kd / T)) / 2.0;
            break;
        }
        case ScheduleKind::Cyclical: {
            // torch's CyclicLR.get_lr: total = up + down, ratio = up/total, triangular scale 1
            const double up = static_cast<double>(std::max(2, s.period)) / 2.0;
            const double total = up + up;
            const double ratio = up / total;
            const double cycle = std::floor(1.0 + kd / total);
            const double x = 1.0 + kd / total - cycle;
            const double scale = x <= ratio ? x / ratio : (x - 1.0) / (ratio - 1.0);
            r = s.low + (s.high - s.low) * scale;
            break;
        }
    }
    if (s.warmup > 0 && k < s.warmup) r = r * static_cast<double>(k + 1) / static_cast<double>(s.warmup);
    return r;
}

std::optional<Schedule> parseSchedule(std::string_view text, std::string* error) {
    const auto failed = [&](std::string msg) -> std::optional<Schedule> {
        if (error) *error = std::move(msg);
        return std::nullopt;
    };
    const size_t colon = text.find(':');
    const std::string name(text.substr(0, colon));
    if (name.empty()) return failed("empty schedule name; schedules: " + scheduleNames());
    const bool warmupOnly = name == "warmup";
    const ScheduleInfo* info = nullptr;
    for (const ScheduleInfo& i : schedules())
        if (i.name == name) info = &i;
    if (!info && !warmupOnly)
        return failed("unknown schedule '" + name + "'; schedules: " + scheduleNames());
    Schedule s = defaultSchedule(info ? info->kind : ScheduleKind::Constant);
    if (colon == std::string_view::npos) {
        if (warmupOnly) return failed("'warmup' needs its length; write warmup:steps=K, e.g. warmup:steps=10");
        return s;
    }
    const std::string example = warmupOnly ? "warmup:steps=10"
                                : info->params.empty()
                                    ? name + ":warmup=10"
                                    : name + ":" + info->params[0].name + "=" +
                                          shortest(info->params[0].def);
    std::vector<std::string> seen;
    std::string_view rest = text.substr(colon + 1);
    for (;;) {
        const size_t comma = rest.find(',');
        const std::string item(rest.substr(0, comma));
        const size_t eq = item.find('=');
        if (item.empty() || eq == std::string::npos || eq == 0)
            return failed("'" + item + "' in '" + std::string(text) +
                          "' is not KEY=VALUE; write NAME:KEY=VALUE,..., e.g. " + example);
        std::string key = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        if (warmupOnly) {
            if (key != "steps")
                return failed("unknown parameter '" + key + "' of 'warmup'; its parameter: steps");
            key = "warmup";
        }
        const std::string given = item.substr(0, eq);
        for (const std::string& k : seen)
            if (k == given)
                return failed(given + " given twice in '" + std::string(text) + "'; give each parameter once");
        seen.push_back(given);
        const ParamSpec* p = findSpec(s.kind, key);
        const auto v = parseNumber(value);
        if (p && !v) return failed(key + " = '" + value + "' is not a number; " + p->rangeMessage());
        const std::string err = setScheduleParam(s, key, v ? *v : 0.0);
        if (!err.empty()) return failed(err);
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    const std::string err = validate(s);
    if (!err.empty()) return failed(err + "; lower low or raise high");
    return s;
}

std::string scheduleSpec(const Schedule& s) {
    const ScheduleInfo& info = scheduleInfo(s.kind);
    if (s.kind == ScheduleKind::Constant)
        return s.warmup > 0 ? "warmup:steps=" + std::to_string(s.warmup) : "constant";
    std::string out = info.name;
    char sep = ':';
    for (const ParamSpec& p : info.params) {
        out += sep + p.name + "=" + shortest(*scheduleParam(s, p.name));
        sep = ',';
    }
    if (s.warmup > 0) out += sep + std::string("warmup=") + std::to_string(s.warmup);
    return out;
}

}  // namespace optiscape
