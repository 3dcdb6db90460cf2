// ThreadPool (see runner.h).
#include <algorithm>
#include <chrono>

#include "thread_pool.h"

namespace optiscape::jobs {

int defaultThreadCount(int cap) {
    const unsigned n = std::thread::hardware_concurrency();
    return std::min(static_cast<int>(n), cap);
}

ThreadPool::ThreadPool(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    ready_.notify_all();
    for (std::thread& t : threads_) t.join();
}

int ThreadPool::open() {
    std::lock_guard<std::mutex> lock(mutex_);
    return nextOwner_++;
}

int ThreadPool::submit(int owner, std::string spec) {
    int ticket;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ticket = nextTicket_++;
        if (closed_.count(owner)) return ticket;
        queue_.push_back({owner, ticket, std::move(spec)});
        ++outstanding_[owner];
    }
    ready_.notify_one();
    return ticket;
}

void ThreadPool::cancel(int owner) {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [owner](const Job& j) { return j.owner == owner; }),
                 queue_.end());
    done_.erase(owner);
    outstanding_.erase(owner);
    closed_.insert(owner);
}

std::vector<Finished> ThreadPool::take(int owner, double budgetSeconds) {
    if (threads_.empty()) {  // run the owner's queued jobs here
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        for (;;) {
            Job job;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                const auto it = std::find_if(queue_.begin(), queue_.end(), [owner](const Job& j) { return j.owner == owner; });
                if (it == queue_.end()) break;
                job = std::move(*it);
                queue_.erase(it);
            }
            JobOutput out = runJob(job.spec);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!closed_.count(owner)) done_[owner].push_back({job.ticket, std::move(out)});
                if (const auto left = outstanding_.find(owner); left != outstanding_.end() && --left->second == 0)
                    outstanding_.erase(left);  // the caller is here: nothing to wake
                ++finished_;
            }
            if (std::chrono::duration<double>(Clock::now() - t0).count() >= budgetSeconds) break;
        }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = done_.find(owner);
    if (it == done_.end()) return {};
    std::vector<Finished> out = std::move(it->second);
    done_.erase(it);
    return out;
}

long ThreadPool::finishedCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return finished_;
}

void ThreadPool::onLastFinished(std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mutex_);
    onLastFinished_ = std::move(f);
}

void ThreadPool::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        JobOutput out = runJob(job.spec);
        std::function<void()> notify;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++finished_;
            if (!closed_.count(job.owner)) {
                done_[job.owner].push_back({job.ticket, std::move(out)});
                const auto left = outstanding_.find(job.owner);
                if (left != outstanding_.end() && --left->second == 0) {
                    outstanding_.erase(left);
                    notify = onLastFinished_;
                }
            }
        }
        if (notify) notify();
    }
}

}  // namespace optiscape::jobs
