#pragma once
// Text in a MIME charset to UTF-8 (doc/protocol/oim.md#the-stored-message): UTF-8 itself is only
// checked; every other charset (iso-8859-1, windows-1252 ...) goes through iconv(3), which needs
// no I/O of ours. Pure: no locale, no global state.
#include <string>
#include <string_view>

#include "util/Result.hpp"

namespace msntty {

// `charset` as a Content-Type parameter names it, any case ("" means UTF-8). An Error says why
// the bytes could not be read: "unknown charset x-unknown", "not valid iso-8859-1".
Result<std::string> charset_to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace msntty
