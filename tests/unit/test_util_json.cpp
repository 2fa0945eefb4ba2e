#include <catch2/catch.hpp>

#include "util/Json.hpp"
#include "util/Utf8.hpp"

using namespace msntty;

TEST_CASE("json_quote escapes", "[util][json]") {
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_quote("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(json_quote(std::string_view("\x01\x1b\0", 3)) == "\"\\u0001\\u001b\\u0000\"");
  CHECK(json_quote("h\xC3\xA9llo \xE2\x98\x83") == "\"h\xC3\xA9llo \xE2\x98\x83\"");
  CHECK(json_quote("/") == "\"/\"");
}

TEST_CASE("json_quote repairs invalid UTF-8", "[util][json]") {
  const std::string q = json_quote(
      "a\xff"
      "b\xC3");
  CHECK(q ==
        "\"a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD\"");
  CHECK(utf8_valid(q));
}

TEST_CASE("JsonObject builds objects in order", "[util][json]") {
  CHECK(JsonObject().str() == "{}");
  const std::vector<std::string> groups{"Friends", "Work \"x\""};
  const std::string s = "std";
  JsonObject o;
  o.add("type", "message")
      .add("from", std::string_view("bob@example.com"))
      .add("s", s)
      .add("int", 5)
      .add("neg", -7)
      .add("u32", uint32_t{4294967295u})
      .add("i64", int64_t{-9223372036854775807LL - 1})
      .add("size", size_t{42})
      .add("u64", uint64_t{18446744073709551615ULL})
      .add("yes", true)
      .add("no", false)
      .add("groups", groups)
      .add("empty", std::vector<std::string>{})
      .add_raw("nested", JsonObject().add("a", 1).str())
      .add("obj", JsonObject().add("b", "c"))
      .add("nul", static_cast<const char*>(nullptr));
  CHECK(o.str() ==
        "{\"type\":\"message\",\"from\":\"bob@example.com\",\"s\":\"std\",\"int\":5,\"neg\":-7,"
        "\"u32\":4294967295,\"i64\":-9223372036854775808,\"size\":42,\"u64\":18446744073709551615,"
        "\"yes\":true,\"no\":false,\"groups\":[\"Friends\",\"Work \\\"x\\\"\"],\"empty\":[],"
        "\"nested\":{\"a\":1},\"obj\":{\"b\":\"c\"},\"nul\":null}");
}

TEST_CASE("JsonObject escapes keys", "[util][json]") {
  CHECK(JsonObject().add("k\"\n", "v").str() == "{\"k\\\"\\n\":\"v\"}");
}
