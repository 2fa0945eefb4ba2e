// Sending offline messages (proto/OimStore): the Store2 document (headers, the MIME content and
// its base64 lines, escaping, sequence numbers), a long text's parts, every kind of answer, and
// the lockkey for a LockKeyChallenge.
#include <catch2/catch.hpp>

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "proto/EncodedWords.hpp"
#include "proto/OimStore.hpp"
#include "proto/SoapReply.hpp"
#include "util/Base64.hpp"
#include "util/Utf8.hpp"
#include "util/Xml.hpp"

using namespace msntty;

namespace {

const std::string kRunId = "{7E2A1B3C-1D2E-4F30-8A1B-2C3D4E5F6071}";

oim::StoreRequest request(const std::string& text, uint32_t number = 1) {
  oim::StoreRequest r;
  r.from = "alice@example.com";
  r.nick = "Alice \xe2\x98\x83";  // a snowman: the name is UTF-8
  r.to = "bob@example.com";
  r.ticket = "t=0123456789abcdef0123&p=";
  r.run_id = kRunId;
  r.number = number;
  r.msnp = 12;
  r.text = text;
  return r;
}

struct Parsed {
  pugi::xml_document doc;
  explicit Parsed(const oim::StoreCall& c) { REQUIRE(doc.load_string(c.body.c_str())); }
  pugi::xml_node header(std::string_view local) const {
    return soap::child(soap::path(doc, {"Envelope", "Header"}), local);
  }
  pugi::xml_node body(std::string_view local) const {
    return soap::child(soap::path(doc, {"Envelope", "Body"}), local);
  }
  std::string content() const { return body("Content").child_value(); }
};

// The MIME text cut into its header lines and its body lines (XML turns CRLF into LF).
struct Mime {
  std::vector<std::string> headers, body;
  explicit Mime(const std::string& text) {
    std::vector<std::string> lines;
    std::string line;
    for (char c : text) {
      if (c == '\n') {
        lines.push_back(line);
        line.clear();
      } else if (c != '\r') {
        line += c;
      }
    }
    if (!line.empty()) lines.push_back(line);
    bool in_body = false;
    for (auto& l : lines) {
      if (!in_body && l.empty()) {
        in_body = true;
        continue;
      }
      (in_body ? body : headers).push_back(l);
    }
  }
  std::string decoded() const {
    std::string b64;
    for (auto& l : body) b64 += l;
    auto text = base64_decode(b64);
    REQUIRE(text);
    return *text;
  }
};

std::string envelope(const std::string& header, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
         "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
         "<soap:Header>" +
         header + "</soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
}

const std::string kStored = envelope(
    "<SequenceAcknowledgment xmlns=\"http://schemas.xmlsoap.org/ws/2003/03/rm\">"
    "<Identifier xmlns=\"http://schemas.xmlsoap.org/ws/2002/07/utility\">http://messenger.msn.com"
    "</Identifier><AcknowledgmentRange Upper=\"1\" Lower=\"1\"/></SequenceAcknowledgment>",
    "<StoreResponse xmlns=\"http://messenger.msn.com/ws/2004/09/oim/\"><PointsConsumed>1"
    "</PointsConsumed></StoreResponse>");

std::string fault(const std::string& code, const std::string& detail = "") {
  return envelope("",
                  "<soap:Fault><faultcode "
                  "xmlns:q0=\"http://messenger.msn.com/ws/2004/09/oim/\">q0:" +
                      code +
                      "</faultcode><faultstring>Exception of type "
                      "'System.Web.Services.Protocols.SoapException' was thrown.</faultstring>"
                      "<faultactor>https://ows.messenger.msn.com/OimWS/oim.asmx</faultactor>"
                      "<detail>" +
                      detail + "</detail></soap:Fault>");
}

const std::string kChallengeDetail =
    "<TweenerChallenge xmlns=\"http://messenger.msn.com/ws/2004/09/oim/\">ct=1198787878,rver=5.5,"
    "wp=FS_40SEC_0_COMPACT,lc=1033,id=507</TweenerChallenge>"
    "<LockKeyChallenge xmlns=\"http://messenger.msn.com/ws/2004/09/oim/\">1850937852"
    "</LockKeyChallenge>";

}  // namespace

TEST_CASE("oim store: the Store2 call's action and headers", "[proto][oim]") {
  oim::StoreRequest r = request("hello");
  r.lockkey = "85ecb0db8f32113df79ce0892b9a102c";
  oim::StoreCall c = oim::store_call(r);
  CHECK(c.action == "\"http://messenger.live.com/ws/2006/09/oim/Store2\"");
  Parsed p(c);
  pugi::xml_node from = p.header("From");
  REQUIRE(from);
  CHECK(std::string(from.attribute("xmlns").value()) == "http://messenger.msn.com/ws/2004/09/oim/");
  CHECK(std::string(from.attribute("memberName").value()) == "alice@example.com");
  std::string name = from.attribute("friendlyName").value();
  REQUIRE(name.starts_with("=?utf-8?B?"));
  REQUIRE(name.ends_with("?="));
  CHECK(base64_decode(name.substr(10, name.size() - 12)) == std::optional<std::string>(r.nick));
  CHECK(decode_encoded_words(name) == r.nick);  // as a receiving client reads it
  CHECK(std::string(from.attribute("msnpVer").value()) == "MSNP12");
  CHECK(std::string(from.attribute("proxy").value()) == "MSNMSGR");
  CHECK(std::string(p.header("To").attribute("memberName").value()) == "bob@example.com");
  pugi::xml_node ticket = p.header("Ticket");
  CHECK(std::string(ticket.attribute("passport").value()) == "t=0123456789abcdef0123&p=");
  CHECK(c.body.find("passport=\"t=0123456789abcdef0123&amp;p=\"") != std::string::npos);
  CHECK(std::string(ticket.attribute("appid").value()) == "PROD0090YUAUV{2B");
  CHECK(std::string(ticket.attribute("lockkey").value()) == "85ecb0db8f32113df79ce0892b9a102c");
  pugi::xml_node seq = p.header("Sequence");
  CHECK(std::string(seq.attribute("xmlns").value()) == "http://schemas.xmlsoap.org/ws/2003/03/rm");
  CHECK(soap::text(soap::child(seq, "Identifier")) == "http://messenger.msn.com");
  CHECK(soap::text(soap::child(seq, "MessageNumber")) == "1");
  CHECK(soap::text(p.body("MessageType")) == "text");
}

TEST_CASE("oim store: the first call has an empty lockkey; a bare token gets the t= form",
          "[proto][oim]") {
  oim::StoreRequest r = request("hi");
  r.ticket = "0123456789abcdef0123";
  Parsed p(oim::store_call(r));
  pugi::xml_attribute lockkey = p.header("Ticket").attribute("lockkey");
  REQUIRE(lockkey);  // present, and empty: the service answers with a challenge
  CHECK(std::string(lockkey.value()).empty());
  CHECK(std::string(p.header("Ticket").attribute("passport").value()) ==
        "t=0123456789abcdef0123&p=");
}

TEST_CASE("oim store: the content's MIME headers, Run-Id and sequence number", "[proto][oim]") {
  Parsed p(oim::store_call(request("first offline line, \xc3\xa9", 7)));
  Mime m(p.content());
  CHECK(m.headers == std::vector<std::string>{
                         "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                         "Content-Transfer-Encoding: base64", "X-OIM-Message-Type: OfflineMessage",
                         "X-OIM-Run-Id: " + kRunId, "X-OIM-Sequence-Num: 7"});
  CHECK(soap::text(soap::path(p.header("Sequence"), {"MessageNumber"})) == "7");
  CHECK(m.body == std::vector<std::string>{"Zmlyc3Qgb2ZmbGluZSBsaW5lLCDDqQ=="});
  CHECK(m.decoded() == "first offline line, \xc3\xa9");
}

TEST_CASE("oim store: base64 lines are at most 76 characters, CRLF-ended", "[proto][oim]") {
  std::string text(1000, 'x');
  std::string mime = oim::store_content(kRunId, 3, text);
  size_t blank = mime.find("\r\n\r\n");
  REQUIRE(blank != std::string::npos);
  std::string body = mime.substr(blank + 4);
  REQUIRE(body.ends_with("\r\n"));
  size_t lines = 0, chars = 0;
  for (size_t at = 0; at < body.size();) {
    size_t end = body.find("\r\n", at);
    REQUIRE(end != std::string::npos);
    CHECK(end - at <= 76);
    CHECK(end > at);  // no empty line inside the body
    chars += end - at;
    ++lines;
    at = end + 2;
  }
  CHECK(chars == 1336);  // base64 of 1000 bytes
  CHECK(lines == 18);    // 17 full lines of 76, then 44
  CHECK(Mime(mime).decoded() == text);
}

TEST_CASE("oim store: what needs escaping is escaped, and reads back the same", "[proto][oim]") {
  oim::StoreRequest r = request("a <b> & \"c\" 'd'");
  r.from = "o'neil&co@example.com";
  r.to = "x<y>@example.com";
  r.ticket = "t=ab&c\"d&p=e<f";
  oim::StoreCall c = oim::store_call(r);
  Parsed p(c);
  CHECK(std::string(p.header("From").attribute("memberName").value()) == r.from);
  CHECK(std::string(p.header("To").attribute("memberName").value()) == r.to);
  CHECK(std::string(p.header("Ticket").attribute("passport").value()) == r.ticket);
  CHECK(Mime(p.content()).decoded() == r.text);
  CHECK(c.body.find("x<y>") == std::string::npos);
  // The MIME text holds no markup of its own but is escaped all the same (a Run-Id is ours).
  std::string mime = oim::store_content("{<&>}", 1, "t");
  CHECK(oim::store_call([&] {
          oim::StoreRequest q = request("t");
          q.run_id = "{<&>}";
          return q;
        }())
            .body.find(xml_escape(mime)) != std::string::npos);
}

TEST_CASE("oim store: a long text is split into parts of at most 1400 bytes", "[proto][oim]") {
  std::string text;
  for (int i = 0; i < 900; ++i) text += "\xc3\xa9";  // 1800 bytes of two-byte characters
  text += "\nline two\n";
  for (int i = 0; i < 1000; ++i) text += "z";
  auto parts = oim::split_for_store(text);
  REQUIRE(parts.size() == 3);
  std::string joined;
  for (const auto& part : parts) {
    CHECK(part.size() <= oim::kMaxPartBytes);
    CHECK(utf8_valid(part));  // never a character cut in two
    joined += part;
  }
  std::string crlf;
  for (char ch : text) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  CHECK(joined == crlf);
  CHECK(oim::split_for_store("short") == std::vector<std::string>{"short"});
  CHECK(oim::split_for_store("").empty());
  // Each part is one call, numbered on: the sequence numbers follow the parts.
  for (uint32_t n = 1; n <= parts.size(); ++n) {
    Mime m(Parsed(oim::store_call(request(parts[n - 1], n))).content());
    CHECK(m.headers.back() == "X-OIM-Sequence-Num: " + std::to_string(n));
    CHECK(m.decoded() == parts[n - 1]);
  }
}

TEST_CASE("oim store: the answer that says stored", "[proto][oim]") {
  oim::StoreReply r = oim::read_store_reply(200, kStored);
  CHECK(r.kind == oim::StoreReply::Kind::Stored);
  CHECK(r.reason.empty());
  // Only the acknowledgment, or only the StoreResponse: taken either way.
  CHECK(oim::read_store_reply(200, envelope("", "<StoreResponse/>")).kind ==
        oim::StoreReply::Kind::Stored);
}

TEST_CASE("oim store: AuthenticationFailed with a LockKeyChallenge, at HTTP 500", "[proto][oim]") {
  oim::StoreReply r = oim::read_store_reply(500, fault("AuthenticationFailed", kChallengeDetail));
  CHECK(r.kind == oim::StoreReply::Kind::Challenge);
  CHECK(r.challenge == "1850937852");
  CHECK(r.fault == "AuthenticationFailed");
  // Without a challenge it is a plain refusal.
  oim::StoreReply plain = oim::read_store_reply(500, fault("AuthenticationFailed"));
  CHECK(plain.kind == oim::StoreReply::Kind::Refused);
  CHECK(plain.reason ==
        "the server refused our credentials (AuthenticationFailed); signing in again may help");
}

TEST_CASE("oim store: each refusal has its reason for the user", "[proto][oim]") {
  auto reason = [](const std::string& code) {
    oim::StoreReply r = oim::read_store_reply(500, fault(code));
    CHECK(r.kind == oim::StoreReply::Kind::Refused);
    CHECK(r.fault == code);
    return r.reason;
  };
  CHECK(reason("SystemUnavailable") ==
        "the server refused it: the contact does not accept messages from you, or there is no "
        "such account (SystemUnavailable)");
  CHECK(reason("InvalidContent") == "the server refused its content (InvalidContent)");
  CHECK(reason("SenderThrottleLimitExceeded") ==
        "the server refused it: too many offline messages in a short time; try again later "
        "(SenderThrottleLimitExceeded)");
  CHECK(reason("MessageTooLarge") ==
        "the server refused it: MessageTooLarge: Exception of type "
        "'System.Web.Services.Protocols.SoapException' was thrown.");
}

TEST_CASE("oim store: a fault anywhere, with any status, wins", "[proto][oim]") {
  // Wrapped deeper than soap:Body, and with HTTP 200.
  std::string inner = fault("SystemUnavailable");
  inner.erase(0, inner.find("<soap:Envelope"));  // no XML declaration in the middle
  std::string wrapped = "<Outer><Inner>" + inner + "</Inner></Outer>";
  oim::StoreReply r = oim::read_store_reply(200, wrapped);
  CHECK(r.kind == oim::StoreReply::Kind::Refused);
  CHECK(r.fault == "SystemUnavailable");
  // A generic faultcode naming the real one in its detail.
  oim::StoreReply g = oim::read_store_reply(
      500, envelope("",
                    "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>no"
                    "</faultstring><detail><errorcode>InvalidContent</errorcode></detail>"
                    "</soap:Fault>"));
  CHECK(g.fault == "InvalidContent");
}

TEST_CASE("oim store: answers that are not a success", "[proto][oim]") {
  auto refused = [](int status, const std::string& body) {
    oim::StoreReply r = oim::read_store_reply(status, body);
    CHECK(r.kind == oim::StoreReply::Kind::Refused);
    CHECK(r.fault.empty());
    return r.reason;
  };
  CHECK(refused(500, "") == "the offline-message service answered HTTP 500");
  CHECK(refused(503, kStored) == "the offline-message service answered HTTP 503");
  CHECK(refused(200, "<soap:Envelope><soap:Bo")
            .starts_with("the offline-message service sent an answer that is not XML ("));
  CHECK(refused(200, envelope("", "<SomethingElse/>")) ==
        "the offline-message service sent an answer without an acknowledgment");
  // A fault's own words reach the terminal only sanitized.
  std::string evil =
      envelope("",
               "<soap:Fault><faultcode>q0:Odd\x1b[2J</faultcode><faultstring>x</faultstring>"
               "</soap:Fault>");
  CHECK(oim::read_store_reply(500, evil).reason.find('\x1b') == std::string::npos);
}

TEST_CASE("oim store: the lockkey is the MSNP11 QRY answer to the challenge", "[proto][oim]") {
  // The reference's verified vector, and Escargot's fixed challenge (computed independently
  // from the published algorithm: a 10-digit challenge pads its string to 32 bytes).
  CHECK(oim::lockkey_answer("22210219642164014968") == "85ecb0db8f32113df79ce0892b9a102c");
  CHECK(oim::lockkey_answer("1850937852") == "362e8199b004377a9f1cf4398f1e18d3");
}
