// Bands of items as jobs (see band_jobs.h).
#include "band_jobs.h"

#include <algorithm>
#include <chrono>

namespace optiscape::jobs {

BandJobs::BandJobs(size_t total, int per, JobRunner* runner, bool useRunner, size_t bandItems, const Spec& spec)
    : total_(total),
      per_(std::max(per, 1)),
      runner_(runner),
      values_(total * static_cast<size_t>(std::max(per, 1)), 0.0),
      flags_(total, 0) {
    if (!runner_ || !useRunner || runner_->workers() == 0 || total == 0) {
        if (total > 0) here_.emplace_back(0, total);
        return;
    }
    owner_ = runner_->open();
    bandItems = std::max<size_t>(bandItems, 1);
    for (size_t k = 0; k < total; k += bandItems) {
        const size_t last = std::min(total, k + bandItems);
        bands_[runner_->submit(owner_, spec(k, last))] = {k, last};
    }
}

BandJobs::~BandJobs() {
    if (owner_) runner_->cancel(owner_);
}

bool BandJobs::advance(const Compute& compute, double budgetSeconds) {
    const size_t per = static_cast<size_t>(per_);
    if (owner_) {
        for (Finished& f : runner_->take(owner_, budgetSeconds)) {
            const auto band = bands_.find(f.ticket);
            if (band == bands_.end()) continue;
            const auto [first, last] = band->second;
            bands_.erase(band);
            if (f.output.error.empty() && f.output.values.size() == (last - first) * per) {
                for (size_t k = first; k < last; ++k) {
                    for (size_t p = 0; p < per; ++p) values_[p * total_ + k] = f.output.values[(k - first) * per + p];
                    flags_[k] = 1;
                }
                done_ += last - first;
            } else {
                error_ = f.output.error.empty() ? "a band's output is malformed" : f.output.error;
                here_.emplace_back(first, last);
            }
        }
    }
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    std::vector<double> out(per);
    // item by item, so that a frame's budget holds even when a band costs more than it
    while (!here_.empty()) {
        auto& [k, last] = here_.back();
        compute(k, out.data());
        for (size_t p = 0; p < per; ++p) values_[p * total_ + k] = out[p];
        flags_[k] = 1;
        if (++k == last) here_.pop_back();
        ++done_;
        if (std::chrono::duration<double>(Clock::now() - t0).count() >= budgetSeconds) break;
    }
    return complete();
}

}  // namespace optiscape::jobs
