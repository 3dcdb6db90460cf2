// The network mode's centre: the data over the selected run's decision regions (class
// probability as colour, the 0.5 boundary drawn), redrawn as it trains; beside it the network
// as TensorFlow Playground draws it — each neuron's own output over the input plane as a small
// map, each weight a line whose width and colour show its size and sign; hovering a neuron
// enlarges its map. One-input regression (sine) shows the samples and the fitted curve instead.
#pragma once

#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/theme.h"
#include "core/nets/backprop.h"
#include "render/gl_objects.h"

namespace optiscape::app {

class NetworkView {
public:
    /// Draws into [pos, pos + size] of the current window.
    void draw(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale);
    /// Milliseconds the last frame spent computing the decision map (for the benchmark).
    double mapMs() const { return mapMs_; }

private:
    struct Box {
        double x1min = -6, x1max = 6, x2min = -6, x2max = 6;
    };
    void rebuild(const AppState& s);
    void updateMap(const AppState& s, const VecX& theta);
    void updateNeurons(const AppState& s, const VecX& theta);
    void drawPlane(const AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale);
    void drawCurve(const AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale);
    void drawDiagram(const AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale);

    int version_ = -1;       ///< the problem version the grids were built for
    Box box_;
    nets::Batch small_;      ///< kNeuron² points for the neurons' maps
    nets::Batch line_;       ///< 1-D: points along x for the fitted curve
    std::vector<double> prob_;     ///< per map cell: class-1 probability (or the regression value)
    std::vector<int> cls_;         ///< per map cell: predicted class
    std::vector<uint32_t> texels_;
    render::ColorTexture texture_;
    std::vector<nets::Batch> chunks_;   ///< grid_ cut into bands of rows, computed a few per frame
    int nextChunk_ = 0;
    int pendingBands_ = 0;              ///< bands still showing older weights
    const void* lastTheta_ = nullptr;   ///< the run whose weights the map shows
    int lastStep_ = -1;
    nets::Backprop bp_{nets::Model{}};
    /// All neurons' maps side by side in one texture: tile t holds column block t.
    render::ColorTexture atlas_;
    std::vector<uint32_t> atlasTexels_;
    std::vector<std::vector<double>> unitMaps_;  ///< per layer (inputs first): width × kNeuron² values
    int atlasTiles_ = 0;
    std::vector<double> curve_;
    double mapMs_ = 0.0;
    int hoverLayer_ = -1, hoverUnit_ = -1;
};

}  // namespace optiscape::app
