// The optiscape command-line tool: list the presets, evaluate a landscape at a point (JSON), or
// run an optimizer and print its trajectory (CSV). Bad input: exit 2; a diverged run: exit 3.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/landscape.h"
#include "core/optimizer.h"
#include "core/params.h"
#include "core/run.h"

namespace {

using namespace optiscape;

constexpr long kMaxSteps = 10000000;

/// Bad input: the message is "<what is wrong>; <what is allowed>".
struct UsageError {
    std::string message;
};

[[noreturn]] void fail(std::string message) { throw UsageError{std::move(message)}; }

std::string joined(const std::vector<std::string>& items, const std::string& prefix = {}) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + prefix + items[i];
    return out;
}

std::string optimizerNames() {
    std::vector<std::string> names;
    for (const OptimizerInfo& o : optimizers()) names.push_back(o.name);
    return joined(names);
}

const char* kUsage =
    "usage: optiscape <command> [options]\n"
    "\n"
    "Optiscape's numeric core from the command line: the landscapes and optimizers of the app,\n"
    "with full-precision output (PyTorch torch.optim update rules, float64).\n"
    "\n"
    "commands:\n"
    "  list    the preset landscapes, one per line: NAME<TAB>FORMULA\n"
    "  eval    value, gradient and Hessian of a landscape at a point, as JSON\n"
    "  run     an optimizer's trajectory on a landscape, as CSV\n"
    "\n"
    "Run 'optiscape <command> --help' for a command's options.\n"
    "Exit status: 0 success, 2 bad input, 3 the run diverged.\n";

const char* kListUsage =
    "usage: optiscape list\n"
    "\n"
    "Prints each preset landscape as NAME<TAB>FORMULA (the formula in mathjs syntax).\n";

std::string landscapeHelp() {
    std::string out = "landscapes and their parameters (--param NAME=VALUE):\n";
    for (const std::string& name : presetNames()) {
        const auto l = makePreset(name);
        out += "  " + name + "  " + l->info().pretty + "\n";
        for (const ParamSpec& p : l->info().params)
            out += "      " + p.name + " (" + p.symbol + ", default " + formatNumber(p.def, 6) +
                   ", range [" + formatNumber(p.min, 6) + ", " + formatNumber(p.max, 6) + "]" +
                   (p.unit.empty() ? "" : ", in " + p.unit) + ")\n";
    }
    return out;
}

std::string evalUsage() {
    return "usage: optiscape eval --landscape NAME [--param NAME=VALUE]... --at W1,W2\n"
           "\n"
           "Prints {\"value\": L, \"gradient\": [g1, g2], \"hessian\": [[h11, h12], [h21, h22]]}\n"
           "at the point (W1, W2), numbers with 17 significant digits.\n"
           "\n" +
           landscapeHelp();
}

std::string runUsage() {
    std::string out =
        "usage: optiscape run --landscape NAME [--param NAME=VALUE]...\n"
        "                     --optimizer gd|momentum|nesterov|adam [SETTINGS]\n"
        "                     --start W1,W2 --steps N\n"
        "\n"
        "Prints the CSV step,w1,w2,loss,grad_norm for steps 0 (the start) to N (0 <= N <= " +
        std::to_string(kMaxSteps) +
        ").\nIf the run diverges (a non-finite value, or |w| > 1e6), the rows before the diverged\n"
        "step are printed, 'diverged at step k' goes to stderr, and the exit status is 3.\n"
        "\noptimizers and their settings:\n";
    for (const OptimizerInfo& o : optimizers()) {
        const Hyper d = defaultsFor(o.kind);
        out += "  " + o.name + "  " + o.title + ": " + o.rule + "\n     ";
        for (const std::string& h : o.hypers)
            out += " --" + h + " " + formatNumber(d.*(findHyper(h)->field), 6);
        out += "\n";
    }
    out += "settings' ranges:\n";
    for (const HyperSpec& h : hyperSpecs())
        out += "  --" + h.spec.name + " (" + h.spec.symbol + ") in [" + formatNumber(h.spec.min, 6) +
               ", " + formatNumber(h.spec.max, 6) + "]: " + h.spec.help + "\n";
    return out + "\n" + landscapeHelp();
}

/// Command-line options of one command: --name VALUE or --name=VALUE; --param may repeat.
struct Options {
    std::map<std::string, std::string> single;
    std::vector<std::string> params;
    bool has(const std::string& k) const { return single.count(k) > 0; }
    const std::string& get(const std::string& k) const { return single.at(k); }
};

Options parseOptions(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<std::string>& known) {
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0)
            fail("unexpected argument '" + a + "' for '" + command + "'; options: " +
                 joined(known, "--"));
        std::string name = a.substr(2), value;
        const size_t eq = name.find('=');
        bool haveValue = false;
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            haveValue = true;
        }
        bool isKnown = false;
        for (const std::string& k : known) isKnown = isKnown || k == name;
        if (!isKnown) {
            const HyperSpec* h = command == "run" ? nullptr : findHyper(name);
            fail("unknown option '--" + name + "' for '" + command + "'" +
                 (h ? " (optimizer settings belong to 'run')" : "") +
                 "; options: " + joined(known, "--"));
        }
        if (!haveValue) {
            if (i + 1 >= args.size() || args[i + 1].compare(0, 2, "--") == 0)
                fail("--" + name + " needs a value; give it as --" + name + " VALUE");
            value = args[++i];
        }
        if (name == "param") {
            o.params.push_back(value);
        } else {
            if (o.has(name)) fail("--" + name + " given twice; give each option once");
            o.single[name] = value;
        }
    }
    return o;
}

void require(const std::string& command, const Options& o, const std::vector<std::string>& req) {
    for (const std::string& r : req)
        if (!o.has(r))
            fail("missing --" + r + "; '" + command + "' needs " + joined(req, "--") +
                 " (see optiscape " + command + " --help)");
}

double number(const std::string& what, const std::string& text) {
    const auto v = parseNumber(text);
    if (!v) fail(what + ": '" + text + "' is not a number; give a finite decimal number such as "
                 "0.05 or 1e-3");
    return *v;
}

Vec2 point(const std::string& flag, const std::string& text) {
    const size_t comma = text.find(',');
    const std::string allowed = "; give two numbers W1,W2, e.g. --" + flag + " 0.5,-1";
    if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
        fail("--" + flag + " '" + text + "' is not a point" + allowed);
    const auto a = parseNumber(text.substr(0, comma)), b = parseNumber(text.substr(comma + 1));
    if (!a || !b) fail("--" + flag + " '" + text + "' is not a point" + allowed);
    return {*a, *b};
}

std::unique_ptr<Landscape> landscapeFrom(const Options& o) {
    const std::string& name = o.get("landscape");
    auto l = makePreset(name);
    if (!l) fail("unknown landscape '" + name + "'; known: " + joined(presetNames()));
    std::vector<std::string> seen;
    for (const std::string& pv : o.params) {
        const size_t eq = pv.find('=');
        if (eq == std::string::npos || eq == 0)
            fail("--param '" + pv + "' is not NAME=VALUE; e.g. --param " +
                 (l->info().params.empty() ? std::string("eps") : l->info().params[0].name) +
                 "=0.5");
        const std::string pname = pv.substr(0, eq);
        for (const std::string& s : seen)
            if (s == pname) fail("--param " + pname + " given twice; give each parameter once");
        seen.push_back(pname);
        const ParamSpec* spec = nullptr;
        for (const ParamSpec& s : l->info().params)
            if (s.name == pname) spec = &s;
        if (!spec) fail(l->setParam(pname, 0.0));  // the core's "unknown parameter ..." message
        const double v = number("--param " + pname, pv.substr(eq + 1));
        const std::string err = l->setParam(pname, v);
        if (!err.empty()) fail(pname + " = " + pv.substr(eq + 1) + " is out of range; " + err);
    }
    return l;
}

int cmdList(const std::vector<std::string>& args) {
    if (!args.empty())
        fail("unexpected argument '" + args[0] + "' for 'list'; list takes no options");
    for (const std::string& name : presetNames())
        std::printf("%s\t%s\n", name.c_str(), makePreset(name)->info().formula.c_str());
    return 0;
}

int cmdEval(const std::vector<std::string>& args) {
    const Options o = parseOptions("eval", args, {"landscape", "param", "at"});
    require("eval", o, {"landscape", "at"});
    const auto l = landscapeFrom(o);
    const Vec2 w = point("at", o.get("at"));
    const Eval e = l->evaluate(w);
    JsonWriter j;
    j.beginObject().key("value").value(e.value);
    j.key("gradient").beginArray().value(e.gradient[0]).value(e.gradient[1]).endArray();
    j.key("hessian").beginArray();
    for (int r = 0; r < 2; ++r) j.beginArray().value(e.hessian(r, 0)).value(e.hessian(r, 1)).endArray();
    j.endArray().endObject();
    std::printf("%s\n", j.str().c_str());
    return 0;
}

int cmdRun(const std::vector<std::string>& args) {
    std::vector<std::string> known = {"landscape", "param", "optimizer"};
    for (const HyperSpec& h : hyperSpecs()) known.push_back(h.spec.name);
    known.push_back("start");
    known.push_back("steps");
    const Options o = parseOptions("run", args, known);
    require("run", o, {"landscape", "optimizer", "start", "steps"});
    const auto l = landscapeFrom(o);

    const std::string& oname = o.get("optimizer");
    const auto kind = parseOptimizer(oname);
    if (!kind) fail("unknown optimizer '" + oname + "'; known: " + optimizerNames());
    const OptimizerInfo& info = optimizerInfo(*kind);
    RunConfig cfg;
    cfg.optimizer = *kind;
    cfg.hyper = defaultsFor(*kind);
    for (const HyperSpec& h : hyperSpecs()) {
        if (!o.has(h.spec.name)) continue;
        bool used = false;
        for (const std::string& u : info.hypers) used = used || u == h.spec.name;
        if (!used)
            fail("--" + h.spec.name + " is not a setting of '" + info.name + "'; its settings: " +
                 joined(info.hypers, "--"));
        const std::string& text = o.get(h.spec.name);
        const double v = number("--" + h.spec.name, text);
        if (!h.spec.contains(v))
            fail("--" + h.spec.name + " " + text + " is out of range; " + h.spec.rangeMessage());
        cfg.hyper.*(h.field) = v;
    }
    const std::string err = validate(*kind, cfg.hyper);
    if (!err.empty()) fail("invalid settings for '" + info.name + "'; " + err);
    cfg.start = point("start", o.get("start"));

    const std::string& stext = o.get("steps");
    const std::string range = "; give a whole number from 0 to " + std::to_string(kMaxSteps);
    if (stext.empty() || stext.size() > 9 || stext.find_first_not_of("0123456789") != std::string::npos)
        fail("--steps '" + stext + "' is not a whole number" + range);
    const long steps = std::strtol(stext.c_str(), nullptr, 10);
    if (steps > kMaxSteps) fail("--steps " + stext + " is out of range" + range);

    Run run(cfg);
    run.reset(*l);
    std::printf("step,w1,w2,loss,grad_norm\n");
    const auto row = [](long k, const TrajectoryPoint& p) {
        std::printf("%ld,%.17g,%.17g,%.17g,%.17g\n", k, p.w[0], p.w[1], p.loss, p.gradNorm);
    };
    if (!run.diverged()) {
        row(0, run.current());
        for (long k = 1; k <= steps && run.step(*l); ++k) row(k, run.current());
    }
    if (run.diverged()) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s — %s\n", run.stopMessage().c_str(), run.hint().c_str());
        return 3;
    }
    return 0;
}

bool wantsHelp(const std::vector<std::string>& args) {
    for (const std::string& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    static char outBuffer[1 << 16];
    std::setvbuf(stdout, outBuffer, _IOFBF, sizeof outBuffer);
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (command == "list") {
            if (wantsHelp(args)) return std::fputs(kListUsage, stdout), 0;
            return cmdList(args);
        }
        if (command == "eval") {
            if (wantsHelp(args)) return std::fputs(evalUsage().c_str(), stdout), 0;
            return cmdEval(args);
        }
        if (command == "run") {
            if (wantsHelp(args)) return std::fputs(runUsage().c_str(), stdout), 0;
            return cmdRun(args);
        }
        fail("unknown command '" + command + "'; commands: list, eval, run (see optiscape --help)");
    } catch (const UsageError& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "optiscape: %s\n", e.message.c_str());
        return 2;
    }
}
