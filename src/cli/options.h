// The command-line tool's option parsing, shared by its commands: --name VALUE or --name=VALUE,
// repeated --param, required options, numbers; bad input is thrown as a UsageError whose message
// says what is wrong and what is allowed (main() prints it and exits with status 2).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace optiscape::cli {

/// Bad input: the message is "<what is wrong>; <what is allowed>".
struct UsageError {
    std::string message;
};

[[noreturn]] void fail(std::string message);

/// "a, b, c" (each item after `prefix`, e.g. "--").
std::string joined(const std::vector<std::string>& items, const std::string& prefix = {});

/// Command-line options of one command: --name VALUE or --name=VALUE; --param may repeat.
struct Options {
    std::map<std::string, std::string> single;
    std::vector<std::string> params;
    bool has(const std::string& k) const { return single.count(k) > 0; }
    const std::string& get(const std::string& k) const { return single.at(k); }
};

/// Parses args against the command's known option names (without "--").
Options parseOptions(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<std::string>& known);
/// Fails unless every option in req was given.
void require(const std::string& command, const Options& o, const std::vector<std::string>& req);
/// A finite number, or a failure naming `what`.
double number(const std::string& what, const std::string& text);
/// A whole number in [min, max] given to --flag, or a failure saying the range.
long wholeNumber(const std::string& flag, const std::string& text, long min, long max);
/// A CSV cell: "%.17g" (every double round-trips), or nothing for NaN.
std::string cell(double v);

}  // namespace optiscape::cli
