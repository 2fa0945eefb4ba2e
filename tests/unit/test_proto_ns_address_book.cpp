// NsSession at MSNP13+ (NsAddressBook.cpp): no SYN after USR OK but a request for the address
// book; the lists handed back become the same events as a SYN dump, then the initial ADL and the
// first CHG; list changes as ADL/RML with their confirmations; the server's ADL 0 / RML 0 / NOT.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proto/NsSession.hpp"
#include "util/Overloaded.hpp"

using namespace msntty;

namespace {

struct Ns13 {
  NsSession s;
  std::vector<ns::Event> last;

  explicit Ns13(int version = 13) : s(config(version)) {
    s.start();
    s.receive("VER 1 MSNP" + std::to_string(version) + "\r\nCVR 2 a b c d e\r\n");
    s.receive("USR 3 TWN S ct=1\r\n");
    s.passport_ticket("t=1&p=");
    s.take_output();
    s.take_events();
    s.receive("USR 4 OK alice@example.com 1 0\r\nSBS 0 null\r\n");
  }
  static NsConfig config(int version) {
    NsConfig c;
    c.account = "alice@example.com";
    c.password = "x";
    c.versions = {version};
    return c;
  }
  std::string out() {
    last = s.take_events();
    return s.take_output();
  }
  template <class E>
  std::vector<E> of() const {
    std::vector<E> v;
    for (const auto& e : last)
      if (auto* p = std::get_if<E>(&e)) v.push_back(*p);
    return v;
  }
};

ab::Lists alice_lists() {
  ab::Lists l;
  l.groups = {Group{"a1f1c0de-0001-4000-8000-000000000001", "Friends"}};
  Contact bob;
  bob.email = "bob@example.com";
  bob.nick = "Bob";
  bob.guid = "d8cc4906-8b30-40c0-a3a6-23dce9fbddc3";
  bob.lists = kForwardList | kAllowList | kReverseList;
  bob.groups = {"a1f1c0de-0001-4000-8000-000000000001"};
  Contact carol;
  carol.email = "carol@example.com";
  carol.nick = "carol@example.com";
  carol.lists = kBlockList;
  Contact dave;
  dave.email = "dave@other.org";
  dave.lists = kReverseList | kPendingList;  // nothing of ours: not in the ADL
  l.contacts = {bob, carol, dave};
  l.blp = "BL";
  l.gtc = "N";
  l.own_nick = "Alice Liddell";
  return l;
}

}  // namespace

TEST_CASE("MSNP13 sign-in: no SYN, the address book asked for, then ADL and CHG", "[proto][ns13]") {
  Ns13 n;
  CHECK(n.out().empty());  // no SYN at 13+
  REQUIRE(n.of<ns::AddressBookNeeded>().size() == 1);
  CHECK_FALSE(n.s.signed_in());

  n.s.address_book(alice_lists());
  std::string sent = n.out();
  std::string adl =
      "<ml l=\"1\"><d n=\"example.com\"><c n=\"bob\" l=\"3\" t=\"1\"/>"
      "<c n=\"carol\" l=\"4\" t=\"1\"/></d></ml>";
  CHECK(sent == "ADL 5 " + std::to_string(adl.size()) + "\r\n" + adl + "CHG 6 NLN 0\r\n");
  REQUIRE(n.of<ns::GroupListed>().size() == 1);
  CHECK(n.of<ns::GroupListed>()[0].group.name == "Friends");
  auto listed = n.of<ns::ContactListed>();
  REQUIRE(listed.size() == 3);
  CHECK(listed[0].contact.guid == "d8cc4906-8b30-40c0-a3a6-23dce9fbddc3");
  CHECK(listed[2].contact.lists == (kReverseList | kPendingList));
  REQUIRE(n.of<ns::PrivacySettings>().size() == 1);
  CHECK(n.of<ns::PrivacySettings>()[0].blp == "BL");
  CHECK(n.of<ns::PrivacySettings>()[0].gtc == "N");
  REQUIRE(n.of<ns::SignedIn>().size() == 1);
  CHECK(n.of<ns::SignedIn>()[0].nick == "Alice Liddell");
  CHECK(n.of<ns::SignedIn>()[0].version == 13);
  CHECK(n.s.signed_in());

  n.s.receive("ADL 5 OK\r\nCHG 6 NLN 0\r\n");
  n.out();
  CHECK(n.of<ns::ListAdded>().empty());  // the initial list confirms nothing new
  n.s.address_book(alice_lists());       // once only
  CHECK(n.out().empty());
}

TEST_CASE("MSNP15 sign-in with an empty address book: the empty initial ADL", "[proto][ns13]") {
  Ns13 n(13);
  n.out();
  n.s.address_book(ab::Lists{});
  CHECK(n.out() == "ADL 5 15\r\n<ml l=\"1\"></ml>CHG 6 NLN 0\r\n");
  CHECK(n.of<ns::PrivacySettings>()[0].blp == "AL");
  CHECK(n.of<ns::SignedIn>()[0].nick == "alice@example.com");  // none named: the account
}

TEST_CASE("MSNP13 list changes: ADL/RML of one contact and their confirmations", "[proto][ns13]") {
  Ns13 n;
  n.out();
  n.s.address_book(ab::Lists{});
  n.out();  // ADL 5, CHG 6

  n.s.add_to_lists("dave@example.com", kForwardList | kAllowList);
  CHECK(n.out() == "ADL 7 57\r\n<ml><d n=\"example.com\"><c n=\"dave\" l=\"3\" t=\"1\"/></d></ml>");
  n.s.receive("ADL 7 OK\r\n");
  n.out();
  auto added = n.of<ns::ListAdded>();
  REQUIRE(added.size() == 1);
  CHECK(added[0].list == (kForwardList | kAllowList));
  CHECK(added[0].email == "dave@example.com");

  // The MSNP2-12 calls take the ADL/RML form at 13+.
  Contact carol;
  carol.email = "carol@example.com";
  carol.guid = "b9462c29-11c8-4a27-8395-c21844f4781a";
  n.s.remove_contact(carol);
  n.s.remove_from_list(kAllowList, "bob@example.com");
  n.s.add_to_list(kBlockList, "bob@example.com");
  n.s.remove_from_list(kPendingList, "bob@example.com");  // no RML of PL: nothing sent
  CHECK(n.out() ==
        "RML 8 58\r\n<ml><d n=\"example.com\"><c n=\"carol\" l=\"1\" t=\"1\"/></d></ml>"
        "RML 9 56\r\n<ml><d n=\"example.com\"><c n=\"bob\" l=\"2\" t=\"1\"/></d></ml>"
        "ADL 10 56\r\n<ml><d n=\"example.com\"><c n=\"bob\" l=\"4\" t=\"1\"/></d></ml>");
  n.s.receive("RML 8 OK\r\nRML 9 OK\r\nADL 10 OK\r\n");
  n.out();
  auto removed = n.of<ns::ListRemoved>();
  REQUIRE(removed.size() == 2);
  CHECK(removed[0].list == kForwardList);
  CHECK(removed[0].who == "carol@example.com");
  CHECK(removed[1].list == kAllowList);
  REQUIRE(n.of<ns::ListAdded>().size() == 1);
  CHECK(n.of<ns::ListAdded>()[0].list == kBlockList);

  // An error names the ADL it answers.
  n.s.add_to_lists("nobody@example.com", kForwardList);
  n.out();
  n.s.receive("208 11\r\n");
  n.out();
  auto errors = n.of<ns::Error>();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == 208);
  REQUIRE(errors[0].request);
  CHECK(describe(*errors[0].request) == "ADL FL nobody@example.com");
  CHECK_FALSE(errors[0].fatal);

  // Groups are the address book's: nothing goes to the NS.
  n.s.add_group("Family");
  CHECK(n.out().empty());
  REQUIRE(n.of<ns::Error>().size() == 1);
  CHECK(n.of<ns::Error>()[0].code == 0);

  // GTC closes the connection at 13+: only recorded, and announced.
  n.s.set_prompt("N");
  CHECK(n.out().empty());
  REQUIRE(n.of<ns::PrivacySettings>().size() == 1);
  CHECK(n.of<ns::PrivacySettings>()[0].gtc == "N");
  n.s.set_privacy("BL");  // BLP is still understood
  CHECK(n.out() == "BLP 12 BL\r\n");
}

TEST_CASE("MSNP13 server notices: ADL 0 / RML 0 (someone added/removed you) and NOT",
          "[proto][ns13]") {
  Ns13 n;
  n.out();
  n.s.address_book(ab::Lists{});
  n.out();
  std::string add =
      "<ml><d n=\"example.com\"><c n=\"alice\" t=\"1\" l=\"8\" f=\"Alice%20W\" /></d></ml>";
  n.s.receive("ADL 0 " + std::to_string(add.size()) + "\r\n" + add);
  n.out();
  auto r = n.of<ns::ReverseList>();
  REQUIRE(r.size() == 1);
  CHECK(r[0].email == "alice@example.com");
  CHECK(r[0].nick == "Alice W");
  CHECK(r[0].added);
  CHECK(n.of<ns::ListAdded>().empty());

  std::string rem = "<ml><d n=\"example.com\"><c n=\"alice\" t=\"1\" l=\"8\" /></d></ml>";
  n.s.receive("RML 0 " + std::to_string(rem.size()) + "\r\n" + rem);
  n.out();
  r = n.of<ns::ReverseList>();
  REQUIRE(r.size() == 1);
  CHECK_FALSE(r[0].added);
  CHECK(r[0].nick == "alice@example.com");

  // Another place of ours added someone (FL|AL): the model follows.
  std::string other = "<ml><d n=\"x.org\"><c n=\"zed\" t=\"1\" l=\"3\" /></d></ml>";
  n.s.receive("ADL 0 " + std::to_string(other.size()) + "\r\n" + other);
  n.out();
  REQUIRE(n.of<ns::ListAdded>().size() == 1);
  CHECK(n.of<ns::ListAdded>()[0].email == "zed@x.org");
  CHECK(n.of<ns::ListAdded>()[0].list == (kForwardList | kAllowList));

  n.s.receive("ADL 0 5\r\n<ml><");
  n.out();
  REQUIRE(n.of<ns::ProtocolError>().size() == 1);
  CHECK_FALSE(n.of<ns::ProtocolError>()[0].fatal);
  CHECK(n.s.signed_in());

  std::string note = "<NOTIFICATION id=\"0\"/>";
  n.s.receive("NOT " + std::to_string(note.size()) + "\r\n" + note);
  n.out();
  CHECK(n.of<ns::AddressBookChanged>().size() == 1);
}

TEST_CASE("MSNP12 is unchanged: SYN after USR OK, no address book asked", "[proto][ns13]") {
  NsConfig c = Ns13::config(12);
  NsSession s(c);
  s.start();
  s.receive("VER 1 MSNP12\r\nCVR 2 a b c d e\r\nUSR 3 TWN S ct=1\r\n");
  s.passport_ticket("t=1");
  s.take_output();
  s.receive("USR 4 OK alice@example.com 1 0\r\n");
  CHECK(s.take_output() == "SYN 5 0 0\r\n");
  for (const auto& e : s.take_events())
    CHECK_FALSE(std::holds_alternative<ns::AddressBookNeeded>(e));
}
