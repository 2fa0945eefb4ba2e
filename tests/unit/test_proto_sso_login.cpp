// SsoLogin (doc/protocol/ns-sso.md): the RST request it asks for and how it reads the answers:
// tokens by address (Escargot's canned first entry and its Compact numbering), every fault form,
// and the broken answers.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "proto/SsoLogin.hpp"

using namespace msntty;

namespace {

const std::string kUrl = "https://login.example.com/RST.srf";

std::string entry(const std::string& id, const std::string& address, const std::string& token,
                  const std::string& secret = "",
                  const std::string& expires = "2026-12-02T15:00:00Z") {
  std::string e =
      "<wst:RequestSecurityTokenResponse><wst:TokenType>urn:passport:compact</wst:TokenType>"
      "<wsp:AppliesTo xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/03/addressing\">"
      "<wsa:EndpointReference><wsa:Address>" +
      address +
      "</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>"
      "<wst:LifeTime><wsu:Created>2026-12-01T15:00:00Z</wsu:Created><wsu:Expires>" +
      expires +
      "</wsu:Expires></wst:LifeTime>"
      "<wst:RequestedSecurityToken><wsse:BinarySecurityToken Id=\"" +
      id + "\">" + token + "</wsse:BinarySecurityToken></wst:RequestedSecurityToken>";
  if (!secret.empty())
    e += "<wst:RequestedProofToken><wst:BinarySecret>" + secret +
         "</wst:BinarySecret></wst:RequestedProofToken>";
  return e + "</wst:RequestSecurityTokenResponse>";
}

std::string envelope(const std::string& entries) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\" ?>"
         "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\""
         " xmlns:wst=\"http://schemas.xmlsoap.org/ws/2004/04/trust\""
         " xmlns:wsse=\"http://schemas.xmlsoap.org/ws/2003/06/secext\""
         " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/"
         "oasis-200401-wss-wssecurity-utility-1.0.xsd\""
         " xmlns:wsp=\"http://schemas.xmlsoap.org/ws/2002/12/policy\">"
         "<S:Header><psf:pp "
         "xmlns:psf=\"http://schemas.microsoft.com/Passport/SoapServices/SOAPFault\">"
         "<psf:reqstatus>0x0</psf:reqstatus></psf:pp></S:Header><S:Body>"
         "<wst:RequestSecurityTokenResponseCollection>" +
         entries + "</wst:RequestSecurityTokenResponseCollection></S:Body></S:Envelope>";
}

const std::string kTicket = "t=0123456789abcdef0123&amp;p=";
const std::string kSecret = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";

// As Escargot answers the request msntty makes: the canned tb entry with its fixed secret first,
// then one per requested address, Compact<k> counting the tb request.
std::string escargot_answer(const std::string& expires = "2026-12-02T15:00:00Z") {
  return envelope(entry("Compact0", "http://Passport.NET/tb", "<EncryptedData/>",
                        "tgoPVK67sU36fQKlGLMgWgTXp7oiaQgE") +
                  entry("Compact2", "messengerclear.live.com", kTicket, kSecret, expires) +
                  entry("Compact3", "messenger.msn.com", kTicket) +
                  entry("Compact4", "contacts.msn.com", kTicket) +
                  entry("Compact5", "messengersecure.live.com", kTicket) +
                  entry("Compact6", "storage.msn.com", kTicket));
}

SsoLogin login(int64_t now = 0) {
  return SsoLogin(kUrl, "alice@example.com", "alicepass", "MBI_KEY_OLD", now);
}

}  // namespace

TEST_CASE("sso: the RST request", "[sso]") {
  SsoLogin l(kUrl, "a&b@example.com", "p<ss>\"w&rd'with a very long tail", "MBI_KEY_OLD");
  SsoStep s = l.start();
  CHECK(s.kind == SsoStep::Kind::Request);
  CHECK(s.url == kUrl);
  REQUIRE(s.headers.size() == 2);
  CHECK(s.headers[0] ==
        std::pair<std::string, std::string>{"Content-Type", "text/xml; charset=utf-8"});
  pugi::xml_document doc;
  REQUIRE(doc.load_string(s.body.c_str()));
  pugi::xml_node token =
      doc.child("Envelope").child("Header").child("wsse:Security").child("wsse:UsernameToken");
  // Escaped on the wire, whole after parsing: not cut at 16 characters as libpurple does.
  CHECK(std::string(token.child_value("wsse:Username")) == "a&b@example.com");
  CHECK(std::string(token.child_value("wsse:Password")) == "p<ss>\"w&rd'with a very long tail");
  CHECK(s.body.find("<wsse:Password>p&lt;ss&gt;&quot;w&amp;rd&apos;with a very long "
                    "tail</wsse:Password>\n") != std::string::npos);
  std::vector<std::pair<std::string, std::string>> asked;
  for (pugi::xml_node r : doc.child("Envelope")
                              .child("Body")
                              .child("ps:RequestMultipleSecurityTokens")
                              .children("wst:RequestSecurityToken"))
    asked.emplace_back(
        r.child("wsp:AppliesTo").child("wsa:EndpointReference").child_value("wsa:Address"),
        r.child("wsse:PolicyReference").attribute("URI").value());
  std::vector<std::pair<std::string, std::string>> expected = {
      {"http://Passport.NET/tb", ""},          {"messengerclear.live.com", "MBI_KEY_OLD"},
      {"messenger.msn.com", "?id=507"},        {"contacts.msn.com", "MBI"},
      {"messengersecure.live.com", "MBI_SSL"}, {"storage.msn.com", "MBI_SSL"}};
  CHECK(asked == expected);
}

TEST_CASE("sso: the server's policy is escaped in its attribute", "[sso]") {
  std::string body = SsoLogin::request_body("a@b.c", "x", "MBI\"<&");
  CHECK(body.find("URI=\"MBI&quot;&lt;&amp;\"") != std::string::npos);
}

TEST_CASE("sso: tokens by address, not the first secret nor the Compact id", "[sso]") {
  SsoStep s = login().on_response(200, escargot_answer());
  REQUIRE(s.kind == SsoStep::Kind::Tickets);
  CHECK(s.secret == kSecret);  // not the canned tgoPVK... of the tb entry
  CHECK(s.tickets.login == "t=0123456789abcdef0123&p=");  // XML-decoded
  CHECK(s.tickets.contacts == s.tickets.login);
  CHECK(s.tickets.oim_receive == s.tickets.login);
  CHECK(s.tickets.oim_send == s.tickets.login);
  CHECK(s.tickets.storage == s.tickets.login);
}

TEST_CASE("sso: each service gets its own ticket, in any order and numbering", "[sso]") {
  // The real service numbered Compact1... without the tb request; the order is not promised.
  std::string doc = envelope(entry("Compact3", "contacts.msn.com", "t=C&amp;p=c") +
                             entry("Compact1", "messengerclear.live.com", "t=L&amp;p=l", kSecret) +
                             entry("Compact5", "storage.live.com", "t=S&amp;p=s") +
                             entry("Compact2", "messenger.msn.com", "t=R&amp;p=r") +
                             entry("Compact4", "messengersecure.live.com", "t=W&amp;p=w"));
  SsoStep s = login().on_response(200, doc);
  REQUIRE(s.kind == SsoStep::Kind::Tickets);
  CHECK(s.tickets.login == "t=L&p=l");
  CHECK(s.tickets.contacts == "t=C&p=c");
  CHECK(s.tickets.oim_receive == "t=R&p=r");
  CHECK(s.tickets.oim_send == "t=W&p=w");
  CHECK(s.tickets.storage == "t=S&p=s");
}

TEST_CASE("sso: faults, wherever they sit", "[sso]") {
  // RST.srf: the fault is a child of the envelope, outside the body, with HTTP 200.
  std::string rst1 =
      "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Header><psf:pp "
      "xmlns:psf=\"http://schemas.microsoft.com/Passport/SoapServices/SOAPFault\"><psf:reqstatus>"
      "0x80048823</psf:reqstatus></psf:pp></S:Header><S:Fault><faultcode "
      "xmlns:wsse=\"x\">wsse:FailedAuthentication</faultcode><faultstring>Authentication "
      "Failure</faultstring></S:Fault></S:Envelope>";
  SsoStep s = login().on_response(200, rst1);
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK(s.auth_failed);
  CHECK(s.error == "authentication failed: wrong account or password");
  // RST2.srf: SOAP 1.2 in the body, the reason in Subcode/Value.
  std::string rst2 =
      "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Body><S:Fault><S:Code>"
      "<S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value>"
      "</S:Subcode></S:Code><S:Reason><S:Text xml:lang=\"en-US\">Authentication Failure</S:Text>"
      "</S:Reason></S:Fault></S:Body></S:Envelope>";
  s = login().on_response(200, rst2);
  CHECK(s.auth_failed);
  // Any other fault: a service error that names the server's words.
  std::string other =
      "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body><S:Fault>"
      "<faultcode>wsse:InvalidRequest</faultcode><faultstring>Invalid Request\x1b[31m</faultstring>"
      "</S:Fault></S:Body></S:Envelope>";
  s = login().on_response(200, other);
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error.find("wsse:InvalidRequest") != std::string::npos);
  CHECK(s.error.find("Invalid Request") != std::string::npos);
  CHECK(s.error.find('\x1b') == std::string::npos);
  std::string rst2_other =
      "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Body><S:Fault><S:Code>"
      "<S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:InvalidRequest</S:Value></S:Subcode>"
      "</S:Code><S:Reason><S:Text>Invalid Request</S:Text></S:Reason></S:Fault></S:Body>"
      "</S:Envelope>";
  s = login().on_response(200, rst2_other);
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error ==
        "the login service (RST) refused the request: wst:InvalidRequest: Invalid Request");
  // A fault next to tokens still fails; and a fault with a 500 is read too.
  s = login().on_response(200,
                          envelope(entry("Compact2", "messengerclear.live.com", kTicket, kSecret) +
                                   "<S:Fault><faultcode>S:Server</faultcode></S:Fault>"));
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK(s.error == "the login service (RST) refused the request: S:Server");
  s = login().on_response(500, rst1);
  CHECK(s.auth_failed);
}

TEST_CASE("sso: broken answers give clear errors", "[sso]") {
  SsoStep s = login().on_response(500, "");
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error == "the login service (RST) answered HTTP 500");
  s = login().on_response(403, "<html>no</html>");
  CHECK(s.error == "the login service (RST) answered HTTP 403");
  s = login().on_response(200, "");
  CHECK(s.error == "the login service (RST) sent an empty answer");
  s = login().on_response(200, "Internal error, please retry");
  CHECK(s.error.starts_with("the login service (RST) sent an answer that is not complete XML"));
  std::string whole = escargot_answer();
  s = login().on_response(200, whole.substr(0, whole.size() / 2));
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK(s.error.starts_with("the login service (RST) sent an answer that is not complete XML"));
  s = login().on_response(200, envelope(entry("Compact4", "contacts.msn.com", kTicket)));
  CHECK(s.error == "the login service (RST) sent no token for messengerclear.live.com");
  s = login().on_response(200, envelope(entry("Compact2", "messengerclear.live.com", kTicket)));
  CHECK(s.error == "the login service (RST) sent no proof key for messengerclear.live.com");
  s = login().on_response(
      200, envelope(entry("Compact2", "messengerclear.live.com", "t=a b&amp;p=", kSecret)));
  CHECK(s.error == "the login service (RST) sent an unusable messengerclear.live.com ticket");
  s = login().on_transport_error("connection refused");
  CHECK(s.error == "the login service (RST): connection refused");
  CHECK_FALSE(s.auth_failed);
}

TEST_CASE("sso: a ticket that has already expired", "[sso]") {
  int64_t now = *SsoLogin::parse_time("2026-12-01T15:00:10Z");
  CHECK(login(now).on_response(200, escargot_answer()).kind == SsoStep::Kind::Tickets);
  SsoStep s = login(now).on_response(200, escargot_answer("2026-12-01T15:00:00Z"));
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error.find("already expired") != std::string::npos);
  // Without a clock (0) it is not checked.
  CHECK(login().on_response(200, escargot_answer("2026-12-01T15:00:00Z")).kind ==
        SsoStep::Kind::Tickets);
}

TEST_CASE("sso: time stamps", "[sso]") {
  CHECK(SsoLogin::parse_time("1970-01-01T00:00:00Z") == 0);
  CHECK(SsoLogin::parse_time("2000-03-01T00:00:00Z") == 951868800);
  CHECK(SsoLogin::parse_time("2026-12-01T15:00:00.1234567Z") == 1796137200);
  CHECK_FALSE(SsoLogin::parse_time("2026-12-01 15:00:00Z"));
  CHECK_FALSE(SsoLogin::parse_time("2026-13-01T15:00:00Z"));
  CHECK_FALSE(SsoLogin::parse_time("2026-12-01T15:00:00"));
  CHECK_FALSE(SsoLogin::parse_time("2026-12-01T15:00:00.Z"));
}

namespace {

// The test server's recorded answers (tests/data/wlm/), written from the reference on its side.
std::string fixture(const std::string& name) {
  std::ifstream in("tests/data/wlm/" + name, std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("sso: the test server's recorded answers", "[sso]") {
  // RST.srf (SOAP 1.1, LifeTime) and RST2.srf (SOAP 1.2, Lifetime): the canned tb entry first.
  SsoStep s = login().on_response(200, fixture("rst-response.xml"));
  REQUIRE(s.kind == SsoStep::Kind::Tickets);
  CHECK(s.tickets.login == "t=4747652274a1e5395a8c&p=");
  CHECK(s.secret == "63eclJYbgl2McAe4u0RP9N0u42wIZp9X");
  CHECK(s.tickets.contacts == s.tickets.login);
  CHECK(s.tickets.storage == s.tickets.login);
  s = login().on_response(200, fixture("rst2-response.xml"));
  REQUIRE(s.kind == SsoStep::Kind::Tickets);
  CHECK(s.tickets.login == "t=59f34cac5658cd749e17&p=");
  CHECK(s.secret == "UB2e1RSHwfTc+a7Jy++1kFKHMVUaU7R4");
  CHECK(s.tickets.oim_send == s.tickets.login);
  // Recorded with Expires 2026-01-02: long gone by the clock of the tests here.
  s = login(*SsoLogin::parse_time("2026-06-01T00:00:00Z"))
          .on_response(200, fixture("rst-response.xml"));
  CHECK(s.kind == SsoStep::Kind::Failed);
  CHECK(s.error.find("already expired") != std::string::npos);
  for (const char* bad : {"rst-badpass-response.xml", "rst2-badpass-response.xml"}) {
    INFO(bad);
    s = login().on_response(200, fixture(bad));
    CHECK(s.kind == SsoStep::Kind::Failed);
    CHECK(s.auth_failed);
  }
  s = login().on_response(200, fixture("rst-unparsable-response.xml"));
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error == "the login service (RST) refused the request: S:Client: Invalid Request");
  s = login().on_response(200, fixture("rst2-unparsable-response.xml"));
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error.find("InvalidRequest") != std::string::npos);
}
