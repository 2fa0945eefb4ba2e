#include "app/ContactSync.hpp"

#include <algorithm>
#include <utility>

#include "util/Overloaded.hpp"

namespace msntty {

ContactSync::ContactSync(ContactList& contacts, EventBus& events)
    : m_contacts(contacts), m_events(events) {}

bool ContactSync::apply(const ns::Event& event) {
  return std::visit(
      Overloaded{
          [&](const ns::GroupListed& g) { return m_contacts.upsert_group(g.group), true; },
          [&](const ns::ContactListed& l) { return on_listed(l.contact), true; },
          [&](const ns::PrivacySettings& p) { return on_privacy(p), true; },
          [&](const ns::Presence& p) { return on_presence(p), true; },
          [&](const ns::PersonalMessage& p) { return on_personal_message(p), true; },
          [&](const ns::ReverseList& r) { return on_reverse_list(r), true; },
          [&](const ns::ListAdded& a) { return on_list_added(a), true; },
          [&](const ns::ListRemoved& r) { return on_list_removed(r), true; },
          [&](const ns::GroupAdded& g) { return on_group_changed(g.group), true; },
          [&](const ns::GroupRenamed& g) { return on_group_changed(g.group), true; },
          [&](const ns::GroupRemoved& g) { return on_group_removed(g), true; },
          [](const auto&) { return false; },
      },
      event);
}

ev::Contact ContactSync::contact_event(const Contact& c) const {
  std::vector<std::string> groups;
  for (const auto& id : c.groups)
    if (const Group* g = m_contacts.group(id)) groups.push_back(g->name);
  return ev::Contact{
      .contact = c.email, .nick = c.nick, .lists = c.lists, .groups = std::move(groups)};
}

ev::Privacy ContactSync::privacy() const {
  return ev::Privacy{.block_others = m_blp == "BL", .prompt = m_gtc != "N"};
}

// The list dump at sign-in: the server's entry, with the presence we already know kept.
void ContactSync::on_listed(const Contact& listed) {
  Contact& c = m_contacts.upsert(listed.email);
  Status keep = c.status;
  std::string psm = c.psm;
  c = listed;
  c.status = keep;
  c.psm = psm;
  m_events.emit(contact_event(c));
}

void ContactSync::emit_presence(const Contact& c, Status before, bool initial) {
  m_events.emit(ev::Presence{.contact = c.email,
                             .before = before,
                             .status = c.status,
                             .nick = c.nick,
                             .psm = c.psm,
                             .initial = initial});
}

void ContactSync::on_presence(const ns::Presence& p) {
  Contact& c = m_contacts.upsert(p.email);
  Status before = c.status;
  c.status = p.status;
  if (!p.nick.empty()) c.nick = p.nick;
  c.capabilities = p.capabilities;
  m_unconfirmed.erase(c.email);
  emit_presence(c, before, p.initial);
}

void ContactSync::begin_resync() {
  m_unconfirmed.clear();
  for (const auto& c : m_contacts.contacts())
    if (c.status != Status::Offline) m_unconfirmed.insert(c.email);
}

void ContactSync::end_resync() {
  for (const auto& email : std::exchange(m_unconfirmed, {})) {
    Contact* c = m_contacts.find(email);
    if (!c || c->status == Status::Offline) continue;
    Status before = c->status;
    c->status = Status::Offline;
    m_contacts.touch();
    emit_presence(*c, before, true);
  }
}

void ContactSync::on_personal_message(const ns::PersonalMessage& p) {
  Contact& c = m_contacts.upsert(p.email);
  if (c.psm == p.psm) return;
  c.psm = p.psm;
  emit_presence(c, c.status);
}

// The first BLP/GTC pair comes with the sign-in dump: it is the starting point, not a change.
void ContactSync::on_privacy(const ns::PrivacySettings& p) {
  bool changed = !m_blp.empty() && (m_blp != p.blp || m_gtc != p.gtc);
  m_blp = p.blp;
  m_gtc = p.gtc;
  if (!changed) return;
  ev::Privacy now = privacy();
  m_events.emit(now);
  m_events.emit(ev::Notice{.text = std::string("people on neither list are now ") +
                                   (now.block_others ? "blocked" : "allowed") + "; you are " +
                                   (now.prompt ? "asked" : "not asked") +
                                   " when someone adds you"});
}

void ContactSync::on_reverse_list(const ns::ReverseList& r) {
  Contact& c = m_contacts.upsert(r.email);
  if (r.added)
    c.lists |= kReverseList;
  else
    c.lists &= ~static_cast<unsigned>(kReverseList);
  if (!r.added) return m_events.emit(ev::RemovedYou{.contact = r.email, .nick = r.nick});
  m_events.emit(ev::AddedYou{.contact = r.email, .nick = r.nick});
  // Said once, here: the interface only adds its question to it.
  std::string who = r.nick.empty() || r.nick == r.email ? r.email : r.nick + " <" + r.email + ">";
  std::string text = who + " added you to their contact list";
  if (!(c.lists & (kAllowList | kBlockList)))
    text += ": /accept " + r.email + " to allow them and add them back, /block " + r.email +
            " to block them, or decide later (/pending)";
  m_events.emit(ev::Notice{.text = text});
}

Contact* ContactSync::contact_by_id(const std::string& who) {
  if (Contact* c = m_contacts.find(who)) return c;
  for (const auto& c : m_contacts.contacts())
    if (!c.guid.empty() && c.guid == who) return m_contacts.find(c.email);
  return nullptr;
}

void ContactSync::on_list_added(const ns::ListAdded& a) {
  Contact* c = a.email.empty() ? contact_by_id(a.guid) : &m_contacts.upsert(a.email);
  if (!c) return;
  if (!a.guid.empty()) c->guid = a.guid;
  if (!a.nick.empty() && c->nick == c->email) c->nick = a.nick;
  bool new_group =
      !a.group.empty() && std::find(c->groups.begin(), c->groups.end(), a.group) == c->groups.end();
  if (new_group) c->groups.push_back(a.group);
  unsigned fresh = a.list & ~c->lists;
  c->lists |= a.list;
  if (a.list & (kAllowList | kBlockList)) c->lists &= ~static_cast<unsigned>(kPendingList);
  m_contacts.touch();
  m_events.emit(contact_event(*c));
  say_lists_changed(*c, fresh, true);
  if (const Group* g = new_group ? m_contacts.group(a.group) : nullptr)
    m_events.emit(ev::Notice{.text = c->email + " is in group \"" + g->name + "\""});
}

// A list change the server confirmed (ours, or made at another place of the account): said once,
// naming the contact, so /block, /allow, /add and the like never pass in silence.
void ContactSync::say_lists_changed(const Contact& c, unsigned lists, bool added) {
  std::string who = c.email;
  if (added) {
    if (lists & kForwardList) m_events.emit(ev::Notice{.text = who + " is on your contact list"});
    if (lists & kAllowList)
      m_events.emit(ev::Notice{.text = who + " is allowed: they may see you and message you"});
    if (lists & kBlockList)
      m_events.emit(
          ev::Notice{.text = who + " is blocked: they see you offline and cannot message you"});
    return;
  }
  // Leaving a privacy list for the other is said by the arrival; only the contact list's loss
  // is news of its own.
  if (lists & kForwardList)
    m_events.emit(ev::Notice{.text = who + " was removed from your contact list"});
}

void ContactSync::on_list_removed(const ns::ListRemoved& r) {
  Contact* c = contact_by_id(r.who);
  if (!c) return;
  if (!r.group.empty()) {
    std::erase(c->groups, r.group);
  } else {
    unsigned gone = r.list & c->lists;
    c->lists &= ~r.list;
    if (r.list == kForwardList) c->groups.clear();
    say_lists_changed(*c, gone, false);
  }
  m_contacts.touch();
  if (c->lists == 0) {
    m_events.emit(ev::ContactRemoved{.contact = c->email});
    m_contacts.remove(c->email);
    return;
  }
  m_events.emit(contact_event(*c));
}

// ADG/REG (or the address book's answer) after the list at sign-in: /group's doing, said.
void ContactSync::on_group_changed(const Group& g) {
  const Group* old = m_contacts.group(g.id);
  std::string said = old ? "group \"" + old->name + "\" is now \"" + g.name + "\""
                         : "group \"" + g.name + "\" created";
  m_contacts.upsert_group(g);
  m_events.emit(ev::Group{.id = g.id, .name = g.name});
  m_events.emit(ev::Notice{.text = said});
}

void ContactSync::on_group_removed(const ns::GroupRemoved& g) {
  const Group* old = m_contacts.group(g.id);
  ev::GroupRemoved e{.id = g.id, .name = old ? old->name : ""};
  m_contacts.remove_group(g.id);
  m_events.emit(e);
  m_events.emit(ev::Notice{.text = "group \"" + (e.name.empty() ? e.id : e.name) + "\" removed"});
}

}  // namespace msntty
