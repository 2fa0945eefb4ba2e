#include "app/AwayState.hpp"

#include "util/Strings.hpp"

namespace msntty {

void AwayState::go_away(Before before, std::string message, bool reply) {
  if (m_before) {
    if (!m_before->psm) m_before->psm = std::move(before.psm);
  } else {
    m_before = std::move(before);
  }
  m_message = std::move(message);
  m_reply = reply;
  m_replied.clear();  // a new message is news to everyone
}

std::optional<AwayState::Before> AwayState::come_back() {
  auto before = std::move(m_before);
  m_before.reset();
  m_message.clear();
  m_reply = false;
  m_replied.clear();
  return before;
}

std::optional<std::string> AwayState::reply_to(std::string_view email, std::string_view text) {
  if (!replying() || text.starts_with(k_reply_prefix)) return std::nullopt;
  if (!m_replied.insert(to_lower(email)).second) return std::nullopt;
  return std::string(k_reply_prefix) + m_message;
}

}  // namespace msntty
