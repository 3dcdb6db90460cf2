// The optiscape command-line tool: list the presets, evaluate a landscape at a point (JSON), or
// run an optimizer and print its trajectory (CSV). Bad input: exit 2; a diverged run: exit 3.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/formula/formula.h"
#include "core/data_landscape.h"
#include "core/json.h"
#include "core/landscape.h"
#include "core/optimizer.h"
#include "core/params.h"
#include "core/run.h"
#include "cli/critical_command.h"
#include "cli/options.h"
#include "cli/run_command.h"
#include "cli/theory_command.h"
#include "cli/net_views_command.h"
#include "cli/train_command.h"

namespace {

using namespace optiscape;
using namespace optiscape::cli;

constexpr long kMaxSteps = 10000000;

const char* kUsage =
    "usage: optiscape <command> [options]\n"
    "\n"
    "Optiscape's numeric core from the command line: the landscapes and optimizers of the app,\n"
    "with full-precision output (PyTorch torch.optim update rules, float64).\n"
    "\n"
    "commands:\n"
    "  list      the preset landscapes, one per line: NAME<TAB>FORMULA\n"
    "  eval      value, gradient and Hessian of a landscape at a point, as JSON\n"
    "  run       an optimizer's trajectory on a landscape, as CSV\n"
    "  critical  every stationary point in a box, classified by the Hessian, as JSON\n"
    "  dataset   a generated data set for networks (spiral, two-moons, ...), as CSV\n"
    "  train     a neural network trained on a data set, one CSV row per step\n"
    "  hessian   the extreme eigenvalues of a network's loss Hessian at given weights, as JSON\n"
    "  slice     a network's loss on a plane of two directions, or along a line, as CSV\n"
    "  connect   a low-loss curve between two minima of a network (mode connectivity), as CSV\n"
    "  spurious  how often ReLU student-teacher runs end in spurious local minima (Safran-Shamir), JSON\n"
    "  gradnorm  a random deep linear network's gradient norm against Theorem 9's bound, as JSON\n"
    "  linear-critical  the critical points of a two-layer linear network (Baldi-Hornik), as JSON\n"
    "  plateau   how long a tanh network started from small weights stays on the plateau, as JSON\n"
    "\n"
    "Run 'optiscape <command> --help' for a command's options.\n"
    "Exit status: 0 success, 2 bad input, 3 the run (or training) diverged.\n";

const char* kListUsage =
    "usage: optiscape list\n"
    "\n"
    "Prints each preset landscape as NAME<TAB>FORMULA (the formula in mathjs syntax).\n";

std::string landscapeHelp() {
    std::string out =
        "--formula EXPR instead of --landscape: any loss in w1, w2, in mathjs syntax: numbers, + - * /\n"
        "  ^ (right-associative, above unary minus: -w1^2 = -(w1^2)), parentheses, pi, e, and\n"
        "  sin cos tan exp log sqrt abs tanh sigmoid relu softplus min max; every other name is a\n"
        "  parameter and needs --param NAME=VALUE. Write * for products (2*w1, not 2w1).\n"
        "  e.g. --formula '(w2 - w1^2)^2 + eps*w1^2' --param eps=0.1\n\n";
    out += "landscapes and their parameters (--param NAME=VALUE):\n";
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
    return "usage: optiscape eval --landscape NAME | --formula EXPR [--param NAME=VALUE]... --at W1,W2\n"
           "\n"
           "Prints {\"value\": L, \"gradient\": [g1, g2], \"hessian\": [[h11, h12], [h21, h22]]}\n"
           "at the point (W1, W2), numbers with 17 significant digits.\n"
           "\n" +
           landscapeHelp();
}

std::string runUsage() {
    std::string out =
        "usage: optiscape run --landscape NAME | --formula EXPR [--param NAME=VALUE]...\n"
        "                     --optimizer NAME [SETTINGS] [--schedule NAME[:KEY=VALUE,...]]\n"
        "                     [--noise SIGMA] [--batch B] [--seed S] --start W1,W2 --steps N\n"
        "\n"
        "Prints the CSV step,w1,w2,loss,grad_norm,lr for steps 0 (the start) to N (0 <= N <= " +
        std::to_string(kMaxSteps) +
        ").\nloss and grad_norm are the full loss's; lr on row k is the learning rate step k + 1\n"
        "uses (row 0: the first step's; the last row: the rate a next step would use).\n"
        "If the run stops early — it diverges (a non-finite value, or |w| > 1e6), leaves the loss's\n"
        "domain (NaN at a finite point), or Newton meets a Hessian that is not positive definite —\n"
        "the rows before that step are printed, the reason goes to stderr ('diverged at step k',\n"
        "'left the domain at step k', 'Newton: ...'), and the exit status is 3.\n\n";
    return out + cli::runSettingsHelp() + "\n" + landscapeHelp();
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

/// "landscape" or "formula", whichever of the two was given (exactly one must be).
std::string landscapeSource(const std::string& command, const Options& o) {
    if (o.has("landscape") && o.has("formula"))
        fail("--landscape and --formula given together; give one of them");
    if (!o.has("landscape") && !o.has("formula"))
        fail("missing --landscape or --formula; '" + command + "' needs one of them (see optiscape " +
             command + " --help)");
    return o.has("formula") ? "formula" : "landscape";
}

/// --param NAME=VALUE pairs, checked for form and repetition.
std::vector<std::pair<std::string, std::string>> paramPairs(const Options& o, const std::string& example) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& pv : o.params) {
        const size_t eq = pv.find('=');
        if (eq == std::string::npos || eq == 0)
            fail("--param '" + pv + "' is not NAME=VALUE; e.g. --param " + example + "=0.5");
        const std::string pname = pv.substr(0, eq);
        for (const auto& seen : out)
            if (seen.first == pname) fail("--param " + pname + " given twice; give each parameter once");
        out.emplace_back(pname, pv.substr(eq + 1));
    }
    return out;
}

/// The --formula landscape: every parameter of the formula needs a --param value (any number).
std::unique_ptr<Landscape> formulaFrom(const Options& o) {
    FormulaError err;
    const auto f = Formula::parse(o.get("formula"), &err);
    if (!f) fail("--formula: " + err.message + "; see 'optiscape eval --help' for the formula syntax");
    const std::vector<std::string>& names = f->parameters();
    std::vector<ParamSpec> specs;
    for (const auto& [pname, text] : paramPairs(o, names.empty() ? std::string("eps") : names[0])) {
        bool known = false;
        for (const std::string& n : names) known = known || n == pname;
        if (!known)
            fail("unknown parameter '" + pname + "' for the formula; " +
                 (names.empty() ? std::string("the formula has no parameters")
                                : "its parameters: " + joined(names)));
        ParamSpec s;
        s.name = pname;
        s.def = number("--param " + pname, text);
        s.min = std::min(-10.0, s.def);
        s.max = std::max(10.0, s.def);
        specs.push_back(s);
    }
    for (const std::string& n : names) {
        bool given = false;
        for (const ParamSpec& s : specs) given = given || s.name == n;
        if (!given) fail("formula parameter '" + n + "' needs a value: --param " + n + "=VALUE");
    }
    return makeFormulaLandscape(o.get("formula"), &err, specs);
}

std::unique_ptr<Landscape> landscapeFrom(const Options& o) {
    if (o.has("formula")) return formulaFrom(o);
    const std::string& name = o.get("landscape");
    auto l = makeAnyPreset(name);  // a formula preset, or a landscape defined by data
    if (!l) {
        std::vector<std::string> known = presetNames();
        known.insert(known.end(), dataPresetNames().begin(), dataPresetNames().end());
        fail("unknown landscape '" + name + "'; known: " + joined(known));
    }
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
    const Options o = parseOptions("eval", args, {"landscape", "formula", "param", "at"});
    require("eval", o, {landscapeSource("eval", o), "at"});
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
    std::vector<std::string> normalised = args;
    const std::string flagError = cli::normaliseFlags(normalised);
    if (!flagError.empty()) fail(flagError);
    std::vector<std::string> names = cli::runOptionNames();
    names.push_back("formula");
    const Options o = parseOptions("run", normalised, names);
    require("run", o, {landscapeSource("run", o), "optimizer", "start", "steps"});
    std::unique_ptr<Landscape> l;
    if (o.has("landscape") && cli::isDataOnly(o.get("landscape"))) {
        std::string error;
        l = cli::dataLandscape(o.get("landscape"), o.params, &error);
        if (!l) fail(error);
    } else {
        l = landscapeFrom(o);
    }
    RunConfig cfg;
    const std::string error = cli::configFromOptions(o.single, *l, cfg);
    if (!error.empty()) fail(error);
    cfg.start = point("start", o.get("start"));

    const std::string& stext = o.get("steps");
    const std::string range = "; give a whole number from 0 to " + std::to_string(kMaxSteps);
    if (stext.empty() || stext.size() > 9 || stext.find_first_not_of("0123456789") != std::string::npos)
        fail("--steps '" + stext + "' is not a whole number" + range);
    const long steps = std::strtol(stext.c_str(), nullptr, 10);
    if (steps > kMaxSteps) fail("--steps " + stext + " is out of range" + range);
    return cli::printRun(cfg, *l, steps);
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
        if (command == "critical") {  // cli/critical_command.h
            if (wantsHelp(args)) return std::fputs(cli::criticalUsage(landscapeHelp()).c_str(), stdout), 0;
            const Options o = parseOptions("critical", args, {"landscape", "formula", "param", "domain"});
            require("critical", o, {landscapeSource("critical", o)});
            const std::string error = cli::printCritical(*landscapeFrom(o), o.has("domain") ? o.get("domain") : "");
            if (!error.empty()) fail(error);
            return 0;
        }
        if (command == "dataset") {  // cli/train_command.h
            if (wantsHelp(args)) return std::fputs(datasetUsage().c_str(), stdout), 0;
            return cmdDataset(args);
        }
        if (command == "train") {
            if (wantsHelp(args)) return std::fputs(trainUsage().c_str(), stdout), 0;
            return cmdTrain(args);
        }
        if (command == "hessian") {  // cli/net_views_command.h
            if (wantsHelp(args)) return std::fputs(hessianUsage().c_str(), stdout), 0;
            return cmdHessian(args);
        }
        if (command == "slice") {
            if (wantsHelp(args)) return std::fputs(sliceUsage().c_str(), stdout), 0;
            return cmdSlice(args);
        }
        if (command == "connect") {
            if (wantsHelp(args)) return std::fputs(connectUsage().c_str(), stdout), 0;
            return cmdConnect(args);
        }
        if (command == "spurious") {  // cli/theory_command.h
            if (wantsHelp(args)) return std::fputs(spuriousUsage().c_str(), stdout), 0;
            return cmdSpurious(args);
        }
        if (command == "gradnorm") {
            if (wantsHelp(args)) return std::fputs(gradnormUsage().c_str(), stdout), 0;
            return cmdGradnorm(args);
        }
        if (command == "linear-critical") {
            if (wantsHelp(args)) return std::fputs(linearCriticalUsage().c_str(), stdout), 0;
            return cmdLinearCritical(args);
        }
        if (command == "plateau") {
            if (wantsHelp(args)) return std::fputs(plateauUsage().c_str(), stdout), 0;
            return cmdPlateau(args);
        }
        fail("unknown command '" + command + "'; commands: list, eval, run, critical, dataset, train, hessian, slice, connect, spurious, gradnorm, linear-critical, plateau (see optiscape --help)");
    } catch (const UsageError& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "optiscape: %s\n", e.message.c_str());
        return 2;
    }
}
