#include "app/AutoAway.hpp"

namespace msntty {

AutoAway::AutoAway(Clock& clock, const Settings& settings, Session session)
    : m_clock(clock), m_settings(settings), m_session(std::move(session)) {}

void AutoAway::user_active() {
  m_last_input = m_clock.now();
  if (m_status_before_away) {
    Status back = *m_status_before_away;
    m_status_before_away.reset();
    std::optional<Status> now = m_session.status();
    if (now && *now != back) {
      m_session.set_status(back);
      m_session.notice("welcome back: status set to " + std::string(status_name(back)));
    }
  }
  if (!m_clock.armed()) arm();
}

void AutoAway::arm() {
  int minutes = m_settings.get_int("auto_away");
  if (minutes <= 0) return;
  auto limit = std::chrono::minutes(minutes);
  auto idle = m_clock.now() - m_last_input;
  auto wait = idle >= limit ? std::chrono::milliseconds(0)
                            : std::chrono::duration_cast<std::chrono::milliseconds>(limit - idle);
  m_clock.arm(wait + std::chrono::milliseconds(1), [this, limit] { on_timer(limit); });
}

void AutoAway::on_timer(std::chrono::minutes limit) {
  if (m_clock.now() - m_last_input < limit) return arm();
  std::optional<Status> status = m_session.status();
  if (!status || *status != Status::Online) return;  // busy, invisible...: the user chose it
  Status away = status_from_name(m_settings.get("auto_away_status")).value_or(Status::Away);
  m_status_before_away = *status;
  m_session.set_status(away);
  m_session.notice("no key pressed for " + std::to_string(limit.count()) +
                   " minutes: status set to " + std::string(status_name(away)));
}

}  // namespace msntty
