// The conversation log format, file naming, tail and search.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "app/ChatLog.hpp"

#include "helpers/TempDir.hpp"

using namespace msntty;
using msntty::test::TempDir;

namespace {

ChatLine line(ChatLine::Kind kind, const std::string& from, const std::string& text,
              int64_t t = 1795279396) {
  ChatLine l;
  l.kind = kind;
  l.from = from;
  l.text = text;
  l.time = t;
  return l;
}

}  // namespace

TEST_CASE("chatlog: one line per message, ISO-8601 time, escaped controls", "[app][log]") {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  std::string s = ChatLog::format_line(
      line(ChatLine::Kind::Incoming, "bob@example.com", "hi\nthere \x1b[31mred"));
  CHECK(s == "2026-11-21T16:43:16+00:00 <bob@example.com> hi\\nthere ^[[31mred\n");
  CHECK(ChatLog::format_line(line(ChatLine::Kind::Notice, "", "bob left")) ==
        "2026-11-21T16:43:16+00:00 -!- bob left\n");
  CHECK(ChatLog::format_line(line(ChatLine::Kind::Error, "", "nope")) ==
        "2026-11-21T16:43:16+00:00 -!- error: nope\n");
  ChatLine offline = line(ChatLine::Kind::Incoming, "bob@example.com", "while away", 1796111812);
  offline.offline = true;  // its original time, the mark before the text
  CHECK(ChatLog::format_line(offline) ==
        "2026-12-01T07:56:52+00:00 <bob@example.com> (offline) while away\n");
  std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)");
  CHECK(std::regex_match(ChatLog::iso_time(0), iso));
}

TEST_CASE("chatlog: file names cannot escape the folder", "[app][log]") {
  CHECK(ChatLog::safe_file_part("bob@example.com") == "bob@example.com");
  CHECK(ChatLog::safe_file_part("../../etc/passwd") ==
        "_._.._etc_passwd");  // no slash, no leading dot
  CHECK(ChatLog::safe_file_part("a/b\x01"
                                "c") == "a_b_c");
  CHECK(ChatLog::safe_file_part("") == "_");
  ChatLog log("/x");
  Conversation group(1, {"carol@example.com", "Bob@Example.com"});
  CHECK(log.path_for(group) == "/x/bob@example.com,carol@example.com.log");
}

TEST_CASE("chatlog: files are private, tail and search read them back", "[app][log]") {
  TempDir tmp("msntty-chatlog");
  std::string dir = tmp.path() + "/logs/alice@example.com";
  ChatLog log(dir);
  Conversation c(1, {"bob@example.com"});
  for (int i = 0; i < 50; ++i)
    REQUIRE(log.append(
        c, line(ChatLine::Kind::Incoming, "bob@example.com", "message " + std::to_string(i))));
  REQUIRE(log.sync());
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat(log.path_for(c).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto last = log.tail(c, 3);
  REQUIRE(last.size() == 3);
  CHECK(last[0].ends_with("message 47"));
  CHECK(last[2].ends_with("message 49"));
  CHECK(log.tail(c, 500).size() == 50);
  auto hits = log.search("MESSAGE 4", 100);
  CHECK(hits.size() == 11);  // 4 and 40..49
  CHECK(hits[0].file == "bob@example.com");
  CHECK(log.search("message", 5).size() == 5);
  Conversation nobody(2, {"nobody@example.com"});
  CHECK(log.tail(nobody, 10).empty());
}

TEST_CASE("chatlog: a line that cannot be written says why, and the next one tries again",
          "[app][log]") {
  TempDir dir;
  { std::ofstream(dir.file("logs")) << "a file where the folder should be"; }
  ChatLog log(dir.file("logs") + "/me");
  Conversation c(1, {"bob@example.com"});
  auto r = log.append(c, line(ChatLine::Kind::Incoming, "bob@example.com", "lost?"));
  REQUIRE_FALSE(r);
  CHECK(r.error().text.starts_with("cannot create"));
  REQUIRE(::unlink(dir.file("logs").c_str()) == 0);
  CHECK(log.append(c, line(ChatLine::Kind::Incoming, "bob@example.com", "kept")));
  CHECK(log.sync());
  std::ifstream in(log.path_for(c));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.ends_with("<bob@example.com> kept\n"));
}
