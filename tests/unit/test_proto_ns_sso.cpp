// NsSession at MSNP13-18 (doc/protocol/ns-sso.md): the WLM client version, TWN at 13-14, SSO at
// 15+ with the response blob (and the machine GUID at 16+), the unannounced GCF policy payload,
// and no SYN after USR OK (the address book instead: test_proto_ns_address_book.cpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proto/NsSession.hpp"
#include "proto/SsoBlob.hpp"

using namespace msntty;

namespace {

const std::string kGuid = "{0D1E2F3A-0000-4000-8000-00000000A11C}";
// From MSNP13 on the first CHG is followed by the personal UUX carrying the machine GUID.
const std::string kPersonalUux =
    "UUX 7 118\r\n<Data><PSM></PSM><CurrentMedia></CurrentMedia><MachineGuid>" + kGuid +
    "</MachineGuid></Data>";
const std::string kNonce = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v";
const std::string kSecret = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
const std::string kIv = "\x01\x23\x45\x67\x89\xab\xcd\xef";
const std::string kBlob =
    "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAAEjRWeJq83visLUw7OQDVEuB5SOlpaAK7pz0BNOHZ7vvmeSD6tg"
    "EsPSkZnhjmYnoDzPqJR3EybGvoNn1uUDYE52DK6/F4SDiSWUR1sKVVLWHRA/YFy08JsALGDh3dHltd647mk=";
const std::string kTicket = "t=0123456789abcdef0123&p=";
// A policy document as Escargot sends it after USR SSO I / TWN I, unannounced (shortened).
const std::string kPolicies =
    "<Policies><Policy type=\"SHIELDS\"><config><shield><cli maj=\"7\" min=\"0\" minbld=\"0\" "
    "maxbld=\"9999\" deny=\" \" /></shield></config></Policy></Policies>";

struct Ns {
  NsSession s;
  std::vector<ns::Event> events;

  explicit Ns(int version, std::string guid = kGuid) : s(make(version, std::move(guid))) {}
  static NsConfig make(int version, std::string guid) {
    NsConfig c;
    c.account = "alice@example.com";
    c.password = "alicepass";
    c.versions = {version};
    c.machine_guid = std::move(guid);
    return c;
  }
  std::string start() {
    s.start();
    return s.take_output();
  }
  std::string feed(std::string_view bytes) {
    s.receive(bytes);
    auto e = s.take_events();
    events.insert(events.end(), e.begin(), e.end());
    return s.take_output();
  }
  // The tokens of the SSO exchange; returns what the session wants to send.
  std::string tokens(const std::string& secret = kSecret) {
    s.sso_tokens(kTicket, secret, kIv);
    auto e = s.take_events();
    events.insert(events.end(), e.begin(), e.end());
    return s.take_output();
  }
  // After USR OK at 13+: the app fetched an empty address book.
  std::string empty_book() {
    REQUIRE(find<ns::AddressBookNeeded>());
    s.address_book(ab::Lists{});
    auto e = s.take_events();
    events.insert(events.end(), e.begin(), e.end());
    return s.take_output();
  }
  template <class T>
  const T* find() const {
    for (const auto& e : events)
      if (auto* p = std::get_if<T>(&e)) return p;
    return nullptr;
  }
};

std::string gcf() {
  return "GCF 0 " + std::to_string(kPolicies.size()) + "\r\n" + kPolicies;
}

// VER, CVR and USR SSO I up to the server's nonce (TrIDs: VER 1, CVR 2, USR 3).
void to_nonce(Ns& n, int v) {
  std::string ver = "MSNP" + std::to_string(v);
  REQUIRE(n.start() == "VER 1 " + ver + " CVR0\r\n");
  REQUIRE(n.feed("VER 1 " + ver + "\r\n") ==
          "CVR 2 0x0409 winnt 6.1.0 i386 MSNMSGR 14.0.8117.0416 msmsgs alice@example.com\r\n");
  REQUIRE(n.feed("CVR 2 14.0.8117.0416 14.0.8117.0416 14.0.8117.0416 https://x https://x\r\n") ==
          "USR 3 SSO I alice@example.com\r\n");
  REQUIRE(n.feed(gcf()).empty());
  REQUIRE(n.feed("USR 3 SSO S MBI_KEY_OLD " + kNonce + "\r\n").empty());
}

}  // namespace

TEST_CASE("ns sso: the default offer is MSNP18 down to MSNP2", "[ns][sso]") {
  NsSession s{NsConfig{}};
  s.start();
  CHECK(s.take_output() ==
        "VER 1 MSNP18 MSNP17 MSNP16 MSNP15 MSNP14 MSNP13 MSNP12 MSNP11 MSNP10 MSNP9 MSNP8 MSNP7 "
        "MSNP6 MSNP5 MSNP4 MSNP3 MSNP2 CVR0\r\n");
}

TEST_CASE("ns sso: MSNP15 signs in with the ticket and the blob", "[ns][sso]") {
  Ns n(15);
  to_nonce(n, 15);
  const ns::SsoNeeded* need = n.find<ns::SsoNeeded>();
  REQUIRE(need);
  CHECK(need->policy == "MBI_KEY_OLD");
  CHECK(n.s.state() == NsSession::State::Passport);
  CHECK(n.tokens() == "USR 4 SSO S " + kTicket + " " + kBlob + "\r\n");
  // USR OK: no SYN at 13+ but the address book; then the initial ADL (l="1") and the first CHG.
  CHECK(n.feed("USR 4 OK alice@example.com 1 0\r\n").empty());
  CHECK_FALSE(n.s.signed_in());
  CHECK(n.empty_book() == "ADL 5 15\r\n<ml l=\"1\"></ml>CHG 6 NLN 0\r\n" + kPersonalUux);
  REQUIRE(n.find<ns::SignedIn>());
  CHECK(n.find<ns::SignedIn>()->version == 15);
  CHECK(n.s.signed_in());
  CHECK(n.feed("ADL 5 OK\r\nCHG 6 NLN 0\r\n").empty());
  CHECK_FALSE(n.find<ns::Error>());
}

TEST_CASE("ns sso: MSNP16 and 18 add the machine GUID", "[ns][sso]") {
  for (int v : {16, 17, 18}) {
    INFO("MSNP" << v);
    Ns n(v);
    to_nonce(n, v);
    CHECK(n.tokens() == "USR 4 SSO S " + kTicket + " " + kBlob + " " + kGuid + "\r\n");
    n.feed("USR 4 OK alice@example.com 1 0\r\nSBS 0 null\r\n");
    n.empty_book();
    CHECK(n.s.signed_in());
  }
}

TEST_CASE("ns sso: without a machine GUID MSNP16 fails instead of hanging", "[ns][sso]") {
  Ns n(16, "");
  to_nonce(n, 16);
  CHECK(n.tokens().empty());
  const ns::Error* e = n.find<ns::Error>();
  REQUIRE(e);
  CHECK(e->fatal);
  CHECK(e->text.find("machine GUID") != std::string::npos);
  CHECK(n.s.wants_close());
}

TEST_CASE("ns sso: a proof key the blob cannot be made from fails the sign-in", "[ns][sso]") {
  Ns n(15);
  to_nonce(n, 15);
  CHECK(n.tokens("not base64").empty());
  REQUIRE(n.find<ns::Error>());
  CHECK(n.find<ns::Error>()->fatal);
  CHECK(n.s.wants_close());
}

TEST_CASE("ns sso: tokens before the nonce, or twice, are ignored", "[ns][sso]") {
  Ns n(15);
  n.start();
  n.s.sso_tokens(kTicket, kSecret, kIv);
  CHECK(n.s.take_output().empty());
  to_nonce(n, 15);  // start() again is a fresh connection
  n.s.sso_tokens(kTicket, kSecret, kIv);
  CHECK_FALSE(n.s.take_output().empty());
  n.s.sso_tokens(kTicket, kSecret, kIv);
  CHECK(n.s.take_output().empty());
}

TEST_CASE("ns sso: 911 to USR SSO S is a fatal login error", "[ns][sso]") {
  Ns n(18);
  to_nonce(n, 18);
  n.s.sso_tokens(kTicket, kSecret, kIv);
  n.s.take_output();
  n.feed("911 4\r\n");
  const ns::Error* e = n.find<ns::Error>();
  REQUIRE(e);
  CHECK(e->code == 911);
  CHECK(e->fatal);
  REQUIRE(e->request);
  CHECK(e->request->op == Op::Login);
}

TEST_CASE("ns sso: MSNP13 and 14 keep TWN, with the WLM 8.5 version", "[ns][sso]") {
  for (int v : {13, 14}) {
    INFO("MSNP" << v);
    Ns n(v);
    std::string ver = "MSNP" + std::to_string(v);
    n.start();
    CHECK(n.feed("VER 1 " + ver + "\r\n") ==
          "CVR 2 0x0409 winnt 6.1.0 i386 MSNMSGR 8.5.1302 msmsgs alice@example.com\r\n");
    CHECK(n.feed("CVR 2 8.5.1302 8.5.1302 8.5.1302 https://x https://x\r\n") ==
          "USR 3 TWN I alice@example.com\r\n");
    CHECK(n.feed(gcf() + "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n").empty());
    REQUIRE(n.find<ns::PassportNeeded>());
    n.s.passport_ticket("t=abc&p=");
    CHECK(n.s.take_output() == "USR 4 TWN S t=abc&p=\r\n");
    CHECK(n.feed("USR 4 OK alice@example.com 1 0\r\n").empty());
    CHECK(n.empty_book() == "ADL 5 15\r\n<ml l=\"1\"></ml>CHG 6 NLN 0\r\n" + kPersonalUux);
    CHECK(n.s.signed_in());
  }
}

TEST_CASE("ns sso: MSNP12 still signs in with SYN", "[ns][sso]") {
  Ns n(12);
  n.start();
  CHECK(n.feed("VER 1 MSNP12\r\n") ==
        "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 MSMSGS alice@example.com\r\n");
  CHECK(n.feed("CVR 2 7.0.0816 7.0.0816 7.0.0816 https://x https://x\r\n") ==
        "USR 3 TWN I alice@example.com\r\n");
  n.feed("USR 3 TWN S ct=1\r\n");
  n.s.passport_ticket("t=abc&p=");
  n.s.take_output();
  CHECK(n.feed("USR 4 OK alice@example.com 1 0\r\n") == "SYN 5 0 0\r\n");
}

TEST_CASE("ns sso: the personal message is set once signed in at 13+", "[ns][sso]") {
  NsConfig c = Ns::make(15, kGuid);
  c.psm = "hi";
  Ns n(15);
  n.s = NsSession(c);
  to_nonce(n, 15);
  n.s.sso_tokens(kTicket, kSecret, kIv);
  n.s.take_output();
  n.feed("USR 4 OK alice@example.com 1 0\r\n");
  std::string out = n.empty_book();
  CHECK(out.starts_with("ADL 5 15\r\n<ml l=\"1\"></ml>CHG 6 NLN 0\r\nUUX 7 "));
  CHECK(out.find("<PSM>hi</PSM>") != std::string::npos);
}
