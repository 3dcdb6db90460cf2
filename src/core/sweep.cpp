// The fair comparison's cells (see sweep.h).
#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscape {

double SweepRequest::lr(int i) const { return lrLo * std::pow(lrHi / lrLo, n > 1 ? double(i) / (n - 1) : 0.0); }

double SweepRequest::secondValue(int j) const {
    return secLo + (secHi - secLo) * (rows() > 1 ? double(j) / (rows() - 1) : 0.0);
}

RunConfig SweepRequest::cell(int i, int j) const {
    RunConfig c = base;
    c.hyper.lr = lr(i);
    if (!second.empty())
        if (const HyperSpec* h = findHyper(second)) c.hyper.*(h->field) = secondValue(j);
    return c;
}

SweepRequest sweepFor(const RunConfig& base) {
    SweepRequest r;
    r.base = base;
    const OptimizerInfo& info = optimizerInfo(base.optimizer);
    for (const char* k : {"momentum", "beta1", "alpha"})
        if (std::find(info.hypers.begin(), info.hypers.end(), k) != info.hypers.end()) {
            r.second = k;
            break;
        }
    r.lrLo = std::max(base.hyper.lr / 100.0, 1e-6);
    r.lrHi = std::min(base.hyper.lr * 30.0, 10.0);
    r.secLo = r.second == "alpha" ? 0.5 : 0.0;
    r.secHi = 0.99;
    return r;
}

double sweepCell(const Landscape& l, const SweepRequest& r, int k) {
    Run run(r.cell(k % r.cols(), k / r.cols()));
    run.reset(l);
    run.advance(l, r.steps);
    return run.diverged() ? std::numeric_limits<double>::quiet_NaN() : run.current().loss;
}

}  // namespace optiscape
