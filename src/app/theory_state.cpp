// The theory page's state operations and its state() report (app/theory_state.h).
#include "app/theory_state.h"

#include <algorithm>
#include <cmath>

#include "app/app_state.h"
#include "core/params.h"

namespace optiscape::app {

using namespace optiscape::theory;

namespace {

/// Builds the computer for spec; "" or what is wrong.
std::string build(TheoryState& t, const TheorySpec& spec) {
    t.table.reset();
    t.grads.reset();
    t.kinds.reset();
    t.plateau.reset();
    t.slice = TheoryState::Slice{};
    t.finishedHere = false;
    if (spec.experiment == "spurious") {
        t.table = std::make_unique<jobs::SpuriousTableJobs>(tableSettingsFor(spec), t.runner);
    } else if (spec.experiment == "gradients") {
        t.grads = std::make_unique<jobs::GradNormJobs>(sweepSettingsFor(spec), netGradSettingsFor(spec), t.runner);
    } else if (spec.experiment == "kinds") {
        std::string error;
        t.kinds = jobs::KindsJobs::make(kindsSettingsFor(spec), t.runner, &error);
        if (!t.kinds) return error;
    } else if (spec.experiment == "plateau") {
        std::string error;
        t.plateau = jobs::PlateauJobs::make(plateauSettingsFor(spec), t.runner, &error);
        if (!t.plateau) return error;
    } else {
        return "unknown experiment '" + spec.experiment + "'";
    }
    t.spec = spec;
    return "";
}

void writeMoments(JsonWriter& j, const MomentSums& m) {
    j.key("samples").value(m.count);
    j.key("mean").value(m.mean());
    j.key("stderr").value(m.stderrMean());
    j.key("log10Mean").value(m.mean() > 0 ? std::log10(m.mean()) : -HUGE_VAL);  // null when 0
    j.key("overflow").value(m.overflow);
}

void writeRow(JsonWriter& j, const SpuriousRowTally& r) {
    j.beginObject();
    j.key("k").value(r.k).key("n").value(r.n).key("runs").value(r.done);
    j.key("global").value(r.global).key("spurious").value(r.spurious).key("notConverged").value(r.notConverged);
    j.key("fraction").value(r.fraction()).key("stderr").value(r.stderrFraction());
    j.key("meanMinEigenvalue").value(r.meanMinEigenvalue()).key("meanObjective").value(r.meanObjective());
    j.key("seconds").value(r.seconds);
    if (const LectureRow* l = lectureRow(r.k, r.n))
        j.key("lecture").beginObject().key("percent").value(l->percent).key("minEigenvalue").value(l->minEigenvalue)
            .key("objective").value(l->objective).endObject();
    j.endObject();
}

/// state().theory.plateau: L₀, the saddle's escape rate, the predicted steps per decade, and every
/// finished run (length −1: it never left the plateau).
void writePlateau(JsonWriter& j, const PlateauComputer& c) {
    const PlateauSettings& ps = c.settings();
    const double lambda = c.escapeRate();
    j.key("plateau").beginObject();
    j.key("zeroLoss").value(c.zeroLoss()).key("escapeRate").value(lambda);
    j.key("drop").value(ps.drop).key("maxSteps").value(ps.maxSteps).key("threshold").value(ps.threshold);
    j.key("every").value(ps.every).key("runsDone").value(c.runsDone()).key("runsTotal").value(c.total());
    j.key("scales").beginArray();
    for (double v : ps.scales) j.value(v);
    j.endArray();
    j.key("stepsPerDecade").beginObject();
    for (int o = 0; o < kPlateauOptimizers; ++o) {
        const auto opt = static_cast<PlateauOptimizer>(o);
        j.key(plateauOptimizerName(opt)).value(std::log(10.0) / std::log(plateauGrowth(ps, lambda, opt)));
    }
    j.endObject();
    j.key("runs").beginArray();
    for (const PlateauRun& r : c.runs()) {
        j.beginObject().key("scale").value(r.scale).key("optimizer").value(plateauOptimizerName(r.optimizer));
        j.key("length").value(r.length).key("startLoss").value(r.startLoss).key("finalLoss").value(r.finalLoss);
        j.key("startGrad").value(r.startGrad).key("plateauMinGrad").value(r.plateauMinGrad);
        j.key("steps").value(r.steps).key("jumps").value(r.jumps).key("diverged").value(r.diverged).endObject();
    }
    j.endArray();
    j.endObject();
}

}  // namespace

std::string openTheorySlice(TheoryState& t, const std::string& arg) {
    if (arg == "close") {
        t.slice = TheoryState::Slice{};
        return "";
    }
    if (!t.table) return "theory slice needs the spurious table: give theory spurious first";
    const int row = theoryHistogramRow(t);
    const SpuriousRowTally& r = t.table->rows()[static_cast<size_t>(row)];
    const int count = static_cast<int>(r.spuriousPoints.size());
    const auto v = parseNumber(arg);
    if (!v || *v != std::floor(*v) || *v < 0 || *v >= std::max(count, 1) || count == 0)
        return count == 0 ? "no spurious minimum in row (" + std::to_string(r.k) + ", " + std::to_string(r.n) + ") yet; choose "
                                "another row or let the table compute"
                          : "theory slice takes the index of a spurious minimum of row (" + std::to_string(r.k) + ", " +
                                std::to_string(r.n) + "), 0 to " + std::to_string(count - 1) + ", or close";
    TheoryState::Slice sl;
    std::string error;
    if (!makeTeacherSlice(TeacherObjective{r.k, r.n}, r.spuriousPoints[static_cast<size_t>(*v)], t.spec.seed, &sl.plane, &error))
        return error;
    sl.open = true;
    sl.row = row;
    sl.index = static_cast<int>(*v);
    t.slice = std::move(sl);
    return "";
}

std::string openTheory(AppState& s, const TheorySpec& spec) {
    TheoryState fresh;
    fresh.runner = s.jobs;
    fresh.jobsEpoch = s.jobsEpoch;
    const std::string error = build(fresh, spec);
    if (!error.empty()) return error;
    leaveNetwork(s);
    s.playing = false;
    s.theory.runner = fresh.runner;
    s.theory.jobsEpoch = fresh.jobsEpoch;
    s.theory.table = std::move(fresh.table);
    s.theory.grads = std::move(fresh.grads);
    s.theory.kinds = std::move(fresh.kinds);
    s.theory.plateau = std::move(fresh.plateau);
    s.theory.spec = spec;
    s.theory.histogramRow = -1;
    s.theory.slice = TheoryState::Slice{};
    s.theory.lessonWaits = false;
    s.theory.finishedHere = false;
    s.theoryMode = true;
    return "";
}

void leaveTheory(AppState& s) {
    if (!s.theoryMode) return;
    s.theoryMode = false;
    s.theory.lessonWaits = false;
    s.viewDirty = true;
}

void restartTheory(AppState& s) {
    TheorySpec spec = s.theory.spec;
    s.theory.runner = s.jobs;
    s.theory.jobsEpoch = s.jobsEpoch;
    build(s.theory, spec);  // the spec was validated field by field
}

std::string theoryCommand(AppState& s, std::string_view argView) {
    const std::string arg(argView);
    const std::string verb = arg.substr(0, arg.find(' '));
    const std::string rest = arg.find(' ') == std::string::npos ? "" : arg.substr(arg.find(' ') + 1);
    const auto& names = theoryExperiments();
    if (std::find(names.begin(), names.end(), verb) != names.end()) {
        TheorySpec spec = s.theory.spec;
        spec.experiment = verb;
        spec.running = true;
        return openTheory(s, spec);
    }
    if (verb == "close") {
        leaveTheory(s);
        return "";
    }
    if (!s.theoryMode) return "the theory page is not open; give theory spurious, theory gradients, theory kinds or theory plateau";
    if (verb == "start") {
        if (theoryDone(s.theory)) restartTheory(s);
        s.theory.spec.running = true;
    } else if (verb == "pause") {
        s.theory.spec.running = false;
    } else if (verb == "restart") {
        restartTheory(s);
        s.theory.spec.running = true;
    } else if (verb == "finish") {
        jobs::ExperimentJobs* e = theoryExperiment(s.theory);
        if (e && !e->done()) {
            e->finishHere();  // no waiting for workers' messages
            s.theory.finishedHere = true;
        }
    } else if (verb == "slice") {
        return openTheorySlice(s.theory, rest);
    } else if (verb == "row") {
        const auto v = parseNumber(rest);
        const int rows = s.theory.table ? static_cast<int>(s.theory.table->rows().size()) : 0;
        if (!s.theory.table || !v || *v < 0 || *v >= rows || *v != std::floor(*v))
            return "theory row takes a row index of the spurious table, 0 to " + std::to_string(std::max(rows - 1, 0));
        s.theory.histogramRow = static_cast<int>(*v);
        s.theory.slice = TheoryState::Slice{};
    } else {
        TheorySpec spec = s.theory.spec;
        const std::string error = rest.empty() && verb.empty() ? "theory takes spurious, gradients, kinds, plateau, start, pause, "
                                                                  "restart, finish, close, row <i> or <setting> <value>"
                                                               : setTheoryField(spec, verb, rest);
        if (!error.empty()) return error;
        // The per-layer depth is only a view of the sweep: no restart needed.
        const bool viewOnly = verb == "depth" || verb == "plateauCurve";
        s.theory.spec = spec;
        if (!viewOnly) restartTheory(s);
    }
    return "";
}

void startTheoryLessonRun(AppState& s) {
    restartTheory(s);
    s.theory.spec.running = true;
    s.theory.lessonWaits = true;
    s.lesson.ran = false;
}

void advanceTheory(AppState& s) {
    if (!s.theoryMode) return;
    TheoryState& t = s.theory;
    jobs::ExperimentJobs* e = theoryExperiment(t);
    if (e && t.jobsEpoch != s.jobsEpoch) {  // workers switched on or off: start over there
        const bool running = t.spec.running;
        restartTheory(s);
        t.spec.running = running;
        e = theoryExperiment(t);
    }
    if (e && t.spec.running && !e->done()) {
        e->advanceFor(t.sliceSeconds);
        // On workers the main thread only tallies their chunks (AppState::kWorkerPoll).
        if (e->workers() > 0) s.pollWorkers();
        else s.busy = true;
    }
    if (t.slice.open && t.slice.rowsDone < t.slice.rows) {  // a few rows of the slice's grid per frame
        const int end = std::min(t.slice.rows, t.slice.rowsDone + 6);
        const std::vector<double> v = teacherSliceRows(t.slice.plane, t.slice.cols, t.slice.rows, t.slice.rowsDone, end);
        t.slice.values.insert(t.slice.values.end(), v.begin(), v.end());
        t.slice.rowsDone = end;
        s.busy = true;
    }
    if (theoryDone(t) && t.lessonWaits) {
        t.lessonWaits = false;
        if (s.lesson.lesson >= 0) {
            s.lesson.ran = true;
            s.lesson.done[static_cast<size_t>(s.lesson.lesson)][static_cast<size_t>(s.lesson.step)] = true;
        }
    }
}

jobs::ExperimentJobs* theoryExperiment(const TheoryState& t) {
    if (t.table) return t.table.get();
    if (t.grads) return t.grads.get();
    if (t.kinds) return t.kinds.get();
    return t.plateau.get();
}

double theoryProgress(const TheoryState& t) {
    const jobs::ExperimentJobs* e = theoryExperiment(t);
    return e ? e->progress() : 0.0;
}

bool theoryDone(const TheoryState& t) {
    const jobs::ExperimentJobs* e = theoryExperiment(t);
    return !e || e->done();
}

double theorySeconds(const TheoryState& t) {
    const jobs::ExperimentJobs* e = theoryExperiment(t);
    return e ? e->seconds() : 0.0;
}

int theoryWorkers(const TheoryState& t) {
    const jobs::ExperimentJobs* e = theoryExperiment(t);
    return e ? e->workers() : 0;
}

int theoryHistogramRow(const TheoryState& t) {
    if (!t.table) return -1;
    const auto& rows = t.table->rows();
    if (t.histogramRow >= 0 && t.histogramRow < static_cast<int>(rows.size())) return t.histogramRow;
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].k == 10 && rows[i].n == 10) return static_cast<int>(i);
    return static_cast<int>(rows.size()) - 1;
}

std::string theoryOptimizerText(const SpuriousSettings& o) {
    return "gradient descent with Armijo backtracking (the step grows ×1.25 after each accepted step, at most " +
           formatNumber(o.maxStep, 3) + "), Newton steps once ‖∇F‖ < " + formatNumber(o.newtonSwitch, 3) +
           " while the Hessian is positive definite; converged when ‖∇F‖ < " + formatNumber(o.gradTol, 3) + " (at most " +
           std::to_string(o.maxGdSteps) + " gradient steps). Global minimum: F < " + formatNumber(o.globalTol, 3) +
           "; spurious local minimum: converged, F ≥ " + formatNumber(o.globalTol, 3) + ", the Hessian's smallest eigenvalue > " +
           formatNumber(o.eigTol, 3) + " and every ‖wᵢ‖ ≥ " + formatNumber(o.deadTol, 3) + "; otherwise not converged." +
           (o.stopObjective > 0 ? " A run stops as soon as F < " + formatNumber(o.stopObjective, 3) + " (global)." : "");
}

void writeTheoryState(JsonWriter& j, const TheoryState& t) {
    j.beginObject();
    writeTheoryJson(j, t.spec);
    j.key("progress").value(theoryProgress(t));
    j.key("done").value(theoryDone(t));
    j.key("computing").value(t.spec.running && !theoryDone(t));
    j.key("seconds").value(theorySeconds(t));
    j.key("workers").value(theoryWorkers(t));
    j.key("finishedHere").value(t.finishedHere);
    if (t.table) {
        j.key("runsDone").value(t.table->runsDone()).key("runsTotal").value(t.table->runsTotal());
        j.key("optimizer").value(theoryOptimizerText(t.table->settings().optimizer));
        j.key("rows").beginArray();
        for (const SpuriousRowTally& r : t.table->rows()) writeRow(j, r);
        j.endArray();
        if (t.slice.open) {
            const TeacherSlice& p = t.slice.plane;
            j.key("slice").beginObject().key("row").value(t.slice.row).key("index").value(t.slice.index);
            j.key("k").value(p.objective.k).key("n").value(p.objective.n);
            j.key("minimum").value(p.centerValue).key("global").value(p.otherValue);
            j.key("valueAtMinimum").value(p.value(0, 0)).key("valueAtGlobal").value(p.value(1, 0));
            j.key("box").beginArray().value(p.box.w1min).value(p.box.w1max).value(p.box.w2min).value(p.box.w2max).endArray();
            j.key("cols").value(t.slice.cols).key("rows").value(t.slice.rows).key("rowsDone").value(t.slice.rowsDone);
            const auto mm = std::minmax_element(t.slice.values.begin(), t.slice.values.end());
            j.key("min").value(t.slice.values.empty() ? 0.0 : *mm.first).key("max").value(t.slice.values.empty() ? 0.0 : *mm.second);
            j.endObject();
        }
    }
    if (t.grads) {
        const GradSweepSettings& g = t.grads->linear().settings();
        j.key("sigma").value(g.sigma());
        j.key("depths").beginArray();  // layer 1 at every depth
        for (int L = 1; L <= g.maxDepth; ++L) {
            const BoundTerms b = theorem9Terms(g, L);
            j.beginObject().key("L").value(L);
            writeMoments(j, t.grads->linear().layers(L)[0]);
            j.key("log10Bound").value(b.log10Bound).key("log10YTerm").value(b.log10YTerm).key("log10YhatTerm").value(b.log10YhatTerm);
            j.endObject();
        }
        j.endArray();
        {  // the measured tanh and ReLU curves: layer 1 at every depth
            const NetGradSettings& ns = t.grads->nets().settings();
            j.key("nets").beginArray();
            for (size_t m = 0; m < netGradModels().size(); ++m) {
                const NetGradModel& nm = netGradModels()[m];
                j.beginObject().key("name").value(nm.name()).key("activation").value(nets::activationName(nm.activation));
                j.key("init").value(nets::initText({nm.init, 1.0}));
                j.key("sigma2d").value(std::pow(nets::initStd({nm.init, 1.0}, ns.width, ns.width), 2) * ns.width);
                j.key("depths").beginArray();
                for (int L = 1; L <= ns.maxDepth; ++L) {
                    j.beginObject().key("L").value(L);
                    writeMoments(j, t.grads->nets().sums(static_cast<int>(m), L));
                    j.endObject();
                }
                j.endArray().endObject();
            }
            j.endArray();
        }
        j.key("layers").beginArray();  // every layer at depth spec.depth
        const auto& layers = t.grads->linear().layers(std::clamp(t.spec.depth, 1, g.maxDepth));
        for (size_t k = 0; k < layers.size(); ++k) {
            j.beginObject().key("k").value(static_cast<int>(k + 1));
            writeMoments(j, layers[k]);
            j.endObject();
        }
        j.endArray();
    }
    if (t.kinds) {
        const KindsComputer& kc = t.kinds->computer();
        j.key("optimizer").value(theoryOptimizerText(kc.settings().optimizer));
        j.key("kinds").beginArray();
        const auto& ends = kc.linearEnds();
        double lo = 1e300, hi = -1e300;
        int converged = 0;
        for (const DeepLinearEnd& e : ends) lo = std::min(lo, e.loss), hi = std::max(hi, e.loss), converged += e.converged;
        j.beginObject().key("kind").value("A").key("runs").value(static_cast<int>(ends.size()));
        j.key("converged").value(converged).key("optimum").value(kc.linearOptimum());
        j.key("min").value(ends.empty() ? 0.0 : lo).key("max").value(ends.empty() ? 0.0 : hi).endObject();
        const char* names[] = {"B", "C", "D"};
        const auto& rows = kc.relu().rows();
        for (size_t i = 0; i < rows.size() && i < 3; ++i) {
            const SpuriousRowTally& r = rows[i];
            const auto mm = std::minmax_element(r.objectives.begin(), r.objectives.end());
            j.beginObject().key("kind").value(names[i]).key("k").value(r.k).key("n").value(r.n).key("runs").value(r.done);
            j.key("global").value(r.global).key("spurious").value(r.spurious).key("notConverged").value(r.notConverged);
            j.key("fraction").value(r.fraction()).key("stderr").value(r.stderrFraction());
            j.key("min").value(r.objectives.empty() ? 0.0 : *mm.first).key("max").value(r.objectives.empty() ? 0.0 : *mm.second);
            j.endObject();
        }
        j.endArray();
    }
    if (t.plateau) {
        writePlateau(j, t.plateau->computer());
    }
    j.endObject();
}

}  // namespace optiscape::app
