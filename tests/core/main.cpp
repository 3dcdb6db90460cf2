// doctest's main for the core suite (test_core): natively and as wasm under Node.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
