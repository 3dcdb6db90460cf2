// A fully connected network as the lectures draw it: layers of widths d₀ → d₁ → … → d_L, an
// activation after every hidden layer, a loss on the last layer's outputs — and its parameters as
// one flat vector θ, laid out as torch's parameters_to_vector(nn.Sequential(...).parameters()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/types.h"

namespace optiscape::nets {

/// Hidden-layer activations (the output layer has none: the loss applies sigmoid or softmax).
enum class Activation {
    Tanh,       ///< tanh z (LeCun's choice: centred, Lecture 3)
    ReLU,       ///< max(0, z); torch's derivative at 0 is 0
    LeakyReLU,  ///< z for z > 0, 0.01·z otherwise (torch's nn.LeakyReLU default slope)
    Sigmoid,    ///< 1/(1 + e⁻ᶻ)
    Softplus,   ///< ln(1 + eᶻ), and z itself for z > 20 (torch's nn.Softplus threshold)
    Linear,     ///< the identity: a deep linear network (Baldi–Hornik, Kawaguchi)
};

/// Losses with torch's mean reduction.
enum class LossKind {
    MSE,  ///< nn.MSELoss: mean over samples and outputs of (ŷ − y)²; with C > 1 outputs on a
          ///< classification set, y is the one-hot vector of the class
    BCE,  ///< nn.BCEWithLogitsLoss (one output z): mean of max(z, 0) − z·y + ln(1 + e^−|z|)
    CE,   ///< nn.CrossEntropyLoss (C outputs): mean of ln Σⱼ e^{zⱼ} − z_y
};

const char* activationName(Activation a);  ///< "tanh", "relu", "leaky-relu", "sigmoid", "softplus", "linear"
std::optional<Activation> parseActivation(std::string_view name);
const std::vector<Activation>& activations();
const char* lossName(LossKind l);          ///< "mse", "bce", "ce"
std::optional<LossKind> parseLoss(std::string_view name);

/// One fully connected layer's place in θ: W (out × in, row-major, torch.nn.Linear's weight) at
/// wOffset, then its bias b (out) at bOffset = wOffset + out·in.
struct LayerShape {
    int in = 0, out = 0;
    int wOffset = 0, bOffset = 0;
};

/// The architecture: widths (inputs, hidden…, outputs), activation and loss.
struct Model {
    std::vector<int> widths = {2, 8, 8, 1};
    Activation activation = Activation::Tanh;
    LossKind loss = LossKind::BCE;

    int inputs() const { return widths.front(); }
    int outputs() const { return widths.back(); }
    int layerCount() const { return static_cast<int>(widths.size()) - 1; }
    std::vector<LayerShape> layers() const;
    int parameterCount() const;
};

/// Parses "2-8-8-1" (2 to 12 numbers, each in [1, 256], at most 100000 parameters); nullopt and
/// *error naming what is allowed.
std::optional<std::vector<int>> parseArchitecture(std::string_view text, std::string* error);
/// "2-8-8-1".
std::string architectureText(const std::vector<int>& widths);

/// Checks that the model fits a data set with `inputs` columns and `classes` classes (0 for
/// regression): the first width equals inputs; bce needs one output and two classes; ce needs
/// C outputs and a classification set; mse needs one output, or C outputs on a classification set.
/// "" or the problem, saying what would fit.
std::string checkModel(const Model& m, int inputs, int classes);

/// Initialisations of the weights (biases are zero in every scheme).
enum class InitKind {
    Xavier,         ///< Glorot normal: N(0, 2/(fan_in + fan_out))
    XavierUniform,  ///< Glorot uniform: U(−a, a), a = √(6/(fan_in + fan_out))
    LeCun,          ///< N(0, 1/fan_in) (Lucchi; LeCun et al., "Efficient backprop")
    He,             ///< N(0, 2/fan_in) (He et al. 2015, for ReLU)
    Normal,         ///< N(0, σ²) with the given σ (σ = 1: the "too large" start of Theorem 9)
    Zeros,          ///< every weight 0 (symmetric: hidden units stay identical)
};

struct InitSpec {
    InitKind kind = InitKind::Xavier;
    double sigma = 1.0;  ///< Normal's σ
};

/// Parses "xavier", "xavier-uniform", "lecun", "he", "normal:sigma=0.5", "zeros".
std::optional<InitSpec> parseInit(std::string_view text, std::string* error);
std::string initText(const InitSpec& spec);
/// The standard deviation the scheme gives a weight of a layer with fan_in, fan_out.
double initStd(const InitSpec& spec, int fanIn, int fanOut);

/// Initial parameters θ for `m`, drawn from `seed` (SplitMix64 stream kInitStream): the same
/// numbers natively and in the browser.
VecX initialParameters(const Model& m, const InitSpec& spec, std::uint64_t seed);

/// Stream id of the initial weights (SplitMix64::stream(seed, kInitStream)).
constexpr std::uint64_t kInitStream = 5;

/// The weights file: {"arch": [2, 8, 8, 1], "activation": "tanh", "layers": [{"W": [[...], ...],
/// "b": [...]}, ...]} with W of shape (out, in) — torch.nn.Linear's weight and bias.
std::string weightsJson(const Model& m, const VecX& theta);
/// Reads a weights file for model `m` (arch and activation must match: a file whose arch differs,
/// or a layer of another shape, is rejected naming the layer and both shapes). With m == nullptr
/// the file's own arch and activation are taken into *fileModel. nullopt and *error on failure.
std::optional<VecX> parseWeightsJson(std::string_view text, const Model* m, Model* fileModel,
                                     std::string* error);

/// The same from a parsed JSON value (one element of a directions file, say).
std::optional<VecX> parseWeightsValue(const JsonValue& value, const Model* m, Model* fileModel, std::string* error);

/// Euclidean norm of one layer's weights W (without bias) of θ.
double layerWeightNorm(const LayerShape& l, const VecX& theta);

}  // namespace optiscape::nets
