// Ui: searching the scrollback: /lastlog (the matching lines copied into the current window)
// and the Ctrl-R incremental search in the input bar.
#include "ui/Ui.hpp"

#include "util/Strings.hpp"
#include "util/TextMatcher.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr std::size_t k_lastlog_max = 1000;  // more than a screenful of screenfuls

struct LastlogQuery {
  TextMatcher::Options options;
  std::size_t count = k_lastlog_max;
  std::string pattern;
};

// The declared flags come in their order; as in irssi they are also taken in any order before
// the pattern ("--" ends them, for a pattern that starts with a dash).
std::optional<LastlogQuery> parse_lastlog(const CommandArgs& a, std::string& error) {
  LastlogQuery q;
  q.options.case_sensitive = a.has("-case");
  q.options.regex = a.has("-regex");
  if (a.has("N")) q.count = static_cast<std::size_t>(a.number("N", 1));
  std::string_view rest = trim(a.get("PATTERN"));
  for (;;) {
    auto [word, after] = split_first_word(rest);
    if (word == "--") {
      rest = trim(after);
      break;
    }
    if (word == "-case") {
      q.options.case_sensitive = true;
    } else if (word == "-regex") {
      q.options.regex = true;
    } else if (word == "-count") {
      auto [n, more] = split_first_word(after);
      auto value = parse_u32(n);
      if (!value || *value == 0) {
        error = "/lastlog: -count takes a number from 1, not \"" + std::string(n) + "\"";
        return std::nullopt;
      }
      q.count = *value;
      after = more;
    } else {
      break;
    }
    rest = trim(after);
  }
  q.pattern = std::string(rest);
  return q;
}

}  // namespace

void Ui::cmd_lastlog(const CommandArgs& a) {
  std::string error;
  auto q = parse_lastlog(a, error);
  if (!q) return m_app.report_error(error);
  auto matcher = TextMatcher::make(q->pattern, q->options);
  if (!matcher) return m_app.report_error("/lastlog: " + matcher.error().text);
  ChatWindow& here = m_windows.current();
  Scrollback& sb = here.scrollback();
  // The newest `count` matches, shown oldest first; earlier /lastlog output is not searched.
  std::vector<std::size_t> hits;
  std::size_t total = 0;
  for (std::size_t i = sb.size(); i-- > 0;) {
    const Scrollback::Line& line = sb.line(i);
    if (line.quoted) continue;
    if (!matcher->matches(line.text) && !matcher->matches(line.prefix)) continue;
    ++total;
    if (hits.size() < q->count) hits.push_back(i);
  }
  std::string quoted = "\"" + sanitize_for_terminal(q->pattern) + "\"";
  if (hits.empty()) return to_window(here, "lastlog: nothing matches " + quoted, LineRole::Notice);
  std::vector<Scrollback::Line> copies;
  for (auto it = hits.rbegin(); it != hits.rend(); ++it) {
    Scrollback::Line copy = sb.line(*it);
    copy.message_id = 0;  // the delivery mark belongs to the original
    copy.delivery = Delivery::None;
    copy.quoted = true;
    copy.marks = q->pattern.empty() ? decltype(copy.marks){} : matcher->find_all(copy.text);
    copies.push_back(std::move(copy));
  }
  std::string end = "end of lastlog: " + std::to_string(hits.size()) + " line(s)";
  if (total > hits.size())
    end += ", the newest of " + std::to_string(total) + " (-count N shows more)";
  // The frame is lastlog output too (quoted): a later /lastlog does not find it.
  here.add(quoted_notice("lastlog " + quoted + ":"));
  for (auto& copy : copies) here.add(std::move(copy));
  here.add(quoted_notice(end));
  sb.to_bottom();
  m_dirty |= kChat;
}

void Ui::start_search() {
  m_search.start();
  m_search_line.clear();
  m_completer.reset();
  m_dirty |= kInput | kChat;
}

void Ui::update_search() {
  ChatWindow& w = m_windows.current();
  m_search.set_query(w.scrollback(), m_search_line.text());
  m_dirty |= kInput | kChat;
}

// While the search prompt is up, keys edit the query or leave it; a key it does not know ends
// the search where it stands and then does what it always does (as in readline).
bool Ui::search_key(const std::string& key) {
  Scrollback& sb = m_windows.current().scrollback();
  const std::string* command = m_bindings.lookup(KeyContext::Input, key);
  m_dirty |= kInput | kChat;
  if (command && *command == "/input search") {
    m_search.older(sb);
    return true;
  }
  if (key == "Backspace") {
    m_search_line.delete_backward();
    update_search();
    return true;
  }
  bool back = key == "Esc" || key == "C-g" || key == "C-c";
  m_search.finish(sb, !back);
  return key == "Enter" || back;
}

}  // namespace msntty::ui
