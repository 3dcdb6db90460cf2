// Parsing of lesson files (see lesson.h).
#include "lesson.h"

namespace optiscape {

namespace {
bool readString(const JsonValue& o, const char* key, std::string& out, bool required, const std::string& where,
                std::string* error) {
    const JsonValue* v = o.find(key);
    if (!v) {
        if (required && error) *error = where + key + ": missing";
        return !required;
    }
    if (v->type != JsonValue::Type::String) {
        if (error) *error = where + key + ": expected a string";
        return false;
    }
    out = v->string;
    return true;
}
}  // namespace

std::optional<Lesson> parseLesson(std::string_view json, std::string* error) {
    std::string parseError;
    auto root = parseJson(json, &parseError);
    if (!root) {
        if (error) *error = parseError;
        return std::nullopt;
    }
    return parseLesson(*root, error);
}

std::vector<Lesson> parseLessonBundle(std::string_view json, std::string* errors) {
    std::vector<Lesson> lessons;
    std::string parseError;
    auto root = parseJson(json, &parseError);
    if (!root || root->type != JsonValue::Type::Object) {
        if (errors) *errors += "the lessons: " + (root ? std::string("not a JSON object") : parseError) + "\n";
        return lessons;
    }
    for (const auto& [file, value] : root->object) {  // std::map: in the order of the file names
        std::string err;
        if (auto lesson = parseLesson(value, &err)) lessons.push_back(std::move(*lesson));
        else if (errors) *errors += "lesson " + file + ": " + err + "\n";
    }
    return lessons;
}

std::optional<Lesson> parseLesson(const JsonValue& root, std::string* error) {
    if (root.type != JsonValue::Type::Object) {
        if (error) *error = "a lesson is a JSON object";
        return std::nullopt;
    }
    Lesson lesson;
    if (!readString(root, "id", lesson.id, true, "", error) || !readString(root, "title", lesson.title, true, "", error) ||
        !readString(root, "lecture", lesson.lecture, false, "", error))
        return std::nullopt;
    const JsonValue* steps = root.find("steps");
    if (!steps || steps->type != JsonValue::Type::Array || steps->array.empty()) {
        if (error) *error = "steps: expected a non-empty array";
        return std::nullopt;
    }
    for (size_t i = 0; i < steps->array.size(); ++i) {
        const JsonValue& s = steps->array[i];
        const std::string where = "steps[" + std::to_string(i) + "].";
        if (s.type != JsonValue::Type::Object) {
            if (error) *error = where.substr(0, where.size() - 1) + ": expected an object";
            return std::nullopt;
        }
        LessonStep step;
        if (!readString(s, "title", step.title, true, where, error) || !readString(s, "text", step.text, true, where, error) ||
            !readString(s, "formula", step.formula, false, where, error))
            return std::nullopt;
        if (const JsonValue* sc = s.find("scenario")) {
            if (sc->type != JsonValue::Type::Object) {
                if (error) *error = where + "scenario: expected an object";
                return std::nullopt;
            }
            step.scenario = *sc;
        }
        if (const JsonValue* n = s.find("runSteps")) {
            if (!n->isNumber() || n->number < 1 || n->number > 20000 || n->number != static_cast<int>(n->number)) {
                if (error) *error = where + "runSteps: a whole number from 1 to 20000";
                return std::nullopt;
            }
            step.runSteps = static_cast<int>(n->number);
        }
        if (const JsonValue* q = s.find("question")) {
            const std::string qw = where + "question.";
            Question question;
            if (q->type != JsonValue::Type::Object || !readString(*q, "prompt", question.prompt, true, qw, error) ||
                !readString(*q, "explanation", question.explanation, true, qw, error))
                return std::nullopt;
            const JsonValue* choices = q->find("choices");
            if (!choices || choices->type != JsonValue::Type::Array || choices->array.size() < 2) {
                if (error) *error = qw + "choices: expected at least two strings";
                return std::nullopt;
            }
            for (const JsonValue& c : choices->array) {
                if (c.type != JsonValue::Type::String) {
                    if (error) *error = qw + "choices: expected strings";
                    return std::nullopt;
                }
                question.choices.push_back(c.string);
            }
            const JsonValue* answer = q->find("answer");
            if (!answer || !answer->isNumber() || answer->number < 0 ||
                answer->number >= static_cast<double>(question.choices.size()) ||
                answer->number != static_cast<int>(answer->number)) {
                if (error) *error = qw + "answer: out of range (an index into choices)";
                return std::nullopt;
            }
            question.answer = static_cast<int>(answer->number);
            step.question = std::move(question);
        }
        lesson.steps.push_back(std::move(step));
    }
    return lesson;
}

}  // namespace optiscape
