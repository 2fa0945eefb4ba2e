// app/AddressBook against an in-test plain HTTP server on loopback answering with the test
// server's recorded documents (tests/data/wlm): the calls of each job in order, one at a time,
// the NS half (ADL/RML) after each success, the first failure ending its job with an error.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <deque>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/AddressBook.hpp"
#include "helpers/Loop.hpp"
#include "helpers/SoapStub.hpp"
#include "net/Listener.hpp"
#include "net/Resolver.hpp"
#include "proto/NsSession.hpp"

using namespace msntty;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in("tests/data/wlm/" + name, std::ios::binary);
  INFO("cannot read tests/data/wlm/" << name << " (run from the repository root)");
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  net::Reactor reactor;
  net::Resolver resolver{reactor, net::Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  net::HttpClient http{reactor, resolver};
  test::SoapStub server{reactor};
  Settings settings;
  NsSession ns{config()};
  std::vector<ns::Event> applied;
  std::unique_ptr<AddressBook> book;

  Fixture() {
    // No service URL of their own: they derive from the web base.
    REQUIRE_FALSE(settings.set("web_base", server.base()));
    sign_in();
    AddressBook::Hooks hooks;
    hooks.session = [this]() -> NsSession* { return &ns; };
    hooks.apply = [this](ns::Event& e) { applied.push_back(e); };
    book = std::make_unique<AddressBook>(reactor, http, settings, "alice@example.com",
                                         "t=0123456789abcdef0123&p=", std::move(hooks));
  }
  static NsConfig config() {
    NsConfig c;
    c.account = "alice@example.com";
    c.password = "x";
    c.versions = {13};
    return c;
  }
  void sign_in() {
    ns.start();
    ns.receive("VER 1 MSNP13\r\nCVR 2 a b c d e\r\nUSR 3 TWN S ct=1\r\n");
    ns.passport_ticket("t=1&p=");
    ns.receive("USR 4 OK alice@example.com 1 0\r\n");
    ns.address_book(ab::Lists{});
    REQUIRE(ns.signed_in());
    ns.take_output();  // ADL 5, CHG 6: the next TrID is 7
    ns.take_events();
  }
  void answer(int status, const std::string& body) { server.answer(status, body); }
  bool run_all() {
    return run_until(reactor, [this] { return book->idle() && server.replies_left() == 0; });
  }
  std::vector<std::string> actions() const {
    std::vector<std::string> out;
    for (const auto& a : server.asked()) {
      std::string m = a.action.substr(a.action.rfind('/') + 1);
      out.push_back(m.substr(0, m.size() - 1));  // the closing quote
    }
    return out;
  }
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& e : applied)
      if (auto* err = std::get_if<ns::Error>(&e)) out.push_back(err->text);
    return out;
  }
};

}  // namespace

TEST_CASE("AddressBook: the sign-in fetch, FindMembership then ABFindAll", "[app][abook]") {
  Fixture f;
  f.answer(200, fixture("findmembership-response.xml"));
  f.answer(200, fixture("abfindall-response.xml"));
  std::optional<Result<ab::Lists>> got;
  f.book->fetch([&](Result<ab::Lists> r) { got.emplace(std::move(r)); });
  REQUIRE(f.run_all());
  REQUIRE(got);
  REQUIRE(*got);
  CHECK((*got)->contacts.size() == 3);
  CHECK((*got)->own_nick == "Alice Liddell");
  REQUIRE(f.server.asked().size() == 2);
  CHECK(f.server.asked()[0].path == "/abservice/SharingService.asmx");
  CHECK(f.server.asked()[1].path == "/abservice/abservice.asmx");
  CHECK(f.actions() == std::vector<std::string>{"FindMembership", "ABFindAll"});
  CHECK(f.server.asked()[0].body.find("<TicketToken>t=0123456789abcdef0123&amp;p=</TicketToken>") !=
        std::string::npos);
}

TEST_CASE("AddressBook: a fault at sign-in stops the fetch with the service's words",
          "[app][abook]") {
  Fixture f;
  f.answer(200, fixture("findmembership-deltas-response.xml"));  // a fault with HTTP 200
  std::optional<Result<ab::Lists>> got;
  f.book->fetch([&](Result<ab::Lists> r) { got.emplace(std::move(r)); });
  REQUIRE(f.run_all());
  REQUIRE(got);
  REQUIRE_FALSE(*got);
  CHECK(got->error().text.starts_with("FindMembership failed: FullSyncRequired"));
  CHECK(f.server.asked().size() == 1);  // no ABFindAll after it
  CHECK(f.errors().empty());            // the fetch's caller reports it
}

TEST_CASE("AddressBook: /block is DeleteMember Allow, AddMember Block, then RML AL, ADL BL",
          "[app][abook]") {
  Fixture f;
  f.answer(200, fixture("deletemember-response.xml"));
  f.answer(200, fixture("addmember-response.xml"));
  f.book->move_between("carol@example.com", kAllowList, kBlockList, true, false);
  REQUIRE(f.run_all());
  CHECK(f.actions() == std::vector<std::string>{"DeleteMember", "AddMember"});
  CHECK(f.server.asked()[0].body.find("<MemberRole>Allow</MemberRole>") != std::string::npos);
  CHECK(f.server.asked()[1].body.find("<MemberRole>Block</MemberRole>") != std::string::npos);
  CHECK(f.ns.take_output() ==
        "RML 7 58\r\n<ml><d n=\"example.com\"><c n=\"carol\" l=\"2\" t=\"1\"/></d></ml>"
        "ADL 8 58\r\n<ml><d n=\"example.com\"><c n=\"carol\" l=\"4\" t=\"1\"/></d></ml>");
  CHECK(f.errors().empty());
}

TEST_CASE("AddressBook: the first failure ends its job; the next job runs", "[app][abook]") {
  Fixture f;
  f.answer(200, fixture("addmember-allow-response.xml"));
  f.answer(500, "");  // DeleteMember Pending: a bare HTTP 500
  f.answer(200, fixture("abgroupadd-response.xml"));
  f.book->move_between("dave@example.com", kBlockList, kAllowList, false, true);
  f.book->add_group("Family");
  REQUIRE(f.run_all());
  CHECK(f.actions() == std::vector<std::string>{"AddMember", "DeleteMember", "ABGroupAdd"});
  CHECK(f.ns.take_output() ==
        "ADL 7 57\r\n<ml><d n=\"example.com\"><c n=\"dave\" l=\"2\" t=\"1\"/></d></ml>");
  CHECK(f.errors() == std::vector<std::string>{"DeleteMember failed: HTTP 500"});
  bool group = false, pending_cleared = false;
  for (const auto& e : f.applied) {
    if (auto* g = std::get_if<ns::GroupAdded>(&e)) group = g->group.name == "Family";
    if (auto* r = std::get_if<ns::ListRemoved>(&e)) pending_cleared |= r->list == kPendingList;
  }
  CHECK(group);
  CHECK_FALSE(pending_cleared);  // the server said no: the model keeps PL
}

TEST_CASE("AddressBook: /add with a group is ABContactAdd, ADL, then ABGroupContactAdd",
          "[app][abook]") {
  Fixture f;
  std::string added = fixture("abcontactadd-response.xml");
  f.answer(200, added);
  f.answer(200, fixture("abgroupcontactadd-response.xml"));
  f.book->add_contact("dave@example.com", "a1f1c0de-0002-4000-8000-000000000002",
                      kForwardList | kAllowList);
  REQUIRE(f.run_all());
  CHECK(f.actions() == std::vector<std::string>{"ABContactAdd", "ABGroupContactAdd"});
  auto guid = ab::read_guid(200, added, "ABContactAdd");
  REQUIRE(guid);
  CHECK(f.server.asked()[1].body.find("<contactId>" + *guid + "</contactId>") != std::string::npos);
  CHECK(f.ns.take_output() ==
        "ADL 7 57\r\n<ml><d n=\"example.com\"><c n=\"dave\" l=\"3\" t=\"1\"/></d></ml>");
  std::vector<std::string> groups;
  for (const auto& e : f.applied)
    if (auto* a = std::get_if<ns::ListAdded>(&e)) {
      CHECK(a->guid == *guid);
      groups.push_back(a->group);
    }
  CHECK(groups == std::vector<std::string>{"", "a1f1c0de-0002-4000-8000-000000000002"});
}
