// Basins of attraction: run an optimizer from the centre of every pixel of a grid and label each
// start by the minimum it converges to (or diverged / not converged), computed a few rows at a
// time so a UI can spread the work over frames with a progress bar.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "landscape.h"
#include "optimizer.h"
#include "types.h"

namespace optiscape {

/// Labels of pixels that reached no minimum.
constexpr int kBasinDiverged = -1;      ///< w or ∇L non-finite, or |w| > kDivergenceRadius (1e6)
constexpr int kBasinNotConverged = -2;  ///< still moving after maxSteps

struct BasinRequest {
    OptimizerKind optimizer = OptimizerKind::Momentum;
    Hyper hyper = defaultsFor(OptimizerKind::Momentum);  ///< hyper.lr is used at every step
    ViewBox box;               ///< the starts: pixel centres of this box
    int width = 256;           ///< pixels along w1
    int height = 256;          ///< pixels along w2
    int maxSteps = 1000;       ///< steps per start at most
    double tol = 1e-6;         ///< converged once |Δw| ≤ tol and |∇L(w)| ≤ tol after a step
};

struct BasinMap {
    int width = 0, height = 0;
    /// Per pixel, row-major, row 0 at the bottom (smallest w2) as the heatmap: an index into
    /// minima, or kBasinDiverged, or kBasinNotConverged.
    std::vector<int> label;
    /// Per pixel: the step at which it converged or diverged (maxSteps when not converged).
    std::vector<int> steps;
    /// Where runs ended: first the landscape's known minima (knownMinima of them, in the order of
    /// stationaryPoints()), then points where runs converged far from all of them (a saddle
    /// reached from its measure-zero stable set, a point of a valley of minima, a minimum the
    /// landscape does not list), each the first endpoint of its cluster.
    std::vector<Vec2> minima;
    int knownMinima = 0;
};

/// What happened to one start of a row: it converged at w after `steps` steps, diverged, or was
/// still moving after maxSteps. A row's events come in the order its starts stopped, because the
/// labels (and the new minima found) depend on that order: a row computed elsewhere — a Web
/// Worker, a thread — and applied with BasinComputer::supplyRow labels exactly as one computed
/// in place.
struct BasinEvent {
    enum Outcome { Converged = 0, Diverged = 1, NotConverged = 2 };
    int pixel = 0;       ///< the column i of the start
    int outcome = Converged;
    int steps = 0;
    Vec2 w = Vec2::Zero();  ///< where it converged (Converged only)
};

/// The optimizer's part of a basin map: the events of any row, a pure function of the landscape,
/// the request and the row (so rows can be computed in any order, anywhere).
class BasinRowKernel {
public:
    /// Copies the landscape (Landscape::clone()).
    BasinRowKernel(const Landscape& landscape, const BasinRequest& request);
    /// Row j's events (replacing `events`' contents), in the order its starts stopped.
    void computeRow(int j, std::vector<BasinEvent>& events) const;
    const Landscape& landscape() const { return *landscape_; }
    const BasinRequest& request() const { return req_; }

private:
    void computeRowWithRuns(int j, std::vector<BasinEvent>& events) const;
    std::unique_ptr<Landscape> landscape_;
    BasinRequest req_;
    std::vector<double> adamStep_, adamC2Sqrt_;  ///< lr/(1 − β₁ᵗ) and √(1 − β₂ᵗ), t = 1..maxSteps
};

/// Computes a BasinMap row by row. A pixel's label is what a Run from its centre (constant
/// learning rate hyper.lr, no noise) reaches: gd, momentum, nesterov and adam run as inlined loops
/// over a row's pixels, identical to step() to the last bit, with Run's stopping test (w or ∇L
/// not finite, or |w| > 1e6) except that L itself is evaluated only at the start — so a landscape
/// must have a non-finite ∇L wherever L is undefined, as formula landscapes do; every other
/// optimizer goes through Run itself. Diverged and left the domain (NaN) are both kBasinDiverged.
///
/// Labelling: a converged endpoint takes the nearest of `minima` within 1% of the box's
/// diagonal; otherwise it starts a new entry. The known minima are the landscape's listed
/// points of type Minimum, unless hasContinuum() (then only clusters: the minima form a curve).
class BasinComputer {
public:
    /// Copies the landscape (Landscape::clone()), so the caller may change or drop its own.
    BasinComputer(const Landscape& landscape, BasinRequest request);

    /// Computes up to budgetRows more rows; true once the whole map is done.
    bool advance(int budgetRows);
    /// Computes rows (at least one) until about `seconds` have passed; true once done.
    bool advanceFor(double seconds);
    /// Row j's events computed elsewhere by a BasinRowKernel of the same landscape and request.
    /// Rows are labelled in order: a row ahead of rowsDone() waits until those before it arrive;
    /// a row already done, or out of range, is ignored.
    void supplyRow(int j, std::vector<BasinEvent> events);
    /// Computes row j here and supplies it (see supplyRow).
    void computeRow(int j);
    /// Rows done / rows, in [0, 1].
    double progress() const;
    bool done() const { return nextRow_ >= map_.height; }
    /// Rows computed so far (rows [0, rowsDone()) of the map are final).
    int rowsDone() const { return nextRow_; }
    /// The map so far (rows not yet computed are labelled kBasinNotConverged with 0 steps).
    const BasinMap& result() const { return map_; }
    const BasinRequest& request() const { return req_; }

    /// The centre of pixel (i, j): column i from w1min, row j from w2min.
    static Vec2 pixelCenter(const BasinRequest& r, int i, int j);

private:
    void applyRow(int j, const std::vector<BasinEvent>& events);
    int labelOf(const Vec2& w);

    BasinRowKernel kernel_;
    BasinRequest req_;
    BasinMap map_;
    int nextRow_ = 0;
    double matchRadius_ = 0.0;
    std::vector<BasinEvent> events_;                 ///< scratch of advance()
    std::map<int, std::vector<BasinEvent>> waiting_;  ///< supplied rows ahead of nextRow_
};

}  // namespace optiscape
