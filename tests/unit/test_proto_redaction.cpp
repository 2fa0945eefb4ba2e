// The debug log's redaction rules, one wire line at a time: secrets out, everything else kept.
#include <catch2/catch.hpp>

#include "proto/OimStore.hpp"
#include "proto/Redaction.hpp"
#include "proto/RsiRequests.hpp"

using namespace msntty;

TEST_CASE("MD5 responses and Passport tickets are redacted from USR", "[proto][redaction]") {
  CHECK(redact_wire_line("USR 3 MD5 S 9a5e0e52cf2e5b3ba2d6c3e86d2b4be5") ==
        "USR 3 MD5 S [redacted]");
  CHECK(redact_wire_line("USR 4 TWN S t=ticket123&p=profile456") == "USR 4 TWN S [redacted]");
  CHECK(redact_wire_line("USR 3 TWN S lc=1033,id=507,tw=40,ct=1,kpp=1,kv=5,ver=2.1.0173.1") ==
        "USR 3 TWN S [redacted]");
  CHECK(redact_wire_line("USR 5 SSO S MBI_KEY_OLD nonce") == "USR 5 SSO S [redacted] [redacted]");
  // What is not a secret stays, so the log is still useful.
  CHECK(redact_wire_line("USR 3 MD5 I alice@example.com") == "USR 3 MD5 I alice@example.com");
  CHECK(redact_wire_line("USR 3 OK alice@example.com Alice%20L 1 0") ==
        "USR 3 OK alice@example.com Alice%20L 1 0");
  CHECK(redact_wire_line("MSG 4 N 120") == "MSG 4 N 120");
  CHECK(redact_wire_line("") == "");
}

TEST_CASE("switchboard cookies are redacted from USR, ANS, XFR and RNG", "[proto][redaction]") {
  CHECK(redact_wire_line("USR 1 alice@example.com 17262740.1050826919.32308") ==
        "USR 1 alice@example.com [redacted]");
  CHECK(redact_wire_line("ANS 1 alice@example.com 849102291.520491113 11752013") ==
        "ANS 1 alice@example.com [redacted] 11752013");
  CHECK(redact_wire_line("XFR 10 SB 127.0.0.1:1864 CKI 17262740.1050826919.32308") ==
        "XFR 10 SB 127.0.0.1:1864 CKI [redacted]");
  CHECK(redact_wire_line("XFR 10 SB 127.0.0.1:1864 CKI 1726.1050 U messenger.msn.com 1") ==
        "XFR 10 SB 127.0.0.1:1864 CKI [redacted] U messenger.msn.com 1");
  CHECK(
      redact_wire_line("RNG 11752013 127.0.0.1:1864 CKI 849102291.520491113 bob@example.com Bob") ==
      "RNG 11752013 127.0.0.1:1864 CKI [redacted] bob@example.com Bob");
}

TEST_CASE("credential headers are redacted in MSG payloads and HTTP", "[proto][redaction]") {
  CHECK(redact_wire_line("MSPAuth: 7Q4kKJ2Gv1...$$") == "MSPAuth: [redacted]");
  CHECK(redact_wire_line("Authorization: Passport1.4 OrgVerb=GET,sign-in=alice%40x,pwd=hunter2") ==
        "Authorization: [redacted]");
  CHECK(redact_wire_line("authentication-info: Passport1.4 da-status=success,from-PP='t=a&p=b'") ==
        "authentication-info: [redacted]");
  CHECK(redact_wire_line("Set-Cookie: MSPAuth=abc; path=/") == "Set-Cookie: [redacted]");
  CHECK(redact_wire_line("Cookie: MSPProf=x") == "Cookie: [redacted]");
  CHECK(redact_wire_line("Content-Type: text/plain; charset=UTF-8") ==
        "Content-Type: text/plain; charset=UTF-8");
  CHECK(redact_wire_line("HTTP/1.1 200 OK") == "HTTP/1.1 200 OK");
  // A ticket that turns up anywhere else, e.g. a Location header or a query string.
  CHECK(redact_wire_line("Location: https://x/cb?t=abc&p=def") == "Location: [redacted]");
}

TEST_CASE("known secrets are masked wherever they appear", "[proto][redaction]") {
  CHECK(mask_secrets("pwd=hunter2,x hunter2", {"hunter2"}) == "pwd=[redacted],x [redacted]");
  CHECK(mask_secrets("nothing here", {"", "zzz"}) == "nothing here");
  CHECK(mask_secrets("aaaa", {"aa"}) == "[redacted][redacted]");
}

TEST_CASE("log text escapes control bytes, backslashes, C1 and invalid UTF-8",
          "[proto][redaction]") {
  CHECK(escape_log_text("plain text") == "plain text");
  CHECK(escape_log_text("a\x1b[2Jb\r\n") == "a\\x1b[2Jb\\x0d\\x0a");
  CHECK(escape_log_text("back\\slash") == "back\\\\slash");
  CHECK(escape_log_text("caf\xc3\xa9 \xe2\x9c\x93") ==
        "caf\xc3\xa9 \xe2\x9c\x93");  // valid UTF-8 kept
  CHECK(escape_log_text("\xc2\x9b"
                        "31m") == "\\xc2\\x9b31m");  // C1 CSI
  CHECK(escape_log_text("\xff\xc3") == "\\xff\\xc3");
  CHECK(escape_log_text(std::string("nul\0x", 5)) == "nul\\x00x");
}

TEST_CASE("SOAP credentials are redacted: password, tickets, proof key", "[proto][redaction]") {
  CHECK(redact_wire_line("\t<wsse:Password>hunter2 &amp; more</wsse:Password>") ==
        "\t<wsse:Password>[redacted]</wsse:Password>");
  CHECK(redact_wire_line("<Password>x</Password>") == "<Password>[redacted]</Password>");
  CHECK(redact_wire_line("<wst:BinarySecret>AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY</wst:BinarySecret>") ==
        "<wst:BinarySecret>[redacted]</wst:BinarySecret>");
  CHECK(
      redact_wire_line(
          "<wsse:BinarySecurityToken Id=\"Compact2\">t=abc&amp;p=def</wsse:BinarySecurityToken>") ==
      "<wsse:BinarySecurityToken Id=\"Compact2\">[redacted]</wsse:BinarySecurityToken>");
  CHECK(redact_wire_line("<TicketToken>t=abc&amp;p=</TicketToken><x>keep</x>") ==
        "<TicketToken>[redacted]</TicketToken><x>keep</x>");
  CHECK(redact_wire_line("<CipherValue>Y2lwaGVy</CipherValue>") ==
        "<CipherValue>[redacted]</CipherValue>");
  // Two on one line; one left open at the end of the line.
  CHECK(redact_wire_line("<a:Password>p1</a:Password><b:Password>p2</b:Password>") ==
        "<a:Password>[redacted]</a:Password><b:Password>[redacted]</b:Password>");
  CHECK(redact_wire_line("<wsse:Password>secret and the rest") == "<wsse:Password>[redacted]");
  // Like-named elements and empty ones are left alone; so is everything else.
  CHECK(redact_wire_line("<PasswordHint>pet</PasswordHint>") == "<PasswordHint>pet</PasswordHint>");
  CHECK(redact_wire_line("<wsse:Password/>") == "<wsse:Password/>");
  CHECK(redact_wire_line("<wsse:Username>alice@example.com</wsse:Username>") ==
        "<wsse:Username>alice@example.com</wsse:Username>");
  // A ticket in XML text, escaped, anywhere else.
  CHECK(redact_wire_line("ticket t=abc&amp;p=def here") == "ticket [redacted] here");
}

namespace {

// Each line of a body as the debug log writes it, redacted, joined again.
std::string redacted_body(const std::string& body) {
  std::string out;
  size_t from = 0;
  while (from <= body.size()) {
    size_t nl = body.find('\n', from);
    if (nl == std::string::npos) nl = body.size();
    out += redact_wire_line(std::string_view(body).substr(from, nl - from)) + "\n";
    from = nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("the RSI PassportCookie's ticket and profile are redacted", "[proto][redaction]") {
  auto call = oim::get_metadata("t=TICKETSECRET123&p=PROFILESECRET456");
  REQUIRE(call.body.find("TICKETSECRET123") != std::string::npos);
  std::string logged = redacted_body(call.body);
  CHECK(logged.find("TICKETSECRET123") == std::string::npos);
  CHECK(logged.find("PROFILESECRET456") == std::string::npos);
  CHECK(logged.find("<t>[redacted]</t><p>[redacted]</p></PassportCookie>") != std::string::npos);
  // The rest of the call stays readable.
  CHECK(logged.find("GetMetadata") != std::string::npos);
  // <t> and <p> elsewhere are not credentials.
  CHECK(redact_wire_line("<p>hello</p><t>x</t>") == "<p>hello</p><t>x</t>");
  CHECK(redact_wire_line("<PassportCookie><t>T</t></PassportCookie><p>kept</p>") ==
        "<PassportCookie><t>[redacted]</t></PassportCookie><p>kept</p>");
}

TEST_CASE("the Store2 lockkey attribute is redacted", "[proto][redaction]") {
  oim::StoreRequest r;
  r.from = "alice@example.com";
  r.to = "bob@example.com";
  r.ticket = "t=TICKETSECRET123&p=PROFILESECRET456";
  r.lockkey = "0123456789abcdefLOCKKEYSECRET";
  r.run_id = "{11111111-2222-3333-4444-555555555555}";
  r.text = "hi";
  auto call = oim::store_call(r);
  REQUIRE(call.body.find("LOCKKEYSECRET") != std::string::npos);
  std::string logged = redacted_body(call.body);
  CHECK(logged.find("LOCKKEYSECRET") == std::string::npos);
  CHECK(logged.find("TICKETSECRET123") == std::string::npos);
  CHECK(logged.find("lockkey=\"[redacted]\"") != std::string::npos);
  CHECK(logged.find("bob@example.com") != std::string::npos);
  CHECK(redact_wire_line("<Ticket lockkey='abc' appid=\"x\"/>") ==
        "<Ticket lockkey='[redacted]' appid=\"x\"/>");
}
