// One declaration per tunable number: its default and valid range, read by the CLI's validation,
// the UI's sliders, URL decoding and the documentation alike (STYLE.md, "What we take" 4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace optiscape {

/// A named real parameter with a default and a closed range [min, max].
struct ParamSpec {
    std::string name;         ///< key used by the CLI (`--param eps=0.1`) and links
    std::string symbol;       ///< how the lectures write it, e.g. "ε", "α₁", "θ"
    double def = 0.0;         ///< default value
    double min = 0.0;         ///< smallest allowed value (inclusive)
    double max = 1.0;         ///< largest allowed value (inclusive)
    bool logScale = false;    ///< sliders move on a log scale (learning rates)
    std::string unit;         ///< e.g. "°" for angles; empty for none
    std::string help;         ///< one sentence: what it does
    bool isInteger = false;   ///< only whole numbers (sample counts, step counts, seeds)
    bool isBool = false;      ///< a switch stored as 0 (off) or 1 (on); min = 0, max = 1

    /// In [min, max], and a whole number if isInteger, 0 or 1 if isBool.
    bool contains(double v) const {
        if (!(v >= min && v <= max)) return false;
        if (isBool) return v == 0.0 || v == 1.0;
        return !isInteger || v == static_cast<double>(static_cast<long long>(v));
    }
    /// "eps must be in [0, 1]" style message for a value outside the range; "n must be a whole
    /// number in [2, 1000]" for integers, "centered must be 0 or 1" for switches.
    std::string rangeMessage() const;
};

/// Parses a whole string as a finite double ("1e-3", "-0.5"); nullopt for anything else.
std::optional<double> parseNumber(std::string_view s);

/// Formats a number with `digits` significant digits, shortest form ("0.05", "1e-05").
std::string formatNumber(double v, int digits = 4);

/// Formats a number exactly enough to round-trip (17 significant digits), as the CLI prints.
std::string formatFull(double v);

}  // namespace optiscape
