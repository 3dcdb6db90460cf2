// What the app reports of its state (see app_state.h): state() and lessons() as JSON for the
// browser API and the tests, the runs as CSV for export, and the export files' base name.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.h"
#include "app/net_views.h"
#include "core/formula/formula.h"
#include "core/json.h"
#include "core/nets/net_json.h"
#include "core/params.h"

namespace optiscape::app {

std::string runsCsv(const AppState& s) {
    if (s.networkMode) {
        std::string out = "run,optimizer,step,loss,grad_norm,lr,train_acc,test_loss,test_acc\n";
        const auto cell = [](double v) { return std::isnan(v) ? std::string() : formatFull(v); };
        for (size_t i = 0; i < s.runs.size(); ++i) {
            const nets::NetRun& r = s.runs[i].net;
            const std::string prefix = std::to_string(i) + "," + optimizerInfo(r.config().optimizer).name + ",";
            const auto& t = r.trajectory();
            for (size_t k = 0; k < t.size(); ++k)
                out += prefix + std::to_string(k) + "," + cell(t[k].loss) + "," + cell(t[k].gradNorm) + "," +
                       cell(t[k].lr) + "," + cell(t[k].trainAcc) + "," + cell(t[k].testLoss) + "," +
                       cell(t[k].testAcc) + "\n";
        }
        return out;
    }
    std::string out = "run,optimizer,step,w1,w2,loss,grad_norm,lr\n";
    for (size_t i = 0; i < s.runs.size(); ++i) {
        const Run& r = s.runs[i].run;
        const std::string prefix = std::to_string(i) + "," + optimizerInfo(r.config().optimizer).name + ",";
        const auto& t = r.trajectory();
        for (size_t k = 0; k < t.size(); ++k)
            out += prefix + std::to_string(k) + "," + formatFull(t[k].w[0]) + "," + formatFull(t[k].w[1]) + "," +
                   formatFull(t[k].loss) + "," + formatFull(t[k].gradNorm) + "," + formatFull(t[k].lr) + "\n";
    }
    return out;
}

std::string exportName(const AppState& s) {
    int steps = 0;
    for (const auto& r : s.runs) steps = std::max(steps, slotSteps(s, r));
    if (s.networkMode)
        return "optiscape-" + (s.net.spec.userData ? std::string("csv") : s.net.spec.data.name) + "-" +
               nets::architectureText(s.net.prepared.model.widths) + "-step" + std::to_string(steps);
    return "optiscape-" + s.landscape->name() + "-step" + std::to_string(steps);
}

std::string lessonsJson(const AppState& s) {
    JsonWriter j;
    j.beginArray();
    for (const Lesson& l : s.lessons) {
        j.beginObject();
        j.key("id").value(l.id);
        j.key("title").value(l.title);
        j.key("steps").value(static_cast<int>(l.steps.size()));
        j.endObject();
    }
    j.endArray();
    return j.str();
}

namespace {

/// The keys every run reports alike, a network's or a 2-D one's.
void writeRunTail(JsonWriter& j, const RunSlot& r, const RunConfig& c, const std::string& status, bool stopped,
                  double lr) {
    j.key("status").value(status);
    j.key("stopped").value(stopped || !status.empty());
    j.key("visible").value(r.visible);
    j.key("schedule").value(scheduleSpec(c.schedule));
    j.key("lr").value(lr);
    j.key("noise").value(c.noise);
    j.key("batch").value(c.batch);
    j.key("seed").value(static_cast<double>(c.seed));
    j.key("color").value(r.color);
    j.endObject();
}

}  // namespace

std::string stateJson(const AppState& s) {
    JsonWriter j;
    j.beginObject();
    j.key("landscape").beginObject();
    j.key("name").value(s.landscape->name());
    j.key("params").beginObject();
    const auto& specs = s.landscape->info().params;
    for (size_t i = 0; i < specs.size(); ++i) j.key(specs[i].name).value(s.landscape->params()[i]);
    j.endObject();
    j.key("formula").value(s.landscape->info().formula);
    j.key("title").value(s.landscape->info().title);
    j.key("compiled").value(s.landscape->isCompiled());  // a formula run as WebAssembly, or x86-64 natively
    j.endObject();
    j.key("mode").value(s.theoryMode ? "theory" : s.networkMode ? "network" : "landscape");
    if (s.theoryMode) {  // the experiment's settings, progress and numbers (app/theory_state.h)
        j.key("theory");
        writeTheoryState(j, s.theory);
    }
    if (s.networkMode) {
        // the network's set-up (as a scenario carries it) and the selected run's measurements
        j.key("network").beginObject();
        nets::writeNetworkJson(j, s.net.spec);
        const nets::Model& m = s.net.prepared.model;
        j.key("params").value(m.parameterCount());
        if (!s.runs.empty()) {
            const nets::NetRun& n = s.runs[static_cast<size_t>(s.selected)].net;
            const nets::TrainPoint& t = n.current();
            j.key("run").value(s.selected);
            j.key("step").value(n.steps());
            j.key("trainLoss").value(t.loss);
            j.key("testLoss").value(t.testLoss);  // null without a test set
            j.key("trainAcc").value(t.trainAcc);  // null for regression
            j.key("testAcc").value(t.testAcc);
            j.key("earlyStopStep").value(n.earlyStopStep());
            const auto& sh = s.runs[static_cast<size_t>(s.selected)].sharpness;
            if (sh.empty()) j.key("sharpness").null();
            else j.key("sharpness").beginArray().value(sh.back().first).value(sh.back().second).endArray();
        }
        j.key("trainSamples").value(s.net.prepared.problem.train.n);
        j.key("testSamples").value(s.net.prepared.problem.test.n);
        j.key("classes").value(s.net.prepared.inputs.classes);
        if (s.net.spec.userData) j.key("file").value(s.net.userDataName);
        j.endObject();
    }
    writeNetViewsJson(j, s);  // "slice", and in the network mode "line" and "connect" once computed
    j.key("formula").beginObject();  // the editor: what was typed, and whether it parses
    j.key("text").value(s.formula.text);
    j.key("error").value(s.formula.error);
    j.key("column").value(s.formula.column);
    j.endObject();
    j.key("view").value(s.viewMode == 1 ? "3d" : s.viewMode == 2 ? "split" : "map");
    j.key("jobs").beginObject();
    j.key("where").value(s.jobs ? s.jobs->where() : std::string("main-thread"));
    j.key("workers").value(s.jobs ? s.jobs->workers() : 0);
    j.key("finished").value(s.jobs ? s.jobs->finishedCount() : 0L);
    j.endObject();
    if (s.sweep.open) {
        // the fair-comparison sweep: its grid, progress, where it runs, and its best cell
        const AppState::SweepReport& w = s.sweep;
        j.key("sweep").beginObject();
        j.key("grid").beginArray().value(w.cols).value(w.rows).endArray();
        j.key("second").value(w.second);
        j.key("steps").value(w.steps);
        j.key("progress").value(w.progress);
        j.key("workers").value(w.workers);
        j.key("ms").value(w.ms);
        j.key("hash").value(static_cast<double>(w.hash));
        if (w.hash) {
            j.key("best").beginObject();
            j.key("lr").value(w.bestLr);
            if (!w.second.empty()) j.key(w.second).value(w.bestSecond);
            j.key("loss").value(w.bestLoss);
            j.endObject();
        }
        j.endObject();
    }
    j.key("layers").beginObject();
    j.key("stability").value(s.showStability);
    j.key("eigen").value(s.showEigen);
    j.key("stationary").value(s.showStationary);
    j.key("basins").beginObject();
    j.key("on").value(s.showBasins);
    j.key("progress").value(s.showBasins ? s.basinsProgress : 0.0);
    if (s.showBasins) {
        // the grid of starts and the time spent computing it (not the frames in between)
        j.key("grid").beginArray().value(s.basinsCols).value(s.basinsRows).endArray();
        j.key("ms").value(s.basinsMs);
        j.key("steps").value(s.basinsSteps);
        j.key("workers").value(s.basinsWorkers);
        j.key("hash").value(static_cast<double>(s.basinsHash));
    }
    j.endObject();
    j.key("flow").beginObject();
    j.key("on").value(s.showFlow);
    j.key("points").value(s.showFlow ? s.flowPoints : 0);
    j.endObject();
    j.endObject();
    j.key("running").value(s.playing);
    j.key("frames").value(static_cast<double>(s.framesDrawn));  // frames drawn since the start
    j.key("idle").value(s.idle);  // nothing moves: the page draws no frames until input arrives
    j.key("theme").value(s.projector ? "projector" : "default");
    j.key("mapView").beginObject();  // the map's centre and scale (w-units per device pixel)
    j.key("center").beginArray().value(s.view.center[0]).value(s.view.center[1]).endArray();
    j.key("unitsPerPixel").value(s.view.unitsPerPixel);
    j.endObject();
    j.key("notice").value(s.notice);
    if (s.lesson.lesson >= 0) {
        const Lesson& l = s.lessons[static_cast<size_t>(s.lesson.lesson)];
        j.key("lesson").beginObject();
        j.key("id").value(l.id);
        j.key("step").value(s.lesson.step);
        j.key("steps").value(static_cast<int>(l.steps.size()));
        j.key("choice").value(s.lesson.choice);
        j.key("ran").value(s.lesson.ran);
        j.endObject();
    }
    j.key("selected").value(s.selected);
    j.key("runs").beginArray();
    for (const auto& r : s.runs) {
        const RunConfig& c = r.run.config();
        const OptimizerInfo& info = optimizerInfo(c.optimizer);
        j.beginObject();
        j.key("optimizer").value(info.name);
        j.key("hyper").beginObject();
        for (const std::string& name : info.hypers) {
            const HyperSpec* h = findHyper(name);
            if (h) j.key(name).value(c.hyper.*(h->field));
        }
        j.endObject();
        j.key("start").beginArray().value(c.start.x()).value(c.start.y()).endArray();
        if (s.networkMode) {
            const nets::NetRun& n = r.net;
            const nets::TrainPoint& t = n.current();
            j.key("step").value(n.steps());
            j.key("loss").value(t.loss);
            j.key("gradNorm").value(t.gradNorm);
            j.key("testLoss").value(t.testLoss);
            j.key("trainAcc").value(t.trainAcc);
            j.key("testAcc").value(t.testAcc);
            j.key("earlyStopStep").value(n.earlyStopStep());
            j.key("diverged").value(n.diverged());
            j.key("stopReason").value(n.stopReason() == nets::TrainStop::Diverged        ? "diverged"
                                      : n.stopReason() == nets::TrainStop::EarlyStopped ? "early-stop"
                                      : n.stopReason() == nets::TrainStop::None         ? ""
                                                                                        : "not-positive-definite");
            if (n.diverged()) j.key("divergedAt").value(n.stoppedAt());
            writeRunTail(j, r, c, runStatus(s, r), n.stopped(), t.lr);
            continue;
        }
        j.key("step").value(r.run.steps());
        const TrajectoryPoint& p = r.run.current();
        j.key("w").beginArray().value(p.w.x()).value(p.w.y()).endArray();
        j.key("loss").value(p.loss);
        j.key("gradNorm").value(p.gradNorm);
        j.key("diverged").value(r.run.diverged());
        j.key("stopReason").value(r.run.stopReason() == StopReason::Diverged       ? "diverged"
                                  : r.run.stopReason() == StopReason::LeftDomain ? "left-domain"
                                  : r.run.stopReason() == StopReason::None       ? ""
                                                                                 : "not-positive-definite");
        if (r.run.diverged()) j.key("divergedAt").value(r.run.divergedAt());
        writeRunTail(j, r, c, runStatus(r), r.run.stopped(), p.lr);
    }
    j.endArray();
    j.endObject();
    return j.str();
}

}  // namespace optiscape::app
