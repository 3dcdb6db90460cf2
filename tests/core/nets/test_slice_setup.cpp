// Tests of src/core/nets/slice_setup.cpp: the thinned weight history, a slice's plane (at (0, 0)
// the network's own loss; PCA coordinates of the trajectory's last point (0, 0); a point of the
// plane projects onto its coordinates), its errors, and mode connectivity in pieces giving the
// same numbers as in one go.
#include <doctest/doctest.h>

#include <cmath>

#include "core/nets/problem.h"
#include "core/nets/slice_setup.h"

using namespace optiscape;
using namespace optiscape::nets;

namespace {

Prepared moons(std::vector<int> arch) {
    NetSpec s;
    s.data.name = "two-moons";
    s.data.n = 60;
    s.arch = std::move(arch);
    std::string err;
    auto p = prepare(s, nullptr, &err);
    REQUIRE_MESSAGE(p, err);
    return *p;
}

RunConfig adam(double lr) {
    RunConfig c;
    c.optimizer = OptimizerKind::Adam;
    c.hyper = defaultsFor(OptimizerKind::Adam);
    c.hyper.lr = lr;
    return c;
}

/// A run of `steps` Adam steps with its weights recorded in a history.
NetRun train(const Prepared& p, int steps, ThetaHistory& h) {
    NetRun r(adam(0.05));
    r.reset(p.problem, initialParameters(p.model, InitSpec{}, 1));
    h.record(0, r.theta());
    for (int k = 0; k < steps; ++k) {
        r.step(p.problem);
        h.record(r.steps(), r.theta());
    }
    return r;
}

}  // namespace

TEST_CASE("the weight history keeps every stride-th step, evenly thinned, step 0 first") {
    ThetaHistory h(8);
    VecX t = VecX::Zero(3);
    for (int k = 0; k <= 1000; ++k) {
        t[0] = k;
        h.record(k, t);
    }
    REQUIRE(h.steps().size() <= 9);
    CHECK(h.steps().front() == 0);
    CHECK(h.stride() == 128);
    for (size_t i = 0; i < h.steps().size(); ++i) {
        CHECK(h.steps()[i] == static_cast<int>(i) * h.stride());
        CHECK(h.thetas()[i][0] == h.steps()[i]);
    }
    h.clear();
    CHECK(h.thetas().empty());
    CHECK(h.stride() == 1);
}

TEST_CASE("a slice through the current weights: (0, 0) is the network's loss, the path ends there") {
    const Prepared p = moons({2, 6, 1});
    ThetaHistory h(50);
    const NetRun r = train(p, 120, h);
    Backprop bp(p.model);
    const double loss = bp.loss(r.theta(), p.problem.train);
    for (SliceDirections d : {SliceDirections::Random, SliceDirections::Pca}) {
        SliceSpec spec;
        spec.directions = d;
        std::string err;
        auto plane = makeSlicePlane(p.model, r.theta(), h.thetas(), h.steps(), spec, &err);
        REQUIRE_MESSAGE(plane, err);
        auto slice = makeSliceLandscape(p.model, p.problem.train, *plane);
        CHECK(slice->value(Vec2::Zero()) == loss);
        CHECK(slice->info().start == Vec2::Zero());
        REQUIRE(plane->path.size() == h.thetas().size());
        CHECK(plane->path.back().norm() < 1e-12);
        CHECK(plane->steps.back() == 120);
        // a point of the plane projects onto its coordinates
        CHECK((slice->project(slice->point(Vec2(0.3, -0.2))) - Vec2(0.3, -0.2)).norm() < 1e-10);
        const ViewBox& v = slice->info().view;
        for (const Vec2& q : plane->path)
            CHECK((q.x() >= v.w1min && q.x() <= v.w1max && q.y() >= v.w2min && q.y() <= v.w2max));
        if (d == SliceDirections::Pca) {
            CHECK(plane->explained1 + plane->explained2 <= 1.0 + 1e-12);
            CHECK(plane->explained1 >= plane->explained2);
            CHECK(plane->explained2 > 0);
            CHECK(std::abs(plane->d1.norm() - 1) < 1e-12);
            CHECK(std::abs(plane->d1.dot(plane->d2)) < 1e-12);
            // the PCA coordinates are the trajectory's projection onto the plane
            for (size_t i = 0; i < h.thetas().size(); ++i)
                CHECK((slice->project(h.thetas()[i]) - plane->path[i]).norm() < 1e-9);
            CHECK(plane->path.front().x() <= 0);
        } else {
            CHECK(std::isnan(plane->explained1));
            for (const LayerShape& l : p.model.layers()) CHECK(plane->d1.segment(l.bOffset, l.out).norm() == 0);
            CHECK(v.w1min <= -1.0);
            CHECK(v.w1max >= 1.0);
        }
    }
}

TEST_CASE("slices that cannot be formed say why") {
    const Prepared p = moons({2, 4, 1});
    const VecX theta = initialParameters(p.model, InitSpec{}, 1);
    std::string err;
    SliceSpec pca;
    pca.directions = SliceDirections::Pca;
    CHECK_FALSE(makeSlicePlane(p.model, theta, {theta}, {0}, pca, &err));
    CHECK(err.find("PCA needs the run's trajectory") != std::string::npos);
    // a straight-line trajectory has no second direction
    const VecX d = VecX::Ones(theta.size());
    std::vector<VecX> line{theta - 2 * d, theta - d, theta};
    CHECK_FALSE(makeSlicePlane(p.model, theta, line, {0, 1, 2}, pca, &err));
    CHECK(err.find("straight line") != std::string::npos);
    SliceSpec filter;
    CHECK_FALSE(makeSlicePlane(p.model, VecX::Zero(theta.size()), {}, {}, filter, &err));
    CHECK(err.find("use 'none'") != std::string::npos);
    SliceSpec none;
    none.normalize = Normalize::None;
    CHECK(makeSlicePlane(p.model, VecX::Zero(theta.size()), {}, {}, none, &err));
    VecX bad = theta;
    bad[0] = std::nan("");
    CHECK_FALSE(makeSlicePlane(p.model, bad, {}, {}, filter, &err));
    CHECK(err.find("not finite") != std::string::npos);
    CHECK_FALSE(makeSlicePlane(p.model, VecX::Zero(3), {}, {}, filter, &err));
    filter.range = -1;
    CHECK_FALSE(makeSlicePlane(p.model, theta, {}, {}, filter, &err));
}

TEST_CASE("connectivity in pieces: network B trained as A, the bend as bezierBend, the paths' ends the minima") {
    const Prepared p = moons({2, 8, 1});
    ConnectSpec spec;
    spec.config = adam(0.02);
    spec.seedB = 2;
    spec.trainSteps = 60;
    spec.bezier.steps = 80;
    spec.points = 11;
    NetRun a(spec.config);
    a.reset(p.problem, initialParameters(p.model, InitSpec{}, 1));
    a.advance(p.problem, 60);
    Connectivity c(p.problem, a.theta(), spec);
    int calls = 0;
    while (!c.advance(p.problem, 7)) {
        ++calls;
        CHECK(c.progress() < 1.0);
    }
    CHECK(c.error().empty());
    CHECK(calls > 10);
    CHECK(c.progress() == 1.0);
    NetRun b(spec.config);
    b.reset(p.problem, initialParameters(p.model, InitSpec{}, 2));
    b.advance(p.problem, 60);
    CHECK(c.thetaB() == b.theta());
    Backprop bp(p.model);
    const VecX bend = bezierBend(bp, p.problem.train, a.theta(), b.theta(), spec.bezier);
    CHECK(c.bend() == bend);
    REQUIRE(c.t().size() == 11);
    CHECK(c.lineLoss().front() == bp.loss(a.theta(), p.problem.train));
    CHECK(c.lineLoss().back() == bp.loss(b.theta(), p.problem.train));
    CHECK(c.curveLoss().front() == c.lineLoss().front());
    CHECK(c.curveLoss().back() == c.lineLoss().back());
    CHECK(c.lineBarrier() >= 0);
    CHECK(barrierHeight({1.0, 3.0, 2.0}) == 1.0);
    CHECK(barrierHeight({2.0, 1.0, 1.5}) == 0.0);
}

TEST_CASE("the plane through θA, θB, θC (Garipov et al.): Gram–Schmidt coordinates, the loss and the curve on it") {
    const Prepared p = moons({2, 8, 1});
    Backprop bp(p.model);
    // A hand-computed case first: B = A + 3·e₀, C = A + e₀ + 2·e₁ give θB = (3, 0), θC = (1, 2)
    const VecX a0 = initialParameters(p.model, InitSpec{}, 1);
    VecX e0 = VecX::Zero(a0.size()), e1 = e0;
    e0[0] = 1, e1[1] = 1;
    std::string err;
    auto hand = makeThreePointPlane(p.model, a0, a0 + 3 * e0, a0 + e0 + 2 * e1, {}, {}, &err, 5);
    REQUIRE_MESSAGE(hand, err);
    CHECK((hand->marks[0] - Vec2(0, 0)).norm() < 1e-15);
    CHECK((hand->marks[1] - Vec2(3, 0)).norm() < 1e-14);
    CHECK((hand->marks[2] - Vec2(1, 2)).norm() < 1e-14);
    CHECK((hand->d1 - e0).norm() < 1e-15);
    CHECK((hand->d2 - e1).norm() < 1e-15);
    // φ(1/2) − θA = ½(θC − θA) + ¼(θB − θA) = (½ + ¾, 1)
    REQUIRE(hand->curve.size() == 5);
    CHECK((hand->curve[2] - Vec2(1.25, 1.0)).norm() < 1e-14);

    // Two trained minima and a trained bend
    ConnectSpec spec;
    spec.config = adam(0.02);
    spec.trainSteps = 150;
    spec.bezier.steps = 150;
    NetRun ra(spec.config);
    ra.reset(p.problem, initialParameters(p.model, InitSpec{}, 1));
    ThetaHistory h(40);
    h.record(0, ra.theta());
    for (int k = 0; k < spec.trainSteps; ++k) ra.step(p.problem), h.record(ra.steps(), ra.theta());
    Connectivity c(p.problem, ra.theta(), spec);
    while (!c.advance(p.problem, 50)) {
    }
    REQUIRE(c.error().empty());
    auto plane = makeThreePointPlane(p.model, c.thetaA(), c.thetaB(), c.bend(), h.thetas(), h.steps(), &err, 21);
    REQUIRE_MESSAGE(plane, err);
    CHECK(std::abs(plane->d1.norm() - 1) < 1e-12);
    CHECK(std::abs(plane->d2.norm() - 1) < 1e-12);
    CHECK(std::abs(plane->d1.dot(plane->d2)) < 1e-12);
    CHECK(plane->theta0 == c.thetaA());
    const auto slice = makeSliceLandscape(p.model, p.problem.train, *plane);
    const VecX three[3] = {c.thetaA(), c.thetaB(), c.bend()};
    for (int i = 0; i < 3; ++i) {
        const double want = bp.loss(three[i], p.problem.train), got = slice->value(plane->marks[static_cast<size_t>(i)]);
        CHECK(std::abs(got - want) <= 1e-9 * std::abs(want));
        CHECK((slice->point(plane->marks[static_cast<size_t>(i)]) - three[i]).norm() <= 1e-10 * three[i].norm());
        CHECK((slice->project(three[i]) - plane->marks[static_cast<size_t>(i)]).norm() <= 1e-10 * (1 + plane->marks[1].norm()));
    }
    CHECK(plane->marks[1].y() == 0.0);
    CHECK(plane->marks[2].y() > 0.0);
    // the curve drawn on the plane starts at θA and ends at θB, and every point of it is φ(t) with φ's loss
    REQUIRE(plane->curve.size() == 21);
    CHECK(plane->curve.front() == plane->marks[0]);
    CHECK((plane->curve.back() - plane->marks[1]).norm() <= 1e-12 * plane->marks[1].norm());
    for (size_t i = 0; i < plane->curve.size(); ++i) {
        const double t = static_cast<double>(i) / 20;
        const VecX phi = bezierPoint(c.thetaA(), c.bend(), c.thetaB(), t);
        CHECK((slice->point(plane->curve[i]) - phi).norm() <= 1e-10 * phi.norm());
        const double want = bp.loss(phi, p.problem.train);
        CHECK(std::abs(slice->value(plane->curve[i]) - want) <= 1e-9 * want);
    }
    // the view holds the three points and the curve
    const ViewBox& v = slice->info().view;
    for (const Vec2& q : plane->marks) CHECK((q.x() > v.w1min && q.x() < v.w1max && q.y() > v.w2min && q.y() < v.w2max));
    // the trajectory is projected by least squares: the residual is orthogonal to the plane
    REQUIRE(plane->path.size() == h.thetas().size());
    for (size_t i = 0; i < h.thetas().size(); ++i) {
        const VecX r = h.thetas()[i] - slice->point(plane->path[i]);
        CHECK(std::abs(r.dot(plane->d1)) <= 1e-10 * (1 + r.norm()));
        CHECK(std::abs(r.dot(plane->d2)) <= 1e-10 * (1 + r.norm()));
    }
    CHECK(projectOnPlane(p.model, *plane, {c.thetaA()}).front().norm() <= 1e-12);  // θA is the origin

    // what cannot span a plane says why
    CHECK_FALSE(makeThreePointPlane(p.model, c.thetaA(), c.thetaA(), c.bend(), {}, {}, &err));
    CHECK(err.find("coincide") != std::string::npos);
    CHECK_FALSE(makeThreePointPlane(p.model, c.thetaA(), c.thetaB(), 0.5 * (c.thetaA() + c.thetaB()), {}, {}, &err));
    CHECK(err.find("straight line") != std::string::npos);
    VecX bad = c.bend();
    bad[0] = std::nan("");
    CHECK_FALSE(makeThreePointPlane(p.model, c.thetaA(), c.thetaB(), bad, {}, {}, &err));
    CHECK(err.find("not finite") != std::string::npos);
    CHECK_FALSE(makeThreePointPlane(p.model, VecX::Zero(3), c.thetaB(), c.bend(), {}, {}, &err));
    SliceSpec connect;
    connect.directions = SliceDirections::Connect;
    CHECK_FALSE(makeSlicePlane(p.model, c.thetaA(), {}, {}, connect, &err));
    CHECK(err.find("run 'connect' first") != std::string::npos);
    CHECK(parseSliceDirections("connect") == SliceDirections::Connect);
    CHECK(std::string(sliceDirectionsName(SliceDirections::Connect)) == "connect");
}

TEST_CASE("any run's weights project onto a slice by least squares") {
    const Prepared p = moons({2, 6, 1});
    ThetaHistory h(30);
    const NetRun r = train(p, 60, h);
    SliceSpec spec;
    spec.normalize = Normalize::None;  // not orthogonal directions: the projection needs the Gram matrix
    std::string err;
    auto plane = makeSlicePlane(p.model, r.theta(), {}, {}, spec, &err);
    REQUIRE_MESSAGE(plane, err);
    const auto q = projectOnPlane(p.model, *plane, h.thetas());
    REQUIRE(q.size() == h.thetas().size());
    for (size_t i = 0; i < q.size(); ++i) {
        const VecX res = h.thetas()[i] - (plane->theta0 + q[i].x() * plane->d1 + q[i].y() * plane->d2);
        CHECK(std::abs(res.dot(plane->d1)) <= 1e-10 * (1 + res.norm()) * plane->d1.norm());
        CHECK(std::abs(res.dot(plane->d2)) <= 1e-10 * (1 + res.norm()) * plane->d2.norm());
    }
    const auto none = projectOnPlane(p.model, *plane, {VecX::Zero(2)});  // a vector of the wrong size
    CHECK_FALSE(none.front().allFinite());
}
