// Colours, type and ImGui style (see theme.h).
#include "app/theme.h"

#include "fonts_embedded.h"

namespace optiscape::app {

namespace {
constexpr ImU32 kOkabeIto[8] = {
    IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255),
    IM_COL32(213, 94, 0, 255),    IM_COL32(0, 114, 178, 255),  IM_COL32(204, 121, 167, 255),
    IM_COL32(120, 90, 40, 255),   IM_COL32(0, 0, 0, 255)};
// The 7th replaces Okabe–Ito's yellow #F0E442 by a brown: the yellow is invisible on white plots
// and on the light end of the map, and darkened it looks like the orange under protanopia and
// deuteranopia (tests/app/colours.test.js simulates them: every pair stays ΔE > 10 apart).

// Latin, Greek, phonetic sub/superscripts, punctuation, sub/superscripts, letterlike symbols,
// arrows, math operators, technical, shapes, dingbats and Latin Extended-C's subscript j (ⱼ)
// (the fonts hold only what the UI uses).
const ImWchar kRanges[] = {0x0020, 0x024F, 0x0370, 0x03FF, 0x1D00, 0x1EFF, 0x2010, 0x2044, 0x2070, 0x209F,
                           0x2100, 0x214F, 0x2190, 0x23FF, 0x25A0, 0x27BF, 0x2C60, 0x2C7F, 0};

ImFont* addFont(const unsigned char* data, size_t size, float px, bool merge) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.MergeMode = merge;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data),
                                                      static_cast<int>(size), px, &cfg, kRanges);
}

ImFont* addFamily(const unsigned char* data, size_t size, float px) {
    ImFont* f = addFont(data, size, px, false);
    // The semibold subset holds ASCII and punctuation only; the regular face fills the rest.
    if (data != kFont_regular) addFont(kFont_regular, kFont_regular_size, px, true);
    addFont(kFont_math, kFont_math_size, px, true);  // DejaVu fills glyphs Inter lacks (∇, ₁ …)
    return f;
}
}  // namespace

ImU32 runColor(int index, float alpha) {
    ImU32 c = kOkabeIto[((index % 8) + 8) % 8];
    ImU32 a = static_cast<ImU32>(alpha * 255.0f + 0.5f);
    return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImVec4 runColorVec(int index) { return ImGui::ColorConvertU32ToFloat4(runColor(index)); }

Fonts setupTheme(float scale, bool projector) {
    colors::kInk = projector ? IM_COL32(0, 0, 0, 255) : IM_COL32(31, 35, 40, 255);
    colors::kMuted = projector ? IM_COL32(40, 44, 50, 255) : IM_COL32(96, 103, 112, 255);
    colors::kPaper = projector ? IM_COL32(255, 255, 255, 255) : IM_COL32(250, 249, 246, 255);
    colors::kGrid = projector ? IM_COL32(0, 0, 0, 70) : IM_COL32(31, 35, 40, 40);
    colors::kFrame = projector ? IM_COL32(0, 0, 0, 200) : IM_COL32(31, 35, 40, 90);
    colors::kAccent = projector ? IM_COL32(0, 90, 160, 255) : IM_COL32(0, 114, 178, 255);
    colors::kDanger = projector ? IM_COL32(170, 20, 0, 255) : IM_COL32(190, 40, 20, 255);
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts fonts;
    fonts.regular = addFamily(kFont_regular, kFont_regular_size, 15.0f * scale);
    fonts.bold = addFamily(kFont_bold, kFont_bold_size, 15.0f * scale);
    fonts.small = addFamily(kFont_regular, kFont_regular_size, 13.0f * scale);
    io.FontDefault = fonts.regular;

    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.PopupRounding = 4.0f;
    style.ScrollbarRounding = 6.0f;
    style.TabRounding = 4.0f;
    style.WindowBorderSize = 0.0f;
    style.FrameBorderSize = 1.0f;
    style.WindowPadding = ImVec2(14, 12);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 7);
    style.ItemInnerSpacing = ImVec2(6, 4);
    style.ScrollbarSize = 12.0f;
    style.GrabMinSize = 10.0f;

    ImVec4* c = style.Colors;
    const ImVec4 paper = ImGui::ColorConvertU32ToFloat4(colors::kPaper);
    const ImVec4 ink = ImGui::ColorConvertU32ToFloat4(colors::kInk);
    const ImVec4 accent = ImGui::ColorConvertU32ToFloat4(colors::kAccent);
    c[ImGuiCol_Text] = ink;
    c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(colors::kMuted);
    c[ImGuiCol_WindowBg] = paper;
    c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 0.0f);
    c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.98f);
    c[ImGuiCol_Border] = ImVec4(0.12f, 0.14f, 0.16f, 0.16f);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 0.98f, 1);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.88f, 0.92f, 0.97f, 1);
    c[ImGuiCol_TitleBg] = paper;
    c[ImGuiCol_TitleBgActive] = paper;
    c[ImGuiCol_MenuBarBg] = paper;
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = ImVec4(accent.x, accent.y, accent.z, 0.85f);
    c[ImGuiCol_SliderGrabActive] = accent;
    c[ImGuiCol_Button] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.92f, 0.95f, 0.99f, 1);
    c[ImGuiCol_ButtonActive] = ImVec4(0.85f, 0.91f, 0.98f, 1);
    c[ImGuiCol_Header] = ImVec4(accent.x, accent.y, accent.z, 0.12f);
    c[ImGuiCol_HeaderHovered] = ImVec4(accent.x, accent.y, accent.z, 0.18f);
    c[ImGuiCol_HeaderActive] = ImVec4(accent.x, accent.y, accent.z, 0.26f);
    c[ImGuiCol_Separator] = ImVec4(0.12f, 0.14f, 0.16f, 0.14f);
    c[ImGuiCol_NavHighlight] = accent;
    c[ImGuiCol_PlotLines] = accent;
    if (projector) {
        style.FrameBorderSize = 2.0f;
        c[ImGuiCol_Border] = ImVec4(0, 0, 0, 0.75f);
        c[ImGuiCol_Separator] = ImVec4(0, 0, 0, 0.5f);
        c[ImGuiCol_FrameBgHovered] = ImVec4(0.85f, 0.9f, 0.97f, 1);
    }
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    return fonts;
}

}  // namespace optiscape::app
