#pragma once
// The numbered windows: 1 is the status window, then one per conversation in the order they
// opened (irssi-style; closing one renumbers the rest). Knows which one is on screen, which the
// UI keeps equal to the model's focus (Ui::follow_focus). No curses.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/Conversations.hpp"
#include "ui/ChatWindow.hpp"

namespace msntty::ui {

class WindowList {
 public:
  explicit WindowList(std::size_t max_lines);

  // Adds a window for every new conversation and drops those of closed ones. True when the
  // list changed. The current window stays current if it still exists, else the status window.
  // `hidden`, when given, keeps a conversation without a window until it says otherwise (one
  // only ignored people are in: /ignore); a window, once made, stays.
  bool sync(const Conversations& conversations,
            const std::function<bool(const Conversation&)>& hidden = {});

  std::size_t size() const { return m_windows.size(); }
  ChatWindow& at(std::size_t index) { return *m_windows[index]; }  // 0-based; 0 = status
  ChatWindow& status() { return *m_windows[0]; }
  ChatWindow& current() { return *m_windows[m_current]; }
  std::size_t current_index() const { return m_current; }
  std::optional<std::size_t> index_of(uint64_t conversation_id) const;
  ChatWindow* find(uint64_t conversation_id);

  // False when there is no such window.
  bool select(std::size_t index);
  // Puts window `from` at position `to` (both 1 or more: the status window stays first), the
  // others shifting; the current window stays current. False when either is out of range.
  bool move(std::size_t from, std::size_t to);
  // The window with the highest activity (the lowest number on ties); nullopt if all are quiet.
  std::optional<std::size_t> most_active(const std::function<Activity(ChatWindow&)>& activity_of);
  void set_max_lines(std::size_t max_lines);
  // strftime() format of the timestamps ("" hides them), for every window present and future.
  void set_time_format(const std::string& format);
  // How line headers are made (the theme), for every window present and future; set again when
  // the theme changed, so that every window re-renders.
  void set_header_renderer(Scrollback::HeaderRenderer renderer);

 private:
  void apply_time_format(ChatWindow& w) const;

  std::vector<std::unique_ptr<ChatWindow>> m_windows;
  std::size_t m_current = 0;
  std::size_t m_max_lines;
  std::string m_time_format = "%H:%M";
  Scrollback::HeaderRenderer m_renderer;
};

}  // namespace msntty::ui
