// /locations against a fake CommandServices and a real NsSession signed in at MSNP18 that has
// heard the UBX about our own account: the list shown, the places event, the UUN sent.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/CommandRunner.hpp"
#include "app/PlaceCommands.hpp"
#include "helpers/FakeCommandServices.hpp"
#include "proto/AbLists.hpp"
#include "proto/NsSession.hpp"

using namespace msntty;
using msntty::test::FakeCommandServices;

namespace {

const std::string kGuid = "{0d1e2f3a-0000-4000-8000-00000000a11c}";
const std::string kOther = "{a2a2a2a2-0000-4000-8000-000000000002}";

std::string with_payload(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

struct Places {
  NsSession ns;
  FakeCommandServices services;
  CommandTable table;
  CommandRunner runner{table, services};

  explicit Places(int version) : ns(config(version)) {
    register_place_commands(table, services);
    // Signed in with an empty list (the login is NsSession's tests' business).
    ns.start();
    for (std::string line :
         {"VER 1 MSNP" + std::to_string(version) + "\r\n",
          std::string("CVR 2 7.0.0816 7.0.0816 7.0.0816 https://x https://x\r\n"),
          std::string("USR 3 TWN S ct=1\r\n")})
      ns.receive(line);
    ns.passport_ticket("t");
    ns.receive("USR 4 OK alice@example.com 1 0\r\n");
    ns.address_book(ab::Lists{});  // MSNP13+: the list is on the web, here empty
    REQUIRE(ns.signed_in());
    ns.take_output();
    ns.take_events();
    services.ns = &ns;
  }
  static NsConfig config(int version) {
    NsConfig c;
    c.account = "alice@example.com";
    c.versions = {version};
    c.machine_guid = kGuid;
    c.place_name = "msntty@probe";
    return c;
  }
  void two_places() {
    ns.receive(with_payload(
        "UBX 1:alice@example.com",
        "<Data><PSM></PSM><EndpointData id=\"" + kGuid +
            "\"><Capabilities>0:1024</Capabilities></EndpointData><EndpointData id=\"" + kOther +
            "\"><Capabilities>0:0</Capabilities></EndpointData><PrivateEndpointData id=\"" + kGuid +
            "\"><EpName>msntty@probe</EpName><State>NLN</State></PrivateEndpointData>"
            "<PrivateEndpointData id=\"" +
            kOther + "\"><EpName>laptop</EpName><State>BSY</State></PrivateEndpointData></Data>"));
    ns.take_events();
  }
  std::vector<std::string> run(std::string_view line) {
    services.done.clear();
    services.events.clear();
    runner.execute(line, CommandSource::User);
    return services.done;
  }
};

}  // namespace

TEST_CASE("/locations lists this account's places, this one marked", "[app][commands][mpop]") {
  Places p(18);
  p.two_places();
  CHECK(p.run("/locations") ==
        std::vector<std::string>{"notice: this account is signed in at 2 places:",
                                 "notice:   1. msntty@probe (online) " + kGuid + ", this place",
                                 "notice:   2. laptop (busy) " + kOther});
  REQUIRE(p.services.events.size() == 1);
  auto& e = std::get<ev::Places>(p.services.events[0]);
  REQUIRE(e.places.size() == 2);
  CHECK(e.places[0].this_place);
  CHECK(e.places[1].name == "laptop");
  CHECK(e.places[1].status == "busy");
}

TEST_CASE("/locations signout: by number, GUID, name or all others", "[app][commands][mpop]") {
  Places p(18);
  p.two_places();
  const std::string uun = " alice@example.com;" + kOther + " 4 14\r\ngoawyplzthxbye";
  std::string id = GENERATE(std::string("2"), std::string("others"), std::string("laptop"),
                            std::string("A2A2A2A2-0000-4000-8000-000000000002"));
  CHECK(p.run("/locations signout " + id) ==
        std::vector<std::string>{"notice: asked laptop to sign out"});
  CHECK(p.ns.take_output() == "UUN 9" + uun);
}

TEST_CASE("/locations signout refuses this place, unknown ones and old protocols",
          "[app][commands][mpop]") {
  Places p(18);
  p.two_places();
  CHECK(p.run("/locations signout 1") ==
        std::vector<std::string>{"error: /locations signout: 1 is this place (use /quit)"});
  CHECK(p.run("/locations signout 3") ==
        std::vector<std::string>{"error: /locations signout: no place 3 (see /locations)"});
  CHECK(p.ns.take_output().empty());
  Places old(15);
  CHECK(old.run("/locations")[0].starts_with("notice: several places at once need MSNP16"));
  CHECK(old.run("/locations signout others") ==
        std::vector<std::string>{
            "error: /locations signout: several places at once need MSNP16 or later"});
}
