#include <catch2/catch.hpp>

#include "proto/ErrorText.hpp"

using namespace msntty;

TEST_CASE("error texts", "[proto][errortext]") {
  CHECK(error_text(911) == "authentication failed");
  CHECK(error_text(217) == "user is offline or not accepting messages");
  CHECK(error_text(208) == "invalid user name");
  CHECK(error_text(540) == "challenge response failed");
  CHECK(error_text(800) == "changing too rapidly: slow down");
  CHECK(error_text(0) == "unknown error");
  CHECK(error_text(999) == "unknown error");
  CHECK(error_text(-1) == "unknown error");
  CHECK(error_text(211) == "unknown error");
}

TEST_CASE("every code of doc/protocol/errors.md has a text", "[proto][errortext]") {
  const int codes[] = {200, 201, 203, 204, 205, 206, 207, 208, 209, 210, 212, 213, 215, 216, 217,
                       218, 219, 220, 223, 224, 225, 227, 228, 229, 230, 231, 232, 233, 234, 240,
                       241, 280, 281, 282, 300, 301, 302, 400, 402, 403, 413, 414, 415, 416, 417,
                       418, 419, 420, 500, 501, 502, 503, 504, 505, 508, 509, 510, 511, 520, 540,
                       600, 601, 602, 603, 604, 605, 606, 707, 710, 711, 712, 713, 714, 715, 717,
                       718, 719, 726, 729, 731, 800, 910, 911, 912, 913, 914, 915, 916, 917, 918,
                       919, 920, 921, 922, 923, 924, 926, 927, 928, 929, 930, 931, 933, 934};
  for (int c : codes) {
    INFO(c);
    CHECK(error_text(c) != "unknown error");
  }
}

TEST_CASE("login fatality and retry", "[proto][errortext]") {
  CHECK(error_is_fatal_at_login(911));
  CHECK(error_is_fatal_at_login(928));
  CHECK(error_is_fatal_at_login(600));
  CHECK(error_is_fatal_at_login(540));
  CHECK_FALSE(error_is_fatal_at_login(217));
  CHECK_FALSE(error_is_fatal_at_login(207));
  CHECK(error_is_retryable(600));
  CHECK(error_is_retryable(910));
  CHECK(error_is_retryable(800));
  CHECK_FALSE(error_is_retryable(911));
  CHECK_FALSE(error_is_retryable(502));
  CHECK_FALSE(error_is_retryable(217));
}
