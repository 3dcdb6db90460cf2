// Theorem 9 over depth as jobs (see gradnorm_jobs.h).
#include "gradnorm_jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace optiscape::jobs {

using theory::GradSweepSettings;
using theory::MomentSums;
using theory::NetGradSettings;

namespace {

constexpr size_t kSumValues = 4;  ///< count, sum, sum of squares, overflow

void put(std::vector<double>& out, const MomentSums& m) {
    out.insert(out.end(), {static_cast<double>(m.count), m.sum, m.sumSq, m.overflow ? 1.0 : 0.0});
}

MomentSums get(const double* v) {
    MomentSums m;
    m.count = static_cast<long>(v[0]);
    m.sum = v[1];
    m.sumSq = v[2];
    m.overflow = v[3] != 0.0;
    return m;
}

bool sumsValid(const double* v) {
    return v[0] >= 0 && v[0] == std::floor(v[0]) && v[0] < 1e15 && (v[3] == 0.0 || v[3] == 1.0);
}

size_t partValues(const GradSweepSettings& linear, const NetGradSettings& nets, const GradNormPart& p) {
    const size_t depths = static_cast<size_t>(p.nets ? nets.maxDepth : linear.maxDepth);
    const size_t sums = p.nets ? depths : depths * (depths + 1) / 2;
    return sums * kSumValues + 1;
}

long roundsOf(long samples, long roundSamples) { return (samples + roundSamples - 1) / roundSamples; }

}  // namespace

std::string gradNormJobSpec(const GradSweepSettings& linear, const NetGradSettings& nets, const GradNormPart& part) {
    JsonWriter j;
    j.beginObject();
    j.key("kind").value("gradnorm");
    if (part.nets) {
        j.key("net").value("nets");
        j.key("width").value(nets.width).key("maxDepth").value(nets.maxDepth);
        j.key("samples").value(static_cast<double>(nets.samples)).key("roundSamples").value(static_cast<double>(nets.roundSamples));
        j.key("seed").value(static_cast<double>(nets.seed));
        j.key("model").value(part.model);
    } else {
        j.key("net").value("linear");
        j.key("width").value(linear.width).key("maxDepth").value(linear.maxDepth);
        j.key("samples").value(static_cast<double>(linear.samples)).key("roundSamples").value(static_cast<double>(linear.roundSamples));
        j.key("seed").value(static_cast<double>(linear.seed));
        j.key("sigmaSqrtD").value(linear.sigmaSqrtD).key("xNorm").value(linear.xNorm).key("yNorm").value(linear.yNorm);
    }
    j.key("round").value(static_cast<double>(part.round));
    j.endObject();
    return j.str();
}

std::vector<double> computeGradNormPart(const GradSweepSettings& linear, const NetGradSettings& nets,
                                        const GradNormPart& p) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<double> out;
    out.reserve(partValues(linear, nets, p));
    if (p.nets) {
        const long begin = p.round * nets.roundSamples, end = std::min(nets.samples, begin + nets.roundSamples);
        for (int L = 1; L <= nets.maxDepth; ++L) put(out, theory::netGradChunk(nets, p.model, L, begin, end));
    } else {
        const long begin = p.round * linear.roundSamples, end = std::min(linear.samples, begin + linear.roundSamples);
        for (int L = 1; L <= linear.maxDepth; ++L)
            for (const MomentSums& m : theory::gradSweepChunk(linear, L, begin, end)) put(out, m);
    }
    out.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return out;
}

JobOutput runGradNormJob(const JsonValue& spec) {
    const JsonValue* net = spec.find("net");
    if (!net || net->type != JsonValue::Type::String || (net->string != "linear" && net->string != "nets"))
        return {{}, "gradnorm: \"net\" is not \"linear\" or \"nets\""};
    GradNormPart part;
    part.nets = net->string == "nets";
    int width = 0, maxDepth = 0, samples = 0, roundSamples = 0, round = 0, model = 0;
    double seed = 0;
    if (!readWhole(spec, "width", 1, 64, width) || !readWhole(spec, "maxDepth", 1, 200, maxDepth) ||
        !readWhole(spec, "samples", 1, 10000000, samples) || !readWhole(spec, "roundSamples", 1, 10000000, roundSamples) ||
        !readNumber(spec, "seed", seed) || seed < 0 || seed != std::floor(seed) || seed > 9007199254740992.0)
        return {{}, "gradnorm: \"width\", \"maxDepth\", \"samples\", \"roundSamples\" or \"seed\" missing or out of range"};
    if (!readWhole(spec, "round", 0, static_cast<int>(roundsOf(samples, roundSamples)) - 1, round))
        return {{}, "gradnorm: \"round\" outside the sweep"};
    part.round = round;
    GradSweepSettings linear;
    NetGradSettings nets;
    if (part.nets) {
        if (!readWhole(spec, "model", 0, static_cast<int>(theory::netGradModels().size()) - 1, model))
            return {{}, "gradnorm: \"model\" is not one of the measured models"};
        part.model = model;
        nets.width = width, nets.maxDepth = maxDepth, nets.samples = samples, nets.roundSamples = roundSamples;
        nets.seed = static_cast<std::uint64_t>(seed);
    } else {
        linear.width = width, linear.maxDepth = maxDepth, linear.samples = samples, linear.roundSamples = roundSamples;
        linear.seed = static_cast<std::uint64_t>(seed);
        if (!readNumber(spec, "sigmaSqrtD", linear.sigmaSqrtD) || !(linear.sigmaSqrtD > 0 && linear.sigmaSqrtD <= 10) ||
            !readNumber(spec, "xNorm", linear.xNorm) || !readNumber(spec, "yNorm", linear.yNorm))
            return {{}, "gradnorm: \"sigmaSqrtD\" (in (0, 10]), \"xNorm\" or \"yNorm\" missing or out of range"};
    }
    return {computeGradNormPart(linear, nets, part), ""};
}

GradNormJobs::GradNormJobs(const GradSweepSettings& linear, const NetGradSettings& nets, JobRunner* runner)
    : linear_(linear), nets_(nets) {
    if (runner && runner->workers() > 0 && !done()) {
        // round by round, the linear sweep's first and then each model's: both plots fill in together
        const long rounds = std::max(linear_.rounds(), nets_.rounds());
        const int models = static_cast<int>(theory::netGradModels().size());
        for (long r = 0; r < rounds; ++r) {
            if (r < linear_.rounds()) parts_.push_back({false, r, 0});
            if (r < nets_.rounds())
                for (int m = 0; m < models; ++m) parts_.push_back({true, r, m});
        }
    }
    jobs_ = std::make_unique<OrderedJobs>(
        runner, parts_.size(), [this](size_t k) { return gradNormJobSpec(linear_.settings(), nets_.settings(), parts_[k]); },
        [this](size_t k, const JobOutput& o) { return apply(parts_[k], o.values); }, [this](size_t k) { here(k); },
        "gradnorm: a part's output is malformed");
}

GradNormJobs::~GradNormJobs() = default;

bool GradNormJobs::apply(const GradNormPart& p, const std::vector<double>& v) {
    if (v.size() != partValues(linear_.settings(), nets_.settings(), p)) return false;
    for (size_t k = 0; k + 1 < v.size(); k += kSumValues)
        if (!sumsValid(&v[k])) return false;
    const double seconds = v.back();
    const double* at = v.data();
    if (p.nets) {
        const int depths = nets_.settings().maxDepth;
        for (int L = 1; L <= depths; ++L, at += kSumValues)
            nets_.supply(p.model, L, p.round, get(at), L == depths ? seconds : 0.0);
    } else {
        const int depths = linear_.settings().maxDepth;
        std::vector<MomentSums> chunk;
        for (int L = 1; L <= depths; ++L) {
            chunk.clear();
            for (int k = 0; k < L; ++k, at += kSumValues) chunk.push_back(get(at));
            linear_.supply(L, p.round, chunk, L == depths ? seconds : 0.0);
        }
    }
    return true;
}

void GradNormJobs::here(size_t k) { apply(parts_[k], computeGradNormPart(linear_.settings(), nets_.settings(), parts_[k])); }

bool GradNormJobs::advanceFor(double secs) {
    if (!jobs_->active()) {
        if (!linear_.done()) linear_.advanceFor(nets_.done() ? secs : secs * 0.5);
        if (!nets_.done()) nets_.advanceFor(linear_.done() ? secs : secs * 0.5);
        return done();
    }
    jobs_->advance(secs);
    return done();
}

void GradNormJobs::finishHere() {
    if (!jobs_->active()) {
        while (!advanceFor(1.0)) {
        }
        return;
    }
    jobs_->finishHere();
}

}  // namespace optiscape::jobs
