// The address book readers against the test server's recorded answers (tests/data/wlm, see its
// README): documents msntty did not write. Reads them relative to the working directory, the
// repository root under tests/run.py.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "proto/AbLists.hpp"

using namespace msntty;

namespace {

std::string fixture(const std::string& name) {
  const std::string path = "tests/data/wlm/" + name;
  std::ifstream in(path, std::ios::binary);
  INFO("cannot read " << path << " (run the unit tests from the repository root)");
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Contact* find(const ab::Lists& l, const std::string& email) {
  for (const auto& c : l.contacts)
    if (c.email == email) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("Recorded answers: alice's lists at sign-in", "[proto][soap][fixtures]") {
  auto m = ab::read_find_membership(200, fixture("findmembership-response.xml"));
  REQUIRE(m);
  for (std::string method : {"ABFindAll", "ABFindContactsPaged"}) {
    std::string file =
        method == "ABFindAll" ? "abfindall-response.xml" : "abfindcontactspaged-response.xml";
    auto b = ab::read_find_contacts(200, fixture(file), method);
    REQUIRE(b);
    ab::Lists l = ab::to_lists(*m, *b, "alice@example.com");
    REQUIRE(l.groups.size() == 2);
    CHECK(l.groups[0].id == "a1f1c0de-0001-4000-8000-000000000001");
    CHECK(l.groups[0].name == "Friends");
    CHECK(l.groups[1].name == "Work");
    REQUIRE(l.contacts.size() == 3);
    const Contact* bob = find(l, "bob@example.com");
    REQUIRE(bob);
    CHECK(bob->guid == "d8cc4906-8b30-40c0-a3a6-23dce9fbddc3");
    CHECK(bob->nick == "Bob");
    CHECK(bob->lists == (kForwardList | kAllowList | kReverseList));
    CHECK(bob->groups == std::vector<std::string>{"a1f1c0de-0001-4000-8000-000000000001"});
    const Contact* carol = find(l, "carol@example.com");
    REQUIRE(carol);
    CHECK(carol->groups.size() == 2);
    const Contact* echo = find(l, "echo@example.com");
    REQUIRE(echo);
    CHECK(echo->nick == "Echo Bot");
    CHECK(echo->lists == (kForwardList | kAllowList));
    CHECK(l.blp == "AL");
    CHECK(l.gtc == "A");
    CHECK(l.own_nick == "Alice Liddell");
  }
}

TEST_CASE("Recorded answers: faults and results of the changes", "[proto][soap][fixtures]") {
  auto deltas = ab::read_find_contacts(200, fixture("abfindall-deltas-response.xml"));
  REQUIRE_FALSE(deltas);
  CHECK(deltas.error().text.starts_with("ABFindAll failed: FullSyncRequired: "));
  auto fm_deltas = ab::read_find_membership(200, fixture("findmembership-deltas-response.xml"));
  REQUIRE_FALSE(fm_deltas);
  CHECK(fm_deltas.error().text.starts_with("FindMembership failed: FullSyncRequired"));

  auto added = ab::read_guid(200, fixture("abcontactadd-response.xml"), "ABContactAdd");
  REQUIRE(added);
  CHECK(added->size() == 36);
  auto unknown = ab::read_guid(500, fixture("abcontactadd-unknown-response.xml"), "ABContactAdd");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().text.starts_with("ABContactAdd failed: InvalidPassportUser: "));
  auto noat = ab::read_guid(500, fixture("abcontactadd-noat-response.xml"), "ABContactAdd");
  REQUIRE_FALSE(noat);
  CHECK(noat.error().text.starts_with("ABContactAdd failed: BadEmailArgument: "));

  auto group = ab::read_guid(200, fixture("abgroupadd-response.xml"), "ABGroupAdd");
  REQUIRE(group);
  CHECK(group->size() == 36);
  auto dup = ab::read_guid(500, fixture("abgroupadd-duplicate-response.xml"), "ABGroupAdd");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().text.starts_with("ABGroupAdd failed: GroupAlreadyExists"));
  CHECK(bool(ab::read_guid(200, fixture("abgroupcontactadd-response.xml"), "ABGroupContactAdd")));

  for (auto [file, method] :
       {std::pair{"abcontactdelete-response.xml", "ABContactDelete"},
        std::pair{"abcontactupdate-me-response.xml", "ABContactUpdate"},
        std::pair{"abcontactupdate-nick-response.xml", "ABContactUpdate"},
        std::pair{"abgroupupdate-response.xml", "ABGroupUpdate"},
        std::pair{"abgroupdelete-response.xml", "ABGroupDelete"},
        std::pair{"abgroupcontactdelete-response.xml", "ABGroupContactDelete"},
        std::pair{"addmember-response.xml", "AddMember"},
        std::pair{"deletemember-response.xml", "DeleteMember"}}) {
    INFO(file);
    CHECK(bool(ab::read_empty(200, fixture(file), method)));
  }
  auto nomember = ab::read_empty(500, fixture("addmember-unknown-response.xml"), "AddMember");
  REQUIRE_FALSE(nomember);
  CHECK(nomember.error().text.starts_with("AddMember failed: UserDoesNotExist"));

  // dave's side: alice is Pending (not Reverse) until he decides.
  auto dave = ab::read_find_membership(200, fixture("findmembership-dave-response.xml"));
  REQUIRE(dave);
  bool pending = false;
  for (const auto& member : *dave)
    pending |= member.role == ab::Role::Pending && member.email == "alice@example.com";
  CHECK(pending);
}
