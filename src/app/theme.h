// Colours, type and ImGui style: a light, paper-like theme for classrooms; the Okabe–Ito palette
// for runs (the same colour in map, plots and panels); Inter with DejaVu Sans for math symbols.
#pragma once

#include "imgui.h"

namespace optiscape::app {

/// Okabe–Ito, colour-blind safe: orange, sky blue, bluish green, vermillion, blue,
/// reddish purple, brown (for Okabe–Ito's yellow, which vanishes on white), black.
ImU32 runColor(int index, float alpha = 1.0f);
ImVec4 runColorVec(int index);

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* small = nullptr;
};

/// Theme colours used by custom drawing (setupTheme() sets them for the chosen theme).
namespace colors {
inline ImU32 kInk = IM_COL32(31, 35, 40, 255);         ///< main text
inline ImU32 kMuted = IM_COL32(96, 103, 112, 255);     ///< secondary text
inline ImU32 kPaper = IM_COL32(250, 249, 246, 255);    ///< panel background
inline ImU32 kGrid = IM_COL32(31, 35, 40, 40);         ///< plot grid lines
inline ImU32 kFrame = IM_COL32(31, 35, 40, 90);        ///< plot frames, axes
inline ImU32 kAccent = IM_COL32(0, 114, 178, 255);     ///< play button, focus
inline ImU32 kDanger = IM_COL32(190, 40, 20, 255);     ///< diverged
}  // namespace colors

/// How much larger the projector theme draws everything.
constexpr float kProjectorScale = 1.3f;

/// Builds the font atlas at `scale` (device pixel ratio × user zoom) and applies the style.
/// `projector`: the high-contrast theme for lecture halls and low vision — black text on white,
/// darker secondary text, grid and frames, thicker borders and focus outline (the caller also
/// multiplies `scale` by kProjectorScale).
Fonts setupTheme(float scale, bool projector = false);

}  // namespace optiscape::app
