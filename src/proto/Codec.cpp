#include "proto/Codec.hpp"

#include <algorithm>
#include <cstring>

#include "util/Utf8.hpp"

namespace msntty {

namespace {

constexpr size_t kCompactMin = 4096;  // bytes consumed before the buffer front is worth erasing
constexpr size_t kExcerptChars = 80;

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool valid_name(std::string_view name) {
  return name.size() == 3 && is_name_char(name[0]) && is_name_char(name[1]) &&
         is_name_char(name[2]);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Server->client payload forms, doc/protocol/framing.md#receive-rule. ntok counts the name.
bool payload_shape(std::string_view name, size_t ntok, std::string_view last) {
  if (ntok < 2 || !all_digits(last)) return false;
  const auto is = [&](const char* n) { return name == n; };
  if (is("MSG")) return ntok == 4;                            // MSG email nick len
  if (is("NOT") || is("IPG")) return ntok == 2;               // NOT len
  if (is("UBX") || is("GCF")) return ntok == 3 || ntok == 4;  // UBX email [netid] len; GCF 0 len
  if (is("UUX") || is("ADL") || is("RML") || is("FQY")) return ntok == 3;  // UUX t len; ADL 0 len
  if (is("UBN")) return ntok == 4;                                         // UBN email type len
  if (is("UBM")) return ntok >= 3;
  if (is("NFY") || is("SDG") || is("PUT") || is("DEL")) return true;
  return false;
}

// Saturates instead of overflowing: anything huge is simply over the limit.
size_t parse_length(std::string_view digits) {
  size_t v = 0;
  for (char c : digits) {
    if (v > (SIZE_MAX - 9) / 10) return SIZE_MAX;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  return v;
}

std::string excerpt(std::string_view line) {
  size_t chars = 0, cut = 0;
  for (; cut < line.size(); ++cut) {
    const bool lead = (static_cast<unsigned char>(line[cut]) & 0xC0) != 0x80;
    if (lead && ++chars > kExcerptChars) break;
  }
  std::string out = sanitize_for_terminal(line.substr(0, cut));
  if (cut < line.size()) out.append("...");
  return out;
}

}  // namespace

Codec::Codec() : Codec(Limits{}) {}

Codec::Codec(Limits limits) : m_limits(limits) {}

void Codec::feed(std::string_view bytes) {
  if (m_dead || bytes.empty()) return;
  // Erase consumed bytes only when they dominate the buffer, so every byte is moved O(1) times.
  if (m_pos == m_buf.size()) {
    m_buf.clear();
    m_pos = 0;
  } else if (m_pos >= kCompactMin && m_pos * 2 >= m_buf.size()) {
    m_buf.erase(0, m_pos);
    m_pos = 0;
  }
  m_buf.append(bytes);
}

CodecError Codec::fail(std::string message) {
  m_dead = true;
  m_buf.clear();
  m_buf.shrink_to_fit();
  m_pos = m_scanned = 0;
  return CodecError{std::move(message), true};
}

std::optional<std::variant<Command, CodecError>> Codec::next() {
  while (!m_dead) {
    if (m_in_payload) {
      if (buffered() < m_need) return std::nullopt;
      if (auto item = take_payload()) return item;
      continue;
    }
    const char* base = m_buf.data() + m_pos;
    const size_t avail = buffered();
    const void* lf = std::memchr(base + m_scanned, '\n', avail - m_scanned);
    if (!lf) {
      m_scanned = avail;  // never rescan these bytes: keeps byte-at-a-time feeding linear
      if (avail > m_limits.max_line) break;
      return std::nullopt;
    }
    const size_t len = static_cast<size_t>(static_cast<const char*>(lf) - base);
    if (len > m_limits.max_line) break;
    std::string_view line(base, len);
    m_pos += len + 1;
    m_scanned = 0;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (auto item = parse_line(line)) return item;
  }
  if (m_dead) return std::nullopt;
  return fail("line exceeds the " + std::to_string(m_limits.max_line) + "-byte limit");
}

std::optional<std::variant<Command, CodecError>> Codec::take_payload() {
  const std::string_view data(m_buf.data() + m_pos, m_need);
  m_pos += m_need;
  m_scanned = 0;
  m_in_payload = false;
  if (m_discard) {
    m_discard = false;
    return std::nullopt;
  }
  Command c = std::move(m_pending);
  m_pending = Command{};
  c.payload.assign(data);
  return c;
}

std::optional<std::variant<Command, CodecError>> Codec::parse_line(std::string_view line) {
  const std::string_view name = line.substr(0, line.find(' '));
  const size_t last_space = line.rfind(' ');
  const std::string_view last =
      last_space == std::string_view::npos ? line : line.substr(last_space + 1);
  const size_t ntok = 1 + static_cast<size_t>(std::count(line.begin(), line.end(), ' '));
  const bool named = valid_name(name);
  const bool payload = named && payload_shape(name, ntok, last);
  const size_t need = payload ? parse_length(last) : 0;
  if (payload && need > m_limits.max_payload)
    return fail("payload of " + std::string(last.substr(0, 20)) + (last.size() > 20 ? "..." : "") +
                " bytes exceeds the " + std::to_string(m_limits.max_payload) + "-byte limit");
  if (!utf8_valid(line)) {
    // Still skip the payload, or its bytes would be misread as command lines.
    m_in_payload = m_discard = payload;
    m_need = need;
    return CodecError{"invalid UTF-8 in line from server", false};
  }
  if (!named) return CodecError{"malformed line: " + excerpt(line), false};

  Command c;
  c.name.assign(name);
  const size_t nargs = ntok - 1 - (payload ? 1 : 0);  // the length token is not an argument
  c.args.reserve(nargs);
  size_t start = name.size() + 1;
  for (size_t i = 0; i < nargs; ++i) {
    const size_t sp = std::min(line.find(' ', start), line.size());
    c.args.emplace_back(line.substr(start, sp - start));
    start = sp + 1;
  }
  if (!payload) return c;
  c.has_payload = true;
  m_pending = std::move(c);
  m_need = need;
  m_in_payload = true;
  return std::nullopt;
}

}  // namespace msntty
