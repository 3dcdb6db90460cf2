// The pieces of `optiscape run` beyond option parsing: its options and boolean flags, the run's
// settings from the option values (optimizer, hyperparameters, schedule, noise, batch, seed),
// the data landscapes, the CSV and the help text. Errors come back as "<wrong>; <allowed>" text.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/landscape.h"
#include "core/run.h"

namespace optiscape::cli {

/// The options `run` knows (without "--"), in help order.
std::vector<std::string> runOptionNames();

/// Rewrites the boolean flags --nesterov, --amsgrad and --centered, which take no value, to
/// --NAME=true; --NAME=true and --NAME=false stay. Returns an error for any other value, or for a
/// bare flag followed by "true"/"false" (write --centered=false); "" when all is well.
std::string normaliseFlags(std::vector<std::string>& args);

/// Whether `name` is a data preset that makePreset() does not know (the CLI builds it itself).
bool isDataOnly(const std::string& name);

/// A data landscape with --param NAME=VALUE values applied, or nullptr and *error.
std::unique_ptr<Landscape> dataLandscape(const std::string& name, const std::vector<std::string>& params,
                                         std::string* error);

/// The run's settings from the option values (every option but landscape, param, start, steps):
/// the optimizer (--optimizer momentum --nesterov is nesterov, --optimizer adam --amsgrad is
/// amsgrad), its settings (each must be one the optimizer uses, in its declared range), the
/// schedule, noise, batch (only on a landscape with samples) and seed. "" or the error.
std::string configFromOptions(const std::map<std::string, std::string>& options, const Landscape& l,
                              RunConfig& config);

/// Runs `steps` steps and prints the CSV step,w1,w2,loss,grad_norm,lr (row k: the point after k
/// steps and the rate step k + 1 uses). A run that stops prints the rows before the failed step
/// and "<stopMessage> — <hint>" on stderr. Returns the exit status: 0, or 3 when it stopped.
/// The same for a problem of `samples` samples (0: none; --batch then fails with "--batch needs a
/// landscape defined by data; " + noSamples).
std::string configFromOptions(const std::map<std::string, std::string>& options, int samples,
                              const std::string& noSamples, RunConfig& config);

int printRun(const RunConfig& config, const Landscape& l, long steps);

/// The help text's part on optimizers, settings, schedules, noise, minibatches and seeds.
std::string runSettingsHelp();

}  // namespace optiscape::cli
