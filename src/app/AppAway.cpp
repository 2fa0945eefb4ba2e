// App: auto-away. Only a person at the terminal makes the client "active": the timer is armed
// by key presses in the UI, never in headless mode, and one timer covers the whole idle period
// (a key press only records the time; the timer re-arms itself for the remainder).
#include "app/App.hpp"

namespace msntty {

void App::user_active() {
  m_last_input = m_reactor.now();
  if (m_status_before_away) {
    Status back = *m_status_before_away;
    m_status_before_away.reset();
    if (m_ns && m_ns->session().signed_in() && m_ns->session().status() != back) {
      m_ns->session().set_status(back);
      notice("welcome back: status set to " + std::string(status_name(back)));
    }
  }
  if (!m_away_timer.active()) arm_auto_away();
}

void App::arm_auto_away() {
  int minutes = m_settings.get_int("auto_away");
  if (minutes <= 0) return;
  auto limit = std::chrono::minutes(minutes);
  auto idle = m_reactor.now() - m_last_input;
  auto wait = idle >= limit ? std::chrono::milliseconds(0)
                            : std::chrono::duration_cast<std::chrono::milliseconds>(limit - idle);
  m_away_timer = m_reactor.after(wait + std::chrono::milliseconds(1), [this, limit] {
    if (m_reactor.now() - m_last_input < limit) return arm_auto_away();
    NsSession* s = session();
    if (!s || s->status() != Status::Online) return;  // busy, invisible...: the user chose it
    Status away = status_from_name(m_settings.get("auto_away_status")).value_or(Status::Away);
    m_status_before_away = s->status();
    s->set_status(away);
    notice("no key pressed for " + std::to_string(m_settings.get_int("auto_away")) +
           " minutes: status set to " + std::string(status_name(away)));
  });
}

}  // namespace msntty
