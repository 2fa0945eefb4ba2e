#pragma once
// What the App tells its listeners (the UI, headless stdout, the event socket): one struct per
// event, all of them in the AppEvent variant. The UI reads the fields directly; scripts read them
// as JSON (app/EventJson.hpp), under the names and members documented in the man page (EVENTS).
// A member a script sees is a member here: renaming one breaks the build where it is used.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/Contact.hpp"  // ListBits
#include "model/Status.hpp"

namespace msntty::ev {

// --- the notification server: connection
struct Connecting {
  std::string server;  // host:port
};
struct SignedIn {
  std::string account;
  std::string nick;
  int protocol = 0;  // the MSNP version, e.g. 12 ("MSNP12")
};
struct SignedOut {
  std::string reason;  // quit, auth_failed, connection_lost, other_login, ... (man page)
  std::string text;
};
// The connection is gone but the client runs on: retrying in retry_in seconds, or (final)
// waiting for /connect, because trying again would not help (see NsConnection).
struct Disconnected {
  std::string reason;  // as SignedOut's, and `user` (/disconnect, /reconnect)
  std::string text;
  bool final = false;
  int retry_in = 0;  // seconds; 0 when final
};
struct Reconnecting {
  int attempt = 1;  // since the last loss
};

// --- you
struct OwnStatus {
  Status status = Status::Online;
};
struct OwnNick {
  std::string nick;
};
struct OwnPsm {  // your personal message, as set with /psm ("" when cleared)
  std::string psm;
};
// One place where this account is signed in (MSNP16+), as the server last listed them.
struct Place {
  std::string guid;
  std::string name;
  std::string status;  // as in `status`; empty if the place did not say
  bool this_place = false;
};
struct Places {
  std::vector<Place> places;
};

// --- the contact list
struct Contact {
  std::string contact;  // e-mail
  std::string nick;
  unsigned lists = 0;               // ListBits (model/Contact.hpp)
  std::vector<std::string> groups;  // group names
};
struct ContactRemoved {
  std::string contact;
};
// A contact's status, nickname or personal message changed. `before` is the status the model
// held until now (offline for a contact not seen yet): the change is from `before` to `status`.
struct Presence {
  std::string contact;
  Status before = Status::Offline;
  Status status = Status::Offline;
  std::string nick;
  std::string psm;
  // The state the server reports at sign-in (or found stale after signing in again), not a
  // change that just happened: the interface does not announce it. Scripts are not told.
  bool initial = false;
};
struct Group {
  std::string id;
  std::string name;
};
struct GroupRemoved {
  std::string id;
  std::string name;
};
struct Pending {
  std::string contact;
  std::string nick;
};
struct AddedYou {
  std::string contact;
  std::string nick;
};
struct RemovedYou {
  std::string contact;
  std::string nick;
};
struct Privacy {
  bool block_others = false;  // BLP BL: only the allow list may see you
  bool prompt = true;         // GTC A: asked when someone adds you
};
struct Mail {
  std::optional<int> unread;  // inbox count, when the server said
  std::string from;           // the fields of a new e-mail; empty when not about one
  std::string address;
  std::string subject;
};

// --- conversations
struct ConversationOpened {
  uint64_t conversation = 0;
  std::vector<std::string> participants;
};
struct ConversationClosed {
  uint64_t conversation = 0;
};
struct Joined {
  uint64_t conversation = 0;
  std::string contact;
  std::string nick;
};
struct Left {
  uint64_t conversation = 0;
  std::string contact;
};
struct Message {
  uint64_t conversation = 0;
  std::string from;
  std::string nick;
  std::string text;
  int64_t time = 0;        // unix seconds: when it was sent (an offline one: stored); 0: unknown
  bool offline = false;    // an offline message, shown after it waited on the server
  std::string action;      // an action ("* Bob waves"): its body ("waves"); empty otherwise
  bool ignored = false;    // from someone on the /ignore list: not shown by the interface
  bool highlight = false;  // a group-chat message naming you (see highlight_words)
};
struct Typing {
  uint64_t conversation = 0;
  std::string contact;
};
struct Nudge {
  uint64_t conversation = 0;
  std::string contact;
};
struct Unsupported {
  uint64_t conversation = 0;
  std::string contact;
  std::string what;
};
struct Sent {
  uint64_t conversation = 0;
  uint64_t id = 0;  // the message id, as in delivered and failed
  std::string text;
};
struct Delivered {
  uint64_t conversation = 0;
  uint64_t id = 0;
};
struct Failed {
  uint64_t conversation = 0;
  uint64_t id = 0;
  std::string reason;
};
// The contact was offline: the store service took the message, to be read at their next sign-in.
struct Stored {
  uint64_t conversation = 0;
  uint64_t id = 0;
};

// --- logs
// A logged message replayed in a conversation (history_lines, /history), typed like a message.
struct History {
  uint64_t conversation = 0;
  int64_t time = 0;  // unix seconds, as logged
  std::string from;  // the sender's e-mail (ours for our own lines)
  std::string nick;  // their nickname now, if known ("" otherwise)
  std::string text;
  bool own = false;      // a line we wrote
  bool offline = false;  // it had come as an offline message
  std::string action;    // an action: its body; empty otherwise
};
struct SearchResult {
  std::string file;
  std::string line;
};

// --- text for the user
struct Notice {
  std::string text;
};
struct Error {
  int code = 0;  // the server's error code; 0 for msntty's own errors
  std::string text;
  std::string command;                   // the server command it answers, if known
  std::optional<uint64_t> conversation;  // when it belongs to a conversation
};

}  // namespace msntty::ev

namespace msntty {

using AppEvent =
    std::variant<ev::Connecting, ev::SignedIn, ev::SignedOut, ev::Disconnected, ev::Reconnecting,
                 ev::OwnStatus, ev::OwnNick, ev::OwnPsm, ev::Contact, ev::ContactRemoved,
                 ev::Presence, ev::Group, ev::GroupRemoved, ev::Pending, ev::AddedYou,
                 ev::RemovedYou, ev::Privacy, ev::Mail, ev::ConversationOpened,
                 ev::ConversationClosed, ev::Joined, ev::Left, ev::Message, ev::Typing, ev::Nudge,
                 ev::Unsupported, ev::Sent, ev::Delivered, ev::Failed, ev::Stored, ev::History,
                 ev::SearchResult, ev::Notice, ev::Error, ev::Places>;

}  // namespace msntty
