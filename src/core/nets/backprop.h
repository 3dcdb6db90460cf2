// The loss of a network on a batch of samples, its exact gradient by backpropagation (reverse
// mode, Lecture 3 / EE-556's O(kH²) bookkeeping) and its exact Hessian-vector product by
// forward-over-reverse differentiation (Pearlmutter 1994: backpropagation run on dual numbers
// θ + ε·v gives ∇L(θ) + ε·H(θ)v), all in float64 with torch's formulas for every activation and loss.
#pragma once

#include <vector>

#include "core/nets/model.h"

namespace optiscape::nets {

/// Samples laid out for the kernels: inputs feature-major (x[f·n + i] is feature f of sample i),
/// so that every inner loop runs over samples; targets y (class index, or the regression value).
struct Batch {
    int n = 0;
    int inputs = 0;
    int classes = 0;  ///< 0: regression
    std::vector<double> x;
    std::vector<double> y;
};

/// A batch from row-major samples (x: count·inputs, y: count); rows == nullptr takes all count
/// rows in order, otherwise rows[0..count) index into x and y.
Batch makeBatch(const double* x, const double* y, int inputs, int classes, const int* rows, int count);
/// The samples idx[0..count) of `all` into `out` (its buffers reused): a minibatch.
void gatherBatch(const Batch& all, const int* idx, int count, Batch& out);

/// The loss, gradient and Hessian-vector products of one model; keeps its scratch buffers between
/// calls, so training allocates nothing per step. Not thread-safe: one per thread.
class Backprop {
public:
    explicit Backprop(Model m);
    const Model& model() const { return model_; }

    /// L(θ) on the batch (torch's mean reduction).
    double loss(const VecX& theta, const Batch& b);
    /// L(θ), and ∇L(θ) into g (resized to the parameter count).
    double gradient(const VecX& theta, const Batch& b, VecX& g);
    /// H(θ)·v, exact; also ∇L(θ) into *g and L(θ) into *loss when given.
    VecX hessianVector(const VecX& theta, const Batch& b, const VecX& v, VecX* g = nullptr,
                       double* loss = nullptr);
    /// The dense Hessian (n HVPs with the unit vectors; symmetrised): for small networks only.
    MatX hessian(const VecX& theta, const Batch& b);

    /// The forward pass alone: the last layer's outputs z (outputs × n, output-major: out[j·n + i]).
    void outputs(const VecX& theta, const Batch& b, std::vector<double>& out);
    /// After outputs() or loss(): the activations of hidden layer l (1 ≤ l < layerCount), width × n,
    /// unit-major — each neuron's output over the batch (the network diagram's small maps).
    const std::vector<double>& hidden(int l) const { return a_[static_cast<size_t>(l)]; }
    /// After loss(), gradient() or outputs(): the last layer's outputs z (outputs × n).
    const std::vector<double>& lastOutputs() const { return z_.back(); }

private:
    Model model_;
    std::vector<LayerShape> shapes_;
    std::vector<std::vector<double>> z_, a_;  ///< per layer: pre-activations, activations (a_[0] unused)
    std::vector<double> delta_, dprev_;
};

/// The class each sample is predicted to be, from the outputs z (bce: z > 0 is class 1; ce and
/// mse with C outputs: the largest; mse with one output on a two-class set: z > 0.5), and the
/// fraction predicted right. NaN for regression.
double accuracy(const Model& m, const std::vector<double>& outputs, const Batch& b);
/// The probability of class 1 (bce: σ(z); ce: softmax's second entry; mse: z clamped to [0, 1]) of
/// sample i, for the decision map's colour; the regression value itself for regression.
double classOneProbability(const Model& m, const std::vector<double>& outputs, int n, int i);
/// The predicted class of sample i (see accuracy()).
int predictedClass(const Model& m, const std::vector<double>& outputs, int n, int i, int classes);

}  // namespace optiscape::nets
