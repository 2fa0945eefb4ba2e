// EventBus: typed delivery, RAII subscriptions, and unsubscribing while an event is delivered.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/EventBus.hpp"
#include "app/EventJson.hpp"

using namespace msntty;

TEST_CASE("EventBus delivers typed events while the subscription lives", "[app][events]") {
  EventBus bus;
  std::vector<std::string> seen;
  {
    auto all = bus.subscribe([&](const AppEvent& e) {
      if (auto* n = std::get_if<ev::Notice>(&e)) seen.push_back("all:" + n->text);
    });
    auto messages =
        bus.on<ev::Message>([&](const ev::Message& m) { seen.push_back("msg:" + m.text); });
    CHECK(bus.has_subscribers());
    bus.emit(ev::Notice{.text = "a"});
    bus.emit(ev::Message{.conversation = 1, .from = "b@x", .nick = "B", .text = "hi"});
  }
  bus.emit(ev::Notice{.text = "gone"});
  CHECK(seen == std::vector<std::string>{"all:a", "msg:hi"});
  CHECK_FALSE(bus.has_subscribers());
}

TEST_CASE("EventBus: unsubscribing during delivery is safe", "[app][events]") {
  EventBus bus;
  std::vector<int> calls;
  std::optional<EventBus::Subscription> first, second, late;
  first = bus.subscribe([&](const AppEvent&) {
    calls.push_back(1);
    first.reset();   // itself, while it runs
    second.reset();  // the next one: not called for this event
    late = bus.subscribe([&](const AppEvent&) { calls.push_back(3); });  // from the next event on
  });
  second = bus.subscribe([&](const AppEvent&) { calls.push_back(2); });
  bus.emit(ev::Notice{.text = "x"});
  CHECK(calls == std::vector<int>{1});
  bus.emit(ev::Notice{.text = "y"});
  CHECK(calls == std::vector<int>{1, 3});
}

TEST_CASE("EventBus: a subscription may outlive its bus", "[app][events]") {
  EventBus::Subscription s;
  {
    EventBus bus;
    s = bus.subscribe([](const AppEvent&) {});
    CHECK(s.active());
  }
  CHECK_FALSE(s.active());
  s.reset();  // nothing to undo
}

TEST_CASE("EventBus: JSON subscribers get the event's one JSON line, in subscription order",
          "[app][events]") {
  EventBus bus;
  std::vector<std::string> seen;
  const char* data = nullptr;  // where the first JSON subscriber's line lives
  auto a = bus.subscribe_json([&](std::string_view json) {
    seen.push_back("a:" + std::string(json));
    data = json.data();
  });
  auto typed = bus.on<ev::Notice>([&](const ev::Notice& n) { seen.push_back("typed:" + n.text); });
  auto b = bus.subscribe_json([&](std::string_view json) {
    seen.push_back("b:" + std::string(json));
    // The same serialisation, not a second one (compared as addresses: `data` may be gone).
    if (data) CHECK(static_cast<const void*>(json.data()) == static_cast<const void*>(data));
  });
  const AppEvent notice = ev::Notice{.text = "hi"};
  bus.emit(notice);
  CHECK(seen ==
        std::vector<std::string>{"a:" + to_json(notice), "typed:hi", "b:" + to_json(notice)});
  a.reset();
  data = nullptr;  // b is the only JSON subscriber now
  seen.clear();
  bus.emit(ev::Notice{.text = "again"});
  CHECK(seen == std::vector<std::string>{"typed:again",
                                         "b:" + to_json(AppEvent{ev::Notice{.text = "again"}})});
}
