// Lucchi's four landscape kinds side by side, as final losses from many random starts:
// (A) a deep linear network (Kawaguchi: every local minimum is global — one value, the rank-p
// optimum); (B) a small two-layer ReLU net, Safran & Shamir's teacher problem with n = k (spurious
// minima, often reached); (C) mildly over-parametrised, n = k + 1; (D) heavily, n = 2k (they thin
// out and vanish). Computed a slice at a time, the linear runs and the ReLU rows in turn.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/theory/deep_linear_train.h"
#include "core/theory/spurious_table.h"

namespace optiscape::theory {

struct KindsSettings {
    DeepLinearSettings linear;  ///< kind A (its runs and seed are set from runs and seed below)
    int k = 8;                  ///< kinds B–D: a teacher of k units, students of k, k + 1 and 2k units
    int runs = 100;             ///< starts per kind
    std::uint64_t seed = 1;
    SpuriousSettings optimizer = fastGlobal();
    /// The table's settings, except that a run stops once F < 10⁻¹⁰ (a global minimum: the
    /// spurious minima lie near F ≈ 0.04), which n = 2k students approach slowly.
    static SpuriousSettings fastGlobal() {
        SpuriousSettings s;
        s.stopObjective = 1e-10;
        return s;
    }
};

class KindsComputer {
public:
    /// nullptr and *error when the linear data or shapes are out of range.
    static std::unique_ptr<KindsComputer> make(const KindsSettings& s, std::string* error);
    /// About `seconds` of work, split between the linear runs and the ReLU rows; true when done.
    bool advanceFor(double seconds);
    bool done() const { return linearEnds_.size() >= size_t(s_.runs) && relu_->done(); }
    double progress() const;
    double seconds() const { return seconds_; }
    const KindsSettings& settings() const { return s_; }
    /// Kind A: the finished runs, in run order, and the rank-p optimum.
    const std::vector<DeepLinearEnd>& linearEnds() const { return linearEnds_; }
    double linearOptimum() const { return problem_->optimum; }
    /// Kinds B, C, D: rows (k, k), (k, k + 1), (k, 2k).
    const SpuriousTableComputer& relu() const { return *relu_; }

    // For a computer filled from elsewhere (jobs::KindsJobs: the runs on workers), not advanced itself:
    /// Kind A's next run (in run order) and its compute time.
    void supplyLinear(const DeepLinearEnd& e, double seconds);
    /// Kinds B–D's table, to be filled chunk by chunk.
    SpuriousTableComputer& reluTable() { return *relu_; }
    /// Kind A's problem: the data's covariances and the rank-p optimum.
    const DeepLinearProblem& linearProblem() const { return *problem_; }

private:
    explicit KindsComputer(const KindsSettings& s, const LinearData& data);

    KindsSettings s_;
    std::unique_ptr<DeepLinearProblem> problem_;
    std::unique_ptr<SpuriousTableComputer> relu_;
    std::unique_ptr<DeepLinearDescent> current_;
    std::vector<DeepLinearEnd> linearEnds_;
    double seconds_ = 0;
    bool linearTurn_ = true;
};

}  // namespace optiscape::theory
