// Tests for OrderedJobs (src/core/jobs/ordered_jobs.h): parts that finish in any order reach the
// computer in part order; a failed job and a refused output are computed in place, in their turn;
// finishHere hands on what arrived and computes the rest; without workers nothing is submitted.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/jobs/ordered_jobs.h"

using namespace optiscape;
using namespace optiscape::jobs;

namespace {

/// Two "workers" whose job text is a number n: the output is {n, n²}, or an error for "fail".
/// take() hands back the jobs the test released, last submitted first.
class HeldRunner : public JobRunner {
public:
    int workers() const override { return 2; }
    std::string where() const override { return "test"; }
    int open() override { return ++owners; }
    int submit(int owner, std::string spec) override {
        jobs.push_back({owner, ++tickets, std::move(spec), false});
        return tickets;
    }
    void cancel(int owner) override { cancelled.push_back(owner); }
    std::vector<Finished> take(int, double) override {
        std::vector<Finished> out;
        for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
            if (!it->released || it->taken) continue;
            it->taken = true;
            JobOutput o;
            if (it->spec == "fail") o.error = "worker lost";
            else o.values = {std::stod(it->spec), std::stod(it->spec) * std::stod(it->spec)};
            out.push_back({it->ticket, o});
        }
        return out;
    }
    long finishedCount() const override { return 0; }
    void release(size_t k) { jobs.at(k).released = true; }

    struct Job {
        int owner, ticket;
        std::string spec;
        bool released, taken = false;
    };
    std::vector<Job> jobs;
    std::vector<int> cancelled;
    int owners = 0, tickets = 0;
};

struct Log {
    std::vector<std::string> events;  ///< "k=v" handed on from a job, "k here" computed in place
    OrderedJobs::Apply apply() {
        return [this](size_t k, const JobOutput& o) {
            if (o.values.size() != 2 || o.values[1] != o.values[0] * o.values[0]) return false;  // refused
            events.push_back(std::to_string(k) + "=" + std::to_string(static_cast<int>(o.values[0])));
            return true;
        };
    }
    OrderedJobs::Here here() {
        return [this](size_t k) { events.push_back(std::to_string(k) + " here"); };
    }
};

}  // namespace

TEST_CASE("ordered jobs: parts reach the computer in part order, whatever order they finish in") {
    HeldRunner runner;
    Log log;
    OrderedJobs jobs(&runner, 4, [](size_t k) { return std::to_string(10 * k); }, log.apply(), log.here(), "malformed");
    REQUIRE(jobs.active());
    CHECK(jobs.workers() == 2);
    REQUIRE(runner.jobs.size() == 4);
    CHECK(runner.jobs[2].spec == "20");
    runner.release(3);
    runner.release(1);
    CHECK_FALSE(jobs.advance(0.0));
    CHECK(log.events.empty());  // part 0 is still out: 1 and 3 wait
    runner.release(0);
    CHECK_FALSE(jobs.advance(0.0));
    CHECK(log.events == std::vector<std::string>{"0=0", "1=10"});
    runner.release(2);
    CHECK(jobs.advance(0.0));
    CHECK(log.events == std::vector<std::string>{"0=0", "1=10", "2=20", "3=30"});
    CHECK(jobs.complete());
    CHECK(jobs.lastError().empty());
    CHECK(jobs.advance(0.0));  // nothing more
    CHECK(log.events.size() == 4);
}

TEST_CASE("ordered jobs: a failed job and a refused output are computed in place, in their turn") {
    HeldRunner runner;
    const std::vector<std::string> specs = {"1", "fail", "not squared", "4"};
    Log log;
    auto refuseThree = [&log](size_t k, const JobOutput& o) { return o.values.at(0) != 3 && log.apply()(k, o); };
    OrderedJobs jobs(&runner, specs.size(), [&](size_t k) { return specs[k] == "not squared" ? std::string("3") : specs[k]; },
                     refuseThree, log.here(), "a part's output is malformed");
    for (size_t k = 0; k < 4; ++k) runner.release(k);
    CHECK(jobs.advance(0.0));
    CHECK(log.events == std::vector<std::string>{"0=1", "1 here", "2 here", "3=4"});
    CHECK(jobs.lastError() == "a part's output is malformed");  // the last failure's message
}

TEST_CASE("ordered jobs: the job's own message is kept when a worker fails") {
    HeldRunner runner;
    Log log;
    OrderedJobs jobs(&runner, 2, [](size_t k) { return k == 1 ? std::string("fail") : std::string("2"); }, log.apply(),
                     log.here(), "malformed");
    runner.release(0);
    runner.release(1);
    CHECK(jobs.advance(0.0));
    CHECK(log.events == std::vector<std::string>{"0=2", "1 here"});
    CHECK(jobs.lastError() == "worker lost");
}

TEST_CASE("ordered jobs: finishHere hands on what arrived, computes the rest and cancels the jobs") {
    HeldRunner runner;
    Log log;
    OrderedJobs jobs(&runner, 5, [](size_t k) { return std::to_string(k); }, log.apply(), log.here(), "malformed");
    runner.release(1);
    runner.release(3);
    CHECK_FALSE(jobs.advance(0.0));
    jobs.finishHere();
    CHECK(log.events == std::vector<std::string>{"0 here", "1=1", "2 here", "3=3", "4 here"});
    CHECK(jobs.complete());
    CHECK_FALSE(jobs.active());
    CHECK(jobs.workers() == 0);
    CHECK(runner.cancelled == std::vector<int>{1});
    runner.release(0);  // a late output is not handed on twice
    jobs.advance(0.0);
    CHECK(log.events.size() == 5);
}

TEST_CASE("ordered jobs: without a runner, without workers or without parts nothing is submitted") {
    Log log;
    OrderedJobs none(nullptr, 3, [](size_t) { return std::string("1"); }, log.apply(), log.here(), "malformed");
    CHECK_FALSE(none.active());
    CHECK(none.workers() == 0);
    HeldRunner runner;
    OrderedJobs empty(&runner, 0, [](size_t) { return std::string("1"); }, log.apply(), log.here(), "malformed");
    CHECK_FALSE(empty.active());
    CHECK(empty.complete());
    CHECK(runner.jobs.empty());
    CHECK(runner.owners == 0);
}
