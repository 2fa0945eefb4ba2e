// NsSession at MSNP13-18: presence lines in each dialect of the grid, the personal and endpoint
// data it sends, and this account's other places (doc/protocol/ns-presence.md, mpop.md).
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "proto/AbLists.hpp"
#include "proto/NsSession.hpp"

using namespace msntty;

namespace {

const std::string kGuid = "{0d1e2f3a-0000-4000-8000-00000000a11c}";
const std::string kOther = "{a2a2a2a2-0000-4000-8000-000000000002}";

std::string with_payload(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

std::string describe(const ns::Event& e) {
  std::ostringstream o;
  if (auto* p = std::get_if<ns::Presence>(&e))
    o << (p->initial ? "ILN " : "Presence ") << p->email << "|" << status_code(p->status) << "|"
      << p->nick << "|" << p->capabilities;
  else if (auto* m = std::get_if<ns::PersonalMessage>(&e))
    o << "PSM " << m->email << "|" << m->psm;
  else if (auto* pl = std::get_if<ns::OwnPlaces>(&e)) {
    o << "Places";
    for (const auto& place : pl->places)
      o << " " << place.guid << "|" << place.name << "|" << place.capabilities << "|" << place.state
        << (place.this_place ? "|this" : "");
  } else if (auto* out = std::get_if<ns::SignedOut>(&e))
    o << "SignedOut " << out->reason << "|" << out->text << "|"
      << (out->may_retry ? "retry" : "final");
  else if (auto* err = std::get_if<ns::Error>(&e))
    o << "Error " << err->code << "|" << (err->request ? describe(*err->request) : "");
  else if (auto* perr = std::get_if<ns::ProtocolError>(&e))
    o << "ProtocolError " << perr->text;
  else if (auto* st = std::get_if<ns::OwnStatus>(&e))
    o << "OwnStatus " << status_code(st->status);
  else
    o << "other";
  return o.str();
}

struct Ns {
  NsSession s;
  std::vector<ns::Event> last;
  explicit Ns(NsConfig c) : s(std::move(c)) {}
  std::string feed(std::string_view bytes) {
    s.receive(bytes);
    last = s.take_events();
    return s.take_output();
  }
  std::vector<std::string> events() const {
    std::vector<std::string> out;
    for (const auto& e : last) out.push_back(describe(e));
    return out;
  }
};

NsConfig config(int version) {
  NsConfig c;
  c.account = "alice@example.com";
  c.password = "alicepass";
  c.versions = {version};
  c.machine_guid = kGuid;
  c.place_name = "msntty@probe";
  return c;
}

// Signs alice in at `version` with an empty list; returns what the session sent once signed in
// (its first CHG and the UUX that follow it). The login itself is tested elsewhere.
std::string online(Ns& n, int version) {
  n.s.start();
  n.s.take_output();
  n.feed("VER 1 MSNP" + std::to_string(version) + "\r\n");
  n.feed("CVR 2 7.0.0816 7.0.0816 7.0.0816 https://x https://x\r\n");
  n.feed("USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n");
  n.s.passport_ticket("t");
  n.s.take_output();
  std::string out = n.feed("USR 4 OK alice@example.com 1 0\r\n");
  if (version >= 13) {  // the list is on the web: fetched by the app, here empty
    n.s.address_book(ab::Lists{});
    n.last = n.s.take_events();
    out = n.s.take_output();
  } else {
    out = n.feed(
        "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 0 0\r\nGTC A\r\n"
        "BLP AL\r\nPRP MFN Alice\r\n");
  }
  REQUIRE(n.s.signed_in());
  return out.substr(out.find("CHG "));  // from 13 on the initial ADL comes first
}

std::string personal_data(const std::string& psm = "") {
  return "<Data><PSM>" + psm + "</PSM><CurrentMedia></CurrentMedia><MachineGuid>" + kGuid +
         "</MachineGuid></Data>";
}
std::string endpoint_data(const std::string& state) {
  return "<PrivateEndpointData><EpName>msntty@probe</EpName><Idle>false</Idle><ClientType>1"
         "</ClientType><State>" +
         state + "</State></PrivateEndpointData>";
}
std::string uux(int trid, const std::string& payload) {
  return with_payload("UUX " + std::to_string(trid), payload);
}

// The UBX about alice herself at MSNP18 with two places (reference run, shortened).
std::string own_ubx() {
  return "<Data><PSM>on a terminal</PSM><CurrentMedia></CurrentMedia><DDP></DDP><SignatureSound>"
         "</SignatureSound><Scene></Scene><ColorScheme></ColorScheme><EndpointData id=\"" +
         kGuid + "\"><Capabilities>0:1024</Capabilities></EndpointData><EndpointData id=\"" +
         kOther +
         "\"><Capabilities>2789003324:48</Capabilities></EndpointData><PrivateEndpointData id=\"" +
         kGuid +
         "\"><EpName>msntty@probe</EpName><ClientType>1</ClientType><State>NLN</State>"
         "</PrivateEndpointData><PrivateEndpointData id=\"" +
         kOther +
         "\"><EpName>laptop &#x26; co</EpName><ClientType>1</ClientType><State>BSY</State>"
         "</PrivateEndpointData></Data>";
}

}  // namespace

TEST_CASE("ns presence: the first CHG and UUX in each generation", "[ns][presence]") {
  SECTION("MSNP12: the number alone, no UUX without a personal message") {
    Ns n(config(12));
    CHECK(online(n, 12) == "CHG 6 NLN 0\r\n");
  }
  SECTION("MSNP13: UUX with the machine GUID, even with no personal message") {
    Ns n(config(13));
    CHECK(online(n, 13) == "CHG 6 NLN 0\r\n" + uux(7, personal_data()));
  }
  SECTION("MSNP16 and 18: caps:capsex without P2P version 2, then this place's data") {
    int v = GENERATE(16, 18);
    Ns n(config(v));
    CHECK(online(n, v) ==
          "CHG 6 NLN 0:1024 0\r\n" + uux(7, personal_data()) + uux(8, endpoint_data("NLN")));
    n.feed("CHG 6 NLN 0:1024 0\r\nUUX 7 0\r\nUUX 8 0\r\n");
    CHECK(n.events() == std::vector<std::string>{"OwnStatus NLN"});
    // A status change goes to the place's State as well.
    n.s.set_status(Status::Busy);
    CHECK(n.s.take_output() == "CHG 9 BSY 0:1024 0\r\n" + uux(10, endpoint_data("BSY")));
    n.s.set_psm("a<b & c");
    CHECK(n.s.take_output() == uux(11, personal_data("a&lt;b &amp; c")));
  }
}

TEST_CASE("ns presence: ILN, NLN and FLN in every dialect", "[ns][presence]") {
  struct Row {
    int version;
    std::string iln, nln, fln;
  };
  Row row = GENERATE(Row{13, "ILN 6 NLN bob@example.com Bob 1342177280 0",
                         "NLN BSY bob@example.com Bob%20B 0 0", "FLN bob@example.com"},
                     Row{14, "ILN 6 NLN bob@example.com 1 Bob 1342177280 0",
                         "NLN BSY bob@example.com 1 Bob%20B 0 0", "FLN bob@example.com 1 0"},
                     Row{15, "ILN 6 NLN bob@example.com 1 Bob 1342177280 %3Cmsnobj%2F%3E",
                         "NLN BSY bob@example.com 1 Bob%20B 0 0", "FLN bob@example.com 1 0"},
                     Row{16, "ILN 6 NLN bob@example.com 1 Bob 1342177280:48 0",
                         "NLN BSY bob@example.com 1 Bob%20B 0:0 0", "FLN bob@example.com 1 0:0"},
                     Row{17, "ILN 6 NLN bob@example.com 1 Bob 1342177280:48 0",
                         "NLN BSY bob@example.com 1 Bob%20B 0:0 0", "FLN bob@example.com 1 0:0"},
                     Row{18, "NLN NLN 1:bob@example.com Bob 1342177280:48 %3Cmsnobj%2F%3E",
                         "NLN BSY 1:bob@example.com Bob%20B 0:0 0", "FLN 1:bob@example.com 0:0"});
  Ns n(config(row.version));
  online(n, row.version);
  n.feed(row.iln + "\r\n");
  CHECK(n.events() == std::vector<std::string>{(row.version == 18 ? "Presence " : "ILN ") +
                                               std::string("bob@example.com|NLN|Bob|1342177280")});
  n.feed(row.nln + "\r\n");
  CHECK(n.events() == std::vector<std::string>{"Presence bob@example.com|BSY|Bob B|0"});
  n.feed(row.fln + "\r\n");
  CHECK(n.events() == std::vector<std::string>{"Presence bob@example.com|FLN||0"});
  // A nick that is all digits is a nick, not a network id, where the dialect has none.
  if (row.version == 13) {
    n.feed("NLN NLN bob@example.com 1 0 0\r\n");
    CHECK(n.events() == std::vector<std::string>{"Presence bob@example.com|NLN|1|0"});
  }
}

TEST_CASE("ns presence: NLN FLN is offline; our own NLN and FLN make no contact",
          "[ns][presence]") {
  Ns n(config(18));
  online(n, 18);
  // What a watcher at 18 sees when an MSNP15 sign-in of bob's ends his MSNP18 places.
  n.feed("NLN FLN 1:bob@example.com Bob 0:0 0\r\n");
  CHECK(n.events() == std::vector<std::string>{"Presence bob@example.com|FLN|Bob|0"});
  n.feed(
      "NLN BSY 1:alice@example.com Alice 0:1024 0\r\nNLN NLN 1:ALICE@example.com A 0:0 0\r\n"
      "FLN 1:alice@example.com 0:0\r\n");
  CHECK(n.events().empty());
  n.feed("ILN 6 FLN bob@example.com 1 Bob 0 0\r\n");
  CHECK(n.events() == std::vector<std::string>{"ProtocolError malformed ILN from server ignored"});
}

TEST_CASE("ns presence: UBX personal messages at 13-18, re-escaped text", "[ns][presence]") {
  SECTION("MSNP13: & as a character reference") {
    Ns n(config(13));
    online(n, 13);
    n.feed(with_payload("UBX bob@example.com",
                        "<Data><PSM>fish &#x26; chips</PSM><CurrentMedia></CurrentMedia>"
                        "<MachineGuid>{x}</MachineGuid></Data>"));
    CHECK(n.events() == std::vector<std::string>{"PSM bob@example.com|fish & chips"});
  }
  SECTION("MSNP16: the network id, and < > = \\ as references") {
    Ns n(config(16));
    online(n, 16);
    n.feed(with_payload("UBX bob@example.com 1",
                        "<Data><PSM>a&#x3C;b&#x3E; x&#x3D;1 c:&#x5C;</PSM><CurrentMedia>"
                        "</CurrentMedia><SignatureSound></SignatureSound><EndpointData id=\"{b}\">"
                        "<Capabilities>0:0</Capabilities></EndpointData></Data>"));
    CHECK(n.events() == std::vector<std::string>{"PSM bob@example.com|a<b> x=1 c:\\"});
  }
  SECTION("MSNP18: 1:email; an empty UBX clears") {
    Ns n(config(18));
    online(n, 18);
    n.feed(with_payload("UBX 1:bob@example.com", "<Data><PSM>  spaced  </PSM></Data>"));
    CHECK(n.events() == std::vector<std::string>{"PSM bob@example.com|  spaced  "});
    n.feed("UBX 1:bob@example.com 0\r\n");
    CHECK(n.events() == std::vector<std::string>{"PSM bob@example.com|"});
    // Cut short: what the text holds is still read.
    n.feed(with_payload("UBX 1:bob@example.com", "<Data><PSM>half</PSM><Curr"));
    CHECK(n.events() == std::vector<std::string>{"PSM bob@example.com|half"});
  }
}

TEST_CASE("ns places: the UBX about ourselves lists our places", "[ns][mpop]") {
  Ns n(config(18));
  online(n, 18);
  n.feed("UBX 1:alice@example.com 0\r\n");  // the empty one right after USR OK
  CHECK(n.events() == std::vector<std::string>{"Places"});
  n.feed(with_payload("UBX 1:alice@example.com", own_ubx()));
  CHECK(n.events() ==
        std::vector<std::string>{"Places " + kGuid + "|msntty@probe|0:1024|NLN|this " + kOther +
                                 "|laptop & co|2789003324:48|BSY"});
  REQUIRE(n.s.places().size() == 2);
  CHECK(n.s.places()[1].name == "laptop & co");
  // At 15 and below the account has one place: such a UBX is only a personal message, and ours
  // is not shown as a contact's.
  Ns old(config(15));
  online(old, 15);
  old.feed(with_payload("UBX alice@example.com 1", own_ubx()));
  CHECK(old.events().empty());
  CHECK(old.s.places().empty());
}

TEST_CASE("ns places: signing another place out, and being signed out", "[ns][mpop]") {
  Ns n(config(18));
  online(n, 18);
  n.feed(with_payload("UBX 1:alice@example.com", own_ubx()));
  SECTION("UUN to one place") {
    CHECK(n.s.sign_out_place(kOther));
    CHECK(n.s.take_output() == "UUN 9 alice@example.com;" + kOther + " 4 14\r\ngoawyplzthxbye");
    n.feed("UUN 9 OK\r\n");
    CHECK(n.events().empty());
    CHECK_FALSE(n.s.sign_out_place(kGuid));  // this place: /quit is for that
    CHECK_FALSE(n.s.sign_out_place(""));
    CHECK(n.s.take_output().empty());
    n.s.sign_out_place(kOther);
    n.s.take_output();
    n.feed("217 10\r\n");  // refused while we appear offline
    CHECK(n.events() == std::vector<std::string>{"Error 217|UUN"});
    CHECK(n.s.signed_in());
  }
  SECTION("UBN from another place of ours: OUT and a final sign-out naming it") {
    CHECK(n.feed(with_payload("UBN alice@example.com;" + kOther + " 4", "goawyplzthxbye")) ==
          "OUT\r\n");
    CHECK(n.events() ==
          std::vector<std::string>{
              "SignedOut other_place|signed out from another place (laptop & co)|final"});
    CHECK(n.s.wants_close());
  }
  SECTION("UBN we caused, from someone else, or of another type: ignored") {
    n.feed(with_payload("UBN alice@example.com;" + kGuid + " 4", "goawyplzthxbye"));
    n.feed(with_payload("UBN bob@example.com;{b} 4", "goawyplzthxbye"));
    n.feed(with_payload("UBN alice@example.com;" + kOther + " 3", "goawyplzthxbye"));
    n.feed(with_payload("UBN alice@example.com;" + kOther + " 4", "<SNM/>"));
    CHECK(n.events().empty());
    CHECK(n.s.signed_in());
  }
  SECTION("UBN from a place not listed yet names its GUID") {
    n.feed(with_payload("UBN alice@example.com;{c3} 4", "goawyplzthxbye-nomorempop"));
    CHECK(n.events() == std::vector<std::string>{
                            "SignedOut other_place|signed out from another place ({c3})|final"});
  }
}

TEST_CASE("ns places: below MSNP16 there are none, and OUT OTH says why", "[ns][mpop]") {
  Ns n(config(15));
  online(n, 15);
  CHECK_FALSE(n.s.sign_out_place(kOther));
  CHECK(n.s.take_output().empty());
  CHECK(n.s.switchboard_id() == "alice@example.com");
  n.feed("OUT OTH\r\n");
  REQUIRE(n.last.size() == 1);
  auto& out = std::get<ns::SignedOut>(n.last[0]);
  CHECK(out.reason == "other_login");
  CHECK_FALSE(out.may_retry);
  CHECK(out.text.find("another place") != std::string::npos);
  CHECK(out.text.find("MSNP16") != std::string::npos);

  Ns m(config(18));
  online(m, 18);
  CHECK(m.s.switchboard_id() == "alice@example.com;" + kGuid);
  m.feed("OUT OTH\r\n");
  CHECK(std::get<ns::SignedOut>(m.last[0]).text.find("MSNP15 or below") != std::string::npos);
}
