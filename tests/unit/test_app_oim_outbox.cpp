// app/OimOutbox against a loopback HTTP server (helpers/SoapStub): one Store2 call at a time, in
// order, numbered over the run under one Run-Id; the lock-key challenge answered once and the
// answer kept; a refusal or a transport error ends that message only, with its reason.
#include <catch2/catch.hpp>

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "app/OimOutbox.hpp"
#include "helpers/Loop.hpp"
#include "helpers/SoapStub.hpp"
#include "net/Resolver.hpp"
#include "proto/SoapReply.hpp"
#include "util/Base64.hpp"

using namespace msntty;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

const std::string kRunId = "{0F1E2D3C-4B5A-4697-8877-665544332211}";

std::string envelope(const std::string& header, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
         "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>" +
         header + "</soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
}

std::string stored(int n) {
  std::string r = std::to_string(n);
  return envelope(
      "<SequenceAcknowledgment xmlns=\"http://schemas.xmlsoap.org/ws/2003/03/rm\">"
      "<AcknowledgmentRange Upper=\"" +
          r + "\" Lower=\"" + r + "\"/></SequenceAcknowledgment>",
      "<StoreResponse xmlns=\"http://messenger.msn.com/ws/2004/09/oim/\"><PointsConsumed>1"
      "</PointsConsumed></StoreResponse>");
}

std::string fault(const std::string& code, const std::string& detail = "") {
  return envelope("",
                  "<soap:Fault><faultcode xmlns:q0=\"http://messenger.msn.com/ws/2004/09/"
                  "oim/\">q0:" +
                      code + "</faultcode><faultstring>refused</faultstring><detail>" + detail +
                      "</detail></soap:Fault>");
}

std::string challenge(const std::string& value) {
  return fault("AuthenticationFailed",
               "<TweenerChallenge xmlns=\"http://messenger.msn.com/ws/2004/09/oim/\">ct=1,rver=5"
               "</TweenerChallenge><LockKeyChallenge xmlns=\"http://messenger.msn.com/ws/2004/09/"
               "oim/\">" +
                   value + "</LockKeyChallenge>");
}

// One request as the service reads it.
struct Call {
  std::string to, lockkey, passport, number, run_id, seq, text;
  explicit Call(const test::SoapStub::Asked& a) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(a.body.c_str()));
    pugi::xml_node header = soap::path(doc, {"Envelope", "Header"});
    to = soap::child(header, "To").attribute("memberName").value();
    lockkey = soap::child(header, "Ticket").attribute("lockkey").value();
    passport = soap::child(header, "Ticket").attribute("passport").value();
    number = soap::text(soap::path(header, {"Sequence", "MessageNumber"}));
    std::string content = soap::path(doc, {"Envelope", "Body", "Content"}).child_value();
    size_t blank = content.find("\n\n");
    REQUIRE(blank != std::string::npos);
    auto head = [&](const std::string& name) {
      size_t at = content.find(name + ": ");
      REQUIRE(at < blank);
      at += name.size() + 2;
      return content.substr(at, content.find('\n', at) - at);
    };
    run_id = head("X-OIM-Run-Id");
    seq = head("X-OIM-Sequence-Num");
    auto decoded = base64_decode(content.substr(blank + 2));
    REQUIRE(decoded);
    text = *decoded;
  }
};

struct Fixture {
  net::Reactor reactor;
  net::Resolver resolver{reactor, net::Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  net::HttpClient http{reactor, resolver};
  test::SoapStub server{reactor};
  Settings settings;
  std::string ticket = "t=0123456789abcdef0123&p=";
  std::unique_ptr<OimOutbox> outbox;
  std::vector<std::optional<std::string>> done;  // per store(): nullopt until it is over

  Fixture() {
    REQUIRE_FALSE(settings.set("web_base", server.base()));
    OimOutbox::Hooks h;
    h.ticket = [this] { return ticket; };
    h.account = [] { return std::string("alice@example.com"); };
    h.nick = [] { return std::string("Alice"); };
    h.dialect = [] { return 12; };
    outbox = std::make_unique<OimOutbox>(reactor, http, settings, kRunId, std::move(h));
  }
  size_t store(const std::string& to, const std::string& text) {
    size_t i = done.size();
    done.emplace_back();
    outbox->store(to, text, [this, i](const std::string& error) { done[i] = error; });
    return i;
  }
  bool run_all() {
    return run_until(reactor, [this] {
      if (!outbox->idle()) return false;
      for (auto& d : done)
        if (!d) return false;
      return true;
    });
  }
  std::vector<Call> calls() const {
    std::vector<Call> out;
    for (const auto& a : server.asked()) out.emplace_back(a);
    return out;
  }
};

}  // namespace

TEST_CASE("oim outbox: a text for an offline contact is one Store2 call", "[app][oim]") {
  Fixture f;
  f.server.answer(200, stored(1));
  f.store("bob@example.com", "see you tomorrow");
  REQUIRE(f.run_all());
  CHECK(f.done[0] == std::optional<std::string>(""));
  REQUIRE(f.server.asked().size() == 1);
  CHECK(f.server.asked()[0].path == "/OimWS/oim.asmx");
  CHECK(f.server.asked()[0].action == "\"http://messenger.live.com/ws/2006/09/oim/Store2\"");
  Call c(f.server.asked()[0]);
  CHECK(c.to == "bob@example.com");
  CHECK(c.lockkey.empty());  // none yet
  CHECK(c.passport == f.ticket);
  CHECK(c.number == "1");
  CHECK(c.seq == "1");
  CHECK(c.run_id == kRunId);
  CHECK(c.text == "see you tomorrow");
}

TEST_CASE("oim outbox: the lock-key challenge is answered once and the answer kept", "[app][oim]") {
  Fixture f;
  f.server.answer(500, challenge("1850937852"));
  f.server.answer(200, stored(1));
  f.server.answer(200, stored(2));
  f.store("bob@example.com", "first");
  f.store("bob@example.com", "second");
  REQUIRE(f.run_all());
  CHECK(f.done[0] == std::optional<std::string>(""));
  CHECK(f.done[1] == std::optional<std::string>(""));
  auto calls = f.calls();
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].lockkey.empty());
  // The same call again, its number kept, with the MSNP11 QRY answer to the challenge.
  CHECK(calls[1].lockkey == "362e8199b004377a9f1cf4398f1e18d3");
  CHECK(calls[1].number == "1");
  CHECK(calls[1].text == "first");
  // The next message goes with the kept answer straight away, numbered on.
  CHECK(calls[2].lockkey == "362e8199b004377a9f1cf4398f1e18d3");
  CHECK(calls[2].number == "2");
  CHECK(calls[2].seq == "2");
  CHECK(calls[2].text == "second");
  CHECK(calls[2].run_id == kRunId);
}

TEST_CASE("oim outbox: a second challenge for the same call is a refusal", "[app][oim]") {
  Fixture f;
  f.server.answer(500, challenge("1850937852"));
  f.server.answer(500, challenge("1111111111"));
  f.server.answer(500, challenge("22210219642164014968"));
  f.server.answer(200, stored(2));
  f.store("bob@example.com", "one");
  f.store("bob@example.com", "two");
  REQUIRE(f.run_all());
  CHECK(f.done[0] ==
        std::optional<std::string>("the server refused the lock key (AuthenticationFailed)"));
  // The next message starts from the lockkey of the last answer, and may answer once itself.
  CHECK(f.done[1] == std::optional<std::string>(""));
  auto calls = f.calls();
  REQUIRE(calls.size() == 4);
  CHECK(calls[2].lockkey == "362e8199b004377a9f1cf4398f1e18d3");
  CHECK(calls[3].lockkey == "85ecb0db8f32113df79ce0892b9a102c");
  CHECK(calls[3].number == "2");
}

TEST_CASE("oim outbox: a long text goes in parts, one call at a time, in order", "[app][oim]") {
  Fixture f;
  f.server.hold = true;
  std::string text = std::string(1400, 'a') + std::string(1400, 'b') + "cc";
  f.store("bob@example.com", text);
  f.store("carol@example.com", "after");
  for (int part = 1; part <= 4; ++part) {
    REQUIRE(run_until(f.reactor, [&] { return f.server.waiting() == 1; }));
    test::settle(f.reactor);
    CHECK(f.server.waiting() == 1);  // never two calls at once
    CHECK(f.server.asked().size() == static_cast<size_t>(part));
    f.server.answer(200, stored(part));
    f.server.release();
  }
  REQUIRE(f.run_all());
  auto calls = f.calls();
  REQUIRE(calls.size() == 4);
  CHECK(calls[0].text == std::string(1400, 'a'));
  CHECK(calls[1].text == std::string(1400, 'b'));
  CHECK(calls[2].text == "cc");
  CHECK(calls[3].text == "after");
  CHECK(calls[3].to == "carol@example.com");
  for (size_t i = 0; i < calls.size(); ++i) {
    CHECK(calls[i].number == std::to_string(i + 1));
    CHECK(calls[i].seq == calls[i].number);
  }
  CHECK(f.done[0] == std::optional<std::string>(""));
  CHECK(f.done[1] == std::optional<std::string>(""));
}

TEST_CASE("oim outbox: a refused part ends its message; the next message goes on", "[app][oim]") {
  Fixture f;
  f.server.answer(200, stored(1));
  f.server.answer(500, fault("SystemUnavailable"));
  f.server.answer(200, stored(3));
  f.store("bob@example.com", std::string(1400, 'a') + std::string(1400, 'b') + "c");
  f.store("bob@example.com", "next");
  REQUIRE(f.run_all());
  CHECK(f.done[0] ==
        std::optional<std::string>(
            "the server refused it: the contact does not accept messages from you, or there is "
            "no such account (SystemUnavailable) (part 2 of 3; the parts before it were stored)"));
  CHECK(f.done[1] == std::optional<std::string>(""));
  auto calls = f.calls();
  REQUIRE(calls.size() == 3);  // the third part never went
  CHECK(calls[2].text == "next");
  CHECK(calls[2].number == "3");
}

TEST_CASE("oim outbox: HTTP 500 without a fault, and no service at all", "[app][oim]") {
  Fixture f;
  f.server.answer(500, "");
  f.store("bob@example.com", "x");
  REQUIRE(f.run_all());
  CHECK(f.done[0] == std::optional<std::string>("the offline-message service answered HTTP 500"));

  // Nothing listens there: the transport's error, named.
  REQUIRE_FALSE(f.settings.set("oim_store_url", "http://127.0.0.1:9/OimWS/oim.asmx"));
  f.store("bob@example.com", "y");
  REQUIRE(f.run_all());
  REQUIRE(f.done[1]);
  CHECK(f.done[1]->starts_with("the offline-message service: "));
  CHECK(f.server.asked().size() == 1);
}

TEST_CASE("oim outbox: without a ticket nothing is sent", "[app][oim]") {
  Fixture f;
  f.ticket.clear();
  f.store("bob@example.com", "x");
  REQUIRE(f.run_all());
  CHECK(f.done[0] == std::optional<std::string>("no ticket for the offline-message service"));
  CHECK(f.server.asked().empty());
}

TEST_CASE("oim outbox: refused on the old ticket across a reconnect, sent again once with the new",
          "[app][oim]") {
  Fixture f;
  f.server.hold = true;
  f.store("bob@example.com", "across a reconnect");
  REQUIRE(run_until(f.reactor, [&] { return f.server.waiting() == 1; }));
  f.ticket = "t=newsession0123456789&p=";  // signed in again meanwhile
  f.server.answer(500, fault("AuthenticationFailed"));
  f.server.answer(200, stored(1));
  f.server.hold = false;
  f.server.release();
  REQUIRE(f.run_all());
  CHECK(f.done[0] == std::optional<std::string>(""));
  REQUIRE(f.server.asked().size() == 2);
  CHECK(Call(f.server.asked()[0]).passport == "t=0123456789abcdef0123&p=");
  CHECK(Call(f.server.asked()[1]).passport == f.ticket);
  CHECK(Call(f.server.asked()[1]).number == "1");  // the same call again

  // Refused again with the same ticket: that is the answer.
  f.server.answer(500, fault("AuthenticationFailed"));
  f.store("bob@example.com", "no luck");
  REQUIRE(f.run_all());
  CHECK(f.server.asked().size() == 3);
  REQUIRE(f.done[1]);
  CHECK_FALSE(f.done[1]->empty());
}

TEST_CASE("oim outbox: a bare token goes as the t= form; the run id is a GUID", "[app][oim]") {
  Fixture f;
  f.ticket = "0123456789abcdef0123";
  f.server.answer(200, stored(1));
  f.store("bob@example.com", "x");
  REQUIRE(f.run_all());
  CHECK(Call(f.server.asked()[0]).passport == "t=0123456789abcdef0123&p=");
  std::string id = OimOutbox::new_run_id();
  CHECK(id.size() == 38);
  CHECK(id.front() == '{');
  CHECK(id.back() == '}');
  CHECK(id != OimOutbox::new_run_id());
}
