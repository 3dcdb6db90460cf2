// Shared by the theory lessons' claims suites: a lesson step's scenario as the page builds it.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "../helpers.h"
#include "core/lesson.h"
#include "core/scenario.h"

namespace testing {

/// The scenario of step k of lessons/<file>: every step's scenario up to k applied in order onto
/// a fresh one, as the page applies them; each must apply with nothing ignored.
inline optiscape::Scenario lessonStepScenario(const std::string& file, size_t k) {
    std::string err;
    auto lesson = optiscape::parseLesson(readFile(std::string(OPTISCAPE_LESSONS_DIR) + "/" + file), &err);
    REQUIRE_MESSAGE(lesson, err);
    REQUIRE(k < lesson->steps.size());
    optiscape::Scenario sc;
    for (size_t i = 0; i <= k; ++i) {
        const auto ignored = optiscape::applyScenario(lesson->steps[i].scenario, sc, 8);
        REQUIRE_MESSAGE(ignored.empty(), ignored.front());
    }
    return sc;
}

}  // namespace testing
