#pragma once
// One window of the UI: the status window (conversation id 0) or one conversation. It mirrors the
// conversation's lines into a Scrollback incrementally (a flood appends, it never rebuilds), keeps
// the per-window input history and draft, and follows the delivery state of our own messages.
// No curses here.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/ContactList.hpp"
#include "model/Conversation.hpp"
#include "ui/LineEditor.hpp"
#include "ui/Scrollback.hpp"

namespace msntty::ui {

class ChatWindow {
 public:
  struct Draft {
    std::string text;
    std::size_t cursor_byte = 0;
  };

  ChatWindow(uint64_t conversation_id, std::size_t max_lines);

  uint64_t conversation_id() const { return m_conv; }
  bool is_status() const { return m_conv == 0; }
  Scrollback& scrollback() { return m_scrollback; }
  History& history() { return m_history; }
  Draft& draft() { return m_draft; }

  // Appends what the conversation gained since the last call and notes delivery changes (a
  // failure adds a line saying why). False when the conversation did not change.
  bool sync(const Conversation& c, const ContactList& contacts, std::string_view own_nick);
  // A line only the UI shows (presence changes, command output, errors).
  void add(Scrollback::Line line);
  // Delivery state of one of our messages, for its mark; Delivered once it is settled.
  Delivery delivery(uint64_t message_id) const;

  // Activity of the status window (conversations keep theirs in the model).
  Activity own_activity() const { return m_activity; }
  void raise_own_activity(Activity a) { if (a > m_activity) m_activity = a; }
  void clear_own_activity() { m_activity = Activity::None; }

 private:
  std::size_t first_new_line(const std::deque<ChatLine>& lines) const;
  void append(const ChatLine& line, const ContactList& contacts, std::string_view own_nick);
  void update_deliveries(const std::deque<ChatLine>& lines);
  void remember_last(const std::deque<ChatLine>& lines);

  uint64_t m_conv;
  Scrollback m_scrollback;
  History m_history;
  Draft m_draft;
  Activity m_activity = Activity::None;
  uint64_t m_revision = ~uint64_t{0};
  // The last mirrored ChatLine: std::deque keeps element addresses while it grows at the back
  // and drops at the front, so the address finds our place again; the fingerprint guards
  // against a dropped line's address being reused.
  const ChatLine* m_last = nullptr;
  struct Fingerprint {
    int64_t time = 0;
    std::size_t size = 0;
    uint64_t id = 0;
    ChatLine::Kind kind = ChatLine::Kind::Notice;
  } m_last_print;
  std::unordered_map<uint64_t, Delivery> m_unsettled;   // our messages not yet delivered
};

// "<nick>" shortened to a sane width, for scrollback prefixes.
std::string nick_prefix(std::string_view nick);

}  // namespace msntty::ui
