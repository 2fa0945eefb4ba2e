// SbSession against the switchboard lines of doc/protocol/switchboard.md and sessions.md and the
// Escargot transcript:
// exact bytes out, events in.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/SbSession.hpp"
#include "util/Utf8.hpp"

using namespace msntty;

namespace {

std::string describe(const sb::Event& e) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        std::ostringstream o;
        if constexpr (std::is_same_v<T, sb::Ready>)
          o << "Ready";
        else if constexpr (std::is_same_v<T, sb::Joined>)
          o << (v.already_there ? "Present " : "Joined ") << v.email << "|" << v.nick;
        else if constexpr (std::is_same_v<T, sb::Left>)
          o << "Left " << v.email << (v.idle ? "|idle" : "");
        else if constexpr (std::is_same_v<T, sb::Ringing>)
          o << "Ringing " << v.email;
        else if constexpr (std::is_same_v<T, sb::CallFailed>)
          o << "CallFailed " << v.email << "|" << v.code << "|" << v.text;
        else if constexpr (std::is_same_v<T, sb::Message>)
          o << "Message " << v.from << "|" << v.nick << "|" << v.text << "|"
            << v.format.serialize();
        else if constexpr (std::is_same_v<T, sb::Typing>)
          o << "Typing " << v.email;
        else if constexpr (std::is_same_v<T, sb::Nudge>)
          o << "Nudge " << v.from;
        else if constexpr (std::is_same_v<T, sb::Unsupported>)
          o << "Unsupported " << v.from << "|" << v.what;
        else if constexpr (std::is_same_v<T, sb::Delivered>)
          o << "Delivered " << v.trid;
        else if constexpr (std::is_same_v<T, sb::NotDelivered>)
          o << "NotDelivered " << v.trid << "|" << v.reason;
        else if constexpr (std::is_same_v<T, sb::Error>)
          o << "Error " << v.code << "|" << v.text << "|" << (v.fatal ? "fatal" : "ok");
        else
          o << "event #" << sizeof(T);  // a type added since
        return o.str();
      },
      e);
}

std::string with_payload(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

struct Sb {
  SbSession s;
  std::vector<sb::Event> last;
  Sb(std::string account, ImFormat f = {}) : s(std::move(account), std::move(f)) {}
  std::string feed(std::string_view bytes) {
    s.receive(bytes);
    last = s.take_events();
    return s.take_output();
  }
  std::vector<std::string> ev() const {
    std::vector<std::string> out;
    for (const auto& e : last) out.push_back(describe(e));
    return out;
  }
};

using Strings = std::vector<std::string>;

const std::string kHelloPayload =
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n"
    "\r\n"
    "Hello Bob, this is Alice!";

// Every MSG the client sent, parsed back with the codec (the client form "MSG t A len" has the
// same token count as the server form, so the codec reads its payload too).
std::vector<Command> parse_sent(const std::string& out) {
  Codec codec;
  codec.feed(out);
  std::vector<Command> cmds;
  while (auto item = codec.next()) {
    REQUIRE(std::holds_alternative<Command>(*item));
    cmds.push_back(std::get<Command>(*item));
  }
  REQUIRE(codec.buffered() == 0);
  return cmds;
}

std::string body_of(const std::string& payload) {
  size_t p = payload.find("\r\n\r\n");
  REQUIRE(p != std::string::npos);
  return payload.substr(p + 4);
}

std::string to_crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n')
      out += "\r\n";
    else
      out += c;
  }
  return out;
}

// Alice's side of doc/protocol/sessions.md#switchboard-on-escargot up to Ready (USR 1).
void alice_ready(Sb& a) {
  a.s.start_call("3371944ba9bba74ab36d");
  REQUIRE(a.s.take_output() == "USR 1 alice@example.com 3371944ba9bba74ab36d\r\n");
  a.feed("USR 1 OK alice@example.com Alice%20Liddell\r\n");
  REQUIRE(a.ev() == Strings{"Ready"});
}

}  // namespace

TEST_CASE("sb: call mode, as in the transcript", "[sb]") {
  Sb a("alice@example.com");
  a.s.start_call("3371944ba9bba74ab36d");
  CHECK(a.s.take_output() == "USR 1 alice@example.com 3371944ba9bba74ab36d\r\n");
  CHECK_FALSE(a.s.ready());
  CHECK(a.feed("USR 1 OK alice@example.com Alice%20Liddell\r\n").empty());
  CHECK(a.ev() == Strings{"Ready"});
  CHECK(a.s.ready());

  a.s.invite("carol@example.com");
  CHECK(a.s.take_output() == "CAL 2 carol@example.com\r\n");
  a.feed("217 2\r\n");
  CHECK(a.ev() ==
        Strings{"CallFailed carol@example.com|217|user is offline or not accepting messages"});

  a.s.invite("bob@example.com");
  CHECK(a.s.take_output() == "CAL 3 bob@example.com\r\n");
  a.feed("CAL 3 RINGING e637896aaeb1924b9d4982a926e3668\r\n");
  CHECK(a.ev() == Strings{"Ringing bob@example.com"});
  a.feed("JOI bob@example.com Bob\r\n");
  CHECK(a.ev() == Strings{"Joined bob@example.com|Bob"});

  auto ids = a.s.send_text("Hello Bob, this is Alice!");
  CHECK(ids == std::vector<uint32_t>{4});
  CHECK(kHelloPayload.size() == 138);
  CHECK(a.s.take_output() == "MSG 4 A 138\r\n" + kHelloPayload);
  CHECK(a.s.unacknowledged() == std::vector<uint32_t>{4});
  a.feed("ACK 4\r\n");
  CHECK(a.ev() == Strings{"Delivered 4"});
  CHECK(a.s.unacknowledged().empty());

  a.feed(with_payload("MSG bob@example.com Bob",
                      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: "
                      "bob@example.com\r\n\r\n\r\n"));
  CHECK(a.ev() == Strings{"Typing bob@example.com"});
  std::string hi =
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHi Alice! Bob here.";
  CHECK(hi.size() == 81);
  a.feed(with_payload("MSG bob@example.com Bob", hi));
  CHECK(
      a.ev() ==
      Strings{"Message bob@example.com|Bob|Hi Alice! Bob here.|FN=Arial; EF=; CO=0; CS=0; PF=22"});
  a.feed("BYE bob@example.com\r\n");
  CHECK(a.ev() == Strings{"Left bob@example.com"});
  CHECK_FALSE(a.s.closed());

  a.s.leave();
  CHECK(a.s.take_output() == "OUT\r\n");
  CHECK(a.s.closed());
  a.s.leave();
  CHECK(a.s.take_output().empty());
}

TEST_CASE("sb: JOI with MSNP12 capabilities, several participants", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  a.s.invite("bob@example.com");
  a.s.invite("carol@example.com");
  CHECK(a.s.take_output() == "CAL 2 bob@example.com\r\nCAL 3 carol@example.com\r\n");
  // Replies in the other order are still matched by TrID.
  a.feed(
      "CAL 3 RINGING 0ff1fb1215d75bd7c2f9d2499b790da\r\nCAL 2 RINGING "
      "0ff1fb1215d75bd7c2f9d2499b790da\r\n");
  CHECK(a.ev() == Strings{"Ringing carol@example.com", "Ringing bob@example.com"});
  a.feed("JOI bob@example.com Bob 0\r\nJOI carol@example.com Carol%20%E2%98%83 268435456\r\n");
  CHECK(a.ev() ==
        Strings{"Joined bob@example.com|Bob", "Joined carol@example.com|Carol \xE2\x98\x83"});
  a.feed("BYE carol@example.com 1\r\n");
  CHECK(a.ev() == Strings{"Left carol@example.com|idle"});
}

TEST_CASE("sb: answer mode", "[sb]") {
  Sb b("bob@example.com");
  b.s.start_answer("e637896aaeb1924b9d4982a926e3668", "f007d11ed3440d1d54fc");
  CHECK(b.s.take_output() ==
        "ANS 1 bob@example.com f007d11ed3440d1d54fc e637896aaeb1924b9d4982a926e3668\r\n");
  b.feed("IRO 1 1 2 alice@example.com Alice%20Liddell\r\n");
  CHECK(b.ev() == Strings{"Present alice@example.com|Alice Liddell"});
  CHECK_FALSE(b.s.ready());
  b.feed("IRO 1 2 2 carol@example.com Carol 0\r\n");  // MSNP12: with capabilities
  CHECK(b.ev() == Strings{"Present carol@example.com|Carol"});
  b.feed("ANS 1 OK\r\n");
  CHECK(b.ev() == Strings{"Ready"});
  CHECK(b.s.ready());
  b.feed(with_payload("MSG alice@example.com Alice%20Liddell", kHelloPayload));
  CHECK(b.ev() == Strings{"Message alice@example.com|Alice Liddell|Hello Bob, this is Alice!|"
                          "FN=Arial; EF=; CO=0; CS=0; PF=22"});
  // The reply goes out with the next TrID.
  CHECK(b.s.send_text("Hi") == std::vector<uint32_t>{2});
}

TEST_CASE("sb: authentication failure is fatal", "[sb]") {
  Sb a("alice@example.com");
  a.s.start_call("0123456789abcdef0123");
  a.s.take_output();
  a.feed("911 1\r\n");
  REQUIRE(a.last.size() == 1);
  auto* e = std::get_if<sb::Error>(&a.last[0]);
  REQUIRE(e);
  CHECK(e->code == 911);
  CHECK(e->fatal);
  CHECK(a.s.closed());
  CHECK_FALSE(a.s.ready());

  Sb b("bob@example.com");
  b.s.start_answer("1", "2");
  b.s.take_output();
  b.feed("911 1\r\n");
  REQUIRE(b.last.size() == 1);
  CHECK(std::get<sb::Error>(b.last[0]).fatal);
  CHECK(b.s.closed());
}

TEST_CASE("sb: acknowledgements: ACK, NAK, errors on a MSG TrID", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  auto first = a.s.send_text("one");
  auto second = a.s.send_text("two");
  auto third = a.s.send_text("three");
  auto fourth = a.s.send_text("four");
  REQUIRE(first == std::vector<uint32_t>{2});
  REQUIRE(second == std::vector<uint32_t>{3});
  REQUIRE(third == std::vector<uint32_t>{4});
  REQUIRE(fourth == std::vector<uint32_t>{5});
  a.s.take_output();
  CHECK(a.s.unacknowledged() == std::vector<uint32_t>{2, 3, 4, 5});

  a.feed("NAK 3\r\n");
  REQUIRE(a.last.size() == 1);
  CHECK(std::get<sb::NotDelivered>(a.last[0]).trid == 3);
  a.feed("282 4\r\n");
  REQUIRE(a.last.size() == 1);
  CHECK(std::get<sb::NotDelivered>(a.last[0]).trid == 4);
  CHECK(std::get<sb::NotDelivered>(a.last[0]).reason.find("282") != std::string::npos);
  a.feed("500 5\r\n");
  REQUIRE(a.last.size() == 1);
  CHECK(std::get<sb::NotDelivered>(a.last[0]).trid == 5);
  a.feed("ACK 2\r\n");
  CHECK(a.ev() == Strings{"Delivered 2"});
  CHECK(a.s.unacknowledged().empty());
  // A second ACK for the same message, or one for a TrID never used, says nothing.
  a.feed("ACK 2\r\nACK 77\r\n");
  CHECK(a.last.empty());
  CHECK_FALSE(a.s.closed());
}

TEST_CASE("sb: incoming text, charsets and formats", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  SECTION("UTF-8 with CRLF newlines") {
    a.feed(with_payload("MSG bob@example.com Bob",
                        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                        "X-MMS-IM-Format: FN=Courier%20New; EF=BI; CO=ff; CS=0; PF=31\r\n\r\n"
                        "h\xC3\xA9llo \xE2\x98\x83\r\nsecond line"));
    CHECK(a.ev() == Strings{"Message bob@example.com|Bob|h\xC3\xA9llo \xE2\x98\x83\nsecond line|"
                            "FN=Courier%20New; EF=BI; CO=ff; CS=0; PF=31"});
  }
  SECTION("no charset means Latin-1") {
    a.feed(with_payload("MSG bob@example.com Bob",
                        "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\ncaf\xE9 \xA3"
                        "5"));
    REQUIRE(a.last.size() == 1);
    CHECK(std::get<sb::Message>(a.last[0]).text ==
          "caf\xC3\xA9 \xC2\xA3"
          "5");
  }
  SECTION("invalid UTF-8 in a UTF-8 message is repaired") {
    a.feed(with_payload(
        "MSG bob@example.com Bob",
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbad \xFF\xC3 end"));
    REQUIRE(a.last.size() == 1);
    CHECK(utf8_valid(std::get<sb::Message>(a.last[0]).text));
  }
  SECTION("a TypingUser header with invalid UTF-8 is repaired") {
    a.feed(
        with_payload("MSG bob@example.com Bob",
                     "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: b\xFF"
                     "b@example.com\r\n\r\n\r\n"));
    REQUIRE(a.last.size() == 1);
    CHECK(std::get<sb::Typing>(a.last[0]).email ==
          "b\xEF\xBF\xBD"
          "b@example.com");
  }
  SECTION("typing without TypingUser names the sender") {
    a.feed(with_payload("MSG bob@example.com Bob",
                        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\n\r\n\r\n"));
    CHECK(a.ev() == Strings{"Typing bob@example.com"});
  }
  SECTION("nudge (datacast ID 1); winks are unsupported") {
    a.feed(with_payload("MSG bob@example.com Bob", SbSession::nudge_payload()));
    CHECK(a.ev() == Strings{"Nudge bob@example.com"});
    a.feed(with_payload(
        "MSG bob@example.com Bob",
        "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 2\r\nData: "
        "<msnobj/>\r\n\r\n"));
    REQUIRE(a.last.size() == 1);
    CHECK(std::holds_alternative<sb::Unsupported>(a.last[0]));
  }
  SECTION("other content types are dropped quietly") {
    a.feed(with_payload(
        "MSG bob@example.com Bob",
        "MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: x\r\n"));
    CHECK(a.last.empty());
    a.feed(with_payload("MSG bob@example.com Bob",
                        "MIME-Version: 1.0\r\nContent-Type: text/x-keepalive\r\n\r\n"));
    CHECK(a.last.empty());
    CHECK(a.feed("").empty());
  }
}

TEST_CASE("sb: an INVITE is reported and declined with the same cookie", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  std::string invite =
      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
      "Application-Name: File Transfer\r\n"
      "Application-GUID: {5D3E02AB-6190-11d3-BBBB-00C04F795683}\r\n"
      "Invitation-Command: INVITE\r\n"
      "Invitation-Cookie: 123456\r\n"
      "Application-File: notes.txt\r\n"
      "Application-FileSize: 11\r\n"
      "Connectivity: N\r\n\r\n";
  std::string out = a.feed(with_payload("MSG bob@example.com Bob", invite));
  CHECK(a.ev() == Strings{"Unsupported bob@example.com|a file (notes.txt)"});
  std::string cancel =
      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
      "Invitation-Command: CANCEL\r\nInvitation-Cookie: 123456\r\nCancel-Code: "
      "REJECT_NOT_INSTALLED\r\n\r\n";
  CHECK(out == "MSG 2 N " + std::to_string(cancel.size()) + "\r\n" + cancel);
  // Our own CANCEL is never waited for.
  CHECK(a.s.unacknowledged().empty());

  // ACCEPT/CANCEL from the other side need no answer.
  std::string their_cancel =
      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
      "Invitation-Command: CANCEL\r\nInvitation-Cookie: 123456\r\nCancel-Code: TIMEOUT\r\n\r\n";
  CHECK(a.feed(with_payload("MSG bob@example.com Bob", their_cancel)).empty());
  CHECK(a.last.empty());
}

TEST_CASE("sb: typing and nudge payloads", "[sb]") {
  Sb a("alice@escargot.chat");
  CHECK(a.s.typing_payload().size() == 92);
  CHECK(a.s.typing_payload() ==
        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: "
        "alice@escargot.chat\r\n\r\n\r\n");
  CHECK(SbSession::nudge_payload().size() == 69);
  a.s.start_call("c");
  a.s.take_output();
  a.feed("USR 1 OK alice@escargot.chat Alice\r\n");
  a.s.send_typing();
  CHECK(a.s.take_output() == "MSG 2 U 92\r\n" + a.s.typing_payload());
  a.s.send_nudge();
  CHECK(a.s.take_output() == "MSG 3 N 69\r\n" + SbSession::nudge_payload());
  CHECK(a.s.unacknowledged().empty());
}

TEST_CASE("sb: text payload uses the configured format", "[sb]") {
  ImFormat f;
  f.font = "Courier New";
  f.bold = true;
  f.color = 0xff;
  f.pitch_family = "31";
  Sb a("alice@example.com", f);
  CHECK(a.s.text_payload("hi") ==
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        "X-MMS-IM-Format: FN=Courier%20New; EF=B; CO=ff; CS=0; PF=31\r\n\r\nhi");
  // LF from the user becomes CRLF on the wire.
  a.s.send_text("a\nb");
  auto sent = parse_sent(a.s.take_output());
  REQUIRE(sent.size() == 1);
  CHECK(body_of(sent[0].payload) == "a\r\nb");
}

namespace {

// Sends `text`, checks every MSG, and returns the bodies.
std::vector<std::string> send_and_check(SbSession& s, const std::string& text) {
  auto ids = s.send_text(text);
  auto sent = parse_sent(s.take_output());
  REQUIRE(sent.size() == ids.size());
  std::vector<std::string> bodies;
  for (size_t i = 0; i < sent.size(); ++i) {
    const Command& c = sent[i];
    REQUIRE(c.name == "MSG");
    REQUIRE(c.arg(0) == std::to_string(ids[i]));
    REQUIRE(c.arg(1) == "A");
    REQUIRE(c.payload.size() <= SbSession::kMaxPayload);
    std::string body = body_of(c.payload);
    INFO("part " << i << " of " << sent.size() << ", " << body.size() << " bytes");
    REQUIRE(utf8_valid(body));
    REQUIRE(!body.empty());
    if (i + 1 < sent.size()) {
      // Never cut between CR and LF.
      REQUIRE(body.back() != '\r');
      REQUIRE(sent[i + 1].payload.size() > 0);
    }
    if (i > 0) REQUIRE(body.front() != '\n');
    bodies.push_back(body);
  }
  std::string joined;
  for (auto& b : bodies) joined += b;
  REQUIRE(joined == to_crlf(text));
  return bodies;
}

}  // namespace

TEST_CASE("sb: long texts are split under 1664 bytes, never inside UTF-8 or CRLF", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  const size_t room = SbSession::kMaxPayload - a.s.text_payload("").size();
  CHECK(room == 1664 - 113);

  SECTION("exactly one payload's worth, and one byte more") {
    auto one = send_and_check(a.s, std::string(room, 'x'));
    CHECK(one.size() == 1);
    auto two = send_and_check(a.s, std::string(room + 1, 'x'));
    CHECK(two.size() == 2);
    CHECK(two[0].size() == room);
  }
  SECTION("multi-byte characters at every offset around the boundary") {
    for (std::string ch :
         {std::string("\xC3\xA9"), std::string("\xE2\x82\xAC"), std::string("\xF0\x9F\x98\x80")}) {
      for (size_t shift = 0; shift <= 4; ++shift) {
        INFO("char of " << ch.size() << " bytes, shift " << shift);
        std::string text(room - shift, 'a');
        for (int i = 0; i < 1200; ++i) text += ch;  // several payloads of nothing but ch
        auto bodies = send_and_check(a.s, text);
        CHECK(bodies.size() >= 2);
        for (size_t i = 0; i + 1 < bodies.size(); ++i) CHECK(bodies[i].size() + ch.size() > room);
      }
    }
  }
  SECTION("newlines at every offset around the boundary") {
    for (size_t shift = 0; shift <= 3; ++shift) {
      INFO("shift " << shift);
      // The LF becomes CRLF on the wire, its CR the last byte of the room when shift == 1.
      std::string text =
          std::string(room - shift, 'b') + "\n" + std::string(room, 'c') + "\n\n\nend";
      auto bodies = send_and_check(a.s, text);
      CHECK(bodies.size() >= 2);
    }
    std::string lines;
    for (int i = 0; i < 700; ++i) lines += "x\n";
    send_and_check(a.s, lines);
  }
  SECTION("mixed scripts, many payloads; received back it is the original text") {
    std::string text;
    for (int i = 0; i < 400; ++i) text += "ab\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n";
    auto bodies = send_and_check(a.s, text);
    CHECK(bodies.size() > 2);
    Sb b("bob@example.com");
    b.s.start_answer("s", "c");
    b.s.take_output();
    b.feed("ANS 1 OK\r\n");
    std::string received;
    for (auto& body : bodies) {
      b.feed(with_payload("MSG alice@example.com Alice", a.s.text_payload(body)));
      REQUIRE(b.last.size() == 1);
      received += std::get<sb::Message>(b.last[0]).text;
    }
    CHECK(received == text);
  }
}

TEST_CASE("sb: split_text on its own", "[sb]") {
  CHECK(SbSession::split_text("", 10).empty());
  CHECK(SbSession::split_text("abcdef", 4) == Strings{"abcd", "ef"});
  CHECK(SbSession::split_text("ab\r\ncd", 3) == Strings{"ab", "\r\n", "cd"});
  CHECK(SbSession::split_text("a\r\n", 2) == Strings{"a", "\r\n"});
  // A limit below the size of one character: the character goes whole rather than cut in half,
  // and a limit of 0 does not loop forever.
  CHECK(SbSession::split_text("a\xE2\x82\xAC"
                              "b",
                              2) == Strings{"a", "\xE2\x82\xAC", "b"});
  CHECK(SbSession::split_text("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 3) ==
        Strings{"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"});
  CHECK(SbSession::split_text("ab", 0) == Strings{"a", "b"});
}

TEST_CASE("sb: a huge font name never makes a payload too big or hangs", "[sb]") {
  // The header takes 108 bytes plus the font name: from 1553 bytes on it leaves no room for a
  // 4-byte character, at 1556 none at all, beyond that it alone exceeds the limit.
  for (size_t len : {size_t{1500}, size_t{1552}, size_t{1553}, size_t{1554}, size_t{1555},
                     size_t{1556}, size_t{1557}, size_t{4000}}) {
    INFO("font of " << len << " bytes");
    ImFormat f;
    f.font = std::string(len, 'F');
    Sb a("alice@example.com", f);
    a.s.start_call("c");
    a.s.take_output();
    a.feed("USR 1 OK alice@example.com Alice\r\n");
    auto ids = a.s.send_text("hello \xF0\x9F\x98\x80 there");
    auto sent = parse_sent(a.s.take_output());
    REQUIRE(sent.size() == ids.size());
    REQUIRE_FALSE(sent.empty());
    std::string joined;
    for (auto& c : sent) {
      CHECK(c.payload.size() <= SbSession::kMaxPayload);
      CHECK(utf8_valid(body_of(c.payload)));
      joined += body_of(c.payload);
    }
    CHECK(joined == "hello \xF0\x9F\x98\x80 there");
  }
}

TEST_CASE("sb: the server ending the conversation", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  a.s.send_text("pending");
  a.s.take_output();
  a.feed("OUT\r\n");
  REQUIRE(a.last.size() == 1);
  CHECK(std::get<sb::Error>(a.last[0]).fatal);
  CHECK(a.s.closed());
  CHECK(a.s.unacknowledged() == std::vector<uint32_t>{2});
  CHECK(a.feed("ACK 2\r\n").empty());
  CHECK(a.last.empty());
}

TEST_CASE("sb: bad data from the switchboard", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  a.feed("what is this\r\n");
  REQUIRE(a.last.size() == 1);
  CHECK_FALSE(std::get<sb::Error>(a.last[0]).fatal);
  a.feed(with_payload("MSG bob@example.com Bob", "no headers at all"));
  for (auto& e : a.last) CHECK(utf8_valid(describe(e)));
  CHECK_FALSE(a.s.closed());
  a.feed("JOI\r\nIRO\r\nBYE\r\nCAL\r\nACK\r\nNAK\r\nNAK x\r\nUSR\r\nANS\r\n");
  for (auto& e : a.last) CHECK(utf8_valid(describe(e)));
  CHECK_FALSE(a.s.closed());
  a.feed("MSG bob@example.com Bob 99999999999999\r\n");
  REQUIRE_FALSE(a.last.empty());
  CHECK(std::get<sb::Error>(a.last.back()).fatal);
  CHECK(a.s.closed());
}

TEST_CASE("sb: an invite with a bad e-mail never reaches the wire", "[sb][writer]") {
  const std::string bad[] = {"carol x@example.com",   "carol@example.com\r\nOUT",
                             "carol@example.com\n",   std::string("carol\0@example.com", 18),
                             "carol\x1b@example.com", ""};
  for (const std::string& email : bad) {
    INFO("e-mail of " << email.size() << " bytes");
    Sb a("alice@example.com");
    alice_ready(a);
    a.s.invite(email);
    CHECK(a.s.take_output().empty());
    a.last = a.s.take_events();
    REQUIRE(a.last.size() == 1);
    auto* f = std::get_if<sb::CallFailed>(&a.last[0]);
    REQUIRE(f);
    CHECK(f->email == email);
    CHECK(f->code == 0);
    CHECK(f->text.starts_with("CAL not sent: argument 1 ("));
    CHECK(f->text.find_first_of("\r\n\x1b") == std::string::npos);
    CHECK_FALSE(a.s.closed());
    // The switchboard carries on, and no TrID was used up.
    a.s.invite("bob@example.com");
    CHECK(a.s.take_output() == "CAL 2 bob@example.com\r\n");
    CHECK(a.s.send_text("hi") == std::vector<uint32_t>{3});
  }
}

TEST_CASE("sb: a login the writer refuses closes the switchboard with an error", "[sb][writer]") {
  Sb a("alice @example.com");
  a.s.start_call("3371944ba9bba74ab36d");
  CHECK(a.s.take_output().empty());
  a.last = a.s.take_events();
  REQUIRE(a.last.size() == 1);
  auto& e = std::get<sb::Error>(a.last[0]);
  CHECK(e.fatal);
  CHECK(e.code == 0);
  CHECK(e.text == "USR not sent: argument 1 (\"alice @example.com\") holds a space");
  REQUIRE(e.request);
  CHECK(e.request->op == Op::Login);
  CHECK(a.s.closed());

  Sb b("bob@example.com");
  b.s.start_answer("11752013", "17262740.1050826919.32308\r\nOUT");
  CHECK(b.s.take_output().empty());
  b.last = b.s.take_events();
  REQUIRE(b.last.size() == 1);
  CHECK(std::get<sb::Error>(b.last[0]).fatal);
  CHECK(std::get<sb::Error>(b.last[0]).request->op == Op::Answer);
  CHECK(b.s.closed());
}

TEST_CASE("sb: replies are matched to the typed request", "[sb]") {
  Sb a("alice@example.com");
  alice_ready(a);
  a.s.invite("carol@example.com");
  a.s.invite("bob@example.com");
  CHECK(a.s.take_output() == "CAL 2 carol@example.com\r\nCAL 3 bob@example.com\r\n");
  // Out of order: each answer names its own contact.
  a.feed("CAL 3 RINGING 1\r\n");
  CHECK(a.ev() == Strings{"Ringing bob@example.com"});
  a.feed("216 2\r\n");
  CHECK(a.ev() == Strings{"CallFailed carol@example.com|216|not on the list"});
  // An error for no request names none; one for the USR that is already answered neither.
  a.feed("500 1\r\n");
  REQUIRE(a.last.size() == 1);
  CHECK_FALSE(std::get<sb::Error>(a.last[0]).request);
  CHECK_FALSE(std::get<sb::Error>(a.last[0]).fatal);
  CHECK_FALSE(a.s.closed());
}

// --- MSNP16+: "email;{guid}" on the switchboard (doc/protocol/mpop.md#the-switchboard)

namespace {
const std::string kAliceGuid = "{0d1e2f3a-0000-4000-8000-00000000a11c}";
}  // namespace

TEST_CASE("sb mpop: USR and ANS name this place", "[sb][mpop]") {
  SbSession call("alice@example.com", ImFormat{}, kAliceGuid);
  call.start_call("17262740.1050826919.32308");
  CHECK(call.take_output() ==
        "USR 1 alice@example.com;" + kAliceGuid + " 17262740.1050826919.32308\r\n");
  SbSession answer("alice@example.com", ImFormat{}, kAliceGuid);
  answer.start_answer("11752013", "849102291.520491113");
  CHECK(answer.take_output() ==
        "ANS 1 alice@example.com;" + kAliceGuid + " 849102291.520491113 11752013\r\n");
  // Without a GUID (MSNP15 and below) the bare address, as before.
  SbSession old("alice@example.com", ImFormat{});
  old.start_call("c");
  CHECK(old.take_output() == "USR 1 alice@example.com c\r\n");
}

TEST_CASE("sb mpop: a contact's places and bare entry are one participant", "[sb][mpop]") {
  Sb sb("alice@example.com");
  SECTION("answering: IRO with a place and the bare address, then the JOI about ourselves") {
    sb.feed(
        "IRO 1 1 2 bob@example.com;{b0b0b0b0-0000-4000-8000-000000000001} Bob 2789003324:48\r\n"
        "IRO 1 2 2 bob@example.com Bob 2789003324:48\r\nANS 1 OK\r\n"
        "JOI alice@example.com Alice 0:1024\r\n");
    CHECK(sb.ev() == Strings{"Present bob@example.com|Bob", "Ready"});
  }
  SECTION("calling: bob answers from two places; he leaves with the last one") {
    sb.feed(
        "JOI bob@example.com;{b1} Bob 0:0\r\nJOI bob@example.com Bob 0:0\r\n"
        "JOI bob@example.com;{b2} Bob 0:0\r\n");
    CHECK(sb.ev() == Strings{"Joined bob@example.com|Bob"});
    sb.feed("BYE bob@example.com;{b1}\r\n");
    CHECK(sb.ev().empty());
    sb.feed("BYE bob@example.com;{B2}\r\nBYE bob@example.com\r\n");
    CHECK(sb.ev() == Strings{"Left bob@example.com"});
    // Back again: a new participant.
    sb.feed("JOI BOB@example.com;{b1} Bob 0:0\r\n");
    CHECK(sb.ev() == Strings{"Joined BOB@example.com|Bob"});
  }
  SECTION("the bare BYE ends the contact whatever places are listed") {
    sb.feed(
        "JOI bob@example.com;{b1} Bob 0:0\r\nJOI bob@example.com;{b2} Bob 0:0\r\n"
        "BYE bob@example.com 1\r\nBYE bob@example.com;{b2}\r\n");
    CHECK(sb.ev() == Strings{"Joined bob@example.com|Bob", "Left bob@example.com|idle"});
  }
  SECTION("our own places come and go without an event") {
    sb.feed(
        "JOI alice@example.com;{a2} Alice 0:0\r\nJOI ALICE@example.com Alice 0:0\r\n"
        "BYE alice@example.com;{a2}\r\nBYE alice@example.com\r\n");
    CHECK(sb.ev().empty());
  }
  SECTION("a group of three: each contact once") {
    sb.feed(
        "IRO 1 1 4 bob@example.com;{b1} Bob 0:0\r\nIRO 1 2 4 bob@example.com Bob 0:0\r\n"
        "IRO 1 3 4 carol@example.com Carol 0\r\nIRO 1 4 4 alice@example.com;{a2} Alice 0:0\r\n"
        "ANS 1 OK\r\n");
    CHECK(sb.ev() ==
          Strings{"Present bob@example.com|Bob", "Present carol@example.com|Carol", "Ready"});
    sb.feed("BYE carol@example.com\r\n");
    CHECK(sb.ev() == Strings{"Left carol@example.com"});
  }
}

TEST_CASE("sb mpop: what our other place says is ours", "[sb][mpop]") {
  Sb sb("alice@example.com");
  sb.feed("JOI bob@example.com;{b1} Bob 0:0\r\nJOI bob@example.com Bob 0:0\r\n");
  sb.feed(with_payload("MSG alice@example.com Alice%20W", kHelloPayload));
  REQUIRE(sb.last.size() == 1);
  auto& m = std::get<sb::Message>(sb.last[0]);
  CHECK(m.own);
  CHECK(m.from == "alice@example.com");
  CHECK(m.text == "Hello Bob, this is Alice!");
  // bob's, even with a GUID a server might add: his, once.
  sb.feed(with_payload("MSG bob@example.com;{b1} Bob", kHelloPayload));
  CHECK(sb.ev() == Strings{"Message bob@example.com|Bob|Hello Bob, this is Alice!|FN=Arial; "
                           "EF=; CO=0; CS=0; PF=22"});
  CHECK_FALSE(std::get<sb::Message>(sb.last[0]).own);
  // Our typing elsewhere is not "someone is typing"; our nudge is marked ours.
  sb.feed(with_payload("MSG alice@example.com Alice",
                       "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: "
                       "alice@example.com\r\n\r\n\r\n"));
  CHECK(sb.ev().empty());
  sb.feed(with_payload("MSG alice@example.com Alice", SbSession::nudge_payload()));
  REQUIRE(sb.last.size() == 1);
  CHECK(std::get<sb::Nudge>(sb.last[0]).own);
}
