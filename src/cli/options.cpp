// Option parsing of the command-line tool (cli/options.h).
#include "cli/options.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/optimizer.h"
#include "core/params.h"

namespace optiscape::cli {

[[noreturn]] void fail(std::string message) { throw UsageError{std::move(message)}; }

std::string joined(const std::vector<std::string>& items, const std::string& prefix) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + prefix + items[i];
    return out;
}

Options parseOptions(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<std::string>& known) {
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0)
            fail("unexpected argument '" + a + "' for '" + command + "'; options: " +
                 joined(known, "--"));
        std::string name = a.substr(2), value;
        const size_t eq = name.find('=');
        bool haveValue = false;
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            haveValue = true;
        }
        bool isKnown = false;
        for (const std::string& k : known) isKnown = isKnown || k == name;
        if (!isKnown) {
            const bool takesSettings = std::find(known.begin(), known.end(), "lr") != known.end();
            const HyperSpec* h = takesSettings ? nullptr : findHyper(name);
            fail("unknown option '--" + name + "' for '" + command + "'" +
                 (h ? " (optimizer settings belong to 'run' and 'train')" : "") +
                 "; options: " + joined(known, "--"));
        }
        if (!haveValue) {
            if (i + 1 >= args.size() || args[i + 1].compare(0, 2, "--") == 0)
                fail("--" + name + " needs a value; give it as --" + name + " VALUE");
            value = args[++i];
        }
        if (name == "param") {
            o.params.push_back(value);
        } else {
            if (o.has(name)) fail("--" + name + " given twice; give each option once");
            o.single[name] = value;
        }
    }
    return o;
}

void require(const std::string& command, const Options& o, const std::vector<std::string>& req) {
    for (const std::string& r : req)
        if (!o.has(r))
            fail("missing --" + r + "; '" + command + "' needs " + joined(req, "--") +
                 " (see optiscape " + command + " --help)");
}

double number(const std::string& what, const std::string& text) {
    const auto v = parseNumber(text);
    if (!v) fail(what + ": '" + text + "' is not a number; give a finite decimal number such as "
                 "0.05 or 1e-3");
    return *v;
}

long wholeNumber(const std::string& flag, const std::string& text, long min, long max) {
    const std::string range = "; give a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        fail("--" + flag + " '" + text + "' is not a whole number" + range);
    const long v = std::strtol(text.c_str(), nullptr, 10);
    if (v < min || v > max) fail("--" + flag + " " + text + " is out of range" + range);
    return v;
}

std::string cell(double v) {
    if (std::isnan(v)) return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace optiscape::cli
