// ContactSync: notification-server events in, the model and typed events out.
#include <catch2/catch.hpp>

#include "app/ContactSync.hpp"

using namespace msntty;

namespace {

struct Fixture {
  ContactList contacts;
  EventBus bus;
  ContactSync sync{contacts, bus};
  std::vector<AppEvent> seen;
  EventBus::Subscription sub = bus.subscribe([this](const AppEvent& e) { seen.push_back(e); });

  std::vector<AppEvent> feed(const ns::Event& e) {
    seen.clear();
    CHECK(sync.apply(e));
    return seen;
  }
};

Contact listed(std::string email, unsigned lists, std::vector<std::string> groups = {}) {
  Contact c;
  c.email = email;
  c.nick = email;
  c.lists = lists;
  c.groups = std::move(groups);
  return c;
}

// The one event of type T, the notices that say it to the user left aside (their text is
// checked in "changes are said once, naming the contact").
template <class T>
T only(const std::vector<AppEvent>& all) {
  std::vector<AppEvent> events;
  for (const auto& e : all)
    if (!std::holds_alternative<ev::Notice>(e)) events.push_back(e);
  REQUIRE(events.size() == 1);
  REQUIRE(std::holds_alternative<T>(events[0]));
  return std::get<T>(events[0]);
}

std::vector<std::string> notices(const std::vector<AppEvent>& all) {
  std::vector<std::string> out;
  for (const auto& e : all)
    if (const auto* n = std::get_if<ev::Notice>(&e)) out.push_back(n->text);
  return out;
}

}  // namespace

TEST_CASE("ContactSync: the list dump fills the model and names groups", "[app][sync]") {
  Fixture f;
  CHECK(f.feed(ns::GroupListed{{"1", "Friends"}}).empty());
  const auto& c = only<ev::Contact>(
      f.feed(ns::ContactListed{listed("bob@x", kForwardList | kAllowList, {"1"})}));
  CHECK(c.contact == "bob@x");
  CHECK(c.lists == (kForwardList | kAllowList));
  CHECK(c.groups == std::vector<std::string>{"Friends"});
  REQUIRE(f.contacts.find("bob@x"));
  CHECK(f.contacts.find("bob@x")->groups == std::vector<std::string>{"1"});
  CHECK(f.contacts.group("1")->name == "Friends");
}

TEST_CASE("ContactSync: presence is a typed change from the status the model held", "[app][sync]") {
  Fixture f;
  f.feed(ns::ContactListed{listed("bob@x", kForwardList)});
  auto p = only<ev::Presence>(
      f.feed(ns::Presence{.email = "bob@x", .status = Status::Busy, .nick = "Bob"}));
  CHECK(p.before == Status::Offline);
  CHECK(p.status == Status::Busy);
  CHECK(p.nick == "Bob");
  CHECK(f.contacts.find("bob@x")->status == Status::Busy);
  p = only<ev::Presence>(f.feed(ns::Presence{.email = "bob@x", .status = Status::Away}));
  CHECK(p.before == Status::Busy);
  CHECK(p.status == Status::Away);
  CHECK(p.nick == "Bob");  // FLN/NLN without a name keeps the one we had
  // A personal message is not a status change.
  p = only<ev::Presence>(f.feed(ns::PersonalMessage{"bob@x", "at lunch"}));
  CHECK(p.before == Status::Away);
  CHECK(p.status == Status::Away);
  CHECK(p.psm == "at lunch");
  CHECK(f.feed(ns::PersonalMessage{"bob@x", "at lunch"}).empty());  // unchanged: silent
  // The dump at a later sign-in keeps the presence we know.
  f.feed(ns::ContactListed{listed("bob@x", kForwardList)});
  CHECK(f.contacts.find("bob@x")->status == Status::Away);
  CHECK(f.contacts.find("bob@x")->psm == "at lunch");
}

TEST_CASE("ContactSync: list changes, by e-mail or GUID, and removal", "[app][sync]") {
  Fixture f;
  f.feed(ns::GroupAdded{{"g1", "Work"}});
  const auto& added = only<ev::Contact>(f.feed(ns::ListAdded{
      .list = kForwardList, .email = "carol@x", .nick = "Carol", .guid = "guid-c", .group = "g1"}));
  CHECK(added.nick == "Carol");
  CHECK(added.groups == std::vector<std::string>{"Work"});
  // MSNP10+: forward-list removals name the GUID.
  f.feed(ns::ListAdded{.list = kAllowList, .email = "carol@x"});
  CHECK(only<ev::Contact>(f.feed(ns::ListRemoved{.list = kForwardList, .who = "guid-c"})).lists ==
        kAllowList);
  CHECK(f.contacts.find("carol@x")->groups.empty());
  CHECK(only<ev::ContactRemoved>(f.feed(ns::ListRemoved{.list = kAllowList, .who = "carol@x"}))
            .contact == "carol@x");
  CHECK_FALSE(f.contacts.find("carol@x"));
  CHECK(f.feed(ns::ListRemoved{.list = kAllowList, .who = "nobody@x"}).empty());
  // Allowing or blocking answers a pending request.
  f.feed(ns::ListAdded{.list = kPendingList | kReverseList, .email = "dan@x"});
  CHECK(only<ev::Contact>(f.feed(ns::ListAdded{.list = kBlockList, .email = "dan@x"})).lists ==
        (kReverseList | kBlockList));
}

TEST_CASE("ContactSync: changes are said once, naming the contact", "[app][sync]") {
  Fixture f;
  f.feed(ns::GroupAdded{{"g1", "Work"}});
  CHECK(notices(f.feed(ns::ListAdded{.list = kForwardList, .email = "gil@x", .group = "g1"})) ==
        std::vector<std::string>{"gil@x is on your contact list", "gil@x is in group \"Work\""});
  CHECK(notices(f.feed(ns::ListAdded{.list = kForwardList, .email = "gil@x"})).empty());  // known
  CHECK(notices(f.feed(ns::ListRemoved{.list = kAllowList, .who = "gil@x"})).empty());
  CHECK(notices(f.feed(ns::ListAdded{.list = kBlockList, .email = "gil@x"})) ==
        std::vector<std::string>{"gil@x is blocked: they see you offline and cannot message you"});
  CHECK(notices(f.feed(ns::ListRemoved{.list = kForwardList, .who = "gil@x"})) ==
        std::vector<std::string>{"gil@x was removed from your contact list"});
  CHECK(notices(f.feed(ns::GroupRenamed{{"g1", "Job"}})) ==
        std::vector<std::string>{"group \"Work\" is now \"Job\""});
}

TEST_CASE("ContactSync: groups renamed and removed", "[app][sync]") {
  Fixture f;
  f.feed(ns::GroupAdded{{"7", "Old"}});
  const auto& renamed = only<ev::Group>(f.feed(ns::GroupRenamed{{"7", "New"}}));
  CHECK(renamed.name == "New");
  const auto& removed = only<ev::GroupRemoved>(f.feed(ns::GroupRemoved{"7"}));
  CHECK(removed.id == "7");
  CHECK(removed.name == "New");  // named as it was, after it is gone from the model
  CHECK_FALSE(f.contacts.group("7"));
}

TEST_CASE("ContactSync: someone adds you, or removes you", "[app][sync]") {
  Fixture f;
  auto events = f.feed(ns::ReverseList{.email = "eve@x", .nick = "Eve", .added = true});
  REQUIRE(events.size() == 2);
  CHECK(std::get<ev::AddedYou>(events[0]).nick == "Eve");
  CHECK(std::get<ev::Notice>(events[1]).text.find("/accept eve@x") != std::string::npos);
  CHECK(f.contacts.find("eve@x")->lists == kReverseList);
  // Already decided (allowed): no question.
  f.feed(ns::ListAdded{.list = kAllowList, .email = "fay@x"});
  auto fay = f.feed(ns::ReverseList{.email = "fay@x", .nick = "Fay", .added = true});
  CHECK(notices(fay) == std::vector<std::string>{"Fay <fay@x> added you to their contact list"});
  only<ev::RemovedYou>(f.feed(ns::ReverseList{.email = "eve@x", .nick = "Eve", .added = false}));
  CHECK(f.contacts.find("eve@x")->lists == 0);
}

TEST_CASE("ContactSync: privacy changes after the first settings, which are not one",
          "[app][sync]") {
  Fixture f;
  CHECK(f.feed(ns::PrivacySettings{"AL", "A"}).empty());
  CHECK_FALSE(f.sync.privacy().block_others);
  CHECK(f.sync.privacy().prompt);
  CHECK(f.feed(ns::PrivacySettings{"AL", "A"}).empty());
  const auto& p = only<ev::Privacy>(f.feed(ns::PrivacySettings{"BL", "N"}));
  CHECK(p.block_others);
  CHECK_FALSE(p.prompt);
}

TEST_CASE("ContactSync leaves the App's events alone", "[app][sync]") {
  Fixture f;
  CHECK_FALSE(f.sync.apply(ns::SignedIn{"me@x", "Me", 12}));
  CHECK_FALSE(f.sync.apply(ns::MailNotice{}));
  CHECK(f.seen.empty());
}

TEST_CASE(
    "ContactSync: after signing in again, presence the server does not confirm goes "
    "offline quietly",
    "[app][sync]") {
  Fixture f;
  for (const char* who : {"bob@x", "carol@x", "dave@x", "erin@x"})
    f.feed(ns::ContactListed{listed(who, kForwardList)});
  f.feed(ns::Presence{.email = "bob@x", .status = Status::Online, .nick = "Bob"});
  f.feed(ns::Presence{.email = "carol@x", .status = Status::Away, .nick = "Carol"});
  f.feed(ns::Presence{.email = "erin@x", .status = Status::Busy, .nick = "Erin"});
  // dave@x was offline before the loss.

  f.sync.begin_resync();  // signed in again: the statuses held are from before
  auto bob = only<ev::Presence>(f.feed(
      ns::Presence{.email = "bob@x", .status = Status::Online, .nick = "Bob", .initial = true}));
  CHECK(bob.initial);
  only<ev::Presence>(f.feed(ns::Presence{.email = "erin@x", .status = Status::Offline}));
  uint64_t revision = f.contacts.revision();
  f.seen.clear();
  f.sync.end_resync();

  // bob@x was confirmed and keeps his status; carol@x was not: she went offline meanwhile, and
  // that is reported as found at sign-in (initial), not as a change that just happened. erin@x
  // said FLN herself and dave@x was offline already: nothing more about them.
  REQUIRE(f.seen.size() == 1);
  REQUIRE(std::holds_alternative<ev::Presence>(f.seen[0]));
  const auto& carol = std::get<ev::Presence>(f.seen[0]);
  CHECK(carol.contact == "carol@x");
  CHECK(carol.before == Status::Away);
  CHECK(carol.status == Status::Offline);
  CHECK(carol.nick == "Carol");
  CHECK(carol.initial);
  CHECK(f.contacts.find("bob@x")->status == Status::Online);
  CHECK(f.contacts.find("carol@x")->status == Status::Offline);
  CHECK(f.contacts.find("dave@x")->status == Status::Offline);
  CHECK(f.contacts.revision() > revision);  // the contact pane redraws

  f.seen.clear();
  f.sync.end_resync();  // once only
  CHECK(f.seen.empty());
}

TEST_CASE("ContactSync: a contact removed during the resync is not brought back", "[app][sync]") {
  Fixture f;
  f.feed(ns::ContactListed{listed("bob@x", kForwardList)});
  f.feed(ns::Presence{.email = "bob@x", .status = Status::Online, .nick = "Bob"});
  f.sync.begin_resync();
  only<ev::ContactRemoved>(f.feed(ns::ListRemoved{.list = kForwardList, .who = "bob@x"}));
  f.seen.clear();
  f.sync.end_resync();
  CHECK(f.seen.empty());
  CHECK_FALSE(f.contacts.find("bob@x"));
}
