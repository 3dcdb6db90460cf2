// Slices, the line and mode connectivity of the network mode (see net_views.h).
#include "app/net_views.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "core/params.h"

namespace optiscape::app {

namespace {
/// A network run's saved weights (and its current ones) up to step `upTo`.
void trajectoryOf(const RunSlot& r, int upTo, std::vector<VecX>& thetas, std::vector<int>& steps) {
    thetas.clear(), steps.clear();
    for (size_t i = 0; i < r.history.steps().size(); ++i)
        if (r.history.steps()[i] <= upTo) thetas.push_back(r.history.thetas()[i]), steps.push_back(r.history.steps()[i]);
    if (upTo == r.net.steps() && (steps.empty() || steps.back() != upTo)) {  // the current weights end the path
        thetas.push_back(r.net.theta());
        steps.push_back(upTo);
    }
}
}  // namespace

std::string openSlice(AppState& s, const nets::SliceSpec& spec) {
    if (s.slice.open) return "a slice is open already: go back to the network first";
    if (!s.networkMode) return "a slice is taken through a network: open one of the Neural networks first";
    if (s.runs.empty()) return "no run";
    const bool connect = spec.directions == nets::SliceDirections::Connect;
    const nets::Connectivity* job = s.connect.job.get();
    if (connect && (!job || !job->done() || !job->error().empty()))
        return "the plane through θA, θB, θC needs two connected minima: run 'connect' (the plots' Connect tab) to "
               "the end first";
    const int idx = std::clamp(connect ? s.connect.run : s.selected, 0, static_cast<int>(s.runs.size()) - 1);
    const RunSlot& r = s.runs[static_cast<size_t>(idx)];
    const int step = connect ? std::min(s.connect.step, r.net.steps()) : r.net.steps();
    std::vector<VecX> traj;
    std::vector<int> steps;
    trajectoryOf(r, step, traj, steps);
    if (connect && (steps.empty() || steps.back() != step)) traj.push_back(job->thetaA()), steps.push_back(step);
    const nets::Model& model = s.net.prepared.model;
    std::string err;
    auto plane = connect ? nets::makeThreePointPlane(model, job->thetaA(), job->thetaB(), job->bend(), traj, steps, &err)
                         : nets::makeSlicePlane(model, r.net.theta(), traj, steps, spec, &err);
    if (!plane) return err;
    plane->title += " — run " + std::to_string(idx + 1) + " at step " + std::to_string(step);
    std::unique_ptr<Landscape> land = nets::makeSliceLandscape(model, s.net.prepared.problem.train, *plane);
    SliceState sl;
    sl.open = true;
    sl.spec = spec;
    sl.plane = std::move(*plane);
    sl.run = idx;
    sl.runColor = r.color;
    sl.step = step;
    // every run's trajectory on the slice (the slice's own run: the plane's path, exact for PCA)
    for (size_t i = 0; i < s.runs.size(); ++i) {
        SlicePath path;
        path.run = static_cast<int>(i);
        path.color = s.runs[i].color;
        path.visible = s.runs[i].visible;
        if (static_cast<int>(i) == idx) {
            path.points = sl.plane.path;
            path.steps = sl.plane.steps;
        } else {
            trajectoryOf(s.runs[i], s.runs[i].net.steps(), traj, path.steps);
            path.points = nets::projectOnPlane(model, sl.plane, traj);
        }
        for (const Vec2& q : path.points) path.loss.push_back(land->value(q));
        sl.paths.push_back(std::move(path));
    }
    sl.savedSelected = s.selected;
    sl.savedView = s.view;
    sl.savedViewMode = s.viewMode;
    sl.savedLandscape = std::move(s.landscape);
    sl.savedRuns = std::move(s.runs);
    s.slice = std::move(sl);
    s.landscape = std::move(land);
    s.networkMode = false;
    s.playing = false;
    // The network runs' optimizers as 2-D runs on the slice, from where the training started.
    s.runs.clear();
    for (const RunSlot& old : s.slice.savedRuns) {
        RunSlot slot;
        slot.color = old.color;
        slot.visible = old.visible;
        RunConfig c = defaultRunConfig(old.run.config().optimizer, *s.landscape);
        c.start = s.slice.plane.path.front();
        c.seed = old.run.config().seed;
        slot.run.setConfig(c);
        s.runs.push_back(std::move(slot));
    }
    resetRuns(s);
    s.selected = idx;
    s.view.fitted = false;
    s.viewDirty = true;
    return "";
}

void closeSlice(AppState& s) {
    if (!s.slice.open || !s.slice.savedLandscape) return;
    s.landscape = std::move(s.slice.savedLandscape);
    s.runs = std::move(s.slice.savedRuns);
    s.selected = std::clamp(s.slice.savedSelected, 0, static_cast<int>(s.runs.size()) - 1);
    s.view = s.slice.savedView;
    s.viewMode = s.slice.savedViewMode;
    s.networkMode = true;
    s.playing = false;
    s.slice = SliceState{};
    s.viewDirty = true;
}

void updateLine(AppState& s) {
    if (!s.networkMode || s.runs.empty()) return;
    const RunSlot& r = s.runs[static_cast<size_t>(s.selected)];
    NetLine& l = s.line;
    if (l.run == s.selected && l.step == r.net.steps() && l.version == s.net.version && !l.loss.empty()) return;
    nets::Backprop bp(s.net.prepared.model);
    l.loss = nets::lineLoss(bp, s.net.prepared.problem.train, r.net.initialTheta(), r.net.theta(), l.tmin, l.tmax,
                            kLinePoints);
    l.run = s.selected;
    l.step = r.net.steps();
    l.version = s.net.version;
}

std::string setLineRange(AppState& s, double tmin, double tmax) {
    if (!std::isfinite(tmin) || !std::isfinite(tmax) || !(tmin < tmax) || tmin < -5 || tmax > 6)
        return "the line's range needs tmin < tmax within [-5, 6], e.g. 0 1 or -0.5 1.5";
    s.line.tmin = tmin;
    s.line.tmax = tmax;
    s.line.loss.clear();
    updateLine(s);
    return "";
}

std::string startConnect(AppState& s, std::uint64_t seedB, int bendSteps) {
    if (!s.networkMode || s.runs.empty()) return "mode connectivity needs a network: open one of the Neural networks first";
    if (seedB == s.net.spec.seed)
        return "network B needs another seed than network A's (" + std::to_string(s.net.spec.seed) + ")";
    if (bendSteps < 1 || bendSteps > 100000) return "the Bézier bend takes 1 to 100000 steps";
    const RunSlot& r = s.runs[static_cast<size_t>(s.selected)];
    if (r.net.steps() < 1) return "train the selected run first: network B is trained for as many steps as it";
    if (r.net.diverged() || !r.net.theta().allFinite()) return "the selected run diverged: its weights are no minimum";
    nets::ConnectSpec spec;
    spec.config = r.net.config();
    spec.init = s.net.spec.init;
    spec.seedB = seedB;
    spec.trainSteps = r.net.steps();
    spec.bezier.steps = bendSteps;
    s.connect.job = std::make_unique<nets::Connectivity>(s.net.prepared.problem, r.net.theta(), spec);
    s.connect.run = s.selected;
    s.connect.step = r.net.steps();
    s.connect.ms = 0.0;
    return "";
}

void advanceConnect(AppState& s, double budgetSeconds) {
    auto& job = s.connect.job;
    if (!job || job->done() || !s.networkMode) return;
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    double spent = 0.0;
    while (!job->advance(s.net.prepared.problem, 2)) {
        spent = std::chrono::duration<double>(clock::now() - t0).count();
        if (spent >= budgetSeconds) break;
    }
    s.connect.ms += 1e3 * std::chrono::duration<double>(clock::now() - t0).count();
    s.busy = true;
}

void finishConnect(AppState& s) {
    if (s.connect.job && s.networkMode)
        while (!s.connect.job->advance(s.net.prepared.problem, 1000)) {
        }
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        const size_t j = std::min(text.find(' ', i), text.size());
        if (j > i) out.emplace_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

std::optional<double> wholeAfter(const std::vector<std::string>& w, size_t i, double lo, double hi) {
    if (i + 1 >= w.size()) return std::nullopt;
    auto v = parseNumber(w[i + 1]);
    if (!v || *v != std::floor(*v) || *v < lo || *v > hi) return std::nullopt;
    return v;
}

std::string sliceCommand(AppState& s, std::string_view arg) {
    const auto w = words(arg);
    if (w.size() == 1 && w[0] == "close") {
        if (!s.slice.open) return "no slice is open";
        closeSlice(s);
        return "";
    }
    const char* usage = "slice takes open [random|pca|connect] [filter|layer|none] [seed N] [range R], or close";
    if (w.empty() || w[0] != "open") return usage;
    nets::SliceSpec spec;
    for (size_t i = 1; i < w.size(); ++i) {
        if (auto d = nets::parseSliceDirections(w[i])) spec.directions = *d;
        else if (auto n = nets::parseNormalize(w[i])) spec.normalize = *n;
        else if (w[i] == "seed") {
            auto v = wholeAfter(w, i++, 0, 1e9);
            if (!v) return "slice open ... seed takes a whole number from 0 to 1e9";
            spec.seed = static_cast<std::uint64_t>(*v);
        } else if (w[i] == "range") {
            auto v = i + 1 < w.size() ? parseNumber(w[++i]) : std::nullopt;
            if (!v || !(*v > 0) || *v > 100) return "slice open ... range takes a number in (0, 100]";
            spec.range = *v;
        } else {
            return std::string("unknown word '") + w[i] + "': " + usage;
        }
    }
    return openSlice(s, spec);
}

std::string lineCommand(AppState& s, std::string_view arg) {
    if (!s.networkMode) return "the line is drawn in the network mode";
    const auto w = words(arg);
    s.line.showTab = true;
    if (w.empty()) return setLineRange(s, 0.0, 1.0);
    if (w.size() == 2) {
        auto a = parseNumber(w[0]), b = parseNumber(w[1]);
        if (a && b) return setLineRange(s, *a, *b);
    }
    return "line takes nothing (t in [0, 1]) or tmin tmax, e.g. line -0.5 1.5";
}

std::string connectCommand(AppState& s, std::string_view arg) {
    const auto w = words(arg);
    std::uint64_t seed = s.net.spec.seed + 1;
    int steps = 1000;
    bool finish = false;
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == "seed") {
            auto v = wholeAfter(w, i++, 0, 1e9);
            if (!v) return "connect ... seed takes a whole number from 0 to 1e9";
            seed = static_cast<std::uint64_t>(*v);
        } else if (w[i] == "steps") {
            auto v = wholeAfter(w, i++, 1, 100000);
            if (!v) return "connect ... steps takes a whole number from 1 to 100000";
            steps = static_cast<int>(*v);
        } else if (w[i] == "finish") {
            finish = true;
        } else {
            return "connect takes [seed S] [steps N] [finish]";
        }
    }
    const std::string err = startConnect(s, seed, steps);
    s.connect.showTab = err.empty();
    if (err.empty() && finish) finishConnect(s);
    return err;
}

nets::NetWindow currentWindow(const AppState& s) {
    nets::NetWindow w;
    const auto* job = s.connect.job.get();
    const bool connected = job && job->error().empty();
    if (connected) w.seedB = job->spec().seedB, w.bendSteps = job->spec().bezier.steps;
    if (s.slice.open) {
        w.kind = "slice";
        w.run = s.slice.run;
        w.step = s.slice.step;
        w.slice = s.slice.spec;
    } else if (s.networkMode && connected) {
        w.kind = "connect";
        w.run = s.connect.run;
        w.step = s.connect.step;
    } else if (s.networkMode && !s.line.loss.empty()) {
        w.kind = "line";  // the line follows its run: reopened at the run's step now
        w.run = std::clamp(s.line.run, 0, static_cast<int>(s.runs.size()) - 1);
        w.step = s.runs[static_cast<size_t>(w.run)].net.steps();
        w.tmin = s.line.tmin, w.tmax = s.line.tmax;
    }
    return w;
}

std::string openWindow(AppState& s, const nets::NetWindow& w) {
    if (w.kind.empty()) return "";
    const auto fail = [](const std::string& why) { return "window: " + why + "; no window opened"; };
    if (!s.networkMode) return fail("a slice, line or connection needs a network scenario");
    if (w.run < 0 || w.run >= static_cast<int>(s.runs.size()))
        return fail("run " + std::to_string(w.run) + " does not exist (" + std::to_string(s.runs.size()) + " runs)");
    if (w.step < 0 || w.step > kMaxNetSteps) return fail("step must be in [0, " + std::to_string(kMaxNetSteps) + "]");
    stepAll(s, w.step);  // the runs replay exactly
    s.selected = w.run;
    if (s.runs[static_cast<size_t>(w.run)].net.steps() != w.step)
        return fail("run " + std::to_string(w.run + 1) + " stopped at step " +
                    std::to_string(s.runs[static_cast<size_t>(w.run)].net.steps()) + " before " + std::to_string(w.step));
    std::string err;
    const bool plane = w.kind == "slice" && w.slice.directions == nets::SliceDirections::Connect;
    if (w.kind == "connect" || plane) {
        err = startConnect(s, w.seedB, w.bendSteps);
        s.connect.showTab = err.empty();
        if (err.empty() && plane) finishConnect(s);
        if (err.empty() && plane && !s.connect.job->error().empty()) err = s.connect.job->error();
    }
    if (err.empty() && w.kind == "slice") err = openSlice(s, w.slice);
    if (w.kind == "line") {
        err = setLineRange(s, w.tmin, w.tmax);
        s.line.showTab = err.empty();
    }
    return err.empty() ? "" : fail(err);
}

namespace {
void point(JsonWriter& j, const Vec2& p) { j.beginArray().value(p.x()).value(p.y()).endArray(); }
}  // namespace

void writeNetViewsJson(JsonWriter& j, const AppState& s) {
    const SliceState& sl = s.slice;
    j.key("slice").beginObject();
    j.key("open").value(sl.open);
    if (sl.open) {
        j.key("directions").value(nets::sliceDirectionsName(sl.spec.directions));
        const bool pca = sl.spec.directions == nets::SliceDirections::Pca;
        const bool random = sl.spec.directions == nets::SliceDirections::Random;
        j.key("normalize").value(random ? nets::normalizeName(sl.spec.normalize) : "none");
        if (pca) j.key("explained").beginArray().value(sl.plane.explained1).value(sl.plane.explained2).endArray();
        else j.key("explained").null();
        j.key("seed").value(static_cast<double>(sl.spec.seed));
        j.key("run").value(sl.run);
        j.key("step").value(sl.step);
        j.key("centerLoss").value(s.landscape->value(Vec2::Zero()));  // L(θ₀): the network's loss
        const ViewBox& v = s.landscape->info().view;
        j.key("box").beginArray().value(v.w1min).value(v.w1max).value(v.w2min).value(v.w2max).endArray();
        j.key("path").beginObject();
        j.key("points").value(static_cast<int>(sl.plane.path.size()));
        j.key("first").beginArray().value(sl.plane.path.front().x()).value(sl.plane.path.front().y()).endArray();
        j.key("last");
        point(j, sl.plane.path.back());
        j.key("steps").beginArray().value(sl.plane.steps.front()).value(sl.plane.steps.back()).endArray();
        j.endObject();
        j.key("paths").beginArray();  // every network run's trajectory on the slice
        for (const SlicePath& p : sl.paths) {
            j.beginObject();
            j.key("run").value(p.run);
            j.key("visible").value(p.visible);
            j.key("points").value(static_cast<int>(p.points.size()));
            j.key("last");
            if (p.points.empty()) j.null();
            else point(j, p.points.back());
            j.key("lastLoss").value(p.loss.empty() ? 0.0 : p.loss.back());
            j.endObject();
        }
        j.endArray();
        if (sl.spec.directions == nets::SliceDirections::Connect) {  // Garipov's plane: θA, θB, θC and the curve
            j.key("marks").beginArray();
            const char* names[] = {"A", "B", "C"};
            for (size_t i = 0; i < sl.plane.marks.size() && i < 3; ++i) {
                j.beginObject().key("name").value(names[i]).key("at");
                point(j, sl.plane.marks[i]);
                j.key("loss").value(s.landscape->value(sl.plane.marks[i])).endObject();
            }
            j.endArray();
            j.key("curve").beginObject();
            j.key("points").value(static_cast<int>(sl.plane.curve.size()));
            j.key("first");
            point(j, sl.plane.curve.front());
            j.key("last");
            point(j, sl.plane.curve.back());
            j.endObject();
        }
        j.key("grid").beginObject();  // the map's evaluation of the slice: on workers, or a few cells per frame
        j.key("cols").value(sl.cols);
        j.key("rows").value(sl.rows);
        j.key("progress").value(sl.progress);
        j.key("ms").value(sl.ms);
        j.key("maxFrameMs").value(sl.maxFrameMs);
        j.key("frames").value(sl.frames);
        j.key("slowFrames").value(sl.slowFrames);  // over 20 ms
        j.key("workers").value(sl.workers);        // 0: in place
        j.key("hash").value(static_cast<double>(sl.hash));
        j.endObject();
    }
    j.endObject();
    if (!s.line.loss.empty()) {
        const auto& l = s.line;
        j.key("line").beginObject();
        j.key("run").value(l.run);
        j.key("step").value(l.step);
        j.key("range").beginArray().value(l.tmin).value(l.tmax).endArray();
        j.key("points").value(static_cast<int>(l.loss.size()));
        j.key("first").value(l.loss.front());  // L at tmin
        j.key("last").value(l.loss.back());    // L at tmax
        j.key("max").value(*std::max_element(l.loss.begin(), l.loss.end()));
        j.endObject();
    }
    if (const auto* c = s.connect.job.get()) {
        j.key("connect").beginObject();
        j.key("method").value("bezier");  // Garipov et al. (2018)
        j.key("run").value(s.connect.run);
        j.key("step").value(s.connect.step);
        j.key("seedB").value(static_cast<double>(c->spec().seedB));
        j.key("bendSteps").value(c->spec().bezier.steps);
        j.key("stage").value(c->stage());
        j.key("progress").value(c->progress());
        j.key("ms").value(s.connect.ms);
        j.key("error").value(c->error());
        if (c->done() && c->error().empty()) {
            j.key("lossA").value(c->lineLoss().front());
            j.key("lossB").value(c->lineLoss().back());
            j.key("lineBarrier").value(c->lineBarrier());
            j.key("curveBarrier").value(c->curveBarrier());
            j.key("points").value(static_cast<int>(c->t().size()));
        }
        j.endObject();
    }
}

}  // namespace optiscape::app
