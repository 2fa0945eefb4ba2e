// Chats driven through the fake transport: the switchboard lines a server sends (as in
// doc/protocol/switchboard.md and the recorded session in tests/data/), the exact lines Chats
// sends back, and what becomes of each message: queued until the contact joins, ACK/NAK, failed
// when the connection drops, /resend on a new switchboard.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "app/Chats.hpp"
#include "app/EventBus.hpp"
#include "app/Settings.hpp"
#include "helpers/ChatsWorld.hpp"
#include "helpers/FakeTransport.hpp"
#include "helpers/Loop.hpp"
#include "helpers/ManualClock.hpp"
#include "model/ContactList.hpp"
#include "model/Conversations.hpp"
#include "net/Reactor.hpp"

using namespace msntty;
using Lines = std::vector<std::string>;
using namespace std::chrono_literals;

namespace {

const std::string kBob = "bob@example.com";
const std::string kCookie = "3371944ba9bba74ab36d";  // as in the recorded XFR SB

// Chats with everything around it faked: the NS answers XFR SB with TrIDs 100, 101, ...
struct Fixture : test::ChatsWorld {
  std::string guid;  // our machine GUID once signed in at MSNP16+
  bool signed_in = true;
  std::vector<uint32_t> xfr;  // every XFR SB asked for
  Chats chats{reactor, network.factory(), settings, contacts, conversations, events, hooks()};

  Chats::Hooks hooks() {
    Chats::Hooks h;
    h.request_switchboard = [this]() -> uint32_t {
      if (!signed_in) return 0;
      xfr.push_back(static_cast<uint32_t>(100 + xfr.size()));
      return xfr.back();
    };
    h.account = [this]() -> const std::string& { return account; };
    h.place_guid = [this] { return guid; };
    return h;
  }

  // The end of the loop turn, where Chats writes what the sessions queued: as lines, or as
  // the exact bytes (a MSG payload has no CRLF at its end).
  Lines sent(test::FakeWire& wire) {
    test::settle(reactor);
    return wire.take_lines();
  }
  std::string sent_bytes(test::FakeWire& wire) {
    test::settle(reactor);
    return wire.take_sent();
  }

  // XFR SB granted, connected, USR OK, CAL (TrID 2) and, if `ring`, CAL RINGING: a switchboard
  // that waits for `who` to join.
  test::FakeWire& open_switchboard(const std::string& who = kBob, bool ring = true) {
    REQUIRE_FALSE(xfr.empty());
    size_t before = network.count();
    chats.on_granted({xfr.back(), "127.0.0.1", 1864, kCookie});
    REQUIRE(network.count() == before + 1);
    test::FakeWire& wire = network.last();
    CHECK(wire.host == "127.0.0.1");
    CHECK(wire.port == 1864);
    CHECK_FALSE(wire.tls.enabled);
    CHECK(sent(wire).empty());  // nothing before the connection is up
    wire.accept();
    CHECK(sent(wire) == Lines{"USR 1 alice@example.com " + kCookie});
    wire.server_says("USR 1 OK alice@example.com Alice%20Liddell");
    CHECK(sent(wire) == Lines{"CAL 2 " + who});
    if (ring) wire.server_says("CAL 2 RINGING e637896aaeb1924b9d4982a926e3668");
    return wire;
  }

  const ChatLine& line(Conversation& c, uint64_t id) {
    const ChatLine* l = c.find_line(id);
    REQUIRE(l);
    return *l;
  }

  // The events of one type seen so far, oldest first.
  template <class E>
  std::vector<E> all() const {
    std::vector<E> out;
    for (const auto& e : seen)
      if (const E* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
};

// The exact bytes of the MSG a text goes out as with the default font settings.
std::string msg(uint32_t trid, const std::string& text) {
  std::string payload =
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: "
      "FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\n" +
      text;
  return "MSG " + std::to_string(trid) + " A " + std::to_string(payload.size()) + "\r\n" + payload;
}

}  // namespace

TEST_CASE("chats: messages wait for the switchboard and the contact, then go with ack A",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello bob");
  CHECK(f.xfr.size() == 1);  // XFR SB asked for, nothing connected yet
  CHECK(f.network.count() == 0);
  CHECK(f.line(c, id).delivery == Delivery::Pending);
  REQUIRE(f.all<ev::Sent>().size() == 1);
  CHECK(f.all<ev::Sent>()[0].id == id);
  CHECK(f.all<ev::Sent>()[0].text == "hello bob");

  test::FakeWire& wire = f.open_switchboard();
  // Typed while bob's phone rings: it waits with the first one, on the same switchboard.
  uint64_t second = f.chats.send_text(c, "are you there?");
  CHECK(f.sent(wire).empty());
  CHECK(f.xfr.size() == 1);
  CHECK(f.chats.live_switchboards() == 1);
  CHECK(f.line(c, id).delivery == Delivery::Pending);
  CHECK(f.line(c, second).delivery == Delivery::Pending);
  CHECK(f.all<ev::Failed>().empty());

  wire.server_says("JOI bob@example.com Bob");
  size_t writes_before = wire.send_calls;
  CHECK(f.sent_bytes(wire) == msg(3, "hello bob") + msg(4, "are you there?"));
  CHECK(wire.send_calls == writes_before + 1);  // the whole turn's output in one write
  CHECK(f.line(c, id).delivery == Delivery::Sent);
  CHECK(c.present() == std::vector<std::string>{kBob});
  REQUIRE(f.all<ev::Joined>().size() == 1);
  CHECK(f.all<ev::Joined>()[0].contact == kBob);
  CHECK(f.all<ev::Joined>()[0].conversation == c.id());

  wire.server_says("ACK 3");
  CHECK(f.line(c, id).delivery == Delivery::Delivered);
  CHECK(f.line(c, second).delivery == Delivery::Sent);
  REQUIRE(f.all<ev::Delivered>().size() == 1);
  CHECK(f.all<ev::Delivered>()[0].id == id);

  wire.server_says("NAK 4");
  CHECK(f.line(c, second).delivery == Delivery::Failed);
  CHECK(f.line(c, second).failure == "the server could not deliver it to everyone");
  REQUIRE(f.all<ev::Failed>().size() == 1);
  CHECK(f.all<ev::Failed>()[0].id == second);
  CHECK(f.all<ev::Failed>()[0].reason == f.line(c, second).failure);
  CHECK(f.chats.live_switchboards() == 1);
}

TEST_CASE("chats: on a live switchboard a message goes out in the same turn", "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "one");
  test::FakeWire& wire = f.open_switchboard();
  wire.server_says("JOI bob@example.com Bob");
  CHECK(f.sent_bytes(wire) == msg(3, "one"));
  uint64_t id = f.chats.send_text(c, "two");
  CHECK(f.xfr.size() == 1);  // no new switchboard
  CHECK(f.sent_bytes(wire) == msg(4, "two"));
  wire.server_says("ACK 4");
  CHECK(f.line(c, id).delivery == Delivery::Delivered);
}

TEST_CASE("chats: an incoming MSG becomes a line and a message event", "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "hi");
  test::FakeWire& wire = f.open_switchboard();
  wire.server_says("JOI bob@example.com Bob");
  f.sent(wire);
  std::string payload =
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhi alice";
  wire.feed("MSG bob@example.com Bob " + std::to_string(payload.size()) + "\r\n" + payload);
  const ChatLine& in = c.lines().back();
  CHECK(in.kind == ChatLine::Kind::Incoming);
  CHECK(in.from == kBob);
  CHECK(in.text == "hi alice");
  REQUIRE(f.all<ev::Message>().size() == 1);
  CHECK(f.all<ev::Message>()[0].from == kBob);
  CHECK(f.all<ev::Message>()[0].text == "hi alice");
  CHECK(f.sent(wire).empty());  // nothing to answer
}

TEST_CASE("chats: a dropped switchboard fails the unacknowledged message; /resend delivers it",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  test::FakeWire& first = f.open_switchboard();
  first.server_says("JOI bob@example.com Bob");
  CHECK(f.sent_bytes(first) == msg(3, "hello"));

  first.drop("connection reset by peer");
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure == "switchboard closed before delivery: connection reset by peer");
  REQUIRE(f.all<ev::Failed>().size() == 1);
  CHECK(f.all<ev::Failed>()[0].id == id);
  CHECK(f.chats.live_switchboards() == 0);
  CHECK(c.present().empty());
  // The failure says it once: no notice of the closed connection besides (it was one of three
  // lines for one failed message).
  for (const auto& l : c.lines()) CHECK(l.kind != ChatLine::Kind::Notice);
  CHECK(f.sent(first).empty());  // nothing more on a dropped connection

  std::string error;
  size_t lines_before = c.lines().size();
  CHECK(f.chats.resend(c, 0, error));  // 0: the last failed one
  // A new message at the end, with a new id; the failed one stays failed.
  REQUIRE(c.lines().size() == lines_before + 1);
  const ChatLine& again = c.lines().back();
  CHECK(again.kind == ChatLine::Kind::Outgoing);
  CHECK(again.text == "hello");
  CHECK(again.id != id);
  CHECK(again.delivery == Delivery::Pending);
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  uint64_t id2 = again.id;
  CHECK(f.all<ev::Sent>().size() == 2);
  CHECK(f.all<ev::Sent>().back().id == id2);
  REQUIRE(f.xfr.size() == 2);  // a new XFR SB
  test::FakeWire& second = f.open_switchboard();
  CHECK(&second != &first);
  second.server_says("JOI bob@example.com Bob");
  CHECK(f.sent_bytes(second) == msg(3, "hello"));
  second.server_says("ACK 3");
  CHECK(f.line(c, id2).delivery == Delivery::Delivered);
  CHECK(f.line(c, id).delivery == Delivery::Failed);

  CHECK_FALSE(f.chats.resend(c, id2, error));
  CHECK(error == "message " + std::to_string(id2) + " has not failed");
  CHECK_FALSE(f.chats.resend(c, id, error));  // once is enough: it has a copy on its way
  CHECK(error ==
        "message " + std::to_string(id) + " was resent already, as message " + std::to_string(id2));
  CHECK_FALSE(f.chats.resend(c, 0, error));
  CHECK(error == "no failed message to resend");
}

TEST_CASE("chats: a switchboard dropped before anyone joins fails the queue", "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  test::FakeWire& wire = f.open_switchboard();
  wire.drop("connection closed by server");
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure == "connection closed by server");
  CHECK(f.chats.live_switchboards() == 0);
  CHECK_FALSE(wire.attached());  // a dropped connection is not kept for OUT
}

TEST_CASE("chats: nobody joining within join_timeout fails the queue and leaves the switchboard",
          "[app][chats]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("join_timeout", "10"));
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  test::FakeWire& wire = f.open_switchboard();  // rings, and nobody answers
  f.clock.advance(f.reactor, 9s);
  CHECK(f.line(c, id).delivery == Delivery::Pending);
  CHECK(f.sent(wire).empty());
  f.clock.advance(f.reactor, 1s);
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure == "nobody joined within 10 seconds");
  CHECK(f.sent(wire) == Lines{"OUT"});
  CHECK(wire.close_requested);
  CHECK(f.chats.live_switchboards() == 0);
}

TEST_CASE("chats: a refused XFR SB fails the message with the reason", "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  f.chats.on_refused({f.xfr.back(), 913, "not allowed when offline"});
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure ==
        "913: not allowed when offline (you cannot start conversations while invisible)");
  CHECK(f.network.count() == 0);
}

TEST_CASE("chats: a message typed while signed out waits, then fails after offline_queue_timeout",
          "[app][chats]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("offline_queue_timeout", "60"));
  f.signed_in = false;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  CHECK(f.line(c, id).delivery == Delivery::Pending);
  CHECK(c.lines().back().text == "not signed in: messages wait for the sign-in (up to 1 minute)");
  f.clock.advance(f.reactor, 30s);
  uint64_t later = f.chats.send_text(c, "again");
  f.clock.advance(f.reactor, 30s);  // the first has waited a minute, the second half of one
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure == "not signed in within 60 seconds");
  CHECK(f.line(c, later).delivery == Delivery::Pending);
  f.clock.advance(f.reactor, 30s);
  CHECK(f.line(c, later).delivery == Delivery::Failed);
  CHECK(f.all<ev::Failed>().size() == 2);
  CHECK(f.network.count() == 0);
}

TEST_CASE("chats: what waited for the sign-in asks for a switchboard once signed in",
          "[app][chats]") {
  Fixture f;
  f.signed_in = false;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  CHECK(f.xfr.empty());
  f.signed_in = true;
  f.chats.on_ns_ready();
  REQUIRE(f.xfr.size() == 1);
  CHECK(f.line(c, id).delivery == Delivery::Pending);
  f.clock.advance(f.reactor, 3600s);  // the wait is over: no timer fails it any more
  CHECK(f.line(c, id).delivery == Delivery::Pending);
}

TEST_CASE("chats: an XFR SB unanswered when the NS went waits for the next sign-in",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  REQUIRE(f.xfr.size() == 1);
  f.signed_in = false;
  f.chats.on_ns_lost();
  f.signed_in = true;
  f.chats.on_ns_ready();
  CHECK(f.xfr.size() == 2);  // asked again on the new session
  CHECK(f.line(c, id).delivery == Delivery::Pending);
}

TEST_CASE("chats: a contact who cannot be called fails the queue and the switchboard is left",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  test::FakeWire& wire = f.open_switchboard(kBob, false);
  // The answer to CAL 2 instead of RINGING: bob is offline (as in the recorded session).
  wire.server_says("217 2");
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure == "bob@example.com: 217: user is offline or not accepting messages");
  REQUIRE(f.all<ev::Error>().size() == 1);
  CHECK(f.all<ev::Error>()[0].code == 217);
  CHECK(f.chats.live_switchboards() == 0);
  CHECK(f.sent(wire) == Lines{"OUT"});  // left politely, then closed once written
  CHECK(wire.close_requested);
  CHECK(wire.attached());
  wire.finish_close();
  CHECK_FALSE(wire.attached());
}

TEST_CASE("chats: closing a conversation sends OUT and closes after it is written",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t conv = c.id();
  f.chats.send_text(c, "hi");
  test::FakeWire& wire = f.open_switchboard();
  wire.server_says("JOI bob@example.com Bob");
  f.sent(wire);
  f.chats.close(c);
  CHECK(f.conversations.size() == 0);
  REQUIRE(f.all<ev::ConversationClosed>().size() == 1);
  CHECK(f.all<ev::ConversationClosed>()[0].conversation == conv);
  CHECK(f.sent(wire) == Lines{"OUT"});
  CHECK(wire.close_requested);
  wire.finish_close();
  CHECK_FALSE(wire.attached());
}

TEST_CASE("chats: when everyone has left, the next message starts a new switchboard",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "hi");
  test::FakeWire& first = f.open_switchboard();
  first.server_says("JOI bob@example.com Bob");
  f.sent(first);
  first.server_says("ACK 3");
  first.server_says("BYE bob@example.com");
  CHECK(c.present().empty());
  REQUIRE(f.all<ev::Left>().size() == 1);
  CHECK(f.all<ev::Left>()[0].contact == kBob);

  uint64_t id = f.chats.send_text(c, "still there?");
  CHECK(f.sent(first) == Lines{"OUT"});  // the empty switchboard is left...
  CHECK(first.close_requested);
  REQUIRE(f.xfr.size() == 2);  // ...and a new one asked for
  test::FakeWire& second = f.open_switchboard();
  second.server_says("JOI bob@example.com Bob");
  CHECK(f.sent_bytes(second) == msg(3, "still there?"));
  CHECK(f.line(c, id).delivery == Delivery::Sent);
}

TEST_CASE("chats: an invitation (RNG) answers with ANS; typing and nudges go out on their own",
          "[app][chats]") {
  Fixture f;
  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  REQUIRE(f.network.count() == 1);
  test::FakeWire& wire = f.network.last();
  CHECK(wire.host == "127.0.0.1");
  CHECK(wire.port == 1865);
  wire.accept();
  CHECK(f.sent(wire) == Lines{"ANS 1 alice@example.com 849102291.520491932 11752013"});
  wire.server_says("IRO 1 1 1 bob@example.com Bob");
  wire.server_says("ANS 1 OK");
  REQUIRE(f.conversations.size() == 1);
  Conversation& c = f.conversations.all().front();
  CHECK(c.present() == std::vector<std::string>{kBob});
  CHECK(f.sent(wire).empty());  // answering: nobody to call

  f.chats.send_typing(c);
  Lines typing = f.sent(wire);
  REQUIRE_FALSE(typing.empty());
  CHECK(typing[0].starts_with("MSG 2 U "));
  CHECK(std::find(typing.begin(), typing.end(), "TypingUser: alice@example.com") != typing.end());
  f.chats.send_typing(c);  // within 5 s: not again
  CHECK(f.sent(wire).empty());

  f.chats.send_nudge(c);
  Lines nudge = f.sent(wire);
  REQUIRE_FALSE(nudge.empty());
  CHECK(nudge[0].starts_with("MSG 3 N "));
  CHECK(c.lines().back().text == "you sent a nudge");
}

TEST_CASE("chats: answering an invitation whose inviter already left, a message calls them anew",
          "[app][chats]") {
  Fixture f;
  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  f.sent(wire);
  wire.server_says("ANS 1 OK");  // no IRO: nobody is left in it
  Conversation& c = f.conversations.all().front();
  uint64_t id = f.chats.send_text(c, "sorry, I was away");
  CHECK(f.sent(wire) == Lines{"OUT"});
  REQUIRE(f.xfr.size() == 1);
  test::FakeWire& fresh = f.open_switchboard();
  fresh.server_says("JOI bob@example.com Bob");
  CHECK(f.sent_bytes(fresh) == msg(3, "sorry, I was away"));
  CHECK(f.line(c, id).delivery == Delivery::Sent);
}

TEST_CASE("chats: inviting someone to a live conversation sends CAL at once", "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "hi");
  test::FakeWire& wire = f.open_switchboard();
  wire.server_says("JOI bob@example.com Bob");
  f.sent(wire);
  f.chats.invite(c, "carol@example.com");
  CHECK(f.sent(wire) == Lines{"CAL 4 carol@example.com"});
  CHECK(c.wanted() == std::vector<std::string>{kBob, "carol@example.com"});
}

// --- MSNP16+: places on the switchboard (doc/protocol/mpop.md#the-switchboard)

TEST_CASE("chats mpop: invited at 16+, bob's places are one participant, ours are not",
          "[app][chats][mpop]") {
  Fixture f;
  f.guid = "{0d1e2f3a-0000-4000-8000-00000000a11c}";
  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  CHECK(f.sent(wire) ==
        Lines{"ANS 1 alice@example.com;" + f.guid + " 849102291.520491932 11752013"});
  wire.server_says("IRO 1 1 3 bob@example.com;{b1} Bob 2789003324:48");
  wire.server_says("IRO 1 2 3 bob@example.com Bob 2789003324:48");
  wire.server_says("IRO 1 3 3 alice@example.com;{a2} Alice 0:1024");
  wire.server_says("ANS 1 OK");
  wire.server_says("JOI alice@example.com Alice 0:1024");
  Conversation& c = f.conversations.all().front();
  CHECK(c.present() == std::vector<std::string>{kBob});
  CHECK(c.wanted() == std::vector<std::string>{kBob});
  CHECK(f.all<ev::Joined>().size() == 1);

  // What we typed at the other place: our own line, not bob's, and nothing unread.
  std::string payload =
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nfrom the laptop";
  wire.server_says("MSG alice@example.com Alice " + std::to_string(payload.size()) + "\r\n" +
                   payload);
  const ChatLine& mine = c.lines().back();
  CHECK(mine.kind == ChatLine::Kind::Outgoing);
  CHECK(mine.from == "alice@example.com");
  CHECK(mine.text == "from the laptop");
  CHECK(c.unread() == 0);
  REQUIRE(f.all<ev::Message>().size() == 1);
  CHECK(f.all<ev::Message>()[0].from == "alice@example.com");

  // bob's second place comes and goes: no event; his last place and bare BYE: one Left.
  wire.server_says("JOI bob@example.com;{b2} Bob 0:0");
  wire.server_says("BYE bob@example.com;{b1}");
  CHECK(c.present() == std::vector<std::string>{kBob});
  CHECK(f.all<ev::Left>().empty());
  wire.server_says("BYE bob@example.com;{b2}");
  wire.server_says("BYE bob@example.com");
  CHECK(c.present().empty());
  CHECK(f.all<ev::Left>().size() == 1);
  CHECK(f.all<ev::Joined>().size() == 1);
}

TEST_CASE("chats mpop: calling at 16+ names this place; our own invitation has no contact",
          "[app][chats][mpop]") {
  Fixture f;
  f.guid = "{0d1e2f3a-0000-4000-8000-00000000a11c}";
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "hi");
  f.chats.on_granted({f.xfr.back(), "127.0.0.1", 1864, kCookie});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  CHECK(f.sent(wire) == Lines{"USR 1 alice@example.com;" + f.guid + " " + kCookie});
  // Another place of ours rings us into its conversation: nobody to call, the roster from IRO
  // (only that place of ours: a conversation with nobody else in it yet).
  f.chats.on_invitation(
      {"11752014", "127.0.0.1", "849102291.520491933", "alice@example.com", "Alice", 1865});
  test::FakeWire& answer = f.network.last();
  answer.accept();
  CHECK(f.sent(answer) ==
        Lines{"ANS 1 alice@example.com;" + f.guid + " 849102291.520491933 11752014"});
  answer.server_says("IRO 1 1 1 alice@example.com;{a2} Alice 0:1024");
  answer.server_says("ANS 1 OK");
  REQUIRE(f.conversations.size() == 2);
  Conversation& own = f.conversations.all().back();
  CHECK(&own != &c);
  CHECK(own.wanted().empty());
}

// --- one contact, one one-to-one conversation (issue 13)

TEST_CASE("chats: a contact's new switchboard joins their conversation once ANS OK names them",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t mine = f.chats.send_text(c, "hi");
  test::FakeWire& first = f.open_switchboard();
  first.server_says("JOI bob@example.com Bob");
  f.sent(first);
  first.server_says("ACK 3");
  first.server_says("BYE bob@example.com 1");  // idle: the server ends it
  first.drop();
  REQUIRE(c.present().empty());
  size_t opened = f.all<ev::ConversationOpened>().size();

  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  CHECK(f.sent(wire) == Lines{"ANS 1 alice@example.com 849102291.520491932 11752013"});
  wire.server_says("IRO 1 1 1 bob@example.com Bob");
  CHECK(f.all<ev::Joined>().size() == 1);  // held until the roster is whole
  wire.server_says("ANS 1 OK");
  CHECK(f.conversations.size() == 1);
  CHECK(f.all<ev::ConversationOpened>().size() == opened);
  CHECK(c.present() == std::vector<std::string>{kBob});
  REQUIRE(f.all<ev::Joined>().size() == 2);
  CHECK(f.all<ev::Joined>().back().conversation == c.id());
  std::string payload = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nback";
  wire.server_says("MSG bob@example.com Bob " + std::to_string(payload.size()) + "\r\n" + payload);
  CHECK(c.lines().back().text == "back");
  // Our answer goes out on bob's switchboard, with no new XFR.
  size_t asked = f.xfr.size();
  f.chats.send_text(c, "welcome back");
  CHECK(f.sent(wire).front().starts_with("MSG 2 A "));
  CHECK(f.xfr.size() == asked);
  CHECK(f.line(c, mine).delivery == Delivery::Delivered);
}

TEST_CASE("chats: crossing calls: what waited for our switchboard goes out on theirs",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "are you there?");
  REQUIRE(f.xfr.size() == 1);  // asked for a switchboard; bob calls first
  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  f.sent(wire);
  wire.server_says("IRO 1 1 1 bob@example.com Bob");
  wire.server_says("ANS 1 OK");
  CHECK(f.sent_bytes(wire) == msg(2, "are you there?"));
  CHECK(f.line(c, id).delivery == Delivery::Sent);
  size_t wires = f.network.count();
  f.chats.on_granted({f.xfr.back(), "127.0.0.1", 1864, kCookie});  // the late answer: ignored
  CHECK(f.network.count() == wires);
  CHECK(f.conversations.size() == 1);
}

TEST_CASE("chats: an invitation into a group is a new conversation; a failed one is an error",
          "[app][chats]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  f.sent(wire);
  wire.server_says("IRO 1 1 2 bob@example.com Bob");
  wire.server_says("IRO 1 2 2 carol@example.com Carol");
  wire.server_says("ANS 1 OK");
  REQUIRE(f.conversations.size() == 2);
  Conversation& group = f.conversations.all().back();
  CHECK(&group != &c);
  CHECK(group.wanted() == std::vector<std::string>{kBob, "carol@example.com"});
  CHECK(c.present().empty());

  f.chats.on_invitation({"11752014", "127.0.0.1", "849102291.520491933", kBob, "Bob", 1865});
  test::FakeWire& refused = f.network.last();
  refused.accept();
  f.sent(refused);
  refused.server_says("911 1");
  CHECK(f.conversations.size() == 2);  // nothing of it shown but the error
  REQUIRE_FALSE(f.all<ev::Error>().empty());
  CHECK(f.all<ev::Error>().back().text.starts_with("an invitation from bob@example.com failed"));
}

TEST_CASE("chats: an offline message goes into the sender's conversation with its time",
          "[app][chats][oim]") {
  Fixture f;
  Conversation& existing = f.chats.conversation_with(kBob);
  Conversation& c = f.chats.offline_message(kBob, "Bob B", "while you were away", 1796111812);
  CHECK(&c == &existing);  // the one-to-one conversation there is
  const ChatLine& in = c.lines().back();
  CHECK(in.kind == ChatLine::Kind::Incoming);
  CHECK(in.offline);
  CHECK(in.time == 1796111812);
  CHECK(in.from == kBob);
  CHECK(in.nick == "Bob B");
  CHECK(in.text == "while you were away");
  CHECK(c.unread() == 1);
  CHECK(c.activity() == Activity::Highlight);
  REQUIRE(f.all<ev::Message>().size() == 1);
  ev::Message m = f.all<ev::Message>()[0];
  CHECK(m.offline);
  CHECK(m.time == 1796111812);
  CHECK(m.conversation == c.id());
  CHECK(m.text == "while you were away");

  // From someone without a conversation: a new one with them.
  Conversation& carol = f.chats.offline_message("carol@example.com", "", "hi", 1796111000);
  CHECK(&carol != &c);
  CHECK(carol.wanted() == std::vector<std::string>{"carol@example.com"});
  CHECK(carol.lines().back().offline);
}
