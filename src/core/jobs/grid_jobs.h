// A costly landscape's grid as jobs (job.h): bands of rows of values — a network slice's
// L(θ₀ + a·d₁ + b·d₂), where each value is a pass over the training set — computed wherever the
// JobRunner runs them (Web Workers in the page, a thread pool natively), each cell by the same
// function as in place (evaluateGridCell), so the map is the same to the last bit wherever its
// rows were made. A job carries the whole landscape as text (writeLandscape: for a slice, its
// model, training set and plane).
#pragma once

#include <string>

#include "core/landscape.h"
#include "band_jobs.h"

namespace optiscape::jobs {

/// A grid of cells over [x0, x0 + w] × [y0, y0 + h], its values at the cells' centres; with
/// `hessian` also λmax of the 2 × 2 Hessian of each (the stability overlay's).
struct GridSpec {
    double x0 = 0, y0 = 0, w = 1, h = 1;
    int cols = 0, rows = 0;
    bool hessian = false;
    /// The centre of cell (i, j).
    Vec2 at(int i, int j) const { return {x0 + (i + 0.5) * w / cols, y0 + (j + 0.5) * h / rows}; }
};

/// The value of `l` at cell (i, j) and, with g.hessian, the larger eigenvalue of its Hessian
/// there (0 where it is not finite).
void evaluateGridCell(const Landscape& l, const GridSpec& g, int i, int j, double& value, float& lmax);

/// The job text of rows [row0, row1) of grid `g` on the landscape whose text (landscapeJson) is
/// `landscape`.
std::string gridJobSpec(const std::string& landscape, const GridSpec& g, int row0, int row1);
/// Runs a {"kind": "grid"} job. Its values, cell after cell of its rows (a varying fastest): the
/// value, then with "hessian" λmax. A landscape the text cannot build (a model that does not fit
/// its data, weights of the wrong length) or rows outside the grid give an error.
JobOutput runGridJob(const JsonValue& spec);

/// A grid computed by a JobRunner's workers in bands of rows; in place, a few cells per call,
/// when there is no runner, it has no workers or the landscape cannot be described as text
/// (jobs::describable). A band whose job fails is computed in place.
class GridJobs {
public:
    GridJobs(const Landscape& l, const GridSpec& g, JobRunner* runner);

    /// Takes the bands finished so far, then computes cells of `l` (the landscape it was made
    /// for) in place for about `budgetSeconds` (at least one, if any is left to do here); true
    /// once the grid is complete.
    bool advance(const Landscape& l, double budgetSeconds);
    bool complete() const { return bands_.complete(); }
    double progress() const { return bands_.progress(); }
    const GridSpec& grid() const { return g_; }
    size_t size() const { return bands_.total(); }
    /// Cell k's value (k = j·cols + i), for k < size().
    const double* values() const { return bands_.plane(0); }
    /// Cell k's λmax, or nullptr without g.hessian.
    const double* lmax() const { return g_.hessian ? bands_.plane(1) : nullptr; }
    /// How many workers compute the bands (0: in place).
    int workers() const { return bands_.workers(); }
    /// The last failed job's message, if any (its rows were then computed in place).
    const std::string& lastError() const { return bands_.lastError(); }

private:
    GridSpec g_;
    std::string text_;  ///< the landscape as text, when workers compute it
    BandJobs bands_;
};

}  // namespace optiscape::jobs
