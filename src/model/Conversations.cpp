#include "model/Conversations.hpp"

#include <algorithm>

namespace msntty {

Conversation& Conversations::open(std::vector<std::string> wanted) {
  m_list.push_back(std::make_unique<Conversation>(m_next_id++, std::move(wanted)));
  m_list.back()->set_touched(++m_clock);
  return *m_list.back();
}

Conversation* Conversations::find(uint64_t id) {
  for (auto& c : m_list)
    if (c->id() == id) return c.get();
  return nullptr;
}

const Conversation* Conversations::find(uint64_t id) const {
  return const_cast<Conversations*>(this)->find(id);
}

void Conversations::close(uint64_t id) {
  std::erase_if(m_list, [id](const auto& c) { return c->id() == id; });
  if (m_focus == id) m_focus = m_list.empty() ? 0 : m_list.back()->id();
}

bool Conversations::set_focus(uint64_t id) {
  if (id != 0 && !find(id)) return false;
  m_focus = id;
  return true;
}

void Conversations::touch(uint64_t id) {
  if (Conversation* c = find(id)) c->set_touched(++m_clock);
}

Conversation* Conversations::latest() {
  Conversation* best = nullptr;
  for (auto& c : m_list)
    if (!best || c->touched() > best->touched()) best = c.get();
  return best;
}

}  // namespace msntty
