// Chats and offline messages (doc/protocol/oim-store.md#in-msntty): which messages go to the
// store instead of a switchboard (a one-to-one conversation, a contact shown offline or a CAL
// answered 217, MSNP11+, offline_messages on), what the conversation shows and which events
// follow; every other case fails as before, saying why it was not stored. The store itself is a
// recording fake here, and once the real OimOutbox against a loopback server.
#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/Chats.hpp"
#include "app/EventBus.hpp"
#include "app/OimOutbox.hpp"
#include "app/Settings.hpp"
#include "helpers/ChatsWorld.hpp"
#include "helpers/FakeTransport.hpp"
#include "helpers/Loop.hpp"
#include "helpers/ManualClock.hpp"
#include "helpers/SoapStub.hpp"
#include "model/ContactList.hpp"
#include "model/Conversations.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"

using namespace msntty;
using Lines = std::vector<std::string>;
using namespace std::chrono_literals;

namespace {

const std::string kBob = "bob@example.com";
const std::string kCarol = "carol@example.com";
const std::string kCookie = "3371944ba9bba74ab36d";

struct StoreCall {
  std::string to, text;
  std::function<void(const std::string&)> done;
};

struct Fixture : test::ChatsWorld {
  int version = 12;  // 0: not signed in
  std::vector<uint32_t> xfr;
  std::vector<StoreCall> stores;
  std::vector<ChatLine> logged;
  Chats chats{reactor, network.factory(), settings, contacts, conversations, events, hooks()};

  // Signed in a while ago: the presence the list shows is what the server said.
  Fixture() {
    contact(kBob, "Bob", Status::Offline);
    contact(kCarol, "Carol", Status::Offline);
    chats.on_ns_ready();
    clock.advance(reactor, 5s);
  }
  void contact(const std::string& email, const std::string& nick, Status s) {
    Contact& c = contacts.upsert(email);
    c.nick = nick;
    c.lists = kForwardList | kAllowList;
    c.status = s;
  }
  Chats::Hooks hooks() {
    Chats::Hooks h;
    h.request_switchboard = [this]() -> uint32_t {
      if (!version) return 0;
      xfr.push_back(static_cast<uint32_t>(100 + xfr.size()));
      return xfr.back();
    };
    h.account = [this]() -> const std::string& { return account; };
    h.line_added = [this](Conversation&, const ChatLine& l) { logged.push_back(l); };
    h.ns_version = [this] { return version; };
    h.store_offline = [this](const std::string& to, const std::string& text,
                             std::function<void(const std::string&)> done) {
      stores.push_back({to, text, std::move(done)});
    };
    return h;
  }
  Lines sent(test::FakeWire& wire) {
    test::settle(reactor);
    return wire.take_lines();
  }
  // XFR SB granted, connected, USR OK; then the CALs the conversation makes.
  test::FakeWire& open_switchboard(const Lines& cals) {
    REQUIRE_FALSE(xfr.empty());
    chats.on_granted({xfr.back(), "127.0.0.1", 1864, kCookie});
    test::FakeWire& wire = network.last();
    wire.accept();
    CHECK(sent(wire) == Lines{"USR 1 alice@example.com " + kCookie});
    wire.server_says("USR 1 OK alice@example.com Alice");
    CHECK(sent(wire) == cals);
    return wire;
  }
  const ChatLine& line(Conversation& c, uint64_t id) {
    const ChatLine* l = c.find_line(id);
    REQUIRE(l);
    return *l;
  }
  template <class E>
  std::vector<E> all() const {
    std::vector<E> out;
    for (const auto& e : seen)
      if (const E* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
  size_t count_text(const Conversation& c, const std::string& text) const {
    size_t n = 0;
    for (const auto& l : c.lines()) n += l.text == text;
    return n;
  }
};

const std::string kNotice = "Bob is offline: messages are stored for later";

}  // namespace

TEST_CASE("chats offline: a message to a contact shown offline goes to the store",
          "[app][chats][oim]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "see you tomorrow");
  CHECK(f.xfr.empty());  // no switchboard asked for
  REQUIRE(f.stores.size() == 1);
  CHECK(f.stores[0].to == kBob);
  CHECK(f.stores[0].text == "see you tomorrow");
  CHECK(f.line(c, id).delivery == Delivery::Pending);  // until the service answers
  REQUIRE(f.all<ev::Sent>().size() == 1);

  f.stores[0].done("");
  CHECK(f.line(c, id).delivery == Delivery::Stored);
  REQUIRE(f.all<ev::Stored>().size() == 1);
  CHECK(f.all<ev::Stored>()[0].conversation == c.id());
  CHECK(f.all<ev::Stored>()[0].id == id);
  CHECK(f.all<ev::Failed>().empty());
  CHECK(c.lines().back().kind == ChatLine::Kind::Notice);
  CHECK(c.lines().back().text == kNotice);
  // The log says what became of it.
  bool noted = false;
  for (const auto& l : f.logged)
    noted = noted || l.text == "message " + std::to_string(id) + " stored for later: " + kBob +
                                   " is offline";
  CHECK(noted);

  // The next one is stored too; the notice is not repeated.
  uint64_t second = f.chats.send_text(c, "and bring the book");
  REQUIRE(f.stores.size() == 2);
  f.stores[1].done("");
  CHECK(f.line(c, second).delivery == Delivery::Stored);
  CHECK(f.count_text(c, kNotice) == 1);
  CHECK(f.all<ev::Stored>().size() == 2);
  CHECK(f.network.count() == 0);
}

TEST_CASE("chats offline: right after signing in, offline may mean not heard of yet",
          "[app][chats][oim]") {
  Fixture f;
  f.chats.on_ns_ready();  // signed in again just now
  f.clock.advance(f.reactor, 4s);
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "early");
  CHECK(f.stores.empty());
  REQUIRE(f.xfr.size() == 1);  // a switchboard first; a 217 would send it to the store
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob});
  wire.server_says("217 2");
  REQUIRE(f.stores.size() == 1);
  f.stores[0].done("");
  CHECK(f.line(c, id).delivery == Delivery::Stored);
  // Five seconds after the sign-in the list's word is taken: straight to the store.
  f.clock.advance(f.reactor, 1s);
  f.chats.send_text(c, "later");
  CHECK(f.stores.size() == 2);
  CHECK(f.xfr.size() == 1);
  // And after the NS is lost nothing is taken for sure until the next sign-in has settled.
  f.chats.on_ns_lost();
  f.chats.on_ns_ready();
  f.chats.send_text(c, "again");
  CHECK(f.stores.size() == 2);
  CHECK(f.xfr.size() == 2);
}

TEST_CASE("chats offline: a contact shown online gets a switchboard", "[app][chats][oim]") {
  Fixture f;
  f.contact(kBob, "Bob", Status::Online);
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "hi");
  CHECK(f.xfr.size() == 1);
  CHECK(f.stores.empty());
  // A stranger (not in the list): presence unknown, a switchboard too.
  Conversation& d = f.chats.conversation_with("dave@example.com");
  f.chats.send_text(d, "hi dave");
  CHECK(f.xfr.size() == 2);
  CHECK(f.stores.empty());
}

TEST_CASE("chats offline: CAL answered 217 sends what waited to the store", "[app][chats][oim]") {
  Fixture f;
  f.contact(kBob, "Bob", Status::Online);  // appears online, but is not there
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t one = f.chats.send_text(c, "one");
  uint64_t two = f.chats.send_text(c, "two");
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob});
  wire.server_says("217 2");
  REQUIRE(f.stores.size() == 2);  // in the order typed
  CHECK(f.stores[0].text == "one");
  CHECK(f.stores[1].text == "two");
  CHECK(f.all<ev::Error>().empty());  // not an error: it was stored instead
  CHECK(f.chats.live_switchboards() == 0);
  CHECK(f.sent(wire) == Lines{"OUT"});  // the empty switchboard is left
  f.stores[0].done("");
  f.stores[1].done("");
  CHECK(f.line(c, one).delivery == Delivery::Stored);
  CHECK(f.line(c, two).delivery == Delivery::Stored);
  CHECK(f.count_text(c, kNotice) == 1);
  CHECK(f.all<ev::Failed>().empty());
}

TEST_CASE("chats offline: a refusal fails the message with the reason; /resend stores it",
          "[app][chats][oim]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  REQUIRE(f.stores.size() == 1);
  f.stores[0].done("the server refused its content (InvalidContent)");
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  const std::string why =
      "bob@example.com is offline and the message could not be stored for later: the server "
      "refused its content (InvalidContent)";
  CHECK(f.line(c, id).failure == why);
  REQUIRE(f.all<ev::Failed>().size() == 1);
  CHECK(f.all<ev::Failed>()[0].reason == why);
  CHECK(f.all<ev::Stored>().empty());
  CHECK(f.count_text(c, kNotice) == 0);

  std::string error;
  REQUIRE(f.chats.resend(c, id, error));
  uint64_t again = c.lines().back().id;  // sent again as a new message
  REQUIRE(again != id);
  REQUIRE(f.stores.size() == 2);
  CHECK(f.stores[1].text == "hello");
  f.stores[1].done("");
  CHECK(f.line(c, again).delivery == Delivery::Stored);
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.all<ev::Stored>().size() == 1);
  // A stored message is settled: nothing to resend, and a late failure does not undo it.
  CHECK_FALSE(f.chats.resend(c, again, error));
}

TEST_CASE(
    "chats offline: a line trimmed from the scrollback before the answer still gets its event",
    "[app][chats][oim]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("scrollback_lines", "100"));
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t one = f.chats.send_text(c, "first");
  uint64_t two = f.chats.send_text(c, "second");
  REQUIRE(f.stores.size() == 2);
  for (int i = 0; i < 150; ++i) {  // more than the scrollback keeps
    ChatLine l;
    l.kind = ChatLine::Kind::Notice;
    l.text = "filler";
    c.add_line(std::move(l));
  }
  REQUIRE(c.find_line(one) == nullptr);
  f.stores[0].done("");
  f.stores[1].done("the server refused its content (InvalidContent)");
  REQUIRE(f.all<ev::Stored>().size() == 1);
  CHECK(f.all<ev::Stored>()[0].id == one);
  CHECK(f.all<ev::Stored>()[0].conversation == c.id());
  REQUIRE(f.all<ev::Failed>().size() == 1);
  CHECK(f.all<ev::Failed>()[0].id == two);
  CHECK(f.all<ev::Failed>()[0].reason ==
        "bob@example.com is offline and the message could not be stored for later: the server "
        "refused its content (InvalidContent)");
}

TEST_CASE("chats offline: a group conversation never stores", "[app][chats][oim]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.invite(c, kCarol);  // bob and carol, both shown offline
  REQUIRE(c.is_group());
  uint64_t id = f.chats.send_text(c, "hi both");
  CHECK(f.stores.empty());
  REQUIRE(f.xfr.size() == 1);
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob, "CAL 3 " + kCarol});
  wire.server_says("217 2");
  wire.server_says("217 3");
  CHECK(f.stores.empty());
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure ==
        "Bob: 217: user is offline or not accepting messages");  // as always
  CHECK(f.all<ev::Stored>().empty());
}

TEST_CASE("chats offline: below MSNP11 the message fails, saying why it was not stored",
          "[app][chats][oim]") {
  Fixture f;
  f.version = 9;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  CHECK(f.stores.empty());
  REQUIRE(f.xfr.size() == 1);  // as before: a switchboard, and a CAL
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob});
  wire.server_says("217 2");
  CHECK(f.stores.empty());
  CHECK(f.line(c, id).delivery == Delivery::Failed);
  CHECK(f.line(c, id).failure ==
        "bob@example.com is offline (217); offline messages need MSNP11 or later (signed in "
        "with MSNP9)");
  REQUIRE(f.all<ev::Failed>().size() == 1);
  CHECK(f.all<ev::Failed>()[0].reason == f.line(c, id).failure);
  CHECK(f.all<ev::Error>().size() == 1);  // the CAL's error, as before
}

TEST_CASE("chats offline: with offline_messages off the message fails, saying so",
          "[app][chats][oim]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("offline_messages", "off"));
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  CHECK(f.stores.empty());
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob});
  wire.server_says("217 2");
  CHECK(f.stores.empty());
  CHECK(f.line(c, id).failure ==
        "bob@example.com is offline (217); offline messages are off (/set offline_messages on)");
  // On again: the next message is stored.
  REQUIRE_FALSE(f.settings.set("offline_messages", "on"));
  f.chats.send_text(c, "again");
  CHECK(f.stores.size() == 1);
}

TEST_CASE("chats offline: typed while signed out, it waits; then CAL 217 stores it",
          "[app][chats][oim]") {
  Fixture f;
  f.version = 0;
  Conversation& c = f.chats.conversation_with(kBob);
  uint64_t id = f.chats.send_text(c, "hello");
  CHECK(f.stores.empty());
  CHECK(f.xfr.empty());
  CHECK(c.lines().back().text.starts_with("not signed in: messages wait for the sign-in"));
  f.version = 12;
  f.chats.on_ns_ready();  // presence is not known yet: a switchboard first
  REQUIRE(f.xfr.size() == 1);
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob});
  wire.server_says("217 2");
  REQUIRE(f.stores.size() == 1);
  f.stores[0].done("");
  CHECK(f.line(c, id).delivery == Delivery::Stored);
}

TEST_CASE("chats offline: a nudge for an offline contact is not sent, and says so",
          "[app][chats][oim]") {
  Fixture f;
  f.contact(kBob, "Bob", Status::Online);
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "wake up");
  f.chats.send_nudge(c);
  test::FakeWire& wire = f.open_switchboard({"CAL 2 " + kBob});
  wire.server_says("217 2");
  CHECK(f.stores.size() == 1);
  CHECK(f.count_text(c, "Bob is offline: the nudge was not sent") == 1);
}

TEST_CASE("chats offline: with the real outbox and a loopback store service", "[app][chats][oim]") {
  test::ManualClock clock;
  net::Reactor reactor{clock.source()};
  net::Resolver resolver{reactor, net::Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  net::HttpClient http{reactor, resolver};
  test::SoapStub server{reactor};
  test::FakeNetwork network;
  Settings settings;
  REQUIRE_FALSE(settings.set("web_base", server.base()));
  ContactList contacts;
  contacts.upsert(kBob).status = Status::Offline;
  Conversations conversations;
  EventBus events;
  std::vector<AppEvent> seen;
  auto sub = events.subscribe([&](const AppEvent& e) { seen.push_back(e); });
  std::string account = "alice@example.com";
  OimOutbox::Hooks oh;
  oh.ticket = [] { return std::string("t=0123456789abcdef0123&p="); };
  oh.account = [&] { return account; };
  oh.nick = [] { return std::string("Alice"); };
  oh.dialect = [] { return 12; };
  OimOutbox outbox(reactor, http, settings, "{0F1E2D3C-4B5A-4697-8877-665544332211}",
                   std::move(oh));
  Chats::Hooks h;
  h.request_switchboard = []() -> uint32_t { return 0; };
  h.account = [&]() -> const std::string& { return account; };
  h.ns_version = [] { return 12; };
  h.store_offline = [&](const std::string& to, const std::string& text, OimOutbox::Done done) {
    outbox.store(to, text, std::move(done));
  };
  Chats chats(reactor, network.factory(), settings, contacts, conversations, events, h);
  chats.on_ns_ready();
  clock.advance(reactor, 5s);  // the presence has settled

  server.answer(500,
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                "<soap:Body><soap:Fault><faultcode>q0:AuthenticationFailed</faultcode>"
                "<detail><LockKeyChallenge>1850937852</LockKeyChallenge></detail></soap:Fault>"
                "</soap:Body></soap:Envelope>");
  server.answer(200,
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                "<soap:Header><SequenceAcknowledgment><AcknowledgmentRange Upper=\"1\" "
                "Lower=\"1\"/></SequenceAcknowledgment></soap:Header><soap:Body><StoreResponse>"
                "<PointsConsumed>1</PointsConsumed></StoreResponse></soap:Body></soap:Envelope>");
  Conversation& c = chats.conversation_with(kBob);
  uint64_t id = chats.send_text(c, "stored for later");
  auto stored = [&] {
    for (const auto& e : seen)
      if (auto* s = std::get_if<ev::Stored>(&e); s && s->id == id) return true;
    return false;
  };
  REQUIRE(test::run_until(reactor, stored));
  CHECK(c.find_line(id)->delivery == Delivery::Stored);
  REQUIRE(server.asked().size() == 2);  // the challenge, then the call again with its answer
  CHECK(server.asked()[1].body.find("lockkey=\"362e8199b004377a9f1cf4398f1e18d3\"") !=
        std::string::npos);
  CHECK(network.count() == 0);
}
