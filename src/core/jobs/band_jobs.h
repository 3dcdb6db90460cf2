// Work of many alike items (a grid's cells, a sweep's runs), each giving the same few numbers,
// cut into bands of consecutive items sent to a JobRunner as jobs; a band whose job fails, and
// all of the work when there are no workers, is computed in place a few items per call. The
// bookkeeping GridJobs and SweepJobs share.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runner.h"

namespace optiscape::jobs {

class BandJobs {
public:
    /// The job text of items [first, last).
    using Spec = std::function<std::string(size_t first, size_t last)>;
    /// Computes item k in place: its `per` numbers into out[0..per).
    using Compute = std::function<void(size_t k, double* out)>;

    /// `total` items of `per` numbers each; with a runner that has workers (and `useRunner`),
    /// bands of `bandItems` items go to it as jobs whose outputs are their items' numbers, item
    /// after item.
    BandJobs(size_t total, int per, JobRunner* runner, bool useRunner, size_t bandItems, const Spec& spec);
    ~BandJobs();
    BandJobs(const BandJobs&) = delete;
    BandJobs& operator=(const BandJobs&) = delete;

    /// Takes the bands finished so far, then computes items in place for about `budgetSeconds`
    /// (at least one, if any is left to do here); true once every item is done.
    bool advance(const Compute& compute, double budgetSeconds);
    bool complete() const { return done_ >= total_; }
    /// Whether item k is done (its numbers are in the planes).
    bool done(size_t k) const { return k < flags_.size() && flags_[k]; }
    double progress() const { return total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_); }
    size_t total() const { return total_; }
    /// Number p of item k: plane p holds number p of every item.
    const double* plane(int p) const { return values_.data() + static_cast<size_t>(p) * total_; }
    int workers() const { return owner_ ? runner_->workers() : 0; }  ///< 0: in place
    /// The last failed job's message, if any (its items were then computed in place).
    const std::string& lastError() const { return error_; }

private:
    size_t total_;
    int per_;
    JobRunner* runner_ = nullptr;
    int owner_ = 0;                                ///< the runner's client id, 0 when in place
    std::map<int, std::pair<size_t, size_t>> bands_;  ///< ticket → items [first, last) in flight
    std::vector<std::pair<size_t, size_t>> here_;  ///< ranges of items to compute in place (the last first)
    size_t done_ = 0;
    std::vector<double> values_;                   ///< per planes of total numbers
    std::vector<char> flags_;                      ///< item k done
    std::string error_;
};

}  // namespace optiscape::jobs
