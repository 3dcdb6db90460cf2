// Slices' planes, the weights' history and mode connectivity in pieces (core/nets/slice_setup.h).
#include "core/nets/slice_setup.h"

#include <algorithm>
#include <cmath>

namespace optiscape::nets {

void ThetaHistory::clear() {
    thetas_.clear();
    steps_.clear();
    stride_ = 1;
}

void ThetaHistory::record(int step, const VecX& theta) {
    if (step % stride_ != 0 || (!steps_.empty() && step <= steps_.back())) return;
    thetas_.push_back(theta);
    steps_.push_back(step);
    if (static_cast<int>(thetas_.size()) <= capacity_) return;
    // keep the records at multiples of the doubled stride (step 0 among them)
    stride_ *= 2;
    size_t kept = 0;
    for (size_t i = 0; i < thetas_.size(); ++i)
        if (steps_[i] % stride_ == 0) {
            thetas_[kept] = std::move(thetas_[i]);
            steps_[kept++] = steps_[i];
        }
    thetas_.resize(kept);
    steps_.resize(kept);
}

std::optional<SliceDirections> parseSliceDirections(std::string_view name) {
    if (name == "random") return SliceDirections::Random;
    if (name == "pca") return SliceDirections::Pca;
    if (name == "connect") return SliceDirections::Connect;
    return std::nullopt;
}

const char* sliceDirectionsName(SliceDirections d) {
    switch (d) {
        case SliceDirections::Random: return "random";
        case SliceDirections::Pca: return "pca";
        case SliceDirections::Connect: return "connect";
    }
    return "random";
}

namespace {
bool fail(std::string* error, const std::string& message) {
    if (error) *error = message;
    return false;
}

/// The smallest box holding `box` and every point, widened by `margin` of its size on each side.
ViewBox around(ViewBox box, const std::vector<Vec2>& pts, double margin) {
    for (const Vec2& p : pts) {
        if (!p.allFinite()) continue;
        box.w1min = std::min(box.w1min, p.x()), box.w1max = std::max(box.w1max, p.x());
        box.w2min = std::min(box.w2min, p.y()), box.w2max = std::max(box.w2max, p.y());
    }
    const double mx = std::max(box.width(), 1e-6) * margin, my = std::max(box.height(), 1e-6) * margin;
    return ViewBox{box.w1min - mx, box.w1max + mx, box.w2min - my, box.w2max + my};
}
}  // namespace

std::optional<SlicePlane> makeSlicePlane(const Model& m, const VecX& theta0, const std::vector<VecX>& trajectory,
                                         const std::vector<int>& steps, const SliceSpec& spec, std::string* error) {
    if (spec.directions == SliceDirections::Connect)
        return fail(error, "the plane through θA, θB, θC needs two connected minima: run 'connect' first"), std::nullopt;
    SlicePlane p;
    p.theta0 = theta0;
    p.steps = steps;
    if (theta0.size() != m.parameterCount()) return fail(error, "the weights do not fit the network"), std::nullopt;
    if (!theta0.allFinite()) return fail(error, "the run's weights are not finite (it diverged): reset it first"), std::nullopt;
    if (spec.directions == SliceDirections::Pca) {
        if (trajectory.size() < 3)
            return fail(error, "PCA needs the run's trajectory: train it for a few steps first (" +
                                   std::to_string(trajectory.size()) + " saved weights so far)"),
                   std::nullopt;
        if ((trajectory.back() - theta0).norm() > 1e-12 * (1 + theta0.norm()))
            return fail(error, "the trajectory must end at the slice's centre θ₀"), std::nullopt;
        const Principal pc = principalDirections(trajectory);
        if (!(pc.explained1 > 0) || !(pc.explained2 > 1e-12))
            return fail(error, "the trajectory lies on a straight line: its second principal direction explains "
                               "nothing (use random directions)"),
                   std::nullopt;
        p.d1 = pc.d1;
        p.d2 = pc.d2;
        p.explained1 = pc.explained1;
        p.explained2 = pc.explained2;
        for (size_t i = 0; i < trajectory.size(); ++i) p.path.emplace_back(pc.c1[i], pc.c2[i]);
        p.view = around(ViewBox{0, 0, 0, 0}, p.path, 0.25);
        p.title = "Slice: PCA of the trajectory";
        return p;
    }
    if (!(spec.range > 0) || !std::isfinite(spec.range)) return fail(error, "the slice's range must be positive"), std::nullopt;
    p.d1 = normalizeDirection(m, randomDirection(m, spec.seed, 1), theta0, spec.normalize);
    p.d2 = normalizeDirection(m, randomDirection(m, spec.seed, 2), theta0, spec.normalize);
    if (!(p.d1.norm() > 0) || !(p.d2.norm() > 0))
        return fail(error, std::string("the weights θ₀ are zero, so ") + normalizeName(spec.normalize) +
                               " normalisation gives zero directions: use 'none'"),
               std::nullopt;
    const double g11 = p.d1.dot(p.d1), g12 = p.d1.dot(p.d2), g22 = p.d2.dot(p.d2);
    if (g11 * g22 - g12 * g12 <= 1e-12 * g11 * g22)
        return fail(error, "the two directions are parallel: the plane is a line"), std::nullopt;
    p.path = projectOnPlane(m, p, trajectory);
    const double r = spec.range;
    p.view = around(ViewBox{-r, r, -r, r}, p.path, 0.05);
    p.title = std::string("Slice: random, ") + normalizeName(spec.normalize) + "-normalised, seed " +
              std::to_string(spec.seed);
    return p;
}

std::optional<SlicePlane> makeThreePointPlane(const Model& m, const VecX& a, const VecX& b, const VecX& c,
                                              const std::vector<VecX>& trajectory, const std::vector<int>& steps,
                                              std::string* error, int curvePoints) {
    const Eigen::Index n = m.parameterCount();
    if (a.size() != n || b.size() != n || c.size() != n) return fail(error, "the weights do not fit the network"), std::nullopt;
    if (!a.allFinite() || !b.allFinite() || !c.allFinite())
        return fail(error, "θA, θB or θC is not finite (a network diverged)"), std::nullopt;
    SlicePlane p;
    p.theta0 = a;
    p.steps = steps;
    const VecX ab = b - a, ac = c - a;
    const double lab = ab.norm();
    if (!(lab > 1e-12 * (1 + a.norm()))) return fail(error, "θA and θB coincide: there is no plane through them"), std::nullopt;
    p.d1 = ab / lab;
    const double along = p.d1.dot(ac);
    VecX rest = ac - along * p.d1;
    rest -= p.d1.dot(rest) * p.d1;  // Gram–Schmidt once more, for rounding
    const double height = rest.norm();
    if (!(height > 1e-9 * std::max(ac.norm(), lab)))
        return fail(error, "θC lies on the straight line through θA and θB (the bend is not trained yet): "
                           "the three do not span a plane"),
               std::nullopt;
    p.d2 = rest / height;
    const Vec2 pb(lab, 0.0), pc(along, height);
    p.marks = {Vec2::Zero(), pb, pc};
    const int k = std::max(curvePoints, 2);
    for (int i = 0; i < k; ++i) {
        const double t = static_cast<double>(i) / (k - 1);
        p.curve.push_back(2 * t * (1 - t) * pc + t * t * pb);  // φ(t) − θA = 2t(1 − t)(θC − θA) + t²(θB − θA)
    }
    p.path = projectOnPlane(m, p, trajectory);
    std::vector<Vec2> shown = p.marks;
    shown.insert(shown.end(), p.curve.begin(), p.curve.end());
    p.view = around(ViewBox{0, 0, 0, 0}, shown, 0.3);
    p.title = "Slice: the plane through θA, θB, θC (Garipov et al.)";
    return p;
}

std::vector<Vec2> projectOnPlane(const Model& m, const SlicePlane& p, const std::vector<VecX>& thetas) {
    const SliceLandscape plane(m, Batch{}, p.theta0, p.d1, p.d2, "");
    std::vector<Vec2> out;
    out.reserve(thetas.size());
    for (const VecX& t : thetas) out.push_back(t.size() == p.theta0.size() ? plane.project(t) : Vec2(NAN, NAN));
    return out;
}

std::unique_ptr<SliceLandscape> makeSliceLandscape(const Model& m, const Batch& batch, const SlicePlane& p) {
    return std::make_unique<SliceLandscape>(m, batch, p.theta0, p.d1, p.d2, p.title, p.view);
}

double barrierHeight(const std::vector<double>& loss) {
    if (loss.empty()) return 0.0;
    const double ends = std::max(loss.front(), loss.back());
    double top = ends;
    for (double v : loss) top = std::isnan(v) ? v : std::max(top, v);
    return top - ends;
}

Connectivity::Connectivity(const Problem& p, const VecX& thetaA, const ConnectSpec& spec)
    : spec_(spec), a_(thetaA), b_(spec.config), bp_(p.model) {
    spec_.points = std::max(spec_.points, 2);
    b_.reset(p, initialParameters(p.model, spec_.init, spec_.seedB));
    if (!a_.allFinite()) {
        error_ = "network A's weights are not finite (it diverged)";
        stage_ = Stage::Done;
    }
}

bool Connectivity::advance(const Problem& p, int work) {
    while (work > 0 && stage_ != Stage::Done) {
        if (stage_ == Stage::TrainB) {
            const int todo = std::min(work, spec_.trainSteps - b_.steps());
            work -= std::max(todo, 0);
            if (todo > 0) b_.advance(p, todo);
            if (b_.diverged()) {
                error_ = "network B " + b_.stopMessage();
                stage_ = Stage::Done;
            } else if (b_.steps() >= spec_.trainSteps || b_.stopped()) {
                bezier_.emplace(a_, b_.theta(), spec_.bezier);
                stage_ = Stage::Bend;
            }
        } else if (stage_ == Stage::Bend) {
            const int before = bezier_->done();
            if (bezier_->advance(bp_, p.train, work)) stage_ = Stage::Measure;
            work -= std::max(bezier_->done() - before, 1);
        } else {
            const int i = static_cast<int>(t_.size());
            const double t = static_cast<double>(i) / (spec_.points - 1);
            t_.push_back(t);
            line_.push_back(bp_.loss((1 - t) * a_ + t * b_.theta(), p.train));
            curve_.push_back(bp_.loss(bezierPoint(a_, bezier_->bend(), b_.theta(), t), p.train));
            work -= 2;
            if (static_cast<int>(t_.size()) >= spec_.points) stage_ = Stage::Done;
        }
    }
    return stage_ == Stage::Done;
}

double Connectivity::progress() const {
    const double total = spec_.trainSteps + spec_.bezier.steps + 2.0 * spec_.points;
    const double did = std::min(b_.steps(), spec_.trainSteps) + (bezier_ ? bezier_->done() : 0) + 2.0 * t_.size();
    return stage_ == Stage::Done ? 1.0 : std::clamp(did / total, 0.0, 1.0);
}

const char* Connectivity::stage() const {
    switch (stage_) {
        case Stage::TrainB: return "training network B";
        case Stage::Bend: return "training the Bézier bend θ_C";
        case Stage::Measure: return "measuring the paths";
        case Stage::Done: return "done";
    }
    return "done";
}

}  // namespace optiscape::nets
