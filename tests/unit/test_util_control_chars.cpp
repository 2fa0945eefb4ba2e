#include <catch2/catch.hpp>

#include "util/ControlChars.hpp"

using namespace msntty;

TEST_CASE("strip_controls: plain text, TAB and LF are left alone", "[util][controls]") {
  for (const char* s :
       {"", "hello", "tab\there", "two\nlines", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
        "\xC2\xA0nbsp \xC2\xBFqu\xC3\xA9?"}) {
    INFO(s);
    StrippedLine out = strip_controls(s);
    CHECK(out.text == s);
    CHECK_FALSE(out.changed());
    CHECK(out.summary().empty());
  }
}

TEST_CASE("strip_controls: single controls go and are named", "[util][controls]") {
  StrippedLine out = strip_controls("ding\a dong\a\x7F back\bspace\x01");
  CHECK(out.text == "ding dong backspace");
  CHECK(out.controls == 5);
  CHECK(out.sequences == 0);
  CHECK(out.names == "BEL, DEL, BS, SOH");
  CHECK(out.summary() == "removed 5 control characters (BEL, DEL, BS, SOH)");
  // NUL in the middle of a line, a lone ESC at the end, a lone ESC before a control.
  out = strip_controls(std::string("a\0b\x1b", 4));
  CHECK(out.text == "ab");
  CHECK(out.names == "NUL, ESC");
  out = strip_controls("x\x1b\x07y");
  CHECK(out.text == "xy");
  CHECK(out.summary() == "removed 2 control characters (ESC, BEL)");
  // C1 controls in their UTF-8 form (U+009B is a CSI on some terminals); U+00A0 is not one.
  out = strip_controls(
      "a\xC2\x9B"
      "31mb\xC2\x85");
  CHECK(out.text == "a31mb");
  CHECK(out.summary() == "removed 2 control characters (C1)");
}

TEST_CASE("strip_controls: escape sequences go whole", "[util][controls]") {
  StrippedLine out = strip_controls("\x1b[1;31mred\x1b[0m and \x1b[?25lhidden");
  CHECK(out.text == "red and hidden");
  CHECK(out.sequences == 3);
  CHECK(out.controls == 0);
  CHECK(out.summary() == "removed 3 escape sequences");
  // OSC (a window title), ended by BEL or by ESC backslash, or running to the end of the line.
  CHECK(strip_controls("a\x1b]0;pwned\x07z").text == "az");
  CHECK(strip_controls("a\x1b]2;title\x1b\\z").text == "az");
  CHECK(strip_controls("a\x1b]8;;http://x").text == "a");
  CHECK(strip_controls("a\x1bPdevice\x1b\\z").text == "az");
  // Two-character ones, and a charset choice that takes one more.
  CHECK(strip_controls("a\x1b"
                       "cb\x1b(Bc\x1b"
                       "7d")
            .text == "abcd");
  // A CSI cut short by the end of the line.
  CHECK(strip_controls("a\x1b[12").text == "a");
  out = strip_controls("\x1b[31m\a");
  CHECK(out.summary() == "removed 1 control character (BEL) and 1 escape sequence");
}

TEST_CASE("strip_controls: CR as a line ending goes quietly, any other CR is named",
          "[util][controls]") {
  StrippedLine out = strip_controls("/msg bob hi\r");
  CHECK(out.text == "/msg bob hi");
  CHECK_FALSE(out.changed());
  out = strip_controls("one\r\ntwo\r\n");
  CHECK(out.text == "one\ntwo\n");
  CHECK_FALSE(out.changed());
  out = strip_controls("over\rwrite");
  CHECK(out.text == "overwrite");
  CHECK(out.names == "CR");
}

TEST_CASE("strip_controls: invalid UTF-8 is left for the caller to refuse", "[util][controls]") {
  StrippedLine out = strip_controls("a\xFF\xC2z");
  CHECK(out.text == "a\xFF\xC2z");
  CHECK_FALSE(out.changed());
}
