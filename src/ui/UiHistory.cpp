// Ui: the input history (Up and Down). The lines live in util/InputHistory, one list for every
// window; the file is the application's (app/InputHistoryFile, through the Client): read at
// start, written a few seconds after a line is typed, when a conversation closes and at exit,
// so that a crash loses at most the last few seconds of lines.
#include <algorithm>
#include <chrono>
#include <utility>

#include "app/InputHistoryFile.hpp"
#include "ui/Ui.hpp"
#include "util/Strings.hpp"

namespace msntty::ui {
namespace {

constexpr std::chrono::seconds k_history_save_delay{5};

}  // namespace

void Ui::load_history() {
  m_history.set_max(static_cast<std::size_t>(m_app.settings().get_int("input_history_size")));
  InputHistoryFile* file = m_app.input_history_file();
  if (!file) return;           // no state folder: kept for this run only
  if (m_history.max() == 0) {  // none kept: not even an earlier run's file
    m_history_unsaved = true;
    return save_history_now();
  }
  auto loaded = file->load(m_history);
  if (!loaded)
    to_status("the input history is not read: " + loaded.error().text, LineRole::Error,
              Activity::Low);
  else if (*loaded)
    to_status("the input history " + file->path() + ": " + std::to_string(*loaded) +
                  (*loaded == 1 ? " line" : " lines") + " that could not be read left out",
              LineRole::Error, Activity::Low);
}

// Kept for Up and Down, unless the line can carry a secret (a password_command): such a line
// is neither recalled nor written to the file.
void Ui::remember(const std::string& line) {
  if (m_app.carries_secret(line)) return m_history.reset_browsing();
  uint64_t before = m_history.revision();
  m_history.add(history_key(m_windows.current()), line);
  if (m_history.revision() != before) history_changed();
}

// Which window a line belongs to: "" for the status window, else the conversation's people
// (sorted, lower case), so that a conversation's lines come back in the next conversation with
// the same people, after /close or a restart.
std::string Ui::history_key(const ChatWindow& w) {
  const Conversation* c = w.is_status() ? nullptr : conversation_of(w);
  if (!c) return "";
  std::vector<std::string> people;
  for (const auto& email : c->wanted()) people.push_back(to_lower(email));
  std::sort(people.begin(), people.end());
  std::string key;
  for (const auto& p : people) key += (key.empty() ? "" : ",") + p;
  return key;
}

void Ui::history_step(bool older) {
  auto line =
      older ? m_history.up(history_key(m_windows.current()), m_editor.text()) : m_history.down();
  if (line) m_editor.set_text(*line);
  m_dirty |= kInput;
}

// /set input_history_size: fewer lines kept at once; 0 removes the file too.
void Ui::set_history_size(std::size_t lines) {
  if (lines == m_history.max()) return;
  uint64_t before = m_history.revision();
  m_history.set_max(lines);
  if (m_history.revision() != before || lines == 0) history_changed();
}

void Ui::history_changed() {
  m_history_unsaved = true;
  if (!m_history_timer.active())
    m_history_timer.start(k_history_save_delay, [this] { save_history_now(); });
}

std::string Ui::save_history() {
  m_history_timer.cancel();
  if (!m_history_unsaved) return "";
  InputHistoryFile* file = m_app.input_history_file();
  if (!file) return "";
  auto saved = m_history.max() == 0 ? file->remove() : file->save(m_history);
  if (!saved) return "the input history is not saved: " + saved.error().text;
  m_history_unsaved = false;
  m_history_failed = false;
  return "";
}

void Ui::save_history_now() {
  std::string error = save_history();
  if (error.empty() || std::exchange(m_history_failed, true)) return;
  to_status(error, LineRole::Error, Activity::Low);
}

}  // namespace msntty::ui
