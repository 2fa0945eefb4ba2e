// App: what notification-server events do to the model and the event stream.
#include "app/App.hpp"

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
          },
          [&](ns::PrivacySettings&) {},
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
            if (!err.command.empty()) e.add("command", err.command);
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
          },
      },
      event);
}

}  // namespace msntty
