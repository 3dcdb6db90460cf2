// Small reusable widgets: section headings, parameter sliders that read one ParamSpec
// (symbol, range, log scale, help), and tooltips.
#pragma once

#include <string>

#include "core/params.h"
#include "imgui.h"

namespace optiscape::app {

struct Fonts;

/// A quiet, bold, upper-case section heading with a rule under it.
void sectionHeading(const char* text);

/// "Learning rate γ = 0.02" over a full-width slider; Ctrl+click types an exact value. Hover
/// shows the help text and range. Returns true when the value changed.
bool paramSlider(const ParamSpec& spec, double& value, const char* title = nullptr);

/// A line in the bold face (a figure's or a table's heading).
void boldLine(const Fonts& fonts, const std::string& text);
/// Wrapped text, small and muted (captions, notes, how a figure is computed).
void mutedText(const Fonts& fonts, const std::string& text);

/// A tooltip for the last item, shown on hover.
void tooltip(const std::string& text);

/// A filled circle in a run's colour, drawn inline like a character.
void colorSwatch(ImU32 color, float radius = 0.0f);

}  // namespace optiscape::app
