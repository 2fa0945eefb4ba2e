// ListDump on its own: every SYN generation of doc/protocol/ns-lists.md#syn-dumps, fed as parsed
// server lines.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/ListDump.hpp"

using namespace msntty;

namespace {

Command cmd(const std::string& line) {
  Codec codec;
  codec.feed(line + "\r\n");
  auto item = codec.next();
  REQUIRE(item);
  REQUIRE(std::holds_alternative<Command>(*item));
  return std::get<Command>(*item);
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out;
}

std::vector<std::string> contacts(const ListDump& d) {
  std::vector<std::string> out;
  for (const auto& c : d.contacts())
    out.push_back(c.email + "|" + c.nick + "|" + c.guid + "|" + std::to_string(c.lists) + "|" +
                  join(c.groups));
  return out;
}

std::vector<std::string> groups(const ListDump& d) {
  std::vector<std::string> out;
  for (const auto& g : d.groups()) out.push_back(g.id + "|" + g.name);
  return out;
}

using Strings = std::vector<std::string>;

// Feeds the dump lines after the SYN reply; returns the index of the line after which it was
// complete (-1 if never).
int feed_all(ListDump& d, const Strings& lines) {
  int done_at = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    d.feed(cmd(lines[i]));
    if (done_at < 0 && d.complete()) done_at = static_cast<int>(i);
  }
  return done_at;
}

}  // namespace

TEST_CASE("listdump: nothing is complete before the SYN reply", "[listdump]") {
  for (int v : {2, 7, 8, 10, 12}) {
    ListDump d(v);
    CHECK_FALSE(d.complete());
  }
}

TEST_CASE("listdump: MSNP7 with groups, merged per contact", "[listdump]") {
  ListDump d(7);
  d.begin(cmd("SYN 6 9"), "0");
  CHECK_FALSE(d.complete());
  // GTC/BLP are not dump children: the caller handles them.
  CHECK_FALSE(d.feed(cmd("GTC 6 9 A")));
  CHECK_FALSE(d.feed(cmd("BLP 6 9 AL")));
  int done = feed_all(d, {
                             "LSG 6 9 1 2 0 Other%20Contacts 0",
                             "LSG 6 9 2 2 3 Co-workers 0",
                             "LST 6 FL 9 1 2 bob@example.com Bob 0,3",
                             "LST 6 FL 9 2 2 carol@example.com Carol 3",
                             "LST 6 AL 9 1 2 bob@example.com Bob",
                             "LST 6 AL 9 2 2 carol@example.com Carol",
                             "LST 6 BL 9 1 1 eve@example.com Eve",
                             "LST 6 RL 9 1 2 bob@example.com Bob",
                             "LST 6 RL 9 2 2 dave@example.com Dave%20D",
                         });
  CHECK(done == 8);
  CHECK(groups(d) == Strings{"0|Other Contacts", "3|Co-workers"});
  CHECK(contacts(d) == Strings{
                           "bob@example.com|Bob||11|0,3",
                           "carol@example.com|Carol||3|3",
                           "eve@example.com|Eve||4|",
                           "dave@example.com|Dave D||8|",
                       });
}

TEST_CASE("listdump: MSNP7 transcript dump completes on the RL line", "[listdump]") {
  ListDump d(7);
  d.begin(cmd("SYN 6 1"), "0");
  int done = feed_all(d, {
                             "LSG 6 1 1 1 0 Other%20Contacts 0",
                             "LST 6 FL 1 1 1 alice@example.com Alice 0",
                             "LST 6 AL 1 1 1 alice@example.com Alice",
                             "LST 6 BL 1 0 0",
                             "LST 6 RL 1 1 1 alice@example.com Alice",
                         });
  CHECK(done == 4);
  CHECK(contacts(d) == Strings{"alice@example.com|Alice||11|0"});
}

TEST_CASE("listdump: MSNP2-6, lists in any order, empty lists", "[listdump]") {
  SECTION("all empty") {
    ListDump d(5);
    d.begin(cmd("SYN 5 1"), "0");
    int done =
        feed_all(d, {"LST 5 RL 1 0 0", "LST 5 BL 1 0 0", "LST 5 FL 1 0 0", "LST 5 AL 1 0 0"});
    CHECK(done == 3);
    CHECK(d.contacts().empty());
    CHECK(d.groups().empty());
  }
  SECTION("MSNP2 as Escargot sends it") {
    ListDump d(2);
    d.begin(cmd("SYN 5 1"), "0");
    int done =
        feed_all(d, {"LST 5 FL 1 1 1 bob@example.com Bob", "LST 5 AL 1 1 1 bob@example.com Bob",
                     "LST 5 BL 1 0 0", "LST 5 RL 1 1 1 bob@example.com Bob"});
    CHECK(done == 3);
    CHECK(contacts(d) == Strings{"bob@example.com|Bob||11|"});
  }
  SECTION("MSNP5 with phone data: BPR is swallowed") {
    ListDump d(5);
    d.begin(cmd("SYN 5 3"), "0");
    CHECK(d.feed(cmd("BPR 3 bob@example.com PHH 555")));
    int done =
        feed_all(d, {"LST 5 FL 3 1 1 bob@example.com Bob", "BPR 3 bob@example.com PHH 555",
                     "LST 5 AL 3 1 1 bob@example.com Bob", "LST 5 BL 3 0 0", "LST 5 RL 3 0 0"});
    CHECK(done == 4);
    CHECK(contacts(d) == Strings{"bob@example.com|Bob||3|"});
  }
  SECTION("same list version as requested: no dump follows") {
    ListDump d(5);
    d.begin(cmd("SYN 5 0"), "0");
    CHECK(d.complete());
    ListDump e(5);
    e.begin(cmd("SYN 5 42"), "42");
    CHECK(e.complete());
  }
  SECTION("a missing list keeps it incomplete") {
    ListDump d(6);
    d.begin(cmd("SYN 5 2"), "0");
    CHECK(feed_all(d, {"LST 5 FL 2 0 0", "LST 5 AL 2 0 0", "LST 5 RL 2 0 0"}) == -1);
  }
}

TEST_CASE("listdump: MSNP8-9 counts and list bits", "[listdump]") {
  ListDump d(9);
  d.begin(cmd("SYN 5 7 3 2"), "0");
  CHECK_FALSE(d.complete());
  CHECK_FALSE(d.feed(cmd("GTC N")));
  CHECK_FALSE(d.feed(cmd("BLP AL")));
  CHECK_FALSE(d.feed(cmd("PRP PHH 123%20(4567)")));
  int done = feed_all(
      d, {
             "LSG 0 Other%20Contacts 0", "LSG 1 Friends%20%26%20Family 0",
             "LST bob@example.com Bob%20%E2%98%83 11 0,1", "BPR PHH 1%20(222)%20333%204444",
             "LST carol@example.com Carol 10 1",  // AL|RL: groups only with FL
             "LST dave@example.com Dave 13",      // FL|BL|RL, no group
         });
  CHECK(done == 5);
  CHECK(groups(d) == Strings{"0|Other Contacts", "1|Friends & Family"});
  CHECK(contacts(d) == Strings{
                           "bob@example.com|Bob \xE2\x98\x83||11|0,1",
                           "carol@example.com|Carol||10|",
                           "dave@example.com|Dave||13|",
                       });
}

TEST_CASE("listdump: MSNP8 completes only when both counts are reached", "[listdump]") {
  ListDump d(8);
  d.begin(cmd("SYN 5 2 1 1"), "0");
  d.feed(cmd("LST bob@example.com Bob 11 0"));
  CHECK_FALSE(d.complete());  // the group is still missing
  d.feed(cmd("LSG 0 Other%20Contacts 0"));
  CHECK(d.complete());

  ListDump z(8);
  z.begin(cmd("SYN 5 2 0 0"), "0");
  CHECK(z.complete());
  ListDump same(8);
  same.begin(cmd("SYN 5 2"), "2");  // unchanged: no counts, no dump
  CHECK(same.complete());
}

TEST_CASE("listdump: MSNP10-11 with GUIDs", "[listdump]") {
  int v = GENERATE(10, 11);
  ListDump d(v);
  d.begin(cmd("SYN 5 2005-04-23T18:57:44.8130000-07:00 2005-04-23T18:57:54.2070000-07:00 3 1"),
          "0");
  CHECK_FALSE(d.feed(cmd("PRP MFN Alice%20Liddell")));
  int done =
      feed_all(d, {
                      "LSG Friends 7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01",
                      "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 "
                      "7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01",
                      "LST N=carol@example.com F=Carol C=b9462c29-11c8-4a27-8395-c21844f4781a 3",
                      "LST N=dave@example.com 24",  // RL|PL: no F=, no C=
                  });
  CHECK(done == 3);
  CHECK(groups(d) == Strings{"7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01|Friends"});
  CHECK(contacts(d) == Strings{
                           "bob@example.com|Bob|d8cc4906-8b30-40c0-a3a6-23dce9fbddc3|11|"
                           "7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01",
                           "carol@example.com|Carol|b9462c29-11c8-4a27-8395-c21844f4781a|3|",
                           "dave@example.com|dave@example.com||24|",
                       });
}

TEST_CASE("listdump: MSNP10 without ABCH migration (e-mail ids, numeric groups)", "[listdump]") {
  ListDump d(10);
  d.begin(cmd("SYN 5 12 0 1 1"), "0");
  int done =
      feed_all(d, {"LSG Other%20Contacts 0", "LST N=bob@example.com F=Bob C=bob@example.com 11 0"});
  CHECK(done == 1);
  CHECK(groups(d) == Strings{"0|Other Contacts"});
  CHECK(contacts(d) == Strings{"bob@example.com|Bob|bob@example.com|11|0"});
}

TEST_CASE("listdump: MSNP12 network bits and the trailing space", "[listdump]") {
  ListDump d(12);
  d.begin(cmd("SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 3 2"), "0");
  int done = feed_all(
      d, {
             "LSG Pals 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d",
             "LSG Work 0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
             "LST N=alice@example.com F=Alice C=94a4075b-6547-47f9-a21e-bc34db2e4617 11 1 ",
             "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 "
             "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d,0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
             "LST N=yuki@example.com F=Yuki 8 32 ",  // a Yahoo contact on the RL only
         });
  CHECK(done == 4);
  CHECK(contacts(d) ==
        Strings{
            "alice@example.com|Alice|94a4075b-6547-47f9-a21e-bc34db2e4617|11|",
            "bob@example.com|Bob|d8cc4906-8b30-40c0-a3a6-23dce9fbddc3|11|"
            "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d,0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
            "yuki@example.com|Yuki||8|",
        });
}

TEST_CASE("listdump: malformed children do not crash or corrupt", "[listdump]") {
  for (int v : {2, 5, 7, 8, 9, 10, 11, 12}) {
    INFO("MSNP" << v);
    ListDump d(v);
    d.begin(cmd(v >= 10 ? "SYN 5 a b 100 100" : v >= 8 ? "SYN 5 1 100 100" : "SYN 5 1"), "0");
    for (const char* line : {"LST", "LSG", "BPR", "LST 5", "LST 5 XX 1 1 1 a@b a", "LST 5 FL x y z",
                             "LST 5 FL 1 2 1 a@b", "LSG 5 1 x y", "LSG 5 1 1 1", "LST N=",
                             "LST F=x C=y", "LST a@b", "LST a@b nick 999999999999999999999 0",
                             "LSG  ", "LST   ", "LST 5 FL 1 0 0 a@b a", "LSG 1 2 3 4 5 6 7 8 9"}) {
      d.feed(cmd(line));
      (void)d.complete();
    }
    for (const auto& c : d.contacts()) CHECK_FALSE(c.email.empty());
    for (const auto& g : d.groups()) CHECK_FALSE(g.id.empty());
  }
}
