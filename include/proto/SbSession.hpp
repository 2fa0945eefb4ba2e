#pragma once
// One switchboard connection (doc/protocol/switchboard.md), sans I/O: USR (we called) or ANS
// (we were invited), CAL to invite, JOI/IRO/BYE for the roster, MSG both ways with ACK/NAK matched
// by TrID. From MSNP16 on, with a machine GUID, we are "email;{guid}" and the roster holds the
// contacts' places: events name each contact once (doc/protocol/mpop.md#the-switchboard).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/CommandWriter.hpp"
#include "proto/ImFormat.hpp"
#include "proto/SbEvent.hpp"
#include "proto/Transactions.hpp"

namespace msntty {

class SbSession {
 public:
  static constexpr size_t kMaxPayload = 1664;  // Escargot closes the connection at 1665

  // `machine_guid` non-empty: the MSNP16+ form (USR and ANS as "email;{guid}").
  SbSession(std::string account, ImFormat format, std::string machine_guid = {});

  void start_call(const std::string& cookie);                                   // after XFR SB
  void start_answer(const std::string& session_id, const std::string& cookie);  // after RNG
  void receive(std::string_view bytes);
  std::string take_output();
  std::vector<sb::Event> take_events();

  // A command the writer refuses (an e-mail with a space, say) is not sent: a CallFailed (for
  // CAL) or an Error (code 0, fatal for USR and ANS) says why instead.
  void invite(const std::string& email);  // CAL
  // Sends text (split into as many MSGs as the payload limit needs, never inside a UTF-8
  // sequence); returns the TrIDs, each acknowledged or not by its own event.
  std::vector<uint32_t> send_text(std::string_view text);
  void send_typing();
  void send_nudge();
  void leave();  // OUT

  bool ready() const { return m_ready; }
  bool closed() const { return m_closed; }
  // Messages sent with ack A and not yet acknowledged: failed if the connection dies now.
  std::vector<uint32_t> unacknowledged() const;

  // The payloads, public for tests and benchmarks.
  std::string text_payload(std::string_view text) const;
  std::string typing_payload() const;
  static std::string nudge_payload();
  // util/MessageSplit: at a line break or between words where it can, never inside UTF-8.
  static std::vector<std::string> split_text(std::string_view text, size_t max_bytes);

 private:
  void handle(const Command& c);
  void handle_error(const Command& c);
  void handle_msg(const Command& c);
  void handle_invite(const std::string& from, std::string_view body);
  // SbRoster.cpp: JOI/IRO/BYE entries, bare or "email;{guid}".
  void joined(std::string_view who, std::string nick, bool already_there);
  void left(std::string_view who, bool idle);
  bool is_own(std::string_view email) const;
  std::string own_id() const;
  uint32_t send_msg(char ack, const std::string& payload, bool track);  // 0: refused
  // Writes a command with the next TrID and remembers `r` for its reply; false if refused.
  bool send(Request r, std::string_view name, std::initializer_list<std::string_view> args);
  void refused(std::optional<Request> r, std::string text);
  template <class E>
  void emit(E&& e) {
    m_events.emplace_back(std::forward<E>(e));
  }

  // One contact in the switchboard: its bare entry and the GUIDs of its places.
  struct Participant {
    bool bare = false;
    std::set<std::string> places;
  };

  std::string m_account;
  ImFormat m_format;
  std::string m_guid;
  std::map<std::string, Participant> m_roster;  // by lower-case e-mail
  Codec m_codec;
  Transactions m_trids;
  std::map<uint32_t, bool> m_awaiting_ack;
  CommandWriter m_out;
  std::vector<sb::Event> m_events;
  bool m_ready = false;
  bool m_closed = false;
};

}  // namespace msntty
