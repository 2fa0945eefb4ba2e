#pragma once
// The Passport 1.4 ("Tweener") exchange of MSNP8-12 logins
// (doc/protocol/ns-login.md#passport-exchange), sans I/O: it says
// which HTTPS request to make next and reads the replies; the app performs the requests.
//   1. GET nexus            -> PassportURLs: ...,DALogin=host/path,...
//   2. GET DALogin with "Authorization: Passport1.4 OrgVerb=GET,...,sign-in=..,pwd=..,<args>"
//      200 -> Authentication-Info: ...from-PP='<ticket>'   302 -> same request at Location
//      401 -> wrong account or password
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace msntty {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct PassportStep {
  enum class Kind { Request, Ticket, Failed };
  Kind kind = Kind::Failed;
  std::string url;           // Request: where to GET
  HttpHeaders headers;       // Request: headers to send (may hold the password: never log them)
  std::string ticket;        // Ticket
  std::string error;         // Failed: human-readable
  bool auth_failed = false;  // Failed because the account or password was refused
};

class PassportLogin {
 public:
  PassportLogin(std::string nexus_url, std::string account, std::string password,
                std::string server_args);

  PassportStep start();
  PassportStep on_response(int status, const HttpHeaders& headers);
  // A transport failure (DNS, TLS, timeout): what to tell the user.
  PassportStep on_transport_error(const std::string& error);

  // Pure helpers, public for tests.
  static std::optional<std::string> dalogin_from_passport_urls(std::string_view header);
  static std::optional<std::string> ticket_from_authentication_info(std::string_view header);
  std::string authorization_header() const;

 private:
  PassportStep login_request(std::string url);
  static std::string header(const HttpHeaders& h, std::string_view name);

  enum class Phase { Nexus, Login, Done } m_phase = Phase::Nexus;
  std::string m_nexus_url, m_account, m_password, m_server_args, m_login_url;
  int m_redirects = 0;
};

}  // namespace msntty
