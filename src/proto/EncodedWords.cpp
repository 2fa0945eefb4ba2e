#include "proto/EncodedWords.hpp"

#include <optional>

#include "proto/Charset.hpp"
#include "proto/QuotedPrintable.hpp"
#include "util/Base64.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

struct Word {
  size_t end = 0;  // just past the closing "?="
  std::string text;
};

// The word "=?charset?X?text?=" starting at `at`, decoded; nullopt if it is none or unreadable.
// The text may hold blanks (Escargot's live notification puts one before "?=").
std::optional<Word> word_at(std::string_view s, size_t at) {
  if (s.compare(at, 2, "=?") != 0) return std::nullopt;
  size_t q1 = s.find('?', at + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  size_t close = s.find("?=", q1 + 3);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view charset = s.substr(at + 2, q1 - at - 2);
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language: "utf-8*en"
  char kind = s[q1 + 1];
  std::string_view payload = s.substr(q1 + 3, close - q1 - 3);
  std::optional<std::string> bytes;
  if (kind == 'B' || kind == 'b')
    bytes = base64_decode(payload);
  else if (kind == 'Q' || kind == 'q')
    bytes = quoted_printable_decode(payload, true);
  if (!bytes) return std::nullopt;
  auto text = charset_to_utf8(*bytes, charset);
  if (!text) return std::nullopt;
  return Word{close + 2, std::move(*text)};
}

// `value` cut to at most kMaxEncodedWordsInput bytes, not inside a UTF-8 sequence.
std::string_view capped(std::string_view value) {
  if (value.size() <= kMaxEncodedWordsInput) return value;
  size_t cut = kMaxEncodedWordsInput;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xc0) == 0x80) --cut;
  return value.substr(0, cut);
}

}  // namespace

std::string decode_encoded_words(std::string_view value) {
  value = capped(value);
  // No word starts after the last "?=": past it, nothing is searched again (each "=?" used to
  // rescan to the end, quadratic in a name of many unclosed "=?").
  const size_t last_close = value.rfind("?=");
  std::string out;
  size_t pos = 0;
  bool after_word = false;
  while (pos < value.size()) {
    size_t start = value.find("=?", pos);
    if (last_close == std::string_view::npos || start >= last_close) start = value.npos;
    std::string_view between =
        value.substr(pos, start == std::string_view::npos ? value.npos : start - pos);
    std::optional<Word> w;
    if (start != std::string_view::npos) w = word_at(value, start);
    if (!w) {
      // Not a word: plain text up to and including the "=?", then look further.
      size_t upto = start == std::string_view::npos ? value.size() : start + 2;
      out += utf8_repair(value.substr(pos, upto - pos));
      pos = upto;
      after_word = false;
      continue;
    }
    if (!(after_word && trim(between).empty())) out += utf8_repair(between);
    out += w->text;
    pos = w->end;
    after_word = true;
  }
  return out;
}

}  // namespace msntty
