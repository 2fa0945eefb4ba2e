#include "app/EventBus.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "app/EventJson.hpp"

namespace msntty {

// Handlers are erased only when no delivery is running: one that unsubscribes itself from inside
// its own call must not be destroyed while it runs. Until then it is marked dead and skipped.
struct EventBus::Subscription::State {
  struct Slot {
    uint64_t id;
    std::shared_ptr<const Handler> handler;   // shared: kept alive while it runs
    std::shared_ptr<const JsonHandler> json;  // instead of `handler`, for a JSON subscriber
    bool alive = true;
  };
  std::vector<Slot> slots;
  uint64_t next_id = 1;
  int delivering = 0;  // nesting depth: a handler may emit in turn
  bool dead_slots = false;

  void remove(uint64_t id) {
    for (auto& s : slots)
      if (s.id == id) s.alive = false;
    dead_slots = true;
    compact();
  }
  void compact() {
    if (delivering || !dead_slots) return;
    std::erase_if(slots, [](const Slot& s) { return !s.alive; });
    dead_slots = false;
  }
};

EventBus::Subscription& EventBus::Subscription::operator=(Subscription&& o) noexcept {
  if (this != &o) {
    reset();
    m_bus = std::move(o.m_bus);
    m_id = std::exchange(o.m_id, 0);
  }
  return *this;
}

void EventBus::Subscription::reset() {
  if (auto bus = m_bus.lock(); bus && m_id) bus->remove(m_id);
  m_bus.reset();
  m_id = 0;
}

EventBus::EventBus() : m_state(std::make_shared<Subscription::State>()) {}

EventBus::~EventBus() = default;

EventBus::Subscription EventBus::subscribe(Handler handler) {
  uint64_t id = m_state->next_id++;
  m_state->slots.push_back({id, std::make_shared<const Handler>(std::move(handler)), nullptr});
  return Subscription(m_state, id);
}

EventBus::Subscription EventBus::subscribe_json(JsonHandler handler) {
  uint64_t id = m_state->next_id++;
  m_state->slots.push_back({id, nullptr, std::make_shared<const JsonHandler>(std::move(handler))});
  return Subscription(m_state, id);
}

void EventBus::emit(const AppEvent& event) {
  // Keeps the state alive even if a handler destroys the bus's owner mid-delivery.
  std::shared_ptr<Subscription::State> state = m_state;
  ++state->delivering;
  // By index, up to the count at the start: slots added meanwhile wait for the next event, and
  // a push_back that reallocates does not invalidate anything we hold.
  const size_t n = state->slots.size();
  std::optional<std::string> json;  // made for the first JSON subscriber, shared by the rest
  for (size_t i = 0; i < n; ++i) {
    if (!state->slots[i].alive) continue;
    if (auto j = state->slots[i].json) {  // held: the vector may reallocate while it runs
      if (!json) json = to_json(event);
      (*j)(*json);
      continue;
    }
    auto h = state->slots[i].handler;
    (*h)(event);
  }
  --state->delivering;
  state->compact();
}

bool EventBus::has_subscribers() const {
  return std::any_of(m_state->slots.begin(), m_state->slots.end(),
                     [](const auto& s) { return s.alive; });
}

}  // namespace msntty
