#pragma once
// What the notification-server session tells the application. Plain data, no behaviour: the app
// turns these into model updates and typed app events (app/AppEvent.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/Contact.hpp"
#include "model/Status.hpp"
#include "proto/MailData.hpp"
#include "proto/Request.hpp"

namespace msntty::ns {

struct VersionChosen {
  int version = 0;
};
// Reconnect to host:port and start again (dispatch redirect). Empty host = the same server
// (the soft reset "XFR 0 NS 0").
struct Redirect {
  std::string host;
  uint16_t port = 0;
};
// USR TWN S: run the Passport 1.4 exchange with these server args, then call passport_ticket().
struct PassportNeeded {
  std::string server_args;
};
// USR SSO S (MSNP15+): run the SSO exchange (proto/SsoLogin) with this policy, then call
// sso_tokens() with the messengerclear ticket and proof key; the nonce is kept by the session.
struct SsoNeeded {
  std::string policy;  // MBI_KEY_OLD
};
struct GroupListed {
  Group group;
};
struct ContactListed {
  Contact contact;
};
// The SYN/LST dump is complete and our first CHG is on its way: we are signed in.
struct SignedIn {
  std::string account;
  std::string nick;
  int version = 0;
};
struct PrivacySettings {
  std::string blp;
  std::string gtc;
};  // "AL"/"BL", "A"/"N"
struct Presence {
  std::string email;
  Status status = Status::Offline;
  std::string nick;  // empty for FLN
  uint32_t capabilities = 0;
  bool initial = false;  // ILN (answer to our first CHG) rather than NLN/FLN
};
struct PersonalMessage {
  std::string email;
  std::string psm;
};
struct OwnStatus {
  Status status = Status::Online;
};
struct OwnNick {
  std::string nick;
};
struct Pong {
  int next_seconds = 0;
};  // 0 = the server gave no interval
// Numeric error (code 0: msntty's own, such as a command the writer refused). `request` is what
// we sent that it answers (describe() names it), if it matched one.
struct Error {
  int code = 0;
  std::string text;
  std::optional<Request> request;
  bool fatal = false;
};
// Something malformed arrived; the session carries on unless `fatal`.
struct ProtocolError {
  std::string text;
  bool fatal = false;
};
struct SignedOut {
  std::string reason;
  std::string text;
  // Whether signing in again makes sense: not after OUT OTH (the user is signed in elsewhere,
  // and taking the session back would fight them) nor OUT TOU (only the user can act).
  bool may_retry = true;
  int retry_after_seconds = 0;  // OUT RCT names a delay
};                              // reason: other_login, server_shutdown, server, ...
struct SwitchboardGranted {
  uint32_t trid = 0;
  std::string host;
  uint16_t port = 0;
  std::string cookie;
};
struct SwitchboardRefused {
  uint32_t trid = 0;
  int code = 0;
  std::string text;
};
struct Invitation {
  std::string session_id, host, cookie, inviter, inviter_nick;
  uint16_t port = 0;
};
struct MailNotice {
  int inbox_unread = -1;
  std::string from, from_addr, subject;
};
// Offline messages wait on the server (MSNP11+, doc/protocol/oim.md#notifications): the initial
// Mail-Data after sign-in, or a live one for a message stored while we are signed in. With
// `fetch_list` the notice did not list them (`too-large`, or a list we could not read): ask the
// RSI service (GetMetadata). A list without messages is no event.
struct OfflineMessages {
  std::vector<oim::Entry> messages;
  bool fetch_list = false;
  bool initial = true;  // the sign-in notification, not a live one
};
struct SystemNotice {
  std::string text;
};
struct ReverseList {
  std::string email;
  std::string nick;
  bool added = true;
};
// Our own list changes, as confirmed by the server. `who` is an e-mail, or on MSNP10+ a contact
// GUID for forward-list removals; `group` is set when only a group membership changed.
struct ListAdded {
  unsigned list = 0;
  std::string email, nick, guid, group;
};
struct ListRemoved {
  unsigned list = 0;
  std::string who, group;
};
struct GroupAdded {
  Group group;
};
struct GroupRemoved {
  std::string id;
};
struct GroupRenamed {
  Group group;
};
// One place (endpoint) where this account is signed in, MSNP16+: an EndpointData of the UBX
// about our own account, with what its PrivateEndpointData says (doc/protocol/mpop.md).
struct Place {
  std::string guid;          // "{...}" as the server wrote it
  std::string name;          // EpName; empty if the place never set one
  std::string capabilities;  // "caps:capsex"
  std::string state;         // its status code (State), empty if unknown
  bool this_place = false;   // its GUID is our machine GUID
};
// The UBX about our own account listed our places (the whole list, this one included).
struct OwnPlaces {
  std::vector<Place> places;
};

// MSNP13+, after USR OK: the list is on the web. The app fetches it over SOAP and hands it to
// NsSession::address_book(); the sign-in goes on from there.
struct AddressBookNeeded {};
// NOT (an address book change notice, MSNP13+): the lists changed on the server.
struct AddressBookChanged {};

using Event =
    std::variant<VersionChosen, Redirect, PassportNeeded, SsoNeeded, GroupListed, ContactListed,
                 SignedIn, PrivacySettings, Presence, PersonalMessage, OwnStatus, OwnNick, Pong,
                 Error, ProtocolError, SignedOut, SwitchboardGranted, SwitchboardRefused,
                 Invitation, MailNotice, OfflineMessages, SystemNotice, ReverseList, ListAdded,
                 ListRemoved, GroupAdded, GroupRemoved, GroupRenamed, AddressBookNeeded,
                 AddressBookChanged, OwnPlaces>;

}  // namespace msntty::ns
