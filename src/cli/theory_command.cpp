// `optiscape spurious`, `gradnorm`, `linear-critical` and `plateau` (cli/theory_command.h): options, help
// texts and the JSON output; the mathematics is in core/theory/.
#include "cli/theory_command.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/options.h"
#include "core/json.h"
#include "core/params.h"
#include "core/theory/deep_linear.h"
#include "core/theory/linear_critical.h"
#include "core/theory/plateau.h"
#include "core/theory/relu_teacher.h"

namespace optiscape::cli {
namespace {

using namespace optiscape::theory;

constexpr long kMaxUnits = 40;
constexpr long kMaxRuns = 100000;
constexpr long kMaxSeed = 999999999;
constexpr double kMaxGradnormWork = 4e9;  // width² · depth · samples

/// A finite number in [lo, hi] (lo excluded when `open`), or a failure saying the range.
double numberIn(const std::string& flag, const std::string& text, double lo, double hi, bool open) {
    const double v = number("--" + flag, text);
    if ((open ? !(v > lo) : !(v >= lo)) || !(v <= hi))
        fail("--" + flag + " " + text + " is out of range; give a number " + (open ? "> " : ">= ") +
             formatNumber(lo, 6) + " and <= " + formatNumber(hi, 6));
    return v;
}

}  // namespace

std::string spuriousUsage() {
    const SpuriousSettings s;
    return "usage: optiscape spurious --k K --n N [--runs R] [--seed S]\n"
           "\n"
           "Safran & Shamir (2018), Table 1 of Yarotsky's lecture: a student of N ReLU units learns a\n"
           "teacher of K orthonormal ReLU units,\n"
           "  F(w) = E_{x~N(0,I_K)} (sum_i (w_i.x)_+ - sum_j (v_j.x)_+)^2,   v_j = e_j,  w_i in R^K,\n"
           "with E[(u.x)_+(w.x)_+] = |u||w|(sin t + (pi - t) cos t)/(2 pi) (t the angle of u and w) and its\n"
           "exact gradient and Hessian. Note: no factor 1/2 in F (Safran-Shamir's table has one, so\n"
           "their objective values and eigenvalues are half of ours).\n"
           "Each of R runs (default 200; 1 to " + std::to_string(kMaxRuns) + ") starts from Xavier weights w_ij ~ N(0, 1/K),\n"
           "run r drawn from SplitMix64 stream r of --seed (default 1; 0 to " + std::to_string(kMaxSeed) + "), and is\n"
           "optimised by gradient descent with Armijo backtracking (F decreases by >= eta|grad|^2/2; eta\n"
           "grows x1.25 after each step, at most " + formatNumber(s.maxStep, 6) + "), switching to Newton steps while |grad F| < " +
           formatNumber(s.newtonSwitch, 6) + "\n"
           "and the Hessian is positive definite (Cholesky), accepted only if they lower F and |grad F|.\n"
           "Converged: |grad F| < " + formatNumber(s.gradTol, 6) + "; caps: " + std::to_string(s.maxGdSteps) +
           " gradient steps, " + std::to_string(s.maxNewtonSteps) + " Newton steps.\n"
           "Each end point is a global minimum if F < " + formatNumber(s.globalTol, 6) + ", a spurious local minimum if it\n"
           "converged, F >= " + formatNumber(s.globalTol, 6) + " and the Hessian's smallest eigenvalue > " +
           formatNumber(s.eigTol, 6) + "\n"
           "and every |w_i| >= " + formatNumber(s.deadTol, 6) + " (F is not differentiable at w_i = 0), else not converged.\n"
           "K and N: 1 to " + std::to_string(kMaxUnits) + ". Prints one JSON object:\n"
           "  {\"k\": K, \"n\": N, \"runs\": R, \"local_minima\": count, \"fraction\": count/R,\n"
           "   \"mean_min_eigenvalue\": ..., \"mean_objective\": ..., \"not_converged\": count}\n"
           "(the means over the spurious minima; null when there are none). 17 significant digits.\n"
           "e.g. optiscape spurious --k 10 --n 10 --runs 200 --seed 1   (the lecture: 34.6 %)\n";
}

int cmdSpurious(const std::vector<std::string>& args) {
    const Options o = parseOptions("spurious", args, {"k", "n", "runs", "seed"});
    require("spurious", o, {"k", "n"});
    const int k = int(wholeNumber("k", o.get("k"), 1, kMaxUnits));
    const int n = int(wholeNumber("n", o.get("n"), 1, kMaxUnits));
    const int runs = o.has("runs") ? int(wholeNumber("runs", o.get("runs"), 1, kMaxRuns)) : 200;
    const long seed = o.has("seed") ? wholeNumber("seed", o.get("seed"), 0, kMaxSeed) : 1;
    const SpuriousSummary s = spuriousExperiment(k, n, runs, static_cast<std::uint64_t>(seed));
    JsonWriter j;
    j.beginObject().key("k").value(k).key("n").value(n).key("runs").value(runs);
    j.key("local_minima").value(s.spurious).key("fraction").value(double(s.spurious) / runs);
    if (s.spurious > 0) j.key("mean_min_eigenvalue").value(s.meanMinEigenvalue).key("mean_objective").value(s.meanObjective);
    else j.key("mean_min_eigenvalue").null().key("mean_objective").null();
    j.key("not_converged").value(s.notConverged).endObject();
    std::printf("%s\n", j.str().c_str());
    return 0;
}

std::string gradnormUsage() {
    return "usage: optiscape gradnorm --width D --depth L --sigma S [--layer K] [--x-norm A] [--y-norm B]\n"
           "                          [--samples M] [--seed S]\n"
           "\n"
           "Theorem 9 of Lucchi's lecture 5 (vanishing and exploding gradients): a deep linear network\n"
           "y^ = W^L ... W^1 x with D x D weights, iid N(0, S^2) entries, loss l = |y - y^|^2 / 2, a fixed\n"
           "input x = A e1 and target y = B e2 (B e1 when D = 1). Prints\n"
           "  {\"mean\": ..., \"stderr\": ..., \"bound\": ..., \"y_term\": ...}\n"
           "mean: the Monte Carlo estimate of E|dl/dW^K|_F^2 over M draws of the weights (default 1000;\n"
           "SplitMix64 from --seed, default 1), stderr its standard error (sample sd / sqrt M);\n"
           "bound = 2 rho/(3 S^2) [S^4 D (D+2)]^L + 2 gamma (S^2 D)^(L-1), rho = A^4, gamma = A^2 B^2,\n"
           "as the lecture states it; y_term = gamma (S^2 D)^(L-1), the exact expectation of the target's\n"
           "part |W^{K+1:L} y x^T W^{1:K-1}|_F^2 (Lemma 10). 17 significant digits.\n"
           "A number that overflows a double is printed as null (a bound that underflows: 0); then the\n"
           "object also holds \"log10_bound\", \"log10_y_term\" and \"overflow\" (true when the weight\n"
           "products overflowed in a sample), and a note goes to stderr.\n"
           "Ranges: D 1 to 256, L 1 to 100000, K 1 to L (default 1), S in (0, 1e6],\n"
           "A in (0, 1e6] (default 1), B in [0, 1e6] (default 1), M 2 to 10000000, D^2 L M <= 4e9.\n";
}

int cmdGradnorm(const std::vector<std::string>& args) {
    const Options o = parseOptions("gradnorm", args, {"width", "depth", "sigma", "layer", "x-norm", "y-norm", "samples", "seed"});
    require("gradnorm", o, {"width", "depth", "sigma"});
    GradNormSetup s;
    s.width = int(wholeNumber("width", o.get("width"), 1, 256));
    s.depth = int(wholeNumber("depth", o.get("depth"), 1, 100000));
    s.sigma = numberIn("sigma", o.get("sigma"), 0, 1e6, true);
    if (o.has("layer")) s.layer = int(wholeNumber("layer", o.get("layer"), 1, s.depth));
    if (o.has("x-norm")) s.xNorm = numberIn("x-norm", o.get("x-norm"), 0, 1e6, true);
    if (o.has("y-norm")) s.yNorm = numberIn("y-norm", o.get("y-norm"), 0, 1e6, false);
    if (o.has("samples")) s.samples = wholeNumber("samples", o.get("samples"), 2, 10000000);
    if (o.has("seed")) s.seed = static_cast<std::uint64_t>(wholeNumber("seed", o.get("seed"), 0, kMaxSeed));
    if (double(s.width) * s.width * s.depth * double(s.samples) > kMaxGradnormWork)
        fail("width^2 * depth * samples = " + formatNumber(double(s.width) * s.width * s.depth * double(s.samples), 6) +
             " is too much work; give values with width^2 * depth * samples <= 4e9");
    const GradNormResult r = gradNormExperiment(s);
    // A bound that over- or underflows a double (0 while its logarithm is finite) is flagged too.
    const auto representable = [](double v, double log10v) { return std::isfinite(v) && (v != 0 || !std::isfinite(log10v)); };
    const bool boundOk = representable(r.bound, r.log10Bound) && representable(r.yTerm, r.log10YTerm);
    const bool finite = std::isfinite(r.mean) && std::isfinite(r.stderr_) && boundOk && !r.overflow;
    JsonWriter j;  // non-finite numbers are written as null
    j.beginObject().key("mean").value(r.mean).key("stderr").value(r.stderr_);
    j.key("bound").value(r.bound).key("y_term").value(r.yTerm);
    if (!finite) {
        j.key("log10_bound").value(r.log10Bound).key("log10_y_term").value(r.log10YTerm);
        j.key("overflow").value(r.overflow);
    }
    j.endObject();
    std::printf("%s\n", j.str().c_str());
    if (!finite) {
        std::fflush(stdout);
        std::string what;
        if (r.overflow || !std::isfinite(r.stderr_))
            what += "the weight products overflowed a double, so mean and stderr are not finite (null in the JSON)";
        if (!boundOk)
            what += std::string(what.empty() ? "" : "; ") +
                    "the bound or y_term overflows (null in the JSON) or underflows (0) a double";
        std::fprintf(stderr, "optiscape: note: %s; log10 bound = %.17g, log10 y_term = %.17g\n",
                     what.c_str(), r.log10Bound, r.log10YTerm);
    }
    return 0;
}

std::string linearCriticalUsage() {
    return "usage: optiscape linear-critical (--data FILE.csv | --dataset SPEC) --hidden P\n"
           "\n"
           "Baldi & Hornik (1989), Theorems 6-7 of Lucchi's lecture 5: a two-layer linear network W = AB\n"
           "(A: d x p, B: p x d, p = P < d) fitting y_i in R^d from x_i in R^d with the loss\n"
           "  L(A, B) = (1/2N) sum_i |y_i - A B x_i|^2,\n"
           "covariances Sxx = (1/N) sum x x^T, Syx = (1/N) sum y x^T, Syy (not centred), and\n"
           "Sigma = Syx Sxx^-1 Sxy with eigenvalues l_0 > l_1 > ... > l_{d-1} (indices 0-based, sorted\n"
           "descending). For every subset I of P eigenvectors (lexicographic order) the critical point\n"
           "A = U_I, B = U_I^T Syx Sxx^-1 (W = P_U Syx Sxx^-1; the lecture's eq. (5) prints Sxy Sxx^-1,\n"
           "but the map from x to y is Syx Sxx^-1) is printed, one per line:\n"
           "  [{\"subset\": [i, ...], \"loss\": L, \"type\": \"minimum|saddle\", \"negative_eigenvalues\": m}, ...]\n"
           "loss from the samples (it equals (tr Syy - sum_{i in I} l_i) / 2); m counts the eigenvalues of\n"
           "the exact Hessian of L in (A, B) below -1e-9 max|eigenvalue| (P^2 zero eigenvalues come from\n"
           "the symmetry A -> AC, B -> C^-1 B); type is minimum when m = 0 (only I = {0..P-1}).\n"
           "  --data FILE.csv  a header row and 2d numeric columns: the first d are x, the last d are y\n"
           "                   (e.g. x1,x2,x3,y1,y2,y3), d from 2 to 12\n"
           "  --dataset SPEC   linear[:d=D,n=N,seed=S,noise=SIGMA] (defaults d=4, n=200, seed=1,\n"
           "                   noise=0.1): M with N(0,1) entries, x ~ N(0, I_d), y = M x + SIGMA eps\n"
           "Exit status 2 when Sxx is singular or Sigma's eigenvalues are not distinct (gap below\n"
           "1e-8 max|l|). Numbers with 17 significant digits.\n";
}

int cmdLinearCritical(const std::vector<std::string>& args) {
    const Options o = parseOptions("linear-critical", args, {"data", "dataset", "hidden"});
    if (o.has("data") == o.has("dataset"))
        fail(std::string(o.has("data") ? "--data and --dataset given together" : "missing --data or --dataset") +
             "; 'linear-critical' needs one of them (see optiscape linear-critical --help)");
    require("linear-critical", o, {"hidden"});
    std::string error;
    std::optional<LinearData> data;
    if (o.has("data")) {
        std::ifstream in(o.get("data"), std::ios::binary);
        if (!in) fail("--data " + o.get("data") + ": cannot read the file; give a readable CSV file");
        std::stringstream ss;
        ss << in.rdbuf();
        data = linearDataFromCsv(ss.str(), &error);
        if (!data) fail("--data " + o.get("data") + ": " + error);
    } else {
        data = linearDataset(o.get("dataset"), &error);
        if (!data) fail("--dataset: " + error);
    }
    const long d = data->X.rows();
    const int p = int(wholeNumber("hidden", o.get("hidden"), 1, d - 1));
    const auto r = linearCriticalPoints(*data, p, &error);
    if (!r) fail(error);
    std::string out = "[";
    for (size_t i = 0; i < r->points.size(); ++i) {
        const LinearCriticalPoint& c = r->points[i];
        JsonWriter j;
        j.beginObject().key("subset").beginArray();
        for (int s : c.subset) j.value(s);
        j.endArray().key("loss").value(c.loss).key("type").value(c.minimum() ? "minimum" : "saddle");
        j.key("negative_eigenvalues").value(c.negativeEigenvalues).endObject();
        out += (i ? ",\n " : "") + j.str();
    }
    std::printf("%s]\n", out.c_str());
    return 0;
}

std::string plateauUsage() {
    const PlateauSettings s;
    return "usage: optiscape plateau [--scales S1,S2,...] [--lr ETA] [--momentum MU] [--radius R]\n"
           "                         [--threshold G] [--every T] [--steps N] [--drop D] [--inputs D]\n"
           "                         [--hidden H] [--samples N] [--gain A] [--seed S]\n"
           "\n"
           "The tanh plateau (Lecture 3: plateaus, non-minima regions with near-zero gradients). A student\n"
           "y^ = v.tanh(W x + b) + c with D inputs (default " + std::to_string(s.inputs) + ") and H tanh units (default " +
           std::to_string(s.hidden) + ") is fitted\n"
           "by the mean squared error (torch's MSELoss) to the teacher y = tanh(A x_1) - mean (A default " +
           formatNumber(s.gain, 6) + ") on N\n"
           "samples x ~ N(0, I_D) (default " + std::to_string(s.samples) + "; drawn from --seed, default 1). theta = 0 is a saddle:\n"
           "L0 = mean(y^2), grad L = 0, Hessian eigenvalues +-2|c| with c = mean(y x). Each run starts at\n"
           "theta0 = s * theta_LeCun (one LeCun N(0, 1/fan_in) draw of the weights from the seed, biases 0)\n"
           "for every scale s in --scales (default 1e-4, 10^-3.5, ..., 1: nine half decades; each in\n"
           "(0, 10], at most 40) and takes N steps (--steps, default " + std::to_string(s.maxSteps) + ") of full-batch\n"
           "  gd            theta <- theta - ETA g                    (--lr, default " + formatNumber(s.lr, 6) + ")\n"
           "  momentum      b <- MU b + g, theta <- theta - ETA b      (torch SGD, --momentum, default " +
           formatNumber(s.momentum, 6) + ")\n"
           "  perturbed-gd  gd plus a jump uniform in the ball of radius R (default " + formatNumber(s.radius, 6) + ") when\n"
           "                |g| <= G (default " + formatNumber(s.threshold, 6) + ") and no jump in the last T steps (default " +
           formatNumber(s.every, 6) + ")\n"
           "The plateau's length: the first step t with L(theta_t) < (1 - D) L0 (--drop, default " +
           formatNumber(s.drop, 6) + "); -1 if\n"
           "no step reached it. Prints one JSON object:\n"
           "  {\"zero_loss\": L0, \"escape_rate\": 2|c|, \"steps_per_decade\": {\"gd\": ..., \"momentum\": ...,\n"
           "   \"perturbed-gd\": ...}, \"runs\": [{\"scale\": s, \"optimizer\": \"gd\", \"length\": t,\n"
           "   \"start_grad\": |grad L(theta0)|, \"final_loss\": ..., \"jumps\": ...}, ...]}\n"
           "steps_per_decade: the linearised prediction ln 10 / ln(growth), growth = 1 + ETA 2|c| (gd) or\n"
           "the larger root of z^2 - (1 + MU + ETA 2|c|) z + MU (momentum). 17 significant digits.\n"
           "e.g. optiscape plateau --scales 1e-4,1e-3,1e-2 --lr 0.05\n";
}

int cmdPlateau(const std::vector<std::string>& args) {
    const Options o = parseOptions("plateau", args, {"scales", "lr", "momentum", "radius", "threshold", "every", "steps", "drop",
                                                     "inputs", "hidden", "samples", "gain", "seed"});
    PlateauSettings s;
    if (o.has("scales")) {
        s.scales.clear();
        std::string item;
        std::stringstream in(o.get("scales"));
        while (std::getline(in, item, ',')) s.scales.push_back(numberIn("scales", item, 0, 10, true));
        if (s.scales.empty() || s.scales.size() > 40) fail("--scales " + o.get("scales") + ": give 1 to 40 numbers, comma-separated");
    }
    if (o.has("lr")) s.lr = numberIn("lr", o.get("lr"), 0, 10, true);
    if (o.has("momentum")) s.momentum = numberIn("momentum", o.get("momentum"), 0, 0.999, false);
    if (o.has("radius")) s.radius = numberIn("radius", o.get("radius"), 0, 10, false);
    if (o.has("threshold")) s.threshold = numberIn("threshold", o.get("threshold"), 0, 1e6, false);
    if (o.has("every")) s.every = double(wholeNumber("every", o.get("every"), 1, 1000000));
    if (o.has("steps")) s.maxSteps = int(wholeNumber("steps", o.get("steps"), 10, 1000000));
    if (o.has("drop")) s.drop = numberIn("drop", o.get("drop"), 0, 0.999999, true);
    if (o.has("inputs")) s.inputs = int(wholeNumber("inputs", o.get("inputs"), 1, 16));
    if (o.has("hidden")) s.hidden = int(wholeNumber("hidden", o.get("hidden"), 1, 64));
    if (o.has("samples")) s.samples = int(wholeNumber("samples", o.get("samples"), 10, 5000));
    if (o.has("gain")) s.gain = numberIn("gain", o.get("gain"), 0, 10, true);
    if (o.has("seed")) s.seed = static_cast<std::uint64_t>(wholeNumber("seed", o.get("seed"), 0, kMaxSeed));
    if (const std::string why = checkPlateau(s); !why.empty()) fail(why);
    const PlateauProblem p = plateauProblem(s);
    const double lambda = plateauEscapeRate(p);
    JsonWriter j;
    j.beginObject().key("zero_loss").value(p.zeroLoss).key("escape_rate").value(lambda);
    j.key("steps_per_decade").beginObject();
    for (int k = 0; k < kPlateauOptimizers; ++k) {
        const auto opt = static_cast<PlateauOptimizer>(k);
        j.key(plateauOptimizerName(opt)).value(std::log(10.0) / std::log(plateauGrowth(s, lambda, opt)));
    }
    j.endObject().key("runs").beginArray();
    for (size_t i = 0; i < s.scales.size(); ++i)
        for (int k = 0; k < kPlateauOptimizers; ++k) {
            const PlateauRun r = plateauRun(s, static_cast<int>(i), static_cast<PlateauOptimizer>(k));
            j.beginObject().key("scale").value(r.scale).key("optimizer").value(plateauOptimizerName(r.optimizer));
            j.key("length").value(r.length).key("start_grad").value(r.startGrad).key("final_loss").value(r.finalLoss);
            j.key("jumps").value(r.jumps).endObject();
        }
    j.endArray().endObject();
    std::printf("%s\n", j.str().c_str());
    return 0;
}

}  // namespace optiscape::cli
