// `optiscape dataset` and `optiscape train`: data sets as CSV, and a network trained with any
// optimizer, schedule, minibatch size and seed of `run`, printed one CSV row per step.
#include "cli/train_command.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/options.h"
#include "cli/net_setup.h"
#include "cli/run_command.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"
#include "core/params.h"

namespace optiscape::cli {
namespace {

using namespace optiscape::nets;

std::string datasetList() {
    std::string out;
    for (const DatasetInfo& d : datasets()) {
        out += "  " + d.name + "  " + d.title + ": " + d.help + "\n";
        out += "      n (default " + std::to_string(d.defaultN) + "), noise (input noise σ, default " +
               formatNumber(d.defaultNoise, 6) + "), seed (default 1)";
        for (const ParamSpec& p : d.params)
            out += ", " + p.name + " (default " + formatNumber(p.def, 6) + ", " + (p.isInteger ? "whole, " : "") +
                   "[" + formatNumber(p.min, 6) + ", " + formatNumber(p.max, 6) + "]" +
                   (p.help.empty() ? "" : ": " + p.help) + ")";
        out += "\n";
    }
    return out;
}


}  // namespace

std::string datasetUsage() {
    return "usage: optiscape dataset NAME [--n N] [--noise S] [--seed S] [KEY=VALUE...]\n"
           "\n"
           "Prints a generated data set as CSV with the header x1,x2,...,y (y: the class index 0..C-1,\n"
           "or the target value of a regression set). The same name, keys and seed give the same bytes\n"
           "on every platform (natively and in the browser).\n"
           "\n"
           "data sets and their keys:\n" +
           datasetList() +
           "  e.g. optiscape dataset spiral --n 400 --noise 0.1 --seed 3 arms=3\n";
}

int cmdDataset(const std::vector<std::string>& args) {
    if (args.empty() || args[0].compare(0, 2, "--") == 0) {
        std::string names;
        for (const DatasetInfo& d : datasets()) names += (names.empty() ? "" : ", ") + d.name;
        fail("missing the data set's name; 'dataset' needs NAME first, one of: " + names);
    }
    std::string spec = args[0];
    std::vector<std::string> keys, rest;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.compare(0, 2, "--") != 0 && a.find('=') != std::string::npos)
            keys.push_back(a);  // KEY=VALUE (an option's value never holds '=')
        else
            rest.push_back(a);
    }
    const Options o = parseOptions("dataset", rest, {"n", "noise", "seed"});
    for (const char* k : {"n", "noise", "seed"})
        if (o.has(k)) keys.insert(keys.begin(), std::string(k) + "=" + o.get(k));
    for (size_t i = 0; i < keys.size(); ++i) spec += (i ? "," : ":") + keys[i];
    std::string error;
    const auto parsed = parseDatasetSpec(spec, &error);
    if (!parsed) fail(error);
    const auto d = generateDataset(*parsed, &error);
    if (!d) fail(error);
    std::fputs(datasetCsv(*d).c_str(), stdout);
    return 0;
}

std::string trainUsage() {
    return "usage: optiscape train --dataset NAME[:KEY=VALUE,...] | --data FILE.csv\n"
           "                       --arch 2-8-8-1 [--activation NAME] [--loss mse|bce|ce]\n"
           "                       [--init NAME | --weights-in FILE.json] [--init-seed S] [--features LIST]\n"
           "                       [--optimizer NAME] [SETTINGS] [--schedule SPEC] [--batch B] [--noise S]\n"
           "                       [--seed S] [--test-fraction F] [--early-stop P] --steps N\n"
           "                       [--weights-out FILE.json]\n"
           "\n"
           "Trains a fully connected network (nn.Sequential of nn.Linear and the activation after every\n"
           "hidden layer, float64) and prints the CSV step,loss,grad_norm,lr,train_acc,test_loss,test_acc\n"
           "for steps 0 (the initial weights) to N. loss and grad_norm are the full training set's at the\n"
           "weights of that row; lr is the rate the next step uses; accuracies are empty for regression,\n"
           "test columns empty without a test set. --batch absent (or 0) means full batch; each epoch\n"
           "shuffles the training samples and takes batches of B without replacement.\n"
           "\n"
           "  --arch        widths from inputs to outputs joined by '-'; the first must be the number of\n"
           "                inputs (after --features), the last 1 for bce and mse, C for ce\n"
           "  --activation  tanh (default), relu, leaky-relu (slope 0.01), sigmoid, softplus (torch's\n"
           "                threshold 20), linear (a deep linear network)\n"
           "  --loss        mse (MSELoss), bce (BCEWithLogitsLoss: the sigmoid is inside the loss), ce\n"
           "                (CrossEntropyLoss over the softmax of the outputs); mean reduction, as torch.\n"
           "                Default: bce for two classes, ce for more, mse for regression\n"
           "  --init        xavier (default; Glorot normal, std sqrt(2/(fan_in+fan_out))), xavier-uniform,\n"
           "                lecun (std 1/sqrt(fan_in)), he (std sqrt(2/fan_in)), normal:sigma=S, zeros;\n"
           "                biases zero. Drawn from --init-seed (default: --seed)\n"
           "  --weights-in  initial weights {\"arch\": [...], \"activation\": ..., \"layers\": [{\"W\": (out, in),\n"
           "                \"b\": [...]}, ...]} (torch.nn.Linear's weight and bias); --weights-out writes the\n"
           "                final weights (with early stopping: those of the lowest test loss) in that form\n"
           "  --features    inputs computed from x1, x2: a list of x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2);\n"
           "                or poly:D (x, x^2, ..., x^D) for a one-input set\n"
           "  --test-fraction F  hold out F in [0, 0.9] of the samples (a shuffle seeded by the data's seed)\n"
           "  --early-stop P     stop P steps after the lowest test loss (needs a test set); the run\n"
           "                     ends with 'early stop at step k: ...' on stderr and exit status 0\n"
           "  --optimizer   gd (default) or any optimizer of 'run' with its settings; weight decay is\n"
           "                torch's: coupled (in the gradient) for the SGD family and Adam, decoupled\n"
           "                for adamw\n"
           "\n"
           "A run that diverges prints the rows before that step, 'diverged at step k' on stderr, and\n"
           "exits with status 3. Bad input: status 2 and one line saying what is allowed.\n"
           "\n"
           "data sets (--dataset NAME:KEY=VALUE,...; see 'optiscape dataset --help'):\n" +
           datasetList() + "\n" + runSettingsHelp();
}

int cmdTrain(const std::vector<std::string>& args) {
    std::vector<std::string> normalised = args;
    const std::string flagError = normaliseFlags(normalised);
    if (!flagError.empty()) fail(flagError);
    std::vector<std::string> known = problemOptions();
    for (const char* k : {"init", "init-seed", "weights-in", "weights-out", "project", "sharpness-every"}) known.push_back(k);
    for (const std::string& n : runOptionNames())
        if (n != "landscape" && n != "param" && n != "start") known.push_back(n);
    const Options o = parseOptions("train", normalised, known);
    require("train", o, {"steps"});
    std::string error;
    NetSetup setup = problemFrom(o);
    NetSpec& spec = setup.spec;
    Prepared& p = setup.p;
    if (o.has("init") && o.has("weights-in")) fail("--init and --weights-in given together; give one of them");
    if (o.has("init")) {
        const auto i = parseInit(o.get("init"), &error);
        if (!i) fail("--init: " + error);
        spec.init = *i;
    }
    const long steps = wholeNumber("steps", o.get("steps"), 0, kMaxTrainSteps);
    if (o.has("sharpness-every")) (void)wholeNumber("sharpness-every", o.get("sharpness-every"), 1, kMaxTrainSteps);
    if (o.has("project") && o.get("project") != "pca") fail("--project " + o.get("project") + " is unknown; the projection is pca");

    std::map<std::string, std::string> runOptions = o.single;
    if (!runOptions.count("optimizer")) runOptions["optimizer"] = "gd";
    RunConfig cfg;
    error = configFromOptions(runOptions, p.problem.train.n,
                              "the training set has " + std::to_string(p.problem.train.n) + " samples", cfg);
    if (!error.empty()) fail(error);
    if (cfg.batch >= p.problem.train.n) cfg.batch = 0;  // a batch of every sample is the full batch

    VecX theta0;
    if (o.has("weights-in")) {
        theta0 = weightsFrom(o, "weights-in", p.model);
    } else {
        std::uint64_t initSeed = cfg.seed;
        if (o.has("init-seed")) initSeed = static_cast<std::uint64_t>(wholeNumber("init-seed", o.get("init-seed"), 0, 999999999));
        theta0 = initialParameters(p.model, spec.init, initSeed);
    }

    NetRun run(cfg);
    run.reset(p.problem, theta0);
    const bool pca = o.has("project");
    const long sharpEvery = o.has("sharpness-every") ? wholeNumber("sharpness-every", o.get("sharpness-every"), 1, kMaxTrainSteps) : 0;
    std::printf("step,loss,grad_norm,lr,train_acc,test_loss,test_acc%s%s\n", sharpEvery ? ",sharpness" : "",
                pca ? ",pc1,pc2" : "");
    std::vector<std::string> rows;  // with --project the rows wait for the final weights
    std::vector<VecX> thetas;
    const auto row = [&](long k, const TrainPoint& t) {
        std::string line = std::to_string(k) + "," + cell(t.loss) + "," + cell(t.gradNorm) + "," + cell(t.lr) + "," +
                           cell(t.trainAcc) + "," + cell(t.testLoss) + "," + cell(t.testAcc);
        if (sharpEvery)
            line += "," + (k % sharpEvery == 0 ? cell(sharpness(p.model, run.theta(), p.problem.train))
                                               : std::string());
        if (pca) {
            rows.push_back(line);
            thetas.push_back(run.theta());
        } else {
            std::printf("%s\n", line.c_str());
        }
    };
    if (run.steps() == 0 && !run.stopped()) row(0, run.current());
    for (long k = 1; k <= steps && run.step(p.problem); ++k) row(k, run.current());
    if (pca && !thetas.empty()) {
        // each row's θ − θ_final on the trajectory's two principal directions (Li et al. 2018, §7)
        const Principal pc = principalDirections(thetas);
        for (size_t i = 0; i < rows.size(); ++i)
            std::printf("%s,%s,%s\n", rows[i].c_str(), cell(pc.c1[i]).c_str(), cell(pc.c2[i]).c_str());
        std::fflush(stdout);
        std::fprintf(stderr, "explained %.17g %.17g\n", pc.explained1, pc.explained2);
    }
    std::fflush(stdout);
    if (run.stopped() && run.stopReason() != TrainStop::EarlyStopped) {
        std::fprintf(stderr, "%s — %s\n", run.stopMessage().c_str(), run.hint().c_str());
        return 3;
    }
    if (run.stopped()) std::fprintf(stderr, "%s — %s\n", run.stopMessage().c_str(), run.hint().c_str());
    if (o.has("weights-out")) {
        const VecX& out = spec.patience > 0 && run.bestStep() >= 0 ? run.bestTheta() : run.theta();
        writeFile("weights-out", o.get("weights-out"), weightsJson(p.model, out) + "\n");
    }
    return 0;
}

}  // namespace optiscape::cli
