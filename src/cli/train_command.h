// `optiscape dataset` (a generated data set as CSV) and `optiscape train` (a network trained on a
// data set, one CSV row per step): the networks' command-line contract.
#pragma once

#include <string>
#include <vector>

namespace optiscape::cli {

std::string datasetUsage();
std::string trainUsage();
/// Each returns the exit status; bad input throws UsageError (cli/options.h).
int cmdDataset(const std::vector<std::string>& args);
int cmdTrain(const std::vector<std::string>& args);

}  // namespace optiscape::cli
