// NsSession against real server lines (doc/protocol/, tests/data/escargot-msnp7-msnp8.txt):
// the exact bytes it sends back and the events it reports.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "proto/NsSession.hpp"
#include "util/Utf8.hpp"

#include "helpers/Msnp7Lines.hpp"

using namespace msntty;

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

// One line per event, every field spelled out, so a mismatch shows up readably in Catch output.
std::string describe(const ns::Event& e) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        std::ostringstream o;
        if constexpr (std::is_same_v<T, ns::VersionChosen>)
          o << "VersionChosen " << v.version;
        else if constexpr (std::is_same_v<T, ns::Redirect>)
          o << "Redirect " << v.host << ":" << v.port;
        else if constexpr (std::is_same_v<T, ns::PassportNeeded>)
          o << "PassportNeeded " << v.server_args;
        else if constexpr (std::is_same_v<T, ns::GroupListed>)
          o << "Group " << v.group.id << "|" << v.group.name;
        else if constexpr (std::is_same_v<T, ns::ContactListed>)
          o << "Contact " << v.contact.email << "|" << v.contact.nick << "|" << v.contact.guid
            << "|" << v.contact.lists << "|" << join(v.contact.groups, ",");
        else if constexpr (std::is_same_v<T, ns::SignedIn>)
          o << "SignedIn " << v.account << "|" << v.nick << "|" << v.version;
        else if constexpr (std::is_same_v<T, ns::PrivacySettings>)
          o << "Privacy " << v.blp << "|" << v.gtc;
        else if constexpr (std::is_same_v<T, ns::Presence>)
          o << (v.initial ? "ILN " : "Presence ") << v.email << "|" << status_code(v.status) << "|"
            << v.nick << "|" << v.capabilities;
        else if constexpr (std::is_same_v<T, ns::PersonalMessage>)
          o << "PSM " << v.email << "|" << v.psm;
        else if constexpr (std::is_same_v<T, ns::OwnStatus>)
          o << "OwnStatus " << status_code(v.status);
        else if constexpr (std::is_same_v<T, ns::OwnNick>)
          o << "OwnNick " << v.nick;
        else if constexpr (std::is_same_v<T, ns::Pong>)
          o << "Pong " << v.next_seconds;
        else if constexpr (std::is_same_v<T, ns::Error>)
          o << "Error " << v.code << "|" << v.text << "|" << (v.request ? describe(*v.request) : "")
            << "|" << (v.fatal ? "fatal" : "ok");
        else if constexpr (std::is_same_v<T, ns::ProtocolError>)
          o << "ProtocolError " << v.text << "|" << (v.fatal ? "fatal" : "ok");
        else if constexpr (std::is_same_v<T, ns::SignedOut>)
          o << "SignedOut " << v.reason << "|" << v.text;
        else if constexpr (std::is_same_v<T, ns::SwitchboardGranted>)
          o << "SbGranted " << v.trid << "|" << v.host << ":" << v.port << "|" << v.cookie;
        else if constexpr (std::is_same_v<T, ns::SwitchboardRefused>)
          o << "SbRefused " << v.trid << "|" << v.code << "|" << v.text;
        else if constexpr (std::is_same_v<T, ns::Invitation>)
          o << "Invitation " << v.session_id << "|" << v.host << ":" << v.port << "|" << v.cookie
            << "|" << v.inviter << "|" << v.inviter_nick;
        else if constexpr (std::is_same_v<T, ns::MailNotice>)
          o << "Mail " << v.inbox_unread << "|" << v.from << "|" << v.from_addr << "|" << v.subject;
        else if constexpr (std::is_same_v<T, ns::SystemNotice>)
          o << "System " << v.text;
        else if constexpr (std::is_same_v<T, ns::ReverseList>)
          o << "Reverse " << (v.added ? "+" : "-") << v.email << "|" << v.nick;
        else if constexpr (std::is_same_v<T, ns::ListAdded>)
          o << "ListAdded " << v.list << "|" << v.email << "|" << v.nick << "|" << v.guid << "|"
            << v.group;
        else if constexpr (std::is_same_v<T, ns::ListRemoved>)
          o << "ListRemoved " << v.list << "|" << v.who << "|" << v.group;
        else if constexpr (std::is_same_v<T, ns::GroupAdded>)
          o << "GroupAdded " << v.group.id << "|" << v.group.name;
        else if constexpr (std::is_same_v<T, ns::GroupRemoved>)
          o << "GroupRemoved " << v.id;
        else if constexpr (std::is_same_v<T, ns::GroupRenamed>)
          o << "GroupRenamed " << v.group.id << "|" << v.group.name;
        else
          o << "event #" << sizeof(T);  // a type added since: named by nothing better
        return o.str();
      },
      e);
}

std::vector<std::string> describe(const std::vector<ns::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(describe(e));
  return out;
}

std::string with_payload(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

// The profile Escargot sends after USR OK (shortened MSPAuth; the session ignores it anyway).
const std::string kProfile =
    "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: "
    "1795279397\r\n"
    "EmailEnabled: 0\r\nMemberIdHigh: 2953029654\r\nMemberIdLow: 3243720119\r\nlang_preference: "
    "1033\r\n"
    "preferredEmail:\r\ncountry:\r\nPostalCode:\r\nGender:\r\nKid: "
    "0\r\nAge:\r\nBDayPre:\r\nBirthday:\r\n"
    "Wallet:\r\nFlags: 536872513\r\nsid: 507\r\nMSPAuth: "
    "84b5d9d8f5748ee65748Y6+H31sTUOFkqjNTDYqAAFLr5Ote7&p=\r\n"
    "ClientIP: 127.0.0.1\r\nClientPort: 36566\r\nABCHMigrated: 1\r\nMPOPEnabled: 0\r\n\r\n";

using test::kDump7;

struct Ns {
  NsSession s;
  std::vector<ns::Event> all;  // every event so far

  explicit Ns(NsConfig c) : s(std::move(c)) {}
  std::string start() {
    s.start();
    return s.take_output();
  }
  // Feeds bytes; returns what the session wants to send. Events of this call land in `last`.
  std::string feed(std::string_view bytes) {
    s.receive(bytes);
    last = s.take_events();
    all.insert(all.end(), last.begin(), last.end());
    return s.take_output();
  }
  std::vector<std::string> last_described() const { return describe(last); }
  std::vector<ns::Event> last;
};

// Unless told otherwise the tests here offer MSNP12 down to MSNP2 (the MSNP13+ logins have their
// own tests: test_proto_ns_sso.cpp).
NsConfig config(std::string account, std::string password, std::vector<int> versions = {}) {
  NsConfig c;
  c.account = std::move(account);
  c.password = std::move(password);
  c.versions =
      versions.empty() ? std::vector<int>{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2} : std::move(versions);
  return c;
}

// MSNP7 MD5 login of alice up to the signed-in CHG (TrIDs: VER 1, INF 2, USR 3/4, SYN 5, CHG 6).
void login7(Ns& n) {
  REQUIRE(n.start() == "VER 1 MSNP7 MSNP6 MSNP5 CVR0\r\n");
  REQUIRE(n.feed("VER 1 MSNP7\r\n") == "INF 2\r\n");
  REQUIRE(n.feed("INF 2 MD5\r\n") == "USR 3 MD5 I alice@example.com\r\n");
  REQUIRE(n.feed("USR 3 MD5 S 15b27e6e9a1b0bb\r\n") ==
          "USR 4 MD5 S 490ec3837050e6de4bb217904fbb5f60\r\n");
  REQUIRE(n.feed("USR 4 OK alice@example.com Alice 1\r\n") == "SYN 5 0\r\n");
  REQUIRE(n.feed(with_payload("MSG Hotmail Hotmail", kProfile)).empty());
  REQUIRE(n.feed(kDump7) == "CHG 6 NLN\r\n");
  REQUIRE(n.s.signed_in());
  n.feed("CHG 6 NLN\r\n");
}

// MSNP8+ TWN login up to USR OK (TrIDs: VER 1, CVR 2, USR 3/4, SYN 5).
void login_twn(Ns& n, int version, const std::string& usr_ok) {
  n.start();
  std::string ver = "VER 1 MSNP" + std::to_string(version) + "\r\n";
  REQUIRE(n.feed(ver) ==
          "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 MSMSGS " + n.s.config().account + "\r\n");
  REQUIRE(n.feed("CVR 2 7.0.0816 7.0.0816 7.0.0816 https://escargot.log1p.xyz "
                 "https://escargot.log1p.xyz\r\n") ==
          "USR 3 TWN I " + n.s.config().account + "\r\n");
  n.feed("USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n");
  n.s.passport_ticket("51140a82f11ec80c8845");
  REQUIRE(n.s.take_output() == "USR 4 TWN S 51140a82f11ec80c8845\r\n");
  std::string syn = version >= 10 ? "SYN 5 0 0\r\n" : "SYN 5 0\r\n";
  REQUIRE(n.feed(usr_ok) == syn);
}

// MSNP12 login with an empty list: signed in, CHG 6 sent and echoed.
void login12_empty(Ns& n, int version = 12) {
  login_twn(n, version, "USR 4 OK alice@example.com 1 0\r\n");
  n.feed("SBS 0 null\r\n");
  // Nothing is announced, but the dump's settings still follow: sign-in completes with them.
  REQUIRE(n.feed("SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 0 0\r\n").empty());
  REQUIRE(n.feed("GTC A\r\nBLP AL\r\nPRP MFN " + n.s.config().account + "\r\n") ==
          "CHG 6 NLN 0\r\n");
  REQUIRE(n.s.signed_in());
  n.feed("CHG 6 NLN 0\r\n");
}

}  // namespace

TEST_CASE("ns: VER offers the configured versions, highest first", "[ns]") {
  Ns d(config("alice@example.com", "x"));
  CHECK(d.start() ==
        "VER 1 MSNP12 MSNP11 MSNP10 MSNP9 MSNP8 MSNP7 MSNP6 MSNP5 MSNP4 MSNP3 MSNP2 CVR0\r\n");
  CHECK(d.s.state() == NsSession::State::Version);
  Ns old(config("alice@example.com", "x", {7, 6, 5}));
  CHECK(old.start() == "VER 1 MSNP7 MSNP6 MSNP5 CVR0\r\n");
}

TEST_CASE("ns: MSNP7 MD5 login exactly as the Escargot transcript", "[ns]") {
  Ns n(config("alice@example.com", "alicepass", {7, 6, 5}));
  REQUIRE(n.start() == "VER 1 MSNP7 MSNP6 MSNP5 CVR0\r\n");

  CHECK(n.feed("VER 1 MSNP7\r\n") == "INF 2\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"VersionChosen 7"});
  CHECK(n.s.version() == 7);

  CHECK(n.feed("INF 2 MD5\r\n") == "USR 3 MD5 I alice@example.com\r\n");
  CHECK(n.feed("USR 3 MD5 S 15b27e6e9a1b0bb\r\n") ==
        "USR 4 MD5 S 490ec3837050e6de4bb217904fbb5f60\r\n");
  CHECK(n.feed("USR 4 OK alice@example.com Alice 1\r\n") == "SYN 5 0\r\n");
  CHECK(n.last.empty());
  CHECK_FALSE(n.s.signed_in());

  // The profile message is swallowed.
  CHECK(n.feed(with_payload("MSG Hotmail Hotmail", kProfile)).empty());
  CHECK(n.last.empty());

  // The dump: nothing happens until its last line (the RL) arrives.
  size_t rl = kDump7.find("LST 5 RL");
  CHECK(n.feed(kDump7.substr(0, rl)).empty());
  CHECK(n.last.empty());
  CHECK(n.feed(kDump7.substr(rl)) == "CHG 6 NLN\r\n");  // MSNP7: no capabilities
  CHECK(n.last_described() == std::vector<std::string>{
                                  "Group 0|Other Contacts",
                                  "Contact bob@example.com|Bob||11|0",  // FL|AL|RL merged
                                  "Privacy AL|A",
                                  "SignedIn alice@example.com|Alice|7",
                              });
  CHECK(n.s.signed_in());
  CHECK(n.s.nick() == "Alice");

  CHECK(n.feed("CHG 6 NLN\r\n").empty());
  CHECK(n.last_described() == std::vector<std::string>{"OwnStatus NLN"});
  CHECK(n.feed("ILN 6 NLN bob@example.com Bob\r\n").empty());
  CHECK(n.last_described() == std::vector<std::string>{"ILN bob@example.com|NLN|Bob|0"});

  // doc/protocol/sessions.md#msnp7-md5-with-a-redirect: CHL on MSNP7 is answered with the msmsgs
  // key and md5.
  CHECK(n.feed("CHL 0 11111111111111111111\r\n") ==
        "QRY 7 msmsgs@msnmsgr.com 32\r\n3b6666b60157322b6fc6e41a115968f5");
  CHECK(n.feed("QRY 7\r\n").empty());
  CHECK(n.last.empty());

  n.s.ping();
  CHECK(n.s.take_output() == "PNG\r\n");
  n.feed("QNG\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Pong 0"});

  n.feed("NLN AWY bob@example.com Bob\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|AWY|Bob|0"});
  n.feed("FLN bob@example.com\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|FLN||0"});
  CHECK_FALSE(n.s.wants_close());
}

TEST_CASE("ns: MSNP7 CHG keeps the configured initial status", "[ns]") {
  NsConfig c = config("alice@example.com", "alicepass", {7});
  c.initial_status = Status::Away;
  Ns n(c);
  n.start();
  n.feed("VER 1 MSNP7\r\nINF 2 MD5\r\nUSR 3 MD5 S 15b27e6e9a1b0bb\r\n");
  n.feed("USR 4 OK alice@example.com Alice 1\r\n");
  CHECK(n.feed(kDump7) == "CHG 6 AWY\r\n");
}

TEST_CASE("ns: official-style VER echo picks the first MSNPn", "[ns]") {
  Ns n(config("alice@hotmail.com", "password", {7, 6, 5, 4}));
  n.start();
  CHECK(n.feed("VER 1 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\n") == "INF 2\r\n");
  CHECK(n.s.version() == 7);
  CHECK(n.feed("INF 2 MD5\r\n") == "USR 3 MD5 I alice@hotmail.com\r\n");
  // doc/protocol/test-vectors.md: the msnp-wiki vector.
  CHECK(n.feed("USR 3 MD5 S 1234567890.123456789\r\n") ==
        "USR 4 MD5 S f59af8f2fa91d38aff7c870c17f99903\r\n");
}

TEST_CASE("ns: CHL answers by version (doc test vectors)", "[ns]") {
  SECTION("MSNP8 md5 with the msmsgs key") {
    Ns n(config("alice@example.com", "x"));
    login_twn(n, 8, "USR 4 OK alice@example.com Alice 1 0\r\n");
    REQUIRE(n.feed("SYN 5 1 0 0\r\nGTC A\r\nBLP AL\r\n") == "CHG 6 NLN 0\r\n");
    CHECK(n.feed("CHL 0 22210219642164014968\r\n") ==
          "QRY 7 msmsgs@msnmsgr.com 32\r\needf627f65e76d031255a605f5841204");
  }
  SECTION("MSNP11 lock-and-key") {
    Ns n(config("alice@example.com", "x"));
    login12_empty(n, 11);
    CHECK(n.feed("CHL 0 22210219642164014968\r\n") ==
          "QRY 7 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c");
  }
  SECTION("MSNP12 lock-and-key, several challenges get fresh TrIDs") {
    Ns n(config("alice@example.com", "x"));
    login12_empty(n);
    CHECK(n.feed("CHL 0 22210219642164014968\r\n") ==
          "QRY 7 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c");
    CHECK(n.feed("CHL 0 13038318816579321232\r\n") ==
          "QRY 8 PROD0090YUAUV{2B 32\r\nb01c13020e374d4fa20abfad6981b7a9");
    CHECK(n.feed("CHL 0 11111111111111111111\r\n") ==
          "QRY 9 PROD0090YUAUV{2B 32\r\n47d62c3eeb5215e8e3f8d4db1c26d79d");
    CHECK_FALSE(n.s.wants_close());
  }
}

TEST_CASE("ns: MSNP8 TWN login, Passport handoff and USR OK with nick", "[ns]") {
  Ns n(config("bob@example.com", "bobpass"));
  n.start();
  CHECK(n.feed("VER 1 MSNP8\r\n") ==
        "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 MSMSGS bob@example.com\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"VersionChosen 8"});
  CHECK(n.feed("CVR 2 6.0.0602 6.0.0602 6.0.0602 https://escargot.log1p.xyz "
               "https://escargot.log1p.xyz\r\n") == "USR 3 TWN I bob@example.com\r\n");
  CHECK(n.feed("USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n").empty());
  CHECK(n.last_described() ==
        std::vector<std::string>{"PassportNeeded ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1"});
  CHECK(n.s.state() == NsSession::State::Passport);

  n.s.passport_ticket("abc");
  CHECK(n.s.take_output() == "USR 4 TWN S abc\r\n");
  // A second ticket (e.g. a late duplicate callback) is not sent again.
  n.s.passport_ticket("abc");
  CHECK(n.s.take_output().empty());

  CHECK(n.feed("USR 4 OK bob@example.com Bob%20B 1 0\r\n") == "SYN 5 0\r\n");
  CHECK(n.feed(with_payload("MSG Hotmail Hotmail", kProfile)).empty());
  // doc/protocol/ns-lists.md#msnp8-and-msnp9 dump, with phone properties.
  std::string dump =
      "SYN 5 1 1 1\r\n"
      "GTC N\r\n"
      "BLP AL\r\n"
      "PRP PHH 123%20(4567)\r\n"
      "LSG 0 Other%20Contacts 0\r\n"
      "LST alice@example.com Alice 11 0\r\n";
  CHECK(n.feed(dump) == "CHG 6 NLN 0\r\n");
  CHECK(n.last_described() == std::vector<std::string>{
                                  "Group 0|Other Contacts",
                                  "Contact alice@example.com|Alice||11|0",
                                  "Privacy AL|N",
                                  "SignedIn bob@example.com|Bob B|8",
                              });
  // A BPR after the last LST belongs to that contact; harmless after the dump.
  CHECK(n.feed("BPR PHH 1%20(222)%20333%204444\r\n").empty());
  CHECK(n.last.empty());
  n.feed("CHG 6 NLN 0\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"OwnStatus NLN"});
  n.feed("ILN 6 NLN alice@example.com Alice 0\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"ILN alice@example.com|NLN|Alice|0"});
}

TEST_CASE("ns: PassportNeeded carries Microsoft-style server args verbatim", "[ns]") {
  Ns n(config("alice@hotmail.com", "x", {8}));
  n.start();
  n.feed("VER 1 MSNP8\r\nCVR 2 1 1 1 a b\r\n");
  const std::string args =
      "lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct=1062764229,kpp=1,kv=5,"
      "ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619";
  n.feed("USR 3 TWN S " + args + "\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"PassportNeeded " + args});
}

TEST_CASE("ns: MSNP9 USR OK carries the nick; caps and msnobj on presence", "[ns]") {
  Ns n(config("alice@example.com", "x"));
  login_twn(n, 9, "USR 4 OK alice@example.com Alice%20L 1 0\r\n");
  std::string dump =
      "SYN 5 3 1 0\r\n"
      "GTC A\r\n"
      "BLP BL\r\n"
      "LST bob@example.com Bob 13\r\n";  // FL|BL|RL, in no group
  CHECK(n.feed(dump) == "CHG 6 NLN 0\r\n");
  CHECK(n.last_described() == std::vector<std::string>{
                                  "Contact bob@example.com|Bob||13|",
                                  "Privacy BL|A",
                                  "SignedIn alice@example.com|Alice L|9",
                              });
  n.feed("ILN 6 BSY bob@example.com Bob 268435492 %3Cmsnobj%2F%3E\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"ILN bob@example.com|BSY|Bob|268435492"});
  n.feed("NLN IDL bob@example.com Bobby 32 %3Cmsnobj%2F%3E\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|IDL|Bobby|32"});
  n.s.ping();
  CHECK(n.s.take_output() == "PNG\r\n");
  n.feed("QNG 60\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Pong 60"});
}

TEST_CASE("ns: MSNP10 and MSNP11 take the nick from PRP MFN, GUID groups", "[ns]") {
  int version = GENERATE(10, 11);
  Ns n(config("alice@example.com", "x"));
  login_twn(n, version, "USR 4 OK alice@example.com 1 0\r\n");
  CHECK(n.s.nick() == "alice@example.com");  // no nick in USR OK any more
  std::string dump =
      "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 3 2\r\n"
      "GTC A\r\n"
      "BLP AL\r\n"
      "PRP MFN Alice%20Liddell\r\n"
      "LSG Friends 7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01\r\n"
      "LSG Work%20%26%20Co 0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c\r\n"
      "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 "
      "7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01,0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c\r\n"
      "LST N=carol@example.com F=Carol C=b9462c29-11c8-4a27-8395-c21844f4781a 3\r\n"
      "LST N=dave@example.com F=Dave 24\r\n";  // RL|PL, not in FL: no C=
  CHECK(n.feed(dump) == "CHG 6 NLN 0\r\n");
  CHECK(n.last_described() ==
        std::vector<std::string>{
            "Group 7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01|Friends",
            "Group 0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c|Work & Co",
            "Contact bob@example.com|Bob|d8cc4906-8b30-40c0-a3a6-23dce9fbddc3|11|"
            "7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01,0f3a1c2b-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
            "Contact carol@example.com|Carol|b9462c29-11c8-4a27-8395-c21844f4781a|3|",
            "Contact dave@example.com|Dave||24|",
            "Privacy AL|A",
            "SignedIn alice@example.com|Alice Liddell|" + std::to_string(version),
        });
  CHECK(n.s.nick() == "Alice Liddell");
}

TEST_CASE("ns: MSNP12 dump from the doc sample session (trailing space, network bits)", "[ns]") {
  Ns n(config("alice@example.com", "alicepass"));
  login_twn(n, 12, "USR 4 OK alice@example.com 1 0\r\n");
  CHECK(n.feed("SBS 0 null\r\n").empty());
  CHECK(n.feed(with_payload("MSG Hotmail Hotmail", kProfile)).empty());
  std::string dump =
      "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 2 1\r\n"
      "GTC N\r\n"
      "BLP AL\r\n"
      "PRP MFN Alice%20Liddell\r\n"
      "LSG Pals 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n"
      "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 \r\n"
      "LST N=carol@example.com F=Carol%20%E2%98%83 C=b9462c29-11c8-4a27-8395-c21844f4781a 11 1 "
      "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n";
  CHECK(n.feed(dump) == "CHG 6 NLN 0\r\n");
  CHECK(n.last_described() ==
        std::vector<std::string>{
            "Group 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d|Pals",
            "Contact bob@example.com|Bob|d8cc4906-8b30-40c0-a3a6-23dce9fbddc3|11|",
            "Contact carol@example.com|Carol \xE2\x98\x83|"
            "b9462c29-11c8-4a27-8395-c21844f4781a|11|4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d",
            "Privacy AL|N",
            "SignedIn alice@example.com|Alice Liddell|12",
        });
  n.feed("CHG 6 NLN 0\r\n");
  n.feed("ILN 6 NLN bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"ILN bob@example.com|NLN|Bob|0"});
  n.feed(
      with_payload("UBX bob@example.com", "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>"));
  CHECK(n.last_described() == std::vector<std::string>{"PSM bob@example.com|"});
  n.feed("NLN BSY bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|BSY|Bob|0"});
  n.feed(with_payload("UBX bob@example.com",
                      "<Data><PSM>brb</PSM><CurrentMedia></CurrentMedia></Data>"));
  CHECK(n.last_described() == std::vector<std::string>{"PSM bob@example.com|brb"});
  // GCF reply with its payload is ignored, and the stream stays in sync.
  n.feed(with_payload("GCF 7 Shields.xml",
                      "<?xml version=\"1.0\" encoding=\"utf-8\" "
                      "?><config><shield></shield><block></block></config>"));
  CHECK(n.last.empty());
  n.feed("FLN bob@example.com\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|FLN||0"});
}

TEST_CASE("ns: SYN replies with zero counts sign in once the dump's settings are in", "[ns]") {
  SECTION("MSNP8") {
    Ns n(config("dave@example.com", "x"));
    login_twn(n, 8, "USR 4 OK dave@example.com Dave 1 0\r\n");
    CHECK(n.feed("SYN 5 1 0 0\r\n").empty());
    CHECK(n.feed("GTC A\r\n").empty());
    CHECK(n.feed("BLP AL\r\n") == "CHG 6 NLN 0\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Privacy AL|A", "SignedIn dave@example.com|Dave|8"});
    // Settings changed after sign-in are reported as such.
    n.feed("BLP BL\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"Privacy BL|A"});
  }
  SECTION("a server that never sends the settings: the app's fallback finishes sign-in") {
    Ns n(config("dave@example.com", "x"));
    login_twn(n, 12, "USR 4 OK dave@example.com 1 0\r\n");
    CHECK(n.feed("SYN 5 a b 0 0\r\nGTC A\r\nBLP AL\r\n").empty());
    CHECK(n.s.waiting_for_list_settings());
    n.s.finish_list_now();
    CHECK(n.s.take_output() == "CHG 6 NLN 0\r\n");
    CHECK(n.s.signed_in());
  }
  SECTION("MSNP12") {
    Ns n(config("dave@example.com", "x"));
    login12_empty(n);
    CHECK(n.s.nick() == "dave@example.com");
  }
  SECTION("MSNP8 version unchanged: SYN without counts") {
    Ns n(config("dave@example.com", "x"));
    login_twn(n, 8, "USR 4 OK dave@example.com Dave 1 0\r\n");
    CHECK(n.feed("SYN 5 0\r\n") == "CHG 6 NLN 0\r\n");
    CHECK(n.s.signed_in());
  }
}

TEST_CASE("ns: MSNP2-6 dumps with empty lists", "[ns]") {
  SECTION("MSNP5, all lists empty, phone PRPs") {
    Ns n(config("alice@example.com", "alicepass", {5, 4, 3, 2}));
    n.start();
    CHECK(n.feed("VER 1 MSNP5\r\n") == "INF 2\r\n");
    n.feed("INF 2 MD5\r\n");
    n.feed("USR 3 MD5 S 15b27e6e9a1b0bb\r\n");
    CHECK(n.feed("USR 4 OK alice@example.com Alice%20L\r\n") == "SYN 5 0\r\n");
    std::string dump =
        "SYN 5 1\r\n"
        "GTC 5 1 A\r\n"
        "BLP 5 1 AL\r\n"
        "PRP 5 1 PHH 555%201234\r\n"
        "LST 5 FL 1 0 0\r\n"
        "LST 5 AL 1 0 0\r\n"
        "LST 5 BL 1 0 0\r\n";
    CHECK(n.feed(dump).empty());
    CHECK_FALSE(n.s.signed_in());
    CHECK(n.feed("LST 5 RL 1 0 0\r\n") == "CHG 6 NLN\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Privacy AL|A", "SignedIn alice@example.com|Alice L|5"});
  }
  SECTION("MSNP2 as Escargot sends it") {
    Ns n(config("alice@example.com", "alicepass", {2}));
    CHECK(n.start() == "VER 1 MSNP2 CVR0\r\n");
    n.feed("VER 1 MSNP2\r\n");
    n.feed("INF 2 MD5\r\n");
    n.feed("USR 3 MD5 S 15b27e6e9a1b0bb\r\n");
    CHECK(n.feed("USR 4 OK alice@example.com Alice\r\n") == "SYN 5 0\r\n");
    std::string dump =
        "SYN 5 1\r\n"
        "GTC 5 1 A\r\n"
        "BLP 5 1 AL\r\n"
        "LST 5 FL 1 1 1 bob@example.com Bob\r\n"
        "LST 5 AL 1 1 1 bob@example.com Bob\r\n"
        "LST 5 BL 1 0 0\r\n"
        "LST 5 RL 1 1 1 bob@example.com Bob\r\n";
    CHECK(n.feed(dump) == "CHG 6 NLN\r\n");
    CHECK(n.last_described() == std::vector<std::string>{
                                    "Contact bob@example.com|Bob||11|",
                                    "Privacy AL|A",
                                    "SignedIn alice@example.com|Alice|2",
                                });
    n.feed("NLN NLN bob@example.com Bob\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|NLN|Bob|0"});
  }
  SECTION("MSNP6 with BPR lines after FL entries") {
    Ns n(config("alice@example.com", "alicepass", {6}));
    n.start();
    n.feed("VER 1 MSNP6\r\nINF 2 MD5\r\nUSR 3 MD5 S 15b27e6e9a1b0bb\r\n");
    CHECK(n.feed("USR 4 OK alice@example.com Alice 1\r\n") == "SYN 5 0\r\n");
    std::string dump =
        "SYN 5 4\r\n"
        "GTC 5 4 A\r\n"
        "BLP 5 4 AL\r\n"
        "LST 5 FL 4 1 2 bob@example.com Bob\r\n"
        "BPR 4 bob@example.com PHH 555\r\n"
        "LST 5 FL 4 2 2 carol@example.com Carol\r\n"
        "LST 5 AL 4 1 1 bob@example.com Bob\r\n"
        "LST 5 BL 4 1 1 carol@example.com Carol\r\n"
        "LST 5 RL 4 0 0\r\n";
    CHECK(n.feed(dump) == "CHG 6 NLN\r\n");
    CHECK(n.last_described() == std::vector<std::string>{
                                    "Contact bob@example.com|Bob||3|",
                                    "Contact carol@example.com|Carol||5|",
                                    "Privacy AL|A",
                                    "SignedIn alice@example.com|Alice|6",
                                });
  }
}

TEST_CASE("ns: dispatch redirect and soft reset restart from VER", "[ns]") {
  SECTION("XFR NS during login") {
    Ns n(config("alice@hotmail.com", "password", {7, 6, 5, 4}));
    n.start();
    n.feed("VER 1 MSNP7\r\nINF 2 MD5\r\n");
    CHECK(n.feed("XFR 3 NS 10.0.0.1:1863 0 10.0.0.2:1863\r\n").empty());
    CHECK(n.last_described() == std::vector<std::string>{"Redirect 10.0.0.1:1863"});
    CHECK_FALSE(n.s.wants_close());
    // Anything the old connection still delivers is ignored until start().
    CHECK(n.feed("USR 3 MD5 S 1234567890.123456789\r\n").empty());
    CHECK(n.last.empty());

    CHECK(n.start() == "VER 1 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\n");
    CHECK(n.feed("VER 1 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\n") == "INF 2\r\n");
    CHECK(n.feed("INF 2 MD5\r\n") == "USR 3 MD5 I alice@hotmail.com\r\n");
    CHECK(n.feed("USR 3 MD5 S 1234567890.123456789\r\n") ==
          "USR 4 MD5 S f59af8f2fa91d38aff7c870c17f99903\r\n");
    CHECK(n.feed("USR 4 OK alice@hotmail.com Alice 1\r\n") == "SYN 5 0\r\n");
  }
  SECTION("MSNP8 redirect without a current-server field, default port") {
    Ns n(config("alice@example.com", "x"));
    n.start();
    n.feed("VER 1 MSNP8\r\nCVR 2 a b c d e\r\n");
    n.feed("XFR 3 NS 207.46.106.118:1863 0\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"Redirect 207.46.106.118:1863"});
    n.start();
    n.feed("XFR 3 NS ns.example.com 0\r\n");  // a host name without a port
    CHECK(n.last_described() == std::vector<std::string>{"Redirect ns.example.com:1863"});
  }
  SECTION("XFR 0 NS 0 after sign-in") {
    Ns n(config("alice@example.com", "alicepass", {7, 6, 5}));
    login7(n);
    CHECK(n.feed("XFR 0 NS 0\r\n").empty());
    CHECK(n.last_described() == std::vector<std::string>{"Redirect :0"});
    CHECK_FALSE(n.s.signed_in());
    CHECK(n.start() == "VER 1 MSNP7 MSNP6 MSNP5 CVR0\r\n");
    CHECK(n.feed("VER 1 MSNP7\r\n") == "INF 2\r\n");
    CHECK(n.feed("INF 2 MD5\r\n") == "USR 3 MD5 I alice@example.com\r\n");
  }
  SECTION("malformed redirect is fatal") {
    Ns n(config("alice@example.com", "x", {7}));
    n.start();
    n.feed("VER 1 MSNP7\r\nINF 2 MD5\r\n");
    n.feed("XFR 3 NS 10.0.0.1:99999 0 10.0.0.2:1863\r\n");
    REQUIRE(n.last.size() == 1);
    auto* e = std::get_if<ns::Error>(&n.last[0]);
    REQUIRE(e);
    CHECK(e->fatal);
    CHECK(n.s.wants_close());
  }
}

TEST_CASE("ns: errors during login are fatal", "[ns]") {
  SECTION("911 on USR") {
    Ns n(config("alice@example.com", "wrong", {7, 6, 5}));
    n.start();
    n.feed("VER 1 MSNP7\r\nINF 2 MD5\r\nUSR 3 MD5 S 15b27e6e9a1b0bb\r\n");
    CHECK(n.feed("911 4\r\n").empty());
    CHECK(n.last_described() ==
          std::vector<std::string>{"Error 911|authentication failed|USR|fatal"});
    CHECK(n.s.wants_close());
    // Nothing is processed after that.
    CHECK(n.feed("USR 4 OK alice@example.com Alice 1\r\n").empty());
    CHECK(n.last.empty());
    // Nor sent.
    n.s.ping();
    n.s.sign_out();
    CHECK(n.s.take_output().empty());
  }
  SECTION("911 on the TWN ticket") {
    Ns n(config("x@example.com", "x"));
    n.start();
    n.feed("VER 1 MSNP8\r\nCVR 2 a b c d e\r\nUSR 3 TWN S ct=1\r\n");
    n.s.passport_ticket("t=bogus");
    CHECK(n.s.take_output() == "USR 4 TWN S t=bogus\r\n");
    n.feed("911 4\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Error 911|authentication failed|USR|fatal"});
    CHECK(n.s.wants_close());
  }
  SECTION("VER 1 0: no common version") {
    Ns n(config("x@example.com", "x"));
    n.start();
    n.feed("VER 1 0\r\n");
    REQUIRE(n.last.size() == 1);
    auto* e = std::get_if<ns::Error>(&n.last[0]);
    REQUIRE(e);
    CHECK(e->fatal);
    REQUIRE(e->request);
    CHECK(e->request->op == Op::Version);
    CHECK(describe(*e->request) == "VER");
    CHECK(n.s.wants_close());
    CHECK(n.s.take_output().empty());
  }
  SECTION("a version we did not offer") {
    Ns n(config("x@example.com", "x", {12, 11}));
    n.start();
    n.feed("VER 1 MSNP7\r\n");
    CHECK(n.s.wants_close());
    CHECK(n.s.take_output().empty());
  }
  SECTION("INF without MD5") {
    Ns n(config("x@example.com", "x", {2}));
    n.start();
    n.feed("VER 1 MSNP2\r\n");
    n.feed("INF 2 CTP\r\n");
    CHECK(n.s.wants_close());
    CHECK(n.s.take_output().empty());
  }
  SECTION("an error during the dump") {
    Ns n(config("x@example.com", "x", {7}));
    n.start();
    n.feed("VER 1 MSNP7\r\nINF 2 MD5\r\nUSR 3 MD5 S 1\r\nUSR 4 OK x@example.com X 1\r\n");
    n.feed("500 5\r\n");
    REQUIRE(n.last.size() == 1);
    auto& e = std::get<ns::Error>(n.last[0]);
    CHECK(e.code == 500);
    REQUIRE(e.request);
    CHECK(e.request->op == Op::Sync);
    CHECK(describe(*e.request) == "SYN");
    CHECK(e.fatal);
    CHECK(n.s.wants_close());
  }
}

TEST_CASE("ns: errors after sign-in are matched to their command by TrID", "[ns]") {
  SECTION("REA on MSNP7") {
    Ns n(config("alice@example.com", "alicepass", {7, 6, 5}));
    login7(n);
    n.s.set_nick("Bad Name");
    CHECK(n.s.take_output() == "REA 7 alice@example.com Bad%20Name\r\n");
    n.s.set_nick("Alice L");
    CHECK(n.s.take_output() == "REA 8 alice@example.com Alice%20L\r\n");
    n.feed("209 7\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Error 209|invalid or forbidden friendly name|REA|ok"});
    CHECK(n.s.signed_in());
    CHECK_FALSE(n.s.wants_close());
    n.feed("REA 8 2 alice@example.com Alice%20L\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"OwnNick Alice L"});
    CHECK(n.s.nick() == "Alice L");
    // An error for a TrID that is not pending names no command.
    n.feed("500 99\r\n");
    REQUIRE(n.last.size() == 1);
    CHECK_FALSE(std::get<ns::Error>(n.last[0]).request);
    CHECK_FALSE(std::get<ns::Error>(n.last[0]).fatal);
  }
  SECTION("PRP on MSNP12") {
    Ns n(config("alice@example.com", "x"));
    login12_empty(n);
    n.s.set_nick("Bad Name");
    CHECK(n.s.take_output() == "PRP 7 MFN Bad%20Name\r\n");
    n.feed("209 7\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Error 209|invalid or forbidden friendly name|PRP|ok"});
    n.s.set_nick("Alice L");
    CHECK(n.s.take_output() == "PRP 8 MFN Alice%20L\r\n");
    n.feed("PRP 8 MFN Alice%20L\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"OwnNick Alice L"});
    CHECK(n.s.signed_in());
  }
  SECTION("XFR SB: granted, refused with 913") {
    Ns n(config("alice@example.com", "alicepass", {7, 6, 5}));
    login7(n);
    CHECK(n.s.request_switchboard() == 7u);
    CHECK(n.s.take_output() == "XFR 7 SB\r\n");
    n.feed("XFR 7 SB 127.0.0.1:1864 CKI 3371944ba9bba74ab36d\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"SbGranted 7|127.0.0.1:1864|3371944ba9bba74ab36d"});
    CHECK(n.s.request_switchboard() == 8u);
    CHECK(n.s.take_output() == "XFR 8 SB\r\n");
    n.feed("913 8\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"SbRefused 8|913|not allowed while appearing offline"});
    CHECK(n.s.signed_in());
  }
  SECTION("status and PSM") {
    Ns n(config("alice@example.com", "x"));
    login12_empty(n);
    n.s.set_status(Status::Busy);
    CHECK(n.s.take_output() == "CHG 7 BSY 0\r\n");
    n.feed("CHG 7 BSY 0\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"OwnStatus BSY"});
    n.s.set_psm("on a terminal");
    CHECK(n.s.take_output() ==
          "UUX 8 66\r\n<Data><PSM>on a terminal</PSM><CurrentMedia></CurrentMedia></Data>");
    n.s.set_psm("a<b & c");
    CHECK(n.s.take_output() ==
          "UUX 9 67\r\n<Data><PSM>a&lt;b &amp; c</PSM><CurrentMedia></CurrentMedia></Data>");
    n.feed("UUX 8 0\r\nUUX 9 0\r\n");
    CHECK(n.last.empty());
    n.feed("CHG 0 FLN\r\n");  // forced semi-offline
    REQUIRE(n.last.size() == 1);
    CHECK(std::holds_alternative<ns::SystemNotice>(n.last[0]));
  }
}

TEST_CASE("ns: OUT variants", "[ns]") {
  std::string line = GENERATE(std::string("OUT"), std::string("OUT OTH"), std::string("OUT SSD"),
                              std::string("OUT RCT 5"));
  Ns n(config("alice@example.com", "alicepass", {7, 6, 5}));
  login7(n);
  n.feed(line + "\r\n");
  REQUIRE(n.last.size() == 1);
  auto* out = std::get_if<ns::SignedOut>(&n.last[0]);
  REQUIRE(out);
  if (line == "OUT OTH")
    CHECK(out->reason == "other_login");
  else if (line == "OUT SSD")
    CHECK(out->reason == "server_shutdown");
  else
    CHECK(out->reason == "server");
  if (line == "OUT RCT 5") CHECK(out->text.find("5 minutes") != std::string::npos);
  CHECK_FALSE(out->text.empty());
  CHECK(n.s.wants_close());
}

TEST_CASE("ns: sign_out sends OUT and closes", "[ns]") {
  Ns n(config("alice@example.com", "alicepass", {7, 6, 5}));
  login7(n);
  n.s.sign_out();
  CHECK(n.s.take_output() == "OUT\r\n");
  CHECK(n.s.wants_close());
  n.s.sign_out();
  CHECK(n.s.take_output().empty());
}

TEST_CASE("ns: notifications after sign-in", "[ns]") {
  Ns n(config("alice@example.com", "x"));
  login12_empty(n);

  SECTION("UBX with XML entities") {
    n.feed(with_payload("UBX bob@example.com",
                        "<Data><PSM>fish &amp; chips &lt;3 &quot;yum&quot; &#9731; &#x1F600;</PSM>"
                        "<CurrentMedia></CurrentMedia></Data>"));
    CHECK(n.last_described() ==
          std::vector<std::string>{
              "PSM bob@example.com|fish & chips <3 \"yum\" \xE2\x98\x83 \xF0\x9F\x98\x80"});
  }
  SECTION("NLN with a URL-encoded UTF-8 nick") {
    n.feed("NLN NLN bob@example.com B%C3%B6b%20%E2%98%83%20%F0%9F%98%80 0 %3Cmsnobj%2F%3E\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|NLN|B\xC3\xB6"
                                                         "b \xE2\x98\x83 \xF0\x9F\x98\x80|0"});
  }
  SECTION("NLN with an encoded nick that decodes to invalid UTF-8 is repaired") {
    n.feed("NLN NLN bob@example.com B%FFb 0\r\n");
    REQUIRE(n.last.size() == 1);
    auto& p = std::get<ns::Presence>(n.last[0]);
    CHECK(utf8_valid(p.nick));
    CHECK(p.nick ==
          "B\xEF\xBF\xBD"
          "b");
  }
  SECTION("RNG") {
    n.feed(
        "RNG e637896aaeb1924b9d4982a926e3668 127.0.0.1:1864 CKI f007d11ed3440d1d54fc "
        "bob@example.com Bob%20B\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Invitation e637896aaeb1924b9d4982a926e3668|127.0.0.1:1864|"
                                   "f007d11ed3440d1d54fc|bob@example.com|Bob B"});
    // MSNP13-style trailing fields are tolerated.
    n.feed(
        "RNG 11752013 207.46.108.38:1863 CKI 849102291.520491113 bob@hotmail.com Bob "
        "U messenger.msn.com 1\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Invitation 11752013|207.46.108.38:1863|849102291.520491113|"
                                   "bob@hotmail.com|Bob"});
    // A host without a port means the default one.
    n.feed("RNG 123 sb.example.com CKI abc bob@example.com Bob\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Invitation 123|sb.example.com:1863|abc|bob@example.com|Bob"});
    n.feed("RNG 123 host:notaport CKI abc bob@example.com Bob\r\n");
    REQUIRE(n.last.size() == 1);
    CHECK(std::holds_alternative<ns::ProtocolError>(n.last[0]));
    CHECK_FALSE(std::get<ns::ProtocolError>(n.last[0]).fatal);
  }
  SECTION("reverse list, all three forms") {
    n.feed("ADD 0 RL 2 carol@example.com Carol\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"Reverse +carol@example.com|Carol"});
    n.feed("ADC 0 RL N=carol@example.com F=Carol%20C\r\n");
    CHECK(n.last_described() == std::vector<std::string>{"Reverse +carol@example.com|Carol C"});
    n.feed("ADC 0 RL N=dave@example.com\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Reverse +dave@example.com|dave@example.com"});
    n.feed("REM 0 RL carol@example.com\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Reverse -carol@example.com|carol@example.com"});
    n.feed("REM 0 RL 3 carol@example.com\r\n");
    CHECK(n.last_described() ==
          std::vector<std::string>{"Reverse -carol@example.com|carol@example.com"});
    // Replies to our own list changes are not reverse-list news.
    n.feed(
        "ADC 9 FL N=carol@example.com F=carol@example.com "
        "C=b9462c29-11c8-4a27-8395-c21844f4781a\r\n");
    for (const auto& e : n.last) CHECK_FALSE(std::holds_alternative<ns::ReverseList>(e));
    n.feed("REM 10 AL carol@example.com\r\n");
    for (const auto& e : n.last) CHECK_FALSE(std::holds_alternative<ns::ReverseList>(e));
  }
  SECTION("profile and MSNP11 mail data are ignored") {
    n.feed(with_payload("MSG Hotmail Hotmail", kProfile));
    CHECK(n.last.empty());
    n.feed(with_payload(
        "MSG Hotmail Hotmail",
        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialmdatanotification; "
        "charset=UTF-8\r\n\r\nMail-Data: <MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E>"
        "<Q><QTM>409600</QTM><QNM>204800</QNM></Q></MD>\r\n\r\n"));
    CHECK(n.last.empty());
  }
  SECTION("mail notifications") {
    n.feed(with_payload("MSG Hotmail Hotmail",
                        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification; "
                        "charset=UTF-8\r\n\r\nInbox-Unread: 3\r\nFolders-Unread: 0\r\nInbox-URL: "
                        "/cgi-bin/HoTMaiL\r\nFolders-URL: /cgi-bin/folders\r\nPost-URL: "
                        "http://www.hotmail.com\r\n\r\n"));
    CHECK(n.last_described() == std::vector<std::string>{"Mail 3|||"});
    n.feed(with_payload(
        "MSG Hotmail Hotmail",
        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\n"
        "From: Bob\r\nMessage-URL: /cgi-bin/getmsg?msg=MSG1\r\nPost-URL: "
        "https://www.hotmail.com\r\nSubject: Lunch?\r\nDest-Folder: ACTIVE\r\n"
        "From-Addr: bob@example.com\r\nid: 2\r\n\r\n"));
    CHECK(n.last_described() == std::vector<std::string>{"Mail -1|Bob|bob@example.com|Lunch?"});
  }
  SECTION("system message, 88 bytes") {
    std::string sys =
        "MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: "
        "1\r\nArg1: 5\r\n";
    CHECK(sys.size() == 88);
    n.feed(with_payload("MSG Hotmail Hotmail", sys));
    REQUIRE(n.last.size() == 1);
    auto* s = std::get_if<ns::SystemNotice>(&n.last[0]);
    REQUIRE(s);
    CHECK(s->text.find("5 minutes") != std::string::npos);
  }
  SECTION("system message with invalid UTF-8 in Arg1 is repaired") {
    n.feed(with_payload(
        "MSG Hotmail Hotmail",
        "MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: 1\r\n"
        "Arg1: 5\xFF\r\n"));
    REQUIRE(n.last.size() == 1);
    auto* s = std::get_if<ns::SystemNotice>(&n.last[0]);
    REQUIRE(s);
    CHECK(utf8_valid(s->text));
    CHECK(s->text.find("5\xEF\xBF\xBD minutes") != std::string::npos);
  }
  SECTION("unknown and newer commands are ignored") {
    n.feed("SBS 0 null\r\nXYZ 1 2 3\r\nGCF 0 Shields.xml\r\n");
    CHECK(n.last.empty());
    n.feed(with_payload(
        "NOT",
        "<NOTIFICATION id=\"0\"><MSG id=\"0\"><BODY><TEXT>hi</TEXT></BODY></MSG></NOTIFICATION>"));
    CHECK(n.last.empty());
    n.feed(with_payload("IPG", "<NOTIFICATION/>"));
    CHECK(n.last.empty());
    CHECK(n.s.signed_in());
  }
}

TEST_CASE("ns: garbage and invalid UTF-8 lines are reported, the session carries on", "[ns]") {
  Ns n(config("alice@example.com", "x"));
  login12_empty(n);
  n.feed("hello world\r\n");
  REQUIRE(n.last.size() == 1);
  CHECK(std::holds_alternative<ns::ProtocolError>(n.last[0]));
  CHECK_FALSE(std::get<ns::ProtocolError>(n.last[0]).fatal);

  n.feed("NLN \xC3\x28 bob@example.com\r\n");
  REQUIRE(n.last.size() == 1);
  CHECK(std::holds_alternative<ns::ProtocolError>(n.last[0]));

  // An invalid-UTF-8 payload line still has its payload skipped.
  n.feed("UBX b\xFF@example.com 5\r\nFLN x\r\nFLN bob@example.com\r\n");
  CHECK(n.last_described() ==
        std::vector<std::string>{"ProtocolError invalid UTF-8 in line from server|ok",
                                 "Presence bob@example.com|FLN||0"});

  for (std::string bad : {"NLN\r\n",
                          "ILN\r\n",
                          "NLN XYZ bob@example.com Bob\r\n",
                          "NLN FLN bob@example.com Bob\r\n",
                          "ILN 6\r\n",
                          "FLN\r\n",
                          "QNG abc\r\n",
                          "CHL\r\n",
                          "XFR\r\n",
                          "XFR 5 SB\r\n",
                          "XFR 5 SB host:0 CKI x\r\n",
                          "RNG\r\n",
                          "ADD 0 RL\r\n",
                          "REM 0 RL\r\n",
                          "ADC 0 RL\r\n",
                          "USR\r\n",
                          "VER\r\n",
                          "CHG\r\n",
                          "REA\r\n",
                          "PRP\r\n",
                          "BLP\r\n",
                          "GTC\r\n",
                          "SYN\r\n",
                          "LST\r\n",
                          "LSG\r\n",
                          "\x01\x02\x03\r\n",
                          "AB\r\n",
                          "\r\n",
                          " \r\n"}) {
    n.feed(bad);
    for (const auto& e : n.last) {
      INFO(bad << " -> " << describe(e));
      if (auto* pe = std::get_if<ns::ProtocolError>(&e)) CHECK_FALSE(pe->fatal);
      if (auto* er = std::get_if<ns::Error>(&e)) CHECK_FALSE(er->fatal);
      CHECK(utf8_valid(describe(e)));
    }
    INFO(bad);
    CHECK(n.s.signed_in());
  }
  n.feed("NLN NLN bob@example.com Bob 0\r\n");
  CHECK(n.last_described() == std::vector<std::string>{"Presence bob@example.com|NLN|Bob|0"});
}

TEST_CASE("ns: a payload length over the cap is fatal, without a crash", "[ns]") {
  Ns n(config("alice@example.com", "x"));
  login12_empty(n);
  n.feed("MSG Hotmail Hotmail 999999999999999999999999999999\r\n");
  REQUIRE(n.last.size() == 1);
  auto* pe = std::get_if<ns::ProtocolError>(&n.last[0]);
  REQUIRE(pe);
  CHECK(pe->fatal);
  CHECK(n.s.wants_close());
  n.feed("NLN NLN bob@example.com Bob 0\r\n");
  CHECK(n.last.empty());

  Ns m(config("alice@example.com", "x"));
  login12_empty(m);
  m.feed("UBX bob@example.com 268435456\r\n");
  REQUIRE(m.last.size() == 1);
  CHECK(std::get<ns::ProtocolError>(m.last[0]).fatal);
  CHECK(m.s.wants_close());

  // A line that never ends is fatal too.
  Ns l(config("alice@example.com", "x"));
  login12_empty(l);
  l.feed(std::string(20000, 'A'));
  REQUIRE(l.last.size() == 1);
  CHECK(std::get<ns::ProtocolError>(l.last[0]).fatal);
  CHECK(l.s.wants_close());
}

namespace {

// The whole server side of an MSNP12 session (doc/protocol/sessions.md#msnp12-twn-on-escargot) and
// a later MSNP7-style part.
std::string long_transcript12() {
  std::string s;
  s += "VER 1 MSNP12\r\n";
  s += "CVR 2 7.0.0816 7.0.0816 7.0.0816 https://escargot.log1p.xyz https://escargot.log1p.xyz\r\n";
  s += "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n";
  return s;
}

std::string long_transcript12_after_ticket() {
  std::string s;
  s += "USR 4 OK alice@example.com 1 0\r\n";
  s += "SBS 0 null\r\n";
  s += with_payload("MSG Hotmail Hotmail", kProfile);
  s += "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 2 1\r\n";
  s += "GTC N\r\nBLP AL\r\nPRP MFN Alice%20Liddell\r\n";
  s += "LSG Pals 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n";
  s += "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 \r\n";
  s += "LST N=carol@example.com F=Carol%20%E2%98%83 C=b9462c29-11c8-4a27-8395-c21844f4781a 11 1 "
       "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d\r\n";
  s += "CHG 6 NLN 0\r\n";
  s += "ILN 6 NLN bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n";
  s += with_payload("UBX bob@example.com", "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>");
  s += with_payload("MSG Hotmail Hotmail",
                    "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialmdatanotification; "
                    "charset=UTF-8\r\n\r\n"
                    "Mail-Data: <MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E></MD>\r\n\r\n");
  s += "NLN BSY bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n";
  s += with_payload("UBX bob@example.com",
                    "<Data><PSM>brb &amp; back</PSM><CurrentMedia></CurrentMedia></Data>");
  s += with_payload("GCF 7 Shields.xml",
                    "<?xml version=\"1.0\" encoding=\"utf-8\" ?><config></config>");
  s += "PRP 8 MFN Alice%20L\r\n";
  s += "ADC 0 RL N=dave@example.com F=Dave\r\n";
  s += "CHL 0 22210219642164014968\r\n";
  s += "QNG 60\r\n";
  s += "RNG 0ff1fb1215d75bd7c2f9d2499b790da 127.0.0.1:21864 CKI efee0afa5b1e93f4cbf9 "
       "bob@example.com Bob\r\n";
  s += with_payload("MSG Hotmail Hotmail",
                    "MIME-Version: 1.0\r\nContent-Type: "
                    "application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: 5\r\n");
  s += "garbage here\r\n";
  s += "NLN NLN carol@example.com Carol%20%E2%98%83 0\r\n";
  s += "FLN bob@example.com\r\n";
  s += "REM 0 RL dave@example.com\r\n";
  s += "OUT SSD\r\n";
  return s;
}

struct Run {
  std::vector<std::string> events;
  std::string output;
};

Run run_transcript(bool byte_at_a_time) {
  Ns n(config("alice@example.com", "alicepass"));
  Run r;
  r.output += n.start();
  auto feed = [&](const std::string& bytes) {
    if (byte_at_a_time) {
      for (char ch : bytes) {
        r.output += n.feed(std::string_view(&ch, 1));
        for (auto& d : n.last_described()) r.events.push_back(d);
      }
    } else {
      r.output += n.feed(bytes);
      for (auto& d : n.last_described()) r.events.push_back(d);
    }
  };
  feed(long_transcript12());
  n.s.passport_ticket("51140a82f11ec80c8845");
  r.output += n.s.take_output();
  feed(long_transcript12_after_ticket());
  return r;
}

}  // namespace

TEST_CASE("ns: a long transcript fed one byte at a time gives the same events as whole", "[ns]") {
  Run whole = run_transcript(false);
  Run bytes = run_transcript(true);
  CHECK(bytes.events == whole.events);
  CHECK(bytes.output == whole.output);
  // And the whole run is what we expect.
  CHECK(whole.output ==
        "VER 1 MSNP12 MSNP11 MSNP10 MSNP9 MSNP8 MSNP7 MSNP6 MSNP5 MSNP4 MSNP3 MSNP2 CVR0\r\n"
        "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 MSMSGS alice@example.com\r\n"
        "USR 3 TWN I alice@example.com\r\n"
        "USR 4 TWN S 51140a82f11ec80c8845\r\n"
        "SYN 5 0 0\r\n"
        "CHG 6 NLN 0\r\n"
        "QRY 7 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c");
  std::vector<std::string> expected{
      "VersionChosen 12",
      "PassportNeeded ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1",
      "Group 4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d|Pals",
      "Contact bob@example.com|Bob|d8cc4906-8b30-40c0-a3a6-23dce9fbddc3|11|",
      "Contact carol@example.com|Carol \xE2\x98\x83|b9462c29-11c8-4a27-8395-c21844f4781a|11|"
      "4e3b0a2c-1d5f-4a6b-9c8d-7e6f5a4b3c2d",
      "Privacy AL|N",
      "SignedIn alice@example.com|Alice Liddell|12",
      "OwnStatus NLN",
      "ILN bob@example.com|NLN|Bob|0",
      "PSM bob@example.com|",
      "Presence bob@example.com|BSY|Bob|0",
      "PSM bob@example.com|brb & back",
      "OwnNick Alice L",
      "Reverse +dave@example.com|Dave",
      "Pong 60",
      "Invitation "
      "0ff1fb1215d75bd7c2f9d2499b790da|127.0.0.1:21864|efee0afa5b1e93f4cbf9|bob@example.com|Bob",
      "System the server is going down for maintenance in 5 minutes",
      "ProtocolError malformed line: garbage here|ok",
      "Presence carol@example.com|NLN|Carol \xE2\x98\x83|0",
      "Presence bob@example.com|FLN||0",
      "Reverse -dave@example.com|dave@example.com",
      "SignedOut server_shutdown|the server is shutting down",
  };
  CHECK(whole.events == expected);
}

TEST_CASE("ns: status and personal message chosen before sign-in go out with it", "[ns]") {
  SECTION("MSNP11: CHG with the chosen status, then UUX") {
    Ns n(config("alice@example.com", "x"));
    n.s.set_status(Status::Busy);
    n.s.set_psm("hi");
    CHECK(n.s.take_output().empty());  // nothing before the connection
    login_twn(n, 11, "USR 4 OK alice@example.com 1 0\r\n");
    CHECK(n.feed("SYN 5 a b 0 0\r\nGTC A\r\nBLP AL\r\nPRP MFN Alice\r\n") ==
          "CHG 6 BSY 0\r\nUUX 7 55\r\n<Data><PSM>hi</PSM><CurrentMedia></CurrentMedia></Data>");
  }
  SECTION("MSNP10 has no personal message") {
    Ns n(config("alice@example.com", "x"));
    n.s.set_psm("hi");
    login_twn(n, 10, "USR 4 OK alice@example.com 1 0\r\n");
    CHECK(n.feed("SYN 5 a b 0 0\r\nGTC A\r\nBLP AL\r\nPRP MFN Alice\r\n") == "CHG 6 NLN 0\r\n");
    n.s.set_psm("later");
    CHECK(n.s.take_output().empty());
  }
  SECTION("invisible") {
    NsConfig c = config("alice@example.com", "alicepass", {7});
    c.initial_status = Status::Invisible;
    Ns n(c);
    n.start();
    n.feed(
        "VER 1 MSNP7\r\nINF 2 MD5\r\nUSR 3 MD5 S 15b27e6e9a1b0bb\r\nUSR 4 OK alice@example.com "
        "Alice 1\r\n");
    CHECK(n.feed(kDump7) == "CHG 6 HDN\r\n");
  }
}
