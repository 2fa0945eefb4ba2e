#pragma once
// RFC 2047 encoded words in header values ("=?utf-8?B?QWxpY2Ug4piD?="): the sender's name in
// Mail-Data and in the From: of a stored offline message. Words in base64 ("B") and
// quoted-printable ("Q"), in any charset proto/Charset reads; the blanks between two adjacent
// words are dropped, as the RFC says. A word that cannot be decoded is kept as written. A value
// longer than kMaxEncodedWordsInput is cut to it first: no name is that long, and a hostile one
// costs no more than that.
#include <cstddef>
#include <string>
#include <string_view>

namespace msntty {

inline constexpr size_t kMaxEncodedWordsInput = 4096;

// Always valid UTF-8 (text outside the words is repaired, not trusted).
std::string decode_encoded_words(std::string_view value);

}  // namespace msntty
