// Work cut into numbered parts whose results must reach their computer in part order (a theory
// experiment's chunks of runs, rounds of a sweep), so that its tallies are the same to the last
// bit wherever the parts were computed. The parts go to a JobRunner as jobs; one that finishes
// before an earlier one waits for it; one whose job fails, or whose output its reader refuses, is
// computed in place. The bookkeeping the theory experiments' job wrappers share (BandJobs does the
// same for bands of alike items, whose order does not matter).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "runner.h"

namespace optiscape::jobs {

class OrderedJobs {
public:
    /// The job text of part k.
    using Spec = std::function<std::string(size_t k)>;
    /// Hands part k's job output to the computer; false (nothing handed on) if it is malformed.
    using Apply = std::function<bool(size_t k, const JobOutput& output)>;
    /// Computes part k in place and hands it to the computer.
    using Here = std::function<void(size_t k)>;

    /// `parts` parts as jobs of a new client of `runner`; none when the runner is null or has no
    /// workers (active() is then false: the caller computes in place its own way). Outputs go to
    /// `apply`, parts computed here to `here`; `malformed` is the message of an output that
    /// `apply` refuses.
    OrderedJobs(JobRunner* runner, size_t parts, const Spec& spec, Apply apply, Here here, std::string malformed);
    ~OrderedJobs();
    OrderedJobs(const OrderedJobs&) = delete;
    OrderedJobs& operator=(const OrderedJobs&) = delete;

    /// Whether the parts are on the runner's workers.
    bool active() const { return owner_ != 0; }
    int workers() const { return owner_ ? runner_->workers() : 0; }
    /// Takes the outputs finished so far and hands on, in part order, every part whose earlier
    /// ones are all handed on; true once every part is.
    bool advance(double budgetSeconds);
    /// Hands on every part now: the outputs that have arrived, the rest computed here (their jobs
    /// are cancelled). For a caller that must have the whole result without waiting for messages.
    void finishHere();
    bool complete() const { return next_ >= parts_; }
    /// The last failed job's message, if any (its part was then computed in place).
    const std::string& lastError() const { return error_; }

private:
    void handOn(size_t k, const JobOutput& output);

    Apply apply_;
    Here here_;
    JobRunner* runner_ = nullptr;
    int owner_ = 0;                     ///< the runner's client id, 0 when in place
    size_t parts_ = 0;
    std::map<int, size_t> tickets_;     ///< ticket → part in flight
    std::map<size_t, JobOutput> early_; ///< parts finished before an earlier one
    size_t next_ = 0;                   ///< the next part to hand on
    std::string malformed_, error_;
};

/// What the theory page asks of any of its experiments computed as jobs (the spurious table,
/// Theorem 9's sweeps, the landscape kinds, the tanh plateau).
class ExperimentJobs {
public:
    virtual ~ExperimentJobs() = default;
    /// Takes the parts finished so far (in place: computes for about `seconds`); true once done.
    virtual bool advanceFor(double seconds) = 0;
    /// Computes what is left here, at once (the jobs still out are cancelled).
    virtual void finishHere() = 0;
    virtual bool done() const = 0;
    virtual double progress() const = 0;
    /// Compute time so far (on workers: summed over their jobs).
    virtual double seconds() const = 0;
    /// How many workers compute the parts (0: in place).
    virtual int workers() const = 0;
    /// The last failed job's message, if any (its part was then computed in place).
    virtual const std::string& lastError() const = 0;
};

}  // namespace optiscape::jobs
