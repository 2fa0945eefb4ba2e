// History replayed when a window opens (issue 13, "daily use"): the log read back as typed
// entries (ChatLog::parse_line), the last messages of a conversation without its old notices,
// and the window's dimmed history lines with one line where they end. Day-change lines (the
// window's) and join lines (the conversation's, through the fake switchboard).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <fstream>

#include "app/ChatLog.hpp"
#include "app/Chats.hpp"
#include "app/EventBus.hpp"
#include "app/EventJson.hpp"
#include "app/Settings.hpp"
#include "model/Conversations.hpp"
#include "net/Reactor.hpp"
#include "ui/ChatWindow.hpp"
#include "ui/LineStyle.hpp"

#include "helpers/ChatsWorld.hpp"
#include "helpers/FakeTransport.hpp"
#include "helpers/Loop.hpp"
#include "helpers/ManualClock.hpp"
#include "helpers/TempDir.hpp"

using namespace msntty;
using msntty::test::TempDir;

namespace {

ChatLine message(ChatLine::Kind kind, const std::string& from, const std::string& text, int64_t t) {
  ChatLine l;
  l.kind = kind;
  l.from = from;
  l.text = text;
  l.time = t;
  return l;
}

void utc() {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
}

}  // namespace

TEST_CASE("replay: a log line parses back into its time, sender and text", "[app][log][replay]") {
  auto e = ChatLog::parse_line("2026-12-01T07:17:25+00:00 <bob@example.com> morning, alice");
  REQUIRE(e);
  CHECK(e->kind == ChatLog::Entry::Kind::Message);
  CHECK(e->time == 1796109445);
  CHECK(e->who == "bob@example.com");
  CHECK(e->text == "morning, alice");
  CHECK_FALSE(e->offline);

  // The offset is the local time's: the same instant written under +01:00.
  auto later = ChatLog::parse_line("2026-12-01T08:17:25+01:00 <bob@example.com> x");
  REQUIRE(later);
  CHECK(later->time == 1796109445);
  CHECK(ChatLog::parse_iso_time("2026-12-01T01:47:25-05:30") == 1796109445);

  auto off = ChatLog::parse_line("2026-12-01T07:17:25+00:00 <bob@example.com> (offline) hi");
  REQUIRE(off);
  CHECK(off->offline);
  CHECK(off->text == "hi");

  auto notice = ChatLog::parse_line("2026-12-01T07:17:25+00:00 -!- bob left the conversation");
  REQUIRE(notice);
  CHECK(notice->kind == ChatLog::Entry::Kind::Notice);
  auto error = ChatLog::parse_line("2026-12-01T07:17:25+00:00 -!- error: 217: not online");
  REQUIRE(error);
  CHECK(error->kind == ChatLog::Entry::Kind::Error);
  CHECK(error->text == "217: not online");
}

TEST_CASE("replay: what format_line writes, parse_line reads back", "[app][log][replay]") {
  utc();
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1796109445}, int64_t{4102444799}}) {
    ChatLine in = message(ChatLine::Kind::Incoming, "carol@example.com", "a <b> c > d", t);
    in.offline = t % 2 == 1;
    std::string text = ChatLog::format_line(in);
    text.pop_back();  // the newline
    auto e = ChatLog::parse_line(text);
    REQUIRE(e);
    CHECK(e->time == t);
    CHECK(e->who == "carol@example.com");
    CHECK(e->text == "a <b> c > d");
    CHECK(e->offline == in.offline);
  }
  ::setenv("TZ", "XXX-05:45", 1);  // a local time with an odd offset
  ::tzset();
  std::string text =
      ChatLog::format_line(message(ChatLine::Kind::Outgoing, "a@x", "hi", 1796109445));
  text.pop_back();
  auto e = ChatLog::parse_line(text);
  REQUIRE(e);
  CHECK(e->time == 1796109445);
  utc();
}

TEST_CASE("replay: a malformed line is no entry, never shown raw", "[app][log][replay]") {
  for (const char* bad : {
           "",
           "hello",
           "2026-12-01T07:17:25+00:00",
           "2026-12-01T07:17:25+00:00 bob said hi",
           "2026-12-01 07:17:25 <bob@example.com> hi",
           "2026-13-01T07:17:25+00:00 <bob@example.com> hi",
           "2026-12-01T25:17:25+00:00 <bob@example.com> hi",
           "2026-12-01T07:17:25+0000 <bob@example.com> hi",
           "2026-12-0xT07:17:25+00:00 <bob@example.com> hi",
           "2026-12-01T07:17:25+00:00 <> hi",
           "2026-12-01T07:17:25+00:00 <bob@example.com>hi",
           "2026-12-01T07:17:25+00:00 <bob example> hi",
           "2026-12-01T07:17:25+00:00 <bob@example.com> \x1b[31mred",
           "2026-12-01T07:17:25+00:00 <bob@example.com> bell\a",
           "2026-12-01T07:17:25+00:00 -!- \x1b]0;title\x07",
       }) {
    INFO(bad);
    CHECK_FALSE(ChatLog::parse_line(bad));
  }
}

TEST_CASE("replay: the last messages of a log, without its notices", "[app][log][replay]") {
  utc();
  TempDir dir;
  ChatLog log(dir.path());
  Conversation c(1, {"bob@example.com"});
  int64_t t = 1796109445;
  REQUIRE(log.append(c, message(ChatLine::Kind::Incoming, "bob@example.com", "one", t)));
  REQUIRE(log.append(c, message(ChatLine::Kind::Outgoing, "alice@example.com", "two", t + 1)));
  REQUIRE(log.append(c, message(ChatLine::Kind::Notice, "", "bob left", t + 2)));
  REQUIRE(log.append(c, message(ChatLine::Kind::Error, "", "217: not delivered", t + 3)));
  {
    std::ofstream raw(log.path_for(c), std::ios::app);
    raw << "garbage \x1b[31m line\n";
  }
  REQUIRE(log.append(c, message(ChatLine::Kind::Incoming, "bob@example.com", "three", t + 4)));
  REQUIRE(log.append(c, message(ChatLine::Kind::Notice, "", "bob left", t + 5)));

  auto last = log.last_messages(c, 2);
  REQUIRE(last.size() == 2);
  CHECK(last[0].text == "two");
  CHECK(last[0].who == "alice@example.com");
  CHECK(last[1].text == "three");
  CHECK(last[1].time == t + 4);
  // More wanted than there are: all of them, oldest first; notices do not count.
  auto all = log.last_messages(c, 10);
  REQUIRE(all.size() == 3);
  CHECK(all[0].text == "one");
  CHECK(log.last_messages(c, 0).empty());
  CHECK(log.last_messages(Conversation(2, {"nobody@example.com"}), 5).empty());
}

TEST_CASE("replay: many notices after the messages still leave the messages found",
          "[app][log][replay]") {
  utc();
  TempDir dir;
  ChatLog log(dir.path());
  Conversation c(1, {"bob@example.com"});
  REQUIRE(log.append(c, message(ChatLine::Kind::Incoming, "bob@example.com", "old", 1000)));
  for (int i = 0; i < 50; ++i)
    REQUIRE(log.append(c, message(ChatLine::Kind::Notice, "", "bob left", 1001 + i)));
  auto last = log.last_messages(c, 1);
  REQUIRE(last.size() == 1);
  CHECK(last[0].text == "old");
}

TEST_CASE("replay: the history event carries typed fields", "[app][events][replay]") {
  std::string json = to_json(ev::History{.conversation = 3,
                                         .time = 1796109445,
                                         .from = "bob@example.com",
                                         .nick = "Bob",
                                         .text = "hi"});
  CHECK(json == R"({"event":"history","conversation":3,"time":1796109445,"from":"bob@example.com",)"
                R"("nick":"Bob","text":"hi"})");
  CHECK(json.find("\"line\"") == std::string::npos);
}

TEST_CASE("replay: a window draws history lines dimmed, then one line where they end",
          "[ui][window][replay]") {
  using namespace msntty::ui;
  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);
  ChatLine live = message(ChatLine::Kind::Incoming, "bob@example.com", "live before", 1000);
  live.nick = "Bob";
  c.add_line(live);
  w.sync(c, contacts, "Alice");
  w.scrollback().mark_read();  // the user left the window with everything read

  ChatLine old = message(ChatLine::Kind::Incoming, "bob@example.com", "old one", 900);
  old.nick = "Bob";
  old.history = true;
  c.add_line(old);
  ChatLine mine = message(ChatLine::Kind::Outgoing, "alice@example.com", "old two", 901);
  mine.history = true;
  c.add_line(mine);
  REQUIRE(w.sync(c, contacts, "Alice"));
  Scrollback& sb = w.scrollback();
  REQUIRE(sb.size() == 4);
  CHECK(sb.line(1).history);
  CHECK(sb.line(1).text == "old one");
  CHECK(sb.line(1).prefix == "<Bob>");
  CHECK(sb.line(1).time == 900);  // its own time in the timestamp column
  CHECK(sb.line(2).history);
  CHECK(sb.line(2).prefix == "<Alice>");
  CHECK(sb.line(2).delivery == Delivery::None);
  CHECK(sb.line(3).history);
  CHECK(sb.line(3).text.find("end of history") != std::string::npos);
  CHECK(style_role(sb.line(3).style) == LineRole::Notice);
  // Old lines do not put a "new" separator before them.
  CHECK_FALSE(sb.first_unread());

  ChatLine now = message(ChatLine::Kind::Incoming, "bob@example.com", "live after", 1100);
  c.add_line(now);
  REQUIRE(w.sync(c, contacts, "Alice"));
  CHECK_FALSE(sb.line(sb.size() - 1).history);
  REQUIRE(sb.first_unread());
  CHECK(sb.line(*sb.first_unread()).text == "live after");
  CHECK_FALSE(sb.line(0).history);
}

TEST_CASE("replay: one end line per batch of history, none without history",
          "[ui][window][replay]") {
  using namespace msntty::ui;
  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);
  for (int i = 0; i < 3; ++i) {
    ChatLine old = message(ChatLine::Kind::Incoming, "bob@example.com", "old", 900 + i);
    old.history = true;
    c.add_line(old);
  }
  c.add_line(message(ChatLine::Kind::Incoming, "bob@example.com", "new", 1000));
  w.sync(c, contacts, "Alice");
  int ends = 0;
  for (std::size_t i = 0; i < w.scrollback().size(); ++i)
    ends += w.scrollback().line(i).text.find("end of history") != std::string::npos;
  CHECK(ends == 1);
  REQUIRE(w.scrollback().size() == 5);
  CHECK(w.scrollback().line(3).text.find("end of history") != std::string::npos);
  CHECK(w.scrollback().line(4).text == "new");
  c.add_line(message(ChatLine::Kind::Incoming, "bob@example.com", "more", 1001));
  w.sync(c, contacts, "Alice");
  CHECK(w.scrollback().size() == 6);
}

namespace {

constexpr int64_t k_dec1 = 1796140800;  // 2026-12-01T16:00:00Z, a Tuesday
constexpr int64_t k_dec2_midnight = 1796169600;

std::vector<std::string> window_texts(msntty::ui::ChatWindow& w) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < w.scrollback().size(); ++i)
    out.push_back(w.scrollback().line(i).text);
  return out;
}

}  // namespace

TEST_CASE("day change: the text is English whatever the locale", "[ui][window][day]") {
  utc();
  using msntty::ui::ChatWindow;
  CHECK(ChatWindow::day_changed_text(k_dec2_midnight) ==
        "Day changed to Wednesday, 2 December 2026");
  CHECK(ChatWindow::day_changed_text(k_dec1) == "Day changed to Tuesday, 1 December 2026");
  CHECK(ChatWindow::day_changed_text(951782400) == "Day changed to Tuesday, 29 February 2000");
}

TEST_CASE("day change: a line between two lines of different local days", "[ui][window][day]") {
  utc();
  using namespace msntty::ui;
  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);
  c.add_line(message(ChatLine::Kind::Incoming, "bob@example.com", "tuesday", k_dec1));
  c.add_line(message(ChatLine::Kind::Incoming, "bob@example.com", "same day", k_dec1 + 60));
  c.add_line(
      message(ChatLine::Kind::Incoming, "bob@example.com", "wednesday", k_dec2_midnight + 5));
  w.sync(c, contacts, "Alice");
  CHECK(window_texts(w) == std::vector<std::string>{"tuesday", "same day",
                                                    "Day changed to Wednesday, 2 December 2026",
                                                    "wednesday"});
  const auto& day = w.scrollback().line(2);
  CHECK(day.time == k_dec2_midnight);  // 00:00 in the timestamp column
  CHECK(style_role(day.style) == LineRole::Notice);
  CHECK_FALSE(day.history);
  // The first line of a window has no day line before it; nor do lines of unknown time.
  ChatWindow fresh(2, 100);
  Scrollback::Line undated;
  undated.text = "no time";
  fresh.add(undated);
  Scrollback::Line dated;
  dated.time = k_dec1;
  dated.text = "first";
  fresh.add(dated);
  CHECK(window_texts(fresh) == std::vector<std::string>{"no time", "first"});
}

TEST_CASE("day change: between replayed history and live lines, after the end line",
          "[ui][window][day]") {
  utc();
  using namespace msntty::ui;
  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);
  ChatLine old = message(ChatLine::Kind::Incoming, "bob@example.com", "yesterday", k_dec1);
  old.history = true;
  c.add_line(old);
  c.add_line(message(ChatLine::Kind::Incoming, "bob@example.com", "today", k_dec2_midnight + 9));
  w.sync(c, contacts, "Alice");
  auto texts = window_texts(w);
  REQUIRE(texts.size() == 4);
  CHECK(texts[0] == "yesterday");
  CHECK(texts[1].find("end of history") != std::string::npos);
  CHECK(w.scrollback().line(1).time == k_dec1);
  CHECK(texts[2] == "Day changed to Wednesday, 2 December 2026");
  CHECK(texts[3] == "today");
}

TEST_CASE("day change: at midnight in an open window, once", "[ui][window][day]") {
  utc();
  using namespace msntty::ui;
  ChatWindow empty(0, 100);
  empty.mark_day(k_dec2_midnight);  // nothing in it: nothing to change from
  CHECK(empty.scrollback().size() == 0);

  ChatWindow w(0, 100);
  Scrollback::Line l;
  l.time = k_dec1;
  l.text = "before midnight";
  w.add(l);
  w.mark_day(k_dec1 + 3600);  // the same day: nothing
  CHECK(w.scrollback().size() == 1);
  w.mark_day(k_dec2_midnight);
  w.mark_day(k_dec2_midnight + 1);
  REQUIRE(w.scrollback().size() == 2);
  CHECK(w.scrollback().line(1).text == "Day changed to Wednesday, 2 December 2026");
  l.time = k_dec2_midnight + 30;
  l.text = "after midnight";
  w.add(l);
  CHECK(window_texts(w) == std::vector<std::string>{"before midnight",
                                                    "Day changed to Wednesday, 2 December 2026",
                                                    "after midnight"});
  // A /lastlog copy of an old line is no day change.
  l.time = k_dec1;
  l.quoted = true;
  w.add(l);
  l.quoted = false;
  l.time = k_dec2_midnight + 60;
  w.add(l);
  CHECK(w.scrollback().size() == 5);
}

namespace {

const std::string kBob = "bob@example.com";

struct ChatsFixture : test::ChatsWorld {
  std::vector<std::string> logged;  // every line the log hook saw
  Chats chats{reactor, network.factory(), settings, contacts, conversations, events, hooks()};

  Chats::Hooks hooks() {
    Chats::Hooks h;
    h.request_switchboard = [] { return uint32_t{100}; };
    h.account = [this]() -> const std::string& { return account; };
    h.line_added = [this](Conversation&, const ChatLine& l) { logged.push_back(l.text); };
    return h;
  }

  bool said(const std::string& text) const {
    return std::find(logged.begin(), logged.end(), text) != logged.end();
  }
};

}  // namespace

TEST_CASE("join lines: someone joining people already there, not the one called",
          "[app][chats][join]") {
  ChatsFixture f;
  f.contacts.upsert("carol@example.com").nick = "Carol";
  Conversation& c = f.chats.conversation_with(kBob);
  f.chats.send_text(c, "hi");
  f.chats.on_granted({100, "127.0.0.1", 1864, "cookie"});
  test::FakeWire& wire = f.network.last();
  wire.accept();
  test::settle(f.reactor);
  wire.server_says("USR 1 OK alice@example.com Alice");
  wire.server_says("JOI bob@example.com Bob");
  test::settle(f.reactor);
  for (const auto& l : f.logged) CHECK(l.find("joined") == std::string::npos);
  wire.server_says("JOI carol@example.com Carol");
  test::settle(f.reactor);
  CHECK(f.said("Carol joined"));
}

TEST_CASE("join lines: an answered group says who is in it once; a one-to-one says nothing",
          "[app][chats][join]") {
  ChatsFixture f;
  f.contacts.upsert(kBob).nick = "Bob";
  f.chats.on_invitation({"11752013", "127.0.0.1", "849102291.520491932", kBob, "Bob", 1865});
  test::FakeWire& one = f.network.last();
  one.accept();
  test::settle(f.reactor);
  one.server_says("IRO 1 1 1 bob@example.com Bob");
  one.server_says("ANS 1 OK");
  test::settle(f.reactor);
  for (const auto& l : f.logged) {
    CHECK(l.find("joined") == std::string::npos);
    CHECK(l.find("in this conversation") == std::string::npos);
  }
  f.chats.on_invitation({"11752014", "127.0.0.1", "849102291.520491933", kBob, "Bob", 1865});
  test::FakeWire& group = f.network.last();
  group.accept();
  test::settle(f.reactor);
  group.server_says("IRO 1 1 2 bob@example.com Bob");
  group.server_says("IRO 1 2 2 carol@example.com Carol");
  group.server_says("ANS 1 OK");
  test::settle(f.reactor);
  CHECK(std::count(f.logged.begin(), f.logged.end(),
                   "in this conversation: Bob, carol@example.com") == 1);
  for (const auto& l : f.logged) CHECK(l.find("joined") == std::string::npos);
  group.server_says("JOI dave@example.com Dave");
  test::settle(f.reactor);
  CHECK(f.said("dave@example.com joined"));
}
