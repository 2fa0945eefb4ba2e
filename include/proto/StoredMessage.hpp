#pragma once
// One offline message as GetMessage returns it (doc/protocol/oim.md#the-stored-message): MIME
// headers, a blank line, the body in base64, quoted-printable or 8 bits, in some charset, maybe a
// multipart whose text/plain part is the text. Decoding never fails: a message that cannot be
// read becomes a marked text saying why ("malformed"), so it can be shown, logged and deleted
// instead of coming back forever.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty::oim {

struct StoredMessage {
  std::string id;    // the RSI message id (the caller's, from Mail-Data)
  std::string from;  // the sender's account, from From: (else the caller's Mail-Data <E>)
  std::string nick;  // the RFC 2047 name of From:, decoded; may be empty
  // UTF-8 without control characters other than line breaks (CRLF made LF) and tabs.
  std::string text;
  std::string run_id;           // X-OIM-Run-Id: one per run of the sending client; may be empty
  std::optional<uint32_t> seq;  // X-OIM-Sequence-Num within that run
  int64_t time = 0;             // unix seconds of X-OriginalArrivalTime's UTC; 0 if unknown
  uint64_t ticks = 0;           // its FILETIME (100 ns steps since 1601); 0 if none
  bool malformed = false;       // `text` is a marked fallback; `problem` says why
  std::string problem;          // "the body is not valid base64", "unknown charset x-unknown"
};

// Decodes the GetMessageResult text.
StoredMessage decode_stored_message(std::string_view raw);

// X-OriginalArrivalTime: "01 Dec 2026 07:56:52.0000 (UTC) FILETIME=[868E3A00:01DD8169]": the date
// part, else the FILETIME. Never Date:, which Escargot writes as Pacific time labelled -0800.
std::optional<int64_t> parse_arrival_time(std::string_view value);

// The order to show them in: by time (within one second by the FILETIME ticks), and the messages
// of one run (the same sender and Run-Id) by their sequence number, in the places that run's
// messages take in the time order.
void order_messages(std::vector<StoredMessage>& messages);

}  // namespace msntty::oim
