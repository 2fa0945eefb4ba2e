// Chats: messages to a contact who is offline, stored on the server for their next sign-in
// (doc/protocol/oim-store.md#in-msntty). Only one-to-one conversations, at MSNP11 and later, with
// the offline_messages setting on; anything else fails as it always did, with a reason.
#include "app/Chats.hpp"

#include <chrono>

namespace msntty {

bool Chats::store_allowed() const {
  return m_hooks.store_offline && m_hooks.ns_version && m_hooks.ns_version() >= 11 &&
         m_settings.get_bool("offline_messages");
}

namespace {
// How long after signing in the contact list's "offline" may still mean "not heard of yet": the
// server sends the presence of everyone online right after the sign-in, without an end marker.
constexpr auto kPresenceSettles = std::chrono::seconds(5);
}  // namespace

bool Chats::presence_settled() const {
  return m_ready_at && m_reactor.current_time() - *m_ready_at >= kPresenceSettles;
}

// The contact list shows the one contact of this conversation offline, and has had the time to
// hear otherwise.
bool Chats::shown_offline(const Conversation& c) const {
  if (c.wanted().size() != 1 || !presence_settled()) return false;
  const Contact* contact = m_contacts.find(c.wanted()[0]);
  return contact && contact->status == Status::Offline;
}

// A conversation with a switchboard (or one asked for) keeps to it, and so does one whose
// contact's presence is not known for sure: a CAL answered 217 brings the queue back here.
void Chats::route(Conversation& c) {
  bool asked = false;
  for (const auto& [trid, conv] : m_xfr) asked = asked || conv == c.id();
  if (!asked && !m_links.count(c.id()) && store_allowed() && shown_offline(c) && store_queue(c))
    return;
  ensure_switchboard(c);
}

bool Chats::store_queue(Conversation& c) {
  if (c.wanted().size() != 1) return false;
  auto& q = m_queues[c.id()];
  bool any = false;
  for (const Pending& p : q) any = any || !p.nudge;
  if (!any) return false;
  std::deque<Pending> queued = std::exchange(q, {});
  std::string to = c.wanted()[0];
  for (const Pending& p : queued) {
    if (p.nudge) {
      ChatLine line;
      line.time = now();
      line.kind = ChatLine::Kind::Notice;
      line.text = nick_of(to) + " is offline: the nudge was not sent";
      add_line(c, std::move(line));
      continue;
    }
    const ChatLine* line = c.find_line(p.message_id);
    if (!line) {  // trimmed from the scrollback meanwhile: its text is gone, its `sent` is not
      m_events.emit(ev::Failed{.conversation = c.id(),
                               .id = p.message_id,
                               .reason = "it left the scrollback before it could be stored"});
      continue;
    }
    uint64_t conv_id = c.id(), id = p.message_id;
    m_hooks.store_offline(to, line->text, [this, conv_id, id, to](const std::string& error) {
      stored(conv_id, id, to, error);
    });
  }
  if (m_hooks.changed) m_hooks.changed(c);
  return true;
}

void Chats::stored(uint64_t conv_id, uint64_t id, const std::string& to, const std::string& error) {
  Conversation* c = find(conv_id);
  ChatLine* line = c ? c->find_line(id) : nullptr;
  std::string why = to + " is offline and the message could not be stored for later: " + error;
  if (!line) {  // trimmed from the scrollback before the answer: the outcome is still told
    if (error.empty())
      m_events.emit(ev::Stored{.conversation = conv_id, .id = id});
    else
      m_events.emit(ev::Failed{.conversation = conv_id, .id = id, .reason = why});
    return;
  }
  if (line->delivery != Delivery::Pending) return;
  if (!error.empty()) return fail_message(*c, id, why);
  line->delivery = Delivery::Stored;
  if (m_hooks.line_added) {  // logged, not shown: the message itself is marked
    ChatLine note;
    note.time = now();
    note.kind = ChatLine::Kind::Notice;
    note.text = "message " + std::to_string(id) + " stored for later: " + to + " is offline";
    m_hooks.line_added(*c, note);
  }
  if (m_told_stored.insert(conv_id).second) {
    ChatLine notice;
    notice.time = now();
    notice.kind = ChatLine::Kind::Notice;
    notice.text = nick_of(to) + " is offline: messages are stored for later";
    add_line(*c, std::move(notice));
  }
  m_events.emit(ev::Stored{.conversation = conv_id, .id = id});
  if (m_hooks.changed) m_hooks.changed(*c);
}

std::string Chats::not_stored(const std::string& email) const {
  int version = m_hooks.ns_version ? m_hooks.ns_version() : 0;
  if (!m_hooks.store_offline || version == 0) return "";
  if (version < 11)
    return email + " is offline (217); offline messages need MSNP11 or later (signed in with MSNP" +
           std::to_string(version) + ")";
  if (!m_settings.get_bool("offline_messages"))
    return email + " is offline (217); offline messages are off (/set offline_messages on)";
  return "";
}

// CAL 217 in a one-to-one conversation: the contact is offline, or appears so. What waited for
// them to join goes to the store, and the switchboard, empty, is left.
bool Chats::on_call_failed(Conversation& c, const sb::CallFailed& f) {
  if (f.code != 217 || c.is_group() || !store_allowed() || !store_queue(c)) return false;
  drop_link(c, "");
  return true;
}

}  // namespace msntty
