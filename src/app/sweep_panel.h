// The fair-comparison sweep (core/sweep.h): for the selected run's optimizer, a grid over learning
// rate × (momentum, β₁ or α) giving a heatmap of the loss after N steps from the same start. Its
// runs are computed by the job runner's workers (jobs/sweep_jobs.h), or a few per frame in place
// (the page never freezes); it shows its progress, can be cancelled, and a click on a cell adds a
// run with those settings.
#pragma once

#include <chrono>
#include <memory>

#include "app/app_state.h"
#include "app/theme.h"
#include "core/jobs/sweep_jobs.h"

namespace optiscape::app {

class SweepPanel {
public:
    /// Opens the sweep window for the selected run: on a costly landscape its runs go to `s.jobs`'
    /// workers, if it has any. `steps` > 0 sets the runs' length.
    void open(AppState& s, int steps = 0);
    /// Draws the window (if open) and computes cells for at most `budgetMs` milliseconds.
    void draw(AppState& s, const Fonts& fonts, float scale, double budgetMs = 8.0);
    bool isOpen() const { return open_; }
    /// Opens the sweep and computes every cell here, at once (tests, the desktop's --command).
    void finish(AppState& s, int steps = 0);
    double progress() const { return jobs_ ? jobs_->progress() : 0.0; }

private:
    void start(AppState& s, jobs::JobRunner* runner);
    void compute(AppState& s, double budgetMs);
    void report(AppState& s) const;
    const char* secondName() const;

    bool open_ = false;
    int steps_ = 200;
    std::unique_ptr<jobs::SweepJobs> jobs_;
    std::chrono::steady_clock::time_point started_;
    double ms_ = 0.0;
    int epoch_ = 0;
    const Landscape* landscape_ = nullptr;
};

}  // namespace optiscape::app
