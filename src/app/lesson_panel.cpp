// The lessons panel: the list of lessons with progress, and the open lesson's step — its text,
// the lecture's formula, a "predict, then run" question, and the reveal once the run was watched.
#include <string>

#include "app/panels.h"
#include "app/widgets.h"

namespace optiscape::app {

namespace {
void lessonList(AppState& s, const Fonts& fonts) {
    sectionHeading("LESSONS");
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::TextWrapped("Each lesson sets up a scenario from the lectures, asks you to predict what will "
                       "happen, then runs it.");
    ImGui::PopStyleColor();
    for (int i = 0; i < static_cast<int>(s.lessons.size()); ++i) {
        const Lesson& l = s.lessons[static_cast<size_t>(i)];
        int done = 0;
        if (static_cast<size_t>(i) < s.lesson.done.size())
            for (bool d : s.lesson.done[static_cast<size_t>(i)]) done += d;
        std::string label = std::to_string(i + 1) + ". " + l.title;
        ImGui::PushID(i);
        // the title wrapped over the panel's width (a Selectable's own label would be cut off)
        const float wrap = ImGui::GetContentRegionAvail().x;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
        const bool picked = ImGui::Selectable("##lesson", s.lesson.lesson == i, 0, ImVec2(0, size.y));
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at,
                                            ImGui::GetColorU32(ImGuiCol_Text), label.c_str(), nullptr, wrap);
        if (picked) {
            std::string err = openLesson(s, i, 0);
            if (!err.empty()) s.notice = err, s.noticeUntil = ImGui::GetTime() + 6.0;
        }
        tooltip(l.lecture);
        ImGui::PushFont(fonts.small);
        ImGui::Indent();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(done == static_cast<int>(l.steps.size()) ? colors::kAccent : colors::kMuted),
                           "%s%d of %d steps done", done == static_cast<int>(l.steps.size()) ? "✓ " : "", done,
                           static_cast<int>(l.steps.size()));
        ImGui::Unindent();
        ImGui::PopFont();
        ImGui::PopID();
    }
}
}  // namespace

void drawLessonPanel(AppState& s, const Fonts& fonts, float scale) {
    if (s.lesson.lesson < 0) {
        lessonList(s, fonts);
        return;
    }
    const Lesson& l = s.lessons[static_cast<size_t>(s.lesson.lesson)];
    const LessonStep& st = l.steps[static_cast<size_t>(s.lesson.step)];
    if (ImGui::SmallButton("← All lessons")) {
        closeLesson(s);
        return;
    }
    ImGui::PushFont(fonts.bold);
    ImGui::TextWrapped("%s", l.title.c_str());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::PushFont(fonts.small);
    ImGui::TextWrapped("%s", l.lecture.c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();

    // Step dots: done, current, to come.
    const float fs = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int k = 0; k < static_cast<int>(l.steps.size()); ++k) {
        const bool done = s.lesson.done[static_cast<size_t>(s.lesson.lesson)][static_cast<size_t>(k)];
        const ImVec2 c(p.x + fs * 0.5f + k * fs * 1.1f, p.y + fs * 0.5f);
        if (k == s.lesson.step) ImGui::GetWindowDrawList()->AddCircleFilled(c, fs * 0.32f, colors::kAccent);
        else if (done) ImGui::GetWindowDrawList()->AddCircleFilled(c, fs * 0.28f, IM_COL32(0, 114, 178, 120));
        else ImGui::GetWindowDrawList()->AddCircle(c, fs * 0.28f, colors::kMuted, 16, 1.2f * scale);
    }
    ImGui::Dummy(ImVec2(l.steps.size() * fs * 1.1f, fs));
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "step %d of %d", s.lesson.step + 1,
                       static_cast<int>(l.steps.size()));

    sectionHeading(st.title.c_str());
    ImGui::TextWrapped("%s", st.text.c_str());
    if (!st.formula.empty()) {
        ImGui::Spacing();
        ImGui::PushFont(fonts.bold);
        ImGui::TextWrapped("%s", st.formula.c_str());
        ImGui::PopFont();
    }
    ImGui::Spacing();
    if (st.question) {
        const Question& q = *st.question;
        ImGui::PushFont(fonts.bold);
        ImGui::TextWrapped("Predict: %s", q.prompt.c_str());
        ImGui::PopFont();
        ImGui::BeginDisabled(s.lesson.ran || s.lesson.runUntil >= 0);
        for (int c = 0; c < static_cast<int>(q.choices.size()); ++c) {
            ImGui::PushID(c);
            if (ImGui::RadioButton("##choice", s.lesson.choice == c)) s.lesson.choice = c;
            ImGui::SameLine();
            ImGui::TextWrapped("%s", q.choices[static_cast<size_t>(c)].c_str());
            ImGui::PopID();
        }
        ImGui::EndDisabled();
    }
    const bool canRun = (!st.question || s.lesson.choice >= 0) && s.lesson.runUntil < 0;
    ImGui::BeginDisabled(!canRun);
    if (ImGui::Button(s.lesson.ran ? "Run again" : "Run ▶")) runLessonStep(s);
    ImGui::EndDisabled();
    if (st.question && s.lesson.choice < 0) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "pick an answer first");
    } else if (s.lesson.runUntil >= 0) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::kMuted), "watch…");
        ImGui::SameLine();
        if (ImGui::SmallButton("Skip to the end")) skipLessonRun(s);
        tooltip("The remaining steps at once: the same steps, so the same end as watched.");
    }
    if (s.lesson.ran && st.question) {
        const bool right = s.lesson.choice == st.question->answer;
        ImGui::PushStyleColor(ImGuiCol_Text, right ? IM_COL32(0, 120, 80, 255) : colors::kDanger);
        ImGui::PushFont(fonts.bold);
        ImGui::TextWrapped("%s", right ? "✓ Right." : ("Not quite: the answer is “" +
                                                        st.question->choices[static_cast<size_t>(st.question->answer)] + "”.").c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
        ImGui::TextWrapped("%s", st.question->explanation.c_str());
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(s.lesson.step == 0);
    if (ImGui::Button("← Back")) openLesson(s, s.lesson.lesson, s.lesson.step - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    const bool last = s.lesson.step + 1 >= static_cast<int>(l.steps.size());
    if (ImGui::Button(last ? "Finish ✓" : "Next step →")) {
        if (last) closeLesson(s);
        else openLesson(s, s.lesson.lesson, s.lesson.step + 1);
    }
}

}  // namespace optiscape::app
