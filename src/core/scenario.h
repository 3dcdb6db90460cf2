// A scenario as a plain value — landscape with parameters, runs with all settings and starts,
// playback — and its JSON form, the same shape window.optiscape.state() returns. Reading is
// forgiving: a partial or partly wrong object changes what it can and reports what it ignored,
// so a broken shared link still opens the nearest valid scenario.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "landscape.h"
#include "nets/problem.h"
#include "nets/window_json.h"
#include "run.h"
#include "theory/theory_spec.h"
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

/// The map's layers a scenario switches on (JSON "overlays").
struct Overlays {
    bool stability = false;   ///< where the selected run's γ is locally unstable
    bool eigen = true;        ///< the Hessian's eigenvectors at the cursor
    bool stationary = true;   ///< known minima, maxima, saddles
    bool basins = false;      ///< basins of attraction of the selected run's optimizer
    bool flow = false;        ///< the gradient flow from the selected run's start
};

struct Scenario {
    /// JSON "mode": "landscape" (a 2-D loss surface), "network" (a network trained on data; the
    /// runs then train `network` from its shared initial weights, and landscape is kept for later)
    /// or "theory" (the theory page's experiment `theory`; landscape and runs are kept for later).
    std::string mode = "landscape";
    nets::NetSpec network;                     ///< JSON "network" (core/nets/net_json.h)
    theory::TheorySpec theory;                 ///< JSON "theory" (core/theory/theory_spec.h)
    std::string landscape = "yarotsky";        ///< a preset name, or "formula"
    std::string formula;                       ///< the text when landscape is "formula", else ""
    std::map<std::string, double> params;      ///< parameter values (all of the landscape's)
    std::vector<RunSpec> runs;
    bool running = false;
    Overlays overlays;
    std::string view = "map";                  ///< the centre of the screen: "map", "3d" or "split"
    /// JSON "window" (network mode; core/nets/window_json.h): a slice, line or connection to reopen.
    /// Not carried over: a JSON without "window" leaves none open.
    nets::NetWindow window;
};

/// The landscape a scenario names — a preset (makeAnyPreset), or for "formula" the formula
/// landscape of s.formula — with s.params applied. A formula parameter's range is the one in
/// `specs` with its name if any (else [−10, 10]), widened to contain its value. nullptr when the
/// name is unknown or the formula does not parse.
std::unique_ptr<Landscape> makeScenarioLandscape(const Scenario& s, const std::vector<ParamSpec>& specs = {});

/// Applies a (partial) JSON scenario onto `s`, field by field, validating each against the
/// declared ranges (ParamSpec/HyperSpec, presetNames(), optimizers()). Whatever is unknown,
/// malformed or out of range is left as it was and described in the returned list, e.g.
/// "runs[1].hyper.lr: -2 is out of range (must be in [1e-06, 10])". At most `maxRuns` runs.
/// A new landscape name resets params to that preset's defaults before given params apply.
/// A custom formula comes as {"name": "formula", "formula": "w1^2 + a*w2^2", "params": {"a": 2}};
/// one that does not parse is reported with its column ("landscape.formula: column 5: ...") and
/// the previous landscape is kept. Formula parameters take any finite value in [−1e6, 1e6]
/// (their sliders' ranges widen to it); parameters a new formula shares with the old keep their
/// values. "overlays" {stability, eigen, stationary, basins, flow} takes booleans, "view" one of
/// "map", "3d", "split". "mode" takes "landscape", "network" or "theory"; "network" the object of
/// core/nets/net_json.h (giving "network" alone switches to the network mode), "theory" the object
/// of core/theory/theory_spec.h (giving "theory" alone switches to the theory page). "window" the
/// object of core/nets/window_json.h; a malformed one is ignored with a note; without it, none.
std::vector<std::string> applyScenario(const JsonValue& json, Scenario& s, int maxRuns = 4);

/// The scenario as JSON (landscape {name, [formula], params}, running, runs [{optimizer, hyper,
/// start, visible, ...}], overlays, view), numbers at full precision.
std::string scenarioJson(const Scenario& s);

}  // namespace optiscape
