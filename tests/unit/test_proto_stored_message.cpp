// The stored offline message (doc/protocol/oim.md#the-stored-message): Escargot's GetMessage
// text, the transfer encodings and charsets, multipart, malformed ones (a marked text, never a
// crash or raw control characters), the sender's encoded-word name, the time, and the order.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proto/Charset.hpp"
#include "proto/EncodedWords.hpp"
#include "proto/QuotedPrintable.hpp"
#include "proto/StoredMessage.hpp"
#include "util/Utf8.hpp"

using namespace msntty;

namespace {

// The reference's GetMessage text: the sender's MIME headers between X-OIMProxy and Message-ID.
std::string stored(const std::string& sender_headers, const std::string& body,
                   const std::string& from = "=?utf-8?B?QWxpY2Ug4piD?= <alice@example.com>") {
  return "X-Message-Info: cwRBnLifKNE8dVZlNj6AiX8N7L8Qq+2uGvwuhD7QGVU=\r\n"
         "Received: from OIM-SSI02.phx.gbl ([65.54.237.206]) by OIM-SSI02.phx.gbl with Microsoft "
         "SMTPSVC(6.0.3790.1830);\r\n"
         "\t Mon, 30 Nov 2026 23:56:52 -0800\r\n"
         "From: " +
         from +
         "\r\n"
         "To: dave@example.com\r\n"
         "Subject: \r\n"
         "X-OIM-originatingSource: 127.0.0.1\r\n"
         "X-OIMProxy: MSNMSGR\r\n" +
         sender_headers +
         "Message-ID: <OIM-SSI02zDv60gxapz00061a8b@OIM-SSI02.phx.gbl>\r\n"
         "X-OriginalArrivalTime: 01 Dec 2026 07:56:52.0000 (UTC) FILETIME=[868E3A00:01DD8169]\r\n"
         "Date: 30 Nov 2026 23:56:52 -0800\r\n"
         "Return-Path: ndr@oim.messenger.msn.com\r\n"
         "\r\n" +
         body;
}

std::string plain(const std::string& charset, const std::string& encoding, int seq = 1,
                  const std::string& run = "{750C7481-700B-4D81-A5F3-C67E8168E0DE}") {
  return "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=" + charset +
         "\r\nContent-Transfer-Encoding: " + encoding +
         "\r\nX-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: " + run +
         "\r\nX-OIM-Sequence-Num: " + std::to_string(seq) + "\r\n";
}

constexpr int64_t kArrival = 1796111812;  // 2026-12-01T07:56:52Z

oim::StoredMessage msg(std::string id, int64_t time, std::string run = "", int seq = -1,
                       std::string from = "alice@example.com") {
  oim::StoredMessage m;
  m.id = std::move(id);
  m.time = time;
  m.run_id = std::move(run);
  if (seq >= 0) m.seq = static_cast<uint32_t>(seq);
  m.from = std::move(from);
  return m;
}

std::vector<std::string> ids(const std::vector<oim::StoredMessage>& v) {
  std::vector<std::string> out;
  for (const auto& m : v) out.push_back(m.id);
  return out;
}

}  // namespace

TEST_CASE("oim: Escargot's stored message, UTF-8 in base64", "[oim]") {
  auto m = oim::decode_stored_message(
      stored(plain("UTF-8", "base64"), "Zmlyc3Qgb2ZmbGluZSBsaW5lLCDDqQ==\r\n"));
  CHECK_FALSE(m.malformed);
  CHECK(m.problem.empty());
  CHECK(m.text == "first offline line, \u00e9");
  CHECK(m.from == "alice@example.com");
  CHECK(m.nick == "Alice \u2603");
  CHECK(m.run_id == "{750C7481-700B-4D81-A5F3-C67E8168E0DE}");
  CHECK(m.seq == 1u);
  CHECK(m.time == kArrival);  // the UTC of X-OriginalArrivalTime, not Date's -0800
}

TEST_CASE("oim: transfer encodings and charsets", "[oim]") {
  SECTION("base64 over several lines, CRLF in the text made LF") {
    // "line one\r\nline two" in base64, cut in two lines.
    auto m = oim::decode_stored_message(
        stored(plain("utf-8", "base64"), "bGluZSBvbmUNCmxp\r\nbmUgdHdv\r\n"));
    CHECK_FALSE(m.malformed);
    CHECK(m.text == "line one\nline two");
  }
  SECTION("quoted-printable UTF-8 with a soft line break") {
    auto m = oim::decode_stored_message(
        stored(plain("utf-8", "quoted-printable"), "caf=C3=A9 au l=\r\nait =3D bon"));
    CHECK_FALSE(m.malformed);
    CHECK(m.text == "caf\u00e9 au lait = bon");
  }
  SECTION("iso-8859-1 in base64") {
    auto m = oim::decode_stored_message(
        stored(plain("iso-8859-1", "base64"), "Y2Fm6SDgIGxhIGNy6G1l\r\n"));
    CHECK_FALSE(m.malformed);
    CHECK(m.text == "caf\u00e9 \u00e0 la cr\u00e8me");
  }
  SECTION("windows-1252 in 8 bits: the euro sign and curly quotes") {
    auto m = oim::decode_stored_message(stored(plain("windows-1252", "8bit"), "5 \x80 \x93ok\x94"));
    CHECK_FALSE(m.malformed);
    CHECK(m.text == "5 \u20ac \u201cok\u201d");
  }
  SECTION("windows-1252 in 8 bits inside the SOAP text: characters already, or bytes as Latin-1") {
    auto chars = oim::decode_stored_message(stored(plain("windows-1252", "8bit"), "euro €"));
    CHECK_FALSE(chars.malformed);
    CHECK(chars.text == "euro €");
    auto narrow = oim::decode_stored_message(stored(plain("windows-1252", "8bit"), "café "));
    CHECK_FALSE(narrow.malformed);
    CHECK(narrow.text == "café €");  // U+0080 was the byte 0x80: the euro sign
  }
  SECTION("iso-8859-1 in quoted-printable, quoted charset") {
    auto m = oim::decode_stored_message(
        stored("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"ISO-8859-1\"\r\n"
               "Content-Transfer-Encoding: quoted-printable\r\n",
               "na=EFve"));
    CHECK(m.text == "na\u00efve");
  }
  SECTION("no charset, no encoding: UTF-8 as it is") {
    auto m = oim::decode_stored_message(stored("MIME-Version: 1.0\r\n", "plain \u2603"));
    CHECK_FALSE(m.malformed);
    CHECK(m.text == "plain \u2603");
    CHECK(m.run_id.empty());
    CHECK_FALSE(m.seq);  // stored by UUM: no sequence number
  }
  SECTION("control characters never reach the text raw") {
    // "a\x1b[2Jb\x07c\tend" in base64.
    auto m = oim::decode_stored_message(stored(plain("utf-8", "base64"), "YRtbMkpiB2MJZW5k"));
    CHECK(m.text.find('\x1b') == std::string::npos);
    CHECK(m.text.find('\x07') == std::string::npos);
    CHECK(m.text == "a^[[2Jb^Gc end");
  }
}

TEST_CASE("oim: malformed stored messages become a marked text", "[oim]") {
  SECTION("a body that is not base64") {
    auto m = oim::decode_stored_message(stored(plain("utf-8", "base64"), "not*base64!\x01"));
    CHECK(m.malformed);
    CHECK(m.problem == "the body is not valid base64");
    CHECK(
        m.text.starts_with("[this offline message could not be decoded: the body is not valid "
                           "base64]"));
    CHECK(m.text.find('\x01') == std::string::npos);
    CHECK(m.from == "alice@example.com");  // still known: the headers were fine
    CHECK(m.time == kArrival);
  }
  SECTION("an unknown charset") {
    auto m = oim::decode_stored_message(stored(plain("x-unknown", "base64"), "aGVsbG8="));
    CHECK(m.malformed);
    CHECK(m.problem == "unknown charset x-unknown");
    CHECK(m.text ==
          "[this offline message could not be decoded: unknown charset x-unknown]\nhello");
  }
  SECTION("bytes that are not the declared UTF-8") {
    auto m = oim::decode_stored_message(stored(plain("utf-8", "8bit"), "caf\xe9"));
    CHECK(m.malformed);
    CHECK(m.problem == "not valid UTF-8");
    CHECK(m.text.ends_with("\ncaf\u00e9"));  // shown as Latin-1: readable, valid UTF-8
  }
  SECTION("no blank line between the headers and the text") {
    std::string raw =
        "From: Alice <alice@example.com>\r\nX-OIM-Run-Id: {R}\r\nX-OIM-Sequence-Num: 4\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"
        "aGVsbG8=\r\n";
    auto m = oim::decode_stored_message(raw);
    CHECK(m.malformed);
    CHECK(m.problem == "no blank line between its headers and its text");
    CHECK(m.from == "alice@example.com");
    CHECK(m.nick == "Alice");
    CHECK(m.seq == 4u);
    CHECK(m.time == 0);
  }
  SECTION("garbage of every kind does not crash") {
    for (std::string raw :
         {std::string(), std::string("\r\n"), std::string("\0\0\xff", 3),
          std::string("From: <\r\n\r\n"), std::string("=?x?B?=\r\n\r\n=?"),
          std::string("Content-Type: multipart/mixed\r\n\r\n--"),
          std::string("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b--")}) {
      auto m = oim::decode_stored_message(raw);
      CHECK(m.text.find('\0') == std::string::npos);
    }
  }
}

TEST_CASE("oim: multipart: the text/plain part", "[oim]") {
  std::string body =
      "This is a multi-part message in MIME format.\r\n"
      "--frontier\r\n"
      "Content-Type: text/html; charset=utf-8\r\n\r\n<b>hi</b>\r\n"
      "--frontier\r\n"
      "Content-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "d=E9j=E0 vu\r\n"
      "--frontier--\r\n";
  auto m = oim::decode_stored_message(stored(
      "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"frontier\"\r\n", body));
  CHECK_FALSE(m.malformed);
  CHECK(m.text == "d\u00e9j\u00e0 vu\n");

  auto none =
      oim::decode_stored_message(stored("Content-Type: multipart/mixed; boundary=x\r\n",
                                        "--x\r\nContent-Type: image/png\r\n\r\nPNG\r\n--x--\r\n"));
  CHECK(none.malformed);
  CHECK(none.problem == "a multipart message without a text/plain part");
}

TEST_CASE("oim: the sender from From:", "[oim]") {
  auto from = [](const std::string& value) {
    return oim::decode_stored_message(stored("MIME-Version: 1.0\r\n", "x", value));
  };
  CHECK(from("bob@example.com").from == "bob@example.com");
  CHECK(from("bob@example.com").nick.empty());
  CHECK(from("\"Bob B\" <bob@example.com>").nick == "Bob B");
  CHECK(from("=?iso-8859-1?Q?Ren=E9_B?= <rene@example.com>").nick == "Ren\u00e9 B");
  CHECK(from("=?utf-8?B?QWxpY2Ug4piD?= <alice@example.com>").nick == "Alice \u2603");
}

TEST_CASE("oim: encoded words", "[oim]") {
  CHECK(decode_encoded_words("=?utf-8?B?QWxpY2Ug4piD?=") == "Alice \u2603");
  CHECK(decode_encoded_words("=?utf-8?B?QWxpY2Ug4piD ?=") == "Alice \u2603");  // Escargot live
  CHECK(decode_encoded_words("=?UTF-8?q?caf=C3=A9_noir?=") == "caf\u00e9 noir");
  // Blanks between two words go; text around them stays.
  CHECK(decode_encoded_words("=?utf-8?Q?a?= =?utf-8?Q?b?=") == "ab");
  CHECK(decode_encoded_words("Dr. =?iso-8859-1?Q?Andr=E9?= Jr.") == "Dr. Andr\u00e9 Jr.");
  CHECK(decode_encoded_words("plain name") == "plain name");
  // Not words, or unreadable ones: kept as written.
  CHECK(decode_encoded_words("=?utf-8?B?###?=") == "=?utf-8?B?###?=");
  CHECK(decode_encoded_words("=?x-unknown?Q?a?=") == "=?x-unknown?Q?a?=");
  CHECK(decode_encoded_words("a =? b") == "a =? b");
  CHECK(decode_encoded_words("\xff") == "\ufffd");
}

TEST_CASE("oim: a megabyte of unclosed encoded words is decoded in one pass, capped", "[oim]") {
  std::string hostile;
  while (hostile.size() < 1000000) hostile += "=?a?B?x";
  std::string out = decode_encoded_words(hostile);
  CHECK(out.size() <= kMaxEncodedWordsInput);
  CHECK(out.starts_with("=?a?B?x=?a?B?x"));
  CHECK(utf8_valid(out));
  // One "?=" at the very end: still bounded, kept as written.
  out = decode_encoded_words(hostile + "?=");
  CHECK(out.size() <= kMaxEncodedWordsInput);
  CHECK(out.starts_with("=?a?B?x=?a?B?x"));
  // Real words past the cap are dropped; those before it are decoded.
  std::string many;
  while (many.size() < 1000000) many += "=?utf-8?B?QQ==?=";
  out = decode_encoded_words(many);
  CHECK(out == std::string(kMaxEncodedWordsInput / 16, 'A'));
  // The cut never splits a UTF-8 sequence.
  std::string snowmen;
  while (snowmen.size() < 2 * kMaxEncodedWordsInput) snowmen += "\u2603";
  out = decode_encoded_words(snowmen);
  CHECK(utf8_valid(out));
  CHECK(out.find("\ufffd") == std::string::npos);
  CHECK(out.size() == kMaxEncodedWordsInput / 3 * 3);
}

TEST_CASE("oim: quoted-printable and charsets", "[oim]") {
  CHECK(quoted_printable_decode("a=3Db=\r\nc=\nd") == "a=bcd");
  CHECK(quoted_printable_decode("=e9=E9") == "\xe9\xe9");
  CHECK(quoted_printable_decode("100% =ZZ =") == "100% =ZZ =");
  CHECK(quoted_printable_decode("a_b", true) == "a b");
  CHECK(quoted_printable_decode("a_b") == "a_b");

  CHECK(*charset_to_utf8("caf\xe9", "ISO-8859-1") == "caf\u00e9");
  CHECK(*charset_to_utf8("\x80", "windows-1252") == "\u20ac");
  CHECK(*charset_to_utf8("x \u2603", "") == "x \u2603");
  auto bad = charset_to_utf8("caf\xe9", "utf-8");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().text == "not valid UTF-8");
  auto unknown = charset_to_utf8("x", "x-unknown");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().text == "unknown charset x-unknown");
  CHECK_FALSE(charset_to_utf8("x", "utf-8//TRANSLIT"));  // no iconv options from the network
  CHECK_FALSE(charset_to_utf8("\xff\xfe", "us-ascii"));
}

TEST_CASE("oim: X-OriginalArrivalTime", "[oim]") {
  CHECK(oim::parse_arrival_time("01 Dec 2026 07:56:52.0000 (UTC) FILETIME=[868E3A00:01DD8169]") ==
        kArrival);
  CHECK(oim::parse_arrival_time("1 dec 2026 07:56:52 (UTC)") == kArrival);
  // The date unreadable: the FILETIME.
  CHECK(oim::parse_arrival_time("garbage FILETIME=[868E3A00:01DD8169]") == kArrival);
  CHECK_FALSE(oim::parse_arrival_time(""));
  CHECK_FALSE(oim::parse_arrival_time("32 Dec 2026 07:56:52.0000 (UTC)"));
  CHECK_FALSE(oim::parse_arrival_time("01 Foo 2026 07:56:52"));
  CHECK_FALSE(oim::parse_arrival_time("FILETIME=[zz:01DD8169]"));
  // Years outside 1970..9999 are no date (a hostile one would overflow the calendar's int).
  CHECK_FALSE(oim::parse_arrival_time("01 Dec 2147483648 07:56:52.0000 (UTC)"));
  CHECK_FALSE(oim::parse_arrival_time("01 Dec 4294967295 07:56:52.0000 (UTC)"));
  CHECK_FALSE(oim::parse_arrival_time("01 Dec 10000 07:56:52.0000 (UTC)"));
  CHECK_FALSE(oim::parse_arrival_time("01 Dec 1969 07:56:52.0000 (UTC)"));
  CHECK(oim::parse_arrival_time("31 Dec 9999 23:59:59 (UTC)") == 253402300799);
  // The date out of range, the FILETIME still tells.
  CHECK(oim::parse_arrival_time("01 Dec 99999 07:56:52 (UTC) FILETIME=[868E3A00:01DD8169]") ==
        kArrival);
}

TEST_CASE("oim: the order: time, and one run by sequence number", "[oim]") {
  SECTION("by time") {
    std::vector<oim::StoredMessage> v = {msg("c", 300), msg("a", 100), msg("b", 200)};
    oim::order_messages(v);
    CHECK(ids(v) == std::vector<std::string>{"a", "b", "c"});
  }
  SECTION("one run, the same second, shuffled: by sequence number") {
    std::vector<oim::StoredMessage> v;
    for (int seq : {3, 1, 10, 2, 5, 4, 9, 6, 8, 7})
      v.push_back(msg("m" + std::to_string(seq), 100, "{R}", seq));
    oim::order_messages(v);
    CHECK(ids(v) ==
          std::vector<std::string>{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"});
  }
  SECTION("a run whose clock disagrees keeps its numbering, in the run's places") {
    std::vector<oim::StoredMessage> v = {msg("r2", 100, "{R}", 2), msg("x", 150),
                                         msg("r1", 200, "{R}", 1), msg("early", 50)};
    oim::order_messages(v);
    CHECK(ids(v) == std::vector<std::string>{"early", "r1", "x", "r2"});
  }
  SECTION("no run, the same second: the FILETIME ticks decide") {
    std::vector<oim::StoredMessage> v = {msg("later", 100), msg("first", 100), msg("next", 100)};
    v[0].ticks = 300;
    v[1].ticks = 100;
    v[2].ticks = 200;
    oim::order_messages(v);
    CHECK(ids(v) == std::vector<std::string>{"first", "next", "later"});
  }
  SECTION("the ticks come from X-OriginalArrivalTime") {
    auto m = oim::decode_stored_message(
        "X-OriginalArrivalTime: 01 Dec 2026 07:56:52.0000 (UTC) FILETIME=[868E3A00:01DD8169]\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n\r\nhi");
    CHECK(m.ticks == ((uint64_t{0x01DD8169} << 32) | 0x868E3A00));
    CHECK(oim::decode_stored_message("Content-Type: text/plain\r\n\r\nhi").ticks == 0);
  }
  SECTION("the same Run-Id from two senders is two runs") {
    std::vector<oim::StoredMessage> v = {msg("a2", 100, "{R}", 1, "a@x"),
                                         msg("b1", 200, "{R}", 2, "b@x"),
                                         msg("a1", 300, "{R}", 3, "a@x")};
    oim::order_messages(v);
    CHECK(ids(v) == std::vector<std::string>{"a2", "b1", "a1"});
  }
}
