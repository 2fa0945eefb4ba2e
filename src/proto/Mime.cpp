#include "proto/Mime.hpp"

#include "util/Strings.hpp"

namespace msntty {

namespace {

constexpr std::string_view kMimeVersion = "MIME-Version";

// Cuts the next line (LF or CRLF terminated, or the rest) off the front of `rest`.
std::string_view next_line(std::string_view& rest, bool& terminated) {
  const size_t lf = rest.find('\n');
  std::string_view line = rest.substr(0, lf);
  terminated = lf != std::string_view::npos;
  rest.remove_prefix(terminated ? lf + 1 : rest.size());
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Adds "Name: value" to headers; a line starting with blanks continues the previous value
// (RFC 822 folding); anything else without ':' is ignored. Returns false for non-header lines.
bool add_field(std::vector<std::pair<std::string, std::string>>& headers, std::string_view line) {
  if (is_blank(line[0])) {
    if (headers.empty()) return false;
    std::string& value = headers.back().second;
    value.push_back(' ');
    value.append(trim(line));
    return true;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  headers.emplace_back(std::string(trim(line.substr(0, colon))),
                       std::string(trim(line.substr(colon + 1))));
  return true;
}

// The value of parameter `name` in "type/sub; a=b; charset=\"x\"", or "".
std::string_view param(std::string_view value, std::string_view name) {
  size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    const size_t end = value.find(';', pos + 1);
    const std::string_view part =
        value.substr(pos + 1, end == std::string_view::npos ? end : end - pos - 1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && equals_icase(trim(part.substr(0, eq)), name)) {
      std::string_view v = trim(part.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
    pos = end;
  }
  return {};
}

}  // namespace

std::optional<MimeMessage> MimeMessage::parse(std::string_view payload) {
  MimeMessage m;
  std::string_view rest = payload;
  bool terminated = false;
  bool all_headers = true;
  while (!rest.empty()) {
    const std::string_view line = next_line(rest, terminated);
    if (line.empty()) {
      if (!terminated) break;  // a lone trailing CR: nothing follows
      m.m_body.assign(rest);
      return m;
    }
    all_headers = add_field(m.m_headers, line) && all_headers;
  }
  // No blank line: accept header-only payloads (e.g. a profile cut short), reject prose.
  if (!all_headers || m.m_headers.empty()) return std::nullopt;
  return m;
}

MimeMessage MimeMessage::parse_fields(std::string_view body) {
  MimeMessage m;
  std::string_view rest = body;
  bool terminated = false;
  while (!rest.empty()) {
    const std::string_view line = next_line(rest, terminated);
    if (!line.empty()) add_field(m.m_headers, line);
  }
  return m;
}

std::string_view MimeMessage::header(std::string_view name) const {
  for (const auto& [k, v] : m_headers)
    if (equals_icase(k, name)) return v;
  return {};
}

bool MimeMessage::has_header(std::string_view name) const {
  for (const auto& h : m_headers)
    if (equals_icase(h.first, name)) return true;
  return false;
}

void MimeMessage::set_header(std::string name, std::string value) {
  for (auto& h : m_headers) {
    if (equals_icase(h.first, name)) {
      h.second = std::move(value);
      return;
    }
  }
  if (equals_icase(name, kMimeVersion))
    m_headers.emplace(m_headers.begin(), std::move(name), std::move(value));
  else
    m_headers.emplace_back(std::move(name), std::move(value));
}

std::string MimeMessage::content_type() const {
  const std::string_view v = header("Content-Type");
  return to_lower(trim(v.substr(0, v.find(';'))));
}

std::string MimeMessage::charset() const {
  return to_lower(msntty::param(header("Content-Type"), "charset"));
}

std::string MimeMessage::param(std::string_view header_name, std::string_view name) const {
  return std::string(msntty::param(header(header_name), name));
}

std::string MimeMessage::serialize() const {
  size_t n = m_body.size() + 2;
  for (const auto& [k, v] : m_headers) n += k.size() + v.size() + 4;
  std::string out;
  out.reserve(n);
  for (const auto& [k, v] : m_headers) {
    out.append(k);
    out.append(": ");
    out.append(v);
    out.append("\r\n");
  }
  out.append("\r\n");
  out.append(m_body);
  return out;
}

}  // namespace msntty
