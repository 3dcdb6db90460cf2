// `optiscape hessian` and `optiscape slice`: a trained network's loss seen through the Hessian's
// extreme eigenvalues, a plane of two directions, or the line to another weight vector.
#pragma once

#include <string>
#include <vector>

namespace optiscape::cli {

std::string hessianUsage();
std::string sliceUsage();
/// Each returns the exit status; bad input throws UsageError (cli/options.h).
int cmdHessian(const std::vector<std::string>& args);
int cmdSlice(const std::vector<std::string>& args);

}  // namespace optiscape::cli
