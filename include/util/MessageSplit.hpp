#pragma once
// Cutting a long text into messages of at most N bytes, the way a reader wants them: at a line
// break in the second half of the room if there is one, else after the last word that fits,
// else (a word longer than a message) at a character boundary. Never inside a UTF-8 sequence
// or between CR and LF. Nothing is lost: the white space at a cut ends the earlier part, so the
// parts joined are the text again.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

// Each part is at most max_bytes long, except that a character longer than max_bytes goes
// whole (max_bytes 0 gives one character a part). An empty text gives no parts.
std::vector<std::string> split_message(std::string_view text, size_t max_bytes);

// Where the first part of `text` ends (0 < n <= text.size()), by the rules above.
size_t message_cut(std::string_view text, size_t max_bytes);

}  // namespace msntty
