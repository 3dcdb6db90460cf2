// The formula editor: the landscape's formula as editable text, parsed as it is typed; an error
// shows its message and a caret under the offending column, while the last valid landscape stays
// on the map. Below it the parameters as sliders (a custom formula's with editable ranges).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"
#include "core/data_landscape.h"
#include "core/formula/formula.h"

namespace optiscape::app {

namespace {

int resizeCallback(ImGuiInputTextCallbackData* d) {
    if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(d->UserData);
        text->resize(static_cast<size_t>(d->BufTextLen));
        d->Buf = text->data();
    }
    return 0;
}

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// The code points of `text` as byte ranges.
std::vector<std::pair<size_t, size_t>> codePoints(const std::string& text) {
    std::vector<std::pair<size_t, size_t>> cps;
    for (size_t i = 0; i < text.size();) {
        size_t n = 1;
        while (i + n < text.size() && isContinuation(static_cast<unsigned char>(text[i + n]))) ++n;
        cps.emplace_back(i, n);
        i += n;
    }
    return cps;
}

/// The line of `text` holding 1-based character `column`, drawn one character per fixed-width
/// cell (a monospace line from the UI font), with a caret under that column.
void drawCaretLine(const std::string& text, int column, const Fonts& fonts, float scale) {
    const auto cps = codePoints(text);
    if (column < 1) return;
    const size_t at = std::min(static_cast<size_t>(column - 1), cps.size());  // may be the end
    size_t begin = at, end = at;
    while (begin > 0 && text[cps[begin - 1].first] != '\n') --begin;
    while (end < cps.size() && text[cps[end].first] != '\n') ++end;

    ImFont* font = fonts.regular;
    const float fs = ImGui::GetFontSize();
    float cell = font->CalcTextSizeA(fs, FLT_MAX, 0, "m").x;
    for (size_t k = begin; k < end; ++k) {
        const char* c = text.data() + cps[k].first;
        cell = std::max(cell, font->CalcTextSizeA(fs, FLT_MAX, 0, c, c + cps[k].second).x);
    }
    const float width = ImGui::GetContentRegionAvail().x;
    const size_t cells = std::max<size_t>(static_cast<size_t>(width / cell), 8);
    // A window of the line that holds the caret, when the line is too long to show whole.
    size_t from = begin, to = end;
    if (to - from + 1 > cells) {
        from = std::max(begin, at > cells / 2 ? at - cells / 2 : 0);
        to = std::min(end, from + cells - 1);
        from = to - std::min(to - begin, cells - 1);
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float lh = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x, p.y), ImVec2(p.x + width, p.y + lh * 2.0f + 4.0f * scale), IM_COL32(31, 35, 40, 14),
                      3.0f * scale);
    for (size_t k = from; k < to; ++k) {
        const char* c = text.data() + cps[k].first;
        const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, c, c + cps[k].second).x;
        const float x = p.x + static_cast<float>(k - from) * cell + (cell - w) * 0.5f;
        dl->AddText(font, fs, ImVec2(x, p.y + 2.0f * scale), colors::kInk, c, c + cps[k].second);
    }
    const float cx = p.x + (static_cast<float>(at - from) + 0.5f) * cell;
    const char* caret = "^";
    const float cw = font->CalcTextSizeA(fs, FLT_MAX, 0, caret).x;
    dl->AddText(fonts.bold, fs, ImVec2(cx - cw * 0.5f, p.y + lh + 2.0f * scale), colors::kDanger, caret);
    ImGui::Dummy(ImVec2(width, lh * 2.0f + 6.0f * scale));
}

}  // namespace

void drawFormulaPanel(AppState& s, const Fonts& fonts, float scale) {
    sectionHeading("FORMULA");
    const bool custom = s.landscape->name() == "formula";
    const bool data = s.landscape->sampleCount() > 0;

    // The editor works on its own copy while it has the keyboard; otherwise it follows the state
    // (a preset opened, a link loaded, the "formula" command).
    static std::string buffer;
    static bool editing = false;
    if (!editing && buffer != s.formula.text) buffer = s.formula.text;
    const float fs = ImGui::GetFontSize();
    ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(255, 255, 255, 255));
    const bool changed = ImGui::InputTextMultiline(
        "##formula", buffer.data(), buffer.capacity() + 1, ImVec2(-1.0f, ImGui::GetTextLineHeight() * 3.2f + fs * 0.6f),
        ImGuiInputTextFlags_CallbackResize, resizeCallback, &buffer);
    ImGui::PopStyleColor();
    editing = ImGui::IsItemActive();
    tooltip("L(w1, w2) in mathjs syntax: + - * / ^, sin cos exp log sqrt abs tanh sigmoid relu softplus "
            "min max, pi, e. Other names (eps, lambda, a) are parameters and get sliders. Parsed as you type.");
    if (changed) editFormula(s, buffer);

    if (!s.formula.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kDanger);
        ImGui::TextWrapped("%s", s.formula.error.c_str());
        ImGui::PopStyleColor();
        drawCaretLine(s.formula.text, s.formula.column, fonts, scale);
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
        ImGui::PushFont(fonts.small);
        ImGui::TextWrapped("The map keeps the last formula that parsed.");
        ImGui::PopFont();
        ImGui::PopStyleColor();
    } else if (data && s.formula.text == s.landscape->info().formula) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
        ImGui::PushFont(fonts.small);
        ImGui::TextWrapped("Defined by its %d samples; the text shows the model. Type a formula to replace it.",
                           s.landscape->sampleCount());
        ImGui::PopFont();
        ImGui::PopStyleColor();
    }

    const LandscapeInfo& info = s.landscape->info();
    const std::string preset = allPresetNames()[static_cast<size_t>(s.landscapeIndex)];
    const std::string reset = custom ? "Back to preset '" + preset + "'" : "Reset to preset";
    if (ImGui::Button(reset.c_str())) resetToPreset(s);
    tooltip(custom ? "Drop the custom formula and open the preset '" + preset + "' again, with its defaults."
                   : "The preset's own formula and default parameters.");

    for (size_t i = 0; i < info.params.size(); ++i) {
        const ParamSpec& spec = info.params[i];
        double v = s.landscape->params()[i];
        if (paramSlider(spec, v)) {
            s.landscape->setParam(spec.name, v);
            resetRuns(s);
            s.viewDirty = true;
        }
    }
    if (custom && !info.params.empty() && ImGui::TreeNode("Slider ranges")) {
        for (const ParamSpec& spec : info.params) {
            ImGui::PushID(spec.name.c_str());
            double lo = spec.min, hi = spec.max;
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(spec.symbol.empty() ? spec.name.c_str() : spec.symbol.c_str());
            const float w = (ImGui::GetContentRegionAvail().x - fs * 3.0f) * 0.5f;
            ImGui::SameLine(fs * 3.0f);
            ImGui::SetNextItemWidth(w);
            bool done = ImGui::InputDouble("##min", &lo, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue);
            done |= ImGui::IsItemDeactivatedAfterEdit();
            tooltip("The slider's smallest value (Enter to apply).");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(w);
            done |= ImGui::InputDouble("##max", &hi, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue);
            done |= ImGui::IsItemDeactivatedAfterEdit();
            tooltip("The slider's largest value (Enter to apply).");
            if (done && (lo != spec.min || hi != spec.max)) {
                const std::string err = setFormulaRange(s, spec.name, lo, hi);
                if (!err.empty()) {
                    s.notice = err;
                    s.noticeUntil = ImGui::GetTime() + 5.0;
                }
                ImGui::PopID();
                break;  // the landscape (and its info) were replaced
            }
            ImGui::PopID();
        }
        ImGui::TreePop();
    }
}

}  // namespace optiscape::app
