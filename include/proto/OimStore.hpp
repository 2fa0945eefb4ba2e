#pragma once
// Sending an offline message: the Store2 call of the offline-message store service and its answer
// (doc/protocol/oim-store.md), sans I/O. A text too long for one message is split like
// switchboard text, one call per part; each call carries the client run's Run-Id and the next
// sequence number. The service may refuse the first call of a run with a lock-key challenge: the
// answer is the MSNP11 QRY answer to it, sent as the lockkey of the next calls.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msntty::oim {

// The largest part of a text, in UTF-8 bytes: about what one switchboard message holds.
constexpr size_t kMaxPartBytes = 1400;

// A text as the parts to store, in order (CRLF line ends, like switchboard text).
std::vector<std::string> split_for_store(std::string_view text);

struct StoreRequest {
  std::string from;     // our account (the service checks it against the ticket)
  std::string nick;     // our friendly name, UTF-8
  std::string to;       // the offline contact
  std::string ticket;   // the login's oim_send ticket ("t=...&p=..." or the bare token)
  std::string lockkey;  // empty until a challenge was answered
  std::string run_id;   // "{GUID}", one per run of the client
  uint32_t number = 1;  // MessageNumber and X-OIM-Sequence-Num: 1, 2, ... per run
  int msnp = 11;        // the session's dialect, named in From
  std::string text;     // one part, UTF-8
};

struct StoreCall {
  std::string action;  // the SOAPAction header's value, quotes included
  std::string body;    // the whole XML document
};

StoreCall store_call(const StoreRequest& r);

// The MIME text inside <Content> (before XML escaping): the headers, a blank line, and the
// base64 of the UTF-8 text in lines of at most 76 characters.
std::string store_content(std::string_view run_id, uint32_t number, std::string_view text);
// "=?utf-8?B?...?=": the friendly name as one RFC 2047 encoded word.
std::string encoded_word(std::string_view utf8);

struct StoreReply {
  enum class Kind {
    Stored,     // the service took it
    Challenge,  // AuthenticationFailed with a LockKeyChallenge: answer it and send again
    Refused,    // anything else: `reason` says why, for the user
  };
  Kind kind = Kind::Refused;
  std::string challenge;  // Challenge: the LockKeyChallenge's value
  std::string fault;      // the fault's name without its prefix ("SystemUnavailable"), if any
  std::string reason;     // Refused (and Challenge, should it come a second time)
};

// An answer: the HTTP status and the body as received. A fault counts wherever it is in the
// document and whatever the status.
StoreReply read_store_reply(int http_status, std::string_view body);

// The lockkey for a LockKeyChallenge: the MSNP11 QRY answer (product PROD0090YUAUV{2B).
std::string lockkey_answer(std::string_view challenge);

}  // namespace msntty::oim
