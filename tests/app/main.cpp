// doctest's main for the app-state suite (test_app_state): the operations every input path of
// the app shares, without ImGui or GL.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
