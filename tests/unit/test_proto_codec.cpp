#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/Command.hpp"
#include "proto/CommandWriter.hpp"

using namespace msntty;

namespace {

const std::string kProfile =
    "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: "
    "1795279396\r\n"
    "EmailEnabled: 0\r\nMSPAuth: eb50974e8e4312dd37b5Y6+H31sT&p=\r\nClientIP: 127.0.0.1\r\n"
    "ClientPort: 36564\r\nABCHMigrated: 1\r\nMPOPEnabled: 0\r\n\r\n";
const std::string kUbx1 = "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>";
const std::string kUbx2 = "<Data><PSM>brb</PSM><CurrentMedia></CurrentMedia></Data>";
const std::string kShields =
    "<?xml version=\"1.0\" encoding=\"utf-8\" ?><config><shield><cli maj=\"7\" min=\"0\" "
    "minbld=\"0\" "
    "maxbld=\"9999\" deny=\" \" /></shield><block></block></config>";
const std::string kHello =
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    "X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nHello Bob, this is Alice!";
const std::string kTyping =
    "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: "
    "bob@example.com\r\n\r\n\r\n";

std::string with_len(const std::string& line, const std::string& payload) {
  return line + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

// A command as a server sends it. Not CommandWriter: servers send what msntty never may (an
// empty trailing field, e-mails as the first argument), and the codec must read it all.
std::string server_line(const Command& c) {
  std::string line = c.name;
  for (const auto& a : c.args) line += " " + a;
  return c.has_payload ? with_len(line, c.payload) : line + "\r\n";
}

// Server side of doc/protocol/sessions.md (MSNP12 on Escargot, switchboard), with payloads.
std::string transcript() {
  std::string s;
  s += "VER 1 MSNP12\r\n";
  s += "CVR 2 6.0.0602 6.0.0602 6.0.0602 https://escargot.log1p.xyz https://escargot.log1p.xyz\r\n";
  s += "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n";
  s += "USR 4 OK alice@example.com 1 0\r\n";
  s += "SBS 0 null\r\n";
  s += with_len("MSG Hotmail Hotmail", kProfile);
  s += "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 1 0\r\n";
  s += "GTC N\r\nBLP AL\r\nPRP MFN Alice%20Liddell\r\n";
  s += "LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 \r\n";
  s += "CHG 6 NLN 0\r\n";
  s += "ILN 6 NLN bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n";
  s += with_len("UBX bob@example.com", kUbx1);
  s += "NLN BSY bob@example.com Bob 0 %3Cmsnobj%2F%3E\r\n";
  s += with_len("UBX bob@example.com", kUbx2);
  s += with_len("GCF 7 Shields.xml", kShields);
  s += "PRP 8 MFN Alice%20L\r\n";
  s +=
      "ADC 9 FL N=carol@example.com F=carol@example.com C=b9462c29-11c8-4a27-8395-c21844f4781a\r\n";
  s += "208 10\r\nUUX 11 0\r\nQNG 60\r\n218 12\r\n502 13\r\n";
  s += "XFR 10 SB 127.0.0.1:21864 CKI a0a86a27df2f8d8571a4\r\n";
  s += "USR 1 OK alice@example.com Alice%20Liddell\r\n217 2\r\n";
  s += "RNG 0ff1fb1215d75bd7c2f9d2499b790da 127.0.0.1:21864 CKI efee0afa5b1e93f4cbf9 "
       "alice@example.com "
       "Alice%20Liddell\r\n";
  s += "CAL 3 RINGING 0ff1fb1215d75bd7c2f9d2499b790da\r\n";
  s += "IRO 1 1 1 alice@example.com Alice%20Liddell 0\r\nANS 1 OK\r\nJOI bob@example.com Bob 0\r\n";
  s += with_len("MSG alice@example.com Alice%20Liddell", kHello);
  s += "ACK 4\r\n";
  s += with_len("MSG bob@example.com Bob", kTyping);
  s += "BYE bob@example.com\r\n";
  return s;
}

// One line per item, so whole results compare with ==.
std::string describe(const std::variant<Command, CodecError>& item) {
  if (const auto* e = std::get_if<CodecError>(&item))
    return std::string(e->fatal ? "FATAL " : "ERROR ") + e->message;
  const auto& c = std::get<Command>(item);
  std::string s = c.name;
  for (const auto& a : c.args) s += "|" + a;
  if (c.has_payload) s += "#" + std::to_string(c.payload.size()) + ":" + c.payload;
  return s;
}

std::vector<std::string> drain(Codec& codec) {
  std::vector<std::string> out;
  while (auto item = codec.next()) out.push_back(describe(*item));
  return out;
}

std::vector<std::string> parse_whole(const std::string& s, Codec::Limits limits = {}) {
  Codec codec(limits);
  codec.feed(s);
  return drain(codec);
}

std::vector<std::string> parse_chunks(const std::string& s, const std::vector<size_t>& cuts,
                                      Codec::Limits limits = {}) {
  Codec codec(limits);
  std::vector<std::string> out;
  size_t prev = 0;
  for (size_t cut : cuts) {
    codec.feed(std::string_view(s).substr(prev, cut - prev));
    for (auto& x : drain(codec)) out.push_back(std::move(x));
    prev = cut;
  }
  codec.feed(std::string_view(s).substr(prev));
  for (auto& x : drain(codec)) out.push_back(std::move(x));
  return out;
}

std::vector<Command> commands(const std::string& s) {
  Codec codec;
  codec.feed(s);
  std::vector<Command> out;
  while (auto item = codec.next()) {
    REQUIRE(std::holds_alternative<Command>(*item));
    out.push_back(std::get<Command>(std::move(*item)));
  }
  return out;
}

}  // namespace

TEST_CASE("codec: payload byte counts from the doc test vectors", "[proto][codec]") {
  CHECK(kUbx1.size() == 53);
  CHECK(kUbx2.size() == 56);
  CHECK(kHello.size() == 138);
  CHECK(kTyping.size() == 88);
}

TEST_CASE("codec: transcript lines", "[proto][codec]") {
  const auto cmds = commands(transcript());
  REQUIRE(cmds.size() == 36);
  CHECK(cmds[0].name == "VER");
  CHECK(cmds[0].args == std::vector<std::string>{"1", "MSNP12"});
  CHECK(cmds[0].trid() == 1u);
  CHECK_FALSE(cmds[0].has_payload);

  const Command& profile = cmds[5];
  CHECK(profile.name == "MSG");
  CHECK(profile.args == std::vector<std::string>{"Hotmail", "Hotmail"});
  CHECK(profile.has_payload);
  CHECK(profile.payload == kProfile);

  const Command& lst = cmds[10];
  CHECK(lst.name == "LST");
  REQUIRE(lst.argc() == 6);
  CHECK(lst.arg(4) == "1");
  CHECK(lst.arg(5).empty());  // trailing space -> empty last arg
  CHECK_FALSE(lst.trid());

  CHECK(cmds[13].name == "UBX");
  CHECK(cmds[13].args == std::vector<std::string>{"bob@example.com"});
  CHECK(cmds[13].payload == kUbx1);
  CHECK(cmds[16].name == "GCF");
  CHECK(cmds[16].args == std::vector<std::string>{"7", "Shields.xml"});
  CHECK(cmds[16].payload == kShields);

  CHECK(cmds[19].is_error());
  CHECK(cmds[19].error_code() == 208);
  CHECK(cmds[19].trid() == 10u);
  CHECK(cmds[20].name == "UUX");  // "UUX 11 0": zero-length payload
  CHECK(cmds[20].has_payload);
  CHECK(cmds[20].payload.empty());
  CHECK(cmds[20].args == std::vector<std::string>{"11"});
  CHECK(cmds[21].name == "QNG");
  CHECK_FALSE(cmds[21].is_error());
  CHECK(cmds[21].error_code() == 0);

  CHECK(cmds[32].name == "MSG");
  CHECK(cmds[32].args == std::vector<std::string>{"alice@example.com", "Alice%20Liddell"});
  CHECK(cmds[32].payload == kHello);
  CHECK(cmds[33].name == "ACK");
  CHECK(cmds[34].payload == kTyping);
  CHECK(cmds[35].name == "BYE");
  CHECK(cmds[35].arg(0) == "bob@example.com");
  CHECK(cmds[35].arg(7).empty());
}

TEST_CASE("codec: one byte at a time equals whole buffer", "[proto][codec]") {
  const std::string s = transcript();
  std::vector<size_t> cuts;
  for (size_t i = 1; i < s.size(); ++i) cuts.push_back(i);
  const auto whole = parse_whole(s);
  CHECK(whole.size() == 36);
  CHECK(parse_chunks(s, cuts) == whole);
}

TEST_CASE("codec: random split points equal whole buffer", "[proto][codec]") {
  std::string s;
  for (int i = 0; i < 4; ++i) s += transcript();
  s += "bad line\r\nNLN NLN x@y B\xff 0\r\n" + with_len("MSG a \xC3", kHello) + "OUT\r\n";
  const auto whole = parse_whole(s);
  REQUIRE(whole.size() == 4 * 36 + 3 + 1);
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 300; ++iter) {
    std::uniform_int_distribution<size_t> ncuts(1, 60);
    std::uniform_int_distribution<size_t> pos(1, s.size() - 1);
    std::vector<size_t> cuts(ncuts(rng));
    for (auto& c : cuts) c = pos(rng);
    std::sort(cuts.begin(), cuts.end());
    REQUIRE(parse_chunks(s, cuts) == whole);
  }
}

TEST_CASE("codec: payload split across chunks", "[proto][codec]") {
  Codec codec;
  codec.feed("MSG bob@example.com Bob 88\r\n" + kTyping.substr(0, 10));
  CHECK_FALSE(codec.next());
  codec.feed(kTyping.substr(10, 50));
  CHECK_FALSE(codec.next());
  codec.feed(kTyping.substr(60) + "ACK 4\r\n");
  auto a = codec.next();
  REQUIRE(a);
  CHECK(std::get<Command>(*a).payload == kTyping);
  auto b = codec.next();
  REQUIRE(b);
  CHECK(std::get<Command>(*b).name == "ACK");
  CHECK_FALSE(codec.next());
  CHECK(codec.buffered() == 0);
}

TEST_CASE("codec: payload bytes are not lines", "[proto][codec]") {
  // A payload that itself looks like commands and contains no CRLF at the end.
  const std::string payload = "QNG 60\r\nMSG a b 5\r\n\r\n\n";
  const auto cmds = commands(with_len("NOT", payload) + "QNG 60\r\n");
  REQUIRE(cmds.size() == 2);
  CHECK(cmds[0].payload == payload);
  CHECK(cmds[0].args.empty());
  CHECK(cmds[1].name == "QNG");
}

TEST_CASE("codec: bare LF, CR stripped, empty lines skipped", "[proto][codec]") {
  const auto cmds = commands("\r\n\n\r\nQNG 60\nCHG 6 NLN 0\r\n\r\nOUT\n");
  REQUIRE(cmds.size() == 3);
  CHECK(cmds[0].args == std::vector<std::string>{"60"});
  CHECK(cmds[1].arg(2) == "0");
  CHECK(cmds[2].name == "OUT");
  CHECK(cmds[2].args.empty());
}

TEST_CASE("codec: which lines carry payloads", "[proto][codec]") {
  const auto not_payload = [](const std::string& line) {
    const auto cmds = commands(line + "\r\nOUT\r\n");
    return cmds.size() == 2 && !cmds[0].has_payload;
  };
  CHECK(not_payload("ADL 12 OK"));
  CHECK(not_payload("QRY 7"));
  CHECK(not_payload("GCF 5 Shields.xml"));
  CHECK(not_payload("USR 5 OK bob@example.com Bob 1"));
  CHECK(not_payload("ILN 6 NLN bob@example.com Bob 0"));
  CHECK(not_payload("MSG 4 5"));  // wrong shape for the server form
  CHECK(not_payload("NOT 5 6"));
  CHECK(not_payload("SYN 5 1"));
  CHECK(not_payload("CHG 6 NLN 0"));
  const auto payload = [](const std::string& line, size_t n) {
    const auto cmds = commands(line + "\r\n" + std::string(n, 'x') + "OUT\r\n");
    return cmds.size() == 2 && cmds[0].has_payload && cmds[0].payload.size() == n;
  };
  CHECK(payload("NOT 3", 3));
  CHECK(payload("IPG 4", 4));
  CHECK(payload("UBX 1:bob@example.com 2", 2));
  CHECK(payload("UBX bob@example.com 32 2", 2));
  CHECK(payload("GCF 0 7", 7));
  CHECK(payload("ADL 0 5", 5));
  CHECK(payload("RML 0 5", 5));
  CHECK(payload("FQY 9 3", 3));
  CHECK(payload("UBN bob@example.com 1 4", 4));
  CHECK(payload("UBM bob@example.com 32 1 4", 4));
  CHECK(payload("NFY PUT 6", 6));
  CHECK(payload("SDG 0 6", 6));
  CHECK(payload("PUT 3 6", 6));
  CHECK(payload("DEL 3 6", 6));
  CHECK(payload("MSG Hotmail Hotmail 0", 0));
}

TEST_CASE("codec: oversized payload is fatal", "[proto][codec]") {
  Codec codec;
  codec.feed("QNG 60\r\nMSG a b 262145\r\nOUT\r\n");
  CHECK(std::get<Command>(*codec.next()).name == "QNG");
  auto e = codec.next();
  REQUIRE(e);
  const auto& err = std::get<CodecError>(*e);
  CHECK(err.fatal);
  CHECK(err.message == "payload of 262145 bytes exceeds the 262144-byte limit");
  CHECK(codec.dead());
  CHECK_FALSE(codec.next());
  codec.feed("OUT\r\n");
  CHECK_FALSE(codec.next());

  Codec ok;
  ok.feed("MSG a b 262144\r\n");
  CHECK_FALSE(ok.next());  // at the limit: waits for the bytes
  ok.feed(std::string(262144, 'z'));
  auto m = ok.next();
  REQUIRE(m);
  CHECK(std::get<Command>(*m).payload.size() == 262144);

  Codec huge;
  huge.feed("NOT 99999999999999999999999999\r\n");
  auto h = huge.next();
  REQUIRE(h);
  CHECK(std::get<CodecError>(*h).fatal);
}

TEST_CASE("codec: overlong line is fatal", "[proto][codec]") {
  const Codec::Limits limits{64, 128};
  const std::string exact =
      "PRP " + std::string(58, 'a') + "\r\n";  // 64 bytes before LF, CR included
  CHECK(parse_whole(exact, limits) == std::vector<std::string>{"PRP|" + std::string(58, 'a')});

  const std::string fatal = "FATAL line exceeds the 64-byte limit";
  const std::string longer = "PRP " + std::string(100, 'a') + "\r\nOUT\r\n";
  CHECK(parse_whole(longer, limits) == std::vector<std::string>{fatal});
  CHECK(parse_chunks(longer, {10, 40, 65, 70}, limits) == std::vector<std::string>{fatal});

  Codec codec(limits);
  codec.feed(std::string(64, 'A'));
  CHECK_FALSE(codec.next());
  codec.feed("A");
  auto e = codec.next();
  REQUIRE(e);
  CHECK(std::get<CodecError>(*e).fatal);
  CHECK(codec.buffered() == 0);
}

TEST_CASE("codec: invalid UTF-8 line is skipped", "[proto][codec]") {
  Codec codec;
  codec.feed(
      "ILN 6 NLN bob@example.com B\xff"
      "b 0\r\nQNG 60\r\n");
  auto e = codec.next();
  REQUIRE(e);
  CHECK(std::get<CodecError>(*e).message == "invalid UTF-8 in line from server");
  CHECK_FALSE(std::get<CodecError>(*e).fatal);
  CHECK(std::get<Command>(*codec.next()).name == "QNG");

  // The payload of a rejected payload line is skipped too, so the stream stays in sync.
  const auto out = parse_whole("MSG bob@example.com B\xC0\xAF 4\r\nOUT\r\nQNG 60\r\n");
  CHECK(out == std::vector<std::string>{"ERROR invalid UTF-8 in line from server", "QNG|60"});
}

TEST_CASE("codec: payloads may hold any bytes", "[proto][codec]") {
  const std::string payload("\xff\x00\xc3\r\n", 5);
  const auto cmds = commands("MSG a b 5\r\n" + payload + "QNG\r\n");
  REQUIRE(cmds.size() == 2);
  CHECK(cmds[0].payload == payload);
}

TEST_CASE("codec: garbage lines are skipped", "[proto][codec]") {
  const auto out =
      parse_whole("hello world\r\nmsg 1 2\r\nMS\r\nMSGX 1\r\n\x1b[31mEVIL\r\nQNG 60\r\n");
  CHECK(out == std::vector<std::string>{"ERROR malformed line: hello world",
                                        "ERROR malformed line: msg 1 2", "ERROR malformed line: MS",
                                        "ERROR malformed line: MSGX 1",
                                        "ERROR malformed line: ^[[31mEVIL", "QNG|60"});
  const std::string long_line = std::string(70, 'x') + "\xC3\xA9" + std::string(50, 'y');
  const auto cut = parse_whole(long_line + "\r\n");
  REQUIRE(cut.size() == 1);
  CHECK(cut[0] ==
        "ERROR malformed line: " + std::string(70, 'x') + "\xC3\xA9" + std::string(9, 'y') + "...");
}

TEST_CASE("codec: long input stays linear and compacts", "[proto][codec]") {
  Codec codec;
  const std::string chunk = with_len("MSG bob@example.com Bob", kHello) + "ACK 4\r\n";
  size_t n = 0;
  for (int i = 0; i < 20000; ++i) {
    codec.feed(chunk);
    while (codec.next()) ++n;
  }
  CHECK(n == 40000);
  CHECK(codec.buffered() == 0);
}

TEST_CASE("command: the writer encodes, and accessors", "[proto][codec]") {
  CommandWriter w;
  CHECK_FALSE(w.line("CHG", 6, {"NLN", "0"}));
  CHECK(w.take() == "CHG 6 NLN 0\r\n");
  CHECK_FALSE(w.line("OUT", std::nullopt, {}));
  CHECK(w.take() == "OUT\r\n");
  CHECK_FALSE(w.payload("UUX", 11, {}, "abc"));
  CHECK(w.take() == "UUX 11 3\r\nabc");
  CHECK_FALSE(w.payload("QRY", 10, {"msmsgs@msnmsgr.com"}, "3b6666b60157322b6fc6e41a115968f5"));
  CHECK(w.take() == "QRY 10 msmsgs@msnmsgr.com 32\r\n3b6666b60157322b6fc6e41a115968f5");
  CHECK_FALSE(w.line("PNG", std::nullopt, {}));
  CHECK(w.take() == "PNG\r\n");
  Command err{"911", {"3"}, "", false};
  CHECK(err.is_error());
  CHECK(err.error_code() == 911);
  CHECK(err.trid() == 3u);
  Command big{"XFR", {"4294967296"}, "", false};
  CHECK_FALSE(big.trid());
  CHECK_FALSE(Command{}.trid());
  CHECK_FALSE(Command{"A1B", {}, "", false}.is_error());
}

TEST_CASE("command: encode/decode round trip", "[proto][codec]") {
  const std::vector<Command> originals = {
      {"MSG", {"alice@example.com", "Alice%20Liddell"}, kHello, true},
      {"UBX", {"bob@example.com"}, std::string("\0\xff", 2), true},
      {"UUX", {"11"}, "", true},
      {"LST", {"N=bob@example.com", "F=Bob", "11", "1", ""}, "", false},
      {"ILN", {"6", "NLN", "bob@example.com", "Bob", "0", "%3Cmsnobj%2F%3E"}, "", false},
      {"218", {"12"}, "", false},
  };
  std::string wire;
  for (const auto& c : originals) wire += server_line(c);
  const auto decoded = commands(wire);
  REQUIRE(decoded.size() == originals.size());
  for (size_t i = 0; i < originals.size(); ++i) {
    CHECK(decoded[i].name == originals[i].name);
    CHECK(decoded[i].args == originals[i].args);
    CHECK(decoded[i].has_payload == originals[i].has_payload);
    CHECK(decoded[i].payload == originals[i].payload);
  }
}
