// App: what notification-server events do. The contact list, presence and privacy are
// ContactSync's; the rest (sign-in, you, errors, switchboards, mail) is wired here.
#include "app/App.hpp"

#include <utility>

#include "app/PlaceCommands.hpp"
#include "util/Overloaded.hpp"

namespace msntty {

void App::on_ns_event(ns::Event& event) {
  if (m_sync.apply(event)) return;
  std::visit(
      Overloaded{
          [&](ns::SignedIn& s) { on_signed_in(s); },
          [&](ns::OwnStatus& s) { m_events.emit(ev::OwnStatus{.status = s.status}); },
          [&](ns::OwnNick& n) {
            m_own_nick = n.nick;
            m_events.emit(ev::OwnNick{.nick = n.nick});
          },
          [&](ns::Error& err) { on_ns_error(err); },
          [&](ns::ProtocolError& err) {
            m_events.emit(ev::Error{.code = 0, .text = "server sent bad data: " + err.text});
          },
          [&](ns::SwitchboardGranted& g) { m_chats->on_granted(g); },
          [&](ns::SwitchboardRefused& r) { m_chats->on_refused(r); },
          [&](ns::Invitation& inv) { m_chats->on_invitation(inv); },
          [&](ns::OwnPlaces& p) { m_events.emit(places_event(p.places)); },
          [&](ns::MailNotice& m) { on_mail(m); }, [&](ns::SystemNotice& n) { notice(n.text); },
          [&](ns::OfflineMessages& o) {
            if (m_inbox) m_inbox->on_notification(o);
          },
          [](auto&) {},  // the session's own business (versions, redirects, pings, sign-out)
      },
      event);
}

// An error naming the contact it is about, said once: /add sends FL and AL, and a refused
// address is refused twice with the same code.
void App::on_ns_error(const ns::Error& err) {
  std::string text = err.code ? std::to_string(err.code) + ": " + err.text : err.text;
  std::string about = err.request ? err.request->contact : "";
  if (!about.empty()) {
    if (m_last_ns_error == std::pair{about, err.code}) return;
    m_last_ns_error = {about, err.code};
    text += " (" + about + ")";
  }
  m_events.emit(ev::Error{
      .code = err.code, .text = text, .command = err.request ? describe(*err.request) : ""});
}

// Signed in, at start-up or again after a loss. Again: the nickname and privacy settings of
// before are put back if the server lost them, presence not confirmed within a few seconds is
// taken as offline (quietly: nobody needs 50 "went offline" lines after a reconnect), and what
// waited for the session goes: queued messages, then waiting commands.
void App::on_signed_in(const ns::SignedIn& s) {
  bool again = std::exchange(m_ever_signed_in, true);
  m_events.emit(ev::SignedIn{.account = s.account, .nick = s.nick, .protocol = s.version});
  m_contacts.set_stale(false);
  NsSession* ns = session();
  if (again && ns) {
    if (!m_own_nick.empty() && m_own_nick != s.nick) ns->set_nick(m_own_nick);
    ev::Privacy now = m_sync.privacy();
    if (m_privacy_before && m_privacy_before->block_others != now.block_others)
      ns->set_privacy(m_privacy_before->block_others ? "BL" : "AL");
    if (m_privacy_before && m_privacy_before->prompt != now.prompt)
      ns->set_prompt(m_privacy_before->prompt ? "A" : "N");
    m_sync.begin_resync();
    m_resync_timer = m_reactor.after(std::chrono::seconds(5), [this] { m_sync.end_resync(); });
  }
  if (!again || m_own_nick.empty()) m_own_nick = s.nick;
  if (m_frontend) user_active();  // auto-away counts from sign-in
  m_chats->on_ns_ready();
  if (m_inbox) m_inbox->on_ns_ready();
  m_waiting.signed_in();
}

void App::on_mail(const ns::MailNotice& m) {
  ev::Mail mail{.from = m.from, .address = m.from_addr, .subject = m.subject};
  if (m.inbox_unread >= 0) mail.unread = m.inbox_unread;
  m_events.emit(mail);
  if (!m.from.empty() || !m.subject.empty())
    notice("new e-mail from " + (m.from.empty() ? m.from_addr : m.from) + ": " + m.subject);
  else if (m.inbox_unread > 0)
    notice("you have " + std::to_string(m.inbox_unread) + " unread e-mail(s) in your inbox");
}

// What the offline-message outbox needs of the session: the store ticket (MSNP11-14: the one
// Passport ticket; 15+: the SSO ticket for the store), who we are, and the dialect.
OimOutbox::Hooks App::outbox_hooks() {
  OimOutbox::Hooks h;
  h.ticket = [this]() -> std::string {
    const WebTickets* t = m_ns ? m_ns->tickets() : nullptr;
    return t ? t->oim_send : "";
  };
  h.account = [this] { return m_settings.get("account"); };
  h.nick = [this] { return m_own_nick; };
  h.dialect = [this] {
    NsSession* s = session();
    return s ? s->version() : 0;
  };
  return h;
}

}  // namespace msntty
