#pragma once
// Mail-Data: the list of offline messages waiting on the server (doc/protocol/oim.md#mail-data),
// from the NS's initial and live notifications or from the RSI GetMetadata answer. Each <M> is
// one message: who sent it, its id, when the server received it. The order is the server's
// directory order, not time: the reader sorts (proto/StoredMessage).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "util/Result.hpp"

namespace msntty::oim {

struct Entry {
  std::string id;        // <I>: what GetMessage and DeleteMessages name
  std::string from;      // <E>: the sender's account
  std::string nick;      // <N>, RFC 2047 decoded; may be empty
  int64_t received = 0;  // <RT> as unix seconds; 0 when absent (live notifications have none)
  uint32_t size = 0;     // <SZ>: the size of the stored message
};

struct MailData {
  // The literal "too-large" (more than 25 waiting): the list must be fetched with GetMetadata.
  bool too_large = false;
  std::vector<Entry> messages;  // <M>s without an id are skipped
};

// The Mail-Data value: the literal `too-large` or an <MD> document. An Error for anything else.
Result<MailData> parse_mail_data(std::string_view value);
// An <MD> element already parsed (GetMetadata's answer in its element form).
MailData read_md(const pugi::xml_node& md);

// "2026-12-01T07:56:52Z" (also with fractions of a second, a +hh:mm offset, or no zone, which is
// taken as UTC) to unix seconds; nullopt if it is not such a time.
std::optional<int64_t> parse_iso_time(std::string_view text);

}  // namespace msntty::oim
