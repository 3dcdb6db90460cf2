// The fair comparison (Optiscape's sweep): for one optimizer, runs from the same start on a grid
// of learning rate γ (log-spaced) × its second setting (momentum μ, β₁ or α; evenly spaced), each
// of the same number of steps; a cell's value is the loss at the end (NaN: diverged). Every cell
// is a pure function of the request, so cells computed anywhere (in place, on a thread, in a Web
// Worker: jobs/sweep_jobs.h) are the same to the last bit.
#pragma once

#include <string>

#include "landscape.h"
#include "run.h"

namespace optiscape {

struct SweepRequest {
    RunConfig base;       ///< the selected run's settings: optimizer, start, schedule, noise, ...
    std::string second;   ///< "momentum", "beta1", "alpha", or "" (a single row of γ)
    int n = 20;           ///< cells along γ (and along the second setting)
    int steps = 200;      ///< steps of every run
    double lrLo = 1e-3, lrHi = 1.0;
    double secLo = 0.0, secHi = 0.99;

    int cols() const { return n; }
    int rows() const { return second.empty() ? 1 : n; }
    int cells() const { return cols() * rows(); }
    double lr(int i) const;      ///< γ of column i
    double secondValue(int j) const;  ///< the second setting of row j
    /// The settings of cell (i, j): base with γ of column i and the second setting of row j.
    RunConfig cell(int i, int j) const;
};

/// The request for a run's settings: γ from base.lr/100 to 30·base.lr (within [1e-6, 10]), the
/// first of momentum, β₁, α the optimizer has (μ, β₁ in [0, 0.99], α in [0.5, 0.99]).
SweepRequest sweepFor(const RunConfig& base);

/// Cell k (row-major: k = j·cols + i): the loss after `steps` steps from base.start, NaN if the
/// run diverged.
double sweepCell(const Landscape& l, const SweepRequest& r, int k);

}  // namespace optiscape
