// Internal to the presets: the library presets defined by a formula and a table of teaching data
// (presets_library.cpp), beside the hand-written classes of presets.cpp.
#pragma once

#include <memory>
#include <string_view>

#include "landscape.h"

namespace optiscape {
namespace detail {

/// A library preset (a FormulaLandscape) by name, or nullptr.
std::unique_ptr<Landscape> makeLibraryPreset(std::string_view name);

}  // namespace detail
}  // namespace optiscape
