// The input history (issue 13): util/InputHistory's recall order, repeats and bound, and
// app/InputHistoryFile's file (0600, atomic, never trusted when read back), and which lines
// are never kept (Settings::names_secret, UserConfig::alias_carries_secret).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "app/CommandTable.hpp"
#include "app/InputHistoryFile.hpp"
#include "app/Settings.hpp"
#include "app/UserConfig.hpp"
#include "helpers/TempDir.hpp"
#include "util/InputHistory.hpp"

using namespace msntty;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("input history: this window's lines first, then the others'", "[history][input]") {
  InputHistory h;
  CHECK_FALSE(h.up("", "x"));
  h.add("bob@example.com", "hi bob");
  h.add("", "/set bell");
  h.add("bob@example.com", "how are you");
  h.add("carol@example.com", "hi carol");
  CHECK(h.up("bob@example.com", "draft").value() == "how are you");
  CHECK(h.up("bob@example.com", "how are you").value() == "hi bob");
  CHECK(h.up("bob@example.com", "hi bob").value() == "hi carol");  // then the shared ones
  CHECK(h.up("bob@example.com", "hi carol").value() == "/set bell");
  CHECK_FALSE(h.up("bob@example.com", "/set bell"));  // the oldest
  CHECK(h.down().value() == "hi carol");
  CHECK(h.down().value() == "hi bob");
  CHECK(h.down().value() == "how are you");
  CHECK(h.down().value() == "draft");  // the line being typed comes back
  CHECK_FALSE(h.browsing());
  CHECK_FALSE(h.down());
  // The status window: its own line first.
  CHECK(h.up("", "").value() == "/set bell");
  CHECK(h.up("", "").value() == "hi carol");
}

TEST_CASE("input history: a line typed again moves to the front, shown once", "[history][input]") {
  InputHistory h;
  h.add("", "/win 2");
  h.add("", "/away lunch");
  h.add("bob@example.com", "/win 2");
  h.add("", "/win 2");  // again in the status window: moves, not kept twice
  CHECK(h.size() == 3);
  CHECK(h.up("", "").value() == "/win 2");
  CHECK(h.up("", "").value() == "/away lunch");
  CHECK_FALSE(h.up("", ""));  // bob's "/win 2" is the same line: not shown a second time
  CHECK(h.down().value() == "/win 2");
}

TEST_CASE("input history: bounded, no empty or broken lines", "[history][input]") {
  InputHistory h(3);
  uint64_t rev = h.revision();
  h.add("", "");
  h.add("", "two\nlines");
  h.add("a\tb", "a key with a tab");
  CHECK(h.size() == 0);
  CHECK(h.revision() == rev);  // nothing changed: nothing to write
  for (const char* l : {"a", "b", "c", "d"}) h.add("", l);
  CHECK(h.size() == 3);
  CHECK(h.entries().front().line == "b");  // the oldest went first
  CHECK(h.revision() != rev);
  h.set_max(1);
  CHECK(h.size() == 1);
  CHECK(h.entries().front().line == "d");
  h.set_max(0);
  h.add("", "e");
  CHECK(h.size() == 0);
}

TEST_CASE("input history: assign keeps the newest of repeats, within the bound",
          "[history][input]") {
  InputHistory h(2);
  h.assign({{"", "a"}, {"", "b"}, {"", "a"}, {"", ""}, {"", "c"}});
  REQUIRE(h.size() == 2);
  CHECK(h.entries()[0] == InputHistory::Entry{"", "a"});
  CHECK(h.entries()[1] == InputHistory::Entry{"", "c"});
}

TEST_CASE("input history file: round trip, 0600 in a 0700 folder", "[history][input][files]") {
  test::TempDir dir;
  InputHistoryFile file(InputHistoryFile::path_for(dir.path() + "/state", "Alice@Example.com"));
  CHECK(file.path() == dir.path() + "/state/input-history/alice@example.com");
  InputHistory h;
  h.add("", "/set bell");
  h.add("bob@example.com", "tab\there");
  h.add("bob@example.com,carol@example.com", "hi both \xc3\xa9");
  REQUIRE(file.save(h));
  struct stat st {};
  REQUIRE(::stat(file.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((dir.path() + "/state/input-history").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(read_all(file.path()) ==
        "\t/set bell\nbob@example.com\ttab\there\n"
        "bob@example.com,carol@example.com\thi both \xc3\xa9\n");

  InputHistory back;
  auto loaded = file.load(back);
  REQUIRE(loaded);
  CHECK(*loaded == 0);
  CHECK(back.entries() == h.entries());

  REQUIRE(file.remove());
  CHECK(::stat(file.path().c_str(), &st) != 0);
  CHECK(file.remove());  // already gone: fine
  InputHistory none;
  none.add("", "kept");
  REQUIRE(file.load(none));  // a missing file: an empty history
  CHECK(none.size() == 0);
}

TEST_CASE("input history file: what cannot be used is skipped and counted",
          "[history][input][files]") {
  test::TempDir dir;
  InputHistoryFile file(dir.file("history"));
  write_all(file.path(),
            "\tgood one\n"
            "no tab at all\n"
            "\t\x1b]0;retitled\x07\n"  // a control sequence must never reach the input line
            "\tnot utf-8 \xff\n"
            "\t\n"  // empty
            "bob@example.com\tgood two\n"
            "\tcut short, no newline");
  InputHistory h;
  auto loaded = file.load(h);
  REQUIRE(loaded);
  CHECK(*loaded == 5);
  REQUIRE(h.size() == 2);
  CHECK(h.entries()[0].line == "good one");
  CHECK(h.entries()[1].line == "good two");

  write_all(file.path(), std::string(4096, '\0'));  // binary garbage: no crash, nothing kept
  REQUIRE(file.load(h));
  CHECK(h.size() == 0);
}

TEST_CASE("input history file: too large is refused whole, and never written",
          "[history][input][files]") {
  test::TempDir dir;
  InputHistoryFile file(dir.file("history"));
  write_all(file.path(), std::string(InputHistoryFile::kMaxBytes + 1, 'x'));
  InputHistory h;
  h.add("", "mine");
  auto loaded = file.load(h);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().text.find("larger than") != std::string::npos);
  CHECK(h.size() == 1);  // left as it was

  InputHistory big(100000);
  std::string line(100, 'y');
  for (int i = 0; i < 50000; ++i) big.add("", line + std::to_string(i));  // ~5 MB
  std::string text = InputHistoryFile::serialize(big);
  CHECK(text.size() <= InputHistoryFile::kMaxBytes);
  CHECK(text.ends_with(line + "49999\n"));  // the newest kept, the oldest left out
  CHECK(text.find("\t" + line + "0\n") == std::string::npos);
  REQUIRE(file.save(big));
  InputHistory back(100000);
  REQUIRE(file.load(back));
  CHECK(back.entries().back().line == line + "49999");
}

TEST_CASE("input history file: a file that is not ours to read is a clear error",
          "[history][input][files]") {
  test::TempDir dir;
  InputHistoryFile folder(dir.path());  // a folder where the file should be
  InputHistory h;
  auto loaded = folder.load(h);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().text.find(dir.path()) != std::string::npos);
  CHECK_FALSE(folder.save(h));  // cannot be replaced by a file: an error, no crash
}

TEST_CASE("lines that can carry a password are known", "[history][input][secret]") {
  CHECK(Settings::names_secret("/set password_command echo hunter2"));
  CHECK(Settings::names_secret("/SET Password_Command pass show msn"));
  CHECK_FALSE(Settings::names_secret("/set bell on"));
  CHECK_FALSE(Settings::names_secret("my password is in the other window"));  // no setting

  CommandTable table;
  Settings settings;
  test::TempDir dir;
  UserConfig::Hooks hooks;
  hooks.notice = [](const std::string&) {};
  hooks.report_error = [](const std::string& text) { FAIL(text); };
  UserConfig config(table, settings, dir.file("config"), {}, hooks);
  config.register_commands();
  auto run = [&](std::string_view line) {
    auto [name, args] = split_first_word(line.substr(1));
    auto found = table.find(name);
    REQUIRE(found.spec);
    auto parsed = table.parse(*found.spec, args);
    REQUIRE(parsed.error == "");
    found.spec->run(parsed.args, CommandSource::User);
  };
  run("/alias pw /set password_command printf %s $1");
  run("/alias login /status online; /pw");  // through another alias
  run("/alias afk /status away; /psm afk");
  CHECK(config.alias_carries_secret("pw"));
  CHECK(config.alias_carries_secret("PW"));
  CHECK(config.alias_carries_secret("login"));
  CHECK_FALSE(config.alias_carries_secret("afk"));
  CHECK_FALSE(config.alias_carries_secret("set"));  // not an alias
  run("/alias loop /loop");                         // aliases that run themselves end
  CHECK_FALSE(config.alias_carries_secret("loop"));
}
