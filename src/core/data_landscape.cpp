// The data presets linear-regression and two-layer-data (seeded samples, closed-form mean loss,
// per-sample gradients) and the epoch-wise minibatch sampler (data_landscape.h).
#include "data_landscape.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace optiscape {
namespace {

ParamSpec dataParam(std::string name, std::string symbol, double def, double min, double max,
                std::string help, bool integer = false) {
    ParamSpec s;
    s.name = std::move(name);
    s.symbol = std::move(symbol);
    s.def = def;
    s.min = min;
    s.max = max;
    s.help = std::move(help);
    s.isInteger = integer;
    return s;
}

ParamSpec countParam(double min) {
    return dataParam("n", "N", 40, min, 1000, "Number of samples; the landscape is their mean loss.", true);
}
ParamSpec sigmaParam() {
    return dataParam("sigma", "σ", 0.3, 0, 2, "Standard deviation of the noise in the targets.");
}
ParamSpec seedParam() {
    return dataParam("seed", "seed", 1, 0, 4294967295.0,
                 "Seed of the generated samples: the same seed gives the same data everywhere.", true);
}

StationaryPoint point(const Vec2& w, PointType type, std::string label) {
    StationaryPoint p;
    p.w = w;
    p.type = type;
    p.label = std::move(label);
    return p;
}

/// Parameters 0, 1 and 4 of both presets: n, sigma, seed; the samples are regenerated whenever
/// a parameter changes (the same seed draws the same xᵢ and εᵢ, so a slider moves the data
/// smoothly).
class DataLandscape : public Landscape {
public:
    using Landscape::Landscape;
    int sampleCount() const override { return static_cast<int>(samples_.size()); }
    const std::vector<Vec2>* samples() const override { return &samples_; }
    Vec2 sampleGradient(const Vec2& w, const int* idx, int n) const override {
        if (n <= 0 || !idx) return gradient(w);
        Vec2 sum = Vec2::Zero();
        for (int k = 0; k < n; ++k) sum += sampleGrad(w, samples_[static_cast<size_t>(idx[k])]);
        return sum / static_cast<double>(n);
    }
    Eval evaluate(const Vec2& w) const override {
        Eval e;
        e.value = value(w);
        e.gradient = gradient(w);
        e.hessian = hessian(w);
        return e;
    }

protected:
    virtual Vec2 sampleGrad(const Vec2& w, const Vec2& xy) const = 0;
    virtual Mat2 hessian(const Vec2& w) const = 0;
    virtual Vec2 draw(SplitMix64& rng) const = 0;  ///< one sample (x, y) from the current parameters
    virtual void fit() = 0;                 ///< the closed form's statistics from samples_
    void paramsChanged() override {
        const int n = static_cast<int>(p(0));
        SplitMix64 rng = SplitMix64::stream(static_cast<std::uint64_t>(p(4)), kDataStream);
        samples_.clear();
        samples_.reserve(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) samples_.push_back(draw(rng));
        fit();
    }
    double mean(double (*f)(const Vec2&, double, double), double a = 0, double b = 0) const {
        double s = 0;
        for (const Vec2& xy : samples_) s += f(xy, a, b);
        return samples_.empty() ? 0.0 : s / static_cast<double>(samples_.size());
    }
    std::vector<Vec2> samples_;
};

// ---- linear-regression: ℓᵢ = (w₁xᵢ + w₂ − yᵢ)², L = L* + δᵀAδ, δ = w − w* ------------------
class LinearRegression final : public DataLandscape {
public:
    LinearRegression() : DataLandscape(makeInfo()) { paramsChanged(); }
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "linear-regression";
        i.title = "Linear regression on N samples";
        i.formula = "mean over i of (w1*x_i + w2 - y_i)^2";
        i.pretty = "(1/N)·Σᵢ (w₁xᵢ + w₂ − yᵢ)²,  yᵢ = a·xᵢ + b + σ·εᵢ";
        i.lecture = "LeCun / GSI, online vs minibatch vs batch learning; Lecture 3, the Hessian "
                    "2·E[x̃x̃ᵀ] of a linear model";
        i.notice = "Online and minibatch gradients scatter around the full-batch path and keep "
                   "wandering near the least-squares fit unless the learning rate decays; the "
                   "valley is tilted because the inputs are not centred.";
        i.group = "LeCun / GSI";
        i.params = {countParam(2), sigmaParam(),
                    dataParam("a", "a", 1.0, -3, 3, "Slope of the line the targets are drawn from."),
                    dataParam("b", "b", 0.5, -3, 3, "Intercept of the line the targets are drawn from."),
                    seedParam()};
        i.view = ViewBox{-1.5, 3.5, -2.0, 3.0};
        i.start = Vec2(-1.0, 2.5);
        return i;
    }
    double value(const Vec2& w) const override {
        const Vec2 d = w - wstar_;
        return lmin_ + (sxx_ * d[0] * d[0] + 2.0 * sx_ * d[0] * d[1] + d[1] * d[1]);
    }
    Vec2 gradient(const Vec2& w) const override {
        const Vec2 d = w - wstar_;
        return {2.0 * (sxx_ * d[0] + sx_ * d[1]), 2.0 * (sx_ * d[0] + d[1])};
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        return {point(wstar_, var_ > 0 ? PointType::Minimum : PointType::Degenerate,
                      "least-squares fit")};
    }
    bool hasContinuum() const override { return !(var_ > 0); }
    std::unique_ptr<Landscape> clone() const override {
        return std::make_unique<LinearRegression>(*this);
    }
    double predict(const Vec2& w, double x) const override { return w[0] * x + w[1]; }

private:
    Vec2 sampleGrad(const Vec2& w, const Vec2& xy) const override {
        const double r = w[0] * xy[0] + w[1] - xy[1];
        return {2.0 * r * xy[0], 2.0 * r};
    }
    Mat2 hessian(const Vec2&) const override {
        Mat2 h;
        h << 2.0 * sxx_, 2.0 * sx_, 2.0 * sx_, 2.0;
        return h;
    }
    Vec2 draw(SplitMix64& rng) const override {
        const double x = 2.0 * rng.uniform();
        const double e = rng.normal();
        return {x, p(2) * x + p(3) + p(1) * e};
    }
    void fit() override {
        sx_ = mean([](const Vec2& s, double, double) { return s[0]; });
        sxx_ = mean([](const Vec2& s, double, double) { return s[0] * s[0]; });
        const double sy = mean([](const Vec2& s, double, double) { return s[1]; });
        var_ = mean([](const Vec2& s, double mx, double) { return (s[0] - mx) * (s[0] - mx); }, sx_);
        const double cov =
            mean([](const Vec2& s, double mx, double my) { return (s[0] - mx) * (s[1] - my); }, sx_, sy);
        // any minimiser solves the normal equations; with all xᵢ equal, (0, ȳ) is one of the line
        const double slope = var_ > 0 ? cov / var_ : 0.0;
        wstar_ = Vec2(slope, sy - slope * sx_);
        lmin_ = mean([](const Vec2& s, double a, double b) { return (a * s[0] + b - s[1]) * (a * s[0] + b - s[1]); },
                     wstar_[0], wstar_[1]);
    }
    double sx_ = 0, sxx_ = 0, var_ = 0, lmin_ = 0;
    Vec2 wstar_ = Vec2::Zero();
};

// ---- two-layer-data: ℓᵢ = (w₁w₂xᵢ − tᵢ)² + λ|w|², L = Sxx(p − β)² + R + λ|w|² ------------
class TwoLayerData final : public DataLandscape {
public:
    TwoLayerData() : DataLandscape(makeInfo()) { paramsChanged(); }
    static LandscapeInfo makeInfo() {
        LandscapeInfo i;
        i.name = "two-layer-data";
        i.title = "Two-layer linear model on N samples";
        i.formula = "mean over i of (w2*w1*x_i - t_i)^2 + lambda*(w1^2 + w2^2)";
        i.pretty = "(1/N)·Σᵢ (w₂w₁xᵢ − tᵢ)² + λ(w₁² + w₂²),  tᵢ = c·xᵢ + σ·εᵢ";
        i.lecture = "Lecture 3, Optimization part 1 (the two-layer linear model, here on N points)";
        i.notice = "The same saddle at the origin and two mirror-image minima as for one point; "
                   "minibatch noise shakes a run off the saddle's stable line.";
        i.group = "Lecture 3";
        i.params = {countParam(1), sigmaParam(),
                    dataParam("c", "c", 1.0, -3, 3, "Slope of the targets: tᵢ = c·xᵢ + noise."),
                    dataParam("lambda", "λ", 0.1, 0, 1, "Weight decay of both layers."), seedParam()};
        i.view = ViewBox{-2.0, 2.0, -2.0, 2.0};
        i.start = Vec2(1.5, -1.3);
        return i;
    }
    double value(const Vec2& w) const override {
        const double e = w[0] * w[1] - beta_;
        return sxx_ * e * e + res_ + p(3) * (w[0] * w[0] + w[1] * w[1]);
    }
    Vec2 gradient(const Vec2& w) const override {
        const double f = 2.0 * sxx_ * (w[0] * w[1] - beta_);
        return {f * w[1] + 2.0 * p(3) * w[0], f * w[0] + 2.0 * p(3) * w[1]};
    }
    std::vector<StationaryPoint> stationaryPoints() const override {
        const double lam = p(3), s = std::abs(sxt_);
        std::vector<StationaryPoint> out;
        const PointType origin = lam < s ? PointType::Saddle
                                 : lam > s ? PointType::Minimum
                                           : PointType::Degenerate;
        out.push_back(point(Vec2::Zero(), origin, origin == PointType::Saddle ? "strict saddle" : "origin"));
        if (lam < s && sxx_ > 0) {
            const double a = std::sqrt((s - lam) / sxx_), sign = sxt_ < 0 ? -1.0 : 1.0;
            const PointType type = lam > 0 ? PointType::Minimum : PointType::Degenerate;
            const std::string label = lam > 0 ? "global minimum" : "valley of minima";
            out.push_back(point(Vec2(a, sign * a), type, label));
            out.push_back(point(Vec2(-a, -sign * a), type, label));
        }
        return out;
    }
    bool hasContinuum() const override { return p(3) == 0 && sxt_ != 0; }
    std::unique_ptr<Landscape> clone() const override { return std::make_unique<TwoLayerData>(*this); }
    double predict(const Vec2& w, double x) const override { return w[0] * w[1] * x; }

private:
    Vec2 sampleGrad(const Vec2& w, const Vec2& xt) const override {
        const double r = w[0] * w[1] * xt[0] - xt[1];
        return {2.0 * r * xt[0] * w[1] + 2.0 * p(3) * w[0], 2.0 * r * xt[0] * w[0] + 2.0 * p(3) * w[1]};
    }
    Mat2 hessian(const Vec2& w) const override {
        const double lam2 = 2.0 * p(3), off = 2.0 * sxx_ * (2.0 * w[0] * w[1] - beta_);
        Mat2 h;
        h << 2.0 * sxx_ * w[1] * w[1] + lam2, off, off, 2.0 * sxx_ * w[0] * w[0] + lam2;
        return h;
    }
    Vec2 draw(SplitMix64& rng) const override {
        const Vec2 z = rng.normal2();  // (x, ε)
        return {z[0], p(2) * z[0] + p(1) * z[1]};
    }
    void fit() override {
        sxx_ = mean([](const Vec2& s, double, double) { return s[0] * s[0]; });
        sxt_ = mean([](const Vec2& s, double, double) { return s[0] * s[1]; });
        beta_ = sxx_ > 0 ? sxt_ / sxx_ : 0.0;
        res_ = mean([](const Vec2& s, double b, double) { return (s[1] - b * s[0]) * (s[1] - b * s[0]); }, beta_);
    }
    double sxx_ = 0, sxt_ = 0, beta_ = 0, res_ = 0;
};

}  // namespace

const std::vector<std::string>& dataPresetNames() {
    static const std::vector<std::string> names = {"linear-regression", "two-layer-data"};
    return names;
}

std::unique_ptr<Landscape> makeDataPreset(std::string_view name) {
    if (name == "linear-regression") return std::make_unique<LinearRegression>();
    if (name == "two-layer-data") return std::make_unique<TwoLayerData>();
    return nullptr;
}

const std::vector<std::string>& allPresetNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all = presetNames();
        for (const std::string& n : dataPresetNames())
            if (std::find(all.begin(), all.end(), n) == all.end()) all.push_back(n);
        return all;
    }();
    return names;
}

std::unique_ptr<Landscape> makeAnyPreset(std::string_view name) {
    if (auto l = makePreset(name)) return l;
    return makeDataPreset(name);
}

std::unique_ptr<Landscape> makeDataLandscape(std::string_view name, int n, std::uint64_t seed) {
    auto l = makeDataPreset(name);
    if (!l) return nullptr;
    if (!l->setParam("n", n).empty()) return nullptr;
    if (!l->setParam("seed", static_cast<double>(seed)).empty()) return nullptr;
    return l;
}

BatchSampler::BatchSampler(int n, int batch, SplitMix64 rng)
    : n_(std::max(0, n)), batch_(std::clamp(batch, 1, std::max(1, n))), rng_(rng) {
    shuffle();
}

void BatchSampler::shuffle() {
    order_.resize(static_cast<size_t>(n_));
    std::iota(order_.begin(), order_.end(), 0);
    for (int i = n_ - 1; i > 0; --i)
        std::swap(order_[static_cast<size_t>(i)],
                  order_[rng_.below(static_cast<std::uint32_t>(i) + 1)]);
    pos_ = 0;
}

const int* BatchSampler::next(int* count) {
    if (n_ == 0) {
        *count = 0;
        return nullptr;
    }
    if (pos_ >= n_) shuffle();
    const int take = std::min(batch_, n_ - pos_);
    const int* out = order_.data() + pos_;
    pos_ += take;
    if (pos_ == n_) ++epoch_;
    *count = take;
    return out;
}

}  // namespace optiscape
