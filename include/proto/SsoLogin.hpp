#pragma once
// The SSO exchange of MSNP15+ logins (doc/protocol/ns-sso.md), sans I/O: it says which HTTPS
// request to make (a WS-Trust RequestSecurityToken POST, SOAP 1.1, to the RST service) and reads
// the reply; the app performs the request. The tokens are picked by their service address, never
// by position or Id: Escargot puts a canned entry first and numbers the rest its own way.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "proto/PassportLogin.hpp"
#include "proto/WebTickets.hpp"

namespace msntty {

struct SsoStep {
  enum class Kind { Request, Tickets, Failed };
  Kind kind = Kind::Failed;
  std::string url;           // Request: where to POST
  HttpHeaders headers;       // Request
  std::string body;          // Request: holds the password: never log it
  WebTickets tickets;        // Tickets: login = the messengerclear ticket for USR SSO S
  std::string secret;        // Tickets: messengerclear's BinarySecret (base64), for the blob
  std::string error;         // Failed: human-readable, terminal-safe, never a credential
  bool auth_failed = false;  // Failed because the account or password was refused
};

class SsoLogin {
 public:
  // `policy` is the one USR SSO S named (MBI_KEY_OLD); `now` (seconds since the epoch) tells
  // tokens that have already expired from good ones (0: do not check).
  SsoLogin(std::string rst_url, std::string account, std::string password, std::string policy,
           int64_t now = 0);

  SsoStep start() const;
  SsoStep on_response(int status, std::string_view body) const;
  // A transport failure (DNS, TLS, timeout): what to tell the user.
  SsoStep on_transport_error(const std::string& error) const;

  // Pure helpers, public for tests.
  static std::string request_body(std::string_view account, std::string_view password,
                                  std::string_view policy);
  // "2026-12-01T15:00:00Z" (fractions of a second allowed) -> seconds since the epoch.
  static std::optional<int64_t> parse_time(std::string_view text);

 private:
  std::string m_url, m_account, m_password, m_policy;
  int64_t m_now;
};

}  // namespace msntty
