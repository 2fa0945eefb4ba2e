// Replays the recorded Escargot session tests/data/escargot-msnp7-msnp8.txt (format in
// tests/data/README) through proto/. The codec reads every server stream in it. In the MSNP8
// scenario NsSession, PassportLogin and SbSession, given the server's side, send byte for byte
// what the recording's client sent (wherever msntty has a call for it) and report the events the
// exchange implies; the MSNP7 scenario and some error cases are checked by their events.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/NsSession.hpp"
#include "proto/PassportLogin.hpp"
#include "proto/SbSession.hpp"

using namespace msntty;

namespace {

namespace fs = std::filesystem;

const std::string kMsnp7 = "MSNP7 full scenario (USR MD5)";
const std::string kMsnp8 = "MSNP8 full scenario (USR TWN + Passport 1.4)";
const std::string kErrors = "error cases (MSNP7)";
const std::string kNexus = "https://127.0.0.1:8444/rdr/pprdr.asp";

// One recorded line with what belongs to it: a payload (split on CRLF) or HTTP headers.
struct Record {
  std::string scenario;  // the "# === ... ===" heading it is under
  std::string section;   // the "# ..." heading it is under
  std::string conn;      // "alice/NS", "bob/SB", "x/NS", "HTTP", ...
  char dir = 0;          // 'C' client to server, 'S' server to client
  std::string line;
  std::vector<std::string> body;

  std::string payload() const {
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) out += (i ? "\r\n" : "") + body[i];
    return out;
  }
  std::string bytes() const { return line + "\r\n" + payload(); }
};

fs::path data_file() {
  const fs::path rel = fs::path("tests") / "data" / "escargot-msnp7-msnp8.txt";
  std::vector<fs::path> roots{fs::current_path()};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // <root>/build/<tree>/unit-tests
  if (!ec) roots.push_back(exe.parent_path().parent_path().parent_path());
  for (const auto& root : roots)
    if (fs::exists(root / rel)) return root / rel;
  return rel;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Adds `text` to the last record of the same connection and direction.
void append_to_last(std::vector<Record>& out, const std::string& conn, char dir, std::string text) {
  for (auto it = out.rbegin(); it != out.rend(); ++it) {
    if (it->conn == conn && it->dir == dir) {
      it->body.push_back(std::move(text));
      return;
    }
  }
}

std::vector<Record> parse(std::istream& in) {
  std::vector<Record> out;
  std::string scenario, section, raw;
  while (std::getline(in, raw)) {
    if (raw.starts_with("# === ")) {
      scenario = raw.substr(6, raw.rfind(" ===") - 6);
      continue;
    }
    if (raw.starts_with("# ")) section = raw.substr(2);
    const size_t first = raw.find_first_not_of(' ');
    const size_t open = raw.find('['), close = raw.find(']');
    if (first == std::string::npos || !std::isdigit(static_cast<unsigned char>(raw[first])) ||
        open == std::string::npos || close == std::string::npos || close + 2 > raw.size())
      continue;
    const std::string conn = trim(raw.substr(open + 1, close - open - 1));
    const std::string rest = raw.substr(close + 2);
    if (!(rest.starts_with("C> ") || rest.starts_with("S> "))) continue;  // "--" and ".." notes
    const char dir = rest[0];
    const std::string text = rest.substr(3);
    if (text.starts_with("  |"))
      append_to_last(out, conn, dir, text.size() > 4 ? text.substr(4) : "");
    else if (conn == "HTTP" && text.starts_with("  "))
      append_to_last(out, conn, dir, text.substr(2));
    else
      out.push_back({scenario, section, conn, dir, text, {}});
  }
  return out;
}

const std::vector<Record>& records() {
  static const std::vector<Record> all = [] {
    std::ifstream in(data_file());
    return parse(in);
  }();
  return all;
}

// The records of one connection (in one section, if given), consumed in order.
class Replay {
 public:
  Replay(const std::string& scenario, const std::string& conn, const std::string& section = "") {
    for (const auto& r : records())
      if (r.scenario == scenario && r.conn == conn && (section.empty() || r.section == section))
        m_recs.push_back(&r);
  }
  // The server's lines up to the client's next one, as bytes.
  std::string server() {
    std::string out;
    while (m_pos < m_recs.size() && m_recs[m_pos]->dir == 'S') out += m_recs[m_pos++]->bytes();
    return out;
  }
  // The client's next line with its payload, as bytes.
  std::string client() {
    if (m_pos >= m_recs.size() || m_recs[m_pos]->dir != 'C') return "<no client line here>";
    return m_recs[m_pos++]->bytes();
  }
  // A line the recording's client sent for which msntty has no call (a probe).
  void skip_client() { client(); }
  const Record& next() {
    static const Record none;
    return m_pos < m_recs.size() ? *m_recs[m_pos++] : none;
  }
  std::string all_server() {
    std::string out;
    for (const Record* r : m_recs)
      if (r->dir == 'S') out += r->bytes();
    return out;
  }
  bool at_end() const { return m_pos == m_recs.size(); }
  size_t size() const { return m_recs.size(); }

 private:
  std::vector<const Record*> m_recs;
  size_t m_pos = 0;
};

template <class T, class V>
std::vector<T> pick(const std::vector<V>& events) {
  std::vector<T> out;
  for (const auto& e : events)
    if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
  return out;
}

HttpHeaders headers_of(const Record& r) {
  HttpHeaders h;
  for (const auto& line : r.body) {
    const size_t colon = line.find(": ");
    if (colon != std::string::npos) h.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return h;
}

std::string header(const HttpHeaders& h, const std::string& name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return "<missing " + name + ">";
}

int status_of(const Record& r) {
  return std::atoi(r.line.c_str());
}

// The Passport requests of `user`'s sign-in: the same URLs and Authorization header as
// recorded; returns the ticket read from the recorded answer.
std::string passport(const std::string& user, const std::string& password,
                     const std::string& args) {
  Replay http(kMsnp8, "HTTP", user.substr(0, user.find('@')) + " logs in");
  REQUIRE(http.size() == 4);
  PassportLogin p(kNexus, user, password, args);
  PassportStep s = p.start();
  REQUIRE(s.kind == PassportStep::Kind::Request);
  CHECK("GET " + s.url == http.next().line);
  const Record& nexus = http.next();
  s = p.on_response(status_of(nexus), headers_of(nexus));
  REQUIRE(s.kind == PassportStep::Kind::Request);
  const Record& login = http.next();
  CHECK("GET " + s.url == login.line);
  CHECK(header(s.headers, "Authorization") == header(headers_of(login), "Authorization"));
  const Record& answer = http.next();
  s = p.on_response(status_of(answer), headers_of(answer));
  REQUIRE(s.kind == PassportStep::Kind::Ticket);
  return s.ticket;
}

NsConfig msnp8_config(const std::string& account, const std::string& password) {
  NsConfig c;
  c.account = account;
  c.password = password;
  c.versions = {8, 7, 6};         // what the recording's client offered
  c.client_version = "6.0.0602";  // and named in CVR
  return c;
}

// Plays `user`'s recorded MSNP8 sign-in, checking every line msntty sends on the way; returns
// the events up to the client's next line after the first CHG.
std::vector<ns::Event> sign_in_msnp8(NsSession& ns, Replay& r, const std::string& user,
                                     const std::string& password) {
  ns.start();
  CHECK(ns.take_output() == r.client());  // VER
  ns.receive(r.server());
  CHECK(ns.take_output() == r.client());  // CVR
  ns.receive(r.server());
  CHECK(ns.take_output() == r.client());  // USR TWN I
  ns.receive(r.server());                 // USR TWN S <server args>
  auto need = pick<ns::PassportNeeded>(ns.take_events());
  REQUIRE(need.size() == 1);
  ns.passport_ticket(passport(user, password, need[0].server_args));
  CHECK(ns.take_output() == r.client());  // USR TWN S <ticket>
  ns.receive(r.server());                 // USR OK, the profile
  CHECK(ns.take_output() == r.client());  // SYN
  ns.receive(r.server());                 // the dump
  CHECK(ns.take_output() == r.client());  // CHG NLN 0
  ns.receive(r.server());
  return ns.take_events();
}

}  // namespace

TEST_CASE("transcripts: the recording is there and every payload has its announced length",
          "[proto][transcripts]") {
  INFO(data_file().string());
  REQUIRE(records().size() > 300);
  int checked = 0;
  for (const auto& r : records()) {
    if (r.conn == "HTTP" || r.body.empty()) continue;
    INFO(r.conn << ": " << r.line);
    const std::string last = r.line.substr(r.line.rfind(' ') + 1);
    REQUIRE(std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; }));
    CHECK(r.payload().size() == std::stoul(last));
    ++checked;
  }
  CHECK(checked >= 19);  // the 19 payloads of the recording
}

TEST_CASE("transcripts: the codec reads every recorded server stream, whole and byte by byte",
          "[proto][transcripts][codec]") {
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const Record*>> streams;
  for (const auto& r : records())
    if (r.dir == 'S' && r.conn != "HTTP") streams[{r.scenario, r.section, r.conn}].push_back(&r);
  REQUIRE(streams.size() > 20);
  for (const auto& [key, recs] : streams) {
    std::string bytes;
    for (const Record* r : recs) bytes += r->bytes();
    for (bool byte_at_a_time : {false, true}) {
      INFO(std::get<1>(key) << " / " << std::get<2>(key) << (byte_at_a_time ? " (bytes)" : ""));
      Codec codec;
      size_t n = 0;
      const auto drain = [&] {
        while (auto item = codec.next()) {
          const Command* c = std::get_if<Command>(&*item);
          REQUIRE(c);
          REQUIRE(n < recs.size());
          CHECK(recs[n]->line.starts_with(c->name + (c->args.empty() ? "" : " ")));
          CHECK(c->payload == recs[n]->payload());
          ++n;
        }
      };
      if (byte_at_a_time) {
        for (char ch : bytes) {
          codec.feed(std::string_view(&ch, 1));
          drain();
        }
      } else {
        codec.feed(bytes);
        drain();
      }
      CHECK(n == recs.size());
      CHECK(codec.buffered() == 0);
    }
  }
}

TEST_CASE("transcripts: MSNP8 alice signs in, edits her list, opens a switchboard, talks to bob",
          "[proto][transcripts][ns][sb]") {
  Replay r(kMsnp8, "alice/NS");
  NsSession ns(msnp8_config("alice@example.com", "alicepass"));
  auto events = sign_in_msnp8(ns, r, "alice@example.com", "alicepass");

  auto signed_in = pick<ns::SignedIn>(events);
  REQUIRE(signed_in.size() == 1);
  CHECK(signed_in[0].account == "alice@example.com");
  CHECK(signed_in[0].nick == "Alice Liddell");
  CHECK(signed_in[0].version == 8);
  auto groups = pick<ns::GroupListed>(events);
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].group.id == "0");
  CHECK(groups[0].group.name == "Other Contacts");
  auto contacts = pick<ns::ContactListed>(events);
  REQUIRE(contacts.size() == 1);
  CHECK(contacts[0].contact.email == "bob@example.com");
  CHECK(contacts[0].contact.lists == (kForwardList | kAllowList | kReverseList));
  CHECK(contacts[0].contact.groups == std::vector<std::string>{"0"});
  auto privacy = pick<ns::PrivacySettings>(events);
  REQUIRE_FALSE(privacy.empty());
  CHECK(privacy.back().blp == "AL");
  CHECK(privacy.back().gtc == "N");
  auto presence = pick<ns::Presence>(events);
  REQUIRE(presence.size() == 1);
  CHECK(presence[0].initial);
  CHECK(presence[0].email == "bob@example.com");
  CHECK(presence[0].status == Status::Online);
  CHECK(presence[0].nick == "Bob");

  // Each call sends exactly the recorded line; the answer gives the event.
  const auto exchange = [&] {
    CHECK(ns.take_output() == r.client());
    ns.receive(r.server());
    return ns.take_events();
  };
  ns.ping();
  CHECK(pick<ns::Pong>(exchange()).size() == 1);
  ns.set_nick("Alice Liddell");
  auto nick = pick<ns::OwnNick>(exchange());
  REQUIRE(nick.size() == 1);
  CHECK(nick[0].nick == "Alice Liddell");
  ns.set_privacy("AL");
  auto e218 = pick<ns::Error>(exchange());
  REQUIRE(e218.size() == 1);
  CHECK(e218[0].code == 218);
  CHECK_FALSE(e218[0].fatal);
  ns.set_prompt("N");
  CHECK(pick<ns::Error>(exchange()).size() == 1);
  ns.add_contact("carol@example.com", "");
  auto added = pick<ns::ListAdded>(exchange());
  REQUIRE(added.size() == 1);
  CHECK(added[0].list == kForwardList);
  CHECK(added[0].email == "carol@example.com");
  ns.add_contact("nobody@example.com", "");
  auto e205 = pick<ns::Error>(exchange());
  REQUIRE(e205.size() == 1);
  CHECK(e205[0].code == 205);
  CHECK(e205[0].text == "account does not exist");
  Contact carol;
  carol.email = "carol@example.com";
  ns.remove_contact(carol);
  auto removed = pick<ns::ListRemoved>(exchange());
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].who == "carol@example.com");
  r.skip_client();  // XFR 13 NS, a probe (answered 201)
  ns.receive(r.server());
  CHECK(pick<ns::Error>(ns.take_events()).size() == 1);
  r.skip_client();  // XFR 14 SB: msntty would have numbered it 13, having sent no XFR NS
  ns.receive(r.server());
  events = ns.take_events();
  auto granted = pick<ns::SwitchboardGranted>(events);
  REQUIRE(granted.size() == 1);
  CHECK(granted[0].host == "127.0.0.1");
  CHECK(granted[0].port == 1864);
  presence = pick<ns::Presence>(events);
  REQUIRE(presence.size() == 2);  // Escargot says FLN twice: on HDN and on sign-out
  CHECK(presence[1].status == Status::Offline);
  ns.sign_out();
  CHECK(ns.take_output() == r.client());
  CHECK(r.at_end());

  Replay s(kMsnp8, "alice/SB");
  SbSession sb("alice@example.com", ImFormat{});
  const auto sb_exchange = [&] {
    CHECK(sb.take_output() == s.client());
    sb.receive(s.server());
    return sb.take_events();
  };
  sb.start_call(granted[0].cookie);
  CHECK(pick<sb::Ready>(sb_exchange()).size() == 1);
  sb.invite("carol@example.com");
  auto failed = pick<sb::CallFailed>(sb_exchange());
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].email == "carol@example.com");
  CHECK(failed[0].code == 217);
  sb.invite("bob@example.com");
  auto sbe = sb_exchange();
  CHECK(pick<sb::Ringing>(sbe).size() == 1);
  auto joined = pick<sb::Joined>(sbe);
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].email == "bob@example.com");
  CHECK_FALSE(joined[0].already_there);
  CHECK(sb.send_text("Hello Bob, this is Alice!") == std::vector<uint32_t>{4});
  sbe = sb_exchange();
  auto delivered = pick<sb::Delivered>(sbe);
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].trid == 4);
  auto typing = pick<sb::Typing>(sbe);
  REQUIRE(typing.size() == 1);
  CHECK(typing[0].email == "bob@example.com");
  auto messages = pick<sb::Message>(sbe);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].from == "bob@example.com");
  CHECK(messages[0].text == "Hi Alice! Bob here.");
  auto left = pick<sb::Left>(sbe);
  REQUIRE(left.size() == 1);
  CHECK(left[0].email == "bob@example.com");
  CHECK(sb.unacknowledged().empty());
  sb.leave();
  CHECK(sb.take_output() == s.client());
  CHECK(s.at_end());
}

TEST_CASE("transcripts: MSNP8 bob signs in, is rung, answers, goes invisible",
          "[proto][transcripts][ns][sb]") {
  Replay r(kMsnp8, "bob/NS");
  NsSession ns(msnp8_config("bob@example.com", "bobpass"));
  auto events = sign_in_msnp8(ns, r, "bob@example.com", "bobpass");
  REQUIRE(pick<ns::SignedIn>(events).size() == 1);
  auto presence = pick<ns::Presence>(events);
  REQUIRE_FALSE(presence.empty());
  CHECK(presence.back().email == "alice@example.com");
  CHECK(presence.back().nick == "Alice Liddell");
  CHECK_FALSE(presence.back().initial);
  auto rung = pick<ns::Invitation>(events);
  REQUIRE(rung.size() == 1);
  CHECK(rung[0].inviter == "alice@example.com");
  CHECK(rung[0].inviter_nick == "Alice Liddell");
  CHECK(rung[0].host == "127.0.0.1");
  CHECK(rung[0].port == 1864);

  const auto exchange = [&] {
    CHECK(ns.take_output() == r.client());
    ns.receive(r.server());
    return ns.take_events();
  };
  ns.set_status(Status::Invisible);
  auto own = pick<ns::OwnStatus>(exchange());
  REQUIRE(own.size() == 1);
  CHECK(own[0].status == Status::Invisible);
  const uint32_t asked = ns.request_switchboard();
  auto refused = pick<ns::SwitchboardRefused>(exchange());
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].trid == asked);
  CHECK(refused[0].code == 913);
  ns.sign_out();
  CHECK(ns.take_output() == r.client());
  CHECK(r.at_end());

  Replay s(kMsnp8, "bob/SB");
  SbSession sb("bob@example.com", ImFormat{});
  sb.start_answer(rung[0].session_id, rung[0].cookie);
  CHECK(sb.take_output() == s.client());
  sb.receive(s.server());
  auto sbe = sb.take_events();
  auto joined = pick<sb::Joined>(sbe);
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].email == "alice@example.com");
  CHECK(joined[0].nick == "Alice Liddell");
  CHECK(joined[0].already_there);
  CHECK(pick<sb::Ready>(sbe).size() == 1);
  auto messages = pick<sb::Message>(sbe);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].text == "Hello Bob, this is Alice!");
  CHECK(messages[0].format.font == "Arial");
  sb.send_typing();
  CHECK(sb.take_output() == s.client());
  s.skip_client();  // MSG 3 N: plain text without a format; msntty sends text with A and one
  sb.leave();
  CHECK(sb.take_output() == s.client());
  CHECK(s.at_end());
}

TEST_CASE("transcripts: MSNP7 MD5 sign-in and list changes, by their events",
          "[proto][transcripts][ns]") {
  // The recording's MSNP7 client sent CVR, msntty does not: TrIDs differ, so only the first
  // line and the MD5 answer are compared, and the server's side is fed whole.
  Replay r(kMsnp7, "alice/NS");
  NsConfig config;
  config.account = "alice@example.com";
  config.password = "alicepass";
  config.versions = {7, 6, 5};
  NsSession ns(config);
  ns.start();
  CHECK(ns.take_output() == r.client());
  ns.receive(r.all_server());
  CHECK(ns.take_output().find("MD5 S 490ec3837050e6de4bb217904fbb5f60\r\n") != std::string::npos);
  auto events = ns.take_events();
  auto signed_in = pick<ns::SignedIn>(events);
  REQUIRE(signed_in.size() == 1);
  CHECK(signed_in[0].nick == "Alice");
  CHECK(signed_in[0].version == 7);
  auto contacts = pick<ns::ContactListed>(events);
  REQUIRE(contacts.size() == 1);
  CHECK(contacts[0].contact.email == "bob@example.com");
  CHECK(contacts[0].contact.lists == (kForwardList | kAllowList | kReverseList));
  CHECK(contacts[0].contact.groups == std::vector<std::string>{"0"});
  auto presence = pick<ns::Presence>(events);
  REQUIRE(presence.size() == 3);
  CHECK(presence[0].initial);
  CHECK(presence[0].nick == "Bob");
  CHECK(presence[2].status == Status::Offline);
  auto nick = pick<ns::OwnNick>(events);
  REQUIRE(nick.size() == 1);
  CHECK(nick[0].nick == "Alice Liddell");
  auto privacy = pick<ns::PrivacySettings>(events);
  REQUIRE_FALSE(privacy.empty());
  CHECK(privacy.back().gtc == "N");
  CHECK(pick<ns::ListAdded>(events).size() == 1);
  CHECK(pick<ns::ListRemoved>(events).size() == 1);
  auto errors = pick<ns::Error>(events);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].code == 205);
  CHECK(errors[1].code == 201);
  auto granted = pick<ns::SwitchboardGranted>(events);
  REQUIRE(granted.size() == 1);
  CHECK(granted[0].cookie == "3371944ba9bba74ab36d");
  CHECK(pick<ns::ProtocolError>(events).empty());
}

TEST_CASE("transcripts: recorded error cases", "[proto][transcripts]") {
  NsConfig config;
  config.account = "alice@example.com";
  config.password = "wrongpass";
  config.versions = {7, 6, 5};
  const auto ns_events = [&](const std::string& section, const std::string& conn) {
    Replay r(kErrors, conn, section);
    REQUIRE(r.size() > 0);
    NsSession ns(config);
    ns.start();
    ns.receive(r.all_server());
    return ns.take_events();
  };
  SECTION("no common version") {
    auto errors = pick<ns::Error>(ns_events("unsupported protocol version", "x/NS"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].fatal);
  }
  SECTION("wrong MD5 password") {
    auto errors = pick<ns::Error>(ns_events("USR MD5 with bad password (MSNP7)", "x/NS"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == 911);
    CHECK(errors[0].fatal);
  }
  SECTION("signed in elsewhere") {
    auto out = pick<ns::SignedOut>(
        ns_events("duplicate login: second alice login boots the first (OUT OTH)", "alice1/NS"));
    REQUIRE(out.size() == 1);
    CHECK(out[0].reason == "other_login");
  }
  SECTION("wrong Passport password") {
    Replay http(kErrors, "HTTP",
                "TWN (MSNP8): wrong password at the Passport login server, then a bogus ticket");
    PassportLogin p(kNexus, "alice@example.com", "wrongpass",
                    "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
    p.start();
    http.next();
    const Record& nexus = http.next();
    PassportStep s = p.on_response(status_of(nexus), headers_of(nexus));
    REQUIRE(s.kind == PassportStep::Kind::Request);
    CHECK(header(s.headers, "Authorization") == header(headers_of(http.next()), "Authorization"));
    const Record& refused = http.next();
    CHECK(status_of(refused) == 401);
    s = p.on_response(status_of(refused), headers_of(refused));
    CHECK(s.kind == PassportStep::Kind::Failed);
    CHECK(s.auth_failed);
  }
  SECTION("bad switchboard cookie") {
    Replay r(kErrors, "x/SB", "SB: bad CKI token");
    SbSession sb("alice@example.com", ImFormat{});
    sb.start_call("0123456789abcdef0123");
    CHECK(sb.take_output() == r.client());
    sb.receive(r.server());
    auto errors = pick<sb::Error>(sb.take_events());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == 911);
    CHECK(errors[0].fatal);
    CHECK(sb.closed());
  }
}
