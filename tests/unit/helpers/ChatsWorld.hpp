#pragma once
// What a Chats under test stands on, faked: a manual clock, its reactor, a fake network, the
// models and the event bus, every event kept in `seen`, signed in as alice. A test's fixture
// derives from it and makes its Chats with the hooks it needs.
#include <string>
#include <vector>

#include "app/AppEvent.hpp"
#include "app/EventBus.hpp"
#include "app/Settings.hpp"
#include "helpers/FakeTransport.hpp"
#include "helpers/ManualClock.hpp"
#include "model/ContactList.hpp"
#include "model/Conversations.hpp"
#include "net/Reactor.hpp"

namespace msntty::test {

struct ChatsWorld {
  ManualClock clock;
  net::Reactor reactor{clock.source()};
  FakeNetwork network;
  Settings settings;
  ContactList contacts;
  Conversations conversations;
  EventBus events;
  std::vector<AppEvent> seen;
  EventBus::Subscription sub = events.subscribe([this](const AppEvent& e) { seen.push_back(e); });
  std::string account = "alice@example.com";
};

}  // namespace msntty::test
