// A scenario as a plain value — landscape with parameters, runs with all settings and starts,
// playback — and its JSON form, the same shape window.optiscape.state() returns. Reading is
// forgiving: a partial or partly wrong object changes what it can and reports what it ignored,
// so a broken shared link still opens the nearest valid scenario.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "run.h"
#include "types.h"

namespace optiscape {

/// One run's settings in a scenario: RunConfig's fields, and whether it is shown.
struct RunSpec {
    OptimizerKind optimizer = OptimizerKind::GD;
    Hyper hyper = defaultsFor(OptimizerKind::GD);
    Vec2 start = Vec2::Zero();
    bool visible = true;
    Schedule schedule;        ///< JSON "schedule": its text form, e.g. "step:every=50,gamma=0.5"
    double noise = 0.0;       ///< JSON "noise": σ of the gradient noise
    int batch = 0;            ///< JSON "batch": minibatch size, 0 = full batch
    std::uint64_t seed = 1;   ///< JSON "seed"

    /// The RunConfig these settings describe.
    RunConfig config() const;
};

struct Scenario {
    std::string landscape = "yarotsky";        ///< a preset name
    std::map<std::string, double> params;      ///< parameter values (all of the preset's)
    std::vector<RunSpec> runs;
    bool running = false;
};

/// Applies a (partial) JSON scenario onto `s`, field by field, validating each against the
/// declared ranges (ParamSpec/HyperSpec, presetNames(), optimizers()). Whatever is unknown,
/// malformed or out of range is left as it was and described in the returned list, e.g.
/// "runs[1].hyper.lr: -2 is out of range (must be in [1e-06, 10])". At most `maxRuns` runs.
/// A new landscape name resets params to that preset's defaults before given params apply.
std::vector<std::string> applyScenario(const JsonValue& json, Scenario& s, int maxRuns = 4);

/// The scenario as JSON (landscape {name, params}, running, runs [{optimizer, hyper, start,
/// visible}]), numbers at full precision.
std::string scenarioJson(const Scenario& s);

}  // namespace optiscape
