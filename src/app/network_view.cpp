// The network mode's centre (see network_view.h): the decision map is computed a band of rows at a
// time within a per-frame budget, the neurons' maps on a small grid every frame, all drawn with
// ImDrawList over two textures.
#include "app/network_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/plot.h"
#include "app/widgets.h"
#include "core/params.h"

namespace optiscape::app {
namespace {

constexpr int kMap = 128;        ///< decision map cells per side
constexpr int kBand = 8;         ///< rows per computed band
constexpr int kNeuron = 24;      ///< a neuron's map, cells per side
constexpr double kBudgetMs = 2.0;

using Clock = std::chrono::steady_clock;

/// Class colours: the data and the regions speak the same language (orange, blue, green, …).
ImU32 classColor(int c, float alpha = 1.0f) {
    static const ImU32 cols[] = {IM_COL32(230, 136, 0, 255), IM_COL32(0, 114, 178, 255), IM_COL32(0, 158, 115, 255),
                                 IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255), IM_COL32(213, 94, 0, 255),
                                 IM_COL32(120, 120, 120, 255), IM_COL32(240, 228, 66, 255)};
    ImU32 col = cols[static_cast<size_t>(std::abs(c)) % 8];
    return (col & 0x00FFFFFF) | (static_cast<ImU32>(alpha * 255.0f) << 24);
}

/// White blended toward `col` by t ∈ [0, 1], as an opaque RGBA texel.
uint32_t tint(ImU32 col, double t) {
    t = std::clamp(t, 0.0, 1.0);
    const auto ch = [&](int shift) {
        const double c = static_cast<double>((col >> shift) & 0xFF);
        return static_cast<uint32_t>(std::lround(255.0 + (c - 255.0) * t)) << shift;
    };
    return ch(0) | ch(8) | ch(16) | 0xFF000000u;
}

/// A diverging colour for v ∈ [−1, 1]: orange below 0, blue above (TF Playground's neurons).
uint32_t diverging(double v) { return v < 0 ? tint(classColor(0), -v * 0.9) : tint(classColor(1), v * 0.9); }

ImU32 weightColor(double w, float alpha) { return w < 0 ? classColor(0, alpha) : classColor(1, alpha); }

/// A batch of the points of a `cells`-square grid over the box (row 0 at the top), features applied.
nets::Batch gridBatch(const NetworkMode& net, double x1min, double x1max, double x2min, double x2max, int cells,
                      int row0, int rows) {
    nets::Dataset d;
    d.inputs = 2;
    d.classes = net.prepared.inputs.classes;
    d.columns = {"x1", "x2"};
    for (int j = row0; j < row0 + rows; ++j)
        for (int i = 0; i < cells; ++i) {
            d.x.push_back(x1min + (i + 0.5) * (x1max - x1min) / cells);
            d.x.push_back(x2max - (j + 0.5) * (x2max - x2min) / cells);
            d.y.push_back(0.0);
        }
    const nets::Dataset in = nets::applyFeatures(net.spec, d);
    return nets::makeBatch(in.x.data(), in.y.data(), in.inputs, in.classes, nullptr, in.size());
}

}  // namespace

void NetworkView::rebuild(const AppState& s) {
    const NetworkMode& net = s.net;
    version_ = net.version;
    const nets::Dataset& d = net.prepared.data;
    // the data's extent with a margin, square (equal scales on x1 and x2)
    double a0 = 1e300, a1 = -1e300, b0 = 1e300, b1 = -1e300;
    for (int i = 0; i < d.size(); ++i) {
        a0 = std::min(a0, d.at(i, 0));
        a1 = std::max(a1, d.at(i, 0));
        if (d.inputs > 1) {
            b0 = std::min(b0, d.at(i, 1));
            b1 = std::max(b1, d.at(i, 1));
        } else {
            b0 = std::min(b0, d.y[static_cast<size_t>(i)]);
            b1 = std::max(b1, d.y[static_cast<size_t>(i)]);
        }
    }
    if (!(a1 > a0)) a0 -= 1, a1 += 1;
    if (!(b1 > b0)) b0 -= 1, b1 += 1;
    if (d.inputs > 1) {
        const double half = 0.5 * std::max(a1 - a0, b1 - b0) * 1.08, ca = 0.5 * (a0 + a1), cb = 0.5 * (b0 + b1);
        box_ = {ca - half, ca + half, cb - half, cb + half};
    } else {
        const double pa = 0.05 * (a1 - a0), pb = 0.15 * (b1 - b0);
        box_ = {a0 - pa, a1 + pa, b0 - pb, b1 + pb};
    }
    bp_ = nets::Backprop(net.prepared.model);
    chunks_.clear();
    nextChunk_ = 0;
    pendingBands_ = 0;
    lastTheta_ = nullptr;
    lastStep_ = -1;
    prob_.assign(static_cast<size_t>(kMap) * kMap, 0.5);
    cls_.assign(prob_.size(), 0);
    texels_.assign(prob_.size(), 0xFFFFFFFFu);
    texture_.setSmooth(true);
    if (d.inputs == 2) {
        for (int j = 0; j < kMap; j += kBand)
            chunks_.push_back(gridBatch(net, box_.x1min, box_.x1max, box_.x2min, box_.x2max, kMap, j, kBand));
        small_ = gridBatch(net, box_.x1min, box_.x1max, box_.x2min, box_.x2max, kNeuron, 0, kNeuron);
    } else {
        nets::Dataset line;
        line.inputs = 1;
        line.classes = 0;
        line.columns = {"x1"};
        for (int i = 0; i < 240; ++i) {
            line.x.push_back(box_.x1min + (box_.x1max - box_.x1min) * i / 239.0);
            line.y.push_back(0.0);
        }
        const nets::Dataset in = nets::applyFeatures(net.spec, line);
        line_ = nets::makeBatch(in.x.data(), in.y.data(), in.inputs, 0, nullptr, in.size());
    }
}

void NetworkView::updateMap(const AppState& s, const VecX& theta) {
    const nets::Model& m = s.net.prepared.model;
    const int classes = s.net.prepared.inputs.classes;
    const auto t0 = Clock::now();
    std::vector<double> z;
    // regression on two inputs: colour by the prediction relative to the targets' range
    double ylo = 0, yhi = 1;
    if (classes == 0) {
        const auto& y = s.net.prepared.data.y;
        ylo = *std::min_element(y.begin(), y.end());
        yhi = *std::max_element(y.begin(), y.end());
        if (!(yhi > ylo)) yhi = ylo + 1;
    }
    const int bands = static_cast<int>(chunks_.size());
    while (pendingBands_ > 0) {
        const int b = nextChunk_;
        bp_.outputs(theta, chunks_[static_cast<size_t>(b)], z);
        const int n = chunks_[static_cast<size_t>(b)].n;
        for (int i = 0; i < n; ++i) {
            const size_t cell = static_cast<size_t>(b) * kBand * kMap + static_cast<size_t>(i);
            if (classes == 0) {
                const double v = z[static_cast<size_t>(i)];
                prob_[cell] = v;
                texels_[cell] = diverging(std::clamp(2.0 * (v - ylo) / (yhi - ylo) - 1.0, -1.0, 1.0));
                continue;
            }
            const int c = nets::predictedClass(m, z, n, i, classes);
            cls_[cell] = c;
            double conf;
            if (classes == 2) {
                const double p = nets::classOneProbability(m, z, n, i);
                prob_[cell] = p;
                conf = std::abs(2.0 * p - 1.0);
            } else {
                // softmax confidence of the winning class, relative to a uniform guess
                double mx = z[static_cast<size_t>(c) * n + i], sum = 0.0;
                for (int j = 0; j < m.outputs(); ++j) sum += std::exp(z[static_cast<size_t>(j) * n + i] - mx);
                const double p = 1.0 / sum;
                prob_[cell] = p;
                conf = (p - 1.0 / classes) / (1.0 - 1.0 / classes);
            }
            texels_[cell] = tint(classColor(c), 0.12 + 0.5 * conf);
        }
        texture_.upload(kMap, kMap, texels_.data(), b * kBand, kBand);
        nextChunk_ = (nextChunk_ + 1) % bands;
        --pendingBands_;
        if (std::chrono::duration<double, std::milli>(Clock::now() - t0).count() > kBudgetMs) break;
    }
    mapMs_ = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void NetworkView::updateNeurons(const AppState& s, const VecX& theta) {
    const nets::Model& m = s.net.prepared.model;
    std::vector<double> z;
    bp_.outputs(theta, small_, z);
    const int cells = kNeuron * kNeuron;
    unitMaps_.clear();
    // inputs (the features over the plane), hidden layers, the output
    unitMaps_.push_back(small_.x);
    for (int l = 1; l < m.layerCount(); ++l) unitMaps_.push_back(bp_.hidden(l));
    std::vector<double> out(static_cast<size_t>(m.outputs()) * cells);
    const int classes = s.net.prepared.inputs.classes;
    for (int j = 0; j < m.outputs(); ++j)
        for (int i = 0; i < cells; ++i)
            out[static_cast<size_t>(j) * cells + i] =
                m.loss == nets::LossKind::BCE ? 2.0 / (1.0 + std::exp(-z[static_cast<size_t>(i)])) - 1.0
                                              : z[static_cast<size_t>(j) * cells + i];
    unitMaps_.push_back(out);
    (void)classes;
    int tiles = 0;
    for (const auto& u : unitMaps_) tiles += static_cast<int>(u.size()) / cells;
    atlasTiles_ = tiles;
    atlasTexels_.assign(static_cast<size_t>(tiles) * cells, 0xFFFFFFFFu);
    int t = 0;
    for (size_t l = 0; l < unitMaps_.size(); ++l) {
        const auto& u = unitMaps_[l];
        const int units = static_cast<int>(u.size()) / cells;
        for (int k = 0; k < units; ++k, ++t) {
            const double* v = u.data() + static_cast<size_t>(k) * cells;
            double mx = 1e-12;
            for (int i = 0; i < cells; ++i) mx = std::max(mx, std::abs(v[i]));
            // tanh and the output's ±1 scale stay absolute; unbounded units are scaled to their range
            const bool bounded = (l > 0 && l + 1 < unitMaps_.size() && (m.activation == nets::Activation::Tanh)) ||
                                 (l + 1 == unitMaps_.size() && m.loss == nets::LossKind::BCE);
            const double scale = bounded ? 1.0 : mx;
            for (int j = 0; j < kNeuron; ++j)
                for (int i = 0; i < kNeuron; ++i)
                    atlasTexels_[static_cast<size_t>(j) * tiles * kNeuron + static_cast<size_t>(t) * kNeuron + i] =
                        diverging(v[j * kNeuron + i] / scale);
        }
    }
    atlas_.setSmooth(true);
    atlas_.upload(tiles * kNeuron, kNeuron, atlasTexels_.data(), 0, kNeuron);
}

void NetworkView::draw(AppState& s, const Fonts& fonts, ImVec2 pos, ImVec2 size, float scale) {
    if (!s.networkMode || s.runs.empty()) return;
    if (version_ != s.net.version) rebuild(s);
    const RunSlot& sel = s.runs[static_cast<size_t>(std::clamp(s.selected, 0, static_cast<int>(s.runs.size()) - 1))];
    const VecX& theta = sel.net.theta();
    const bool twoInputs = s.net.prepared.data.inputs == 2;
    if (twoInputs && theta.size() == s.net.prepared.model.parameterCount()) {
        // the whole map is recomputed while the weights change (or another run is selected)
        const bool changed = &sel != lastTheta_ || sel.net.steps() != lastStep_;
        if (changed) {
            lastTheta_ = &sel;
            lastStep_ = sel.net.steps();
            pendingBands_ = static_cast<int>(chunks_.size());
            updateMap(s, theta);
            updateNeurons(s, theta);
        } else if (pendingBands_ > 0) {
            updateMap(s, theta);  // finish the bands still showing older weights
        } else {
            mapMs_ = 0.0;
        }
        if (pendingBands_ > 0) s.busy = true;  // draw again until the whole map shows these weights
    }
    const float fs = ImGui::GetFontSize();
    const float pad = fs * 0.8f;
    const float planeSide = std::max(fs * 8.0f, std::min(size.y - 2 * pad, size.x * 0.56f - 2 * pad));
    const ImVec2 planePos(pos.x + pad, pos.y + pad);
    if (twoInputs)
        drawPlane(s, fonts, planePos, ImVec2(planeSide, planeSide), scale);
    else
        drawCurve(s, fonts, planePos, ImVec2(planeSide, planeSide), scale);
    const float dx = planePos.x + planeSide + pad * 1.5f;
    if (pos.x + size.x - dx > fs * 10.0f)
        drawDiagram(s, fonts, ImVec2(dx, pos.y + pad), ImVec2(pos.x + size.x - dx - pad, size.y - 2 * pad), scale);
}

void NetworkView::drawPlane(const AppState& s, const Fonts& fonts, ImVec2 p, ImVec2 size, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const float tick = fs * 1.9f;  // room for the axes' labels
    const ImVec2 a(p.x + tick, p.y), b(p.x + size.x, p.y + size.y - tick);
    const float side = std::min(b.x - a.x, b.y - a.y);
    const ImVec2 q0(a.x, a.y), q1(a.x + side, a.y + side);
    const auto toScreen = [&](double x1, double x2) {
        return ImVec2(q0.x + static_cast<float>((x1 - box_.x1min) / (box_.x1max - box_.x1min)) * side,
                      q0.y + static_cast<float>((box_.x2max - x2) / (box_.x2max - box_.x2min)) * side);
    };
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_.id())), q0, q1);
    const int classes = s.net.prepared.inputs.classes;
    // the decision boundary p = 0.5 by marching squares on the cell centres
    if (classes == 2) {
        const float cell = side / kMap;
        const ImU32 line = IM_COL32(31, 35, 40, 200);
        for (int j = 0; j + 1 < kMap; ++j)
            for (int i = 0; i + 1 < kMap; ++i) {
                const double v[4] = {prob_[static_cast<size_t>(j) * kMap + i] - 0.5,
                                     prob_[static_cast<size_t>(j) * kMap + i + 1] - 0.5,
                                     prob_[static_cast<size_t>(j + 1) * kMap + i + 1] - 0.5,
                                     prob_[static_cast<size_t>(j + 1) * kMap + i] - 0.5};
                const float cx[4] = {0, 1, 1, 0}, cy[4] = {0, 0, 1, 1};
                ImVec2 pts[4];
                int np = 0;
                for (int e = 0; e < 4; ++e) {
                    const int f = (e + 1) % 4;
                    if ((v[e] < 0) == (v[f] < 0)) continue;
                    const float t = static_cast<float>(v[e] / (v[e] - v[f]));
                    pts[np++] = ImVec2(q0.x + (i + 0.5f + cx[e] + (cx[f] - cx[e]) * t) * cell,
                                       q0.y + (j + 0.5f + cy[e] + (cy[f] - cy[e]) * t) * cell);
                }
                if (np >= 2) dl->AddLine(pts[0], pts[1], line, 1.6f * scale);
                if (np == 4) dl->AddLine(pts[2], pts[3], line, 1.6f * scale);
            }
    }
    // the samples: training filled, test hollow
    const nets::Dataset& d = s.net.prepared.data;
    const float r = std::max(2.5f * scale, fs * 0.24f);
    std::vector<char> isTest(static_cast<size_t>(d.size()), 0);
    for (int i : s.net.prepared.split.test) isTest[static_cast<size_t>(i)] = 1;
    double ylo = 0, yhi = 1;
    if (classes == 0 && d.size() > 0) {
        ylo = *std::min_element(d.y.begin(), d.y.end());
        yhi = std::max(*std::max_element(d.y.begin(), d.y.end()), ylo + 1e-12);
    }
    for (int i = 0; i < d.size(); ++i) {
        const ImVec2 c = toScreen(d.at(i, 0), d.at(i, 1));
        const double y = d.y[static_cast<size_t>(i)];
        ImU32 col;
        if (classes == 0) {
            col = diverging(std::clamp(2.0 * (y - ylo) / (yhi - ylo) - 1.0, -1.0, 1.0));
        } else {
            col = classColor(static_cast<int>(y));
        }
        if (isTest[static_cast<size_t>(i)]) {
            dl->AddCircle(c, r, IM_COL32(255, 255, 255, 230), 12, 3.2f * scale);
            dl->AddCircle(c, r, col, 12, 1.8f * scale);
        } else {
            dl->AddCircleFilled(c, r, col, 12);
            dl->AddCircle(c, r, IM_COL32(255, 255, 255, 230), 12, 1.0f * scale);
        }
    }
    dl->AddRect(q0, q1, colors::kFrame);
    // axes: round-number ticks on x1 (below) and x2 (left)
    ImGui::PushFont(fonts.small);
    const std::string n1 = d.columns.size() > 0 ? d.columns[0] : "x1", n2 = d.columns.size() > 1 ? d.columns[1] : "x2";
    for (double t : niceTicks(box_.x1min, box_.x1max, 5)) {
        const ImVec2 sp = toScreen(t, box_.x2min);
        dl->AddLine(ImVec2(sp.x, q1.y), ImVec2(sp.x, q1.y + fs * 0.3f), colors::kFrame);
        const std::string txt = formatNumber(t, 3);
        const float w = ImGui::CalcTextSize(txt.c_str()).x;
        dl->AddText(ImVec2(sp.x - w * 0.5f, q1.y + fs * 0.35f), colors::kMuted, txt.c_str());
    }
    for (double t : niceTicks(box_.x2min, box_.x2max, 5)) {
        const ImVec2 sp = toScreen(box_.x1min, t);
        dl->AddLine(ImVec2(q0.x - fs * 0.3f, sp.y), ImVec2(q0.x, sp.y), colors::kFrame);
        const std::string txt = formatNumber(t, 3);
        const float w = ImGui::CalcTextSize(txt.c_str()).x;
        dl->AddText(ImVec2(q0.x - fs * 0.4f - w, sp.y - fs * 0.4f), colors::kMuted, txt.c_str());
    }
    dl->AddText(ImVec2(q1.x - ImGui::CalcTextSize(n1.c_str()).x, q1.y + fs * 1.05f), colors::kMuted, n1.c_str());
    dl->AddText(ImVec2(p.x, q0.y - fs * 0.1f), colors::kMuted, n2.c_str());
    ImGui::PopFont();
    // what the picture shows, on the figure
    const RunSlot& sel = s.runs[static_cast<size_t>(s.selected)];
    const nets::TrainPoint& t = sel.net.current();
    std::string label = optimizerInfo(sel.run.config().optimizer).title + " · step " + std::to_string(sel.net.steps());
    if (!std::isnan(t.trainAcc)) label += " · train " + formatNumber(100 * t.trainAcc, 3) + " %";
    if (!std::isnan(t.testAcc)) label += " · test " + formatNumber(100 * t.testAcc, 3) + " %";
    const ImVec2 ls = ImGui::CalcTextSize(label.c_str());
    const ImVec2 lp(q0.x + fs * 0.4f, q0.y + fs * 0.3f);
    const float dot = fs * 0.9f;  // the run's colour, as in the runs list and the plots
    dl->AddRectFilled(ImVec2(lp.x - fs * 0.25f, lp.y - fs * 0.1f), ImVec2(lp.x + dot + ls.x + fs * 0.25f, lp.y + ls.y + fs * 0.1f),
                      IM_COL32(255, 255, 255, 215), fs * 0.2f);
    dl->AddCircleFilled(ImVec2(lp.x + dot * 0.4f, lp.y + ls.y * 0.5f), fs * 0.3f, runColor(sel.color));
    dl->AddText(ImVec2(lp.x + dot, lp.y), colors::kInk, label.c_str());
    const std::string status = runStatus(s, sel);
    if (!status.empty()) {
        const ImU32 c = sel.net.diverged() ? colors::kDanger : colors::kMuted;
        dl->AddText(ImVec2(lp.x + dot, lp.y + ls.y * 1.2f), c, status.c_str());
    }
}

void NetworkView::drawCurve(const AppState& s, const Fonts& fonts, ImVec2 p, ImVec2 size, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const float tick = fs * 1.9f;
    const ImVec2 q0(p.x + tick, p.y), q1(p.x + size.x, p.y + size.y - tick);
    const auto toScreen = [&](double x, double y) {
        return ImVec2(q0.x + static_cast<float>((x - box_.x1min) / (box_.x1max - box_.x1min)) * (q1.x - q0.x),
                      q0.y + static_cast<float>((box_.x2max - y) / (box_.x2max - box_.x2min)) * (q1.y - q0.y));
    };
    dl->AddRectFilled(q0, q1, IM_COL32(255, 255, 255, 255));
    dl->AddRect(q0, q1, colors::kFrame);
    dl->PushClipRect(q0, q1, true);
    const nets::Dataset& d = s.net.prepared.data;
    std::vector<char> isTest(static_cast<size_t>(d.size()), 0);
    for (int i : s.net.prepared.split.test) isTest[static_cast<size_t>(i)] = 1;
    // every visible run's fitted curve, the selected one on top
    std::vector<double> z;
    for (int pass = 0; pass < 2; ++pass)
        for (size_t k = 0; k < s.runs.size(); ++k) {
            const RunSlot& r = s.runs[k];
            const bool isSel = static_cast<int>(k) == s.selected;
            if (!r.visible || isSel != (pass == 1) || r.net.theta().size() != s.net.prepared.model.parameterCount()) continue;
            bp_.outputs(r.net.theta(), line_, z);
            std::vector<ImVec2> pts;
            for (int i = 0; i < line_.n; ++i) {
                const double x = box_.x1min + (box_.x1max - box_.x1min) * i / (line_.n - 1.0);
                pts.push_back(toScreen(x, z[static_cast<size_t>(i)]));
            }
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), runColor(r.color, isSel ? 1.0f : 0.45f), 0,
                            (isSel ? 2.4f : 1.4f) * scale);
        }
    const float rad = std::max(2.5f * scale, fs * 0.26f);
    for (int i = 0; i < d.size(); ++i) {
        const ImVec2 c = toScreen(d.at(i, 0), d.y[static_cast<size_t>(i)]);
        if (isTest[static_cast<size_t>(i)]) dl->AddCircle(c, rad, colors::kInk, 12, 1.6f * scale);
        else dl->AddCircleFilled(c, rad, colors::kInk, 12);
    }
    dl->PopClipRect();
    ImGui::PushFont(fonts.small);
    for (double t : niceTicks(box_.x1min, box_.x1max, 5)) {
        const ImVec2 sp = toScreen(t, box_.x2min);
        const std::string txt = formatNumber(t, 3);
        dl->AddText(ImVec2(sp.x - ImGui::CalcTextSize(txt.c_str()).x * 0.5f, q1.y + fs * 0.35f), colors::kMuted, txt.c_str());
    }
    for (double t : niceTicks(box_.x2min, box_.x2max, 5)) {
        const ImVec2 sp = toScreen(box_.x1min, t);
        const std::string txt = formatNumber(t, 3);
        dl->AddText(ImVec2(q0.x - fs * 0.4f - ImGui::CalcTextSize(txt.c_str()).x, sp.y - fs * 0.4f), colors::kMuted, txt.c_str());
    }
    dl->AddText(ImVec2(q1.x - fs * 1.0f, q1.y + fs * 1.05f), colors::kMuted, "x");
    dl->AddText(ImVec2(p.x, q0.y), colors::kMuted, "y");
    ImGui::PopFont();
    const std::string note = "● training samples   ○ test samples   — each run's fit ŷ(x)";
    dl->AddText(ImVec2(q0.x + fs * 0.4f, q0.y + fs * 0.3f), colors::kMuted, note.c_str());
}

void NetworkView::drawDiagram(const AppState& s, const Fonts& fonts, ImVec2 p, ImVec2 size, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const nets::Model& m = s.net.prepared.model;
    const RunSlot& sel = s.runs[static_cast<size_t>(s.selected)];
    const VecX& theta = sel.net.theta();
    if (theta.size() != m.parameterCount()) return;
    const int L = m.layerCount();
    const bool maps = s.net.prepared.data.inputs == 2 && atlasTiles_ > 0;
    int widest = 1;
    for (int w : m.widths) widest = std::max(widest, w);
    ImGui::PushFont(fonts.small);
    const float headH = fs * 2.2f;
    const float colGap = size.x / (L + 1);
    const float tile = std::clamp(std::min((size.y - headH) / (widest * 1.25f), colGap * 0.42f), fs * 0.5f, fs * 3.4f);
    // tile centres per layer
    std::vector<std::vector<ImVec2>> centre(static_cast<size_t>(L) + 1);
    for (int l = 0; l <= L; ++l) {
        const int w = m.widths[static_cast<size_t>(l)];
        const float x = p.x + colGap * (l + 0.5f);
        const float step = std::min(tile * 1.25f, (size.y - headH) / w);
        const float top = p.y + headH + ((size.y - headH) - step * w) * 0.5f + step * 0.5f;
        for (int k = 0; k < w; ++k) centre[static_cast<size_t>(l)].push_back(ImVec2(x, top + step * k));
        // Deep nets leave narrow columns: the labels shorten ("3", "16") rather than overlap.
        std::string head = l == 0 ? "inputs" : l == L ? "output" : "layer " + std::to_string(l);
        std::string sub = l == 0 ? std::to_string(w) : std::to_string(w) + (l == L ? "" : std::string(" ") + nets::activationName(m.activation));
        if (ImGui::CalcTextSize("layer 00").x > colGap * 0.92f) {
            head = l == 0 ? "in" : l == L ? "out" : std::to_string(l);
            sub = std::to_string(w);
        }
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(head.c_str()).x * 0.5f, p.y), colors::kInk, head.c_str());
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(sub.c_str()).x * 0.5f, p.y + fs * 0.95f), colors::kMuted, sub.c_str());
    }
    // weights: width and colour by size and sign (blue positive, orange negative)
    const auto shapes = m.layers();
    for (int l = 0; l < L; ++l) {
        const nets::LayerShape& sh = shapes[static_cast<size_t>(l)];
        double mx = 1e-12;
        for (int i = 0; i < sh.in * sh.out; ++i) mx = std::max(mx, std::abs(theta[sh.wOffset + i]));
        for (int j = 0; j < sh.out; ++j)
            for (int k = 0; k < sh.in; ++k) {
                const double w = theta[sh.wOffset + j * sh.in + k];
                const float t = static_cast<float>(std::abs(w) / mx);
                const ImVec2 a = centre[static_cast<size_t>(l)][static_cast<size_t>(k)];
                const ImVec2 b = centre[static_cast<size_t>(l) + 1][static_cast<size_t>(j)];
                dl->AddLine(ImVec2(a.x + tile * 0.5f, a.y), ImVec2(b.x - tile * 0.5f, b.y), weightColor(w, 0.15f + 0.75f * t),
                            (0.4f + 3.2f * t) * scale);
            }
    }
    // the neurons' maps
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    hoverLayer_ = hoverUnit_ = -1;
    int t = 0;
    const float tw = atlasTiles_ > 0 ? 1.0f / atlasTiles_ : 0.0f;
    for (int l = 0; l <= L; ++l) {
        for (size_t k = 0; k < centre[static_cast<size_t>(l)].size(); ++k, ++t) {
            const ImVec2 c = centre[static_cast<size_t>(l)][k];
            const ImVec2 a(c.x - tile * 0.5f, c.y - tile * 0.5f), b(c.x + tile * 0.5f, c.y + tile * 0.5f);
            if (maps)
                dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(atlas_.id())), a, b, ImVec2(t * tw, 0),
                             ImVec2((t + 1) * tw, 1));
            else
                dl->AddRectFilled(a, b, IM_COL32(240, 240, 240, 255));
            dl->AddRect(a, b, colors::kFrame);
            if (l == 0 && tile > fs * 1.2f) {
                const std::string& name = s.net.prepared.inputs.columns[k];
                dl->AddText(ImVec2(a.x - ImGui::CalcTextSize(name.c_str()).x - fs * 0.3f, c.y - fs * 0.45f), colors::kMuted, name.c_str());
            }
            if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y && ImGui::IsWindowHovered()) {
                hoverLayer_ = l;
                hoverUnit_ = static_cast<int>(k);
                if (maps) {
                    // enlarged map beside the neuron
                    const float big = fs * 9.0f;
                    ImVec2 ba(b.x + fs * 0.5f, c.y - big * 0.5f);
                    if (ba.x + big > p.x + size.x) ba.x = a.x - fs * 0.5f - big;
                    ba.y = std::clamp(ba.y, p.y, p.y + size.y - big);
                    ImDrawList* fg = ImGui::GetForegroundDrawList();
                    fg->AddRectFilled(ImVec2(ba.x - 3, ba.y - 3), ImVec2(ba.x + big + 3, ba.y + big + fs * 1.4f), IM_COL32(255, 255, 255, 245), 4);
                    fg->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(atlas_.id())), ba, ImVec2(ba.x + big, ba.y + big),
                                 ImVec2(t * tw, 0), ImVec2((t + 1) * tw, 1));
                    fg->AddRect(ba, ImVec2(ba.x + big, ba.y + big), colors::kFrame);
                    const std::string what = l == 0 ? "input " + s.net.prepared.inputs.columns[k]
                                             : l == L ? std::string("output") + (m.loss == nets::LossKind::BCE ? ": 2σ(z) − 1" : "")
                                                      : "layer " + std::to_string(l) + ", unit " + std::to_string(k + 1) + ": " +
                                                            nets::activationName(m.activation) + "(w·a + b)";
                    fg->AddText(ImVec2(ba.x, ba.y + big + fs * 0.2f), colors::kInk, what.c_str());
                }
            }
        }
    }
    const std::string legend = "weights: blue > 0, orange < 0, width ∝ |w|";
    dl->AddText(ImVec2(p.x, p.y + size.y - fs * 0.9f), colors::kMuted, legend.c_str());
    ImGui::PopFont();
}

}  // namespace optiscape::app
