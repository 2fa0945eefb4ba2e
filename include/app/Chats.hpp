#pragma once
// Conversations and their switchboards. Each conversation may have one live switchboard
// connection; messages typed while none is ready wait in a queue and go out once the contacts
// have joined, or are reported failed with the reason. Nothing here blocks: switchboards are
// asked for (XFR SB), resolved, connected and authenticated as events arrive. A one-to-one
// conversation's messages to a contact who is offline go to the offline-message store instead
// (doc/protocol/oim-store.md#in-msntty).
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/EventBus.hpp"
#include "app/SbLink.hpp"
#include "app/Settings.hpp"
#include "model/ContactList.hpp"
#include "model/Conversation.hpp"
#include "model/Conversations.hpp"
#include "net/Reactor.hpp"
#include "net/Transport.hpp"
#include "proto/NsEvent.hpp"
#include "proto/SbSession.hpp"
#include "util/TextMatcher.hpp"

namespace msntty {

class Chats {
 public:
  struct Hooks {
    std::function<uint32_t()> request_switchboard;  // XFR SB on the NS; 0 if not signed in
    std::function<const std::string&()> account;
    std::function<const TextMatcher&()> highlights;  // what makes a group-chat line a highlight
    // Our machine GUID when the switchboard speaks MSNP16+ ("email;{guid}"); empty below.
    std::function<std::string()> place_guid;
    std::function<void(Conversation&)> changed;  // a conversation changed (UI redraw)
    std::function<void(Conversation&, const ChatLine&)> line_added;  // for the log
    std::function<void(Conversation&)> opened;  // a new conversation (to show its history)
    // The signed-in NS session's MSNP version; 0 when not signed in.
    std::function<int()> ns_version;
    // Hands a text for an offline contact to the store service (app/OimOutbox); `done` hears ""
    // once it is stored, else why not. Empty: nothing is ever stored.
    std::function<void(const std::string& to, const std::string& text,
                       std::function<void(const std::string& error)> done)>
        store_offline;
    // Whether the user ignores this address (model/IgnoreList); empty: nobody is ignored.
    std::function<bool(const std::string& email)> ignored;
    // A live message from `email` arrived in `c` (not ours, not ignored): the /away auto-reply,
    // if any, goes back from here. Empty: none.
    std::function<void(Conversation& c, const std::string& email, const std::string& text)>
        received;
  };
  // The conversations themselves live in the model (`conversations`); this adds their links.
  // Switchboard connections come from `transports` (TCP in the client, a fake in tests).
  Chats(net::Reactor& reactor, net::TransportFactory transports, const Settings& settings,
        const ContactList& contacts, Conversations& conversations, EventBus& events, Hooks hooks);
  ~Chats();

  // The contact's one-to-one conversation (there is one per contact: a switchboard they open
  // joins it), else a new one.
  Conversation& conversation_with(const std::string& email);
  // Where /msg CONTACT goes: the one-to-one conversation with them; without one, the group
  // conversation they are in now (of several, the one with the most recent activity); else a
  // new one-to-one conversation.
  Conversation& conversation_for(const std::string& email);
  Conversation* find(uint64_t id) { return m_conversations.find(id); }

  // A received offline message (app/OimInbox), in the sender's one-to-one conversation, with
  // its original time; the `message` event says "offline".
  Conversation& offline_message(const std::string& from, const std::string& nick,
                                const std::string& text, int64_t time);
  // Returns the message id (as in the sent/delivered/failed events). `action`: the body of a
  // /me whose wire form is `text` (app/ActionText).
  uint64_t send_text(Conversation& c, const std::string& text, const std::string& action = {});
  bool resend(Conversation& c, uint64_t id, std::string& error);  // id 0: the last failed one
  void send_nudge(Conversation& c);
  void send_typing(Conversation& c);  // rate-limited to once every 5 s
  void invite(Conversation& c, const std::string& email);
  void close(Conversation& c);                // leave and forget it
  void close_all();                           // at sign-out
  void leave_all(const std::string& reason);  // /disconnect: switchboards go, queues stay

  // The notification server went away: switchboards stay (they are connections of their own),
  // but no answer to a switchboard request will come; messages for a conversation without a
  // switchboard wait for on_ns_ready(), up to offline_queue_timeout.
  void on_ns_lost();
  void on_ns_ready();  // signed in (again): what waited asks for its switchboard
  void on_granted(const ns::SwitchboardGranted& g);
  void on_refused(const ns::SwitchboardRefused& r);
  // Someone (or another place of ours) rings us into a switchboard. It joins a conversation
  // once ANS OK has brought the whole roster: one contact, their one-to-one conversation.
  void on_invitation(const ns::Invitation& inv);
  size_t live_switchboards() const;

 private:
  struct Pending {
    uint64_t message_id;
    bool nudge;
    net::Clock::time_point queued;
  };

  Conversation& create(std::vector<std::string> wanted);
  void add_line(Conversation& c, ChatLine line);
  void queue_message(Conversation& c, const ChatLine& line);  // emits `sent`
  void ensure_switchboard(Conversation& c);
  // --- offline messages (ChatsOffline.cpp)
  void route(Conversation& c);  // the queue to a switchboard, or to the store
  bool store_allowed() const;
  bool shown_offline(const Conversation& c) const;
  bool presence_settled() const;
  bool store_queue(Conversation& c);  // false: nothing in it to store
  void stored(uint64_t conv_id, uint64_t id, const std::string& to, const std::string& error);
  // Why a message to `email` (offline: CAL 217) was not stored; empty if it might have been.
  std::string not_stored(const std::string& email) const;
  bool on_call_failed(Conversation& c, const sb::CallFailed& f);  // true: handled here
  // --- invitations (ChatsInvite.cpp)
  Conversation* one_to_one(const std::string& email);
  void on_answer_data(uint64_t serial, std::string_view bytes);
  void adopt(std::unique_ptr<SbLink> link);
  Conversation& home_for(const SbLink& link);
  void forget_invitation(uint64_t serial, const std::string& reason);
  // --- links, found by serial: a link answering an invitation has no conversation yet
  std::unique_ptr<SbLink> new_link(std::function<void(SbSession&)> start);
  void connect_link(SbLink& link, const std::string& host, uint16_t port);
  void open_link(Conversation& c, const std::string& host, uint16_t port,
                 std::function<void(SbSession&)> start);
  std::optional<uint64_t> conversation_of(uint64_t serial) const;
  void on_serial_data(uint64_t serial, std::string_view bytes);
  void on_serial_closed(uint64_t serial, const std::string& reason);
  void on_join_timeout(uint64_t serial, int seconds);
  void on_link_data(uint64_t conv_id, std::string_view bytes);
  void handle_events(Conversation& c, SbLink& link, std::vector<sb::Event> events);
  void handle_event(Conversation& c, SbLink& link, sb::Event& e);
  void received_message(Conversation& c, sb::Message& m);
  void say_roster(Conversation& c);  // "in this conversation: Bob, Carol" (a group's IRO)
  void send_queued(Conversation& c, SbLink& link);
  void fail_queue(Conversation& c, const std::string& reason);
  void fail_message(Conversation& c, uint64_t id, const std::string& reason);
  void transmit(Conversation& c, SbLink& link, uint64_t message_id);
  void drop_link(Conversation& c, const std::string& reason);
  void drain_output();
  void wait_for_ns(Conversation& c);
  void expire_offline();
  std::string nick_of(const std::string& email) const;
  bool is_ignored(const std::string& email) const;
  int64_t now() const;

  net::Reactor& m_reactor;
  net::TransportFactory m_transports;
  const Settings& m_settings;
  const ContactList& m_contacts;
  Conversations& m_conversations;
  EventBus& m_events;
  Hooks m_hooks;
  std::map<uint64_t, std::unique_ptr<SbLink>> m_links;    // by conversation id
  std::map<uint64_t, std::unique_ptr<SbLink>> m_leaving;  // by serial: OUT sent, closing
  // By serial: answering an invitation, its events held until ANS OK (see on_invitation).
  std::map<uint64_t, std::unique_ptr<SbLink>> m_answering;
  std::map<uint64_t, std::deque<Pending>> m_queues;  // by conversation id
  std::map<uint32_t, uint64_t> m_xfr;                // XFR TrID -> conversation id
  std::set<uint64_t> m_wait_ns;      // conversations whose queue waits for a sign-in
  std::set<uint64_t> m_told_stored;  // showed "... messages are stored for later" already
  // When the NS session signed in: the contacts' presence arrives in the seconds after it.
  std::optional<net::Clock::time_point> m_ready_at;
  net::Reactor::Timer m_offline_timer;
  // A failed message sent again by /resend -> the id of its copy (message ids are unique here).
  std::map<uint64_t, uint64_t> m_resent;
  uint64_t m_next_message = 1;
  uint64_t m_next_link_serial = 0;
  net::Reactor::Hook m_drain;  // last: unregistered before the links go
};

}  // namespace msntty
