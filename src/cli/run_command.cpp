// `optiscape run` beyond option parsing: boolean flags, settings from options, data landscapes,
// the CSV with the learning-rate column, and the settings part of the help text.
#include "cli/run_command.h"

#include "cli/options.h"

#include <algorithm>
#include <cstdio>

#include "core/data_landscape.h"
#include "core/params.h"
#include "core/schedule.h"

namespace optiscape::cli {
namespace {

const char* const kFlags[] = {"nesterov", "amsgrad", "centered"};

bool isFlag(const std::string& name) {
    return std::find(std::begin(kFlags), std::end(kFlags), name) != std::end(kFlags);
}

std::string optimizerNames() {
    std::vector<std::string> names;
    for (const OptimizerInfo& o : optimizers()) names.push_back(o.name);
    return joined(names);
}

/// A number option's value, or an error naming what is allowed.
bool checkedNumber(const std::string& flag, const std::string& text, double& out, std::string& error) {
    const auto v = parseNumber(text);
    if (!v) {
        error = flag + ": '" + text + "' is not a number; give a finite decimal number such as 0.05 or 1e-3";
        return false;
    }
    out = *v;
    return true;
}

bool inRange(const std::string& flag, const std::string& text, const ParamSpec& spec, double& out,
             std::string& error) {
    if (!checkedNumber(flag, text, out, error)) return false;
    if (spec.contains(out)) return true;
    error = flag + " " + text + " is out of range; " + spec.rangeMessage();
    return false;
}

}  // namespace

std::vector<std::string> runOptionNames() {
    std::vector<std::string> known = {"landscape", "param", "optimizer"};
    for (const HyperSpec& h : hyperSpecs()) known.push_back(h.spec.name);
    for (const char* k : {"nesterov", "amsgrad", "schedule", "noise", "batch", "seed", "start", "steps"})
        known.push_back(k);
    return known;
}

std::string normaliseFlags(std::vector<std::string>& args) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0) continue;
        const size_t eq = a.find('=');
        const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        if (!isFlag(name)) continue;
        if (eq != std::string::npos) {
            const std::string value = a.substr(eq + 1);
            if (value != "true" && value != "false")
                return "--" + name + "=" + value + " is not a switch value; write --" + name +
                       " (or --" + name + "=true, --" + name + "=false)";
            continue;
        }
        if (i + 1 < args.size() && (args[i + 1] == "true" || args[i + 1] == "false" ||
                                    args[i + 1] == "1" || args[i + 1] == "0"))
            return "--" + name + " takes no value; write --" + name + " to switch it on, or --" +
                   name + "=false";
        args[i] = a + "=true";
    }
    return {};
}

bool isDataOnly(const std::string& name) {
    const auto& d = dataPresetNames();
    return std::find(d.begin(), d.end(), name) != d.end() && !makePreset(name);
}

std::unique_ptr<Landscape> dataLandscape(const std::string& name, const std::vector<std::string>& params,
                                         std::string* error) {
    auto l = makeDataPreset(name);
    std::vector<std::string> seen;
    for (const std::string& pv : params) {
        const size_t eq = pv.find('=');
        if (eq == std::string::npos || eq == 0) {
            *error = "--param '" + pv + "' is not NAME=VALUE; e.g. --param " + l->info().params[0].name + "=20";
            return nullptr;
        }
        const std::string pname = pv.substr(0, eq), text = pv.substr(eq + 1);
        if (std::find(seen.begin(), seen.end(), pname) != seen.end()) {
            *error = "--param " + pname + " given twice; give each parameter once";
            return nullptr;
        }
        seen.push_back(pname);
        const auto& specs = l->info().params;
        if (std::none_of(specs.begin(), specs.end(), [&](const ParamSpec& s) { return s.name == pname; })) {
            *error = l->setParam(pname, 0.0);  // the core's "unknown parameter ...; parameters: ..."
            return nullptr;
        }
        double v = 0;
        if (!checkedNumber("--param " + pname, text, v, *error)) return nullptr;
        const std::string err = l->setParam(pname, v);
        if (!err.empty()) {
            *error = pname + " = " + text + " is out of range; " + err;
            return nullptr;
        }
    }
    return l;
}

std::string configFromOptions(const std::map<std::string, std::string>& o, const Landscape& l,
                              RunConfig& cfg) {
    return configFromOptions(o, l.sampleCount(),
                             "'" + l.name() + "' has no samples (data landscapes: " + joined(dataPresetNames()) + ")",
                             cfg);
}

std::string configFromOptions(const std::map<std::string, std::string>& o, int samples,
                              const std::string& noSamples, RunConfig& cfg) {
    const auto has = [&](const std::string& k) { return o.count(k) > 0; };
    const std::string& oname = o.at("optimizer");
    auto kind = parseOptimizer(oname);
    if (!kind) return "unknown optimizer '" + oname + "'; known: " + optimizerNames();
    // --nesterov and --amsgrad pick the variant of momentum and adam that torch selects by flag
    const struct {
        const char* flag;
        OptimizerKind base, variant;
    } variants[] = {{"nesterov", OptimizerKind::Momentum, OptimizerKind::Nesterov},
                    {"amsgrad", OptimizerKind::Adam, OptimizerKind::AMSGrad}};
    for (const auto& v : variants) {
        if (!has(v.flag)) continue;
        const std::string base = optimizerInfo(v.base).name, variant = optimizerInfo(v.variant).name;
        const bool on = o.at(v.flag) == "true";
        if (*kind != v.base && *kind != v.variant)
            return std::string("--") + v.flag + " is not a setting of '" + oname + "'; it applies to '" +
                   base + "' (making it '" + variant + "')";
        if (!on && *kind == v.variant)
            return std::string("--") + v.flag + "=false contradicts --optimizer " + variant +
                   "; use --optimizer " + base;
        if (on) kind = v.variant;
    }
    const OptimizerInfo& info = optimizerInfo(*kind);
    cfg.optimizer = *kind;
    cfg.hyper = defaultsFor(*kind);
    std::string error;
    for (const HyperSpec& h : hyperSpecs()) {
        const std::string& name = h.spec.name;
        if (!has(name)) continue;
        if (std::find(info.hypers.begin(), info.hypers.end(), name) == info.hypers.end())
            return "--" + name + " is not a setting of '" + info.name + "'; its settings: " +
                   joined(info.hypers, "--");
        const std::string& text = o.at(name);
        double v = 0;
        if (h.spec.isBool)
            v = text == "true" ? 1.0 : 0.0;
        else if (!inRange("--" + name, text, h.spec, v, error))
            return error;
        cfg.hyper.*(h.field) = v;
    }
    const std::string err = validate(*kind, cfg.hyper);
    if (!err.empty()) return "invalid settings for '" + info.name + "'; " + err;

    if (has("schedule")) {
        std::string why;
        const auto s = parseSchedule(o.at("schedule"), &why);
        if (!s) return "--schedule '" + o.at("schedule") + "': " + why;
        cfg.schedule = *s;
    }
    double v = 0;
    if (has("noise")) {
        if (!inRange("--noise", o.at("noise"), *findRunSpec("noise"), v, error)) return error;
        cfg.noise = v;
    }
    if (has("batch")) {
        if (!inRange("--batch", o.at("batch"), *findRunSpec("batch"), v, error)) return error;
        if (v > 0 && samples == 0) return "--batch needs a landscape defined by data; " + noSamples;
        cfg.batch = static_cast<int>(v);
    }
    if (has("seed")) {
        if (!inRange("--seed", o.at("seed"), *findRunSpec("seed"), v, error)) return error;
        cfg.seed = static_cast<std::uint64_t>(v);
    }
    return {};
}

int printRun(const RunConfig& cfg, const Landscape& l, long steps) {
    Run run(cfg);
    run.reset(l);
    std::printf("step,w1,w2,loss,grad_norm,lr\n");
    const auto row = [](long k, const TrajectoryPoint& p) {
        std::printf("%ld,%.17g,%.17g,%.17g,%.17g,%.17g\n", k, p.w[0], p.w[1], p.loss, p.gradNorm, p.lr);
    };
    if (!run.stopped()) {
        row(0, run.current());
        for (long k = 1; k <= steps && run.step(l); ++k) row(k, run.current());
    }
    if (run.stopped()) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s — %s\n", run.stopMessage().c_str(), run.hint().c_str());
        return 3;
    }
    return 0;
}

std::string runSettingsHelp() {
    std::string out = "optimizers and their settings (defaults shown):\n";
    for (const OptimizerInfo& o : optimizers()) {
        const Hyper d = defaultsFor(o.kind);
        out += "  " + o.name + "  " + o.title + ": " + o.rule + "\n     ";
        for (const std::string& h : o.hypers) {
            const HyperSpec* s = findHyper(h);
            out += " --" + h;
            if (!s->spec.isBool) out += " " + formatNumber(d.*(s->field), 6);
        }
        out += "\n";
    }
    out += "  --optimizer momentum --nesterov is nesterov; --optimizer adam --amsgrad is amsgrad.\n"
           "settings' ranges:\n";
    for (const HyperSpec& h : hyperSpecs()) {
        out += "  --" + h.spec.name + " (" + h.spec.symbol + ") ";
        out += h.spec.isBool ? std::string("a switch") : "in [" + formatNumber(h.spec.min, 6) + ", " +
                                                             formatNumber(h.spec.max, 6) + "]" +
                                                             (h.spec.isInteger ? ", whole" : "");
        out += ": " + h.spec.help + "\n";
    }
    out += "switches (--nesterov, --amsgrad, --centered) take no value; --centered=false and\n"
           "--centered=true are accepted too.\n"
           "\nlearning-rate schedules, --schedule NAME[:KEY=VALUE,...] (row k of the CSV has the rate\n"
           "step k + 1 uses, in the column lr):\n";
    for (const ScheduleInfo& s : schedules()) {
        out += "  " + s.name + "  " + s.title + ": " + s.formula + "\n     ";
        for (const ParamSpec& p : s.params)
            out += " " + p.name + "=" + formatNumber(p.def, 6) + " (" + (p.isInteger ? "whole, " : "") +
                   "[" + formatNumber(p.min, 6) + ", " + formatNumber(p.max, 6) + "])";
        out += (s.params.empty() ? " " : ", ") + std::string("warmup=K (whole, [0, 1000000])\n");
    }
    out += "  warmup:steps=K  a constant rate after a linear warm-up; with any schedule, warmup=K\n"
           "      multiplies step k + 1's rate by (k + 1)/K while k < K.\n"
           "  e.g. --schedule step:every=50,gamma=0.5   --schedule cosine:period=200,min=0.001,warmup=10\n"
           "\nnoise, minibatches and seeds (any optimizer):\n";
    for (const ParamSpec& p : runSpecs())
        out += "  --" + p.name + " (" + p.symbol + ", default " + formatNumber(p.def, 10) + ", " +
               (p.isInteger ? "whole, " : "") + "[" + formatNumber(p.min, 10) + ", " +
               formatNumber(p.max, 10) + "]): " + p.help + "\n";
    out += "  --batch only on a landscape defined by data (" + joined(dataPresetNames()) +
           "):\n      each epoch shuffles the samples and takes batches of b without replacement.\n";
    return out;
}

}  // namespace optiscape::cli
