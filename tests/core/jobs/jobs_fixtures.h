// Shared by the job suites: basin maps compared field by field; a runner that hands jobs back
// out of order.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/basins.h"
#include "core/jobs/runner.h"

namespace testing {
using namespace optiscape;

/// The same map to the last bit: labels, steps, and the minima found in the same order.
inline void checkSameMap(const BasinMap& a, const BasinMap& b) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    CHECK(a.label == b.label);
    CHECK(a.steps == b.steps);
    CHECK(a.knownMinima == b.knownMinima);
    REQUIRE(a.minima.size() == b.minima.size());
    for (size_t k = 0; k < a.minima.size(); ++k) CHECK(a.minima[k] == b.minima[k]);
}

inline BasinMap inPlace(const Landscape& l, const BasinRequest& r) {
    BasinComputer bc(l, r);
    while (!bc.advance(5)) {
    }
    return bc.result();
}

/// A runner that claims two workers and runs its jobs as text (runJob) inside take(), handing
/// them back in a shuffled order: the order a pool of workers may finish them in.
class ShuffledRunner : public jobs::JobRunner {
public:
    int workers() const override { return 2; }
    std::string where() const override { return "test"; }
    int open() override { return ++owners_; }
    int submit(int owner, std::string spec) override {
        queue_.push_back({owner, ++tickets_, std::move(spec)});
        return tickets_;
    }
    void cancel(int) override {}
    std::vector<jobs::Finished> take(int owner, double) override {
        std::vector<jobs::Finished> out;
        // a few of the owner's at a time, so that the caller tallies while later chunks are still
        // out (another client's jobs wait for that client)
        std::shuffle(queue_.begin(), queue_.end(), rng_);
        for (int k = 0; k < 3;) {
            const auto it = std::find_if(queue_.begin(), queue_.end(), [owner](const Job& j) { return j.owner == owner; });
            if (it == queue_.end()) break;
            const Job j = *it;
            queue_.erase(it);
            out.push_back({j.ticket, jobs::runJob(j.spec)});
            ++finished_, ++k;
        }
        return out;
    }
    long finishedCount() const override { return finished_; }

private:
    struct Job {
        int owner, ticket;
        std::string spec;
    };
    std::vector<Job> queue_;
    std::mt19937 rng_{11};
    int owners_ = 0, tickets_ = 0;
    long finished_ = 0;
};

}  // namespace testing
