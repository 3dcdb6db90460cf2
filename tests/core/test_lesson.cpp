// Lessons are data: every file in lessons/ parses, every step's scenario applies to the real
// presets and optimizers without anything ignored, and every question's answer is a choice.
// Malformed lessons are rejected with a message naming the field.
#include <doctest/doctest.h>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/landscape.h"

#include "helpers.h"

using namespace optiscape;

namespace {
std::vector<std::string> lessonFiles() {
    std::vector<std::string> files;
    if (DIR* d = opendir(OPTISCAPE_LESSONS_DIR)) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > 5 && n.substr(n.size() - 5) == ".json") files.push_back(std::string(OPTISCAPE_LESSONS_DIR) + "/" + n);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    return files;
}

using testing::readFile;

}  // namespace

TEST_CASE("every lesson file parses and its scenarios apply cleanly") {
    const auto files = lessonFiles();
    REQUIRE(files.size() >= 8);  // the issue asks for at least eight
    std::set<std::string> ids;
    for (const auto& path : files) {
        CAPTURE(path);
        std::string err;
        auto lesson = parseLesson(readFile(path), &err);
        REQUIRE_MESSAGE(lesson, err);
        CHECK(ids.insert(lesson->id).second);  // ids are unique
        CHECK(!lesson->title.empty());
        CHECK(!lesson->lecture.empty());
        Scenario sc;
        sc.landscape = "yarotsky";
        for (size_t k = 0; k < lesson->steps.size(); ++k) {
            const LessonStep& st = lesson->steps[k];
            CAPTURE(k);
            CHECK(!st.text.empty());
            auto ignored = applyScenario(st.scenario, sc, 4);
            CHECK_MESSAGE(ignored.empty(), (ignored.empty() ? "" : ignored.front()));
            CHECK(makeAnyPreset(sc.landscape) != nullptr);
            if (st.question) {
                CHECK(st.question->answer >= 0);
                CHECK(st.question->answer < static_cast<int>(st.question->choices.size()));
                CHECK(!st.question->explanation.empty());
            }
        }
    }
}

TEST_CASE("malformed lessons are rejected with the field named") {
    std::string err;
    CHECK(!parseLesson("{", &err));
    CHECK(err.find("line 1") != std::string::npos);
    CHECK(!parseLesson(R"({"id": "x", "title": "t", "steps": []})", &err));
    CHECK(err.find("steps") != std::string::npos);
    CHECK(!parseLesson(R"({"title": "t", "steps": [{"title": "a", "text": "b"}]})", &err));
    CHECK(err.find("id") != std::string::npos);
    CHECK(!parseLesson(R"({"id": "x", "title": "t", "steps": [{"title": "a", "text": "b",
        "question": {"prompt": "p", "choices": ["a", "b"], "answer": 2, "explanation": "e"}}]})", &err));
    CHECK(err == "steps[0].question.answer: out of range (an index into choices)");
    CHECK(!parseLesson(R"({"id": "x", "title": "t", "steps": [{"title": "a", "text": "b", "runSteps": 0}]})", &err));
    CHECK(err.find("runSteps") != std::string::npos);
    auto ok = parseLesson(R"({"id": "x", "title": "t", "steps": [{"title": "a", "text": "b", "runSteps": 30,
        "question": {"prompt": "p", "choices": ["a", "b"], "answer": 1, "explanation": "e"}}]})", &err);
    REQUIRE(ok);
    CHECK(ok->steps[0].runSteps == 30);
    CHECK(ok->steps[0].question->answer == 1);
}

TEST_CASE("the lessons' bundle the app reads holds every lesson file, in the order of their names") {
    const auto files = lessonFiles();
    std::string errors;
    const std::vector<Lesson> bundled = parseLessonBundle(readFile(OPTISCAPE_LESSON_BUNDLE), &errors);
    CHECK(errors.empty());
    REQUIRE(bundled.size() == files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        CAPTURE(files[i]);
        std::string err;
        const auto lesson = parseLesson(readFile(files[i]), &err);
        REQUIRE(lesson);
        CHECK(bundled[i].id == lesson->id);
        CHECK(bundled[i].title == lesson->title);
        REQUIRE(bundled[i].steps.size() == lesson->steps.size());
        for (size_t k = 0; k < lesson->steps.size(); ++k) {
            CHECK(bundled[i].steps[k].text == lesson->steps[k].text);
            CHECK(bundled[i].steps[k].runSteps == lesson->steps[k].runSteps);
        }
    }
}

TEST_CASE("a lesson that does not parse is left out of its bundle and named") {
    const std::string good = R"({"id": "a", "title": "A", "steps": [{"title": "t", "text": "x"}]})";
    std::string errors;
    auto lessons = parseLessonBundle(R"({"02-b.json": {"id": "b"}, "01-a.json": )" + good + R"(, "03-c.json": 7})", &errors);
    REQUIRE(lessons.size() == 1);
    CHECK(lessons[0].id == "a");
    CHECK(errors == "lesson 02-b.json: title: missing\nlesson 03-c.json: a lesson is a JSON object\n");
    errors.clear();
    CHECK(parseLessonBundle("[1, 2]", &errors).empty());
    CHECK(errors == "the lessons: not a JSON object\n");
    errors.clear();
    CHECK(parseLessonBundle("", &errors).empty());
    CHECK(errors.find("the lessons: ") == 0);
    CHECK(parseLessonBundle("{}", nullptr).empty());
}
