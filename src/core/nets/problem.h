// A network problem as a student sets it up: the data (a generated set or the user's CSV), the
// input features, the architecture, activation, loss and initialisation, the train/test split and
// early stopping — turned into the Problem a NetRun trains on. The CLI's train and the page's
// Network mode both go through here, so they agree on every choice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/nets/dataset.h"
#include "core/nets/model.h"
#include "core/nets/trainer.h"

namespace optiscape::nets {

/// Everything that defines a network problem (the scenario's "network" object).
struct NetSpec {
    bool userData = false;   ///< the data is the user's CSV (passed to prepare()), not `data`
    DatasetSpec data;        ///< the generated data set
    std::vector<Feature> features;  ///< inputs computed from x1, x2 (empty: the data's own columns)
    int polyDegree = 0;      ///< 1-input sets: x, x², …, x^degree as inputs (0: off)
    /// Widths from inputs to outputs, "2-8-8-1"; prepare() keeps the hidden ones and takes the first
    /// and last from the data (its inputs after the features) and the loss (1, or one per class).
    std::vector<int> arch = {2, 8, 8, 1};
    Activation activation = Activation::Tanh;
    std::optional<LossKind> loss;  ///< unset: bce for two classes, ce for more, mse for regression
    InitSpec init;
    std::uint64_t seed = 1;  ///< seeds the initial weights
    double testFraction = 0.0;  ///< share of the samples held out for testing, in [0, 0.9]
    int patience = 0;        ///< early stopping after P steps without a lower test loss; 0: off
    /// Track the sharpness λmax (the top eigenvalue of the full training loss's Hessian) every K
    /// steps of every run (0: off). A view option: the problem is the same with or without it.
    int sharpnessEvery = 0;
};

/// A prepared problem: the data as given, its inputs after the features, the split, the model and
/// the Problem itself (batches of the train and test samples).
struct Prepared {
    Dataset data;    ///< the samples as generated or read (x1, x2, … and y)
    Dataset inputs;  ///< the network's inputs (features applied) with the same y
    Split split;
    Model model;
    Problem problem;
};

/// The loss the spec implies for a data set of `classes` classes.
LossKind defaultLoss(int classes);
/// The input features of `spec` applied to a data set (the identity without features).
Dataset applyFeatures(const NetSpec& spec, const Dataset& d);
/// Builds the problem: generates the data (or takes *userData), applies the features, splits it
/// (seeded by the data's seed), forms the model [inputs, hidden…, outputs] — whose widths may
/// differ from spec.arch at the ends — and checks it
/// (checkModel). nullopt and *error saying what would fit.
std::optional<Prepared> prepare(const NetSpec& spec, const Dataset* userData, std::string* error);
/// The features as text, "x1,x2,x1^2" (or "poly:5"), and back.
std::string featuresText(const NetSpec& spec);
bool parseFeatures(std::string_view text, NetSpec& spec, std::string* error);

}  // namespace optiscape::nets
