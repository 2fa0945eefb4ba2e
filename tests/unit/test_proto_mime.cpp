#include <catch2/catch.hpp>

#include "proto/Mime.hpp"

using namespace msntty;

namespace {
const std::string kHypothetic =
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    "X-MMS-IM-Format: FN=Arial; EF=I; CO=0; CS=0; PF=22\r\n\r\nHello! How are you?";
}

TEST_CASE("mime: hypothetic 133-byte example", "[proto][mime]") {
  REQUIRE(kHypothetic.size() == 133);
  const auto m = MimeMessage::parse(kHypothetic);
  REQUIRE(m);
  CHECK(m->headers().size() == 3);
  CHECK(m->header("mime-version") == "1.0");
  CHECK(m->header("CONTENT-TYPE") == "text/plain; charset=UTF-8");
  CHECK(m->header("X-MMS-IM-Format") == "FN=Arial; EF=I; CO=0; CS=0; PF=22");
  CHECK(m->header("Missing").empty());
  CHECK_FALSE(m->has_header("Missing"));
  CHECK(m->content_type() == "text/plain");
  CHECK(m->charset() == "utf-8");
  CHECK(m->body() == "Hello! How are you?");
  CHECK(m->serialize() == kHypothetic);
}

TEST_CASE("mime: building keeps MIME-Version first", "[proto][mime]") {
  MimeMessage m;
  m.set_header("Content-Type", "text/x-msmsgscontrol");
  m.set_header("TypingUser", "alice@escargot.chat");
  m.set_header("MIME-Version", "1.0");
  m.set_body("\r\n");
  const std::string typing =
      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: "
      "alice@escargot.chat\r\n\r\n\r\n";
  CHECK(m.serialize() == typing);
  CHECK(typing.size() == 92);
  m.set_header("content-type", "text/plain");  // replaces in place
  CHECK(m.headers()[1].second == "text/plain");
  CHECK(m.headers().size() == 3);
}

TEST_CASE("mime: sizes from the doc test vectors", "[proto][mime]") {
  MimeMessage nudge;
  nudge.set_header("MIME-Version", "1.0");
  nudge.set_header("Content-Type", "text/x-msnmsgr-datacast");
  nudge.set_body("ID: 1\r\n\r\n");
  CHECK(nudge.serialize().size() == 69);

  MimeMessage text;
  text.set_header("MIME-Version", "1.0");
  text.set_header("Content-Type", "text/plain; charset=UTF-8");
  text.set_body("hi");
  CHECK(text.serialize().size() == 64);
  text.set_body("h\xC3\xA9llo \xE2\x98\x83");
  CHECK(text.serialize().size() == 72);
}

TEST_CASE("mime: tolerant parsing", "[proto][mime]") {
  const auto lf = MimeMessage::parse("MIME-Version: 1.0\nContent-Type: text/plain\n\nline1\nline2");
  REQUIRE(lf);
  CHECK(lf->content_type() == "text/plain");
  CHECK(lf->charset().empty());
  CHECK(lf->body() == "line1\nline2");

  const auto spaced =
      MimeMessage::parse("Content-Type:  Text/Plain ;  Charset = \"ISO-8859-1\" \r\n\r\n");
  REQUIRE(spaced);
  CHECK(spaced->content_type() == "text/plain");
  CHECK(spaced->charset() == "iso-8859-1");
  CHECK(spaced->body().empty());

  // Header-only (profile style), with or without the final blank line.
  const auto profile = MimeMessage::parse(
      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n"
      "LoginTime: 1795279396\r\npreferredEmail:\r\nMSPAuth: a:b=c\r\n");
  REQUIRE(profile);
  CHECK(profile->header("preferredEmail").empty());
  CHECK(profile->has_header("preferredEmail"));
  CHECK(profile->header("MSPAuth") == "a:b=c");
  CHECK(profile->content_type() == "text/x-msmsgsprofile");

  // Body keeps its bytes, including blank lines and CRLF.
  const auto body = MimeMessage::parse("Content-Type: text/plain\r\n\r\na\r\n\r\nb\r\n");
  REQUIRE(body);
  CHECK(body->body() == "a\r\n\r\nb\r\n");

  // Folded header.
  const auto folded = MimeMessage::parse("X-Long: one\r\n  two\r\n\r\n");
  REQUIRE(folded);
  CHECK(folded->header("x-long") == "one two");
}

TEST_CASE("mime: rejects what is not a message", "[proto][mime]") {
  CHECK_FALSE(MimeMessage::parse("Hello there"));
  CHECK_FALSE(MimeMessage::parse(""));
  CHECK_FALSE(MimeMessage::parse("Content-Type: text/plain\r\nnot a header"));
  CHECK(MimeMessage::parse("\r\nbody only"));  // empty header block is still a separator
}

TEST_CASE("mime: parse_fields of invitation and datacast bodies", "[proto][mime]") {
  const auto inv = MimeMessage::parse_fields(
      "Application-Name: File Transfer\r\nApplication-GUID: "
      "{5D3E02AB-6190-11d3-BBBB-00C04F795683}\r\n"
      "Invitation-Command: INVITE\r\nInvitation-Cookie: 123456\r\nApplication-File: notes.txt\r\n"
      "Application-FileSize: 11\r\nConnectivity: N\r\n\r\n");
  CHECK(inv.headers().size() == 7);
  CHECK(inv.header("invitation-cookie") == "123456");
  CHECK(inv.header("Application-GUID") == "{5D3E02AB-6190-11d3-BBBB-00C04F795683}");
  CHECK(inv.body().empty());
  const auto dc = MimeMessage::parse_fields("ID: 1\r\n\r\n");
  CHECK(dc.header("ID") == "1");
  const auto lf = MimeMessage::parse_fields("Request-Data: IP-Address:\nPort: 6891");
  CHECK(lf.header("Request-Data") == "IP-Address:");
  CHECK(lf.header("Port") == "6891");
}
