#include "proto/PassportLogin.hpp"

#include "util/Strings.hpp"
#include "util/UrlCode.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {
constexpr int kMaxRedirects = 5;

PassportStep failed(std::string error, bool auth = false) {
  PassportStep s;
  s.kind = PassportStep::Kind::Failed;
  s.error = std::move(error);
  s.auth_failed = auth;
  return s;
}
}  // namespace

PassportLogin::PassportLogin(std::string nexus_url, std::string account, std::string password,
                             std::string server_args)
    : m_nexus_url(std::move(nexus_url)),
      m_account(std::move(account)),
      m_password(std::move(password)),
      m_server_args(std::move(server_args)) {}

std::string PassportLogin::header(const HttpHeaders& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (equals_icase(k, name)) return v;
  return {};
}

PassportStep PassportLogin::start() {
  m_phase = Phase::Nexus;
  PassportStep s;
  s.kind = PassportStep::Kind::Request;
  s.url = m_nexus_url;
  return s;
}

std::string PassportLogin::authorization_header() const {
  // Escargot splits on ',' and '=' and URL-decodes each value, so the account and password must be
  // strictly encoded: a raw comma in a password would otherwise break the parse
  // (doc/protocol/ns-login.md#passport-exchange).
  return "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=" +
         url_encode_component(m_account) + ",pwd=" + url_encode_component(m_password) + "," +
         m_server_args;
}

PassportStep PassportLogin::login_request(std::string url) {
  m_phase = Phase::Login;
  m_login_url = url;
  PassportStep s;
  s.kind = PassportStep::Kind::Request;
  s.url = std::move(url);
  s.headers = {{"Authorization", authorization_header()},
               {"User-Agent", "MSMSGS"},
               {"Cache-Control", "no-cache"}};
  return s;
}

std::optional<std::string> PassportLogin::dalogin_from_passport_urls(std::string_view header) {
  size_t pos = header.find("DALogin=");
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view v = header.substr(pos + 8);
  v = trim(v.substr(0, v.find(',')));
  if (v.empty()) return std::nullopt;
  // Microsoft sent it without a scheme; Escargot with one.
  if (v.starts_with("https://") || v.starts_with("http://")) return std::string(v);
  return "https://" + std::string(v);
}

std::optional<std::string> PassportLogin::ticket_from_authentication_info(std::string_view header) {
  size_t pos = header.find("from-PP='");
  if (pos == std::string_view::npos) return std::nullopt;
  pos += 9;
  size_t end = header.find('\'', pos);
  if (end == std::string_view::npos || end == pos) return std::nullopt;
  std::string ticket(header.substr(pos, end - pos));
  // The ticket goes on a command line: it must not be able to smuggle in spaces or line breaks.
  for (char c : ticket)
    if (static_cast<unsigned char>(c) <= ' ') return std::nullopt;
  return ticket;
}

PassportStep PassportLogin::on_response(int status, const HttpHeaders& headers) {
  if (m_phase == Phase::Nexus) {
    if (status != 200) return failed("Passport nexus answered HTTP " + std::to_string(status));
    auto url = dalogin_from_passport_urls(header(headers, "PassportURLs"));
    if (!url) return failed("Passport nexus sent no DALogin address");
    return login_request(*url);
  }
  if (m_phase != Phase::Login) return failed("Passport login already finished");
  if (status == 200) {
    auto ticket = ticket_from_authentication_info(header(headers, "Authentication-Info"));
    if (!ticket) return failed("Passport login succeeded but sent no ticket");
    m_phase = Phase::Done;
    PassportStep s;
    s.kind = PassportStep::Kind::Ticket;
    s.ticket = std::move(*ticket);
    return s;
  }
  if (status == 302 || status == 301 || status == 307) {
    std::string location = header(headers, "Location");
    if (location.empty() || ++m_redirects > kMaxRedirects)
      return failed("Passport login redirected too often or nowhere");
    return login_request(location);
  }
  if (status == 401) {
    m_phase = Phase::Done;
    std::string why = header(headers, "WWW-Authenticate");
    std::string text = "authentication failed: wrong account or password";
    if (size_t p = why.find("cbtxt="); p != std::string::npos) {
      std::string_view cb = std::string_view(why).substr(p + 6);
      text += " (" + sanitize_for_terminal(url_decode(cb.substr(0, cb.find(',')))) + ")";
    }
    return failed(text, true);
  }
  return failed("Passport login answered HTTP " + std::to_string(status));
}

PassportStep PassportLogin::on_transport_error(const std::string& error) {
  return failed("Passport " + std::string(m_phase == Phase::Nexus ? "nexus" : "login") + ": " +
                error);
}

}  // namespace msntty
