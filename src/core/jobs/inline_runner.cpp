// InlineRunner (see runner.h).
#include <algorithm>
#include <chrono>

#include "runner.h"

namespace optiscape::jobs {

int InlineRunner::submit(int owner, std::string spec) {
    const int ticket = nextTicket_++;
    if (!closed_.count(owner)) queue_.push_back({owner, ticket, std::move(spec)});
    return ticket;
}

void InlineRunner::cancel(int owner) {
    closed_.insert(owner);
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [owner](const Job& j) { return j.owner == owner; }),
                 queue_.end());
}

std::vector<Finished> InlineRunner::take(int owner, double budgetSeconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    std::vector<Finished> out;
    for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->owner != owner) {
            ++it;
            continue;
        }
        out.push_back({it->ticket, runJob(it->spec)});
        ++finished_;
        it = queue_.erase(it);
        if (std::chrono::duration<double>(Clock::now() - t0).count() >= budgetSeconds) break;
    }
    return out;
}

}  // namespace optiscape::jobs
