#pragma once
// The notification-server session, MSNP2-MSNP18, sans I/O: bytes in through receive(), events out
// through take_events(), bytes to send out through take_output(). It never touches a socket, a
// clock or a terminal; the app owns the connection, the timers and the Passport HTTPS exchange.
#include <memory>
#include <string>
#include <vector>

#include "model/Status.hpp"
#include "proto/AbLists.hpp"
#include "proto/Codec.hpp"
#include "proto/CommandWriter.hpp"
#include "proto/ListDump.hpp"
#include "proto/NsEvent.hpp"
#include "proto/Transactions.hpp"

namespace msntty {

struct NsConfig {
  std::string account;
  std::string password;  // kept in memory only; never logged
  std::vector<int> versions{18, 17, 16, 15, 14, 13, 12, 11, 10,
                            9,  8,  7,  6,  5,  4,  3,  2};  // offered, highest first
  Status initial_status = Status::Online;
  uint32_t capabilities = 0;                // text only: no MSNC level
                                            // (doc/protocol/ns-presence.md#capabilities)
  std::string client_version = "7.0.0816";  // CVR at MSNP8-12; 13+ names a WLM version
  std::string psm;  // the personal message to set once signed in (MSNP11+): kept across sign-ins
  std::string machine_guid;  // "{xxxxxxxx-...}": USR SSO S and the switchboard at MSNP16+
  std::string place_name;    // this place's name among the account's places (MSNP16+)
};

class NsSession {
 public:
  enum class State { Idle, Version, ClientVersion, Policy, Auth, Passport, List, Online, Closed };

  explicit NsSession(NsConfig config);

  // A new connection (first, redirected or soft reset): sends VER.
  void start();
  void receive(std::string_view bytes);
  std::string take_output();
  std::vector<ns::Event> take_events();
  // The session wants its connection closed (after OUT, or a fatal protocol error).
  bool wants_close() const { return m_state == State::Closed; }

  void passport_ticket(const std::string& ticket);
  // After SsoNeeded: the messengerclear ticket ("t=...&p=...") and its proof key (base64, as the
  // RST reply holds it); `iv` is 8 random bytes for the response blob. A key the blob cannot be
  // made from fails the sign-in.
  void sso_tokens(const std::string& ticket, const std::string& secret, const std::string& iv);
  // The contact list has arrived but its trailing settings have not (see list_settled()); the
  // app calls finish_list_now() after a short wait.
  bool waiting_for_list_settings() const;
  void finish_list_now();

  void set_status(Status s);
  void set_nick(const std::string& nick);
  void set_psm(const std::string& psm);
  uint32_t request_switchboard();
  // MSNP16+: asks the place with this GUID (one of places()) to sign out (UUN ... 4). False,
  // and nothing sent, below MSNP16, before sign-in, or for our own GUID.
  bool sign_out_place(const std::string& guid);
  // This account's places as the last UBX about ourselves listed them (MSNP16+; else empty).
  const std::vector<ns::Place>& places() const { return m_places; }
  // Our id on the switchboard: "email;{guid}" at MSNP16+ with a machine GUID, else the e-mail.
  std::string switchboard_id() const;

  // Contact-list changes in the version's own form (doc/protocol/ns-lists.md#list-changes):
  // ADD/REM/ADG/RMG/REG on MSNP2-9, ADC/REM with GUIDs on MSNP10-12. `contact` is the model's
  // entry (its GUID is needed on MSNP10+); group ids are the server's (numbers or GUIDs). A
  // command the writer refuses (an e-mail with a space, say) is not sent: an ns::Error with
  // code 0 names it instead.
  void add_contact(const std::string& email, const std::string& group_id);  // FL (+ group)
  void remove_contact(const Contact& contact);                              // FL
  void add_to_list(unsigned list, const std::string& email);                // AL or BL
  void remove_from_list(unsigned list, const std::string& email);           // AL, BL or PL
  void add_to_group(const Contact& contact, const std::string& group_id);
  void remove_from_group(const Contact& contact, const std::string& group_id);
  void add_group(const std::string& name);
  void remove_group(const std::string& group_id);
  void rename_group(const std::string& group_id, const std::string& name);
  void set_privacy(const std::string& blp);  // "AL" or "BL"
  void set_prompt(const std::string& gtc);   // "A" or "N"; at 13+ only recorded (no GTC there)

  // MSNP13+ (doc/protocol/ab-soap.md#signing-in): the lists the app fetched over SOAP after
  // ns::AddressBookNeeded. Lists the groups and contacts, sends the initial ADL, then the first
  // CHG, and the session is signed in, as after a SYN dump.
  void address_book(const ab::Lists& lists);
  // MSNP13+: ADL / RML of one contact's FL, AL and BL bits; the confirmation (ADL t OK) is an
  // ns::ListAdded / ns::ListRemoved with those bits. The list commands of MSNP2-12 above send
  // these at 13+ (a group id is the address book's business there, and PL has no RML).
  void add_to_lists(const std::string& email, unsigned bits);
  void remove_from_lists(const std::string& email, unsigned bits);
  bool web_lists() const { return m_version >= 13; }  // the lists live on the web
  void ping();
  void sign_out();

  State state() const { return m_state; }
  int version() const { return m_version; }
  bool signed_in() const { return m_state == State::Online; }
  Status status() const { return m_status; }
  const std::string& psm() const { return m_psm; }
  const std::string& nick() const { return m_nick; }
  const NsConfig& config() const { return m_config; }

 private:
  void handle(Command& c);
  void handle_error(const Command& c);
  void handle_ver(const Command& c);
  void handle_usr(const Command& c);
  // Login steps of MSNP13+ (NsLogin.cpp).
  std::string_view cvr_version() const;
  void send_login_start();
  void handle_xfr(const Command& c);
  void handle_list_reply(const Command& c);
  void handle_presence(const Command& c);  // NsPresence.cpp: ILN/NLN/FLN in every dialect
  void handle_ubx(const Command& c);
  void handle_places(const Command& c);  // UBN, UUN replies
  void announce_presence();              // at sign-in: CHG, then UUX as the version wants
  void send_personal_data();             // UUX <Data> (PSM, CurrentMedia, MachineGuid)
  void send_endpoint_data();             // UUX <PrivateEndpointData> (MSNP16+)
  bool is_own(std::string_view email) const;
  void handle_own(const Command& c);
  void handle_msg(const Command& c);
  void handle_out(const Command& c);
  void handle_reverse(const Command& c);
  void handle_list_change(const Command& c);
  void handle_group_change(const Command& c);
  void begin_address_book();
  void handle_ml(const Command& c);
  bool web_group_op(std::string_view what);  // at 13+: refused (the address book's business)
  void finish_list();
  bool list_settled() const;
  void send_status();
  // Writes a command with the next TrID and remembers `r` for its reply; false if the writer
  // refused it, which is reported as an error (fatal before sign-in: the login cannot go on).
  bool send(Request r, std::string_view name, std::initializer_list<std::string_view> args);
  bool sent(Request r, std::optional<WriteRefusal> refusal);
  // The same for a command whose reply is not tracked (QRY, PNG, OUT).
  void unanswered(std::optional<WriteRefusal> refusal);
  void fail(ns::Error e);
  template <class E>
  void emit(E&& e) {
    m_events.emplace_back(std::forward<E>(e));
  }

  NsConfig m_config;
  State m_state = State::Idle;
  int m_version = 0;
  Codec m_codec;
  Transactions m_trids;
  std::unique_ptr<ListDump> m_dump;
  CommandWriter m_out;
  std::vector<ns::Event> m_events;
  Status m_status;
  std::string m_nick;
  std::string m_psm;
  std::string m_blp, m_gtc;
  std::string m_sso_nonce;
  bool m_saw_blp = false, m_saw_own_nick = false;
  std::vector<ns::Place> m_places;
};

}  // namespace msntty
