// Slices, the line and mode connectivity of the network mode (see net_views.h).
#include "app/net_views.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "core/params.h"

namespace optiscape::app {

std::string openSlice(AppState& s, const nets::SliceSpec& spec) {
    if (s.slice.open) return "a slice is open already: go back to the network first";
    if (!s.networkMode) return "a slice is taken through a network: open one of the Neural networks first";
    if (s.runs.empty()) return "no run";
    const int idx = std::clamp(s.selected, 0, static_cast<int>(s.runs.size()) - 1);
    const RunSlot& r = s.runs[static_cast<size_t>(idx)];
    std::vector<VecX> traj = r.history.thetas();
    std::vector<int> steps = r.history.steps();
    if (steps.empty() || steps.back() != r.net.steps()) {  // the current weights end the path
        traj.push_back(r.net.theta());
        steps.push_back(r.net.steps());
    }
    std::string err;
    auto plane = nets::makeSlicePlane(s.net.prepared.model, r.net.theta(), traj, steps, spec, &err);
    if (!plane) return err;
    plane->title += " — run " + std::to_string(idx + 1) + " at step " + std::to_string(r.net.steps());
    std::unique_ptr<Landscape> land = nets::makeSliceLandscape(s.net.prepared.model, s.net.prepared.problem.train, *plane);
    SliceState sl;
    sl.open = true;
    sl.spec = spec;
    sl.plane = std::move(*plane);
    sl.run = idx;
    sl.runColor = r.color;
    sl.step = r.net.steps();
    sl.savedSelected = s.selected;
    sl.savedView = s.view;
    sl.savedViewMode = s.viewMode;
    sl.savedLandscape = std::move(s.landscape);
    sl.savedRuns = std::move(s.runs);
    for (const Vec2& q : sl.plane.path) sl.pathLoss.push_back(land->value(q));
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

namespace {
/// The words of `text` between spaces (no iostreams: they weigh on the page's download).
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

/// The whole number after words[i], in [lo, hi]; nullopt when missing or not one.
std::optional<double> wholeAfter(const std::vector<std::string>& w, size_t i, double lo, double hi) {
    if (i + 1 >= w.size()) return std::nullopt;
    auto v = parseNumber(w[i + 1]);
    if (!v || *v != std::floor(*v) || *v < lo || *v > hi) return std::nullopt;
    return v;
}
}  // namespace

std::string sliceCommand(AppState& s, std::string_view arg) {
    const auto w = words(arg);
    if (w.size() == 1 && w[0] == "close") {
        if (!s.slice.open) return "no slice is open";
        closeSlice(s);
        return "";
    }
    const char* usage = "slice takes open [random|pca] [filter|layer|none] [seed N] [range R], or close";
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
        j.key("normalize").value(pca ? "none" : nets::normalizeName(sl.spec.normalize));
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
        j.key("grid").beginObject();  // the map's evaluation of the slice, a few rows per frame
        j.key("cols").value(sl.cols);
        j.key("rows").value(sl.rows);
        j.key("progress").value(sl.progress);
        j.key("ms").value(sl.ms);
        j.key("maxFrameMs").value(sl.maxFrameMs);
        j.key("frames").value(sl.frames);
        j.key("slowFrames").value(sl.slowFrames);  // over 20 ms
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
