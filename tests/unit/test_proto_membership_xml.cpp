// The ADL/RML/FQY payloads (proto/MembershipXml): one <d> per payload, at most 150 <c> in one,
// escaping, the initial empty form, and reading what the server sends.
#include <catch2/catch.hpp>

#include "model/Contact.hpp"
#include "proto/MembershipXml.hpp"

using namespace msntty;
using ml::Entry;

TEST_CASE("ADL payloads: one domain per payload, l=1 only for the initial one", "[proto][adl]") {
  std::vector<Entry> e = {{"alice@example.com", kForwardList | kAllowList},
                          {"bob@other.org", kBlockList},
                          {"carol@example.com", kForwardList | kReverseList | kPendingList},
                          {"erin@example.com", kReverseList},  // nothing sendable: left out
                          {"noat", kForwardList}};
  auto later = ml::write_payloads(e, false);
  REQUIRE(later.size() == 2);
  CHECK(later[0] ==
        "<ml><d n=\"example.com\"><c n=\"alice\" l=\"3\" t=\"1\"/><c n=\"carol\" l=\"1\" "
        "t=\"1\"/></d></ml>");
  CHECK(later[1] == "<ml><d n=\"other.org\"><c n=\"bob\" l=\"4\" t=\"1\"/></d></ml>");
  auto initial = ml::write_payloads({{"alice@example.com", 3}}, true);
  REQUIRE(initial.size() == 1);
  CHECK(initial[0] == "<ml l=\"1\"><d n=\"example.com\"><c n=\"alice\" l=\"3\" t=\"1\"/></d></ml>");
  CHECK(initial[0].size() == 64);  // the reference's byte count for this one
  CHECK(ml::write_payloads({}, true) == std::vector<std::string>{"<ml l=\"1\"></ml>"});
  CHECK(ml::write_payloads({}, false).empty());
  CHECK(ml::write_payloads({{"carol@example.com", kForwardList}}, false)[0].size() == 58);
}

TEST_CASE("ADL payloads: at most 150 contacts each, XML-escaped", "[proto][adl]") {
  std::vector<Entry> many;
  for (int i = 0; i < 301; ++i) many.push_back({"u" + std::to_string(i) + "@example.com", 1});
  auto p = ml::write_payloads(many, true);
  REQUIRE(p.size() == 3);
  auto count = [](const std::string& s) {
    size_t n = 0;
    for (size_t at = s.find("<c "); at != std::string::npos; at = s.find("<c ", at + 1)) ++n;
    return n;
  };
  CHECK(count(p[0]) == 150);
  CHECK(count(p[1]) == 150);
  CHECK(count(p[2]) == 1);
  CHECK(p[2].find("n=\"u300\"") != std::string::npos);
  CHECK(p[1].starts_with("<ml l=\"1\"><d n=\"example.com\">"));

  auto esc = ml::write_payloads({{"o'b\"<&>@example.com", 1}}, false);
  CHECK(esc[0].find("n=\"o&apos;b&quot;&lt;&amp;&gt;\"") != std::string::npos);
}

TEST_CASE("FQY payload", "[proto][adl]") {
  CHECK(ml::write_query("dave@example.com") ==
        "<ml><d n=\"example.com\"><c n=\"dave\" /></d></ml>");
  CHECK(ml::write_query("dave@example.com").size() == 46);
  CHECK(ml::write_query("nodomain").empty());
}

TEST_CASE("Server payloads: ADL 0 / RML 0 and FQY replies", "[proto][adl]") {
  auto added = ml::read_payload(
      "<ml><d n=\"example.com\"><c n=\"alice\" t=\"1\" l=\"8\" f=\"Alice%20W\" /></d></ml>");
  REQUIRE(added);
  REQUIRE(added->size() == 1);
  CHECK((*added)[0].email == "alice@example.com");
  CHECK((*added)[0].lists == kReverseList);
  CHECK((*added)[0].network == 1);
  CHECK((*added)[0].nick == "Alice W");

  auto two = ml::read_payload(
      "<ml><d n=\"a.com\"><c n=\"x\" l=\"8\" t=\"1\"/><c n=\"y\" l=\"8\" t=\"1\"/></d>"
      "<d n=\"b.org\"><c n=\"z\" t=\"32\"/></d></ml>");
  REQUIRE(two);
  REQUIRE(two->size() == 3);
  CHECK((*two)[2].email == "z@b.org");
  CHECK((*two)[2].lists == 0);
  CHECK((*two)[2].network == 32);

  CHECK_FALSE(ml::read_payload("<ml><d n=\"a.com\"><c n=\"x\""));
  CHECK_FALSE(ml::read_payload("<notml/>"));
  auto empty = ml::read_payload("<ml l=\"1\"></ml>");
  REQUIRE(empty);
  CHECK(empty->empty());
}
