// The theory page's settings as a plain value with its JSON form (a scenario's "theory" object,
// so a link or a lesson can open an experiment): which experiment, and its runs, seed and knobs.
// Each field has one declaration of its default and its range here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/theory/gradnorm_sweep.h"
#include "core/theory/landscape_kinds.h"
#include "core/theory/net_gradnorm.h"
#include "core/theory/plateau.h"
#include "core/theory/spurious_table.h"

namespace optiscape::theory {

struct TheorySpec {
    /// "spurious" (Safran–Shamir's table), "gradients" (Theorem 9), "kinds" (landscape kinds A–D) or
    /// "plateau" (the tanh plateau).
    std::string experiment = "spurious";
    int runs = 200;            ///< spurious: runs per row, 1 … 5000
    std::uint64_t seed = 1;    ///< every experiment's seed, 0 … 999999999
    int maxK = 12;             ///< spurious: the rows k = n = 6 … maxK (6 … 20), then (8, 9) and (10, 11)
    double sigmaSqrtD = 1.0;   ///< gradients: σ·√d, 0.5 … 2 (1 = Xavier)
    int width = 8;             ///< gradients: d, 2 … 32
    int depth = 20;            ///< gradients: the depth L of the per-layer plot, 1 … 50
    int samples = 2000;        ///< gradients: draws per depth, 10 … 100000
    int kindsK = 10;           ///< kinds: k of the ReLU rows (k, k), (k, k + 1), (k, 2k), 2 … 12
    int kindsRuns = 100;       ///< kinds: starts per kind, 1 … 2000
    double plateauLr = 0.05;       ///< plateau: every optimizer's learning rate η, 0.001 … 0.5
    double plateauMomentum = 0.9;  ///< plateau: heavy ball's μ, 0 … 0.99
    double plateauRadius = 0.1;    ///< plateau: perturbed GD's jump radius r, 0 … 1
    int plateauCurve = 2;          ///< plateau: the scale whose curves are drawn, 0 … 8 (2: s = 10⁻³)
    bool running = true;       ///< computing (false: paused)
};

/// The experiments' names, in menu order.
const std::vector<std::string>& theoryExperiments();

/// Applies a (partial) JSON object onto spec, as applyScenario does: what is unknown, malformed or
/// out of range is left as it was and described in `notes` ("theory.runs: 0 is out of range ...").
/// Keys that state() reports read-only (progress, rows, ...) are skipped.
void applyTheoryJson(const JsonValue& v, TheorySpec& spec, std::vector<std::string>& notes);
/// The spec's fields into the open object of j.
void writeTheoryJson(JsonWriter& j, const TheorySpec& spec);
/// Sets one field by name from text (the page's "theory <name> <value>" command); "" or what is
/// wrong, naming the range.
std::string setTheoryField(TheorySpec& spec, const std::string& name, const std::string& value);

/// The computers' settings a spec describes (the page and the lesson tests build them alike):
/// rows k = n = 6 … maxK, then (8, 9) and (10, 11); depths 1 … 50; kinds with k = kindsK.
SpuriousTableSettings tableSettingsFor(const TheorySpec& spec);
GradSweepSettings sweepSettingsFor(const TheorySpec& spec);
/// The measured tanh and ReLU curves beside it: the same width and seed, min(samples, 200) draws.
NetGradSettings netGradSettingsFor(const TheorySpec& spec);
KindsSettings kindsSettingsFor(const TheorySpec& spec);
/// The plateau sweep: scales 10⁻⁴ … 1 in half decades, the spec's η, μ and r.
PlateauSettings plateauSettingsFor(const TheorySpec& spec);

}  // namespace optiscape::theory
