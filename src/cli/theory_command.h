// `optiscape spurious`, `optiscape gradnorm` and `optiscape linear-critical`: three theorems of the
// lectures checked numerically (core/theory/): spurious minima of a ReLU student–teacher network
// (Safran & Shamir 2018), Theorem 9's bound on the gradient of a random deep linear network, and
// the Baldi–Hornik critical points of a two-layer linear network; and the tanh plateau.
#pragma once

#include <string>
#include <vector>

namespace optiscape::cli {

std::string spuriousUsage();
std::string gradnormUsage();
std::string linearCriticalUsage();
std::string plateauUsage();
/// Each returns the exit status; bad input throws UsageError (cli/options.h).
int cmdSpurious(const std::vector<std::string>& args);
int cmdGradnorm(const std::vector<std::string>& args);
int cmdLinearCritical(const std::vector<std::string>& args);
int cmdPlateau(const std::vector<std::string>& args);

}  // namespace optiscape::cli
