#pragma once
// UTF-8 validation, repair and terminal-safe rendering of untrusted text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace msntty {

// Strict: no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequences.
bool utf8_valid(std::string_view s);

// Invalid sequences become U+FFFD, one per maximal invalid subpart (Unicode 3.9 / WHATWG).
std::string utf8_repair(std::string_view s);

std::string latin1_to_utf8(std::string_view s);
// Bytes in the UTF-8 sequence a valid lead byte starts (2-4; 1 for ASCII); 0 for a byte that
// cannot start a sequence (continuation bytes, C0, C1, F5-FF).
int utf8_lead_length(unsigned char lead);
// Appends code point `cp` encoded as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void utf8_append(std::string& out, uint32_t cp);

// Largest n <= max_bytes such that s[0, n) does not end inside a UTF-8 sequence.
// Only lead/continuation structure is looked at, so it also works on repaired text.
size_t utf8_prefix_bytes(std::string_view s, size_t max_bytes);

// Makes text from the network safe to put on a terminal. Repairs UTF-8, then:
//   C0 controls and DEL  -> caret form: ESC "^[", BEL "^G", NUL "^@", DEL "^?"
//   TAB                  -> one space
//   CR directly before LF-> dropped; any other CR -> "^M"
//   LF                   -> kept if keep_newlines, else "^J"
//   C1 (U+0080..U+009F)  -> "<9B>" (two uppercase hex digits in angle brackets)
//   bidi overrides/isolates U+202A..U+202E, U+2066..U+2069 -> "<U+202E>"
// Fast path: returns a plain copy when nothing needs changing.
std::string sanitize_for_terminal(std::string_view s, bool keep_newlines = false);

}  // namespace msntty
