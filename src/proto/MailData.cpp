#include "proto/MailData.hpp"

#include <ctime>

#include "proto/EncodedWords.hpp"
#include "proto/SoapReply.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::oim {
namespace {

// `n` digits at s[at...], or -1.
int digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// The trimmed text of the child element `local`, as valid UTF-8.
std::string field(const pugi::xml_node& m, std::string_view local) {
  return utf8_repair(soap::text(soap::child(m, local)));
}

}  // namespace

std::optional<int64_t> parse_iso_time(std::string_view s) {
  s = trim(s);
  // YYYY-MM-DDTHH:MM:SS
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = digits(s, 0, 4) - 1900;
  tm.tm_mon = digits(s, 5, 2) - 1;
  tm.tm_mday = digits(s, 8, 2);
  tm.tm_hour = digits(s, 11, 2);
  tm.tm_min = digits(s, 14, 2);
  tm.tm_sec = digits(s, 17, 2);
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
      tm.tm_sec > 60)
    return std::nullopt;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int hh = digits(s, i + 1, 2);
    size_t mm_at = i + 3 < s.size() && s[i + 3] == ':' ? i + 4 : i + 3;
    int mm = digits(s, mm_at, 2);
    if (hh < 0 || mm < 0) return std::nullopt;
    offset = (s[i] == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
    i = mm_at + 2;
  }
  if (i != s.size()) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

MailData read_md(const pugi::xml_node& md) {
  MailData data;
  for (pugi::xml_node m : md.children()) {
    if (m.type() != pugi::node_element || soap::local_name(m) != "M") continue;
    Entry e;
    e.id = field(m, "I");
    if (e.id.empty()) continue;
    e.from = field(m, "E");
    e.nick = decode_encoded_words(soap::text(soap::child(m, "N")));
    e.received = parse_iso_time(field(m, "RT")).value_or(0);
    e.size = parse_u32(field(m, "SZ")).value_or(0);
    data.messages.push_back(std::move(e));
  }
  return data;
}

Result<MailData> parse_mail_data(std::string_view value) {
  value = trim(value);
  if (value == "too-large") return MailData{true, {}};
  if (value.empty()) return Error{"Mail-Data is empty"};
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(value.data(), value.size());
  if (!parsed) return Error{std::string("Mail-Data is not XML (") + parsed.description() + ")"};
  pugi::xml_node md = soap::child(doc, "MD");
  if (!md) return Error{"Mail-Data has no <MD> document"};
  return read_md(md);
}

}  // namespace msntty::oim
