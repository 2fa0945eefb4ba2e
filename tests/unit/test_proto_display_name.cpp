// decode_name / encode_name: display names and group names as one token on the wire.
#include <catch2/catch.hpp>

#include <string>

#include "proto/CommandWriter.hpp"
#include "proto/DisplayName.hpp"
#include "util/Utf8.hpp"

using namespace msntty;

TEST_CASE("display name: decoded from the wire", "[proto][name]") {
  CHECK(decode_name("Alice%20Liddell") == "Alice Liddell");
  CHECK(decode_name("Bob") == "Bob");
  CHECK(decode_name("") == "");
  CHECK(decode_name("J%C3%B6rg") == "J\xC3\xB6rg");
  CHECK(decode_name("a+b") == "a+b");    // '+' is not a space in MSNP
  CHECK(decode_name("100%") == "100%");  // a stray '%' stays
  CHECK(decode_name("%zz%4") == "%zz%4");
  CHECK(decode_name("%3Cmsnobj%2F%3E") == "<msnobj/>");
}

TEST_CASE("display name: invalid UTF-8 is repaired, controls are kept for the UI",
          "[proto][name]") {
  CHECK(decode_name("caf%E9") == "caf\xEF\xBF\xBD");           // Latin-1 byte -> U+FFFD
  CHECK(decode_name("%C3") == "\xEF\xBF\xBD");                 // truncated sequence
  CHECK(decode_name("%C0%AF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  CHECK(decode_name("%ED%A0%80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(utf8_valid(decode_name("%FF%FE%80")));
  // Escapes survive decoding; the UI escapes them when it draws (sanitize_for_terminal).
  CHECK(decode_name("%1B%5B31mred") == "\x1b[31mred");
}

TEST_CASE("display name: encoded as one token the writer accepts", "[proto][name]") {
  CHECK(encode_name("Alice Liddell") == "Alice%20Liddell");
  CHECK(encode_name("100%") == "100%25");
  const std::string names[] = {"Alice Liddell", "tab\there", "cr\r\nlf", std::string("nul\0x", 5),
                               "J\xC3\xB6rg",   "\x7f",      "  "};
  for (const std::string& name : names) {
    INFO(name.size());
    std::string token = encode_name(name);
    CommandWriter w;
    CHECK_FALSE(w.line("PRP", 7, {"MFN", token}));
    CHECK(decode_name(token) == utf8_repair(name));
  }
}
