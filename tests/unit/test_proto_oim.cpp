// Offline messages, the list and the service (doc/protocol/oim.md): Mail-Data as the NS sends it
// (initial, live, too-large, garbage), the NS events it becomes, the RSI request documents and
// the reading of their answers (the MD as escaped text and as elements, faults anywhere).
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <string>

#include "proto/MailData.hpp"
#include "proto/NsSession.hpp"
#include "proto/OimStore.hpp"
#include "proto/RsiReplies.hpp"
#include "proto/RsiRequests.hpp"
#include "util/Xml.hpp"

using namespace msntty;

namespace {

// The initial notification's Mail-Data of the reference, with two messages, not in time order.
const std::string kInitialMd =
    "<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q>"
    "<M><T>11</T><S>6</S><RT>2026-12-01T07:56:52Z</RT><RS>0</RS><SZ>942</SZ>"
    "<E>alice@example.com</E><I>9D881693-0D83-4564-B936-8627EA880CE8</I>"
    "<F>00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2Ug4piD?=</N></M>"
    "<M><T>11</T><S>6</S><RT>2026-12-01T07:50:00.123Z</RT><RS>0</RS><SZ>900</SZ>"
    "<E>carol@example.com</E><I>11111111-2222-3333-4444-555555555555</I>"
    "<F>00000000-0000-0000-0000-000000000009</F><N>Carol</N></M></MD>";

// The live one: no counters, no RT, a space inside the encoded word, a trailing <SU>.
const std::string kLiveMd =
    "<MD><M><T>11</T><S>6</S><RS>0</RS><SZ>935</SZ><E>alice@example.com</E><I>DB3F-1</I>"
    "<F>.!!OIM</F><N>=?utf-8?B?QWxpY2Ug4piD ?=</N></M><SU> </SU></MD>";

std::string with_payload(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

std::string notification(const std::string& type, const std::string& mail_data) {
  return with_payload("MSG Hotmail Hotmail", "MIME-Version: 1.0\r\nContent-Type: " + type +
                                                 "; charset=UTF-8\r\n\r\nMail-Data: " + mail_data +
                                                 "\r\n");
}

std::vector<ns::Event> feed(NsSession& s, const std::string& bytes) {
  s.receive(bytes);
  return s.take_events();
}

NsSession started() {
  NsConfig c;
  c.account = "bob@example.com";
  c.password = "x";
  c.versions = {12, 11};
  NsSession s(c);
  s.start();
  s.take_output();
  return s;
}

std::string envelope(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
         "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" +
         body + "</soap:Body></soap:Envelope>";
}

const std::string kFault =
    "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Schema validation "
    "error</faultstring></soap:Fault>";

// The document's element at a local-name path (namespace prefixes ignored).
pugi::xml_node at(const pugi::xml_document& doc, std::initializer_list<std::string_view> path) {
  return soap::path(doc, path);
}

}  // namespace

TEST_CASE("oim: Mail-Data of the initial notification", "[oim]") {
  auto md = oim::parse_mail_data(kInitialMd);
  REQUIRE(md);
  CHECK_FALSE(md->too_large);
  REQUIRE(md->messages.size() == 2);
  const oim::Entry& a = md->messages[0];
  CHECK(a.id == "9D881693-0D83-4564-B936-8627EA880CE8");
  CHECK(a.from == "alice@example.com");
  CHECK(a.nick == "Alice \u2603");
  CHECK(a.received == 1796111812);  // 2026-12-01T07:56:52Z
  CHECK(a.size == 942);
  const oim::Entry& c = md->messages[1];
  CHECK(c.nick == "Carol");
  CHECK(c.received == 1796111812 - 412);  // 07:50:00, the fraction dropped
}

TEST_CASE("oim: Mail-Data of a live notification, too-large, nothing, garbage", "[oim]") {
  SECTION("live: no RT, a blank inside the encoded word") {
    auto md = oim::parse_mail_data(kLiveMd);
    REQUIRE(md);
    REQUIRE(md->messages.size() == 1);
    CHECK(md->messages[0].id == "DB3F-1");
    CHECK(md->messages[0].nick == "Alice \u2603");
    CHECK(md->messages[0].received == 0);
  }
  SECTION("too-large") {
    auto md = oim::parse_mail_data("too-large");
    REQUIRE(md);
    CHECK(md->too_large);
    CHECK(md->messages.empty());
  }
  SECTION("nothing waits") {
    auto md = oim::parse_mail_data(
        "<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q>"
        "</MD>");
    REQUIRE(md);
    CHECK(md->messages.empty());
  }
  SECTION("an <M> without an id is skipped") {
    auto md = oim::parse_mail_data("<MD><M><E>a@b.c</E></M><M><I>x</I></M></MD>");
    REQUIRE(md);
    REQUIRE(md->messages.size() == 1);
    CHECK(md->messages[0].id == "x");
  }
  SECTION("garbage") {
    CHECK_FALSE(oim::parse_mail_data("<MD><M><I>x</I>"));
    CHECK_FALSE(oim::parse_mail_data("hello"));
    CHECK_FALSE(oim::parse_mail_data("<Other/>"));
    auto empty = oim::parse_mail_data("");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().text == "Mail-Data is empty");
    CHECK(oim::parse_mail_data("<Other/>").error().text == "Mail-Data has no <MD> document");
  }
}

TEST_CASE("oim: ISO times", "[oim]") {
  CHECK(oim::parse_iso_time("2026-12-01T07:56:52Z") == 1796111812);
  CHECK(oim::parse_iso_time("2026-12-01T07:56:52") == 1796111812);  // no zone: UTC
  CHECK(oim::parse_iso_time("2026-12-01T08:56:52+01:00") == 1796111812);
  CHECK(oim::parse_iso_time("2026-11-30T23:56:52-0800") == 1796111812);
  CHECK(oim::parse_iso_time("2026-12-01T07:56:52.9999999Z") == 1796111812);
  CHECK_FALSE(oim::parse_iso_time(""));
  CHECK_FALSE(oim::parse_iso_time("2026-13-01T07:56:52Z"));
  CHECK_FALSE(oim::parse_iso_time("2026-12-01T07:56:52Zjunk"));
  CHECK_FALSE(oim::parse_iso_time("yesterday"));
}

TEST_CASE("oim: the NS turns the Mail-Data notifications into OfflineMessages", "[oim][ns]") {
  NsSession s = started();
  SECTION("initial") {
    auto events = feed(s, notification("text/x-msmsgsinitialmdatanotification", kInitialMd));
    REQUIRE(events.size() == 1);
    auto* o = std::get_if<ns::OfflineMessages>(&events[0]);
    REQUIRE(o);
    CHECK(o->initial);
    CHECK_FALSE(o->fetch_list);
    REQUIRE(o->messages.size() == 2);
    CHECK(o->messages[1].from == "carol@example.com");
  }
  SECTION("live") {
    auto events = feed(s, notification("text/x-msmsgsoimnotification", kLiveMd));
    REQUIRE(events.size() == 1);
    auto* o = std::get_if<ns::OfflineMessages>(&events[0]);
    REQUIRE(o);
    CHECK_FALSE(o->initial);
    REQUIRE(o->messages.size() == 1);
    CHECK(o->messages[0].id == "DB3F-1");
  }
  SECTION("too-large and unreadable lists ask for GetMetadata") {
    for (const char* value : {"too-large", "<MD><M>", ""}) {
      auto events = feed(s, notification("text/x-msmsgsinitialmdatanotification", value));
      REQUIRE(events.size() == 1);
      auto* o = std::get_if<ns::OfflineMessages>(&events[0]);
      REQUIRE(o);
      CHECK(o->fetch_list);
      CHECK(o->messages.empty());
    }
  }
  SECTION("an empty list and the active mail notification are no event") {
    CHECK(feed(s, notification("text/x-msmsgsinitialmdatanotification", "<MD></MD>")).empty());
    CHECK(feed(s, with_payload("MSG Hotmail Hotmail",
                               "MIME-Version: 1.0\r\nContent-Type: "
                               "text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\n"
                               "Src-Folder: .!!OIM\r\nDest-Folder: .!!trAsH\r\n"
                               "Message-Delta: 2\r\n\r\n"))
              .empty());
  }
}

TEST_CASE("oim: the PassportCookie takes t and p out of the ticket", "[oim]") {
  const std::string ns = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi";
  CHECK(oim::passport_cookie("t=0123456789abcdef0123&p=") ==
        "<PassportCookie xmlns=\"" + ns + "\"><t>0123456789abcdef0123</t><p></p></PassportCookie>");
  CHECK(oim::passport_cookie("t=T*x!&p=P<1>") ==
        "<PassportCookie xmlns=\"" + ns + "\"><t>T*x!</t><p>P&lt;1&gt;</p></PassportCookie>");
  CHECK(oim::passport_cookie("0123456789abcdef0123") ==
        "<PassportCookie xmlns=\"" + ns + "\"><t>0123456789abcdef0123</t><p></p></PassportCookie>");
}

TEST_CASE("oim: the RSI request documents", "[oim]") {
  const std::string ticket = "t=0123456789abcdef0123&p=pp";
  auto parse = [](const SoapCall& call, pugi::xml_document& doc) {
    INFO(call.body);
    REQUIRE(doc.load_string(call.body.c_str()));
  };
  SECTION("GetMetadata: never an empty element") {
    SoapCall c = oim::get_metadata(ticket);
    CHECK(c.method == "GetMetadata");
    CHECK(c.action == "\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi/GetMetadata\"");
    pugi::xml_document doc;
    parse(c, doc);
    pugi::xml_node cookie = at(doc, {"Envelope", "Header", "PassportCookie"});
    REQUIRE(cookie);
    CHECK(std::string(cookie.first_child().name()) == "t");
    CHECK(std::string(cookie.first_child().child_value()) == "0123456789abcdef0123");
    CHECK(std::string(cookie.child("p").child_value()) == "pp");
    CHECK(c.body.find("t=") == std::string::npos);
    pugi::xml_node op = at(doc, {"Envelope", "Body", "GetMetadata"});
    REQUIRE(op);
    CHECK(std::string(op.attribute("xmlns").value()) ==
          "http://www.hotmail.msn.com/ws/2004/09/oim/rsi");
    CHECK(c.body.find("<GetMetadata xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\"/>") ==
          std::string::npos);
    CHECK(c.body.find("<GetMetadata xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\">"
                      "</GetMetadata>") == std::string::npos);
  }
  SECTION("GetMessage") {
    SoapCall c = oim::get_message(ticket, "9D88<&>");
    CHECK(c.action == "\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi/GetMessage\"");
    pugi::xml_document doc;
    parse(c, doc);
    pugi::xml_node op = at(doc, {"Envelope", "Body", "GetMessage"});
    CHECK(std::string(op.child("messageId").child_value()) == "9D88<&>");
    CHECK(std::string(op.child("alsoMarkAsRead").child_value()) == "false");
  }
  SECTION("DeleteMessages") {
    SoapCall c = oim::delete_messages(ticket, {"a", "b", "c"});
    CHECK(c.action == "\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi/DeleteMessages\"");
    pugi::xml_document doc;
    parse(c, doc);
    pugi::xml_node ids = at(doc, {"Envelope", "Body", "DeleteMessages", "messageIds"});
    std::vector<std::string> got;
    for (pugi::xml_node id : ids.children("messageId")) got.push_back(id.child_value());
    CHECK(got == std::vector<std::string>{"a", "b", "c"});
  }
}

TEST_CASE("oim: GetMetadata answers: the MD as escaped text or as elements", "[oim]") {
  SECTION("escaped text (Escargot)") {
    auto md = oim::read_metadata(
        200,
        envelope("<GetMetadataResponse xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\">" +
                 xml_escape(kInitialMd) + "</GetMetadataResponse>"));
    REQUIRE(md);
    REQUIRE(md->messages.size() == 2);
    CHECK(md->messages[0].nick == "Alice \u2603");
  }
  SECTION("child elements (the official service)") {
    auto md = oim::read_metadata(
        200,
        envelope("<GetMetadataResponse xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\">"
                 "<MD xmlns=\"\">" +
                 kInitialMd.substr(4) + "</GetMetadataResponse>"));
    REQUIRE(md);
    REQUIRE(md->messages.size() == 2);
    CHECK(md->messages[1].id == "11111111-2222-3333-4444-555555555555");
    CHECK(md->messages[1].received == 1796111812 - 412);
  }
  SECTION("text that is no MD") {
    auto md =
        oim::read_metadata(200, envelope("<GetMetadataResponse>nonsense</GetMetadataResponse>"));
    REQUIRE_FALSE(md);
    CHECK(md.error().text.starts_with("GetMetadata failed: "));
  }
  SECTION("a fault, with HTTP 500, deep in the document") {
    auto md = oim::read_metadata(500, envelope("<Wrapper><Inner>" + kFault + "</Inner></Wrapper>"));
    REQUIRE_FALSE(md);
    CHECK(md.error().text == "GetMetadata failed: soap:Client: Schema validation error");
  }
  SECTION("a bare HTTP 500") {
    auto md = oim::read_metadata(500, "");
    REQUIRE_FALSE(md);
    CHECK(md.error().text == "GetMetadata failed: HTTP 500");
  }
}

TEST_CASE("oim: GetMessage and DeleteMessages answers", "[oim]") {
  const std::string stored = "From: a@b.c\r\nMIME-Version: 1.0\r\n\r\nhi & <bye>";
  SECTION("the message text, CRLF kept as escaped") {
    auto m = oim::read_message(
        200, envelope("<GetMessageResponse xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\">"
                      "<GetMessageResult>" +
                      xml_escape(stored) + "</GetMessageResult></GetMessageResponse>"));
    REQUIRE(m);
    CHECK(m->find("From: a@b.c") == 0);
    CHECK(m->ends_with("\n\nhi & <bye>"));
  }
  SECTION("no result") {
    auto m = oim::read_message(200, envelope("<GetMessageResponse/>"));
    REQUIRE_FALSE(m);
    CHECK(m.error().text == "GetMessage failed: the answer has no GetMessageResult");
  }
  SECTION("an unknown id: HTTP 500 with a fault") {
    auto m = oim::read_message(500, envelope(kFault));
    REQUIRE_FALSE(m);
    CHECK(m.error().text == "GetMessage failed: soap:Client: Schema validation error");
  }
  SECTION("a fault with HTTP 200") {
    auto m = oim::read_message(200, envelope(kFault));
    REQUIRE_FALSE(m);
  }
  SECTION("deleted") {
    CHECK(oim::read_delete(200,
                           envelope("<DeleteMessagesResponse "
                                    "xmlns=\"http://www.hotmail.msn.com/ws/2004/09/oim/rsi\"/>")));
    auto r = oim::read_delete(500, envelope(kFault));
    REQUIRE_FALSE(r);
    CHECK(r.error().text.starts_with("DeleteMessages failed: "));
    CHECK_FALSE(oim::read_delete(200, envelope("<SomethingElse/>")));
    CHECK_FALSE(oim::read_delete(200, "<not xml"));
  }
}

namespace {

// A SOAP answer whose body is `depth` nested elements, `inner` at the bottom (700 KB for 100,000).
std::string deep_answer(size_t depth, const std::string& inner) {
  std::string body =
      "<?xml version=\"1.0\"?><soap:Envelope "
      "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>";
  for (size_t i = 0; i < depth; ++i) body += "<a>";
  body += inner;
  for (size_t i = 0; i < depth; ++i) body += "</a>";
  return body + "</soap:Body></soap:Envelope>";
}

}  // namespace

TEST_CASE("100,000 nested elements in an answer are read without running out of stack",
          "[proto][oim][soap]") {
  const std::string deep = deep_answer(100000, "<Fault><faultstring>deep</faultstring></Fault>");
  SoapReply r = SoapReply::read(500, deep, "GetMetadata");
  CHECK_FALSE(r.ok());
  CHECK(r.error().find("deep") != std::string::npos);
  CHECK_FALSE(oim::read_metadata(200, deep));
  CHECK_FALSE(oim::read_message(200, deep));
  CHECK_FALSE(oim::read_delete(500, deep));
  CHECK(oim::read_store_reply(500, deep).reason.find("deep") != std::string::npos);
  const std::string plain = deep_answer(100000, "<b/>");
  CHECK(SoapReply::read(200, plain, "GetMetadata").error().starts_with("GetMetadata failed: "));
  CHECK_FALSE(oim::read_metadata(200, plain));
  CHECK(oim::read_store_reply(200, plain).kind == oim::StoreReply::Kind::Refused);
}

TEST_CASE("soap::descendant finds the first match in document order", "[proto][soap]") {
  pugi::xml_document doc;
  REQUIRE(doc.load_string("<r><a><b><x>1</x></b><x>2</x></a><c><x>3</x></c></r>"));
  CHECK(soap::text(soap::descendant(doc, "x")) == "1");
  CHECK(soap::text(soap::descendant(doc.child("r").child("c"), "x")) == "3");
  // Never the node itself, nor anything after it.
  CHECK_FALSE(soap::descendant(doc.child("r").child("a").child("b").child("x"), "x"));
  CHECK_FALSE(soap::descendant(doc.child("r").child("a").child("b"), "c"));
  CHECK_FALSE(soap::descendant(doc, "missing"));
}
