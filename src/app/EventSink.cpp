#include "app/EventSink.hpp"

#include <algorithm>

namespace msntty {

size_t EventSink::add_listener(Listener l) {
  m_listeners.emplace_back(m_next_id, std::move(l));
  return m_next_id++;
}

void EventSink::remove_listener(size_t id) {
  std::erase_if(m_listeners, [id](const auto& p) { return p.first == id; });
}

bool EventSink::has_listeners() const { return !m_listeners.empty(); }

JsonObject EventSink::make(std::string_view name) {
  JsonObject o;
  o.add("event", name);
  return o;
}

void EventSink::emit(const JsonObject& event) {
  if (m_listeners.empty()) return;
  std::string line = event.str();
  // Copy: a listener may remove itself (a reader that went away) while we iterate.
  auto listeners = m_listeners;
  for (auto& [id, l] : listeners) l(line);
}

}  // namespace msntty
