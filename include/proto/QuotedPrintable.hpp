#pragma once
// Quoted-printable (RFC 2045 6.7) and the "Q" form of RFC 2047 encoded words. Lenient as readers
// should be: "=XX" in either case, "=" at a line end joins the lines, and an "=" that starts no
// valid escape is kept as it is.
#include <string>
#include <string_view>

namespace msntty {

// `q_word`: the encoded-word form, where "_" stands for a space.
std::string quoted_printable_decode(std::string_view text, bool q_word = false);

}  // namespace msntty
