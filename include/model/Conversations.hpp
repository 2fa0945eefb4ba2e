#pragma once
// Every open conversation, in the order they opened, and the focus: the one conversation plain
// text goes to and the interface shows (0: none, which the interface shows as its status
// window). This is the only place the focus is kept; the window list follows it, and switching
// windows sets it.
#include <cstdint>
#include <memory>
#include <ranges>
#include <string>
#include <vector>

#include "model/Conversation.hpp"

namespace msntty {

class Conversations {
 public:
  // A new conversation with the next id (ids are never reused).
  Conversation& open(std::vector<std::string> wanted);
  Conversation* find(uint64_t id);
  const Conversation* find(uint64_t id) const;
  // Forgets it; if it had the focus, the focus goes to the newest one left (or to 0).
  void close(uint64_t id);

  // Oldest first, as references: `for (const Conversation& c : list.all())`.
  auto all() {
    return m_list | std::views::transform([](auto& p) -> Conversation& { return *p; });
  }
  auto all() const {
    return m_list | std::views::transform([](const auto& p) -> const Conversation& { return *p; });
  }
  std::size_t size() const { return m_list.size(); }
  bool empty() const { return m_list.empty(); }

  uint64_t focus() const { return m_focus; }
  Conversation* focused() { return find(m_focus); }
  // 0, or the id of an open conversation; anything else leaves the focus where it is.
  bool set_focus(uint64_t id);

  // Activity in a conversation (opening it counts): the most recent one is what a headless
  // run, which has no focus, calls the current conversation.
  void touch(uint64_t id);
  Conversation* latest();  // the one touched last; null when none is open

 private:
  std::vector<std::unique_ptr<Conversation>> m_list;
  uint64_t m_next_id = 1;
  uint64_t m_focus = 0;
  uint64_t m_clock = 0;  // of touch()
};

}  // namespace msntty
