#include <catch2/catch.hpp>

#include "util/Md5.hpp"

using namespace msntty;

TEST_CASE("md5 RFC 1321 vectors", "[util][md5]") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(md5_hex("The quick brown fox jumps over the lazy dog") ==
        "9e107d9d372bb6826bd81d3542a419d6");
  const auto raw = md5_raw("abc");
  CHECK(raw[0] == 0x90);
  CHECK(raw[15] == 0x72);
  CHECK(md5_hex(std::string(1000000, 'a')) == "7707d6ae4e027c70eea2a935c2296f21");
}

TEST_CASE("to_hex", "[util][md5]") {
  const uint8_t b[] = {0x00, 0x0f, 0xa5, 0xff};
  CHECK(to_hex(b, 4) == "000fa5ff");
  CHECK(to_hex(b, 0).empty());
}
