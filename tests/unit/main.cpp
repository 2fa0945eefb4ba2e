// The Catch2 (v2) runner: everything else in tests/unit is test cases.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
