// A JobRunner on a pool of threads, natively (the page's wasm has no threads: its jobs go to
// Web Workers, src/platform/jobs.cpp).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "runner.h"

namespace optiscape::jobs {

/// Jobs on a pool of threads — or, with 0 threads, inside take() on the caller's thread.
class ThreadPool : public JobRunner {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool() override;
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int workers() const override { return static_cast<int>(threads_.size()); }
    std::string where() const override { return threads_.empty() ? "main-thread" : "threads"; }
    int open() override;
    int submit(int owner, std::string spec) override;
    void cancel(int owner) override;
    std::vector<Finished> take(int owner, double budgetSeconds) override;
    long finishedCount() const override;
    /// Called on a pool thread when a client's last job — none of its jobs queued or running any
    /// more — finishes, e.g. to wake an event loop that then takes the outputs (a client whose
    /// jobs come back one by one is not woken for each).
    void onLastFinished(std::function<void()> f);

private:
    struct Job {
        int owner, ticket;
        std::string spec;
    };
    void work();

    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Job> queue_;
    std::map<int, std::vector<Finished>> done_;  ///< per owner
    std::set<int> closed_;                       ///< cancelled owners
    std::map<int, int> outstanding_;             ///< per owner: jobs queued or running
    std::function<void()> onLastFinished_;
    std::vector<std::thread> threads_;
    int nextOwner_ = 1, nextTicket_ = 1;
    long finished_ = 0;
    bool stopping_ = false;
};

/// One thread per core the machine reports, at most `cap` (0 on a platform without threads).
int defaultThreadCount(int cap = 4);

}  // namespace optiscape::jobs
