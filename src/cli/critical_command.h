// `optiscape critical`: every stationary point of a landscape in a box, classified by its
// Hessian's eigenvalues, as JSON (core/analysis.h does the search). main.cpp parses the options
// and builds the landscape; the pieces here return errors as "<wrong>; <allowed>" text.
#pragma once

#include <string>

#include "core/analysis.h"
#include "core/landscape.h"

namespace optiscape::cli {

/// The --domain value "W1MIN,W1MAX,W2MIN,W2MAX" (four finite numbers, W1MIN < W1MAX and
/// W2MIN < W2MAX) into *box; "" or the error.
std::string parseDomain(const std::string& text, ViewBox* box);

/// The JSON list, one point per line:
/// [{"w": [w1, w2], "type": "minimum|maximum|saddle|degenerate", "eigenvalues": [l1, l2]},
///  {... , "continuum": true}]   (representatives of a curve of stationary points)
/// numbers with 17 significant digits; "[]" when there is none.
std::string criticalJson(const CriticalSearch& search);

/// Searches `domain` ("" for the landscape's view) and prints the JSON list on stdout.
/// Returns "" or the error (nothing printed then).
std::string printCritical(const Landscape& landscape, const std::string& domain);

/// The help text; `landscapes` is the shared part on --landscape, --formula and --param.
std::string criticalUsage(const std::string& landscapes);

}  // namespace optiscape::cli
