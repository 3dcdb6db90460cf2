// Tests of src/core/nets/backprop.cpp and model.cpp: the gradient by backpropagation against central
// finite differences for every activation and loss, Hessian-vector products against finite
// differences of the gradient and the dense Hessian's symmetry, the losses against their formulas
// by hand, initialisation statistics, and the weights file (round trip, rejected shapes).
#include <doctest/doctest.h>

#include <cmath>

#include "../helpers.h"
#include "core/nets/backprop.h"
#include "core/nets/model.h"

using namespace optiscape;
using namespace optiscape::nets;

namespace {

/// A seeded batch: n samples of `inputs` features in [−2, 2], classes (0: regression targets).
Batch randomBatch(int n, int inputs, int classes, uint32_t seed) {
    testing::Rng rng(seed);
    std::vector<double> x(static_cast<size_t>(n) * inputs), y(static_cast<size_t>(n));
    for (double& v : x) v = rng.uniform(-2, 2);
    for (int i = 0; i < n; ++i)
        y[static_cast<size_t>(i)] = classes ? std::floor(rng.uniform() * classes) : rng.uniform(-1, 1);
    return makeBatch(x.data(), y.data(), inputs, classes, nullptr, n);
}

VecX randomTheta(const Model& m, uint32_t seed, double scale = 0.7) {
    testing::Rng rng(seed);
    VecX t(m.parameterCount());
    for (Eigen::Index i = 0; i < t.size(); ++i) t[i] = rng.uniform(-scale, scale);
    return t;
}

Model model(std::vector<int> widths, Activation a, LossKind l) {
    Model m;
    m.widths = std::move(widths);
    m.activation = a;
    m.loss = l;
    return m;
}

/// The models every activation × loss check runs on.
std::vector<Model> allModels() {
    std::vector<Model> out;
    for (Activation a : activations()) {
        out.push_back(model({2, 5, 4, 1}, a, LossKind::MSE));
        out.push_back(model({2, 5, 4, 1}, a, LossKind::BCE));
        out.push_back(model({3, 6, 3}, a, LossKind::CE));
        out.push_back(model({2, 4, 3}, a, LossKind::MSE));  // one-hot targets
    }
    return out;
}

int classesFor(const Model& m) { return m.loss == LossKind::MSE && m.outputs() == 1 ? 0 : std::max(2, m.outputs()); }

std::string label(const Model& m) {
    return architectureText(m.widths) + " " + activationName(m.activation) + " " + lossName(m.loss);
}

}  // namespace

TEST_CASE("backprop: the gradient equals central finite differences for every activation and loss") {
    uint32_t seed = 1;
    for (const Model& m : allModels()) {
        CAPTURE(label(m));
        const Batch b = randomBatch(23, m.inputs(), classesFor(m), seed++);
        const VecX theta = randomTheta(m, seed++);
        Backprop bp(m);
        VecX g;
        const double L = bp.gradient(theta, b, g);
        CHECK(L == doctest::Approx(bp.loss(theta, b)).epsilon(1e-15));
        for (Eigen::Index i = 0; i < theta.size(); ++i) {
            const double h = 1e-6;
            VecX p = theta, q = theta;
            p[i] += h;
            q[i] -= h;
            const double fd = (bp.loss(p, b) - bp.loss(q, b)) / (2 * h);
            CAPTURE(i);
            CHECK(std::abs(g[i] - fd) <= 1e-7 * (1 + std::abs(fd)));
        }
    }
}

TEST_CASE("backprop: Hessian-vector products equal finite differences of the gradient; H is symmetric") {
    uint32_t seed = 100;
    for (const Model& m : allModels()) {
        CAPTURE(label(m));
        const Batch b = randomBatch(17, m.inputs(), classesFor(m), seed++);
        const VecX theta = randomTheta(m, seed++);
        const VecX v = randomTheta(m, seed++, 1.0);
        Backprop bp(m);
        VecX g, gp, gq;
        double L = 0;
        const VecX hv = bp.hessianVector(theta, b, v, &g, &L);
        VecX g0;
        CHECK(L == doctest::Approx(bp.gradient(theta, b, g0)).epsilon(1e-14));
        CHECK((g - g0).norm() <= 1e-14 * (1 + g0.norm()));
        const double h = 1e-5;
        bp.gradient(theta + h * v, b, gp);
        bp.gradient(theta - h * v, b, gq);
        const VecX fd = (gp - gq) / (2 * h);
        // relu and leaky relu are piecewise linear: their Hessian is the loss's curvature only
        CHECK((hv - fd).norm() <= 1e-6 * (1 + fd.norm()));
        const MatX H = bp.hessian(theta, b);
        CHECK((H * v - hv).norm() <= 1e-10 * (1 + hv.norm()));
    }
}

TEST_CASE("backprop: losses by hand on a one-layer linear model") {
    // z = w·x + b on two samples x = 1, 2 with w = 0.5, b = −0.25: z = 0.25, 0.75
    const std::vector<double> x = {1.0, 2.0};
    Model m = model({1, 1}, Activation::Linear, LossKind::MSE);
    VecX theta(2);
    theta << 0.5, -0.25;
    Backprop mse(m);
    std::vector<double> y = {1.0, 0.0};
    Batch b = makeBatch(x.data(), y.data(), 1, 0, nullptr, 2);
    CHECK(mse.loss(theta, b) == doctest::Approx((0.75 * 0.75 + 0.75 * 0.75) / 2));
    m.loss = LossKind::BCE;
    Backprop bce(m);
    b.classes = 2;
    const double l1 = std::log1p(std::exp(-0.25)), l0 = std::log1p(std::exp(0.75));
    CHECK(bce.loss(theta, b) == doctest::Approx((l1 + l0) / 2).epsilon(1e-15));
    // large logits stay finite (the stable form)
    theta << 400.0, 0.0;
    CHECK(std::isfinite(bce.loss(theta, b)));
    CHECK(bce.loss(theta, b) == doctest::Approx((0 + 800.0) / 2));
    // cross-entropy with two outputs z = (w₁x, w₂x)
    Model c = model({1, 2}, Activation::Linear, LossKind::CE);
    VecX t2(4);
    t2 << 1.0, -1.0, 0.0, 0.0;
    Backprop ce(c);
    const double e1 = std::log(std::exp(1.0) + std::exp(-1.0)) - (-1.0);  // x = 1, y = 1
    const double e2 = std::log(std::exp(2.0) + std::exp(-2.0)) - 2.0;     // x = 2, y = 0
    y = {1.0, 0.0};
    Batch bc = makeBatch(x.data(), y.data(), 1, 2, nullptr, 2);
    CHECK(ce.loss(t2, bc) == doctest::Approx((e1 + e2) / 2).epsilon(1e-15));
}

TEST_CASE("backprop: softplus follows torch's threshold and relu's derivative at 0 is 0") {
    const std::vector<double> x = {1.0};
    std::vector<double> y = {0.0};
    const Batch b = makeBatch(x.data(), y.data(), 1, 0, nullptr, 1);
    // 1-1-1: z₁ = w₁·x + b₁, a = act(z₁), z₂ = w₂·a; at z₁ = 25 softplus is z₁ itself
    Model m = model({1, 1, 1}, Activation::Softplus, LossKind::MSE);
    VecX theta(4);
    theta << 25.0, 0.0, 1.0, 0.0;
    Backprop bp(m);
    CHECK(bp.loss(theta, b) == doctest::Approx(625.0));
    m.activation = Activation::ReLU;
    Backprop relu(m);
    theta << 1.0, -1.0, 1.0, 0.0;  // z₁ = 0 exactly
    VecX g;
    relu.gradient(theta, b, g);
    CHECK(g[0] == 0.0);
    CHECK(g[1] == 0.0);
}

TEST_CASE("init: each scheme's standard deviation on a 256 × 256 layer within 2 % of its formula") {
    Model m = model({256, 256, 1}, Activation::Tanh, LossKind::MSE);
    const struct {
        const char* spec;
        double sd;
    } cases[] = {{"xavier", std::sqrt(2.0 / 512)},       {"xavier-uniform", std::sqrt(2.0 / 512)},
                 {"lecun", std::sqrt(1.0 / 256)},         {"he", std::sqrt(2.0 / 256)},
                 {"normal:sigma=0.3", 0.3}};
    for (const auto& c : cases) {
        CAPTURE(c.spec);
        std::string err;
        const auto spec = parseInit(c.spec, &err);
        REQUIRE(spec);
        const VecX t = initialParameters(m, *spec, 11);
        const LayerShape l = m.layers()[0];
        const VecX w = t.segment(l.wOffset, l.in * l.out);
        const double mean = w.mean();
        const double sd = std::sqrt((w.array() - mean).square().sum() / (w.size() - 1));
        CHECK(std::abs(sd / c.sd - 1) < 0.02);
        CHECK(std::abs(mean) < 3 * c.sd / 256);
        CHECK(t.segment(l.bOffset, l.out).isZero(0));  // biases zero
        if (std::string(c.spec) == "xavier-uniform") CHECK(w.cwiseAbs().maxCoeff() <= std::sqrt(6.0 / 512));
        // reproducible from the seed, different for another
        CHECK(initialParameters(m, *spec, 11) == t);
        CHECK(initialParameters(m, *spec, 12) != t);
    }
    std::string err;
    CHECK(initialParameters(m, *parseInit("zeros", &err), 3).isZero(0));
    CHECK_FALSE(parseInit("glorot", &err));
    CHECK(err.find("xavier, xavier-uniform, lecun, he") != std::string::npos);
    CHECK_FALSE(parseInit("normal:sigma=-1", &err));
}

TEST_CASE("init: a pinned hash of Xavier weights (the same bits natively and in wasm)") {
    Model m = model({2, 16, 16, 1}, Activation::Tanh, LossKind::BCE);
    std::string err;
    const VecX t = initialParameters(m, *parseInit("xavier", &err), 1);
    BitHash h;
    for (Eigen::Index i = 0; i < t.size(); ++i) h.add(t[i]);
    const VecX again = initialParameters(m, *parseInit("xavier", &err), 1);
    CHECK(t == again);
    // Recorded from the first native run; wasm (musl, libc++) must give the same bits.
    CHECK(h.value == 0x9392c1c8e37b8503ULL);
}

TEST_CASE("architecture: parsing, parameter layout as torch's parameters_to_vector") {
    std::string err;
    const auto w = parseArchitecture("2-8-8-1", &err);
    REQUIRE(w);
    CHECK(*w == std::vector<int>{2, 8, 8, 1});
    Model m;
    m.widths = *w;
    CHECK(m.parameterCount() == 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
    const auto ls = m.layers();
    CHECK(ls[1].wOffset == 24);
    CHECK(ls[1].bOffset == 24 + 64);
    for (const char* bad : {"", "2", "2-0-1", "2-x-1", "2--1", "2-8.5-1", "2-300-1", "2-1-1-1-1-1-1-1-1-1-1-1-1"}) {
        CAPTURE(bad);
        CHECK_FALSE(parseArchitecture(bad, &err));
        CHECK(err.find("2-8-8-1") != std::string::npos);
    }
    CHECK_FALSE(parseArchitecture("2-256-256-256-1", &err));
    CHECK(err.find("parameters") != std::string::npos);
}

TEST_CASE("checkModel: losses, outputs and inputs must fit the data") {
    Model m = model({2, 8, 1}, Activation::Tanh, LossKind::BCE);
    CHECK(checkModel(m, 2, 2).empty());
    CHECK(checkModel(m, 3, 2).find("start the architecture with 3") != std::string::npos);
    CHECK(checkModel(m, 2, 3).find("use ce") != std::string::npos);
    CHECK(checkModel(m, 2, 0).find("use mse") != std::string::npos);
    m.loss = LossKind::CE;
    CHECK(checkModel(m, 2, 3).find("end the architecture with 3") != std::string::npos);
    m.widths = {2, 8, 3};
    CHECK(checkModel(m, 2, 3).empty());
    m.loss = LossKind::MSE;
    CHECK(checkModel(m, 2, 3).empty());
    CHECK_FALSE(checkModel(m, 2, 0).empty());
}

TEST_CASE("weights file: round trip, and files that do not fit are rejected naming layer and shape") {
    Model m = model({2, 3, 1}, Activation::Tanh, LossKind::BCE);
    const VecX t = randomTheta(m, 5);
    const std::string json = weightsJson(m, t);
    CHECK(json.find("\"arch\": [2, 3, 1]") != std::string::npos);
    std::string err;
    const auto back = parseWeightsJson(json, &m, nullptr, &err);
    REQUIRE(back);
    CHECK(*back == t);  // 17 significant digits read back exactly
    Model fileModel;
    REQUIRE(parseWeightsJson(json, nullptr, &fileModel, &err));
    CHECK(fileModel.widths == m.widths);
    CHECK(fileModel.activation == Activation::Tanh);

    Model other = model({2, 4, 1}, Activation::Tanh, LossKind::BCE);
    CHECK_FALSE(parseWeightsJson(json, &other, nullptr, &err));
    CHECK(err.find("2-3-1 is not the network's 2-4-1") != std::string::npos);
    const std::string noArch =
        "{\"layers\": [{\"W\": [[1, 2], [3, 4], [5, 6]], \"b\": [0, 0, 0]}, {\"W\": [[1, 2]], \"b\": [0]}]}";
    CHECK_FALSE(parseWeightsJson(noArch, &m, nullptr, &err));
    CHECK(err.find("layer 2: W has shape (1, 2), expected (out, in) = (1, 3)") != std::string::npos);
    const std::string badB =
        "{\"layers\": [{\"W\": [[1, 2], [3, 4], [5, 6]], \"b\": [0, 0]}, {\"W\": [[1, 2, 3]], \"b\": [0]}]}";
    CHECK_FALSE(parseWeightsJson(badB, &m, nullptr, &err));
    CHECK(err.find("layer 1: b has 2 entries, expected 3") != std::string::npos);
    CHECK_FALSE(parseWeightsJson("{\"layers\": [", &m, nullptr, &err));
    CHECK(err.find("not JSON") != std::string::npos);
    CHECK_FALSE(parseWeightsJson("[1, 2]", &m, nullptr, &err));
    const std::string text =
        "{\"layers\": [{\"W\": [[1, \"x\"], [3, 4], [5, 6]], \"b\": [0, 0, 0]}, {\"W\": [[1, 2, 3]], \"b\": [0]}]}";
    CHECK_FALSE(parseWeightsJson(text, &m, nullptr, &err));
    CHECK(err.find("W[0][1] is not a finite number") != std::string::npos);
    CHECK_FALSE(parseWeightsJson("{\"arch\": [2, 3, 1], \"layers\": []}", &m, nullptr, &err));
    CHECK(err.find("0 layers") != std::string::npos);
}

TEST_CASE("accuracy and class probabilities from the outputs") {
    Model m = model({1, 1}, Activation::Linear, LossKind::BCE);
    const std::vector<double> x = {1, 2, 3}, y = {1, 0, 1};
    const Batch b = makeBatch(x.data(), y.data(), 1, 2, nullptr, 3);
    const std::vector<double> z = {2.0, 1.0, -1.0};
    CHECK(accuracy(m, z, b) == doctest::Approx(1.0 / 3));
    CHECK(classOneProbability(m, z, 3, 0) == doctest::Approx(1 / (1 + std::exp(-2.0))));
    Model r = model({1, 1}, Activation::Linear, LossKind::MSE);
    Batch reg = b;
    reg.classes = 0;
    CHECK(std::isnan(accuracy(r, z, reg)));
}
