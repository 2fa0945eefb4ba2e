// Transactions: TrIDs from 1, pending requests remembered (typed) until answered.
#include <catch2/catch.hpp>

#include "model/Contact.hpp"
#include "proto/Transactions.hpp"

using namespace msntty;

TEST_CASE("transactions: ids count from 1, shared by tracked and untracked commands",
          "[proto][transactions]") {
  Transactions t;
  CHECK(t.pending() == 0);
  CHECK(t.upcoming() == 1u);
  CHECK(t.open({Op::Version}) == 1u);
  CHECK(t.open({Op::ClientVersion}) == 2u);
  CHECK(t.upcoming() == 3u);  // looking does not use it
  CHECK(t.next_id() == 3u);   // e.g. QRY: not remembered
  CHECK(t.open({Op::Login}) == 4u);
  CHECK(t.pending() == 3);
  REQUIRE(t.find(2));
  CHECK(t.find(2)->op == Op::ClientVersion);
  CHECK(describe(*t.find(2)) == "CVR");
  CHECK_FALSE(t.find(3));
  CHECK_FALSE(t.find(0));
}

TEST_CASE("transactions: close answers once, with the typed request", "[proto][transactions]") {
  Transactions t;
  uint32_t a = t.open({Op::Switchboard});
  uint32_t b = t.open({Op::Call, "bob@example.com"});
  auto call = t.close(b);
  REQUIRE(call);
  CHECK(call->op == Op::Call);
  CHECK(call->contact == "bob@example.com");
  CHECK(describe(*call) == "CAL bob@example.com");
  CHECK_FALSE(t.close(b));
  CHECK_FALSE(t.close(0));
  CHECK_FALSE(t.close(12345));
  CHECK(t.pending() == 1);
  CHECK(t.close(a) == std::optional<Request>(Request{Op::Switchboard}));
  CHECK(describe(Request{Op::Switchboard}) == "XFR SB");
  CHECK(t.pending() == 0);
  // Closing does not reuse ids.
  CHECK(t.open({Op::Property}) == 3u);
}

TEST_CASE("transactions: reset starts a new connection at 1", "[proto][transactions]") {
  Transactions t;
  t.open({Op::Version});
  t.open({Op::Policy});
  t.next_id();
  t.reset();
  CHECK(t.pending() == 0);
  CHECK_FALSE(t.find(1));
  CHECK(t.open({Op::Version}) == 1u);
}

TEST_CASE("transactions: many pending at once", "[proto][transactions]") {
  Transactions t;
  auto request = [](uint32_t i) {
    return Request{Op::Call, "c" + std::to_string(i) + "@example.com"};
  };
  for (uint32_t i = 1; i <= 1000; ++i) CHECK(t.open(request(i)) == i);
  CHECK(t.pending() == 1000);
  for (uint32_t i = 1000; i >= 1; --i) CHECK(t.close(i) == std::optional<Request>(request(i)));
  CHECK(t.pending() == 0);
}

TEST_CASE("transactions: each request is named as the command that carried it",
          "[proto][transactions]") {
  CHECK(describe({Op::Login}) == "USR");
  CHECK(describe({Op::Rename}) == "REA");
  CHECK(describe({Op::PersonalMessage}) == "UUX");
  CHECK(describe({Op::AddToList, "bob@example.com", kForwardList}) == "ADD FL bob@example.com");
  CHECK(describe({Op::AddToList, "bob@example.com", kAllowList, "g1"}) == "ADD AL bob@example.com");
  CHECK(describe({Op::RemoveFromList, "bob@example.com", kBlockList}) == "REM BL bob@example.com");
  CHECK(describe({Op::RemoveFromList, "bob@example.com", kPendingList}) ==
        "REM PL bob@example.com");
  CHECK(describe({Op::AddToGroup, "bob@example.com", kForwardList, "1"}) ==
        "ADD bob@example.com to a group");
  CHECK(describe({Op::RemoveFromGroup, "bob@example.com", kForwardList, "1"}) ==
        "REM bob@example.com from a group");
  CHECK(describe({Op::AddGroup, "", 0, "Friends"}) == "ADG Friends");
  CHECK(describe({Op::RemoveGroup, "", 0, "1"}) == "RMG");
  CHECK(describe({Op::Answer}) == "ANS");
  CHECK(describe({Op::Message}) == "MSG");
}
