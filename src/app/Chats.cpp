#include "app/Chats.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <ranges>
#include <utility>

#include "util/Strings.hpp"

namespace msntty {

namespace {

ImFormat format_from(const Settings& s) {
  ImFormat f;
  f.font = s.get("font");
  const std::string& ef = s.get("font_effects");
  f.bold = ef.find('B') != std::string::npos;
  f.italic = ef.find('I') != std::string::npos;
  f.underline = ef.find('U') != std::string::npos;
  f.strike = ef.find('S') != std::string::npos;
  // Settings speak #RRGGBB like everyone else; the wire wants COLORREF (0xBBGGRR).
  std::string rgb = s.get("font_color");
  if (rgb.starts_with("#")) rgb.erase(0, 1);
  uint32_t v = static_cast<uint32_t>(std::strtoul(rgb.c_str(), nullptr, 16));
  f.color = ((v & 0xFF) << 16) | (v & 0xFF00) | ((v >> 16) & 0xFF);
  return f;
}

}  // namespace

Chats::Chats(net::Reactor& reactor, net::TransportFactory transports, const Settings& settings,
             const ContactList& contacts, Conversations& conversations, EventBus& events,
             Hooks hooks)
    : m_reactor(reactor),
      m_transports(std::move(transports)),
      m_settings(settings),
      m_contacts(contacts),
      m_conversations(conversations),
      m_events(events),
      m_hooks(std::move(hooks)),
      m_drain(reactor.on_turn_end([this] { drain_output(); })) {}

Chats::~Chats() = default;

int64_t Chats::now() const {
  return static_cast<int64_t>(std::time(nullptr));
}

std::string Chats::nick_of(const std::string& email) const {
  const Contact* c = m_contacts.find(email);
  return c ? c->nick : email;
}

bool Chats::is_ignored(const std::string& email) const {
  return m_hooks.ignored && m_hooks.ignored(email);
}

void Chats::add_line(Conversation& c, ChatLine line) {
  if (line.kind == ChatLine::Kind::Incoming || line.kind == ChatLine::Kind::Outgoing)
    m_conversations.touch(c.id());
  const ChatLine& added = c.add_line(std::move(line));
  if (m_hooks.line_added) m_hooks.line_added(c, added);
}

Conversation& Chats::create(std::vector<std::string> wanted) {
  Conversation& c = m_conversations.open(std::move(wanted));
  c.set_max_lines(static_cast<size_t>(m_settings.get_int("scrollback_lines")));
  if (m_hooks.opened) m_hooks.opened(c);
  m_events.emit(ev::ConversationOpened{.conversation = c.id(), .participants = c.wanted()});
  if (m_hooks.changed) m_hooks.changed(c);
  return c;
}

Conversation& Chats::conversation_with(const std::string& email) {
  Conversation* c = one_to_one(email);
  return c ? *c : create({email});
}

Conversation& Chats::conversation_for(const std::string& email) {
  if (Conversation* c = one_to_one(email)) return *c;
  Conversation* group = nullptr;
  for (Conversation& c : m_conversations.all()) {
    bool there =
        std::ranges::any_of(c.present(), [&](const auto& p) { return equals_icase(p, email); });
    if (c.is_group() && there && (!group || c.touched() > group->touched())) group = &c;
  }
  return group ? *group : create({email});
}

uint64_t Chats::send_text(Conversation& c, const std::string& text, const std::string& action) {
  ChatLine line;
  line.id = m_next_message++;
  line.time = now();
  line.kind = ChatLine::Kind::Outgoing;
  line.from = m_hooks.account();
  line.text = text;
  line.action = action;
  line.delivery = Delivery::Pending;
  add_line(c, line);
  queue_message(c, line);
  return line.id;
}

// The text goes again as a new message, at the end of the conversation with the time it is
// sent: the failed line stays where it was, marked failed, and points at its new copy.
bool Chats::resend(Conversation& c, uint64_t id, std::string& error) {
  const ChatLine* line = nullptr;
  if (id) {
    line = c.find_line(id);
  } else {
    for (auto it = c.lines().rbegin(); it != c.lines().rend() && !line; ++it)
      if (it->kind == ChatLine::Kind::Outgoing && it->delivery == Delivery::Failed &&
          !m_resent.count(it->id))
        line = &*it;
  }
  if (!line || line->delivery != Delivery::Failed) {
    error =
        id ? "message " + std::to_string(id) + " has not failed" : "no failed message to resend";
    return false;
  }
  if (auto done = m_resent.find(line->id); done != m_resent.end()) {
    error = "message " + std::to_string(id) + " was resent already, as message " +
            std::to_string(done->second);
    return false;
  }
  std::string text = line->text;  // a copy: sending may drop the oldest lines
  uint64_t old_id = line->id;
  m_resent[old_id] = send_text(c, text);
  return true;
}

void Chats::queue_message(Conversation& c, const ChatLine& line) {
  uint64_t id = line.id;  // a listener may add lines, and the oldest (this one?) may go
  m_events.emit(ev::Sent{.conversation = c.id(), .id = id, .text = line.text});
  m_queues[c.id()].push_back({id, false, m_reactor.current_time()});
  route(c);
  if (m_hooks.changed) m_hooks.changed(c);
}

void Chats::send_nudge(Conversation& c) {
  m_conversations.touch(c.id());
  m_queues[c.id()].push_back({0, true, m_reactor.current_time()});
  route(c);
}

void Chats::send_typing(Conversation& c) {
  auto it = m_links.find(c.id());
  if (it == m_links.end() || !it->second->session.ready() || c.present().empty()) return;
  SbLink& link = *it->second;
  if (now() - link.last_typing < 5) return;
  link.last_typing = now();
  link.session.send_typing();
}

void Chats::invite(Conversation& c, const std::string& email) {
  c.want(email);
  auto it = m_links.find(c.id());
  if (it != m_links.end() && it->second->session.ready()) {
    it->second->session.invite(email);
  } else {
    ensure_switchboard(c);
  }
  if (m_hooks.changed) m_hooks.changed(c);
}

void Chats::ensure_switchboard(Conversation& c) {
  auto it = m_links.find(c.id());
  if (it != m_links.end()) {
    SbLink& link = *it->second;
    if (!link.session.ready()) return;  // still connecting: the queue waits
    if (!c.present().empty()) return send_queued(c, link);
    // Calling: nobody present yet means they are still being called, and the queue waits.
    // Answering: the roster came whole with IRO before ANS OK.
    if (!link.anyone_joined && !link.answering) return;
    // Everyone left this switchboard: leave it too and start afresh
    // (doc/protocol/switchboard.md#leaving); the queue goes to the new one.
    auto queued = std::move(m_queues[c.id()]);
    m_queues.erase(c.id());
    drop_link(c, "");
    m_queues[c.id()] = std::move(queued);
  }
  for (const auto& [trid, conv] : m_xfr)
    if (conv == c.id()) return;  // already asked for one
  uint32_t trid = m_hooks.request_switchboard ? m_hooks.request_switchboard() : 0;
  if (!trid) return wait_for_ns(c);
  m_xfr[trid] = c.id();
}

// Not signed in (yet, or for now): the queue stays, shown as pending, until the next sign-in.
void Chats::wait_for_ns(Conversation& c) {
  if (m_queues[c.id()].empty() || !m_wait_ns.insert(c.id()).second) return;
  int minutes = (m_settings.get_int("offline_queue_timeout") + 59) / 60;
  ChatLine line;
  line.time = now();
  line.kind = ChatLine::Kind::Notice;
  line.text = "not signed in: messages wait for the sign-in (up to " + std::to_string(minutes) +
              (minutes == 1 ? " minute)" : " minutes)");
  add_line(c, std::move(line));
  if (!m_offline_timer.active()) expire_offline();
}

// Fails what has waited offline_queue_timeout, and comes back for the next one due.
void Chats::expire_offline() {
  auto limit = std::chrono::seconds(m_settings.get_int("offline_queue_timeout"));
  auto now_t = m_reactor.current_time();
  std::optional<net::Clock::time_point> next;
  for (auto it = m_wait_ns.begin(); it != m_wait_ns.end();) {
    Conversation* c = find(*it);
    auto& q = m_queues[*it];
    while (c && !q.empty() && q.front().queued + limit <= now_t) {
      Pending p = q.front();
      q.pop_front();
      if (!p.nudge)
        fail_message(*c, p.message_id,
                     "not signed in within " + std::to_string(limit.count()) + " seconds");
    }
    if (!c || q.empty()) {
      it = m_wait_ns.erase(it);
      continue;
    }
    if (!next || q.front().queued + limit < *next) next = q.front().queued + limit;
    ++it;
  }
  if (next)
    m_offline_timer = m_reactor.after(std::chrono::ceil<std::chrono::milliseconds>(*next - now_t),
                                      [this] { expire_offline(); });
}

void Chats::on_ns_lost() {
  m_ready_at.reset();
  for (const auto& [trid, conv] : m_xfr)
    if (Conversation* c = find(conv)) wait_for_ns(*c);
  m_xfr.clear();
}

// Presence is not known yet right after signing in: what waited asks for a switchboard, and a
// CAL answered 217 sends it to the offline-message store (on_call_failed).
void Chats::on_ns_ready() {
  m_ready_at = m_reactor.current_time();
  std::set<uint64_t> waiting = std::exchange(m_wait_ns, {});
  m_offline_timer.cancel();
  for (uint64_t id : waiting)
    if (Conversation* c = find(id)) ensure_switchboard(*c);
}

void Chats::on_granted(const ns::SwitchboardGranted& g) {
  auto it = m_xfr.find(g.trid);
  if (it == m_xfr.end()) return;
  Conversation* c = find(it->second);
  m_xfr.erase(it);
  if (!c) return;
  std::string cookie = g.cookie;
  open_link(*c, g.host, g.port, [cookie](SbSession& s) { s.start_call(cookie); });
}

void Chats::on_refused(const ns::SwitchboardRefused& r) {
  auto it = m_xfr.find(r.trid);
  if (it == m_xfr.end()) return;
  Conversation* c = find(it->second);
  m_xfr.erase(it);
  if (!c) return;
  std::string why = r.code ? std::to_string(r.code) + ": " + r.text : r.text;
  if (r.code == 913) why += " (you cannot start conversations while invisible)";
  fail_queue(*c, why);
}

std::unique_ptr<SbLink> Chats::new_link(std::function<void(SbSession&)> start) {
  auto link = std::make_unique<SbLink>(m_hooks.account(), format_from(m_settings),
                                       m_hooks.place_guid ? m_hooks.place_guid() : "");
  SbLink* raw = link.get();
  raw->serial = ++m_next_link_serial;
  uint64_t serial = raw->serial;
  net::Transport::Callbacks cb;
  cb.on_connected = [raw, start] { start(raw->session); };
  cb.on_data = [this, serial](std::string_view bytes) { on_serial_data(serial, bytes); };
  cb.on_closed = [this, serial](const std::string& reason) { on_serial_closed(serial, reason); };
  raw->conn = m_transports(std::move(cb));
  int join_seconds = m_settings.get_int("join_timeout");
  raw->join_timer =
      m_reactor.after(std::chrono::seconds(join_seconds),
                      [this, serial, join_seconds] { on_join_timeout(serial, join_seconds); });
  return link;
}

// After the link is stored where its callbacks look for it: a connection may fail at once.
void Chats::connect_link(SbLink& link, const std::string& host, uint16_t port) {
  link.conn->connect(host, port, net::TlsOptions{},
                     std::chrono::milliseconds(1000LL * m_settings.get_int("connect_timeout")));
}

void Chats::open_link(Conversation& c, const std::string& host, uint16_t port,
                      std::function<void(SbSession&)> start) {
  SbLink& link = *(m_links[c.id()] = new_link(std::move(start)));
  connect_link(link, host, port);
}

std::optional<uint64_t> Chats::conversation_of(uint64_t serial) const {
  for (const auto& [conv_id, link] : m_links)
    if (link->serial == serial) return conv_id;
  return std::nullopt;
}

void Chats::on_serial_data(uint64_t serial, std::string_view bytes) {
  if (m_answering.count(serial)) return on_answer_data(serial, bytes);
  if (auto conv_id = conversation_of(serial)) on_link_data(*conv_id, bytes);
}

void Chats::on_serial_closed(uint64_t serial, const std::string& reason) {
  if (m_leaving.erase(serial)) return;  // a switchboard we left, now flushed and closed
  if (m_answering.count(serial)) return forget_invitation(serial, reason);
  if (auto conv_id = conversation_of(serial))
    if (Conversation* c = find(*conv_id)) drop_link(*c, reason);
}

void Chats::on_join_timeout(uint64_t serial, int seconds) {
  std::string why = "nobody joined within " + std::to_string(seconds) + " seconds";
  if (m_answering.count(serial)) return forget_invitation(serial, why);
  auto conv_id = conversation_of(serial);
  Conversation* conv = conv_id ? find(*conv_id) : nullptr;
  if (!conv || !conv->present().empty()) return;
  // A window nobody was called into (our own place's invitation): nobody to wait for, so
  // nothing to say either.
  drop_link(*conv, conv->wanted().empty() ? std::string() : why);
}

// The one place switchboard sessions' bytes reach their sockets, once at the end of every loop
// turn: no caller has to remember it, and all a turn queued leaves in one write per switchboard.
void Chats::drain_output() {
  for (auto& [conv_id, link] : m_links) {
    std::string out = link->session.take_output();
    if (!out.empty()) link->conn->send(out);
  }
  for (auto& [serial, link] : m_answering) {
    std::string out = link->session.take_output();
    if (!out.empty()) link->conn->send(out);
  }
  for (auto& [serial, link] : m_leaving) {
    std::string out = link->session.take_output();
    if (!out.empty()) link->conn->send(out);
    if (!std::exchange(link->closing, true)) link->conn->close_after_flush();
  }
}

void Chats::on_link_data(uint64_t conv_id, std::string_view bytes) {
  Conversation* c = find(conv_id);
  if (!c) return;
  SbLink& link = *m_links[conv_id];
  link.session.receive(bytes);
  handle_events(*c, link, link.session.take_events());
}

void Chats::handle_events(Conversation& c, SbLink& link, std::vector<sb::Event> events) {
  uint64_t conv_id = c.id();
  for (auto& e : events) {
    handle_event(c, link, e);
    auto it = m_links.find(conv_id);
    if (it == m_links.end() || it->second.get() != &link) return;  // the link went away
  }
  if (link.session.closed()) drop_link(c, "the switchboard closed the conversation");
}

void Chats::drop_link(Conversation& c, const std::string& reason) {
  auto it = m_links.find(c.id());
  if (it == m_links.end()) return;
  std::unique_ptr<SbLink> link = std::move(it->second);
  m_links.erase(it);
  std::string why = reason.empty() ? "the conversation was restarted" : reason;
  for (uint32_t trid : link->session.unacknowledged()) {
    auto p = link->part_of.find(trid);
    if (p != link->part_of.end())
      fail_message(c, p->second, "switchboard closed before delivery: " + why);
  }
  if (!m_queues[c.id()].empty()) fail_queue(c, why);
  // Let OUT reach the server: the link is kept until its output is written and it has closed.
  if (link->conn->is_connected()) {
    if (!link->session.closed()) link->session.leave();
    m_leaving[link->serial] = std::move(link);
  }
  // No line of its own: an idle switchboard closes every few minutes and the next message opens
  // another by itself; a message it cut off says so with its failure, once.
  c.clear_present();
  if (m_hooks.changed) m_hooks.changed(c);
}

void Chats::send_queued(Conversation& c, SbLink& link) {
  auto& q = m_queues[c.id()];
  while (!q.empty()) {
    Pending p = q.front();
    q.pop_front();
    if (p.nudge) {
      link.session.send_nudge();
      ChatLine line;
      line.time = now();
      line.kind = ChatLine::Kind::Notice;
      line.text = "you sent a nudge";
      add_line(c, std::move(line));
    } else {
      transmit(c, link, p.message_id);
    }
  }
  if (m_hooks.changed) m_hooks.changed(c);
}

void Chats::transmit(Conversation& c, SbLink& link, uint64_t message_id) {
  ChatLine* line = c.find_line(message_id);
  if (!line) return;
  auto trids = link.session.send_text(line->text);
  for (uint32_t t : trids) link.part_of[t] = message_id;
  link.parts_left[message_id] = static_cast<int>(trids.size());
  line->delivery = Delivery::Sent;
}

void Chats::fail_message(Conversation& c, uint64_t id, const std::string& reason) {
  ChatLine* line = c.find_line(id);
  if (!line || line->delivery == Delivery::Failed || line->delivery == Delivery::Delivered ||
      line->delivery == Delivery::Stored)
    return;
  line->delivery = Delivery::Failed;
  line->failure = reason;
  if (m_hooks.line_added) {
    ChatLine note;
    note.time = now();
    note.kind = ChatLine::Kind::Error;
    note.text = "message " + std::to_string(id) + " not delivered: " + reason;
    m_hooks.line_added(c, note);  // logged, not shown twice: the message itself is marked
  }
  m_events.emit(ev::Failed{.conversation = c.id(), .id = id, .reason = reason});
}

void Chats::fail_queue(Conversation& c, const std::string& reason) {
  auto q = std::move(m_queues[c.id()]);
  m_queues[c.id()].clear();
  for (const Pending& p : q) {
    if (p.nudge) continue;
    fail_message(c, p.message_id, reason);
  }
  if (m_hooks.changed) m_hooks.changed(c);
}

void Chats::close(Conversation& c) {
  drop_link(c, "");
  for (auto it = m_xfr.begin(); it != m_xfr.end();)
    it = it->second == c.id() ? m_xfr.erase(it) : std::next(it);
  m_queues.erase(c.id());
  m_wait_ns.erase(c.id());
  m_told_stored.erase(c.id());
  m_events.emit(ev::ConversationClosed{.conversation = c.id()});
  m_conversations.close(c.id());
}

void Chats::leave_all(const std::string& reason) {
  m_answering.clear();  // nothing of them was shown yet
  for (Conversation& c : m_conversations.all()) drop_link(c, reason);
}

void Chats::close_all() {
  m_answering.clear();
  for (Conversation& c : m_conversations.all()) {
    drop_link(c, "signed out");
    fail_queue(c, "signed out");
  }
  m_xfr.clear();
  m_wait_ns.clear();
  m_offline_timer.cancel();
}

size_t Chats::live_switchboards() const {
  return m_links.size() + m_answering.size();
}

}  // namespace msntty
