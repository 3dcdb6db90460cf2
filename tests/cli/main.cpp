// doctest's main for the command-line suite (test_cli), which spawns the optiscape binary.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
