// The curses-free parts of the interface: key bindings, layout, window mirroring
// of conversations, contact rows and the status bar's window list.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "ui/Bars.hpp"
#include "ui/ChatWindow.hpp"
#include "ui/ContactRows.hpp"
#include "ui/KeyBindings.hpp"
#include "ui/KeyNames.hpp"
#include "ui/Layout.hpp"
#include "ui/LineStyle.hpp"
#include "ui/WindowList.hpp"

using namespace msntty;
using namespace msntty::ui;

namespace {

ChatLine line(ChatLine::Kind kind, std::string text, uint64_t id = 0, Delivery d = Delivery::None) {
  ChatLine l;
  l.kind = kind;
  l.text = std::move(text);
  l.id = id;
  l.delivery = d;
  l.from = "bob@example.com";
  l.nick = "Bob";
  l.time = 1000;
  return l;
}

std::vector<std::string> texts(ChatWindow& w) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < w.scrollback().size(); ++i)
    out.push_back(w.scrollback().line(i).text);
  return out;
}

}  // namespace

TEST_CASE("KeyBindings: defaults, context fallback, rebinding", "[ui][keys]") {
  KeyBindings b;
  REQUIRE(b.lookup(KeyContext::Input, "M-1"));
  CHECK(*b.lookup(KeyContext::Input, "M-1") == "/win 1");
  CHECK(*b.lookup(KeyContext::Input, "M-0") == "/win 10");
  CHECK(*b.lookup(KeyContext::Input, "M-q") == "/win 11");
  CHECK(*b.lookup(KeyContext::Contacts, "Enter") == "/pane open");
  CHECK(*b.lookup(KeyContext::Contacts, "M-2") == "/win 2");  // falls back to the input table
  b.bind(KeyContext::Input, "F5", "/nudge");
  CHECK(*b.lookup(KeyContext::Input, "F5") == "/nudge");
  CHECK(b.unbind(KeyContext::Input, "F5"));
  CHECK_FALSE(b.lookup(KeyContext::Input, "F5"));
  CHECK_FALSE(b.unbind(KeyContext::Input, "F5"));
  for (const auto& d : KeyBindings::defaults())
    CHECK(normalize_key_name(d.key) == std::string(d.key));
}

TEST_CASE("Layout fits every terminal size", "[ui][layout]") {
  Layout l = compute_layout(24, 80, true, 24);
  CHECK(l.title.h == 1);
  CHECK(l.contacts.w == 24);
  CHECK(l.chat.x == 25);
  CHECK(l.chat.w == 55);
  CHECK(l.chat.h == 21);
  CHECK(l.status.y == 22);
  CHECK(l.input.y == 23);
  Layout small = compute_layout(10, 20, true, 24);
  CHECK(small.contacts.empty());
  CHECK(small.chat.w == 20);
  CHECK(small.chat.h == 7);
  Layout tiny = compute_layout(2, 5, true, 24);
  CHECK(tiny.chat.empty());
  CHECK(tiny.input.w == 5);
  CHECK(tiny.status.y == 0);
  CHECK(compute_layout(1, 1, true, 24).input.h == 1);
  CHECK(compute_layout(0, 0, true, 24).input.empty());
  CHECK(compute_layout(24, 80, false, 24).contacts.empty());
}

TEST_CASE("ChatWindow mirrors a conversation incrementally", "[ui][window]") {
  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);
  c.add_line(line(ChatLine::Kind::Incoming, "one"));
  CHECK(w.sync(c, contacts, "Alice"));
  CHECK_FALSE(w.sync(c, contacts, "Alice"));  // nothing after its last seq
  c.add_line(line(ChatLine::Kind::Incoming, "two\x1b[31m"));
  CHECK(w.sync(c, contacts, "Alice"));
  CHECK(w.last_seq() == 2);
  CHECK(texts(w) == std::vector<std::string>{"one", "two^[[31m"});
  CHECK(w.scrollback().line(0).prefix == "<Bob>");

  SECTION("delivery marks follow the model; a failure adds a line with the reason") {
    c.add_line(line(ChatLine::Kind::Outgoing, "mine", 7, Delivery::Pending));
    w.sync(c, contacts, "Alice");
    CHECK(w.scrollback().line(2).delivery == Delivery::Pending);
    CHECK(w.scrollback().line(2).prefix == "<Alice>");
    CHECK(style_role(w.scrollback().line(2).style) == LineRole::Own);
    CHECK(w.scrollback().line(2).message_id == 7);
    ChatLine* l = c.find_line(7);
    l->delivery = Delivery::Failed;
    l->failure = "217: user is offline";
    CHECK(w.sync(c, contacts, "Alice"));  // a delivery change is a change
    CHECK(w.scrollback().line(2).delivery == Delivery::Failed);
    REQUIRE(w.scrollback().size() == 4);
    CHECK(w.scrollback().line(3).text.find("not delivered: 217: user is offline") !=
          std::string::npos);
    l->delivery = Delivery::Delivered;  // /resend worked
    w.sync(c, contacts, "Alice");
    CHECK(w.scrollback().line(2).delivery == Delivery::Delivered);
    CHECK(w.scrollback().size() == 4);
    CHECK_FALSE(w.sync(c, contacts, "Alice"));  // settled: nothing more to follow
  }
  SECTION("a flood longer than the conversation keeps is mirrored once, in order") {
    c.set_max_lines(50);
    for (int i = 0; i < 120; ++i)
      c.add_line(line(ChatLine::Kind::Incoming, "m" + std::to_string(i)));
    w.sync(c, contacts, "Alice");
    auto t = texts(w);
    REQUIRE(t.size() == 52);
    CHECK(t[2] == "m70");
    CHECK(t.back() == "m119");
  }
}

TEST_CASE("ChatWindow follows a conversation by seq, with delivery changes", "[ui][window]") {
  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);

  SECTION("a message that failed before the window first looked is announced once") {
    c.add_line(line(ChatLine::Kind::Outgoing, "lost", 3, Delivery::Failed)).failure =
        "216: blocked";
    c.add_line(line(ChatLine::Kind::Incoming, "after"));
    CHECK(w.sync(c, contacts, "Alice"));
    CHECK(texts(w) ==
          std::vector<std::string>{"lost", "after",
                                   "\u2717 not delivered: 216: blocked (/resend to try again)"});
    CHECK(w.scrollback().line(0).delivery == Delivery::Failed);
    CHECK_FALSE(w.sync(c, contacts, "Alice"));
    CHECK(w.scrollback().size() == 3);

    // /resend: pending again, then failing a second time is announced again.
    c.find_line(3)->delivery = Delivery::Pending;
    CHECK(w.sync(c, contacts, "Alice"));
    CHECK(w.scrollback().line(0).delivery == Delivery::Pending);
    CHECK(w.scrollback().size() == 3);
    c.find_line(3)->delivery = Delivery::Failed;
    CHECK(w.sync(c, contacts, "Alice"));
    CHECK(w.scrollback().size() == 4);
  }
  SECTION("pending, sent and delivered are copied as they change, each to its own line") {
    c.add_line(line(ChatLine::Kind::Outgoing, "a", 1, Delivery::Pending));
    c.add_line(line(ChatLine::Kind::Outgoing, "b", 2, Delivery::Pending));
    w.sync(c, contacts, "Alice");
    c.find_line(2)->delivery = Delivery::Sent;
    CHECK(w.sync(c, contacts, "Alice"));
    CHECK(w.scrollback().line(0).delivery == Delivery::Pending);
    CHECK(w.scrollback().line(1).delivery == Delivery::Sent);
    c.find_line(1)->delivery = Delivery::Delivered;
    c.find_line(2)->delivery = Delivery::Delivered;
    CHECK(w.sync(c, contacts, "Alice"));
    CHECK(w.scrollback().line(0).delivery == Delivery::Delivered);
    CHECK(w.scrollback().line(1).delivery == Delivery::Delivered);
    CHECK(w.scrollback().size() == 2);
  }
  SECTION("an unsettled message that leaves the bounded history is forgotten") {
    c.set_max_lines(3);
    c.add_line(line(ChatLine::Kind::Outgoing, "old", 1, Delivery::Pending));
    w.sync(c, contacts, "Alice");
    for (int i = 0; i < 5; ++i) c.add_line(line(ChatLine::Kind::Incoming, "n" + std::to_string(i)));
    CHECK(w.sync(c, contacts, "Alice"));
    CHECK(w.last_seq() == 6);
    CHECK(texts(w) ==
          std::vector<std::string>{"old", "n2", "n3", "n4"});     // n0, n1 were dropped unseen
    CHECK(w.scrollback().line(0).delivery == Delivery::Pending);  // what it last knew
    CHECK_FALSE(w.sync(c, contacts, "Alice"));
  }
}

TEST_CASE("WindowList follows the conversations", "[ui][window]") {
  WindowList list(100);
  Conversations convs;
  uint64_t a = convs.open({"a@x"}).id();
  uint64_t b = convs.open({"b@x"}).id();
  CHECK(list.sync(convs));
  CHECK(list.size() == 3);
  CHECK(list.select(2));
  CHECK(list.current().conversation_id() == b);
  convs.close(a);
  CHECK(list.sync(convs));
  CHECK(list.size() == 2);
  CHECK(list.current().conversation_id() == b);  // still current, now window 2
  convs.close(b);
  list.sync(convs);
  CHECK(list.current().is_status());
  CHECK_FALSE(list.select(5));
}

TEST_CASE("ContactRows groups, sorts and moves the cursor over contacts", "[ui][contacts]") {
  ContactList list;
  list.upsert_group({"1", "Friends"});
  auto add = [&](const std::string& email, const std::string& nick, Status s,
                 std::vector<std::string> groups) {
    Contact& c = list.upsert(email);
    c.nick = nick;
    c.status = s;
    c.lists = kForwardList;
    c.groups = std::move(groups);
  };
  add("zed@x", "Zed", Status::Online, {"1"});
  add("amy@x", "Amy", Status::Offline, {"1"});
  add("bob@x", "bob", Status::Away, {"1"});
  add("loner@x", "Loner", Status::Online, {});
  list.upsert("fan@x").lists = kReverseList;  // added us; not on our list
  ContactRows rows;
  CHECK(rows.update(list));
  CHECK_FALSE(rows.update(list));
  const auto& r = rows.rows();
  REQUIRE(r.size() == 6);
  CHECK(r[0].header);
  CHECK(r[0].title == "Friends");
  CHECK(r[0].online == 2);
  CHECK(r[0].total == 3);
  CHECK(r[1].email == "bob@x");  // online first, then by name
  CHECK(r[2].email == "zed@x");
  CHECK(r[3].email == "amy@x");
  CHECK(r[4].title == "Other contacts");
  CHECK(rows.selected_email() == "bob@x");
  rows.move(3);
  CHECK(rows.selected_email() == "loner@x");  // skipped the header
  rows.move(5);
  CHECK(rows.selected_email() == "loner@x");
  rows.first();
  CHECK(rows.selected_email() == "bob@x");
  rows.move(1);
  list.find("zed@x")->status = Status::Offline;
  list.touch();
  rows.update(list);
  CHECK(rows.selected_email() == "zed@x");  // the cursor stays on the contact
  CHECK(rows.scroll_top(2) <= rows.cursor());
}

TEST_CASE("the window list in the status bar degrades to fit", "[ui][bars]") {
  std::vector<WindowTab> tabs = {{1, "status", Activity::None, false},
                                 {2, "Bob", Activity::Highlight, false},
                                 {3, "Carol", Activity::None, true},
                                 {4, "Dave", Activity::Message, false},
                                 {5, "Erin", Activity::None, false}};
  CHECK(fit_tabs(tabs, 80).labels ==
        std::vector<std::string>{"1:status", "2:Bob!", "3:Carol", "4:Dave+", "5:Erin"});
  CHECK(fit_tabs(tabs, 28).labels ==
        std::vector<std::string>{"1", "2:Bob!", "3:Carol", "4:Dave+", "5"});
  TabFit narrow = fit_tabs(tabs, 27);
  CHECK(narrow.labels == std::vector<std::string>{"", "2:Bob!", "3:Carol", "4:Dave+", ""});
  CHECK(narrow.hidden == 2);
}

TEST_CASE("ChatWindow marks an offline message, with its date when not today", "[ui][window]") {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  const int64_t noon = 1796126400;  // 2026-12-01T12:00:00Z
  CHECK(ChatWindow::offline_mark(noon - 3600, noon) == "(offline) ");
  CHECK(ChatWindow::offline_mark(noon - 13 * 3600, noon) == "(offline, 2026-11-30) ");
  CHECK(ChatWindow::offline_mark(noon - 400 * 86400, noon) == "(offline, 2025-10-27) ");

  ContactList contacts;
  Conversation c(1, {"bob@example.com"});
  ChatWindow w(1, 100);
  ChatLine l = line(ChatLine::Kind::Incoming, "sent while away\x1b");
  l.offline = true;
  l.time = 1000;  // 1970: never today
  c.add_line(l);
  c.add_line(line(ChatLine::Kind::Incoming, "live"));
  w.sync(c, contacts, "Alice");
  CHECK(texts(w) == std::vector<std::string>{"(offline, 1970-01-01) sent while away^[", "live"});
  CHECK(w.scrollback().line(0).time == 1000);  // the timestamp is the original time
  CHECK(w.scrollback().line(0).prefix == "<Bob>");
}
