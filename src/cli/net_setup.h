// The network problem of a command's options, shared by train, hessian and slice: the data
// (--dataset or --data), --arch (whose ends must fit the data), --activation, --loss, --features,
// --test-fraction, --early-stop; weights files in and out.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"
#include "core/nets/problem.h"

namespace optiscape::cli {

/// The most steps (or epochs) a network command trains for, and its largest patience.
constexpr long kMaxTrainSteps = 1000000;

struct NetSetup {
    nets::NetSpec spec;
    nets::Dataset user;  ///< the --data file's samples
    nets::Prepared p;
};

/// The problem the options describe; bad input fails with what is allowed.
NetSetup problemFrom(const Options& o);
/// The weights file of option `flag` for the model.
VecX weightsFrom(const Options& o, const std::string& flag, const nets::Model& m);
/// The option names problemFrom reads.
const std::vector<std::string>& problemOptions();
/// The file's text, or a failure naming the option.
std::string readFile(const std::string& flag, const std::string& path);
void writeFile(const std::string& flag, const std::string& path, const std::string& text);

}  // namespace optiscape::cli
