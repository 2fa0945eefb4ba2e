// Transactions: TrIDs from 1, pending replies remembered until answered.
#include <catch2/catch.hpp>

#include "proto/Transactions.hpp"

using namespace msntty;

TEST_CASE("transactions: ids count from 1, shared by tracked and untracked commands", "[proto][transactions]") {
  Transactions t;
  CHECK(t.pending() == 0);
  CHECK(t.open("VER") == 1u);
  CHECK(t.open("CVR") == 2u);
  CHECK(t.next_id() == 3u);  // e.g. QRY: not remembered
  CHECK(t.open("USR") == 4u);
  CHECK(t.pending() == 3);
  REQUIRE(t.find(2));
  CHECK(*t.find(2) == "CVR");
  CHECK_FALSE(t.find(3));
  CHECK_FALSE(t.find(0));
}

TEST_CASE("transactions: close answers once", "[proto][transactions]") {
  Transactions t;
  uint32_t a = t.open("XFR SB");
  uint32_t b = t.open("CAL bob@example.com");
  CHECK(t.close(b) == std::optional<std::string>("CAL bob@example.com"));
  CHECK_FALSE(t.close(b));
  CHECK_FALSE(t.close(0));
  CHECK_FALSE(t.close(12345));
  CHECK(t.pending() == 1);
  CHECK(t.close(a) == std::optional<std::string>("XFR SB"));
  CHECK(t.pending() == 0);
  // Closing does not reuse ids.
  CHECK(t.open("PRP") == 3u);
}

TEST_CASE("transactions: reset starts a new connection at 1", "[proto][transactions]") {
  Transactions t;
  t.open("VER");
  t.open("INF");
  t.next_id();
  t.reset();
  CHECK(t.pending() == 0);
  CHECK_FALSE(t.find(1));
  CHECK(t.open("VER") == 1u);
}

TEST_CASE("transactions: many pending at once", "[proto][transactions]") {
  Transactions t;
  for (uint32_t i = 1; i <= 1000; ++i) CHECK(t.open("MSG " + std::to_string(i)) == i);
  CHECK(t.pending() == 1000);
  for (uint32_t i = 1000; i >= 1; --i) CHECK(t.close(i) == std::optional<std::string>("MSG " + std::to_string(i)));
  CHECK(t.pending() == 0);
}
