// NsSession list management (NsLists.cpp): the exact lines for each version, replies matched to
// their typed request, and commands with a bad e-mail refused before they reach the wire.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proto/NsSession.hpp"

using namespace msntty;

namespace {

struct Ns {
  NsSession s;
  std::vector<ns::Event> last;

  explicit Ns(int version, std::string account = "alice@example.com")
      : s(make_config(version, account)) {
    s.start();
    if (version >= 8) {
      s.receive("VER 1 MSNP" + std::to_string(version) +
                "\r\nCVR 2 a b c d e\r\nUSR 3 TWN S ct=1\r\n");
      s.passport_ticket("t=1");
      s.receive("USR 4 OK " + account +
                " 1 0\r\nSYN 5 a b 0 0\r\nGTC A\r\nBLP AL\r\nPRP MFN Alice\r\n");
    } else {
      s.receive("VER 1 MSNP7\r\nINF 2 MD5\r\nUSR 3 MD5 S 1\r\nUSR 4 OK " + account +
                " Alice 1\r\n"
                "SYN 5 1\r\nGTC 5 1 A\r\nBLP 5 1 AL\r\nLSG 5 1 1 1 0 Other%20Contacts 0\r\n"
                "LST 5 FL 1 0 0\r\nLST 5 AL 1 0 0\r\nLST 5 BL 1 0 0\r\nLST 5 RL 1 0 0\r\n");
    }
    REQUIRE(s.signed_in());
    s.take_events();
    s.take_output();  // CHG 6: the next TrID is 7
  }
  static NsConfig make_config(int version, const std::string& account) {
    NsConfig c;
    c.account = account;
    c.password = "x";
    c.versions = {version};
    return c;
  }
  std::string out() {
    last = s.take_events();
    return s.take_output();
  }
  std::string feed(std::string_view bytes) {
    s.receive(bytes);
    return out();
  }
};

Contact bob() {
  Contact c;
  c.email = "bob@example.com";
  c.nick = "Bob B";
  c.guid = "d8cc4906-8b30-40c0-a3a6-23dce9fbddc3";
  return c;
}

const std::string kGroup = "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d";

const ns::Error& only_error(const Ns& n) {
  REQUIRE(n.last.size() == 1);
  REQUIRE(std::holds_alternative<ns::Error>(n.last[0]));
  return std::get<ns::Error>(n.last[0]);
}

}  // namespace

TEST_CASE("ns lists: MSNP7 lines", "[ns][lists]") {
  Ns n(7);
  n.s.add_contact("bob@example.com", "");
  CHECK(n.out() == "ADD 7 FL bob@example.com bob@example.com\r\n");
  n.s.add_contact("bob@example.com", "2");
  CHECK(n.out() == "ADD 8 FL bob@example.com bob@example.com 2\r\n");
  n.s.remove_contact(bob());
  CHECK(n.out() == "REM 9 FL bob@example.com\r\n");
  n.s.add_to_list(kAllowList, "bob@example.com");
  CHECK(n.out() == "ADD 10 AL bob@example.com bob@example.com\r\n");
  n.s.remove_from_list(kBlockList, "bob@example.com");
  CHECK(n.out() == "REM 11 BL bob@example.com\r\n");
  n.s.add_to_group(bob(), "2");
  CHECK(n.out() == "ADD 12 FL bob@example.com Bob%20B 2\r\n");
  n.s.remove_from_group(bob(), "2");
  CHECK(n.out() == "REM 13 FL bob@example.com 2\r\n");
  n.s.add_group("Old Friends");
  CHECK(n.out() == "ADG 14 Old%20Friends 0\r\n");
  n.s.rename_group("2", "Pals");
  CHECK(n.out() == "REG 15 2 Pals 0\r\n");
  n.s.remove_group("2");
  CHECK(n.out() == "RMG 16 2\r\n");
  n.s.set_privacy("BL");
  CHECK(n.out() == "BLP 17 BL\r\n");
  n.s.set_prompt("N");
  CHECK(n.out() == "GTC 18 N\r\n");
  CHECK(n.last.empty());
}

TEST_CASE("ns lists: MSNP12 lines, and the group a new contact goes to", "[ns][lists]") {
  Ns n(12);
  n.s.add_contact("bob@example.com", kGroup);
  CHECK(n.out() == "ADC 7 FL N=bob@example.com F=bob@example.com\r\n");
  // The reply hands out the GUID; the group membership follows with it.
  CHECK(n.feed("ADC 7 FL N=bob@example.com F=bob@example.com C=" + bob().guid + "\r\n") ==
        "ADC 8 FL C=" + bob().guid + " " + kGroup + "\r\n");
  n.s.add_contact("carol@example.com", "");
  CHECK(n.out() == "ADC 9 FL N=carol@example.com F=carol@example.com\r\n");
  CHECK(
      n.feed("ADC 9 FL N=carol@example.com F=carol@example.com C=" + bob().guid + "\r\n").empty());
  n.s.remove_contact(bob());
  CHECK(n.out() == "REM 10 FL " + bob().guid + "\r\n");
  n.s.add_to_list(kBlockList, "bob@example.com");
  CHECK(n.out() == "ADC 11 BL N=bob@example.com\r\n");
  n.s.remove_from_list(kPendingList, "bob@example.com");
  CHECK(n.out() == "REM 12 PL bob@example.com\r\n");
  n.s.remove_from_group(bob(), kGroup);
  CHECK(n.out() == "REM 13 FL " + bob().guid + " " + kGroup + "\r\n");
  n.s.add_group("Old Friends");
  CHECK(n.out() == "ADG 14 Old%20Friends\r\n");
  n.s.rename_group(kGroup, "Pals");
  CHECK(n.out() == "REG 15 " + kGroup + " Pals\r\n");
}

TEST_CASE("ns lists: server errors name the typed request", "[ns][lists]") {
  Ns n(12);
  n.s.add_to_list(kAllowList, "bob@example.com");
  n.s.add_to_group(bob(), kGroup);
  n.s.add_group("Pals");
  CHECK(n.out() == "ADC 7 AL N=bob@example.com\r\nADC 8 FL C=" + bob().guid + " " + kGroup +
                       "\r\nADG 9 Pals\r\n");
  n.feed("215 7\r\n");
  const ns::Error& e = only_error(n);
  CHECK(e.code == 215);
  CHECK_FALSE(e.fatal);
  REQUIRE(e.request);
  CHECK(*e.request == Request{Op::AddToList, "bob@example.com", kAllowList});
  CHECK(describe(*e.request) == "ADD AL bob@example.com");
  n.feed("224 8\r\n");
  REQUIRE(only_error(n).request);
  CHECK(only_error(n).request->op == Op::AddToGroup);
  CHECK(only_error(n).request->group == kGroup);
  CHECK(describe(*only_error(n).request) == "ADD bob@example.com to a group");
  n.feed("229 9\r\n");
  CHECK(describe(*only_error(n).request) == "ADG Pals");
  // Answered once: the same TrID again matches nothing.
  n.feed("215 7\r\n");
  CHECK_FALSE(only_error(n).request);
}

TEST_CASE("ns lists: a bad e-mail never reaches the wire", "[ns][lists]") {
  const std::string bad[] = {"bob x@example.com",
                             "bob@example.com\r\nOUT",
                             "bob@example.com\n",
                             "\r\nCHG 9 FLN",
                             std::string("bob\0@example.com", 16),
                             "bob\x1b[2J@example.com",
                             "bob\x7f@example.com",
                             ""};
  for (int version : {7, 12}) {
    for (const std::string& email : bad) {
      INFO("MSNP" << version << ", e-mail of " << email.size() << " bytes");
      Ns n(version);
      auto refused = [&](const char* what) {
        INFO(what);
        CHECK(n.out().empty());
        const ns::Error& e = only_error(n);
        CHECK(e.code == 0);
        CHECK_FALSE(e.fatal);
        CHECK(e.text.find(" not sent: argument ") != std::string::npos);
        CHECK(e.text.find('\r') == std::string::npos);
        CHECK(e.text.find('\n') == std::string::npos);
        CHECK(e.text.find('\x1b') == std::string::npos);
        REQUIRE(e.request);
        CHECK(e.request->contact == email);
        CHECK(n.s.signed_in());
      };
      n.s.add_contact(email, "");
      refused("add_contact");
      n.s.add_to_list(kAllowList, email);
      refused("add_to_list");
      n.s.remove_from_list(kBlockList, email);
      refused("remove_from_list");
      Contact c = bob();
      c.email = email;
      c.guid.clear();  // MSNP10+ without a GUID yet: the e-mail, or "C=" alone, is refused too
      n.s.remove_contact(c);
      refused("remove_contact");
      n.s.add_to_group(c, "2");
      refused("add_to_group");
      n.s.remove_from_group(c, "2");
      refused("remove_from_group");
      // No TrID was used up by the refused commands.
      n.s.add_to_list(kAllowList, "bob@example.com");
      CHECK(n.out().starts_with(version >= 10 ? "ADC 7 AL " : "ADD 7 AL "));
    }
  }
}

TEST_CASE("ns lists: empty group ids and names are refused", "[ns][lists]") {
  Ns n(12);
  n.s.add_group("");
  CHECK(n.out().empty());
  CHECK(only_error(n).text == "ADG not sent: argument 1 (\"\") is empty");
  CHECK(only_error(n).request->op == Op::AddGroup);
  n.s.remove_group("");
  CHECK(n.out().empty());
  CHECK(only_error(n).request->op == Op::RemoveGroup);
  n.s.rename_group("", "Pals");
  CHECK(n.out().empty());
  n.s.add_to_group(bob(), "");
  CHECK(n.out().empty());
  CHECK(only_error(n).request->op == Op::AddToGroup);
  n.s.set_privacy("");
  CHECK(n.out().empty());
  CHECK(only_error(n).request->op == Op::Privacy);
}

TEST_CASE("ns lists: a nickname too long for one line is refused, not cut", "[ns][lists]") {
  Ns n(12);
  n.s.set_nick(std::string(CommandWriter::kMaxLine, 'n'));
  CHECK(n.out().empty());
  CHECK(only_error(n).text == "PRP not sent: the line would be longer than 4096 bytes");
  CHECK(only_error(n).request->op == Op::Property);
  n.s.set_nick("Alice");
  CHECK(n.out() == "PRP 7 MFN Alice\r\n");
}

TEST_CASE("ns lists: a bad account stops the login with a clear error", "[ns][lists]") {
  SECTION("MSNP12: CVR carries it") {
    NsConfig c = Ns::make_config(12, "alice @example.com");
    NsSession s(c);
    s.start();
    CHECK(s.take_output() == "VER 1 MSNP12 CVR0\r\n");
    s.receive("VER 1 MSNP12\r\n");
    CHECK(s.take_output().empty());
    auto ev = s.take_events();
    REQUIRE(ev.size() == 2);  // VersionChosen, then the error
    auto& e = std::get<ns::Error>(ev[1]);
    CHECK(e.fatal);
    CHECK(e.text == "CVR not sent: argument 8 (\"alice @example.com\") holds a space");
    CHECK(e.request->op == Op::ClientVersion);
    CHECK(s.wants_close());
  }
  SECTION("MSNP7: USR carries it") {
    NsSession s(Ns::make_config(7, "alice@example.com\r\nOUT"));
    s.start();
    s.receive("VER 1 MSNP7\r\n");
    CHECK(s.take_output() == "VER 1 MSNP7 CVR0\r\nINF 2\r\n");
    s.receive("INF 2 MD5\r\n");
    CHECK(s.take_output().empty());
    auto ev = s.take_events();
    REQUIRE_FALSE(ev.empty());
    auto& e = std::get<ns::Error>(ev.back());
    CHECK(e.fatal);
    CHECK(describe(*e.request) == "USR");
    CHECK(s.wants_close());
  }
  SECTION("a client_version with a space") {
    NsConfig c = Ns::make_config(9, "alice@example.com");
    c.client_version = "7.0 beta";
    NsSession s(c);
    s.start();
    s.receive("VER 1 MSNP9\r\n");
    CHECK(s.take_output() == "VER 1 MSNP9 CVR0\r\n");
    CHECK(s.wants_close());
  }
}
