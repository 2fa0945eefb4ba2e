#pragma once
// One conversation as the user sees it: who is in it, what was said, and what happened to each
// message we sent. It outlives its switchboard connections: when one closes, the next message
// opens a new one with the same people.
//
// Every line gets a sequence number, one more than the line before it (like a database row id),
// so a view remembers the last number it showed and asks for the lines after it: no pointers
// into the container, no fingerprints. History is bounded: the oldest lines go, and a view that
// fell behind them is told how many it missed.
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "model/Delivery.hpp"

namespace msntty {
// How much a window wants attention: presence noise < messages < direct messages and nudges.
enum class Activity { None = 0, Low = 1, Message = 2, Highlight = 3 };

struct ChatLine {
  enum class Kind { Incoming, Outgoing, Notice, Error };
  uint64_t seq = 0;  // set by Conversation::add_line: 1, 2, 3... per conversation
  uint64_t id = 0;   // outgoing messages: the id in sent/delivered/failed events
  int64_t time = 0;  // unix seconds
  Kind kind = Kind::Notice;
  std::string from, nick;  // e-mail and display name of the sender
  std::string text;        // raw UTF-8 (may hold anything: sanitize before display)
  Delivery delivery = Delivery::None;
  std::string failure;  // why it failed
  // Received as an offline message (stored by the server while we were away): `time` is when
  // the server took it, not when it was shown.
  bool offline = false;
  // An action (/me, app/ActionText): `text` is what went over the wire ("* Alice waves"),
  // `action` the body the window shows after the nick ("waves"). Empty: a plain message.
  std::string action;
  // From someone the user ignores (model/IgnoreList): logged, never shown or counted.
  bool ignored = false;
  // Replayed from the conversation log (history_lines, /history): an old line, not news. It is
  // not logged again, counted or announced, and the interface draws it dimmed.
  bool history = false;
  // A group-chat message naming you (your nickname, address or a highlight_words entry).
  bool highlight = false;
};

class Conversation {
 public:
  Conversation(uint64_t id, std::vector<std::string> wanted);

  uint64_t id() const { return m_id; }
  // Everyone the user wants in it (the callee(s), anyone invited or who joined): a new
  // switchboard calls them all.
  const std::vector<std::string>& wanted() const { return m_wanted; }
  void want(const std::string& email);
  // Who is in the live switchboard right now.
  const std::vector<std::string>& present() const { return m_present; }
  void join(const std::string& email);
  void leave(const std::string& email);
  void clear_present();

  ChatLine& add_line(ChatLine line);  // bounded: the oldest lines go
  ChatLine* find_line(uint64_t id);   // one of our messages, by its message id
  const std::deque<ChatLine>& lines() const { return m_lines; }
  void set_max_lines(size_t n) { m_max_lines = n; }

  // The seq of the newest line (0 before the first one).
  uint64_t last_seq() const { return m_next_seq - 1; }
  // The line with this seq, if it is still kept.
  const ChatLine* line(uint64_t seq) const;
  // The kept lines with a seq above `seq`, oldest first. `missed` counts the ones above `seq`
  // that were dropped before anyone asked: a view that fell that far behind never sees them.
  struct LinesAfter {
    std::deque<ChatLine>::const_iterator first, last;
    uint64_t missed = 0;
    auto begin() const { return first; }
    auto end() const { return last; }
    bool empty() const { return first == last; }
  };
  LinesAfter lines_after(uint64_t seq) const;

  void set_typing(const std::string& email, int64_t until);
  std::vector<std::string> typing(int64_t now) const;

  Activity activity() const { return m_activity; }
  void raise_activity(Activity a) {
    if (a > m_activity) m_activity = a;
  }
  void mark_read() {
    m_activity = Activity::None;
    m_unread = 0;
  }
  size_t unread() const { return m_unread; }
  void count_unread() { ++m_unread; }
  bool is_group() const { return m_wanted.size() > 1; }
  // When it last had activity (a message either way, a nudge, someone joining or leaving), on
  // the clock of Conversations::touch: bigger is more recent.
  uint64_t touched() const { return m_touched; }
  void set_touched(uint64_t tick) { m_touched = tick; }

 private:
  uint64_t m_id;
  std::vector<std::string> m_wanted, m_present;
  std::deque<ChatLine> m_lines;
  size_t m_max_lines = 5000;
  uint64_t m_next_seq = 1;
  std::map<std::string, int64_t> m_typing;
  Activity m_activity = Activity::None;
  size_t m_unread = 0;
  uint64_t m_touched = 0;
};

}  // namespace msntty
