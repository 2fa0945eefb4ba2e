#include "model/Conversation.hpp"

#include <algorithm>

#include "util/Strings.hpp"

namespace msntty {
namespace {
bool contains(const std::vector<std::string>& v, const std::string& email) {
  return std::any_of(v.begin(), v.end(),
                     [&](const std::string& s) { return equals_icase(s, email); });
}
}  // namespace

Conversation::Conversation(uint64_t id, std::vector<std::string> wanted)
    : m_id(id), m_wanted(std::move(wanted)) {}

void Conversation::want(const std::string& email) {
  if (!contains(m_wanted, email)) m_wanted.push_back(email);
}

void Conversation::join(const std::string& email) {
  if (!contains(m_present, email)) m_present.push_back(email);
  want(email);
  m_typing.erase(email);
}

void Conversation::leave(const std::string& email) {
  std::erase_if(m_present, [&](const std::string& s) { return equals_icase(s, email); });
  m_typing.erase(email);
}

void Conversation::clear_present() {
  m_present.clear();
  m_typing.clear();
}

ChatLine& Conversation::add_line(ChatLine line) {
  line.seq = m_next_seq++;
  m_lines.push_back(std::move(line));
  while (m_lines.size() > m_max_lines) m_lines.pop_front();
  return m_lines.back();
}

// Seqs are consecutive and lines leave only at the front, so a seq is its own index.
const ChatLine* Conversation::line(uint64_t seq) const {
  if (m_lines.empty() || seq < m_lines.front().seq || seq > last_seq()) return nullptr;
  return &m_lines[seq - m_lines.front().seq];
}

Conversation::LinesAfter Conversation::lines_after(uint64_t seq) const {
  uint64_t first_kept = m_lines.empty() ? m_next_seq : m_lines.front().seq;
  if (seq >= last_seq()) return {m_lines.end(), m_lines.end(), 0};
  if (seq + 1 < first_kept) return {m_lines.begin(), m_lines.end(), first_kept - seq - 1};
  return {m_lines.begin() + static_cast<std::ptrdiff_t>(seq + 1 - first_kept), m_lines.end(), 0};
}

ChatLine* Conversation::find_line(uint64_t id) {
  // Outgoing ids grow, and the ones asked about are nearly always recent: search from the end.
  for (auto it = m_lines.rbegin(); it != m_lines.rend(); ++it)
    if (it->id == id && it->kind == ChatLine::Kind::Outgoing) return &*it;
  return nullptr;
}

void Conversation::set_typing(const std::string& email, int64_t until) {
  m_typing[email] = until;
}

std::vector<std::string> Conversation::typing(int64_t now) const {
  std::vector<std::string> out;
  for (const auto& [email, until] : m_typing)
    if (until > now) out.push_back(email);
  return out;
}

}  // namespace msntty
