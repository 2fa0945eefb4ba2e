// Chats and issue 13's daily commands, through the fake transport: an incoming action is read as
// one (app/ActionText) and /me goes out as its plain-text wire form; a message, typing or nudge
// from someone on the /ignore list is logged but neither counted nor shown, and only others'
// messages reach the /away auto-reply hook.
#include <catch2/catch.hpp>

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
#include "model/IgnoreList.hpp"
#include "net/Reactor.hpp"

using namespace msntty;
using Lines = std::vector<std::string>;

namespace {

const std::string kBob = "bob@example.com";

struct Fixture : test::ChatsWorld {
  IgnoreList ignores;
  std::vector<std::string> logged;    // every line the log hook saw
  std::vector<std::string> received;  // "email: text" the auto-reply hook saw
  Chats chats{reactor, network.factory(), settings, contacts, conversations, events, hooks()};

  Chats::Hooks hooks() {
    Chats::Hooks h;
    h.request_switchboard = [] { return uint32_t{100}; };
    h.account = [this]() -> const std::string& { return account; };
    h.line_added = [this](Conversation&, const ChatLine& l) { logged.push_back(l.text); };
    h.ignored = [this](const std::string& email) { return ignores.contains(email); };
    h.received = [this](Conversation&, const std::string& email, const std::string& text) {
      received.push_back(email + ": " + text);
    };
    return h;
  }

  // A conversation with bob in a live switchboard.
  test::FakeWire& joined(Conversation& c) {
    chats.send_text(c, "hi");
    chats.on_granted({100, "127.0.0.1", 1864, "cookie"});
    test::FakeWire& wire = network.last();
    wire.accept();
    test::settle(reactor);
    wire.server_says("USR 1 OK alice@example.com Alice");
    wire.server_says("JOI bob@example.com Bob");
    test::settle(reactor);
    wire.take_sent();
    return wire;
  }

  void bob_sends(test::FakeWire& wire, const std::string& type, const std::string& body) {
    std::string payload = "MIME-Version: 1.0\r\nContent-Type: " + type + "\r\n\r\n" + body;
    wire.feed("MSG bob@example.com Bob " + std::to_string(payload.size()) + "\r\n" + payload);
  }

  std::vector<ev::Message> messages() const {
    std::vector<ev::Message> out;
    for (const auto& e : seen)
      if (const auto* m = std::get_if<ev::Message>(&e)) out.push_back(*m);
    return out;
  }
};

}  // namespace

TEST_CASE("chats: an incoming \"* Bob waves\" is an action; /me goes out as plain text",
          "[app][chats][action]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  test::FakeWire& wire = f.joined(c);
  f.bob_sends(wire, "text/plain; charset=UTF-8", "* Bob waves");
  CHECK(c.lines().back().action == "waves");
  CHECK(c.lines().back().text == "* Bob waves");
  REQUIRE(f.messages().size() == 1);
  CHECK(f.messages()[0].action == "waves");
  f.bob_sends(wire, "text/plain; charset=UTF-8", "* not an action");
  CHECK(c.lines().back().action.empty());
  CHECK(f.messages()[1].action.empty());

  f.chats.send_text(c, "* Alice smiles", "smiles");
  CHECK(c.lines().back().action == "smiles");
  test::settle(f.reactor);
  CHECK(wire.take_sent().ends_with("\r\n\r\n* Alice smiles"));
  CHECK(f.logged.back() == "* Alice smiles");  // the log keeps the text as sent
}

TEST_CASE("chats: an ignored contact's message is logged, not counted, and not answered",
          "[app][chats][ignore]") {
  Fixture f;
  Conversation& c = f.chats.conversation_with(kBob);
  test::FakeWire& wire = f.joined(c);
  f.ignores.add("Bob@Example.com");
  c.mark_read();  // the join's low activity
  f.bob_sends(wire, "text/x-msmsgscontrol\r\nTypingUser: bob@example.com", "\r\n");
  CHECK(c.typing(0).empty());
  f.bob_sends(wire, "text/plain; charset=UTF-8", "buy my stuff");
  CHECK(c.lines().back().ignored);
  CHECK(f.logged.back() == "buy my stuff");
  CHECK(c.unread() == 0);
  CHECK(c.activity() == Activity::None);
  CHECK(f.received.empty());
  REQUIRE(f.messages().size() == 1);
  CHECK(f.messages()[0].ignored);
  size_t lines = c.lines().size(), events = f.seen.size();
  f.bob_sends(wire, "text/x-msnmsgr-datacast", "ID: 1\r\n\r\n");  // a nudge
  CHECK(c.lines().size() == lines);
  CHECK(f.seen.size() == events);

  f.ignores.remove(kBob);
  f.bob_sends(wire, "text/plain; charset=UTF-8", "hello again");
  CHECK_FALSE(c.lines().back().ignored);
  CHECK(c.unread() == 1);
  CHECK(f.received == Lines{"bob@example.com: hello again"});
  CHECK_FALSE(f.messages().back().ignored);
}
