// `optiscape hessian`, `optiscape slice` and `optiscape connect`: a trained network's loss seen through the Hessian's
// extreme eigenvalues, a plane of two directions, the line to another weight vector, and a
// low-loss curve between two minima.
#pragma once

#include <string>
#include <vector>

namespace optiscape::cli {

std::string hessianUsage();
std::string sliceUsage();
std::string connectUsage();
/// Each returns the exit status; bad input throws UsageError (cli/options.h).
int cmdHessian(const std::vector<std::string>& args);
int cmdSlice(const std::vector<std::string>& args);
int cmdConnect(const std::vector<std::string>& args);

}  // namespace optiscape::cli
