#include "app/SessionWait.hpp"

#include <utility>

namespace msntty {

SessionWait::SessionWait(net::Reactor& reactor, const Settings& settings,
                         std::function<void(const std::string&)> report_error)
    : m_reactor(reactor), m_settings(settings), m_report_error(std::move(report_error)) {}

void SessionWait::add(std::string what, std::function<void()> run) {
  auto limit = std::chrono::seconds(m_settings.get_int("offline_queue_timeout"));
  m_items.push_back({std::move(what), std::move(run), m_reactor.current_time() + limit});
  if (!m_timer.active()) arm();
}

void SessionWait::signed_in() {
  m_timer.cancel();
  // A command may itself wait again (the session went while it ran): run what was here now.
  std::deque<Item> items = std::exchange(m_items, {});
  for (auto& item : items) item.run();
  if (!m_items.empty()) arm();
}

void SessionWait::fail_all(const std::string& why) {
  m_timer.cancel();
  std::deque<Item> items = std::exchange(m_items, {});
  for (auto& item : items) m_report_error(item.what + ": not signed in (" + why + ")");
}

void SessionWait::arm() {
  if (m_items.empty()) return;
  auto wait = m_items.front().deadline - m_reactor.current_time();
  m_timer =
      m_reactor.after(std::chrono::ceil<std::chrono::milliseconds>(wait), [this] { expire(); });
}

void SessionWait::expire() {
  auto now = m_reactor.current_time();
  while (!m_items.empty() && m_items.front().deadline <= now) {
    Item item = std::move(m_items.front());
    m_items.pop_front();
    m_report_error(item.what + ": not signed in within " +
                   std::to_string(m_settings.get_int("offline_queue_timeout")) + " seconds");
  }
  arm();
}

}  // namespace msntty
