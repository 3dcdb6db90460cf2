// The app's state: the landscape, up to eight runs with their colours, playback, and the map's
// view. Views and panels read it and change it through the few functions below, so that every
// way of acting (mouse, keyboard, browser API) goes through the same path.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/jobs/runner.h"
#include "core/landscape.h"
#include "core/lesson.h"
#include "core/nets/problem.h"
#include "core/nets/slice_setup.h"
#include "core/run.h"
#include "core/scenario.h"
#include "app/theory_state.h"

namespace optiscape::app {

/// One run per Okabe–Ito colour.
constexpr int kMaxRuns = 8;
/// A run whose gradient norm falls below this has converged (it stops, and says so).
constexpr double kConvergedGradNorm = 1e-10;
/// A run stops here when it neither converges nor diverges.
constexpr int kMaxSteps = 20000;

/// One run on screen: the core's run plus how it is shown. run.config() holds the settings in
/// both modes; in the network mode `net` trains the network with them (run then idles on the
/// landscape, kept for the way back).
struct RunSlot {
    Run run;
    nets::NetRun net;
    /// Network mode: (step, λmax of the full training loss's Hessian) every spec.sharpnessEvery steps.
    std::vector<std::pair<int, double>> sharpness;
    /// Network mode: the weights at evenly thinned steps (a slice's PCA and projected path).
    nets::ThetaHistory history;
    int color = 0;       ///< index into the Okabe–Ito palette (theme.h)
    bool visible = true;
};

/// The map's view: centre and scale with equal units on both axes.
struct MapView {
    Vec2 center = Vec2::Zero();
    double unitsPerPixel = 0.01;  ///< w-units per device pixel
    bool fitted = false;          ///< fitted to the landscape's default box once the size is known
};

/// One network run's saved trajectory on a slice: its weights projected onto the plane (least
/// squares; the slice's own run in the PCA plane: the exact coordinates), with the loss there.
struct SlicePath {
    int run = 0, color = 0;
    bool visible = true;
    std::vector<Vec2> points;
    std::vector<int> steps;
    std::vector<double> loss;  ///< the network's loss at each projected point (the slice's value there)
};

/// A slice of the network's loss shown as the landscape (issue 17; app/net_views.h): while it is
/// open the network's runs, landscape and view wait here, and come back with closeSlice().
struct SliceState {
    bool open = false;
    nets::SliceSpec spec;
    nets::SlicePlane plane;
    std::vector<SlicePath> paths;  ///< every network run's trajectory on the slice, in run order
    int run = 0;        ///< the network run the slice was taken through (its weights are θ₀)
    int runColor = 0;
    int step = 0;       ///< that run's step
    std::vector<RunSlot> savedRuns;
    std::unique_ptr<Landscape> savedLandscape;
    int savedSelected = 0;
    MapView savedView;
    int savedViewMode = 0;
    // reported by the map while it evaluates the slice on its grid, a few rows per frame
    double progress = 0.0;
    double ms = 0.0;          ///< compute time of the grid so far
    double maxFrameMs = 0.0;  ///< the most any one frame spent on it (wall clock: a loaded machine stretches it)
    int frames = 0, slowFrames = 0;  ///< frames that computed it, and those over 20 ms
    int cols = 0, rows = 0;
    int workers = 0;          ///< the workers computing it (0: in place, a few cells per frame)
    std::uint32_t hash = 0;   ///< FNV-1a over the bits of the finished grid's values (0 until finished)
};

/// The loss along the straight line from a run's initial to its current weights.
struct NetLine {
    int run = -1, step = -1, version = -1;  ///< what it was computed for
    double tmin = 0.0, tmax = 1.0;
    std::vector<double> loss;
    bool showTab = false;  ///< a command asked for the plots' Line tab
};

/// Mode connectivity with a second network, computed across frames.
struct ConnectState {
    std::unique_ptr<nets::Connectivity> job;
    int run = -1, step = 0;  ///< network A: this run at this step
    double ms = 0.0;         ///< compute time so far
    bool showTab = false;    ///< a command asked for the plots' Connect tab
};

/// The network mode: a network problem, its initial weights shared by every run, and the user's
/// own data if they dropped a CSV.
struct NetworkMode {
    nets::NetSpec spec;
    nets::Prepared prepared;           ///< data, features, split, model and the Problem
    VecX theta0;                       ///< the initial weights (initialParameters of spec.seed)
    std::optional<nets::Dataset> userData;
    std::string userDataName;          ///< the dropped file's name
    int version = 0;                   ///< bumped whenever the problem changes (views rebuild)
};

/// The network mode's runs stop at this many steps.
constexpr int kMaxNetSteps = 20000;


/// Where the student is in a lesson.
struct LessonProgress {
    int lesson = -1;        ///< index into the lessons, -1 = exploring freely
    int step = 0;
    int choice = -1;        ///< the answer picked for the step's question, -1 = none yet
    bool ran = false;       ///< the step's run has been played to its end: reveal the answer
    int runUntil = -1;      ///< playing stops when every run reaches this step
    std::vector<std::vector<bool>> done;  ///< per lesson, per step: completed
};

/// The formula editor: what the user typed (kept even when it does not parse), the parse error
/// with its 1-based column, and the slider ranges the user gave the formula's parameters.
struct FormulaEdit {
    std::string text;
    std::string error;   ///< "" when text parses (then the landscape shows it)
    int column = 0;      ///< where the error points, in characters of text; 0 = nowhere
    std::map<std::string, std::pair<double, double>> ranges;  ///< parameter -> [min, max]
};

struct AppState {
    std::unique_ptr<Landscape> landscape;
    int landscapeIndex = 0;  ///< index into allPresetNames() (presets, then data presets): the one last opened
    FormulaEdit formula;
    std::vector<RunSlot> runs;
    int selected = 0;

    bool playing = false;
    float speed = 40.0f;      ///< steps per second
    double stepCredit = 0.0;  ///< fractional steps carried between frames

    MapView view;
    bool viewDirty = true;  ///< the map must be resampled (view, size or landscape changed)

    /// The centre of the screen: 0 the map, 1 the 3D surface, 2 both side by side.
    int viewMode = 0;

    // Layers of the map.
    bool showStability = false;  ///< shade where the selected run's γ exceeds the local limit
    bool showEigen = true;       ///< the Hessian's eigenvectors as a cross at the cursor
    bool showStationary = true;  ///< known minima, maxima and saddles
    bool showBasins = false;     ///< basins of attraction of the selected run's optimizer
    bool showFlow = false;       ///< the gradient flow from the selected run's start
    double basinsProgress = 0.0; ///< reported by the map's basin layer: rows done / rows
    double basinsMs = 0.0;       ///< its compute time so far, milliseconds (frames excluded)
    int basinsCols = 0, basinsRows = 0;  ///< its grid of starts
    double basinsSteps = 0.0;    ///< optimizer steps taken over the whole grid, once done
    std::uint32_t basinsHash = 0;  ///< FNV-1a of the finished map's labels and steps (0 until done)
    int basinsWorkers = 0;       ///< workers computing its bands (0: in place, a few rows per frame)
    int flowPoints = 0;          ///< reported by the map: points of the drawn flow path

    bool sweepRequest = false;   ///< a panel asked for the sweep window on the selected run
    /// The fair-comparison sweep as the sweep window last computed it (for state()).
    struct SweepReport {
        bool open = false;
        double progress = 0.0;
        int cols = 0, rows = 0, steps = 0, workers = 0;
        std::string second;          ///< "momentum", "beta1", "alpha" or ""
        double ms = 0.0;             ///< on workers: wall time from the start; in place: compute time
        std::uint32_t hash = 0;      ///< FNV-1a over the bits of every cell (0 until done)
        double bestLoss = 0.0, bestLr = 0.0, bestSecond = 0.0;  ///< the lowest final loss and its cell
    } sweep;

    std::vector<Lesson> lessons;  ///< loaded from the embedded lesson files
    LessonProgress lesson;

    /// An export a panel asked for; the platform carries it out after the frame and clears it
    /// (a PNG at 2× the view's size and a video need the browser; the desktop writes files).
    enum class Export { None, Png, Csv, Video };
    Export exportRequest = Export::None;
    bool canRecordVideo = false;  ///< set by the platform: the browser can record the canvas
    bool projector = false;       ///< the high-contrast, larger theme for lecture halls

    bool networkMode = false;  ///< the centre shows a network trained on data instead of a landscape
    NetworkMode net;
    int netSpeed = 5;          ///< network mode: optimizer steps per frame
    SliceState slice;          ///< a slice of the network's loss, when one is shown as the landscape
    NetLine line;              ///< the network plots' 1-D line
    ConnectState connect;      ///< the network plots' mode connectivity

    bool theoryMode = false;   ///< the centre shows the theory page's experiment (app/theory_state.h)
    TheoryState theory;

    std::string notice;  ///< a short message shown on the map (what was ignored, what happened)
    double noticeUntil = 0.0;

    // The idle page draws nothing (issue 16): each frame, whatever still computes or moves sets
    // `busy` (draw the next frame too) or an ImGui time in `wakeAt` (draw again then: a notice
    // that disappears, a double-click that may come); the platform stops redrawing otherwise,
    // until input or an API call arrives.
    bool busy = false;
    /// Where heavy work runs (the basin map's bands): the platform's workers, or nullptr (then in
    /// place, a few rows per frame). Owned by the platform.
    jobs::JobRunner* jobs = nullptr;
    int jobsEpoch = 0;  ///< changed when `jobs` changes: work under way starts over
    double wakeAt = 1e300;
    double clock = 0.0;    ///< ImGui time of the frame being drawn (set by App::frame)
    long framesDrawn = 0;  ///< frames drawn since the start (window.optiscape.state().frames)
    bool idle = false;     ///< set by the platform: no frame is being drawn until something happens
    /// Ask for a frame at ImGui time `t` (at the latest).
    void wakeBy(double t) { wakeAt = t < wakeAt ? t : wakeAt; }
    /// While work runs on the workers, the main thread only shows what they hand back: a frame
    /// this often is enough to see the tiles arrive, and leaves the cores to the workers (a page
    /// drawn by software GL costs about a core for 33 ms a frame). The platform draws a frame at
    /// once when a client's last job comes back (jobs::JobRunner), so nothing waits for a poll.
    static constexpr double kWorkerPoll = 0.1;
    void pollWorkers() { wakeBy(clock + kWorkerPoll); }
};

/// Switches to the network mode with `spec` (the data generated, the model formed, the initial
/// weights drawn; the arch's ends follow the data), every run restarted from the shared initial
/// weights with its own settings. Returns "" or why the spec does not fit (nothing changes then).
std::string setNetwork(AppState& s, const nets::NetSpec& spec);
/// The user's CSV as the network's data (a dropped file): parsed, then setNetwork with it.
/// Returns "" or what is wrong with the file (the previous problem stays).
std::string setNetworkCsv(AppState& s, std::string_view csv, const std::string& name);
/// Back to the landscape last opened (the runs keep their optimizers and settings).
void leaveNetwork(AppState& s);
/// Default settings of an optimizer for training a network: torch's with a learning rate that
/// trains the page's small nets (0.1 for the SGD family and Adagrad, 0.01 for RMSprop and Adam).
RunConfig netDefaultRunConfig(OptimizerKind kind);
/// The current mode's steps, loss and gradient norm of a run.
int slotSteps(const AppState& s, const RunSlot& r);
double slotLoss(const AppState& s, const RunSlot& r);

/// Sets a preset by index into allPresetNames() (the presets, then the data presets): its
/// default parameters, view and start; runs restart from its start. The editor shows its formula.
void selectLandscape(AppState& s, int index);
/// The same by name; false when no preset has that name.
bool selectLandscapeByName(AppState& s, std::string_view name);
/// The formula editor's text changed: parses it, and when it parses shows it as the landscape
/// (parameters it shares with the current landscape keep their values; runs restart from their
/// starts; the view stays). Returns "" or the parse error (also in s.formula; the landscape
/// then stays as it was, and the text is kept).
std::string editFormula(AppState& s, const std::string& text);
/// Sets the slider range of a custom formula's parameter (min < max, finite); the value is
/// clamped into it. Returns "" or what was wrong.
std::string setFormulaRange(AppState& s, const std::string& name, double min, double max);
/// Back to the preset last opened, with its defaults (the editor's "Reset to preset").
void resetToPreset(AppState& s);
/// The default scenario: yarotsky with gradient descent, heavy ball, Nesterov and Adam.
void setDefaultScenario(AppState& s);
/// Restarts every run from its start on the current landscape.
void resetRuns(AppState& s);
/// Network mode: appends the slot's sharpness λmax at its current step when the step is a
/// multiple of spec.sharpnessEvery (and not yet recorded).
void recordSharpness(const AppState& s, RunSlot& r);
/// Restarts one run (after its settings changed).
void resetRun(AppState& s, int index);
/// Restarts a slot with its settings: on the landscape, and in the network mode from the shared
/// initial weights.
void restartSlot(AppState& s, RunSlot& r);
/// Settings of `kind` as the current mode suggests them.
RunConfig modeDefaults(const AppState& s, OptimizerKind kind);
/// Sets the start of every run (or of one, index ≥ 0) and restarts it.
void setStart(AppState& s, const Vec2& w, int index = -1);
/// Takes one step in every run that can still move.
void stepAll(AppState& s, int n = 1);
/// Advances playback by dt seconds at s.speed; stops playing once no run can move.
void advancePlayback(AppState& s, double dt);
/// True while at least one run can still take a step.
bool anyRunActive(const AppState& s);
/// Adds a run (copy of the selected one, next free colour); false when kMaxRuns are shown.
bool addRun(AppState& s);
/// Adds a run of `kind` with its default settings (defaultRunConfig), starting where the
/// selected run starts, in the next free colour, and selects it; false when kMaxRuns are shown.
bool addRunOf(AppState& s, OptimizerKind kind);
/// Adds a copy of run `index` — every setting, visibility — in the next free colour, restarted
/// from its start, and selects it. Returns "" or why not (bad index, kMaxRuns reached).
std::string duplicateRun(AppState& s, int index);
/// Removes run `index` (the last run stays). Returns "" or why not.
std::string removeRun(AppState& s, int index);
/// Sets one setting of the selected run and restarts it: a hyperparameter its optimizer uses
/// (CLI names, "lr", "momentum", …; torch's "weight_decay", "lr_decay" also), "noise", "batch"
/// (only on a landscape with samples; 0 = full batch) or "seed". Returns "" or what is wrong,
/// naming what is allowed; nothing changes then.
std::string setRunSetting(AppState& s, std::string_view name, double value);
/// Sets the selected run's learning-rate schedule from its text form (parseSchedule, e.g.
/// "cosine:period=200,min=0.001,warmup=10") and restarts it. Returns "" or what is wrong.
std::string setRunSchedule(AppState& s, std::string_view spec);
/// Changes the selected run's optimizer, keeping the settings both optimizers share (learning
/// rate, momentum, betas, …) and the run-level ones (schedule, noise, batch, seed, start).
void setRunOptimizer(AppState& s, OptimizerKind kind);
/// A learning rate that shows the optimizer well on `l` from `start`: 0.6/λmax of the Hessian
/// there for the SGD family (inside GD's stability limit 2/λmax), a step of about 1/80 of the
/// view for Adam, rounded to one significant digit.
double suggestedLr(OptimizerKind kind, const Landscape& l, const Vec2& start);
/// Default settings of an optimizer on `l`: torch's, with suggestedLr().
RunConfig defaultRunConfig(OptimizerKind kind, const Landscape& l);
/// Why a run is not moving: "" while it can step, else "diverged at step k", "converged", ...
/// (in the network mode, its network run's: "early stop at step k: ...").
std::string runStatus(const RunSlot& r);
std::string runStatus(const AppState& s, const RunSlot& r);

/// The scenario the state shows (landscape, parameters, runs' settings and starts, playback).
Scenario toScenario(const AppState& s);
/// Replaces landscape and runs by the scenario's (and in the network mode the network's); every
/// run restarts from its start. Returns "" or why the scenario's network could not be set up
/// (the mode then stays as it was).
std::string fromScenario(AppState& s, const Scenario& sc);
/// Applies a (partial) JSON scenario, as window.optiscape.load(); returns the JSON array of what
/// was ignored (empty when everything applied).
std::string loadScenarioJson(AppState& s, std::string_view json);

/// Opens step `step` of lesson `index`: the scenarios of the lesson's steps 0..step applied in
/// order onto the default scenario, so a step opens the same way however it is reached.
/// Returns "" or what went wrong.
std::string openLesson(AppState& s, int index, int step);
/// Leaves the lesson (the scenario stays).
void closeLesson(AppState& s);
/// Plays the current lesson step's run (after a choice was made, if there is a question).
void runLessonStep(AppState& s);
/// "Skip to the end": the lesson step's runs, while they play, take their remaining steps at once
/// — the same steps, so the same end as watched — and the step counts as run. Nothing to skip on
/// the theory page (its experiment computes on the workers) or when no step's run plays: false.
bool skipLessonRun(AppState& s);
/// {id, title, steps} of every lesson, as JSON (window.optiscape.lessons()).
std::string lessonsJson(const AppState& s);

/// Every run's trajectory as CSV: header run,optimizer,step,w1,w2,loss,grad_norm,lr and one row
/// per run and step, numbers at full precision (run is the run's index, from 0).
std::string runsCsv(const AppState& s);
/// The base name of exported files, after the scenario: "optiscape-rosenbrock-step120".
std::string exportName(const AppState& s);

/// The plain object window.optiscape.state() returns, as JSON.
std::string stateJson(const AppState& s);

}  // namespace optiscape::app
