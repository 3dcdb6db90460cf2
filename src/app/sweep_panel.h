// The fair-comparison sweep: for the selected run's optimizer, a grid over learning rate ×
// (momentum, β₁ or α) giving a heatmap of the loss after N steps from the same start. It is
// computed a few cells per frame (the page never freezes), shows its progress, can be cancelled,
// and a click on a cell adds a run with those settings.
#pragma once

#include <vector>

#include "app/app_state.h"
#include "app/theme.h"

namespace optiscape::app {

class SweepPanel {
public:
    /// Opens the sweep window for the selected run.
    void open(const AppState& s);
    /// Draws the window (if open) and computes cells for at most `budgetMs` milliseconds.
    void draw(AppState& s, const Fonts& fonts, float scale, double budgetMs = 8.0);
    bool isOpen() const { return open_; }
    /// Computes every remaining cell at once (tests, the desktop's --command).
    void finish(const AppState& s);
    double progress() const { return cells_.empty() ? 0.0 : double(done_) / double(cells_.size()); }

private:
    void compute(const AppState& s, double budgetMs);
    const char* secondName() const;

    bool open_ = false;
    RunConfig base_;
    std::string secondKey_;       ///< "momentum", "beta1", "alpha" or "" (a single row)
    int n_ = 20, steps_ = 200;
    double lrLo_ = 1e-3, lrHi_ = 1.0, secLo_ = 0.0, secHi_ = 0.99;
    std::vector<double> cells_;  ///< final loss per cell (NaN = diverged), row-major, row 0 = lowest second value
    size_t done_ = 0;
    const Landscape* landscape_ = nullptr;
};

}  // namespace optiscape::app
