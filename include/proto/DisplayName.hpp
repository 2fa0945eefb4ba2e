#pragma once
// Names on the wire (nicknames, group names): percent-encoded UTF-8 in one token.
#include <string>
#include <string_view>

namespace msntty {

// A name as the server sent it, decoded: %XX undone, then any invalid UTF-8 (a remote client
// can put anything there) replaced by U+FFFD. Not sanitized for the terminal: the UI does that.
std::string decode_name(std::string_view token);
// A name to send: spaces, controls, '%' and non-ASCII bytes percent-encoded, so it is one token.
std::string encode_name(std::string_view name);

}  // namespace msntty
