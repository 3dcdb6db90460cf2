// Guided lessons as data: a lesson is a sequence of short steps, each setting up a scenario
// (the same JSON as window.optiscape.load()), showing two to four sentences with the lecture's
// formula, and asking a "predict, then run" question before the student presses play.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario.h"

namespace optiscape {

/// A multiple-choice prediction: the student picks before running; the run shows who was right.
struct Question {
    std::string prompt;
    std::vector<std::string> choices;
    int answer = 0;            ///< index into choices
    std::string explanation;   ///< shown once the run has been watched
};

struct LessonStep {
    std::string title;
    std::string text;          ///< 2–4 sentences
    std::string formula;       ///< in the lecture's notation (unicode)
    JsonValue scenario;        ///< applied with applyScenario() when the step opens
    int runSteps = 200;        ///< how many optimizer steps "Run" plays
    std::optional<Question> question;
};

struct Lesson {
    std::string id;            ///< stable key for links and progress, e.g. "step-limit"
    std::string title;
    std::string lecture;       ///< which seed lecture it follows
    std::vector<LessonStep> steps;
};

/// Parses one lesson file (JSON: {id, title, lecture, steps: [{title, text, formula, scenario,
/// runSteps, question: {prompt, choices, answer, explanation}}]}). On failure returns nullopt
/// and sets *error to what is wrong and where ("steps[2].question.answer: out of range").
std::optional<Lesson> parseLesson(std::string_view json, std::string* error);
/// The same, from the file's parsed JSON.
std::optional<Lesson> parseLesson(const JsonValue& root, std::string* error);

/// The lessons of a bundle, the form in which the app reads them (cmake/embed.cmake writes it):
/// a JSON object of lesson files by file name ({"01-step-limit.json": {…}, …}), in the order of
/// their names. A lesson that does not parse is left out and named in *errors ("lesson
/// 03-momentum.json: steps[2]…", a line each); a bundle that is not a JSON object gives none.
std::vector<Lesson> parseLessonBundle(std::string_view json, std::string* errors);

}  // namespace optiscape
