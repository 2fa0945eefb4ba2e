#include "net/HttpResponseParser.hpp"

#include <strings.h>

#include <algorithm>
#include <charconv>

namespace msntty::net {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool contains_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto comma = list.find(',');
    if (iequals(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

HttpResponseParser::State HttpResponseParser::feed(std::string_view bytes) {
  if (m_state == State::Done || m_state == State::Error) return m_state;
  m_buf.append(bytes);
  process();
  // Drop what was consumed so the buffer only ever holds one unfinished unit.
  m_buf.erase(0, m_pos);
  m_pos = 0;
  return m_state;
}

HttpResponseParser::State HttpResponseParser::finish() {
  if (m_state == State::Body && m_framing == Framing::UntilClose) {
    m_state = State::Done;
  } else if (m_state == State::Headers || m_state == State::Body) {
    fail(m_seen_status || m_pos < m_buf.size()
             ? "connection closed before the response was complete"
             : "connection closed without a response");
  }
  return m_state;
}

void HttpResponseParser::process() {
  bool progress = true;
  while (progress && (m_state == State::Headers || m_state == State::Body)) {
    if (m_state == State::Headers) {
      std::string_view line;
      progress = next_line(line, true) && head_line(line);
    } else {
      progress = body_bytes();
    }
  }
}

// One CRLF (or bare LF) terminated line from the buffer. Header and trailer lines count
// against the header limit; chunk-size lines only have to be short.
bool HttpResponseParser::next_line(std::string_view& line, bool header) {
  constexpr size_t kMaxChunkLine = 1024;
  auto nl = m_buf.find('\n', m_pos);
  size_t available = (nl == std::string::npos ? m_buf.size() : nl + 1) - m_pos;
  if (!header && available > kMaxChunkLine) return fail("malformed chunk size");
  if (header && m_header_bytes + available > m_limits.max_header_bytes)
    return fail("response headers too large");
  if (nl == std::string::npos) return false;
  line = std::string_view(m_buf).substr(m_pos, nl - m_pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  m_pos = nl + 1;
  if (header) m_header_bytes += available;
  return true;
}

bool HttpResponseParser::head_line(std::string_view line) {
  if (!m_seen_status) return status_line(line);
  if (!line.empty()) return header_line(line);
  if (m_response.status >= 100 && m_response.status < 200) {
    // Interim response (100 Continue, 103 Early Hints): the real one follows.
    m_response = HttpResponse{};
    m_seen_status = false;
    return true;
  }
  return start_body();
}

bool HttpResponseParser::status_line(std::string_view line) {
  if (line.empty() && m_header_bytes <= 2) return true;  // tolerate a stray CRLF before the status
  // "HTTP/1.1 200 OK"
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[8] != ' ')
    return fail("malformed status line");
  int status = 0;
  auto [end, ec] = std::from_chars(line.data() + 9, line.data() + 12, status);
  if (ec != std::errc() || end != line.data() + 12 || status < 100 ||
      (line.size() > 12 && line[12] != ' '))
    return fail("malformed status line");
  m_response.status = status;
  m_response.reason = std::string(trim(line.size() > 12 ? line.substr(13) : std::string_view()));
  m_seen_status = true;
  return true;
}

bool HttpResponseParser::header_line(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') {
    // Obsolete line folding: continues the previous header's value.
    if (m_response.headers.empty()) return fail("malformed header line");
    auto& value = m_response.headers.back().second;
    value += ' ';
    value += trim(line);
    return true;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || trim(line.substr(0, colon)).size() != colon)
    return fail("malformed header line");
  m_response.headers.emplace_back(std::string(line.substr(0, colon)),
                                  std::string(trim(line.substr(colon + 1))));
  return true;
}

bool HttpResponseParser::start_body() {
  m_state = State::Body;
  int status = m_response.status;
  if (status == 204 || status == 304) {
    m_framing = Framing::None;
    m_state = State::Done;
    return false;
  }
  std::string te = m_response.header("Transfer-Encoding");
  if (!te.empty()) {
    if (!contains_token(te, "chunked")) return fail("unsupported Transfer-Encoding");
    m_framing = Framing::Chunked;
    m_chunk = Chunk::Size;
    return true;
  }
  std::string length;
  for (const auto& [name, value] : m_response.headers) {
    if (!iequals(name, "Content-Length")) continue;
    if (!length.empty() && length != value) return fail("conflicting Content-Length headers");
    length = value;
  }
  if (length.empty()) {
    m_framing = Framing::UntilClose;
    return true;
  }
  size_t n = 0;
  auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
  if (ec != std::errc() || end != length.data() + length.size())
    return fail("invalid Content-Length");
  if (n > m_limits.max_body_bytes) return fail("response body too large");
  m_framing = Framing::Length;
  m_remaining = n;
  if (n == 0) m_state = State::Done;
  return n != 0;
}

bool HttpResponseParser::body_bytes() {
  size_t available = m_buf.size() - m_pos;
  switch (m_framing) {
    case Framing::Length: {
      size_t n = std::min(available, m_remaining);
      if (n == 0) return false;
      m_remaining -= n;
      if (!append_body(n)) return false;
      if (m_remaining == 0) m_state = State::Done;
      return true;
    }
    case Framing::UntilClose:
      if (available > 0) append_body(available);
      return false;  // everything is consumed; only finish() ends this body
    case Framing::Chunked: return chunked_step();
    case Framing::None: break;
  }
  m_state = State::Done;
  return false;
}

bool HttpResponseParser::append_body(size_t n) {
  if (m_response.body.size() + n > m_limits.max_body_bytes) return fail("response body too large");
  m_response.body.append(m_buf, m_pos, n);
  m_pos += n;
  return true;
}

// One step of "size CRLF data CRLF ... 0 CRLF trailers CRLF"; false when more input is needed.
bool HttpResponseParser::chunked_step() {
  std::string_view line;
  switch (m_chunk) {
    case Chunk::Size: {
      if (!next_line(line, false)) return false;
      line = trim(line.substr(0, line.find(';')));  // chunk extensions are ignored
      size_t size = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
      if (line.empty() || ec != std::errc() || end != line.data() + line.size())
        return fail("malformed chunk size");
      if (size > m_limits.max_body_bytes) return fail("response body too large");
      m_remaining = size;
      m_chunk = size == 0 ? Chunk::Trailers : Chunk::Data;
      return true;
    }
    case Chunk::Data: {
      size_t n = std::min(m_buf.size() - m_pos, m_remaining);
      if (n == 0) return false;
      if (!append_body(n)) return false;
      m_remaining -= n;
      if (m_remaining == 0) m_chunk = Chunk::DataEnd;
      return true;
    }
    case Chunk::DataEnd:
      if (!next_line(line, false)) return false;
      if (!line.empty()) return fail("malformed chunk terminator");
      m_chunk = Chunk::Size;
      return true;
    case Chunk::Trailers:
      if (!next_line(line, true)) return false;
      if (line.empty()) m_state = State::Done;  // trailer fields themselves are dropped
      return true;
  }
  return false;
}

bool HttpResponseParser::fail(std::string message) {
  if (m_state != State::Error) m_error = std::move(message);
  m_state = State::Error;
  return false;
}

}  // namespace msntty::net
