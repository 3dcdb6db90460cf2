// Learning-rate schedules (Lecture 3, "learning-rate schedules": step decay, exponential decay,
// cyclical rates) with PyTorch's torch.optim.lr_scheduler formulas, an optional linear warm-up in
// front of any of them, and their text form "cosine:period=200,min=0.001,warmup=10".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "params.h"

namespace optiscape {

enum class ScheduleKind {
    Constant,     ///< γ_k = γ
    Step,         ///< StepLR(step_size = every, gamma):   γ_k = γ·gamma^⌊k/every⌋
    Exponential,  ///< ExponentialLR(gamma):                γ_k = γ·gamma^k
    Cosine,       ///< CosineAnnealingLR(T_max = period, eta_min = min), closed form
    Cyclical,     ///< CyclicLR(base_lr = low, max_lr = high, step_size_up = period/2, triangular)
};

/// A schedule: its kind, the parameters of every kind (each kind reads its own), and a warm-up.
/// k counts the steps already taken, so γ_k is the rate of step k + 1 (torch's last_epoch = k):
/// - step:        γ·gamma^⌊k/every⌋
/// - exponential: γ·gammaᵏ
/// - cosine:      min + (γ − min)·(1 + cos(π·k/period))/2 — past k = period it rises again
///                (period 2·period), as torch's CosineAnnealingLR does when stepped on
/// - cyclical:    with h = period/2, c = ⌊1 + k/(2h)⌋, x = |k/h − 2c + 1|:
///                low + (high − low)·max(0, 1 − x), a triangle from low (step 1) up to high at
///                k = h and back; the optimizer's own γ is not used (CyclicLR sets the rate)
/// - warm-up over K steps (Optiscape's own convention, composable with all of the above): the
///   rate is multiplied by (k + 1)/K while k < K, so step 1 uses γ_0/K and step K the full γ_{K−1}.
struct Schedule {
    ScheduleKind kind = ScheduleKind::Constant;
    int every = 50;        ///< step: steps between decays (torch's step_size)
    double gamma = 0.1;    ///< step, exponential: decay factor (step's torch default 0.1)
    int period = 100;      ///< cosine: T_max; cyclical: steps of one full cycle (up and down)
    double min = 0.0;      ///< cosine: eta_min, the rate at k = period
    double low = 0.001;    ///< cyclical: base_lr, the rate at the start of each cycle
    double high = 0.1;     ///< cyclical: max_lr, the rate at mid-cycle
    int warmup = 0;        ///< linear warm-up steps K (0: none)
};

/// Static description of a schedule kind.
struct ScheduleInfo {
    ScheduleKind kind;
    std::string name;     ///< "constant", "step", "exponential", "cosine", "cyclical"
    std::string title;    ///< "Step decay", ...
    std::string torch;    ///< the torch.optim.lr_scheduler call it matches
    std::string formula;  ///< the rate of step k + 1 in the lectures' notation
    std::vector<ParamSpec> params;  ///< its parameters in UI order, each with its own default and
                                    ///< range; every kind also takes "warmup" (warmupSpec())
};

/// All kinds, in menu order.
const std::vector<ScheduleInfo>& schedules();
const ScheduleInfo& scheduleInfo(ScheduleKind kind);
/// The declaration of the warm-up length "warmup" (steps, 0 = none), shared by every kind.
const ParamSpec& warmupSpec();

/// A schedule of `kind` with that kind's default parameters (and no warm-up).
Schedule defaultSchedule(ScheduleKind kind);

/// The value of parameter `name` ("every", "gamma", "period", "min", "low", "high", "warmup").
std::optional<double> scheduleParam(const Schedule& s, std::string_view name);
/// Sets parameter `name` of s; an empty string, or a message naming the allowed range. Checks the
/// declaration of s.kind (or warmupSpec()); a name the kind does not use is refused.
std::string setScheduleParam(Schedule& s, std::string_view name, double value);

/// Checks every parameter s.kind uses, and low ≤ high; an empty string or the first problem.
std::string validate(const Schedule& s);

/// The learning rate of step k + 1 (k ≥ 0 steps taken) for base rate baseLr.
double scheduledLr(const Schedule& s, double baseLr, long k);

/// Parses "NAME[:KEY=VALUE,...]": "constant", "step:every=50,gamma=0.5", "exponential:gamma=0.99",
/// "cosine:period=200,min=0.001", "cyclical:low=0.001,high=0.1,period=80", any of them with
/// ",warmup=K" among its keys, and "warmup:steps=K" (a constant rate after K warm-up steps).
/// Unnamed parameters take the kind's defaults. On failure returns nullopt and sets *error to
/// "<what is wrong>; <what is allowed>", e.g. "unknown schedule 'foo'; schedules: constant, ...".
std::optional<Schedule> parseSchedule(std::string_view spec, std::string* error = nullptr);

/// The canonical text of s, which parseSchedule reads back to s: the kind's name and all of its
/// parameters in declaration order, then ",warmup=K" if K > 0; "constant" alone, and
/// "warmup:steps=K" for a constant rate with warm-up. Numbers in their shortest exact form.
std::string scheduleSpec(const Schedule& s);

}  // namespace optiscape
