// Jobs: heavy work (a basin map's rows, and later sweeps, slices, many-start experiments) cut
// into pieces that are pure functions of a text — a JSON object naming the job's kind and all its
// inputs — so a piece computes the same numbers wherever it runs: on the caller's thread, on a
// thread of a pool (natively), or in a Web Worker holding its own instance of the same core
// compiled to WebAssembly (in the page; messages only, no shared memory).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/landscape.h"

namespace optiscape::jobs {

/// What a job gives back: numbers (their layout is the job kind's), or an error message.
struct JobOutput {
    std::vector<double> values;
    std::string error;  ///< empty on success
};

/// Runs the job `spec` describes ({"kind": "basins", ...}; see basin_jobs.h). Never throws: a
/// malformed spec or an unknown kind gives JobOutput::error.
JobOutput runJob(std::string_view spec);

/// Writes `l` as {"name", "formula", "params": [[name, value, min, max], ...]} and the fields of
/// its writeJobFields (a network slice: "slice") — enough to build it again with readLandscape,
/// every number at full precision.
void writeLandscape(JsonWriter& j, const Landscape& l);
/// writeLandscape's text.
std::string landscapeJson(const Landscape& l);
/// The landscape writeLandscape wrote (a preset by name, or the formula with its parameters'
/// ranges), or nullptr with *error set.
std::unique_ptr<Landscape> readLandscape(const JsonValue& v, std::string* error);
/// Whether a landscape built by readLandscape from writeLandscape's text computes exactly what
/// `l` does (values, gradients and Hessians at a few points of `box`, to the last bit): false for
/// landscapes the text cannot describe (data given by the user, say).
bool describable(const Landscape& l, const ViewBox& box);

// What the job readers check of their texts' numbers.
/// The finite number at `key` of object v; false when it is missing or not one.
bool readNumber(const JsonValue& v, const char* key, double& out);
/// The whole number in [lo, hi] at `key` of v; false otherwise.
bool readWhole(const JsonValue& v, const char* key, int lo, int hi, int& out);
/// The array of finite numbers at `key` of v; false when it is missing or holds anything else.
bool readNumbers(const JsonValue& v, const char* key, std::vector<double>& out);

}  // namespace optiscape::jobs
