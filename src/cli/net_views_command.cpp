// `optiscape hessian` (the extreme eigenvalues of a network's loss Hessian, by Lanczos on exact
// Hessian-vector products) and `optiscape slice` (the loss on a plane through a weight vector along
// two directions, or along the straight line to a second weight vector).
#include "cli/net_views_command.h"

#include <cmath>
#include <cstdio>

#include "cli/net_setup.h"
#include "core/json.h"
#include "core/nets/analysis.h"
#include "core/params.h"

namespace optiscape::cli {
namespace {

using namespace optiscape::nets;

/// "A,B" or "A,B,C,D" of finite numbers.
std::vector<double> numbers(const std::string& flag, const std::string& text, size_t count, const std::string& example) {
    std::vector<double> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = std::min(text.find(',', pos), text.size());
        const auto v = parseNumber(text.substr(pos, comma - pos));
        if (!v) break;
        out.push_back(*v);
        pos = comma + 1;
    }
    if (out.size() != count)
        fail("--" + flag + " '" + text + "' is not " + std::to_string(count) + " numbers; write e.g. --" + flag + " " + example);
    return out;
}

const char* kProblemHelp =
    "  --dataset NAME[:KEY=VALUE,...] | --data FILE.csv, --arch, --activation, --loss, --features and\n"
    "  --test-fraction as for 'train' (the loss is the training samples' mean, torch's reduction);\n"
    "  --weights-in W.json the weights (the format 'train --weights-out' writes).\n";

}  // namespace

std::string hessianUsage() {
    return std::string(
               "usage: optiscape hessian (--dataset SPEC | --data FILE.csv) --arch A [--activation F] [--loss L]\n"
               "                         --weights-in W.json [--top K]\n"
               "\n"
               "Prints {\"eigenvalues\": [λ1, ..., λK], \"min\": λmin, \"condition\": λ1/λmin} for the Hessian of the\n"
               "full training loss at the weights: Lanczos iteration with full reorthogonalisation on exact\n"
               "Hessian-vector products (backpropagation on dual numbers), run until the top K and the smallest\n"
               "Ritz values are stable to 1e-12 relative (at most one iteration per parameter, then exact).\n"
               "condition is null unless λmin > 0 (an indefinite or singular Hessian). K defaults to 1.\n\n") +
           kProblemHelp;
}

std::string sliceUsage() {
    return std::string(
               "usage: optiscape slice (--dataset SPEC | --data FILE.csv) --arch A [--activation F] [--loss L]\n"
               "                       --weights-in W.json (--directions D.json | --random SEED)\n"
               "                       [--normalize filter|layer|none] [--range AMIN,AMAX,BMIN,BMAX] [--grid N]\n"
               "                       [--directions-out FILE.json]\n"
               "       optiscape slice ... --weights-in W.json --line W2.json [--range TMIN,TMAX] [--grid N]\n"
               "\n"
               "Prints the CSV a,b,loss of L(θ + a·d1 + b·d2) on an N × N grid (a varying fastest; default\n"
               "N = 51, range -1,1,-1,1). --random SEED draws d1, d2 with standard normal entries; --normalize\n"
               "scales them to θ as Li et al. (2018): filter (default for --random) scales each row of each W —\n"
               "the weights into one neuron — to the norm of that row of θ, layer each W as a whole; both set\n"
               "the bias entries to 0, as Li et al.'s default; none (default for --directions) keeps them.\n"
               "--directions reads {\"directions\": [WEIGHTS, WEIGHTS]}, each in the weights-file format;\n"
               "--directions-out writes the directions actually used, in the same form.\n"
               "With --line W2.json: the CSV t,loss of L((1 - t)·θ + t·θ2) at N evenly spaced t (default range 0,1).\n\n") +
           kProblemHelp;
}

std::string connectUsage() {
    return std::string(
               "usage: optiscape connect (--dataset SPEC | --data FILE.csv) --arch A [--activation F] [--loss L]\n"
               "                         --weights-in A.json --weights-to B.json [--method bezier] [--steps N]\n"
               "                         [--lr R] [--seed S] [--points 101] [--curve-out C.json]\n"
               "\n"
               "Mode connectivity between two minima θA, θB. Prints the CSV t,line_loss,path_loss at --points\n"
               "evenly spaced t in [0, 1]: line_loss is L((1 - t)·θA + t·θB), the straight line (a barrier when\n"
               "it rises between them), path_loss is L(φ(t)) on Garipov et al.'s (2018) quadratic Bézier curve\n"
               "φ(t) = (1 - t)²θA + 2t(1 - t)θC + t²θB, whose bend θC starts at the midpoint and is trained by\n"
               "Adam (lr R, default 0.01) for N steps (default 2000) on L(φ(t)) at a fresh t ~ U[0, 1] each step,\n"
               "drawn from --seed. --method takes bezier only (Draxler's AutoNEB is not implemented);\n"
               "--curve-out writes θC in the weights-file format.\n\n") +
           kProblemHelp + "  --weights-to B.json the second minimum, in the same format.\n";
}

int cmdConnect(const std::vector<std::string>& args) {
    std::vector<std::string> known = problemOptions();
    for (const char* k : {"weights-in", "weights-to", "method", "steps", "lr", "seed", "points", "curve-out"})
        known.push_back(k);
    const Options o = parseOptions("connect", args, known);
    require("connect", o, {"weights-in", "weights-to"});
    if (o.has("method") && o.get("method") != "bezier")
        fail("--method " + o.get("method") + " is not available; the method is bezier (Garipov et al.'s curve)");
    const NetSetup s = problemFrom(o);
    const VecX a = weightsFrom(o, "weights-in", s.p.model), b = weightsFrom(o, "weights-to", s.p.model);
    BezierOptions opt;
    if (o.has("steps")) opt.steps = static_cast<int>(wholeNumber("steps", o.get("steps"), 0, 1000000));
    if (o.has("lr")) {
        opt.lr = number("--lr", o.get("lr"));
        if (!(opt.lr > 0 && opt.lr <= 10)) fail("--lr " + o.get("lr") + " is out of range; give a rate in (0, 10]");
    }
    if (o.has("seed")) opt.seed = static_cast<std::uint64_t>(wholeNumber("seed", o.get("seed"), 0, 999999999));
    const int points = o.has("points") ? static_cast<int>(wholeNumber("points", o.get("points"), 2, 100001)) : 101;
    Backprop bp(s.p.model);
    const Batch& batch = s.p.problem.train;
    const VecX c = bezierBend(bp, batch, a, b, opt);
    if (o.has("curve-out")) writeFile("curve-out", o.get("curve-out"), weightsJson(s.p.model, c) + "\n");
    std::printf("t,line_loss,path_loss\n");
    for (int i = 0; i < points; ++i) {
        const double t = static_cast<double>(i) / (points - 1);
        std::printf("%s,%s,%s\n", cell(t).c_str(), cell(bp.loss((1 - t) * a + t * b, batch)).c_str(),
                    cell(bp.loss(bezierPoint(a, c, b, t), batch)).c_str());
    }
    return 0;
}

int cmdHessian(const std::vector<std::string>& args) {
    std::vector<std::string> known = problemOptions();
    for (const char* k : {"weights-in", "top"}) known.push_back(k);
    const Options o = parseOptions("hessian", args, known);
    require("hessian", o, {"weights-in"});
    const NetSetup s = problemFrom(o);
    const VecX theta = weightsFrom(o, "weights-in", s.p.model);
    const int n = s.p.model.parameterCount();
    const int k = o.has("top") ? static_cast<int>(wholeNumber("top", o.get("top"), 1, n)) : 1;
    const Spectrum sp = hessianSpectrum(s.p.model, theta, s.p.problem.train, k);
    JsonWriter j;
    j.beginObject().key("eigenvalues").beginArray();
    for (double v : sp.top) j.value(v);
    j.endArray().key("min").value(sp.min);
    if (sp.min > 0) j.key("condition").value(sp.top[0] / sp.min);
    else j.key("condition").null();
    j.endObject();
    std::printf("%s\n", j.str().c_str());
    return 0;
}

int cmdSlice(const std::vector<std::string>& args) {
    std::vector<std::string> known = problemOptions();
    for (const char* k : {"weights-in", "directions", "random", "normalize", "range", "grid", "directions-out", "line"})
        known.push_back(k);
    const Options o = parseOptions("slice", args, known);
    require("slice", o, {"weights-in"});
    const NetSetup s = problemFrom(o);
    const Model& m = s.p.model;
    const VecX theta = weightsFrom(o, "weights-in", m);
    const int grid = o.has("grid") ? static_cast<int>(wholeNumber("grid", o.get("grid"), 1, 1001)) : 51;
    Backprop bp(m);
    const Batch& batch = s.p.problem.train;

    if (o.has("line")) {
        for (const char* k : {"directions", "random", "normalize", "directions-out"})
            if (o.has(k)) fail(std::string("--") + k + " does not apply to --line; a line needs only --weights-in and --line");
        const VecX other = weightsFrom(o, "line", m);
        const std::vector<double> r = o.has("range") ? numbers("range", o.get("range"), 2, "-0.5,1.5") : std::vector<double>{0, 1};
        const std::vector<double> loss = lineLoss(bp, batch, theta, other, r[0], r[1], grid);
        std::printf("t,loss\n");
        for (int i = 0; i < grid; ++i) {
            const double t = grid > 1 ? r[0] + (r[1] - r[0]) * i / (grid - 1) : r[0];
            std::printf("%s,%s\n", cell(t).c_str(), cell(loss[static_cast<size_t>(i)]).c_str());
        }
        return 0;
    }
    if (o.has("directions") == o.has("random"))
        fail(o.has("random") ? "--directions and --random given together; give one of them"
                             : "missing --directions or --random; a slice needs two directions (or --line W2.json)");
    Normalize how = o.has("random") ? Normalize::Filter : Normalize::None;
    if (o.has("normalize")) {
        const auto n = parseNormalize(o.get("normalize"));
        if (!n) fail("unknown --normalize '" + o.get("normalize") + "'; give filter, layer or none");
        how = *n;
    }
    VecX d1, d2;
    if (o.has("random")) {
        const auto seed = static_cast<std::uint64_t>(wholeNumber("random", o.get("random"), 0, 999999999));
        d1 = randomDirection(m, seed, 1);
        d2 = randomDirection(m, seed, 2);
    } else {
        std::string why;
        const auto json = parseJson(readFile("directions", o.get("directions")), &why);
        const std::string allowed = "; give {\"directions\": [WEIGHTS, WEIGHTS]}, each in the weights-file format of " +
                                    architectureText(m.widths);
        if (!json) fail("--directions " + o.get("directions") + " is not JSON: " + why + allowed);
        const JsonValue* list = json->find("directions");
        if (!list || list->type != JsonValue::Type::Array || list->array.size() != 2)
            fail("--directions " + o.get("directions") + " has no list of two directions" + allowed);
        for (int i = 0; i < 2; ++i) {
            const auto d = parseWeightsValue(list->array[static_cast<size_t>(i)], &m, nullptr, &why);
            if (!d) fail("--directions " + o.get("directions") + ": direction " + std::to_string(i + 1) + ": " + why + allowed);
            (i == 0 ? d1 : d2) = *d;
        }
    }
    d1 = normalizeDirection(m, d1, theta, how);
    d2 = normalizeDirection(m, d2, theta, how);
    for (int i = 0; i < 2; ++i)
        if ((i == 0 ? d1 : d2).squaredNorm() == 0)
            fail("direction " + std::to_string(i + 1) + " is all zeros" +
                 std::string(how == Normalize::None ? "" : " after " + std::string(normalizeName(how)) + " normalisation") +
                 "; give a direction with non-zero weights (normalisation scales each row to θ's, and a zero row of θ stays zero)");
    if (o.has("directions-out"))
        writeFile("directions-out", o.get("directions-out"),
                  "{\"directions\": [" + weightsJson(m, d1) + ", " + weightsJson(m, d2) + "]}\n");
    const std::vector<double> r = o.has("range") ? numbers("range", o.get("range"), 4, "-1,1,-1,1")
                                                 : std::vector<double>{-1, 1, -1, 1};
    const std::vector<double> loss = sliceGrid(bp, batch, theta, d1, d2, r[0], r[1], r[2], r[3], grid);
    std::printf("a,b,loss\n");
    const auto at = [grid](double lo, double hi, int i) { return grid > 1 ? lo + (hi - lo) * i / (grid - 1) : lo; };
    for (int j = 0; j < grid; ++j)
        for (int i = 0; i < grid; ++i)
            std::printf("%s,%s,%s\n", cell(at(r[0], r[1], i)).c_str(), cell(at(r[2], r[3], j)).c_str(),
                        cell(loss[static_cast<size_t>(j) * grid + i]).c_str());
    return 0;
}

}  // namespace optiscape::cli
