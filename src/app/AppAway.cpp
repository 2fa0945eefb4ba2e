// App: what auto-away (app/AutoAway.hpp) acts on: the NS session's status.
#include "app/App.hpp"

namespace msntty {

void App::user_active() {
  m_away.user_active();
}

AutoAway::Session App::away_session() {
  AutoAway::Session s;
  s.status = [this]() -> std::optional<Status> {
    NsSession* ns = session();
    return ns ? std::optional<Status>(ns->status()) : std::nullopt;
  };
  s.set_status = [this](Status status) {
    if (NsSession* ns = session()) ns->set_status(status);
  };  // drained at turn end
  s.notice = [this](const std::string& text) { notice(text); };
  return s;
}

}  // namespace msntty
