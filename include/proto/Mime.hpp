#pragma once
// MIME-like MSG payloads: "Name: value" CRLF headers, a blank line, the body
// (doc/protocol/framing.md#message-payloads).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msntty {

class MimeMessage {
 public:
  // Tolerant of LF-only line ends and of lines without ':' (ignored). nullopt when there is no
  // blank line and the payload is not made only of header lines.
  static std::optional<MimeMessage> parse(std::string_view payload);
  // "Name: value" lines of a body (invitations, datacasts, profile); body() stays empty.
  static MimeMessage parse_fields(std::string_view body);

  std::string_view header(std::string_view name) const;  // case-insensitive, "" if absent
  bool has_header(std::string_view name) const;
  // Replaces an existing header (case-insensitive) in place, else appends; MIME-Version is
  // always put first, as the official client does.
  void set_header(std::string name, std::string value);
  std::string content_type() const;  // lower-cased, no parameters, e.g. "text/plain"
  std::string charset() const;       // lower-cased charset parameter, "" if none
  // A parameter of a header's value ("boundary" of Content-Type), quotes removed; "" if none.
  std::string param(std::string_view header_name, std::string_view name) const;

  const std::string& body() const { return m_body; }
  void set_body(std::string body) { m_body = std::move(body); }
  std::string take_body() { return std::exchange(m_body, {}); }  // body() is empty afterwards
  std::string serialize() const;                                 // headers CRLF, blank line, body
  const std::vector<std::pair<std::string, std::string>>& headers() const { return m_headers; }

 private:
  std::vector<std::pair<std::string, std::string>> m_headers;
  std::string m_body;
};

}  // namespace msntty
