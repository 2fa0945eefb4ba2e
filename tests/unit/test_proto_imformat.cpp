#include <catch2/catch.hpp>

#include "proto/ImFormat.hpp"

using namespace msntty;

TEST_CASE("imformat: transcript and hypothetic values", "[proto][imformat]") {
  const auto t = ImFormat::parse("FN=Arial; EF=; CO=0; CS=0; PF=22");
  CHECK(t.font == "Arial");
  CHECK_FALSE((t.bold || t.italic || t.underline || t.strike));
  CHECK(t.color == 0);
  CHECK(t.charset == "0");
  CHECK(t.pitch_family == "22");
  CHECK_FALSE(t.right_to_left);
  CHECK(t.serialize() == "FN=Arial; EF=; CO=0; CS=0; PF=22");
  CHECK(ImFormat{}.serialize() == "FN=Arial; EF=; CO=0; CS=0; PF=22");

  const auto h = ImFormat::parse("FN=Arial; EF=I; CO=0; CS=0; PF=22");
  CHECK(h.italic);
  CHECK_FALSE(h.bold);
  CHECK(h.serialize() == "FN=Arial; EF=I; CO=0; CS=0; PF=22");
}

TEST_CASE("imformat: all fields", "[proto][imformat]") {
  const auto f = ImFormat::parse("FN=Courier%20New; EF=SUBI; CO=ff0000; CS=CC; PF=31; RL=1");
  CHECK(f.font == "Courier New");
  CHECK((f.bold && f.italic && f.underline && f.strike));
  CHECK(f.color == 0xff0000);
  CHECK(f.color_rgb_hex() == "#0000ff");  // COLORREF 0xBBGGRR: blue
  CHECK(f.charset == "CC");
  CHECK(f.pitch_family == "31");
  CHECK(f.right_to_left);
  CHECK(f.serialize() == "FN=Courier%20New; EF=BIUS; CO=ff0000; CS=CC; PF=31; RL=1");
}

TEST_CASE("imformat: colours", "[proto][imformat]") {
  ImFormat f;
  f.color = 0x0000ff;
  CHECK(f.color_rgb_hex() == "#ff0000");
  CHECK(f.serialize() == "FN=Arial; EF=; CO=ff; CS=0; PF=22");
  f.color = 0x00ff00;
  CHECK(f.color_rgb_hex() == "#00ff00");
  CHECK(f.serialize().find("CO=ff00;") != std::string::npos);
  f.color = 0x123456;
  CHECK(f.color_rgb_hex() == "#563412");
  CHECK(ImFormat::parse("CO=00FF").color == 0xff);
}

TEST_CASE("imformat: tolerant parsing", "[proto][imformat]") {
  const auto f =
      ImFormat::parse(" EF=B ;FN=Comic%20Sans%20MS;XX=1; CO=zz; CS=123; PF=; RL=0; junk ;;");
  CHECK(f.font == "Comic Sans MS");
  CHECK(f.bold);
  CHECK(f.color == 0);
  CHECK(f.charset == "0");
  CHECK(f.pitch_family == "22");
  CHECK_FALSE(f.right_to_left);
  const auto empty = ImFormat::parse("");
  CHECK(empty.font == "Arial");
  CHECK(ImFormat::parse("FN=").font == "Arial");
  CHECK(ImFormat::parse("FN=%FF").font == "Arial");  // not UTF-8: keep default
  CHECK(ImFormat::parse("CO=123456789").color == 0);
  CHECK(ImFormat::parse("CO=ffffffff").color == 0xffffff);
}

TEST_CASE("imformat: round trip of odd font names", "[proto][imformat]") {
  ImFormat f;
  f.font = "My;Font 100%";
  const std::string s = f.serialize();
  CHECK(s.rfind("FN=My%3BFont%20100%25; ", 0) == 0);
  CHECK(ImFormat::parse(s).font == f.font);
}
