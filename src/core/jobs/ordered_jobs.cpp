// Parts handed on in order (see ordered_jobs.h).
#include "ordered_jobs.h"

#include <utility>

namespace optiscape::jobs {

OrderedJobs::OrderedJobs(JobRunner* runner, size_t parts, const Spec& spec, Apply apply, Here here, std::string malformed)
    : apply_(std::move(apply)), here_(std::move(here)), runner_(runner), parts_(parts), malformed_(std::move(malformed)) {
    if (!runner_ || runner_->workers() == 0 || parts == 0) return;
    owner_ = runner_->open();
    for (size_t k = 0; k < parts; ++k) tickets_[runner_->submit(owner_, spec(k))] = k;
}

OrderedJobs::~OrderedJobs() {
    if (owner_) runner_->cancel(owner_);
}

void OrderedJobs::handOn(size_t k, const JobOutput& output) {
    if (output.error.empty() && apply_(k, output)) return;
    error_ = output.error.empty() ? malformed_ : output.error;
    here_(k);
}

bool OrderedJobs::advance(double budgetSeconds) {
    if (!owner_) return complete();
    for (Finished& f : runner_->take(owner_, budgetSeconds)) {
        const auto t = tickets_.find(f.ticket);
        if (t == tickets_.end()) continue;
        early_[t->second] = std::move(f.output);
        tickets_.erase(t);
    }
    for (auto it = early_.find(next_); it != early_.end(); it = early_.find(next_)) {
        handOn(next_, it->second);
        early_.erase(it);
        ++next_;
    }
    return complete();
}

void OrderedJobs::finishHere() {
    if (!owner_) return;
    advance(0.0);  // what has arrived
    runner_->cancel(owner_);
    owner_ = 0;
    tickets_.clear();
    for (; next_ < parts_; ++next_) {
        const auto it = early_.find(next_);
        if (it != early_.end()) handOn(next_, it->second);
        else here_(next_);
    }
    early_.clear();
}

}  // namespace optiscape::jobs
