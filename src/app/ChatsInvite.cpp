// Chats: answering invitations. A switchboard someone rings us into belongs to a conversation
// only once its roster is known (IRO, then ANS OK): with one contact in it, it is that contact's
// one-to-one conversation, the window already open with them (one contact, one window); with
// several, a new group conversation.
#include <algorithm>
#include <ranges>

#include "app/Chats.hpp"
#include "util/Strings.hpp"

namespace msntty {

// The most recent one-to-one conversation with `email`, a live one first (two can exist only
// when the user or a test made them before the rule held; the newest live one is the one in use).
Conversation* Chats::one_to_one(const std::string& email) {
  Conversation* best = nullptr;
  for (Conversation& c : m_conversations.all() | std::views::reverse) {
    if (c.wanted().size() != 1 || !equals_icase(c.wanted()[0], email)) continue;
    if (m_links.count(c.id())) return &c;
    if (!best) best = &c;
  }
  return best;
}

void Chats::on_invitation(const ns::Invitation& inv) {
  std::unique_ptr<SbLink> link =
      new_link([session_id = inv.session_id, cookie = inv.cookie](SbSession& s) {
        s.start_answer(session_id, cookie);
      });
  link->answering = true;
  link->inviter = inv.inviter;
  SbLink& raw = *link;
  m_answering[raw.serial] = std::move(link);
  connect_link(raw, inv.host, inv.port);
}

// Until ANS OK the events wait with the link; with it, the link joins its conversation and they
// are handled there in order, as if it had been there from the start.
void Chats::on_answer_data(uint64_t serial, std::string_view bytes) {
  SbLink& link = *m_answering[serial];
  link.session.receive(bytes);
  bool ready = false;
  for (auto& e : link.session.take_events()) {
    ready = ready || std::holds_alternative<sb::Ready>(e);
    link.held.push_back(std::move(e));
  }
  if (ready) {
    std::unique_ptr<SbLink> owned = std::move(m_answering[serial]);
    m_answering.erase(serial);
    return adopt(std::move(owned));
  }
  if (!link.session.closed()) return;
  std::string why = "the switchboard closed the conversation";
  for (const auto& e : link.held)
    if (const auto* err = std::get_if<sb::Error>(&e)) why = err->text;
  forget_invitation(serial, why);
}

// The roster: everyone IRO listed (our own other places are no participants, MSNP16+). Empty
// when the inviter left before we answered: then it is the inviter's conversation.
Conversation& Chats::home_for(const SbLink& link) {
  std::vector<std::string> roster;
  for (const auto& e : link.held)
    if (const auto* j = std::get_if<sb::Joined>(&e)) roster.push_back(j->email);
  bool own = equals_icase(link.inviter, m_hooks.account());
  if (roster.empty() && !own) roster.push_back(link.inviter);
  if (roster.size() == 1)
    if (Conversation* c = one_to_one(roster[0])) return *c;
  return create(std::move(roster));
}

void Chats::adopt(std::unique_ptr<SbLink> link) {
  Conversation& c = home_for(*link);
  uint64_t id = c.id();
  // The contact chose this switchboard: one the conversation had or asked for gives way, and
  // what waited for it goes out on this one.
  auto queued = std::move(m_queues[id]);
  m_queues.erase(id);
  drop_link(c, "");
  m_queues[id] = std::move(queued);
  for (auto it = m_xfr.begin(); it != m_xfr.end();)
    it = it->second == id ? m_xfr.erase(it) : std::next(it);
  m_wait_ns.erase(id);
  std::vector<sb::Event> events = std::exchange(link->held, {});
  SbLink& raw = *link;
  m_links[id] = std::move(link);
  handle_events(c, raw, std::move(events));
  if (m_links.count(id) && !m_queues[id].empty()) route(c);  // nobody there to take them
}

// Nothing of it was shown: the invitation is said once, as an error, and the link is left.
void Chats::forget_invitation(uint64_t serial, const std::string& reason) {
  auto it = m_answering.find(serial);
  if (it == m_answering.end()) return;
  std::unique_ptr<SbLink> link = std::move(it->second);
  m_answering.erase(it);
  m_events.emit(
      ev::Error{.text = "an invitation from " + nick_of(link->inviter) + " failed: " + reason});
  if (!link->conn->is_connected()) return;
  if (!link->session.closed()) link->session.leave();
  m_leaving[link->serial] = std::move(link);
}

}  // namespace msntty
