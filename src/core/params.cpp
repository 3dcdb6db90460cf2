// Parameter declarations' range messages, and the strict number parsing and formatting shared by
// the CLI, the UI and links.
#include "params.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace optiscape {

std::string ParamSpec::rangeMessage() const {
    if (isBool) return name + " must be 0 or 1";
    if (isInteger) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " must be a whole number in [%.0f, %.0f]", min, max);
        return name + buf;
    }
    return name + " must be in [" + formatNumber(min, 6) + ", " + formatNumber(max, 6) + "]";
}

std::optional<double> parseNumber(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    bool digit = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
            return std::nullopt;  // rejects spaces, "nan", "inf", hex floats
        }
    }
    if (!digit) return std::nullopt;
    const std::string text(s);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return std::nullopt;
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

std::string formatNumber(double v, int digits) {
    if (v == 0.0) return "0";  // also turns -0 into "0"
    if (digits < 1) digits = 1;
    if (digits > 17) digits = 17;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string formatFull(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace optiscape
