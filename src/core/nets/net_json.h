// A network problem's JSON form, the "network" object of a scenario (links, load(), lessons):
// {"dataset": "spiral", "n": 400, "noise": 0.1, "dataSeed": 1, "keys": {"arms": 2},
//  "arch": "2-16-16-1", "activation": "tanh", "loss": "bce", "init": "xavier", "seed": 1,
//  "features": "x1,x2", "testFraction": 0.2, "earlyStop": 0, "sharpnessEvery": 0}. Reading is forgiving, as for the rest
// of a scenario: what is malformed or out of range is kept as it was and reported.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "core/nets/problem.h"

namespace optiscape::nets {

/// Applies the object's fields onto spec; each problem becomes a note "network.<key>: <what>".
void applyNetworkJson(const JsonValue& v, NetSpec& spec, std::vector<std::string>& notes);
/// "a number", "an object", ...: what a JSON value is, for notes.
std::string jsonKind(const JsonValue& v);
/// Writes spec as the object above (every key; "dataset" is "csv" for the user's data).
void writeNetworkJson(JsonWriter& j, const NetSpec& spec);

}  // namespace optiscape::nets
