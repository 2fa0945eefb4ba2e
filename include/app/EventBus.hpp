#pragma once
// Delivers the App's typed events (AppEvent.hpp) to whoever subscribed, synchronously and in
// the order of subscription. A subscription lasts as long as the Subscription handle: drop it
// (or let its owner go) and the handler is never called again. Subscribing and unsubscribing
// are safe from inside a handler while an event is being delivered: a handler removed then is
// not called any more, one added then gets the next event, not this one.
// The subscribers that want JSON (headless stdout, the event socket, the debug log) share one
// serialisation per event: to_json runs once per emit, and only if one of them is there.
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "app/AppEvent.hpp"

namespace msntty {

class EventBus {
 public:
  using Handler = std::function<void(const AppEvent&)>;
  using JsonHandler = std::function<void(std::string_view json_line)>;  // to_json, no newline

  class [[nodiscard]] Subscription {
   public:
    Subscription() = default;
    ~Subscription() { reset(); }
    Subscription(Subscription&& o) noexcept
        : m_bus(std::move(o.m_bus)), m_id(std::exchange(o.m_id, 0)) {}
    Subscription& operator=(Subscription&& o) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    void reset();  // unsubscribe now
    bool active() const { return m_id != 0 && !m_bus.expired(); }

   private:
    friend class EventBus;
    struct State;
    Subscription(std::weak_ptr<State> bus, uint64_t id) : m_bus(std::move(bus)), m_id(id) {}
    std::weak_ptr<State> m_bus;  // the bus may go first: then there is nothing to undo
    uint64_t m_id = 0;
  };

  EventBus();
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  Subscription subscribe(Handler handler);
  Subscription subscribe_json(JsonHandler handler);
  // Only the events of one type, e.g. on<ev::Message>([](const ev::Message& m) { ... }).
  template <class Event>
  Subscription on(std::function<void(const Event&)> handler) {
    return subscribe([h = std::move(handler)](const AppEvent& e) {
      if (const Event* x = std::get_if<Event>(&e)) h(*x);
    });
  }

  void emit(const AppEvent& event);
  bool has_subscribers() const;

 private:
  std::shared_ptr<Subscription::State> m_state;
};

}  // namespace msntty
