#include "proto/Redaction.hpp"

#include <array>
#include <cstdio>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

std::string join_spaces(const std::vector<std::string_view>& tokens) {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) out += ' ';
    out += tokens[i];
  }
  return out;
}

bool is_ticket(std::string_view token) {
  size_t t = token.find("t=");
  return t != std::string_view::npos && (token.find("&p=", t) != std::string_view::npos ||
                                         token.find("&amp;p=", t) != std::string_view::npos);
}

// SOAP elements whose text is a credential: the RST request's password, the tickets and proof
// key of its answer, the ticket every address book call carries, encrypted token data.
constexpr std::array<std::string_view, 5> kSecretElements = {
    "Password", "BinarySecret", "BinarySecurityToken", "TicketToken", "CipherValue"};

// Where the start tag <name ...> or <prefix:name ...> ends in `line` from `from` on, or npos.
size_t start_tag_end(std::string_view line, std::string_view name, size_t from, size_t& tag) {
  for (size_t lt = line.find('<', from); lt != std::string_view::npos;
       lt = line.find('<', lt + 1)) {
    size_t end = line.find('>', lt);
    if (end == std::string_view::npos) return std::string_view::npos;
    std::string_view inner = line.substr(lt + 1, end - lt - 1);
    if (inner.empty() || inner[0] == '/' || inner.back() == '/') continue;
    std::string_view qname = inner.substr(0, inner.find_first_of(" \t"));
    size_t colon = qname.find(':');
    if ((colon == std::string_view::npos ? qname : qname.substr(colon + 1)) != name) continue;
    tag = lt;
    return end + 1;
  }
  return std::string_view::npos;
}

// The text of each `name` element starting in out[from, limit) becomes [redacted]; an element
// left open at the end of the line is redacted to its end. Returns how much `limit` moved.
ptrdiff_t redact_element_texts(std::string& out, std::string_view name, size_t from, size_t limit) {
  ptrdiff_t moved = 0;
  size_t tag = 0;
  for (size_t open = start_tag_end(out, name, from, tag);
       open != std::string::npos &&
       tag < static_cast<size_t>(static_cast<ptrdiff_t>(limit) + moved);
       open = start_tag_end(out, name, from, tag)) {
    size_t close = out.find("</", open);
    if (close == std::string::npos) close = out.size();
    if (close > open) {
      out.replace(open, close - open, kRedacted);
      moved += static_cast<ptrdiff_t>(kRedacted.size()) - static_cast<ptrdiff_t>(close - open);
    }
    from = open + (close > open ? kRedacted.size() : 0);
  }
  return moved;
}

// Where the end tag </name> or </prefix:name> begins in `line` from `from` on, or its end.
size_t end_tag_at(std::string_view line, std::string_view name, size_t from) {
  for (size_t lt = line.find("</", from); lt != std::string_view::npos;
       lt = line.find("</", lt + 2)) {
    size_t end = line.find('>', lt);
    if (end == std::string_view::npos) break;
    std::string_view qname = line.substr(lt + 2, end - lt - 2);
    size_t colon = qname.find(':');
    if ((colon == std::string_view::npos ? qname : qname.substr(colon + 1)) == name) return lt;
  }
  return line.size();
}

// The offline-message reading service's PassportCookie header carries the ticket as <t> and its
// profile as <p>: names too common to redact anywhere else.
void redact_passport_cookie(std::string& out) {
  size_t from = 0, tag = 0;
  for (size_t open = start_tag_end(out, "PassportCookie", from, tag); open != std::string::npos;
       open = start_tag_end(out, "PassportCookie", from, tag)) {
    size_t close = end_tag_at(out, "PassportCookie", open);
    for (std::string_view inner : {"t", "p"})
      close = static_cast<size_t>(static_cast<ptrdiff_t>(close) +
                                  redact_element_texts(out, inner, open, close));
    from = close;
  }
}

// The Store2 call's lockkey="..." attribute: the answer to the service's challenge.
void redact_lockkey(std::string& out) {
  static constexpr std::string_view kAttr = "lockkey=";
  for (size_t at = out.find(kAttr); at != std::string::npos; at = out.find(kAttr, at + 1)) {
    size_t open = at + kAttr.size();
    if (open >= out.size() || (out[open] != '"' && out[open] != '\'')) continue;
    size_t close = out.find(out[open], open + 1);
    if (close == std::string::npos) close = out.size();
    if (close > open + 1) out.replace(open + 1, close - open - 1, kRedacted);
  }
}

// The text of each secret element on this line becomes [redacted]; an element left open at the
// end of the line is redacted to its end.
std::string redact_xml_elements(std::string_view line) {
  std::string out(line);
  for (auto name : kSecretElements) redact_element_texts(out, name, 0, out.size());
  redact_passport_cookie(out);
  redact_lockkey(out);
  return out;
}

// Header lines whose whole value is a credential (names compared without case).
bool is_secret_header(std::string_view line) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "mspauth", "mspprof",    "authorization",   "authentication-info",
      "cookie",  "set-cookie", "www-authenticate"};
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  std::string name = to_lower(line.substr(0, colon));
  for (auto n : kNames)
    if (name == n) return true;
  return false;
}

// Which tokens of an MSNP command are secrets; marks them in `secret`.
void mark_command_secrets(const std::vector<std::string_view>& t, std::vector<bool>& secret) {
  const std::string_view cmd = t[0];
  if (cmd == "USR" && t.size() >= 5 && t[3] == "S" &&
      (t[2] == "MD5" || t[2] == "TWN" || t[2] == "SSO"))
    for (size_t i = 4; i < t.size(); ++i) secret[i] = true;
  if (cmd == "USR" && t.size() == 4 && t[2].find('@') != std::string_view::npos) secret[3] = true;
  if (cmd == "ANS" && t.size() >= 4) secret[3] = true;
  for (size_t i = 1; i + 1 < t.size(); ++i)
    if (t[i] == "CKI") secret[i + 1] = true;
  for (size_t i = 1; i < t.size(); ++i)
    if (is_ticket(t[i])) secret[i] = true;
}

}  // namespace

std::string redact_wire_line(std::string_view line) {
  if (is_secret_header(line)) {
    size_t colon = line.find(':');
    return std::string(line.substr(0, colon + 1)) + " " + std::string(kRedacted);
  }
  std::string xml;
  if (line.find('<') != std::string_view::npos) {
    xml = redact_xml_elements(line);
    line = xml;
  }
  auto tokens = split_spaces(line);
  if (tokens.empty()) return std::string(line);
  std::vector<bool> secret(tokens.size(), false);
  mark_command_secrets(tokens, secret);
  bool any = false;
  for (size_t i = 0; i < tokens.size(); ++i)
    if (secret[i] && !tokens[i].empty()) {
      tokens[i] = kRedacted;
      any = true;
    }
  return any ? join_spaces(tokens) : std::string(line);
}

std::string mask_secrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    for (size_t pos = out.find(s); pos != std::string::npos;
         pos = out.find(s, pos + kRedacted.size()))
      out.replace(pos, s.size(), kRedacted);
  }
  return out;
}

std::string escape_log_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto hex = [&out](unsigned char ch) {
    char buf[5];
    std::snprintf(buf, sizeof buf, "\\x%02x", ch);
    out += buf;
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == '\\') {
      out += "\\\\";
      ++i;
      continue;
    }
    if (ch < 0x20 || ch == 0x7f) {
      hex(ch);
      ++i;
      continue;
    }
    size_t n = static_cast<size_t>(utf8_lead_length(ch));
    bool c1 = ch == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (n == 0 || i + n > text.size() || !utf8_valid(text.substr(i, n)) || c1) {
      hex(ch);
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace msntty
