// The model: Status spellings, list bits, ContactList (resolve), Conversation.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/Contact.hpp"
#include "model/ContactList.hpp"
#include "model/Conversation.hpp"
#include "model/Conversations.hpp"
#include "model/Status.hpp"

using namespace msntty;

using Strings = std::vector<std::string>;

TEST_CASE("model: status codes, names and labels round-trip", "[model]") {
  const Status all[] = {Status::Online, Status::Busy,      Status::Idle,
                        Status::Brb,    Status::Away,      Status::Phone,
                        Status::Lunch,  Status::Invisible, Status::Offline};
  const char* codes[] = {"NLN", "BSY", "IDL", "BRB", "AWY", "PHN", "LUN", "HDN", "FLN"};
  for (size_t i = 0; i < 9; ++i) {
    CHECK(status_code(all[i]) == codes[i]);
    CHECK(status_from_code(codes[i]) == all[i]);
    CHECK(status_from_name(status_name(all[i])) == all[i]);
    CHECK_FALSE(status_label(all[i]).empty());
  }
  CHECK(status_name(Status::Brb) == "brb");
  CHECK(status_label(Status::Brb) == "Be right back");
  CHECK_FALSE(status_from_code("nln"));
  CHECK_FALSE(status_from_code(""));
  CHECK_FALSE(status_from_code("XYZ"));
  CHECK(status_is_online(Status::Invisible));
  CHECK(status_is_online(Status::Busy));
  CHECK_FALSE(status_is_online(Status::Offline));
}

TEST_CASE("model: status names accept unique prefixes", "[model]") {
  CHECK(status_from_name("aw") == Status::Away);
  CHECK(status_from_name("bu") == Status::Busy);
  CHECK(status_from_name("br") == Status::Brb);
  CHECK_FALSE(status_from_name("b"));            // busy or brb
  CHECK(status_from_name("i") == std::nullopt);  // idle or invisible
  CHECK(status_from_name("inv") == Status::Invisible);
  CHECK(status_from_name("o") == std::nullopt);  // online or offline
  CHECK(status_from_name("on") == Status::Online);
  CHECK_FALSE(status_from_name(""));
  CHECK_FALSE(status_from_name("onlinex"));
  CHECK_FALSE(status_from_name("Online"));
}

TEST_CASE("model: list bits and names", "[model]") {
  CHECK(list_bit("FL") == kForwardList);
  CHECK(list_bit("AL") == kAllowList);
  CHECK(list_bit("BL") == kBlockList);
  CHECK(list_bit("RL") == kReverseList);
  CHECK(list_bit("PL") == kPendingList);
  CHECK(list_bit("fl") == 0);
  CHECK(list_bit("") == 0);
  CHECK(list_names(11) == Strings{"FL", "AL", "RL"});
  CHECK(list_names(31) == Strings{"FL", "AL", "BL", "RL", "PL"});
  CHECK(list_names(0).empty());
  CHECK(list_names(32).empty());
}

TEST_CASE("model: ContactList upsert, find and remove are case-insensitive", "[model]") {
  ContactList cl;
  uint64_t r0 = cl.revision();
  Contact& bob = cl.upsert("Bob@Example.com");
  CHECK(bob.email == "Bob@Example.com");
  CHECK(bob.nick == "Bob@Example.com");  // until the server says otherwise
  bob.nick = "Bob";
  CHECK(cl.revision() > r0);
  CHECK(&cl.upsert("bob@example.com") == &cl.contacts()[0]);
  CHECK(cl.contacts().size() == 1);
  REQUIRE(cl.find("BOB@EXAMPLE.COM"));
  CHECK(cl.find("BOB@EXAMPLE.COM")->nick == "Bob");
  CHECK_FALSE(cl.find("bob@example"));

  cl.upsert("carol@example.com").nick = "Carol";
  cl.upsert("dave@example.com").nick = "Dave";
  uint64_t r1 = cl.revision();
  cl.remove("CAROL@example.com");
  CHECK(cl.revision() > r1);
  CHECK(cl.contacts().size() == 2);
  CHECK_FALSE(cl.find("carol@example.com"));
  // The index is rebuilt: the contact after the removed one is still found.
  REQUIRE(cl.find("dave@example.com"));
  CHECK(cl.find("dave@example.com")->nick == "Dave");
  REQUIRE(cl.find("bob@example.com"));
  CHECK(cl.find("bob@example.com")->nick == "Bob");
  cl.remove("nobody@example.com");
  CHECK(cl.contacts().size() == 2);

  cl.clear();
  CHECK(cl.contacts().empty());
  CHECK_FALSE(cl.find("bob@example.com"));
}

TEST_CASE("model: ContactList groups", "[model]") {
  ContactList cl;
  cl.upsert_group({"0", "Other Contacts"});
  cl.upsert_group({"7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01", "Friends"});
  cl.upsert_group({"0", "Others"});  // renamed in place
  REQUIRE(cl.groups().size() == 2);
  CHECK(cl.groups()[0].name == "Others");
  REQUIRE(cl.group("7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01"));
  CHECK(cl.group("7d0d5a4e-3b25-4e2e-a5d2-5c0a4d0e1a01")->name == "Friends");
  CHECK_FALSE(cl.group("1"));
  cl.remove_group("0");
  CHECK(cl.groups().size() == 1);
  CHECK_FALSE(cl.group("0"));
  cl.remove_group("not-there");
  CHECK(cl.groups().size() == 1);
}

TEST_CASE("model: ContactList::resolve", "[model]") {
  ContactList cl;
  cl.upsert("bob@example.com").nick = "Bob";
  cl.upsert("bobby@example.com").nick = "Robert";
  cl.upsert("carol@example.com").nick = "Carol \xE2\x98\x83";
  cl.upsert("dave@example.org").nick = "Bobcat";
  cl.upsert("eve@example.com").nick = "Zed";

  auto who = [&](std::string_view q) {
    auto m = cl.resolve(q);
    return m.contact ? m.contact->email : "error: " + m.error;
  };
  SECTION("exact e-mail, any case") {
    CHECK(who("bob@example.com") == "bob@example.com");
    CHECK(who("BOB@EXAMPLE.COM") == "bob@example.com");
  }
  SECTION("unique prefix of an e-mail") {
    CHECK(who("car") == "carol@example.com");
    CHECK(who("bobby") == "bobby@example.com");
    CHECK(who("BOBBY@") == "bobby@example.com");
    CHECK(who("dave@example.o") == "dave@example.org");
  }
  SECTION("unique prefix of a nickname, case-insensitive") {
    CHECK(who("rob") == "bobby@example.com");
    CHECK(who("zE") == "eve@example.com");
    CHECK(who("Carol \xE2\x98") == "carol@example.com");
  }
  SECTION("an exact nickname beats longer matches") {
    // "bob" starts bob@, bobby@ and the nick Bobcat; only Bob is exactly "bob".
    CHECK(who("bob") == "bob@example.com");
    CHECK(who("BOB") == "bob@example.com");
  }
  SECTION("ambiguous") {
    auto m = cl.resolve("bo");
    CHECK_FALSE(m.contact);
    CHECK(m.error.find("ambiguous") != std::string::npos);
    CHECK(m.error.find("bob@example.com") != std::string::npos);
    CHECK(m.error.find("bobby@example.com") != std::string::npos);
    CHECK(m.error.find("dave@example.org") != std::string::npos);
    CHECK(m.error.find("carol") == std::string::npos);
  }
  SECTION("no match and nothing typed") {
    auto m = cl.resolve("zzz");
    CHECK_FALSE(m.contact);
    CHECK(m.error.find("zzz") != std::string::npos);
    auto e = cl.resolve("");
    CHECK_FALSE(e.contact);
    CHECK_FALSE(e.error.empty());
  }
  SECTION("ambiguity lists a bounded number of names") {
    ContactList many;
    for (int i = 0; i < 50; ++i) many.upsert("user" + std::to_string(i) + "@example.com");
    auto m = many.resolve("user");
    CHECK_FALSE(m.contact);
    CHECK(m.error.size() < 300);
  }
}

TEST_CASE("model: Conversation participants", "[model]") {
  Conversation c(7, {"bob@example.com"});
  CHECK(c.id() == 7);
  CHECK(c.wanted() == Strings{"bob@example.com"});
  CHECK_FALSE(c.is_group());
  c.want("BOB@example.com");  // already wanted, in another case
  CHECK(c.wanted().size() == 1);
  c.join("carol@example.com");
  CHECK(c.present() == Strings{"carol@example.com"});
  CHECK(c.wanted() == Strings{"bob@example.com", "carol@example.com"});
  CHECK(c.is_group());
  c.join("Carol@example.com");
  CHECK(c.present().size() == 1);
  c.join("bob@example.com");
  c.leave("CAROL@EXAMPLE.COM");
  CHECK(c.present() == Strings{"bob@example.com"});
  CHECK(c.wanted().size() == 2);  // leaving the switchboard does not leave the conversation
  c.clear_present();
  CHECK(c.present().empty());
}

TEST_CASE("model: Conversation lines are bounded and findable", "[model]") {
  Conversation c(1, {"bob@example.com"});
  c.set_max_lines(3);
  for (uint64_t i = 1; i <= 5; ++i) {
    ChatLine l;
    l.id = i;
    l.kind = i % 2 ? ChatLine::Kind::Outgoing : ChatLine::Kind::Incoming;
    l.text = "line " + std::to_string(i);
    ChatLine& added = c.add_line(l);
    CHECK(added.text == l.text);
  }
  REQUIRE(c.lines().size() == 3);
  CHECK(c.lines().front().text == "line 3");
  CHECK(c.lines().back().text == "line 5");
  CHECK_FALSE(c.find_line(1));  // dropped
  REQUIRE(c.find_line(5));
  CHECK(c.find_line(5)->text == "line 5");
  CHECK_FALSE(c.find_line(4));  // incoming lines are not delivery targets
  c.find_line(3)->delivery = Delivery::Delivered;
  CHECK(c.lines().front().delivery == Delivery::Delivered);
}

TEST_CASE("model: Conversation typing expires", "[model]") {
  Conversation c(1, {"bob@example.com", "carol@example.com"});
  c.join("bob@example.com");
  c.join("carol@example.com");
  c.set_typing("bob@example.com", 105);
  c.set_typing("carol@example.com", 110);
  CHECK(c.typing(100) == Strings{"bob@example.com", "carol@example.com"});
  CHECK(c.typing(105) == Strings{"carol@example.com"});
  CHECK(c.typing(110).empty());
  c.set_typing("bob@example.com", 200);
  CHECK(c.typing(150) == Strings{"bob@example.com"});
  c.leave("bob@example.com");  // leaving stops the typing
  CHECK(c.typing(150).empty());
  c.set_typing("carol@example.com", 300);
  c.join("carol@example.com");  // and so does a (re)join
  CHECK(c.typing(150).empty());
}

TEST_CASE("model: Conversation activity and unread", "[model]") {
  Conversation c(1, {"bob@example.com"});
  CHECK(c.activity() == Activity::None);
  c.raise_activity(Activity::Message);
  CHECK(c.activity() == Activity::Message);
  c.raise_activity(Activity::Low);  // never lowers
  CHECK(c.activity() == Activity::Message);
  c.raise_activity(Activity::Highlight);
  CHECK(c.activity() == Activity::Highlight);
  c.count_unread();
  c.count_unread();
  CHECK(c.unread() == 2);
  c.mark_read();
  CHECK(c.activity() == Activity::None);
  CHECK(c.unread() == 0);
}

namespace {

ChatLine text_line(std::string text) {
  ChatLine l;
  l.kind = ChatLine::Kind::Incoming;
  l.text = std::move(text);
  return l;
}

Strings texts(const Conversation::LinesAfter& lines) {
  Strings out;
  for (const ChatLine& l : lines) out.push_back(l.text);
  return out;
}

}  // namespace

TEST_CASE("model: every line gets the next sequence number", "[model][seq]") {
  Conversation c(1, {"bob@example.com"});
  CHECK(c.last_seq() == 0);
  CHECK(c.lines_after(0).empty());
  CHECK_FALSE(c.line(1));
  CHECK(c.add_line(text_line("a")).seq == 1);
  CHECK(c.add_line(text_line("b")).seq == 2);
  ChatLine given = text_line("c");
  given.seq = 99;  // the conversation numbers its lines, whatever the caller put there
  CHECK(c.add_line(given).seq == 3);
  CHECK(c.last_seq() == 3);
  REQUIRE(c.line(2));
  CHECK(c.line(2)->text == "b");
  CHECK_FALSE(c.line(0));
  CHECK_FALSE(c.line(4));
}

TEST_CASE("model: lines after a seq", "[model][seq]") {
  Conversation c(1, {"bob@example.com"});
  for (const char* t : {"a", "b", "c", "d"}) c.add_line(text_line(t));
  CHECK(texts(c.lines_after(0)) == Strings{"a", "b", "c", "d"});
  CHECK(texts(c.lines_after(2)) == Strings{"c", "d"});
  CHECK(c.lines_after(2).missed == 0);
  CHECK(c.lines_after(4).empty());
  CHECK(c.lines_after(1000).empty());  // a seq from the future asks for nothing
}

TEST_CASE("model: bounded history drops the oldest lines; a view behind them is told",
          "[model][seq]") {
  Conversation c(1, {"bob@example.com"});
  c.set_max_lines(3);
  for (int i = 1; i <= 7; ++i) c.add_line(text_line("m" + std::to_string(i)));
  CHECK(c.lines().size() == 3);
  CHECK(c.last_seq() == 7);  // dropping lines never renumbers the rest
  CHECK_FALSE(c.line(4));
  REQUIRE(c.line(5));
  CHECK(c.line(5)->text == "m5");
  auto behind = c.lines_after(1);  // saw m1 only: m2..m4 are gone
  CHECK(texts(behind) == Strings{"m5", "m6", "m7"});
  CHECK(behind.missed == 3);
  auto edge = c.lines_after(4);  // saw up to m4: nothing missed
  CHECK(texts(edge) == Strings{"m5", "m6", "m7"});
  CHECK(edge.missed == 0);
  CHECK(texts(c.lines_after(6)) == Strings{"m7"});
}

TEST_CASE("model: Conversations own the focus", "[model][focus]") {
  Conversations list;
  CHECK(list.focus() == 0);
  CHECK_FALSE(list.focused());
  Conversation& bob = list.open({"bob@example.com"});
  Conversation& carol = list.open({"carol@example.com"});
  Conversation& dave = list.open({"dave@example.com"});
  CHECK(bob.id() != carol.id());
  CHECK(list.size() == 3);
  CHECK(list.focus() == 0);  // opening does not take the focus
  CHECK(list.set_focus(carol.id()));
  CHECK(list.focused() == &carol);
  CHECK_FALSE(list.set_focus(12345));  // no such conversation: the focus stays
  CHECK(list.focus() == carol.id());
  uint64_t dave_id = dave.id(), bob_id = bob.id();
  list.close(bob_id);  // not focused: the focus stays too
  CHECK(list.focus() == carol.id());
  list.close(carol.id());  // focused: it goes to the newest one left
  CHECK(list.focus() == dave_id);
  CHECK(list.set_focus(0));  // 0 is always allowed: no conversation
  CHECK(list.focus() == 0);
  CHECK(list.set_focus(dave_id));
  list.close(dave_id);
  CHECK(list.focus() == 0);
  CHECK(list.empty());
  CHECK(list.open({"erin@example.com"}).id() > dave_id);  // ids are never reused
  CHECK_FALSE(list.find(bob_id));
}

TEST_CASE("model: Conversations list oldest first, read-only through const", "[model][focus]") {
  Conversations list;
  list.open({"a@x"});
  list.open({"b@x"});
  Strings order;
  const Conversations& view = list;
  for (const Conversation& c : view.all()) order.push_back(c.wanted()[0]);
  CHECK(order == Strings{"a@x", "b@x"});
  static_assert(std::is_same_v<decltype(*view.all().begin()), const Conversation&>);
}
