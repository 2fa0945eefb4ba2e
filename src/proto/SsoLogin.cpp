#include "proto/SsoLogin.hpp"

#include <pugixml.hpp>

#include <array>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"
#include "util/Xml.hpp"

namespace msntty {
namespace {

constexpr size_t kMaxTicket = 4096;

// The services msntty asks tokens for, in request order, with their policies. The first (the
// Passport "tb" token) is only ever used to renew the others; messengerclear's policy is the
// one the notification server named.
struct TokenRequest {
  std::string_view address;
  std::string_view policy;  // "" = none; "*" = the server's
};
constexpr std::array<TokenRequest, 6> kTokens = {{
    {"http://Passport.NET/tb", ""},
    {"messengerclear.live.com", "*"},
    {"messenger.msn.com", "?id=507"},
    {"contacts.msn.com", "MBI"},
    {"messengersecure.live.com", "MBI_SSL"},
    {"storage.msn.com", "MBI_SSL"},
}};

SsoStep failed(std::string error, bool auth = false) {
  SsoStep s;
  s.kind = SsoStep::Kind::Failed;
  s.error = std::move(error);
  s.auth_failed = auth;
  return s;
}

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The first element with that local name at or below `n` (namespace prefixes ignored).
pugi::xml_node find(const pugi::xml_node& n, std::string_view local) {
  return n.find_node([local](const pugi::xml_node& x) {
    return x.type() == pugi::node_element && local_name(x) == local;
  });
}

std::string text_of(const pugi::xml_node& n) {
  return n ? std::string(trim(n.child_value())) : std::string();
}

// For an error text: what the server said, safe on a terminal and not endless.
std::string quoted(std::string_view text) {
  std::string t = sanitize_for_terminal(text);
  return t.size() > 200 ? t.substr(0, 200) + "..." : t;
}

SsoStep fault_step(const pugi::xml_node& fault) {
  std::string code = text_of(find(fault, "faultcode"));
  std::string why = text_of(find(fault, "faultstring"));
  // SOAP 1.2 (RST2): Code/Value and Subcode/Value, Reason/Text.
  std::string codes = code;
  fault.find_node([&codes](const pugi::xml_node& x) {
    if (x.type() == pugi::node_element && local_name(x) == "Value") codes += " " + text_of(x);
    return false;  // visit them all
  });
  if (code.empty()) code = text_of(find(find(fault, "Subcode"), "Value"));
  if (code.empty()) code = text_of(find(find(fault, "Code"), "Value"));
  if (why.empty()) why = text_of(find(find(fault, "Reason"), "Text"));
  if (codes.find("FailedAuthentication") != std::string::npos)
    return failed("authentication failed: wrong account or password", true);
  std::string text = "the login service (RST) refused the request";
  if (!code.empty()) text += ": " + quoted(code);
  if (!why.empty()) text += ": " + quoted(why);
  return failed(text);
}

bool usable_ticket(const std::string& t) {
  if (t.empty() || t.size() > kMaxTicket) return false;
  // It goes on a command line: no spaces or line breaks smuggled in.
  for (char c : t)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  return true;
}

struct Entry {
  std::string token, secret, expires;
};

Entry read_entry(const pugi::xml_node& response) {
  Entry e;
  e.token = text_of(find(response, "BinarySecurityToken"));
  e.secret = text_of(find(find(response, "RequestedProofToken"), "BinarySecret"));
  e.expires = text_of(find(find(response, "Lifetime"), "Expires"));
  if (e.expires.empty()) e.expires = text_of(find(find(response, "LifeTime"), "Expires"));
  return e;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

SsoLogin::SsoLogin(std::string rst_url, std::string account, std::string password,
                   std::string policy, int64_t now)
    : m_url(std::move(rst_url)),
      m_account(std::move(account)),
      m_password(std::move(password)),
      m_policy(std::move(policy)),
      m_now(now) {}

std::string SsoLogin::request_body(std::string_view account, std::string_view password,
                                   std::string_view policy) {
  std::string b =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\""
      " xmlns:wsse=\"http://schemas.xmlsoap.org/ws/2003/06/secext\""
      " xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\""
      " xmlns:wsp=\"http://schemas.xmlsoap.org/ws/2002/12/policy\""
      " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/"
      "oasis-200401-wss-wssecurity-utility-1.0.xsd\""
      " xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/03/addressing\""
      " xmlns:wssc=\"http://schemas.xmlsoap.org/ws/2004/04/sc\""
      " xmlns:wst=\"http://schemas.xmlsoap.org/ws/2004/04/trust\">\n"
      "<Header>\n"
      "<ps:AuthInfo xmlns:ps=\"http://schemas.microsoft.com/Passport/SoapServices/PPCRL\""
      " Id=\"PPAuthInfo\">\n"
      "<ps:HostingApp>{7108E71A-9926-4FCB-BCC9-9A9D3F32E423}</ps:HostingApp>\n"
      "<ps:BinaryVersion>4</ps:BinaryVersion>\n"
      "<ps:UIVersion>1</ps:UIVersion>\n"
      "<ps:Cookies></ps:Cookies>\n"
      "<ps:RequestParams>AQAAAAIAAABsYwQAAAAxMDMz</ps:RequestParams>\n"
      "</ps:AuthInfo>\n"
      "<wsse:Security>\n"
      "<wsse:UsernameToken Id=\"user\">\n";
  // Each credential stays on the line of its element: the debug log redacts by line.
  b += "<wsse:Username>" + xml_escape(account) + "</wsse:Username>\n";
  b += "<wsse:Password>" + xml_escape(password) + "</wsse:Password>\n";
  b += "</wsse:UsernameToken>\n"
       "</wsse:Security>\n"
       "</Header>\n"
       "<Body>\n"
       "<ps:RequestMultipleSecurityTokens"
       " xmlns:ps=\"http://schemas.microsoft.com/Passport/SoapServices/PPCRL\" Id=\"RSTS\">\n";
  for (size_t i = 0; i < kTokens.size(); ++i) {
    const TokenRequest& t = kTokens[i];
    b += "<wst:RequestSecurityToken Id=\"RST" + std::to_string(i) + "\">\n";
    b += "<wst:RequestType>http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue"
         "</wst:RequestType>\n";
    b += "<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>" + std::string(t.address) +
         "</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>\n";
    std::string_view p = t.policy == "*" ? policy : t.policy;
    if (!p.empty())
      b += "<wsse:PolicyReference URI=\"" + xml_escape(p) + "\"></wsse:PolicyReference>\n";
    b += "</wst:RequestSecurityToken>\n";
  }
  b += "</ps:RequestMultipleSecurityTokens>\n</Body>\n</Envelope>\n";
  return b;
}

SsoStep SsoLogin::start() const {
  SsoStep s;
  s.kind = SsoStep::Kind::Request;
  s.url = m_url;
  s.headers = {{"Content-Type", "text/xml; charset=utf-8"}, {"User-Agent", "MSNMSGR"}};
  s.body = request_body(m_account, m_password, m_policy);
  return s;
}

SsoStep SsoLogin::on_transport_error(const std::string& error) const {
  return failed("the login service (RST): " + error);
}

SsoStep SsoLogin::on_response(int status, std::string_view body) const {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size());
  // A fault wins over everything else, whatever the status: it says what went wrong.
  if (parsed)
    if (pugi::xml_node fault = find(doc, "Fault")) return fault_step(fault);
  if (status != 200)
    return failed("the login service (RST) answered HTTP " + std::to_string(status));
  if (trim(body).empty()) return failed("the login service (RST) sent an empty answer");
  if (!parsed)
    return failed("the login service (RST) sent an answer that is not complete XML (" +
                  std::string(parsed.description()) + " at byte " + std::to_string(parsed.offset) +
                  ")");
  WebTickets tickets;
  std::string secret, expires;
  bool found_login = false;
  for (pugi::xml_node r = find(doc, "RequestSecurityTokenResponse"); r; r = r.next_sibling()) {
    if (r.type() != pugi::node_element || local_name(r) != "RequestSecurityTokenResponse") continue;
    std::string address = to_lower(text_of(find(find(r, "AppliesTo"), "Address")));
    Entry e = read_entry(r);
    if (address == "messengerclear.live.com") {
      found_login = true;
      tickets.login = e.token;
      secret = e.secret;
      expires = e.expires;
    } else if (address == "contacts.msn.com") {
      tickets.contacts = e.token;
    } else if (address == "messenger.msn.com") {
      tickets.oim_receive = e.token;
    } else if (address == "messengersecure.live.com") {
      tickets.oim_send = e.token;
    } else if (address == "storage.msn.com" || address == "storage.live.com") {
      tickets.storage = e.token;
    }
  }
  if (!found_login)
    return failed("the login service (RST) sent no token for messengerclear.live.com");
  if (!usable_ticket(tickets.login))
    return failed("the login service (RST) sent an unusable messengerclear.live.com ticket");
  if (secret.empty())
    return failed("the login service (RST) sent no proof key for messengerclear.live.com");
  if (auto until = parse_time(expires); m_now > 0 && until && *until <= m_now)
    return failed("the login service (RST) sent a ticket that had already expired (" +
                  quoted(expires) + "); check the system clock");
  SsoStep s;
  s.kind = SsoStep::Kind::Tickets;
  s.tickets = std::move(tickets);
  s.secret = std::move(secret);
  return s;
}

std::optional<int64_t> SsoLogin::parse_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS, then optional fractions, then Z.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z')
    return std::nullopt;
  auto num = [&text](size_t pos, size_t len) { return parse_u32(text.substr(pos, len)); };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
       s = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 ||
      *mi > 59 || *s > 60)
    return std::nullopt;
  std::string_view rest = text.substr(19, text.size() - 20);
  if (!rest.empty() && (rest[0] != '.' || rest.size() < 2 ||
                        rest.substr(1).find_first_not_of("0123456789") != std::string_view::npos))
    return std::nullopt;
  return days_from_civil(*y, *mo, *d) * 86400 + *h * 3600 + *mi * 60 + *s;
}

}  // namespace msntty
