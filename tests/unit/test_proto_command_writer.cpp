// CommandWriter: the only way bytes for the server are made. A bad token refuses the whole
// command and writes nothing; a good one is written exactly.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/CommandWriter.hpp"

using namespace msntty;
using Reason = WriteRefusal::Reason;

TEST_CASE("writer: lines with and without a TrID, and payload commands", "[proto][writer]") {
  CommandWriter w;
  CHECK(w.empty());
  CHECK_FALSE(w.line("CAL", 2, {"bob@example.com"}));
  CHECK_FALSE(w.line("OUT", std::nullopt, {}));
  CHECK_FALSE(w.line("INF", 2, {}));
  CHECK_FALSE(w.payload("MSG", 4, {"A"}, "MIME-Version: 1.0\r\n\r\nhi\r\nthere"));
  CHECK_FALSE(w.payload("UUX", 11, {}, ""));
  CHECK_FALSE(w.empty());
  CHECK(
      w.take() ==
      "CAL 2 bob@example.com\r\nOUT\r\nINF 2\r\nMSG 4 A 30\r\nMIME-Version: 1.0\r\n\r\nhi\r\nthere"
      "UUX 11 0\r\n");
  CHECK(w.empty());
  CHECK(w.take().empty());
  // UTF-8 is not a control byte: it cannot break the framing.
  CHECK_FALSE(w.line("ADD", 0, {"AL", "j\xC3\xB6rg@example.com"}));
  CHECK(w.take() == "ADD 0 AL j\xC3\xB6rg@example.com\r\n");
  CHECK_FALSE(w.line("CHG", 4294967295u, {"NLN"}));
  CHECK(w.take() == "CHG 4294967295 NLN\r\n");
}

TEST_CASE("writer: what it writes, the codec reads back token for token", "[proto][writer]") {
  CommandWriter w;
  REQUIRE_FALSE(w.line("ADC", 9, {"FL", "N=bob@example.com", "F=Bob%20B"}));
  REQUIRE_FALSE(w.payload("MSG", 10, {"A"}, "MIME-Version: 1.0\r\n\r\nhi"));
  Codec codec;
  codec.feed(w.take());
  auto first = codec.next();
  REQUIRE(first);
  REQUIRE(std::holds_alternative<Command>(*first));
  CHECK(std::get<Command>(*first).name == "ADC");
  CHECK(std::get<Command>(*first).args ==
        std::vector<std::string>{"9", "FL", "N=bob@example.com", "F=Bob%20B"});
  auto second = codec.next();
  REQUIRE(second);
  REQUIRE(std::holds_alternative<Command>(*second));
  CHECK(std::get<Command>(*second).name == "MSG");
  CHECK(std::get<Command>(*second).args == std::vector<std::string>{"10", "A"});
  CHECK(std::get<Command>(*second).payload == "MIME-Version: 1.0\r\n\r\nhi");
  CHECK_FALSE(codec.next());
}

TEST_CASE("writer: refuses each bad byte class and writes nothing", "[proto][writer]") {
  struct Case {
    std::string token;
    Reason reason;
  };
  const std::vector<Case> cases = {
      {"", Reason::EmptyToken},
      {" ", Reason::Space},
      {"bob @example.com", Reason::Space},
      {"bob@example.com ", Reason::Space},
      {"bob@example.com\r\nOUT", Reason::LineBreak},
      {"bob@example.com\r", Reason::LineBreak},
      {"bob@example.com\n", Reason::LineBreak},
      {"\nCAL", Reason::LineBreak},
      {"a b\r\nc", Reason::LineBreak},  // the most dangerous fault is the one reported
      {std::string("bob\0@example.com", 16), Reason::ControlByte},
      {"bob\t@example.com", Reason::ControlByte},
      {"bob\x1b[31m@example.com", Reason::ControlByte},
      {"bob\x01@example.com", Reason::ControlByte},
      {"bob\x1f@example.com", Reason::ControlByte},
      {"bob\x7f@example.com", Reason::ControlByte},
  };
  for (const auto& c : cases) {
    INFO("token of " << c.token.size() << " bytes");
    CommandWriter w;
    REQUIRE_FALSE(w.line("REA", 7, {"alice@example.com", "Alice"}));
    const std::string before = w.take();
    // In every position, with and without a TrID, line or payload: refused, nothing written.
    for (size_t at = 0; at < 3; ++at) {
      std::vector<std::string_view> args = {"FL", "x", "y"};
      args[at] = c.token;
      auto refused = w.line("ADD", 3, std::span<const std::string_view>(args));
      REQUIRE(refused);
      CHECK(refused->reason == c.reason);
      CHECK(refused->text.starts_with("ADD not sent: argument " + std::to_string(at + 1) + " ("));
      CHECK(w.empty());
    }
    auto untracked = w.line("CAL", std::nullopt, {c.token});
    REQUIRE(untracked);
    CHECK(untracked->reason == c.reason);
    auto payload = w.payload("MSG", 5, {c.token}, "body");
    REQUIRE(payload);
    CHECK(payload->reason == c.reason);
    CHECK(w.empty());
    // Earlier output stays as it was.
    REQUIRE_FALSE(w.line("REA", 7, {"alice@example.com", "Alice"}));
    auto bad = w.line("CAL", 8, {c.token});
    REQUIRE(bad);
    CHECK(w.take() == before);
  }
}

TEST_CASE("writer: the refusal text is terminal-safe and short", "[proto][writer]") {
  CommandWriter w;
  auto r = w.line("CAL", 2, {"bob@example.com\r\nOUT"});
  REQUIRE(r);
  CHECK(r->text == "CAL not sent: argument 1 (\"bob@example.com^JOUT\") holds a line break");
  r = w.line("ADD", 2, {"AL", "bob x@example.com"});
  REQUIRE(r);
  CHECK(r->text == "ADD not sent: argument 2 (\"bob x@example.com\") holds a space");
  r = w.line("ADD", 2, {"AL", ""});
  REQUIRE(r);
  CHECK(r->text == "ADD not sent: argument 2 (\"\") is empty");
  r = w.line("CAL", 2, {"\x1b]0;pwned\x07@x"});
  REQUIRE(r);
  CHECK(r->text == "CAL not sent: argument 1 (\"^[]0;pwned^G@x\") holds a control character");
  r = w.line("CAL", 2, {std::string(100, 'a') + " "});
  REQUIRE(r);
  CHECK(r->text == "CAL not sent: argument 1 (\"" + std::string(40, 'a') + "...\") holds a space");
}

TEST_CASE("writer: refuses a bad command name", "[proto][writer]") {
  CommandWriter w;
  for (std::string name : {"", "CA", "CALL", "cal", "C L", "CA\n", "12A", "911"}) {
    INFO(name);
    auto r = w.line(name, 1, {"x"});
    REQUIRE(r);
    CHECK(r->reason == Reason::BadName);
    CHECK(w.empty());
  }
}

TEST_CASE("writer: refuses a line over the limit, to the byte", "[proto][writer]") {
  CommandWriter w;
  // "PRP 12 MFN " + nick + CRLF: 11 + 2 bytes around the nick.
  const size_t room = CommandWriter::kMaxLine - 13;
  CHECK_FALSE(w.line("PRP", 12, {"MFN", std::string(room, 'n')}));
  CHECK(w.take().size() == CommandWriter::kMaxLine);
  auto r = w.line("PRP", 12, {"MFN", std::string(room + 1, 'n')});
  REQUIRE(r);
  CHECK(r->reason == Reason::LineTooLong);
  CHECK(r->text == "PRP not sent: the line would be longer than 4096 bytes");
  CHECK(w.empty());
  // A TrID with one more digit is one byte more.
  CHECK(w.line("PRP", 123, {"MFN", std::string(room, 'n')}));
  // The payload does not count, its length token does.
  const std::string big(64 * 1024, 'p');
  CHECK_FALSE(w.payload("MSG", 7, {"A"}, big));
  CHECK(w.take().size() == std::string("MSG 7 A 65536\r\n").size() + big.size());
}
