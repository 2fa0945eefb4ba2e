// Chats: what switchboard events do to a conversation, and the typed events they cause.
#include "app/Chats.hpp"

#include "app/ActionText.hpp"
#include "util/Overloaded.hpp"

namespace msntty {
namespace {
constexpr int64_t kTypingSeconds = 6;
}  // namespace

void Chats::handle_event(Conversation& c, SbLink& link, sb::Event& event) {
  auto notice_line = [&](std::string text, ChatLine::Kind kind = ChatLine::Kind::Notice) {
    ChatLine line;
    line.time = now();
    line.kind = kind;
    line.text = std::move(text);
    add_line(c, std::move(line));
  };
  std::visit(
      Overloaded{
          [&](sb::Ready&) {
            // The roster came with IRO: said once, and only when it is a group.
            if (link.answering) return say_roster(c);
            for (const auto& email : c.wanted()) link.session.invite(email);
          },
          [&](sb::Joined& j) {
            // Someone coming to people already here is news; the first one in a switchboard
            // is the one we called or who called us (a one-to-one chat reconnecting is not).
            if (!j.already_there && !c.present().empty()) notice_line(nick_of(j.email) + " joined");
            c.join(j.email);
            m_conversations.touch(c.id());
            link.anyone_joined = true;
            m_told_stored.erase(c.id());  // online again: a later "stored" is news
            m_events.emit(ev::Joined{.conversation = c.id(), .contact = j.email, .nick = j.nick});
            if (link.session.ready() || !link.answering) send_queued(c, link);
            c.raise_activity(Activity::Low);
          },
          [&](sb::Left& l) {
            c.leave(l.email);
            m_conversations.touch(c.id());
            m_events.emit(ev::Left{.conversation = c.id(), .contact = l.email});
            notice_line(nick_of(l.email) + (l.idle ? " left (idle)" : " left the conversation"));
            c.raise_activity(Activity::Low);
          },
          [&](sb::Ringing&) {},
          [&](sb::CallFailed& f) {
            if (on_call_failed(c, f)) return;  // offline: stored instead
            // Code 0: msntty refused to send the CAL itself; the text says why.
            std::string text = f.code ? std::to_string(f.code) + ": " + f.text : f.text;
            std::string why = nick_of(f.email) + ": " + text;
            if (f.code == 217 && !c.is_group())
              if (std::string no = not_stored(f.email); !no.empty()) why = no;
            notice_line(why, ChatLine::Kind::Error);
            m_events.emit(ev::Error{
                .code = f.code, .text = text + " (" + f.email + ")", .conversation = c.id()});
            if (c.present().empty()) drop_link(c, why);
          },
          [&](sb::Message& m) { received_message(c, m); },
          [&](sb::Typing& t) {
            if (is_ignored(t.email)) return;
            c.set_typing(t.email, now() + kTypingSeconds);
            m_events.emit(ev::Typing{.conversation = c.id(), .contact = t.email});
          },
          [&](sb::Nudge& n) {
            if (n.own) return notice_line("you sent a nudge (from another place)");
            if (is_ignored(n.from)) return;  // not shown, not notified
            notice_line(nick_of(n.from) + " sent you a nudge!");
            m_conversations.touch(c.id());
            c.raise_activity(Activity::Highlight);
            m_events.emit(ev::Nudge{.conversation = c.id(), .contact = n.from});
          },
          [&](sb::Unsupported& u) {
            notice_line(nick_of(u.from) + " wants to send you " + u.what +
                        " (not supported yet; declined)");
            c.raise_activity(Activity::Message);
            m_events.emit(
                ev::Unsupported{.conversation = c.id(), .contact = u.from, .what = u.what});
          },
          [&](sb::Delivered& d) {
            auto p = link.part_of.find(d.trid);
            if (p == link.part_of.end()) return;
            uint64_t id = p->second;
            link.part_of.erase(p);
            if (--link.parts_left[id] > 0) return;
            link.parts_left.erase(id);
            ChatLine* line = c.find_line(id);
            if (!line || line->delivery != Delivery::Sent) return;
            line->delivery = Delivery::Delivered;
            m_events.emit(ev::Delivered{.conversation = c.id(), .id = id});
          },
          [&](sb::NotDelivered& n) {
            auto p = link.part_of.find(n.trid);
            if (p == link.part_of.end()) return;
            uint64_t id = p->second;
            link.part_of.erase(p);
            fail_message(c, id, n.reason);
          },
          [&](sb::Error& err) {
            notice_line(err.text, ChatLine::Kind::Error);
            if (err.fatal) drop_link(c, err.text);
          },
      },
      event);
  if (m_hooks.changed) m_hooks.changed(c);
}

void Chats::say_roster(Conversation& c) {
  if (c.present().size() < 2) return;
  std::string names;
  for (const auto& email : c.present()) names += (names.empty() ? "" : ", ") + nick_of(email);
  ChatLine line;
  line.time = now();
  line.kind = ChatLine::Kind::Notice;
  line.text = "in this conversation: " + names;
  add_line(c, std::move(line));
}

// A message in the conversation. One whose sender is our own account was typed at another place
// of ours in the same switchboard (MSNP16+): our own line, already delivered there, with no
// unread count or highlight.
void Chats::received_message(Conversation& c, sb::Message& m) {
  ChatLine line;
  line.time = now();
  line.kind = m.own ? ChatLine::Kind::Outgoing : ChatLine::Kind::Incoming;
  line.from = m.from;
  line.nick = m.nick;
  line.text = m.text;
  line.action = action_body(m.text, m.nick.empty() ? nick_of(m.from) : m.nick, m.from).value_or("");
  // Ignored: logged like any line, but neither counted nor shown (the interface skips it).
  line.ignored = !m.own && is_ignored(m.from);
  bool ignored = line.ignored;
  // In a group chat only a message naming you is as urgent as a private one.
  line.highlight = !m.own && !ignored && c.is_group() && m_hooks.highlights &&
                   m_hooks.highlights().matches(m.text);
  bool highlight = line.highlight;
  std::string action = line.action;
  add_line(c, std::move(line));
  if (!m.own && !ignored) {
    c.set_typing(m.from, 0);
    c.count_unread();
    c.raise_activity(c.is_group() && !highlight ? Activity::Message : Activity::Highlight);
    if (m_hooks.received) m_hooks.received(c, m.from, m.text);
  }
  // The line has its copy: the event takes the session's strings.
  m_events.emit(ev::Message{.conversation = c.id(),
                            .from = std::move(m.from),
                            .nick = std::move(m.nick),
                            .text = std::move(m.text),
                            .time = now(),
                            .action = std::move(action),
                            .ignored = ignored,
                            .highlight = highlight});
}

// An offline message: a line like a live one from that contact, in their one-to-one
// conversation, with the time the server took it and the mark; unread and activity as for a
// live one (it was written to us, and nobody has read it yet).
Conversation& Chats::offline_message(const std::string& from, const std::string& nick,
                                     const std::string& text, int64_t time) {
  Conversation& c = conversation_with(from);
  ChatLine line;
  line.time = time;
  line.kind = ChatLine::Kind::Incoming;
  line.from = from;
  line.nick = nick;
  line.text = text;
  line.offline = true;
  line.action = action_body(text, nick.empty() ? nick_of(from) : nick, from).value_or("");
  line.ignored = is_ignored(from);
  bool ignored = line.ignored;
  std::string action = line.action;
  add_line(c, std::move(line));
  if (!ignored) {
    c.count_unread();
    c.raise_activity(Activity::Highlight);
  }
  m_events.emit(ev::Message{.conversation = c.id(),
                            .from = from,
                            .nick = nick,
                            .text = text,
                            .time = time,
                            .offline = true,
                            .action = std::move(action),
                            .ignored = ignored});
  if (m_hooks.changed) m_hooks.changed(c);
  return c;
}

}  // namespace msntty
