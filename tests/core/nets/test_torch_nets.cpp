// Networks against PyTorch float64 (tests/data/nets, written by tests/reference/make_torch_net_refs.py):
// 500 full-batch steps of nn.Sequential(Linear, activation, …) with torch.optim from the same initial
// weights — every optimizer, activation and loss — to 1e-9 relative in loss; gradients and
// Hessian-vector products and the Hessian's spectrum at torch's weights.
#include <doctest/doctest.h>

#include <algorithm>

#include "../helpers.h"
#include "core/nets/analysis.h"
#include "core/nets/problem.h"
#include "core/schedule.h"

using namespace optiscape;
using namespace optiscape::nets;

namespace {

std::string slurpData(const std::string& name) {
    std::ifstream in(std::string(OPTISCAPE_TEST_DATA) + "/nets/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Dataset data(const std::string& file) {
    std::string err;
    auto d = parseDatasetCsv(slurpData(file), &err);
    REQUIRE_MESSAGE(d, err);
    return *d;
}

Model model(const std::string& arch, const std::string& act, const std::string& loss) {
    std::string err;
    Model m;
    m.widths = *parseArchitecture(arch, &err);
    m.activation = *parseActivation(act);
    m.loss = *parseLoss(loss);
    return m;
}

Batch batchOf(const Dataset& d) { return makeBatch(d.x.data(), d.y.data(), d.inputs, d.classes, nullptr, d.size()); }

VecX weights(const std::string& file, const Model& m) {
    std::string err;
    auto t = parseWeightsJson(slurpData(file), &m, nullptr, &err);
    REQUIRE_MESSAGE(t, err);
    return *t;
}

}  // namespace

TEST_CASE("networks against PyTorch: 500 full-batch steps of every optimizer, activation and loss") {
    const auto rows = testing::readCsv("nets/net_refs.csv");
    REQUIRE(rows.size() >= 19);
    std::vector<std::string> optimizersSeen, activationsSeen, lossesSeen;
    double worst = 0;
    for (size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        REQUIRE(row.size() >= 7);
        const std::string& name = row[0];
        CAPTURE(name);
        const Dataset d = data(row[1]);
        const Model m = model(row[2], row[3], row[4]);
        REQUIRE(checkModel(m, d.inputs, d.classes).empty());
        Problem p;
        p.model = m;
        p.train = batchOf(d);
        RunConfig c;
        c.optimizer = *parseOptimizer(row[5]);
        c.hyper = defaultsFor(c.optimizer);
        std::stringstream hs(row[6]);
        std::string kv;
        while (std::getline(hs, kv, ';')) {
            const size_t eq = kv.find('=');
            const HyperSpec* spec = findHyper(kv.substr(0, eq));
            REQUIRE_MESSAGE(spec, kv);
            c.hyper.*(spec->field) = *parseNumber(kv.substr(eq + 1));
        }
        if (row.size() > 7 && !row[7].empty()) {
            std::string spec = row[7], err;
            std::replace(spec.begin(), spec.end(), ';', ',');
            auto s = parseSchedule(spec, &err);
            REQUIRE_MESSAGE(s, err);
            c.schedule = *s;
        }
        const int steps = row.size() > 8 ? std::stoi(row[8]) : 500;
        NetRun run(c);
        run.reset(p, weights(name + "_init.json", m));
        REQUIRE(run.advance(p, steps) == steps);
        const auto ref = testing::readCsv("nets/" + name + ".csv");
        REQUIRE(ref.size() == static_cast<size_t>(steps) + 2);
        for (int k = 0; k <= steps; ++k) {
            const double loss = std::stod(ref[static_cast<size_t>(k) + 1][1]);
            const double grad = std::stod(ref[static_cast<size_t>(k) + 1][2]);
            const TrainPoint& t = run.trajectory()[static_cast<size_t>(k)];
            const double rel = std::abs(t.loss - loss) / std::abs(loss);
            worst = std::max(worst, rel);
            CAPTURE(k);
            CHECK(rel <= 1e-9);
            CHECK(testing::close(t.gradNorm, grad, 1e-7, 1e-12));
        }
        optimizersSeen.push_back(row[5]);
        activationsSeen.push_back(row[3]);
        lossesSeen.push_back(row[4]);
    }
    MESSAGE("largest relative loss difference from torch over all cases and steps: " << worst);
    for (const OptimizerInfo& o : optimizers())
        if (o.kind != OptimizerKind::Newton && o.kind != OptimizerKind::PerturbedGD)
            CHECK_MESSAGE(std::count(optimizersSeen.begin(), optimizersSeen.end(), o.name) > 0, o.name);
    for (Activation a : activations())
        CHECK(std::count(activationsSeen.begin(), activationsSeen.end(), activationName(a)) >= 1);
    for (const char* l : {"mse", "bce", "ce"}) CHECK(std::count(lossesSeen.begin(), lossesSeen.end(), l) >= 3);
}

TEST_CASE("networks against PyTorch: gradient, Hessian-vector product and spectrum at torch's weights") {
    for (const char* file : {"hess_tanh_mse.json", "hess_softplus_bce.json", "hess_tanh_ce.json"}) {
        CAPTURE(file);
        std::string err;
        const auto json = parseJson(slurpData(file), &err);
        REQUIRE_MESSAGE(json, err);
        const auto vec = [&](const char* key) {
            const JsonValue* v = json->find(key);
            REQUIRE(v);
            VecX out(static_cast<Eigen::Index>(v->array.size()));
            for (size_t i = 0; i < v->array.size(); ++i) out[static_cast<Eigen::Index>(i)] = v->array[i].number;
            return out;
        };
        std::string arch;
        for (const JsonValue& w : json->find("arch")->array)
            arch += (arch.empty() ? "" : "-") + std::to_string(static_cast<int>(w.number));
        const Model m = model(arch, json->find("activation")->string, json->find("loss")->string);
        const Batch b = batchOf(data(json->find("data")->string));
        const VecX theta = weights(json->find("weights")->string, m);
        Backprop bp(m);
        VecX g;
        const VecX hv = bp.hessianVector(theta, b, vec("v"), &g);
        CHECK((g - vec("gradient")).norm() <= 1e-12 * (1 + g.norm()));
        CHECK((hv - vec("hv")).norm() <= 1e-10 * (1 + hv.norm()));
        const VecX ev = vec("eigenvalues");  // descending
        const Spectrum s = hessianSpectrum(m, theta, b, 3);
        const double scale = ev.cwiseAbs().maxCoeff();
        for (int i = 0; i < 3; ++i) CHECK(std::abs(s.top[static_cast<size_t>(i)] - ev[i]) <= 1e-9 * scale);
        CHECK(std::abs(s.min - ev[ev.size() - 1]) <= 1e-9 * scale);
    }
}
