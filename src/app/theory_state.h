// The theory page's state (issue 18): the experiment's settings and its progressive computer —
// Safran–Shamir's table, Theorem 9 over depth, the landscape kinds A–D or the tanh plateau —
// computed in pieces by the app's job runner (Web Workers in the page, threads on the desktop)
// or, without one, a few milliseconds per frame. No ImGui here: the app-state tests use it as the
// page does.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/jobs/gradnorm_jobs.h"
#include "core/jobs/kinds_jobs.h"
#include "core/jobs/plateau_jobs.h"
#include "core/jobs/theory_jobs.h"
#include "core/json.h"
#include "core/theory/gradnorm_sweep.h"
#include "core/theory/landscape_kinds.h"
#include "core/theory/plateau.h"
#include "core/theory/spurious_table.h"
#include "core/theory/teacher_slice.h"
#include "core/theory/theory_spec.h"

namespace optiscape::app {

struct AppState;

struct TheoryState {
    theory::TheorySpec spec;
    /// spec.experiment == "spurious": on the app's job runner (Web Workers in the page), or here
    std::unique_ptr<jobs::SpuriousTableJobs> table;
    /// "gradients": the linear net's sweep and the tanh and ReLU nets', on the workers or here
    std::unique_ptr<jobs::GradNormJobs> grads;
    std::unique_ptr<jobs::KindsJobs> kinds;                ///< "kinds": its runs on the workers, or here
    std::unique_ptr<jobs::PlateauJobs> plateau;             ///< "plateau": its runs on the workers
    /// spurious: the slice of F around a spurious minimum of the histogram's row ("theory slice <i>").
    struct Slice {
        bool open = false;
        int row = -1, index = -1;        ///< the table row and which of its spurious minima (run order)
        theory::TeacherSlice plane;
        int cols = 48, rows = 48, rowsDone = 0;
        std::vector<double> values;      ///< F at the cell centres, row by row (b from the bottom up)
    } slice;
    int histogramRow = -1;      ///< spurious: the row whose final objectives are drawn (-1: k = n = 10 or the last)
    bool lessonWaits = false;   ///< a lesson step's "Run" waits for the experiment to finish
    bool finishedHere = false;  ///< "theory finish" computed the rest at once, on this thread
    double sliceSeconds = 0.012;  ///< compute time per frame
    jobs::JobRunner* runner = nullptr;  ///< AppState::jobs when the experiment was built
    int jobsEpoch = 0;                  ///< and AppState::jobsEpoch: a change starts it over
};

/// Opens the theory page with `spec` (leaving the landscape or network; runs are kept for the way
/// back) and starts its computation from the beginning. "" or what is wrong (nothing changes then).
std::string openTheory(AppState& s, const theory::TheorySpec& spec);
/// "theory slice <i>|close" (see theoryCommand).
std::string openTheorySlice(TheoryState& t, const std::string& arg);
/// Back to the landscape last opened.
void leaveTheory(AppState& s);
/// Rebuilds the current experiment's computer from s.theory.spec (a setting changed).
void restartTheory(AppState& s);
/// "theory spurious|gradients|kinds|plateau", "theory start|pause|restart|close", "theory <field> <value>"
/// (runs, seed, maxK, sigmaSqrtD, width, depth, samples, kindsK, kindsRuns, plateauLr,
/// plateauMomentum, plateauRadius, plateauCurve), "theory row <i>",
/// "theory finish" (compute to the end now), "theory slice <i>" (the plane through the histogram
/// row's i-th spurious minimum and its nearest global minimum), "theory slice close". "" or what is wrong.
std::string theoryCommand(AppState& s, std::string_view arg);
/// A lesson step's "Run" on the theory page: the experiment from the start; the step counts as run
/// once it is done.
void startTheoryLessonRun(AppState& s);
/// One frame's slice of computation (s.theory.sliceSeconds) while running; marks s.busy.
void advanceTheory(AppState& s);
/// The current experiment's computation (the one of table, grads, kinds and plateau that is
/// built), or nullptr.
jobs::ExperimentJobs* theoryExperiment(const TheoryState& t);
/// Progress of the current experiment in [0, 1], and whether it is done.
double theoryProgress(const TheoryState& t);
bool theoryDone(const TheoryState& t);
double theorySeconds(const TheoryState& t);
/// How many workers compute the experiment (0: here, a slice per frame).
int theoryWorkers(const TheoryState& t);
/// The row the spurious histogram shows.
int theoryHistogramRow(const TheoryState& t);
/// The optimizer and thresholds, in words (the page says which are used).
std::string theoryOptimizerText(const theory::SpuriousSettings& o);
/// state().theory: the spec, progress, and the experiment's numbers.
void writeTheoryState(JsonWriter& j, const TheoryState& t);

}  // namespace optiscape::app
