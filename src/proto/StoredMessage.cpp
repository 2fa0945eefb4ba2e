#include "proto/StoredMessage.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include "proto/Charset.hpp"
#include "proto/EncodedWords.hpp"
#include "proto/Mime.hpp"
#include "proto/QuotedPrintable.hpp"
#include "util/Base64.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::oim {
namespace {

constexpr size_t kMaxFallbackBytes = 2000;  // of an unreadable body shown as received
constexpr int kMaxPartDepth = 3;            // multipart inside multipart ...

// What a part's decoding gave: the text, or why there is none.
struct Decoded {
  std::string text;
  std::string problem;  // empty when `text` is the message
  std::string shown;    // for a problem: the part as received, made readable, maybe empty
};

bool has_body_separator(std::string_view raw) {
  return raw.starts_with("\n") || raw.starts_with("\r\n") ||
         raw.find("\n\n") != std::string_view::npos || raw.find("\n\r\n") != std::string_view::npos;
}

// CRLF and lone CR become LF; control characters become visible (never raw on a terminal).
std::string clean(std::string_view text) {
  std::string lf;
  lf.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      lf += text[i];
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      lf += '\n';
    }
  }
  return sanitize_for_terminal(lf, true);
}

std::string readable(std::string_view bytes) {
  std::string s = utf8_valid(bytes) ? std::string(bytes) : latin1_to_utf8(bytes);
  s = clean(trim(s));
  if (s.size() > kMaxFallbackBytes)
    s = s.substr(0, utf8_prefix_bytes(s, kMaxFallbackBytes)) + "...";
  return s;
}

Decoded decode_part(const MimeMessage& part, int depth);

// The parts of a multipart body, each up to the next "--boundary" line.
std::vector<std::string_view> split_parts(std::string_view body, const std::string& boundary) {
  std::vector<std::string_view> parts;
  const std::string dash = "--" + boundary;
  size_t pos = 0;
  size_t start = std::string_view::npos;
  while (pos <= body.size()) {
    size_t eol = body.find('\n', pos);
    std::string_view line = body.substr(pos, eol == std::string_view::npos ? body.npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with(dash)) {
      if (start != std::string_view::npos) parts.push_back(body.substr(start, pos - start));
      if (line.substr(dash.size()).starts_with("--")) return parts;  // the closing delimiter
      start = eol == std::string_view::npos ? body.size() : eol + 1;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  if (start != std::string_view::npos && start < body.size()) parts.push_back(body.substr(start));
  return parts;
}

Decoded decode_multipart(const MimeMessage& m, int depth) {
  std::string boundary = m.param("Content-Type", "boundary");
  if (boundary.empty()) return {"", "a multipart message without a boundary", readable(m.body())};
  if (depth >= kMaxPartDepth) return {"", "multipart parts nested too deeply", ""};
  std::optional<Decoded> nested;
  for (std::string_view raw : split_parts(m.body(), boundary)) {
    auto part = MimeMessage::parse(raw);
    if (!part) continue;
    std::string type = part->content_type();
    if (type.empty() || type == "text/plain") return decode_part(*part, depth + 1);
    if (type.starts_with("multipart/") && !nested) {
      Decoded d = decode_part(*part, depth + 1);
      if (d.problem.empty()) nested = std::move(d);
    }
  }
  if (nested) return *nested;
  return {"", "a multipart message without a text/plain part", ""};
}

// The body's bytes after its Content-Transfer-Encoding; nullopt for base64 that is not.
std::optional<std::string> transfer_decode(const MimeMessage& part) {
  std::string cte = to_lower(trim(part.header("Content-Transfer-Encoding")));
  if (cte == "base64") return base64_decode(part.body());
  if (cte == "quoted-printable") return quoted_printable_decode(part.body());
  return part.body();  // 7bit, 8bit, binary, none, or one we do not know: as it is
}

// UTF-8 text whose code points all fit in one byte, as those bytes; nullopt if one does not.
std::optional<std::string> utf8_to_latin1(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {
      out += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F));
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool is_raw(const MimeMessage& part) {
  std::string cte = to_lower(trim(part.header("Content-Transfer-Encoding")));
  return cte != "base64" && cte != "quoted-printable";
}

Decoded decode_part(const MimeMessage& part, int depth) {
  if (part.content_type().starts_with("multipart/")) return decode_multipart(part, depth);
  auto bytes = transfer_decode(part);
  if (!bytes) return {"", "the body is not valid base64", readable(part.body())};
  std::string charset = part.charset();
  bool utf8 = charset.empty() || charset == "utf-8" || charset == "utf8";
  if (!utf8 && is_raw(part) && utf8_valid(*bytes)) {
    // An 8-bit body inside the (UTF-8) SOAP document arrives as characters, not as the bytes of
    // its charset. Characters that all fit in one byte are taken as those bytes (a server that
    // passed the bytes through as Latin-1); any wider one means the text is characters already.
    auto narrow = utf8_to_latin1(*bytes);
    if (!narrow) return {clean(*bytes), "", ""};
    bytes = std::move(*narrow);
  }
  auto text = charset_to_utf8(*bytes, charset);
  if (!text) return {"", text.error().text, readable(*bytes)};
  return {clean(*text), "", ""};
}

// From: "=?utf-8?B?...?= <alice@example.com>", "Alice <a@b>", "\"Alice\" <a@b>" or "a@b".
void read_from(std::string_view value, StoredMessage& m) {
  size_t lt = value.rfind('<');
  size_t gt = value.rfind('>');
  if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
    m.from = utf8_repair(trim(value.substr(lt + 1, gt - lt - 1)));
    std::string_view name = trim(value.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
      name = name.substr(1, name.size() - 2);
    m.nick = clean(decode_encoded_words(name));
  } else {
    m.from = utf8_repair(trim(value));
  }
}

int month_number(std::string_view mon) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (equals_icase(mon, kMonths[i])) return i;
  return -1;
}

// "01 Dec 2026 07:56:52.0000 (UTC)": the date and time, taken as UTC.
std::optional<int64_t> arrival_date(std::string_view value) {
  auto words = split_spaces(value);
  if (words.size() < 4) return std::nullopt;
  auto day = parse_u32(words[0]);
  int mon = month_number(words[1]);
  auto year = parse_u32(words[2]);
  std::string_view clock = words[3].substr(0, words[3].find('.'));
  if (!day || mon < 0 || !year || clock.size() != 8 || clock[2] != ':' || clock[5] != ':')
    return std::nullopt;
  auto hh = parse_u32(clock.substr(0, 2)), mm = parse_u32(clock.substr(3, 2)),
       ss = parse_u32(clock.substr(6, 2));
  // Every field is bounded before its int cast: a hostile year would overflow tm_year.
  if (!hh || !mm || !ss || *day < 1 || *day > 31 || *year < 1970 || *year > 9999 || *hh > 23 ||
      *mm > 59 || *ss > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = static_cast<int>(*year) - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = static_cast<int>(*day);
  tm.tm_hour = static_cast<int>(*hh);
  tm.tm_min = static_cast<int>(*mm);
  tm.tm_sec = static_cast<int>(*ss);
  return static_cast<int64_t>(timegm(&tm));
}

// FILETIME=[low:high]: 100 ns steps since 1601-01-01 UTC.
std::optional<uint64_t> filetime_ticks(std::string_view value) {
  size_t at = value.find("FILETIME=[");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view inside = value.substr(at + 10);
  inside = inside.substr(0, inside.find(']'));
  size_t colon = inside.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 8 || inside.size() - colon - 1 > 8 ||
      inside.size() == colon + 1)
    return std::nullopt;
  auto hex = [](std::string_view s) -> std::optional<uint64_t> {
    uint64_t v = 0;
    for (char c : s) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<uint64_t>(d);
    }
    return v;
  };
  auto low = hex(inside.substr(0, colon)), high = hex(inside.substr(colon + 1));
  if (!low || !high) return std::nullopt;
  return (*high << 32) | *low;
}

std::optional<int64_t> arrival_filetime(std::string_view value) {
  auto ticks = filetime_ticks(value);
  if (!ticks) return std::nullopt;
  constexpr int64_t kUnixEpochIn1601 = 11644473600;
  int64_t secs = static_cast<int64_t>(*ticks / 10000000) - kUnixEpochIn1601;
  if (secs < 0) return std::nullopt;
  return secs;
}

std::string fallback_text(const Decoded& d) {
  std::string t = "[this offline message could not be decoded: " + d.problem + "]";
  if (!d.shown.empty()) t += "\n" + d.shown;
  return t;
}

}  // namespace

std::optional<int64_t> parse_arrival_time(std::string_view value) {
  if (auto t = arrival_date(value)) return t;
  return arrival_filetime(value);
}

StoredMessage decode_stored_message(std::string_view raw) {
  StoredMessage m;
  std::optional<MimeMessage> mime;
  if (has_body_separator(raw)) mime = MimeMessage::parse(raw);
  MimeMessage headers = mime ? *mime : MimeMessage::parse_fields(raw);
  read_from(headers.header("From"), m);
  m.run_id = utf8_repair(trim(headers.header("X-OIM-Run-Id")));
  m.seq = parse_u32(trim(headers.header("X-OIM-Sequence-Num")));
  m.time = parse_arrival_time(headers.header("X-OriginalArrivalTime")).value_or(0);
  m.ticks = filetime_ticks(headers.header("X-OriginalArrivalTime")).value_or(0);
  Decoded d;
  if (!mime)
    d = {"", "no blank line between its headers and its text", ""};
  else
    d = decode_part(*mime, 0);
  if (d.problem.empty()) {
    m.text = std::move(d.text);
  } else {
    m.malformed = true;
    m.problem = d.problem;
    m.text = fallback_text(d);
  }
  return m;
}

void order_messages(std::vector<StoredMessage>& messages) {
  // Within one second, the arrival's 100 ns FILETIME decides (messages of no run, like UUM's).
  std::stable_sort(messages.begin(), messages.end(),
                   [](const StoredMessage& a, const StoredMessage& b) {
                     return a.time != b.time ? a.time < b.time : a.ticks < b.ticks;
                   });
  // Each run's places in that order, then its messages put back into them by sequence number:
  // the clock of one run is coarse (seconds), its numbering is not.
  std::map<std::string, std::vector<size_t>> runs;
  for (size_t i = 0; i < messages.size(); ++i)
    if (!messages[i].run_id.empty() && messages[i].seq)
      runs[to_lower(messages[i].from) + " " + messages[i].run_id].push_back(i);
  for (auto& [key, places] : runs) {
    if (places.size() < 2) continue;
    std::vector<StoredMessage> run;
    for (size_t i : places) run.push_back(std::move(messages[i]));
    std::stable_sort(run.begin(), run.end(), [](const StoredMessage& a, const StoredMessage& b) {
      return *a.seq < *b.seq;
    });
    for (size_t k = 0; k < places.size(); ++k) messages[places[k]] = std::move(run[k]);
  }
}

}  // namespace msntty::oim
