// The network problem of a command's options (cli/net_setup.h).
#include "cli/net_setup.h"

#include <fstream>
#include <sstream>

#include "core/params.h"

namespace optiscape::cli {

using namespace optiscape::nets;

std::string readFile(const std::string& flag, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("--" + flag + " " + path + ": cannot read the file; give the path of a readable file");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const std::string& flag, const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    if (!out || !(out << text)) fail("--" + flag + " " + path + ": cannot write the file");
}

NetSetup problemFrom(const Options& o) {
    if (o.has("dataset") == o.has("data"))
        fail(o.has("data") ? "--dataset and --data given together; give one of them"
                           : "missing --dataset or --data; a network needs one of them (see optiscape train --help)");
    if (!o.has("arch")) fail("missing --arch; give the widths from inputs to outputs, e.g. --arch 2-8-8-1");
    NetSetup s;
    NetSpec& spec = s.spec;
    std::string error;
    if (o.has("data")) {
        const std::string text = readFile("data", o.get("data"));
        auto d = parseDatasetCsv(text, &error);
        if (!d)
            fail("--data " + o.get("data") + ": " + error +
                 "; the file needs a header row of names and on every row one number per column, the last "
                 "column the target (a class index or a value)");
        s.user = std::move(*d);
        spec.userData = true;
    } else {
        const auto ds = parseDatasetSpec(o.get("dataset"), &error);
        if (!ds) fail("--dataset: " + error);
        spec.data = *ds;
    }
    const auto widths = parseArchitecture(o.get("arch"), &error);
    if (!widths) fail("--arch: " + error);
    spec.arch = *widths;
    if (o.has("activation")) {
        const auto a = parseActivation(o.get("activation"));
        if (!a) fail("unknown activation '" + o.get("activation") + "'; activations: tanh, relu, leaky-relu, sigmoid, softplus, linear");
        spec.activation = *a;
    }
    if (o.has("loss")) {
        const auto l = parseLoss(o.get("loss"));
        if (!l) fail("unknown loss '" + o.get("loss") + "'; losses: mse, bce, ce");
        spec.loss = *l;
    }
    if (o.has("features") && !parseFeatures(o.get("features"), spec, &error)) fail("--features: " + error);
    if (o.has("test-fraction")) {
        spec.testFraction = number("--test-fraction", o.get("test-fraction"));
        if (!(spec.testFraction >= 0 && spec.testFraction <= 0.9))
            fail("--test-fraction " + o.get("test-fraction") + " is out of range; give a number in [0, 0.9]");
    }
    if (o.has("early-stop")) spec.patience = static_cast<int>(wholeNumber("early-stop", o.get("early-stop"), 1, kMaxTrainSteps));

    auto prepared = prepare(spec, spec.userData ? &s.user : nullptr, &error);
    if (!prepared) fail(error);
    s.p = std::move(*prepared);
    Prepared& p = s.p;
    if (p.model.widths != *widths) {
        Model given = p.model;
        given.widths = *widths;
        fail("--arch " + o.get("arch") + ": " + checkModel(given, p.inputs.inputs, p.inputs.classes));
    }

    return s;
}

VecX weightsFrom(const Options& o, const std::string& flag, const Model& m) {
    std::string error;
    const auto t = parseWeightsJson(readFile(flag, o.get(flag)), &m, nullptr, &error);
    if (!t)
        fail("--" + flag + " " + o.get(flag) + ": " + error + "; give {\"arch\": " +
             "[...], \"activation\": ..., \"layers\": [{\"W\": (out, in), \"b\": [...]}, ...]} for " +
             architectureText(m.widths) + " (as --weights-out writes it)");
    return *t;
}

const std::vector<std::string>& problemOptions() {
    static const std::vector<std::string> names = {"dataset", "data", "arch", "activation", "loss", "features",
                                                    "test-fraction", "early-stop"};
    return names;
}


}  // namespace optiscape::cli
