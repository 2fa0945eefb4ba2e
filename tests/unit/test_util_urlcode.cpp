#include <catch2/catch.hpp>

#include "util/UrlCode.hpp"

using namespace msntty;

TEST_CASE("url_encode encodes only what MSNP needs", "[util][url]") {
  CHECK(url_encode("Alice Liddell") == "Alice%20Liddell");
  CHECK(url_encode("100%") == "100%25");
  CHECK(url_encode("a+b=c&d/e:f<g>") == "a+b=c&d/e:f<g>");
  CHECK(url_encode(std::string_view("\x01\x7f\r\n\0", 5)) == "%01%7F%0D%0A%00");
  CHECK(url_encode("h\xC3\xA9llo") == "h%C3%A9llo");
  CHECK(url_encode("").empty());
}

TEST_CASE("url_encode_component is strict", "[util][url]") {
  CHECK(url_encode_component("alice@example.com") == "alice%40example.com");
  CHECK(url_encode_component("A-z_0.9~") == "A-z_0.9~");
  CHECK(url_encode_component("p w+d,=/") == "p%20w%2Bd%2C%3D%2F");
  CHECK(url_encode_component("http://messenger.msn.com") == "http%3A%2F%2Fmessenger.msn.com");
}

TEST_CASE("url_decode is lenient", "[util][url]") {
  CHECK(url_decode("Alice%20Liddell") == "Alice Liddell");
  CHECK(url_decode("%3Cmsnobj%2F%3E") == "<msnobj/>");
  CHECK(url_decode("%3cmsnobj%2f%3e") == "<msnobj/>");
  CHECK(url_decode("a+b") == "a+b");
  CHECK(url_decode("100%") == "100%");
  CHECK(url_decode("%2") == "%2");
  CHECK(url_decode("%zz%41") == "%zzA");
  CHECK(url_decode("%%41") == "%A");
  CHECK(url_decode("%00") == std::string("\0", 1));
  CHECK(url_decode("h\xC3\xA9") == "h\xC3\xA9");  // raw UTF-8 accepted
}

TEST_CASE("url round trip over all bytes", "[util][url]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(url_decode(url_encode(all)) == all);
  CHECK(url_decode(url_encode_component(all)) == all);
  for (char c : url_encode(all))
    CHECK((static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f));
}
