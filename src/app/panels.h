// The panels around the map. Each draws into the current ImGui window from AppState and changes
// it only through app_state.h's operations. One panel per file.
#pragma once

#include <optional>

#include "app/app_state.h"
#include "app/theme.h"

namespace optiscape::app {

/// Title, landscape menu, play/pause, step, reset, speed and the step counter.
void drawTopBar(AppState& s, const Fonts& fonts, float scale);
/// Play/pause, step, reset, speed and the step counter (the top bar's right half; the embed
/// view's whole strip).
void drawControlStrip(AppState& s, const Fonts& fonts, float scale);
/// The landscape's formula, parameters, what to notice and its lecture.
void drawLandscapePanel(AppState& s, const Fonts& fonts, float scale);
/// The formula editor: a multi-line text parsed as it is typed (errors with a caret under their
/// column; the last valid landscape stays on screen), the parameters as sliders with editable
/// ranges, and "Reset to preset". Drawn by the landscape panel under its text.
void drawFormulaPanel(AppState& s, const Fonts& fonts, float scale);
/// The network mode's set-up (network_panel.cpp): data set and its settings (or the dropped CSV),
/// features, architecture (layers and widths with + / −), activation, loss, initialisation and
/// seed, test fraction and early stopping. Changing any restarts every run from new initial weights.
void drawNetworkPanel(AppState& s, const Fonts& fonts, float scale);
/// The runs list and the selected run's optimizer, settings and update rule.
void drawRunsPanel(AppState& s, const Fonts& fonts, float scale);
/// The network mode's plots (network_plots.cpp): training and test loss of every run (log
/// scale, the early-stopping step marked), accuracy, the selected run's gradient norm per layer and
/// weight norms.
void drawNetworkPlots(AppState& s, const Fonts& fonts, float scale);
/// The network panel's "Open slice" section: the slice's directions (slice_panel.cpp).
void drawSliceOpener(AppState& s, const Fonts& fonts);
/// In place of the landscape panel while a slice is shown: what it is, and the way back.
void drawSlicePanel(AppState& s, const Fonts& fonts, float scale);
/// The network plots' Line and Connect tabs (net_views_plots.cpp).
void drawLineTab(AppState& s, const Fonts& fonts, ImVec2 size);
void drawConnectTab(AppState& s, const Fonts& fonts, ImVec2 size);
/// Loss of all runs; tabs: squared gradient norm (log-log, with the non-convex rates), the
/// selected run's Hessian eigenvalues and effective step per coordinate, the data.
void drawPlotsPanel(const AppState& s, const Fonts& fonts, float scale);
/// The samples (x, y) of a data landscape as a scatter plot, with the selected run's current
/// model ŷ = predict(w, x) drawn over them, in a box of `size`.
void drawDataPanel(const AppState& s, const Fonts& fonts, ImVec2 size);
/// The lessons: the list with progress, or the open lesson's step with its question.
void drawLessonPanel(AppState& s, const Fonts& fonts, float scale);
/// Toggles for the map's layers: stationary points, eigenvector cross, stability region,
/// basins of attraction, gradient flow.
void drawLayersPanel(AppState& s);
/// The theory page (issue 18; theory_panel.cpp, theory_view.cpp): the experiment and its settings
/// (left), its figures in the centre, the lecture's theorem and what to notice (right), and the
/// top bar's compute / pause / restart with the progress.
void drawTheoryPanel(AppState& s, const Fonts& fonts, float scale);
void drawTheoryView(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale);
void drawTheoryNotes(const AppState& s, const Fonts& fonts);
void drawTheoryStrip(AppState& s, const Fonts& fonts, float scale);
/// The theory page's tanh plateau figures (theory_plateau_view.cpp).
void drawPlateauView(AppState& s, const Fonts& fonts, ImVec2 size);
/// w, L, ∇L and the Hessian's eigenvalues at the hovered point (or the selected run's point).
void drawProbePanel(const AppState& s, const Fonts& fonts, const std::optional<Vec2>& hover);

}  // namespace optiscape::app
