#pragma once
// The machine-readable event stream: one JSON object per line, {"event":NAME, ...fields}.
// Headless mode writes it to stdout; the event socket hands it to scripts. Names and fields are
// documented in the man page (EVENTS) and are stable.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/Json.hpp"

namespace msntty {

class EventSink {
 public:
  using Listener = std::function<void(const std::string& line)>;
  // Returns an id for remove_listener.
  size_t add_listener(Listener l);
  void remove_listener(size_t id);
  bool has_listeners() const;

  // Starts an event: returns an object with "event" already set; pass it to emit().
  static JsonObject make(std::string_view name);
  void emit(const JsonObject& event);

 private:
  std::vector<std::pair<size_t, Listener>> m_listeners;
  size_t m_next_id = 1;
};

}  // namespace msntty
