#pragma once
// Incremental HTTP/1.x response parser: feed() any split of the bytes, finish() at EOF.
// Handles Content-Length, chunked (with trailers) and read-until-close bodies, skips 1xx
// interim responses, and fails cleanly past the size limits. No I/O, no logging.

#include <cstddef>
#include <string>
#include <string_view>

#include "net/HttpResponse.hpp"

namespace msntty::net {

class HttpResponseParser {
 public:
  struct Limits {
    size_t max_header_bytes = 64 * 1024;  // status line + headers (+ chunk trailers)
    size_t max_body_bytes = 1024 * 1024;
  };
  enum class State { Headers, Body, Done, Error };

  HttpResponseParser() = default;
  explicit HttpResponseParser(Limits limits) : m_limits(limits) {}

  State feed(std::string_view bytes);  // bytes after a complete response are ignored
  State finish();                      // the peer closed the connection
  State state() const { return m_state; }
  bool done() const { return m_state == State::Done; }
  bool failed() const { return m_state == State::Error; }
  const std::string& error() const { return m_error; }
  const HttpResponse& response() const { return m_response; }
  HttpResponse take_response() { return std::move(m_response); }

 private:
  enum class Framing { None, Length, Chunked, UntilClose };
  enum class Chunk { Size, Data, DataEnd, Trailers };

  void process();
  bool next_line(std::string_view& line, bool header);
  bool head_line(std::string_view line);
  bool status_line(std::string_view line);
  bool header_line(std::string_view line);
  bool start_body();
  bool body_bytes();
  bool chunked_step();
  bool append_body(size_t n);
  bool fail(std::string message);

  Limits m_limits;
  State m_state = State::Headers;
  Framing m_framing = Framing::None;
  Chunk m_chunk = Chunk::Size;
  bool m_seen_status = false;
  size_t m_header_bytes = 0;
  size_t m_remaining = 0;  // Content-Length left, or the current chunk's bytes left
  std::string m_buf;       // unconsumed input
  size_t m_pos = 0;
  HttpResponse m_response;
  std::string m_error;
};

}  // namespace msntty::net
