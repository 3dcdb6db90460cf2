// Shared by the CLI test files: run the optiscape binary and read what it printed.
#pragma once

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace optiscape::testing {

struct CliResult {
    int status = -1;  ///< the exit status (-1 if the process did not exit normally)
    std::string out, err;
};

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Runs `optiscape <words...> <args...>`, every argument single-quoted for the shell (a quote
/// inside is escaped), and captures its exit status, stdout and stderr.
inline CliResult runCli(const std::vector<std::string>& words, const std::vector<std::string>& args) {
    static int calls = 0;
    const std::string base = "/tmp/optiscape_test_cli_" + std::to_string(getpid()) + "_" + std::to_string(calls++);
    std::string cmd = "'" + std::string(OPTISCAPE_CLI_PATH) + "'";
    auto add = [&](const std::string& a) {
        std::string q;
        for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
        cmd += " '" + q + "'";
    };
    for (const std::string& w : words) add(w);
    for (const std::string& a : args) add(a);
    cmd += " >" + base + ".out 2>" + base + ".err";
    const int raw = std::system(cmd.c_str());
    CliResult r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(base + ".out");
    r.err = slurp(base + ".err");
    std::remove((base + ".out").c_str());
    std::remove((base + ".err").c_str());
    return r;
}

inline std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, sep)) out.push_back(cell);
    return out;
}

inline std::vector<std::string> lines(const std::string& s) { return split(s, '\n'); }

/// Exit status 2, nothing on stdout, and one line "optiscape: <what is wrong>; <what is allowed>"
/// on stderr containing `expected`.
inline void checkUsageError(const CliResult& r, const std::vector<std::string>& args, const std::string& expected) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    CAPTURE(joined);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    REQUIRE(!r.err.empty());
    CHECK(r.err.back() == '\n');
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.rfind("optiscape: ", 0) == 0);
    CHECK(r.err.find("; ") != std::string::npos);
    CHECK(r.err.find(expected) != std::string::npos);
}

}  // namespace optiscape::testing
