// The platform's job runner (see jobs.h). The page's side of the workers — starting them,
// queueing, the messages — is in web_glue.js ("jobs"); a worker answers with
// optiscape_job_run below.
#include "platform/jobs.h"

#include <algorithm>

#include <map>
#include <memory>
#include <set>
#include <string>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include "platform/browser.h"

namespace optiscape::platform {
namespace {

/// Jobs in Web Workers. A ticket's job stays here until its output arrives, so a job whose
/// worker failed runs on the main thread instead (inside take(), as the fallback's).
class WebWorkers : public jobs::JobRunner {
public:
    int workers() const override {
        return EM_ASM_INT({ return Module['optiscapeJobs'] ? Module['optiscapeJobs']['count']() : 0; });
    }
    std::string where() const override { return workers() > 0 ? "web-workers" : "main-thread"; }
    int open() override { return nextOwner_++; }
    int submit(int owner, std::string spec) override {
        const int ticket = nextTicket_++;
        if (closed_.count(owner)) return ticket;
        if (workers() == 0) {  // no workers: the fallback runs it on this thread
            fallbackTicket_[fallback_.submit(owner, std::move(spec))] = ticket;
            return ticket;
        }
        owner_[ticket] = owner;
        EM_ASM({ Module['optiscapeJobs']['submit']($0, $1, UTF8ToString($2)); }, owner, ticket, spec.c_str());
        return ticket;
    }
    void cancel(int owner) override {
        closed_.insert(owner);
        done_.erase(owner);
        fallback_.cancel(owner);
        EM_ASM({ Module['optiscapeJobs'] && Module['optiscapeJobs']['cancel']($0); }, owner);
    }
    std::vector<jobs::Finished> take(int owner, double budgetSeconds) override {
        std::vector<jobs::Finished> out;
        for (jobs::Finished& f : fallback_.take(owner, budgetSeconds)) {
            f.ticket = fallbackTicket_[f.ticket];
            out.push_back(std::move(f));
        }
        const auto it = done_.find(owner);
        if (it != done_.end()) {
            for (jobs::Finished& f : it->second) out.push_back(std::move(f));
            done_.erase(it);
        }
        return out;
    }
    long finishedCount() const override { return finished_ + fallback_.finishedCount(); }

    /// A worker's answer (from web_glue.js).
    void finished(int ticket, const double* values, int n, const char* error) {
        const auto it = owner_.find(ticket);
        if (it == owner_.end()) return;
        const int owner = it->second;
        owner_.erase(it);
        ++finished_;
        if (closed_.count(owner)) return;
        jobs::Finished f;
        f.ticket = ticket;
        f.output.values.assign(values, values + (n > 0 ? n : 0));
        f.output.error = error ? error : "";
        done_[owner].push_back(std::move(f));
        // the client's last job: show its result now rather than at the next poll
        if (std::none_of(owner_.begin(), owner_.end(), [owner](const auto& t) { return t.second == owner; })) drawNow();
    }

private:
    jobs::InlineRunner fallback_;
    std::map<int, int> fallbackTicket_;  ///< the fallback's ticket → ours
    std::map<int, int> owner_;           ///< tickets in the workers → their owner
    std::map<int, std::vector<jobs::Finished>> done_;
    std::set<int> closed_;
    int nextOwner_ = 1, nextTicket_ = 1;
    long finished_ = 0;
};

WebWorkers& web() {
    static WebWorkers w;
    return w;
}

jobs::JobOutput g_output;  ///< a worker's last job (optiscape_job_run)

}  // namespace

jobs::JobRunner& jobRunner() { return web(); }

}  // namespace optiscape::platform

extern "C" {

/// In a worker: runs the job `spec`; returns how many values it gave (read them with
/// optiscape_job_values; optiscape_job_error is "" or what went wrong).
EMSCRIPTEN_KEEPALIVE int optiscape_job_run(const char* spec) {
    optiscape::platform::g_output = optiscape::jobs::runJob(spec ? spec : "");
    return static_cast<int>(optiscape::platform::g_output.values.size());
}
EMSCRIPTEN_KEEPALIVE const double* optiscape_job_values() { return optiscape::platform::g_output.values.data(); }
EMSCRIPTEN_KEEPALIVE const char* optiscape_job_error() { return optiscape::platform::g_output.error.c_str(); }

/// On the page: a worker finished job `ticket` with n values (or an error message).
EMSCRIPTEN_KEEPALIVE void optiscape_job_done(int ticket, const double* values, int n, const char* error) {
    optiscape::platform::web().finished(ticket, values, n, error);
}

}  // extern "C"

#else  // the desktop

#include "core/jobs/thread_pool.h"

namespace optiscape::platform {

// While jobs run the app polls for their outputs every AppState::kWorkerPoll seconds, and the
// loop sleeps in between; a client's last job wakes it at once.
jobs::JobRunner& jobRunner() {
    struct WakingPool : jobs::ThreadPool {
        WakingPool() : ThreadPool(jobs::defaultThreadCount(4)) { onLastFinished([] { drawNow(); }); }
    };
    static WakingPool pool;  // 0 threads: jobs run inside take()
    return pool;
}

}  // namespace optiscape::platform

#endif
