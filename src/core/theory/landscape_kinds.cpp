// The landscape kinds A–D from many starts (core/theory/landscape_kinds.h).
#include "core/theory/landscape_kinds.h"

#include <chrono>

namespace optiscape::theory {

std::unique_ptr<KindsComputer> KindsComputer::make(const KindsSettings& s, std::string* error) {
    if (s.k < 1 || s.k > 20) {
        if (error) *error = "k " + std::to_string(s.k) + " is out of range; give 1 to 20";
        return nullptr;
    }
    if (s.runs < 1 || s.runs > 100000) {
        if (error) *error = "runs " + std::to_string(s.runs) + " is out of range; give 1 to 100000";
        return nullptr;
    }
    auto data = deepLinearData(s.linear, error);
    if (!data) return nullptr;
    return std::unique_ptr<KindsComputer>(new KindsComputer(s, *data));
}

KindsComputer::KindsComputer(const KindsSettings& s, const LinearData& data) : s_(s) {
    s_.linear.runs = s_.runs;
    s_.linear.seed = s_.seed;
    problem_ = std::make_unique<DeepLinearProblem>(data, s_.linear.hidden);
    SpuriousTableSettings t;
    t.rows = {{s_.k, s_.k}, {s_.k, s_.k + 1}, {s_.k, 2 * s_.k}};
    t.runs = s_.runs;
    t.seed = s_.seed;
    t.optimizer = s_.optimizer;
    relu_ = std::make_unique<SpuriousTableComputer>(t);
}

double KindsComputer::progress() const {
    const double total = double(s_.runs) + relu_->runsTotal();
    return total > 0 ? (double(linearEnds_.size()) + relu_->runsDone()) / total : 1.0;
}

void KindsComputer::supplyLinear(const DeepLinearEnd& e, double seconds) {
    if (current_ || linearEnds_.size() >= size_t(s_.runs)) return;
    linearEnds_.push_back(e);
    seconds_ += seconds;
}

bool KindsComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const auto left = [&] { return seconds - std::chrono::duration<double>(Clock::now() - t0).count(); };
    bool first = true;
    while (!done() && (first || left() > 0)) {
        first = false;
        const bool linearLeft = linearEnds_.size() < size_t(s_.runs);
        if (linearLeft && (linearTurn_ || relu_->done())) {
            const auto t1 = Clock::now();
            while (linearEnds_.size() < size_t(s_.runs) && std::chrono::duration<double>(Clock::now() - t1).count() < seconds / 2) {
                if (!current_)
                    current_ = std::make_unique<DeepLinearDescent>(
                        *problem_, deepLinearStart(s_.linear, problem_->d, linearEnds_.size()), s_.linear);
                if (current_->advance(200)) {
                    linearEnds_.push_back(current_->result());
                    current_.reset();
                }
            }
        } else if (!relu_->done()) {
            relu_->advanceFor(std::max(seconds / 2, 1e-4));
        }
        linearTurn_ = !linearTurn_;
    }
    seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
    return done();
}

}  // namespace optiscape::theory
