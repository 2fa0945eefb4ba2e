// App: what notification-server events do to the model and the event stream.
#include "app/App.hpp"

#include <algorithm>

namespace msntty {
namespace {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

void App::emit_contact(const Contact& c) {
  JsonObject e = EventSink::make("contact");
  e.add("contact", c.email);
  e.add("nick", c.nick);
  e.add("lists", list_names(c.lists));
  std::vector<std::string> groups;
  for (const auto& id : c.groups)
    if (const Group* g = m_contacts.group(id)) groups.push_back(g->name);
  e.add("groups", groups);
  m_events.emit(e);
}

void App::emit_presence(const Contact& c) {
  JsonObject e = EventSink::make("presence");
  e.add("contact", c.email);
  e.add("status", status_name(c.status));
  e.add("nick", c.nick);
  e.add("psm", c.psm);
  m_events.emit(e);
}

Contact* App::contact_by_id(const std::string& who) {
  if (Contact* c = m_contacts.find(who)) return c;
  for (const auto& c : m_contacts.contacts())
    if (!c.guid.empty() && c.guid == who) return m_contacts.find(c.email);
  return nullptr;
}

void App::on_list_added(const ns::ListAdded& a) {
  Contact* c = a.email.empty() ? contact_by_id(a.guid) : &m_contacts.upsert(a.email);
  if (!c) return;
  if (!a.guid.empty()) c->guid = a.guid;
  if (!a.nick.empty() && c->nick == c->email) c->nick = a.nick;
  if (!a.group.empty()) {
    if (std::find(c->groups.begin(), c->groups.end(), a.group) == c->groups.end())
      c->groups.push_back(a.group);
  }
  c->lists |= a.list;
  if (a.list & (kAllowList | kBlockList)) c->lists &= ~static_cast<unsigned>(kPendingList);
  m_contacts.touch();
  emit_contact(*c);
}

void App::on_list_removed(const ns::ListRemoved& r) {
  Contact* c = contact_by_id(r.who);
  if (!c) return;
  if (!r.group.empty()) {
    std::erase(c->groups, r.group);
  } else {
    c->lists &= ~r.list;
    if (r.list == kForwardList) c->groups.clear();
  }
  m_contacts.touch();
  if (c->lists == 0) {
    JsonObject e = EventSink::make("contact_removed");
    e.add("contact", c->email);
    m_events.emit(e);
    m_contacts.remove(c->email);
    return;
  }
  emit_contact(*c);
}

void App::on_group_changed(const Group& g) {
  m_contacts.upsert_group(g);
  JsonObject e = EventSink::make("group");
  e.add("id", g.id);
  e.add("name", g.name);
  m_events.emit(e);
}

void App::on_ns_event(ns::Event& event) {
  std::visit(
      Overloaded{
          [&](ns::VersionChosen&) {},
          [&](ns::Redirect&) {},
          [&](ns::PassportNeeded&) {},
          [&](ns::GroupListed& g) { m_contacts.upsert_group(g.group); },
          [&](ns::ContactListed& l) {
            Contact& c = m_contacts.upsert(l.contact.email);
            Status keep = c.status;
            std::string psm = c.psm;
            c = l.contact;
            c.status = keep;
            c.psm = psm;
            emit_contact(c);
          },
          [&](ns::SignedIn& s) {
            JsonObject e = EventSink::make("signed_in");
            e.add("account", s.account);
            e.add("nick", s.nick);
            e.add("protocol", "MSNP" + std::to_string(s.version));
            m_events.emit(e);
            if (m_frontend) user_active();  // auto-away counts from sign-in
          },
          [&](ns::PrivacySettings& p) {
            bool changed = !m_privacy_blp.empty() && (m_privacy_blp != p.blp || m_privacy_gtc != p.gtc);
            m_privacy_blp = p.blp;
            m_privacy_gtc = p.gtc;
            if (!changed) return;
            JsonObject e = EventSink::make("privacy");
            e.add("others", p.blp == "BL" ? "block" : "allow");
            e.add("prompt", p.gtc == "N" ? "off" : "on");
            m_events.emit(e);
          },
          [&](ns::Presence& p) {
            Contact& c = m_contacts.upsert(p.email);
            c.status = p.status;
            if (!p.nick.empty()) c.nick = p.nick;
            c.capabilities = p.capabilities;
            emit_presence(c);
          },
          [&](ns::PersonalMessage& p) {
            Contact& c = m_contacts.upsert(p.email);
            if (c.psm == p.psm) return;
            c.psm = p.psm;
            emit_presence(c);
          },
          [&](ns::OwnStatus& s) {
            JsonObject e = EventSink::make("status");
            e.add("status", status_name(s.status));
            m_events.emit(e);
          },
          [&](ns::OwnNick& n) {
            JsonObject e = EventSink::make("nick");
            e.add("nick", n.nick);
            m_events.emit(e);
          },
          [&](ns::Pong&) {},
          [&](ns::Error& err) {
            JsonObject e = EventSink::make("error");
            e.add("code", err.code);
            e.add("text", err.code ? std::to_string(err.code) + ": " + err.text : err.text);
            if (err.request) e.add("command", describe(*err.request));
            m_events.emit(e);
          },
          [&](ns::ProtocolError& err) {
            JsonObject e = EventSink::make("error");
            e.add("code", 0);
            e.add("text", "server sent bad data: " + err.text);
            m_events.emit(e);
          },
          [&](ns::SignedOut&) {},
          [&](ns::SwitchboardGranted& g) { m_chats->on_granted(g); },
          [&](ns::SwitchboardRefused& r) { m_chats->on_refused(r); },
          [&](ns::Invitation& inv) { m_chats->on_invitation(inv); },
          [&](ns::MailNotice& m) {
            JsonObject e = EventSink::make("mail");
            if (m.inbox_unread >= 0) e.add("unread", m.inbox_unread);
            if (!m.from.empty()) e.add("from", m.from);
            if (!m.from_addr.empty()) e.add("address", m.from_addr);
            if (!m.subject.empty()) e.add("subject", m.subject);
            m_events.emit(e);
            if (!m.from.empty() || !m.subject.empty())
              notice("new e-mail from " + (m.from.empty() ? m.from_addr : m.from) + ": " + m.subject);
            else if (m.inbox_unread > 0)
              notice("you have " + std::to_string(m.inbox_unread) + " unread e-mail(s) in your inbox");
          },
          [&](ns::SystemNotice& n) { notice(n.text); },
          [&](ns::ReverseList& r) {
            Contact& c = m_contacts.upsert(r.email);
            if (r.added) c.lists |= kReverseList;
            else c.lists &= ~static_cast<unsigned>(kReverseList);
            JsonObject e = EventSink::make(r.added ? "added_you" : "removed_you");
            e.add("contact", r.email);
            e.add("nick", r.nick);
            m_events.emit(e);
            if (r.added && !(c.lists & (kAllowList | kBlockList)))
              notice(r.email + " added you to their contact list: /accept " + r.email +
                     " to allow them and add them back, /block " + r.email +
                     " to block them, or decide later (/pending)");
          },
          [&](ns::ListAdded& a) { on_list_added(a); },
          [&](ns::ListRemoved& r) { on_list_removed(r); },
          [&](ns::GroupAdded& g) { on_group_changed(g.group); },
          [&](ns::GroupRenamed& g) { on_group_changed(g.group); },
          [&](ns::GroupRemoved& g) {
            const Group* old = m_contacts.group(g.id);
            JsonObject e = EventSink::make("group_removed");
            e.add("id", g.id);
            e.add("name", old ? old->name : "");
            m_contacts.remove_group(g.id);
            m_events.emit(e);
          },
      },
      event);
}

}  // namespace msntty
