// PassportLogin (doc/protocol/ns-login.md#passport-exchange): which requests it asks for and how
// it reads the answers.
#include <catch2/catch.hpp>

#include <string>

#include "proto/PassportLogin.hpp"

using namespace msntty;

namespace {

const std::string kNexus = "https://nexus.passport.com/rdr/pprdr.asp";
const std::string kEscargotArgs = "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";
const std::string kMsArgs =
    "lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct=1062764229,kpp=1,kv=5,"
    "ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619";
const std::string kMsPassportUrls =
    "DARealm=Passport.Net,DALogin=login.passport.com/login2.srf,DAReg=http://register.passport.net/"
    "uixpwiz.srf,Properties=https://register.passport.net/editprof.srf,Privacy=http://"
    "www.passport.com/"
    "consumer/privacypolicy.asp,GeneralRedir=http://nexusrdr.passport.com/redir.asp,Help=http://"
    "memberservices.passport.net/memberservice.srf,ConfigVersion=15";

std::string header(const PassportStep& s, const std::string& name) {
  for (const auto& [k, v] : s.headers)
    if (k == name) return v;
  return "<missing>";
}

}  // namespace

TEST_CASE("passport: Microsoft flow, nexus then login2.srf", "[passport]") {
  PassportLogin p(kNexus, "alice@hotmail.com", "password", kMsArgs);
  PassportStep s = p.start();
  CHECK(s.kind == PassportStep::Kind::Request);
  CHECK(s.url == kNexus);
  CHECK(s.headers.empty());  // no credentials to the nexus

  s = p.on_response(200, {{"Content-Type", "text/html"}, {"PassportURLs", kMsPassportUrls}});
  REQUIRE(s.kind == PassportStep::Kind::Request);
  CHECK(s.url == "https://login.passport.com/login2.srf");
  CHECK(header(s, "Authorization") ==
        "Passport1.4 "
        "OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=alice%40hotmail.com,"
        "pwd=password," +
            kMsArgs);
  CHECK(header(s, "User-Agent") == "MSMSGS");

  s = p.on_response(200, {{"Authentication-Info",
                           "Passport1.4 da-status=success,tname=MSPAuth,tname=MSPProf,tname=MSPSec,"
                           "from-PP='t=4Jx8nVX*7&p=3k!p',ru=http://messenger.msn.com"}});
  REQUIRE(s.kind == PassportStep::Kind::Ticket);
  CHECK(s.ticket == "t=4Jx8nVX*7&p=3k!p");
  // Finished: further responses are refused.
  CHECK(p.on_response(200, {}).kind == PassportStep::Kind::Failed);
}

TEST_CASE("passport: Escargot flow as in the transcript", "[passport]") {
  PassportLogin p("https://127.0.0.1:8444/rdr/pprdr.asp", "bob@example.com", "bobpass",
                  kEscargotArgs);
  CHECK(p.start().url == "https://127.0.0.1:8444/rdr/pprdr.asp");
  // aiohttp spells the header "Passporturls": lookup is case-insensitive.
  PassportStep s = p.on_response(200, {{"Passporturls", "DALogin=https://127.0.0.1:8444/login"},
                                       {"Content-Type", "text/plain; charset=utf-8"}});
  REQUIRE(s.kind == PassportStep::Kind::Request);
  CHECK(s.url == "https://127.0.0.1:8444/login");
  CHECK(
      header(s, "Authorization") ==
      "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=bob%40example.com,"
      "pwd=bobpass,ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
  s = p.on_response(200, {{"authentication-info",
                           "Passport1.4 da-status=success,from-PP='7320514ee0d9dbba2afd'"}});
  REQUIRE(s.kind == PassportStep::Kind::Ticket);
  CHECK(s.ticket == "7320514ee0d9dbba2afd");
}

TEST_CASE("passport: sign-in and password are strictly percent-encoded", "[passport]") {
  PassportLogin p(kNexus, "a+b@example.com", "p,w=d%", kEscargotArgs);
  CHECK(p.authorization_header() ==
        "Passport1.4 "
        "OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=a%2Bb%40example.com,"
        "pwd=p%2Cw%3Dd%25," +
            kEscargotArgs);
  PassportLogin q(kNexus, "x@example.com", "sp ace'\"\xC3\xA9~._-", kEscargotArgs);
  CHECK(q.authorization_header().find(",pwd=sp%20ace%27%22%C3%A9~._-,") != std::string::npos);
}

TEST_CASE("passport: DALogin extraction", "[passport]") {
  using P = PassportLogin;
  CHECK(P::dalogin_from_passport_urls(kMsPassportUrls) == "https://login.passport.com/login2.srf");
  CHECK(P::dalogin_from_passport_urls("DALogin=https://127.0.0.1:8444/login") ==
        "https://127.0.0.1:8444/login");
  CHECK(P::dalogin_from_passport_urls("DALogin=http://127.0.0.1:8081/login") ==
        "http://127.0.0.1:8081/login");
  CHECK(
      P::dalogin_from_passport_urls("DARealm=Passport.Net, DALogin=login.example.com/x ,DAReg=y") ==
      "https://login.example.com/x");
  CHECK_FALSE(P::dalogin_from_passport_urls("DARealm=Passport.Net"));
  CHECK_FALSE(P::dalogin_from_passport_urls("DALogin=,DAReg=x"));
  CHECK_FALSE(P::dalogin_from_passport_urls(""));
}

TEST_CASE("passport: nexus failures", "[passport]") {
  PassportLogin p(kNexus, "a@b.c", "x", kEscargotArgs);
  p.start();
  PassportStep s = p.on_response(500, {});
  CHECK(s.kind == PassportStep::Kind::Failed);
  CHECK_FALSE(s.auth_failed);
  CHECK(s.error.find("500") != std::string::npos);

  PassportLogin q(kNexus, "a@b.c", "x", kEscargotArgs);
  q.start();
  s = q.on_response(200, {{"Content-Type", "text/plain"}});
  CHECK(s.kind == PassportStep::Kind::Failed);
  CHECK_FALSE(s.error.empty());

  PassportLogin r(kNexus, "a@b.c", "x", kEscargotArgs);
  r.start();
  s = r.on_transport_error("connection refused");
  CHECK(s.kind == PassportStep::Kind::Failed);
  CHECK(s.error.find("nexus") != std::string::npos);
  CHECK(s.error.find("connection refused") != std::string::npos);
}

TEST_CASE("passport: redirects repeat the same request, a bounded number of times", "[passport]") {
  PassportLogin p(kNexus, "alice@hotmail.com", "password", kMsArgs);
  p.start();
  PassportStep first = p.on_response(200, {{"PassportURLs", kMsPassportUrls}});
  REQUIRE(first.kind == PassportStep::Kind::Request);

  PassportStep s =
      p.on_response(302, {{"Authentication-Info", "Passport1.4 da-status=redir"},
                          {"Location", "https://loginnet.passport.com/login2.srf?lc=1033"}});
  REQUIRE(s.kind == PassportStep::Kind::Request);
  CHECK(s.url == "https://loginnet.passport.com/login2.srf?lc=1033");
  CHECK(s.headers == first.headers);

  int redirects = 1;
  while (s.kind == PassportStep::Kind::Request && redirects < 100) {
    s = p.on_response(302, {{"location", "https://loginnet.passport.com/login2.srf?n=" +
                                             std::to_string(redirects)}});
    ++redirects;
  }
  CHECK(s.kind == PassportStep::Kind::Failed);
  CHECK(redirects <= 10);

  PassportLogin q(kNexus, "alice@hotmail.com", "password", kMsArgs);
  q.start();
  q.on_response(200, {{"PassportURLs", kMsPassportUrls}});
  CHECK(q.on_response(302, {}).kind == PassportStep::Kind::Failed);  // no Location

  // After a redirect, a 200 still gives the ticket.
  PassportLogin r(kNexus, "alice@hotmail.com", "password", kMsArgs);
  r.start();
  r.on_response(200, {{"PassportURLs", kMsPassportUrls}});
  r.on_response(302, {{"Location", "https://loginnet.passport.com/login2.srf"}});
  s = r.on_response(
      200, {{"Authentication-Info", "Passport1.4 da-status=success,from-PP='t=abc&p=def'"}});
  REQUIRE(s.kind == PassportStep::Kind::Ticket);
  CHECK(s.ticket == "t=abc&p=def");
}

TEST_CASE("passport: 401 and other statuses", "[passport]") {
  auto at_login = [] {
    PassportLogin p(kNexus, "alice@example.com", "wrong", kEscargotArgs);
    p.start();
    p.on_response(200, {{"PassportURLs", "DALogin=https://127.0.0.1:8444/login"}});
    return p;
  };
  SECTION("Escargot 401") {
    auto p = at_login();
    PassportStep s = p.on_response(401, {{"WWW-Authenticate", "Passport1.4 da-status=failed"}});
    CHECK(s.kind == PassportStep::Kind::Failed);
    CHECK(s.auth_failed);
    CHECK_FALSE(s.error.empty());
  }
  SECTION("Microsoft 401 with cbtxt") {
    auto p = at_login();
    PassportStep s = p.on_response(
        401, {{"WWW-Authenticate",
               "Passport1.4 "
               "da-status=failed,srealm=Passport.NET,ts=-3,prompt,cburl=http://www.passport.com/"
               "images/logo.gif,cbtxt=The%20e-mail%20address%20or%20password%20is%20incorrect"}});
    CHECK(s.kind == PassportStep::Kind::Failed);
    CHECK(s.auth_failed);
    CHECK(s.error.find("The e-mail address or password is incorrect") != std::string::npos);
  }
  SECTION("cbtxt with control characters is sanitized") {
    auto p = at_login();
    PassportStep s = p.on_response(
        401, {{"WWW-Authenticate", "Passport1.4 da-status=failed,cbtxt=bad%1B%5B2Jthing,x=y"}});
    CHECK(s.auth_failed);
    CHECK(s.error.find('\x1B') == std::string::npos);
  }
  SECTION("500") {
    auto p = at_login();
    PassportStep s = p.on_response(500, {});
    CHECK(s.kind == PassportStep::Kind::Failed);
    CHECK_FALSE(s.auth_failed);
    CHECK(s.error.find("500") != std::string::npos);
  }
  SECTION("200 without a ticket") {
    auto p = at_login();
    PassportStep s = p.on_response(200, {{"Content-Type", "text/plain"}});
    CHECK(s.kind == PassportStep::Kind::Failed);
    CHECK_FALSE(s.auth_failed);
  }
  SECTION("transport error during login") {
    auto p = at_login();
    PassportStep s = p.on_transport_error("TLS handshake failed");
    CHECK(s.kind == PassportStep::Kind::Failed);
    CHECK(s.error.find("login") != std::string::npos);
  }
}

TEST_CASE("passport: tickets that could break the USR line are rejected", "[passport]") {
  using P = PassportLogin;
  CHECK(P::ticket_from_authentication_info(
            "Passport1.4 da-status=success,from-PP='17930bb7e2294de36669'") ==
        "17930bb7e2294de36669");
  CHECK_FALSE(P::ticket_from_authentication_info("Passport1.4 da-status=success,from-PP='a b'"));
  CHECK_FALSE(
      P::ticket_from_authentication_info("Passport1.4 da-status=success,from-PP='ab\r\nOUT'"));
  CHECK_FALSE(P::ticket_from_authentication_info("Passport1.4 da-status=success,from-PP='ab\rc'"));
  CHECK_FALSE(P::ticket_from_authentication_info("Passport1.4 da-status=success,from-PP='ab\nc'"));
  CHECK_FALSE(P::ticket_from_authentication_info(std::string("from-PP='a\0b'", 13)));
  CHECK_FALSE(P::ticket_from_authentication_info("from-PP=''"));
  CHECK_FALSE(P::ticket_from_authentication_info("from-PP='unterminated"));
  CHECK_FALSE(P::ticket_from_authentication_info("da-status=success"));

  PassportLogin p(kNexus, "alice@example.com", "x", kEscargotArgs);
  p.start();
  p.on_response(200, {{"PassportURLs", "DALogin=https://127.0.0.1:8444/login"}});
  PassportStep s = p.on_response(
      200, {{"Authentication-Info", "Passport1.4 da-status=success,from-PP='t=a b'"}});
  CHECK(s.kind == PassportStep::Kind::Failed);
}
