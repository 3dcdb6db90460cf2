// Where jobs run (job.h): a JobRunner takes job texts from its clients and hands back their
// outputs. Natively a ThreadPool (thread_pool.h, one thread per core); in the page the
// platform's runner posts them to Web Workers (src/platform/jobs.cpp); with no worker at all an
// InlineRunner runs them on the caller's thread inside take(), for about the time the caller
// allows, so a frame stays short.
#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "job.h"

namespace optiscape::jobs {

/// A job's output, with the ticket submit() gave it.
struct Finished {
    int ticket = 0;
    JobOutput output;
};

class JobRunner {
public:
    virtual ~JobRunner() = default;
    /// How many jobs run at once beside the caller's thread; 0 when they run inside take().
    virtual int workers() const = 0;
    /// "web-workers", "threads" or "main-thread": where jobs run now.
    virtual std::string where() const = 0;
    /// A new client: its jobs, cancellations and outputs are its own.
    virtual int open() = 0;
    /// Queues a job of client `owner`; returns its ticket (unique per runner).
    virtual int submit(int owner, std::string spec) = 0;
    /// Closes the client: drops its queued jobs and the outputs of those already running (a
    /// client that goes on opens a new one). Jobs submitted by a closed client are dropped.
    virtual void cancel(int owner) = 0;
    /// The client's finished jobs, in no particular order. Without workers, first runs its queued
    /// jobs for about `budgetSeconds` (at least one, if any is queued).
    virtual std::vector<Finished> take(int owner, double budgetSeconds) = 0;
    /// Jobs finished over the runner's life (for the page's state()).
    virtual long finishedCount() const = 0;
};

/// Jobs on the caller's thread, inside take() (the fallback of a platform without threads or
/// workers; no threads are linked in, which keeps the page's wasm small).
class InlineRunner : public JobRunner {
public:
    int workers() const override { return 0; }
    std::string where() const override { return "main-thread"; }
    int open() override { return nextOwner_++; }
    int submit(int owner, std::string spec) override;
    void cancel(int owner) override;
    std::vector<Finished> take(int owner, double budgetSeconds) override;
    long finishedCount() const override { return finished_; }

private:
    struct Job {
        int owner, ticket;
        std::string spec;
    };
    std::deque<Job> queue_;
    std::set<int> closed_;
    int nextOwner_ = 1, nextTicket_ = 1;
    long finished_ = 0;
};

}  // namespace optiscape::jobs
