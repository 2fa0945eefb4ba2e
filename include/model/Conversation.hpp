#pragma once
// One conversation as the user sees it: who is in it, what was said, and what happened to each
// message we sent. It outlives its switchboard connections: when one closes, the next message
// opens a new one with the same people.
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace msntty {

enum class Delivery { None, Pending, Sent, Delivered, Failed };
// How much a window wants attention: presence noise < messages < direct messages and nudges.
enum class Activity { None = 0, Low = 1, Message = 2, Highlight = 3 };

struct ChatLine {
  enum class Kind { Incoming, Outgoing, Notice, Error };
  uint64_t id = 0;            // outgoing messages: the id in sent/delivered/failed events
  int64_t time = 0;           // unix seconds
  Kind kind = Kind::Notice;
  std::string from, nick;     // e-mail and display name of the sender
  std::string text;           // raw UTF-8 (may hold anything: sanitize before display)
  Delivery delivery = Delivery::None;
  std::string failure;        // why it failed
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

  ChatLine& add_line(ChatLine line);            // bounded: the oldest lines go
  ChatLine* find_line(uint64_t id);
  const std::deque<ChatLine>& lines() const { return m_lines; }
  void set_max_lines(size_t n) { m_max_lines = n; }

  void set_typing(const std::string& email, int64_t until);
  std::vector<std::string> typing(int64_t now) const;

  Activity activity() const { return m_activity; }
  void raise_activity(Activity a) { if (a > m_activity) m_activity = a; ++m_revision; }
  void mark_read() { m_activity = Activity::None; m_unread = 0; ++m_revision; }
  size_t unread() const { return m_unread; }
  void count_unread() { ++m_unread; }
  uint64_t revision() const { return m_revision; }
  void touch() { ++m_revision; }
  bool is_group() const { return m_wanted.size() > 1; }

 private:
  uint64_t m_id;
  std::vector<std::string> m_wanted, m_present;
  std::deque<ChatLine> m_lines;
  size_t m_max_lines = 5000;
  std::map<std::string, int64_t> m_typing;
  Activity m_activity = Activity::None;
  size_t m_unread = 0;
  uint64_t m_revision = 0;
};

}  // namespace msntty
