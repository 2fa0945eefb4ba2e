#pragma once
// One window of the UI: the status window (conversation id 0) or one conversation. It follows
// the conversation's lines by their sequence numbers into a Scrollback (a flood appends, it never
// rebuilds), keeps the window's draft, and follows the delivery state of our
// own messages. No curses here.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "model/ContactList.hpp"
#include "model/Conversation.hpp"
#include "ui/LineEditor.hpp"
#include "ui/Scrollback.hpp"
#include "util/TextMatcher.hpp"

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
  Draft& draft() { return m_draft; }

  // Appends the conversation's lines after the last seq shown and copies delivery changes of our
  // messages to their scrollback lines (a failure adds a line saying why). Lines the
  // conversation dropped before they were shown are skipped: the window goes on from the oldest
  // line still kept. False when nothing changed.
  // `highlights` finds the words that made a line a highlight (ChatLine::highlight), drawn
  // highlighted.
  bool sync(const Conversation& c, const ContactList& contacts, std::string_view own_nick,
            const TextMatcher* highlights = nullptr);
  uint64_t last_seq() const { return m_last_seq; }
  // What goes before the text of an offline message received at `time`: "(offline) ", or with
  // its local date when that is not the day of `now` ("(offline, 2026-11-30) "); the time of day
  // is the line's timestamp.
  static std::string offline_mark(int64_t time, int64_t now);
  // A line only the UI shows (presence changes, command output, errors).
  void add(Scrollback::Line line);
  // Day changes are the window's, not the model's: a line that is dated on another local day
  // than the line before it (history included; /lastlog copies skipped) comes after a "Day
  // changed to ..." line, and so does local midnight in an open window (Ui's one timer calls
  // mark_day then; nothing happens if the day's line is there already).
  void mark_day(int64_t now);
  // "Day changed to Wednesday, 2 December 2026", in English whatever the locale.
  static std::string day_changed_text(int64_t time);

  // Activity of lines only the UI shows (the status window's, presence lines); a conversation's
  // own activity is kept in the model.
  Activity own_activity() const { return m_activity; }
  void raise_own_activity(Activity a) {
    if (a > m_activity) m_activity = a;
  }
  void clear_own_activity() { m_activity = Activity::None; }

 private:
  void append(const ChatLine& line, const ContactList& contacts, std::string_view own_nick,
              const TextMatcher* highlights);
  uint64_t put(Scrollback::Line line);
  void end_history(int64_t time);
  static int local_day(int64_t time);  // yyyymmdd, local time
  void put_day_change(int64_t time, bool history);
  bool update_deliveries(const Conversation& c);
  void announce_failure(const ChatLine& line);

  uint64_t m_conv;
  Scrollback m_scrollback;
  Draft m_draft;
  Activity m_activity = Activity::None;
  uint64_t m_last_seq = 0;  // the conversation's last line shown here
  int m_day = 0;            // local yyyymmdd of the newest dated line; 0 before the first
  std::map<uint64_t, uint64_t> m_unsettled;  // our messages not yet delivered: seq -> line id
};

// "<nick>" shortened to a sane width, for scrollback prefixes.
std::string nick_prefix(std::string_view nick);
// An action (/me): marked as one, with the sender's nick and the body made safe for the terminal;
// the format_action setting (ui/Theme) decides its look, "* NICK BODY" by default.
void format_action(Scrollback::Line& out, std::string_view nick, std::string_view body);
// A notice that copies what the window holds already (/lastlog, /url output), stamped now:
// marked quoted, so that a later /lastlog or /url skips it.
Scrollback::Line quoted_notice(std::string text);

}  // namespace msntty::ui
