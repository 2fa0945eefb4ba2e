// Chats: what switchboard events do to a conversation and the event stream.
#include "app/Chats.hpp"

namespace msntty {
namespace {
template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;
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
  auto event_with_contact = [&](std::string_view name, const std::string& email) {
    JsonObject e = EventSink::make(name);
    e.add("conversation", static_cast<int64_t>(c.id()));
    e.add("contact", email);
    return e;
  };
  std::visit(
      Overloaded{
          [&](sb::Ready&) {
            if (link.answering) return;  // the roster came with IRO
            for (const auto& email : c.wanted()) link.session.invite(email);
          },
          [&](sb::Joined& j) {
            c.join(j.email);
            JsonObject e = event_with_contact("joined", j.email);
            e.add("nick", j.nick);
            m_events.emit(e);
            if (link.session.ready() || !link.answering) send_queued(c, link);
            c.raise_activity(Activity::Low);
          },
          [&](sb::Left& l) {
            c.leave(l.email);
            m_events.emit(event_with_contact("left", l.email));
            notice_line(nick_of(l.email) + (l.idle ? " left (idle)" : " left the conversation"));
            c.raise_activity(Activity::Low);
          },
          [&](sb::Ringing&) {},
          [&](sb::CallFailed& f) {
            // Code 0: msntty refused to send the CAL itself; the text says why.
            std::string text = f.code ? std::to_string(f.code) + ": " + f.text : f.text;
            std::string why = nick_of(f.email) + ": " + text;
            notice_line(why, ChatLine::Kind::Error);
            JsonObject e = EventSink::make("error");
            e.add("code", f.code);
            e.add("text", text + " (" + f.email + ")");
            e.add("conversation", static_cast<int64_t>(c.id()));
            m_events.emit(e);
            if (c.present().empty()) drop_link(c, why);
          },
          [&](sb::Message& m) {
            ChatLine line;
            line.time = now();
            line.kind = ChatLine::Kind::Incoming;
            line.from = m.from;
            line.nick = m.nick;
            line.text = m.text;
            add_line(c, std::move(line));
            c.set_typing(m.from, 0);
            c.count_unread();
            c.raise_activity(c.is_group() ? Activity::Message : Activity::Highlight);
            JsonObject e = EventSink::make("message");
            e.add("conversation", static_cast<int64_t>(c.id()));
            e.add("from", m.from);
            e.add("nick", m.nick);
            e.add("text", m.text);
            m_events.emit(e);
          },
          [&](sb::Typing& t) {
            c.set_typing(t.email, now() + kTypingSeconds);
            m_events.emit(event_with_contact("typing", t.email));
          },
          [&](sb::Nudge& n) {
            notice_line(nick_of(n.from) + " sent you a nudge!");
            c.raise_activity(Activity::Highlight);
            m_events.emit(event_with_contact("nudge", n.from));
          },
          [&](sb::Unsupported& u) {
            notice_line(nick_of(u.from) + " wants to send you " + u.what +
                        " (not supported yet; declined)");
            c.raise_activity(Activity::Message);
            JsonObject e = event_with_contact("unsupported", u.from);
            e.add("what", u.what);
            m_events.emit(e);
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
            JsonObject e = EventSink::make("delivered");
            e.add("conversation", static_cast<int64_t>(c.id()));
            e.add("id", static_cast<int64_t>(id));
            m_events.emit(e);
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

}  // namespace msntty
