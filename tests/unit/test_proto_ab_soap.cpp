// The address book and sharing services (proto/SoapReply, AbRequests, AbLists): every request's
// document, every answer read, faults wherever they are, and FindMembership + ABFindAll mapped
// onto the model as SYN filled it at MSNP10-12.
#include <catch2/catch.hpp>

#include <pugixml.hpp>
#include <string>

#include "proto/AbLists.hpp"
#include "proto/AbRequests.hpp"
#include "proto/SoapReply.hpp"

using namespace msntty;

namespace {

const std::string kTicket = "t=0123456789abcdef0123&p=";

// The request parsed back: the element at a path of local names below soap:Body.
struct Doc {
  pugi::xml_document doc;
  explicit Doc(const SoapCall& c) { REQUIRE(doc.load_string(c.body.c_str())); }
  pugi::xml_node body() const { return soap::path(doc, {"Envelope", "Body"}); }
  pugi::xml_node header() const { return soap::path(doc, {"Envelope", "Header"}); }
  std::string at(std::initializer_list<std::string_view> p) const {
    return soap::text(soap::path(body(), p));
  }
};

void check_common(const SoapCall& c, AbService service, const std::string& method,
                  const std::string& scenario) {
  CHECK(c.service == service);
  CHECK(c.method == method);
  CHECK(c.action == "\"http://www.msn.com/webservices/AddressBook/" + method + "\"");
  Doc d(c);
  pugi::xml_node action = soap::child(d.body(), method);
  REQUIRE(action);
  CHECK(std::string(action.attribute("xmlns").value()) ==
        "http://www.msn.com/webservices/AddressBook");
  CHECK(action.first_child().type() == pugi::node_element);  // never an empty action element
  CHECK(soap::text(soap::path(d.header(), {"ABApplicationHeader", "PartnerScenario"})) == scenario);
  CHECK(soap::text(soap::path(d.header(), {"ABApplicationHeader", "IsMigration"})) == "false");
  CHECK(soap::text(soap::path(d.header(), {"ABAuthHeader", "ManagedGroupRequest"})) == "false");
  CHECK(soap::text(soap::path(d.header(), {"ABAuthHeader", "TicketToken"})) == kTicket);
  CHECK(c.body.find("<TicketToken>t=0123456789abcdef0123&amp;p=</TicketToken>") !=
        std::string::npos);
}

std::string envelope(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
         "\t<soap:Header><ServiceHeader xmlns=\"http://www.msn.com/webservices/AddressBook\">"
         "<Version>15.01.1408.0000</Version></ServiceHeader></soap:Header>\n"
         "\t<soap:Body>\n" +
         body + "\t</soap:Body>\n</soap:Envelope>\n";
}

std::string fault(const std::string& method, const std::string& code, const std::string& text) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
         "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>" +
         text + "</faultstring><faultactor>http://www.msn.com/webservices/AddressBook/" + method +
         "</faultactor><detail><errorcode xmlns=\"http://www.msn.com/webservices/AddressBook\">" +
         code + "</errorcode><errorstring>" + text +
         "</errorstring></detail></soap:Fault></soap:Body></soap:Envelope>";
}

std::string member(const std::string& role, const std::string& guid, const std::string& email) {
  return "<Member xsi:type=\"PassportMember\"><MembershipId>" + role + "/" + guid +
         "</MembershipId><Type>Passport</Type><State>Accepted</State><Deleted>false</Deleted>"
         "<PassportName>" +
         email + "</PassportName><CID>123</CID></Member>\n";
}

std::string membership(const std::string& role, const std::string& members) {
  return "<Membership><MemberRole>" + role + "</MemberRole><Members>" + members +
         "</Members><MembershipIsComplete>true</MembershipIsComplete></Membership>\n";
}

// What the test server answers for alice: bob (allowed, in Friends, aliased), carol (blocked),
// dave pending, erin on the reverse list only; BLP 2 (BL), GTC 1 (A).
const std::string kFindMembership = envelope(
    "<FindMembershipResponse xmlns=\"http://www.msn.com/webservices/AddressBook\">"
    "<FindMembershipResult><Services><Service><Memberships>\n" +
    membership("Allow", member("Allow", "b0b", "bob@example.com")) +
    membership("Block", member("Block", "ca401", "Carol@Example.com")) +
    membership("Reverse", member("Reverse", "b0b", "bob@example.com") +
                              member("Reverse", "e41", "erin@example.com")) +
    membership("Pending", member("Pending", "da4e", "dave@example.com")) +
    "</Memberships><Info><Handle><Id>1</Id><Type>Messenger</Type></Handle></Info></Service>"
    "</Services></FindMembershipResult></FindMembershipResponse>\n");

std::string ab_contact(const std::string& guid, const std::string& type, const std::string& email,
                       const std::string& name, const std::string& extra = "",
                       const std::string& groups = "") {
  return "<Contact><contactId>" + guid + "</contactId><contactInfo>" + extra + "<contactType>" +
         type + "</contactType><quickName>" + name + "</quickName><passportName>" + email +
         "</passportName><displayName>" + name +
         "</displayName><isMessengerUser>true</isMessengerUser></contactInfo>" + groups +
         "<propertiesChanged /><fDeleted>false</fDeleted></Contact>\n";
}

std::string ab_find(const std::string& method, const std::string& groups_tag,
                    const std::string& contacts_tag) {
  std::string groups =
      "<Group><groupId>a1f1c0de-0001-4000-8000-000000000001</groupId><groupInfo><annotations>"
      "<Annotation><Name>MSN.IM.Display</Name><Value>1</Value></Annotation></annotations>"
      "<groupType>c8529ce2-6ead-434d-881f-341e17db3ff8</groupType><name>Friends &amp; co</name>"
      "</groupInfo><fDeleted>false</fDeleted></Group>\n";
  std::string contacts =
      ab_contact("b0b", "Regular", "bob@example.com", "Bob &lt;B&gt;",
                 "<annotations><Annotation><Name>AB.NickName</Name><Value>Bobby</Value>"
                 "</Annotation></annotations>",
                 "<groupIds><guid>a1f1c0de-0001-4000-8000-000000000001</guid></groupIds>") +
      ab_contact("f4a", "Regular", "frank@example.com", "Frank") +
      ab_contact("c1c", "Circle", "00000000-0000-0000-0009-000000000001@live.com", "Circle") +
      ab_contact("a11", "Me", "alice@example.com", "Alice W",
                 "<annotations><Annotation><Name>MSN.IM.MBEA</Name><Value>0</Value></Annotation>"
                 "<Annotation><Name>MSN.IM.GTC</Name><Value>1</Value></Annotation>"
                 "<Annotation><Name>MSN.IM.BLP</Name><Value>2</Value></Annotation>"
                 "</annotations>");
  return envelope("<" + method + "Response xmlns=\"http://www.msn.com/webservices/AddressBook\"><" +
                  method + "Result><" + groups_tag + ">" + groups + "</" + groups_tag + "><" +
                  contacts_tag + ">" + contacts + "</" + contacts_tag + "><ab><abId>" +
                  "00000000-0000-0000-0000-000000000000</abId></ab></" + method + "Result></" +
                  method + "Response>\n");
}

const Contact* find(const ab::Lists& l, const std::string& email) {
  for (const auto& c : l.contacts)
    if (c.email == email) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("SOAP requests: FindMembership and ABFindAll ask for the full lists", "[proto][soap]") {
  SoapCall fm = ab::find_membership(kTicket);
  check_common(fm, AbService::Sharing, "FindMembership", "Initial");
  Doc d(fm);
  CHECK(d.at({"FindMembership", "serviceFilter", "Types", "ServiceType"}) == "Messenger");

  SoapCall all = ab::ab_find_all(kTicket);
  check_common(all, AbService::AddressBook, "ABFindAll", "Initial");
  Doc a(all);
  CHECK(a.at({"ABFindAll", "abId"}) == "00000000-0000-0000-0000-000000000000");
  CHECK(a.at({"ABFindAll", "abView"}) == "Full");
  CHECK(a.at({"ABFindAll", "deltasOnly"}) == "false");
}

TEST_CASE("SOAP requests: contacts", "[proto][soap]") {
  SoapCall add = ab::ab_contact_add(kTicket, "d&ve@example.com");
  check_common(add, AbService::AddressBook, "ABContactAdd", "ContactSave");
  Doc d(add);
  CHECK(d.at({"ABContactAdd", "contacts", "Contact", "contactInfo", "contactType"}) ==
        "LivePending");
  CHECK(d.at({"ABContactAdd", "contacts", "Contact", "contactInfo", "passportName"}) ==
        "d&ve@example.com");
  CHECK(add.body.find("<passportName>d&amp;ve@example.com</passportName>") != std::string::npos);
  CHECK(d.at({"ABContactAdd", "contacts", "Contact", "contactInfo", "isMessengerUser"}) == "true");
  CHECK(d.at({"ABContactAdd", "options", "EnableAllowListManagement"}) == "true");

  SoapCall del = ab::ab_contact_delete(kTicket, "ec40b07e-0000-4000-8000-00000000ec40");
  check_common(del, AbService::AddressBook, "ABContactDelete", "Timer");
  CHECK(Doc(del).at({"ABContactDelete", "contacts", "Contact", "contactId"}) ==
        "ec40b07e-0000-4000-8000-00000000ec40");

  SoapCall me = ab::ab_contact_update_me(kTicket, 2, 1);
  check_common(me, AbService::AddressBook, "ABContactUpdate", "PrivacyApply");
  Doc m(me);
  pugi::xml_node contact = soap::path(m.body(), {"ABContactUpdate", "contacts", "Contact"});
  CHECK(soap::text(soap::path(contact, {"contactInfo", "contactType"})) == "Me");
  CHECK(soap::text(soap::child(contact, "propertiesChanged")) == "Annotation");
  pugi::xml_node notes = soap::path(contact, {"contactInfo", "annotations"});
  std::vector<std::string> seen;
  for (pugi::xml_node a : notes.children())
    seen.push_back(soap::text(soap::child(a, "Name")) + "=" + soap::text(soap::child(a, "Value")));
  CHECK(seen == std::vector<std::string>{"MSN.IM.BLP=2", "MSN.IM.GTC=1"});
  CHECK(ab::ab_contact_update_me(kTicket, 1, 0).body.find("MSN.IM.GTC") == std::string::npos);

  SoapCall nick = ab::ab_contact_update_nick(kTicket, "d8cc", "Bobby & co");
  check_common(nick, AbService::AddressBook, "ABContactUpdate", "ContactSave");
  Doc n(nick);
  CHECK(n.at({"ABContactUpdate", "contacts", "Contact", "contactId"}) == "d8cc");
  CHECK(n.at({"ABContactUpdate", "contacts", "Contact", "contactInfo", "annotations", "Annotation",
              "Name"}) == "AB.NickName");
  CHECK(n.at({"ABContactUpdate", "contacts", "Contact", "contactInfo", "annotations", "Annotation",
              "Value"}) == "Bobby & co");
  CHECK(n.at({"ABContactUpdate", "contacts", "Contact", "propertiesChanged"}) == "Annotation");
}

TEST_CASE("SOAP requests: groups", "[proto][soap]") {
  const std::string g = "a1f1c0de-0002-4000-8000-000000000002";
  SoapCall add = ab::ab_group_add(kTicket, "Fam <1>");
  check_common(add, AbService::AddressBook, "ABGroupAdd", "GroupSave");
  Doc a(add);
  CHECK(a.at({"ABGroupAdd", "groupAddOptions", "fRenameOnMsgrConflict"}) == "false");
  CHECK(a.at({"ABGroupAdd", "groupInfo", "GroupInfo", "name"}) == "Fam <1>");
  CHECK(a.at({"ABGroupAdd", "groupInfo", "GroupInfo", "groupType"}) ==
        "C8529CE2-6EAD-434d-881F-341E17DB3FF8");
  CHECK(a.at({"ABGroupAdd", "groupInfo", "GroupInfo", "fMessenger"}) == "false");
  CHECK(a.at({"ABGroupAdd", "groupInfo", "GroupInfo", "annotations", "Annotation", "Name"}) ==
        "MSN.IM.Display");

  SoapCall up = ab::ab_group_update(kTicket, g, "Office");
  check_common(up, AbService::AddressBook, "ABGroupUpdate", "GroupSave");
  Doc u(up);
  CHECK(u.at({"ABGroupUpdate", "groups", "Group", "groupId"}) == g);
  CHECK(u.at({"ABGroupUpdate", "groups", "Group", "groupInfo", "name"}) == "Office");
  CHECK(u.at({"ABGroupUpdate", "groups", "Group", "propertiesChanged"}) == "GroupName");

  SoapCall del = ab::ab_group_delete(kTicket, g);
  check_common(del, AbService::AddressBook, "ABGroupDelete", "GroupSave");
  CHECK(Doc(del).at({"ABGroupDelete", "groupFilter", "groupIds", "guid"}) == g);

  for (bool adding : {true, false}) {
    SoapCall c = adding ? ab::ab_group_contact_add(kTicket, g, "b0b")
                        : ab::ab_group_contact_delete(kTicket, g, "b0b");
    std::string method = adding ? "ABGroupContactAdd" : "ABGroupContactDelete";
    check_common(c, AbService::AddressBook, method, "GroupSave");
    Doc d(c);
    CHECK(d.at({method, "groupFilter", "groupIds", "guid"}) == g);
    CHECK(d.at({method, "contacts", "Contact", "contactId"}) == "b0b");
  }
}

TEST_CASE("SOAP requests: memberships on the sharing service", "[proto][soap]") {
  for (bool adding : {true, false}) {
    std::string method = adding ? "AddMember" : "DeleteMember";
    SoapCall c = adding ? ab::add_member(kTicket, ab::Role::Block, "carol@example.com")
                        : ab::delete_member(kTicket, ab::Role::Pending, "carol@example.com");
    check_common(c, AbService::Sharing, method, adding ? "BlockUnblock" : "Timer");
    Doc d(c);
    CHECK(d.at({method, "serviceHandle", "Id"}) == "0");
    CHECK(d.at({method, "serviceHandle", "Type"}) == "Messenger");
    pugi::xml_node ms = soap::path(d.body(), {method, "memberships", "Membership"});
    CHECK(soap::text(soap::child(ms, "MemberRole")) == (adding ? "Block" : "Pending"));
    pugi::xml_node m = soap::path(ms, {"Members", "Member"});
    CHECK(std::string(m.attribute("xsi:type").value()) == "PassportMember");
    CHECK(soap::text(soap::child(m, "Type")) == "Passport");
    CHECK(soap::text(soap::child(m, "State")) == "Accepted");
    CHECK(soap::text(soap::child(m, "PassportName")) == "carol@example.com");
  }
}

TEST_CASE("SOAP replies: faults with HTTP 200 or 500, anywhere, bare errors, bad XML",
          "[proto][soap]") {
  SoapReply f = SoapReply::read(
      500, fault("ABContactAdd", "InvalidPassportUser", "The Passport user is invalid"),
      "ABContactAdd");
  CHECK_FALSE(f.ok());
  REQUIRE(f.fault());
  CHECK(f.fault()->errorcode == "InvalidPassportUser");
  CHECK(f.fault()->faultcode == "soap:Client");
  CHECK(f.error() == "ABContactAdd failed: InvalidPassportUser: The Passport user is invalid");

  // HTTP 200 and a fault: still a failure (Escargot's usual way).
  SoapReply f200 = SoapReply::read(
      200, fault("ABFindAll", "FullSyncRequired", "Full sync required."), "ABFindAll");
  CHECK_FALSE(f200.ok());
  CHECK(f200.error() == "ABFindAll failed: FullSyncRequired: Full sync required.");

  // Outside soap:Body (RST style), with no detail: the faultcode names it.
  SoapReply outside = SoapReply::read(
      200,
      "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Fault>"
      "<faultcode>wsse:InvalidRequest</faultcode><faultstring>bad\x1b[2Jrequest</faultstring>"
      "</S:Fault><S:Body/></S:Envelope>",
      "FindMembership");
  CHECK_FALSE(outside.ok());
  CHECK(outside.fault()->faultcode == "wsse:InvalidRequest");
  CHECK(outside.error().find("FindMembership failed: wsse:InvalidRequest: bad") == 0);
  CHECK(outside.error().find('\x1b') == std::string::npos);  // terminal-safe

  SoapReply bare = SoapReply::read(500, "", "ABGroupDelete");
  CHECK(bare.error() == "ABGroupDelete failed: HTTP 500");
  CHECK_FALSE(bare.fault());
  CHECK(SoapReply::read(403, "403: Forbidden", "ABFindAll").error() ==
        "ABFindAll failed: HTTP 403");

  std::string whole = ab_find("ABFindAll", "groups", "contacts");
  SoapReply cut = SoapReply::read(200, whole.substr(0, whole.size() / 2), "ABFindAll");
  CHECK_FALSE(cut.ok());
  CHECK(cut.error().find("ABFindAll failed: the answer is not XML") == 0);

  SoapReply other = SoapReply::read(200, envelope("<SomethingElse/>"), "ABGroupAdd");
  CHECK(other.error() == "ABGroupAdd failed: the answer has no ABGroupAddResponse");

  SoapReply good = SoapReply::read(
      200,
      envelope("<ABGroupDeleteResponse xmlns=\"http://www.msn.com/webservices/AddressBook\" />"),
      "ABGroupDelete");
  CHECK(good.ok());
  CHECK(good.error().empty());
  CHECK(bool(ab::read_empty(200, envelope("<ABGroupDeleteResponse />"), "ABGroupDelete")));
  auto failed = ab::read_empty(500, "", "ABGroupDelete");
  REQUIRE_FALSE(failed);
  CHECK(failed.error().text == "ABGroupDelete failed: HTTP 500");
}

TEST_CASE("SOAP replies: the GUID of ABContactAdd, ABGroupAdd, ABGroupContactAdd",
          "[proto][soap]") {
  for (std::string method : {"ABContactAdd", "ABGroupAdd", "ABGroupContactAdd"}) {
    auto g = ab::read_guid(
        200,
        envelope("<" + method + "Response xmlns=\"http://www.msn.com/webservices/AddressBook\"><" +
                 method + "Result>\n<guid>d8cc4906-8b30-40c0-a3a6-23dce9fbddc3</guid>\n</" +
                 method + "Result></" + method + "Response>"),
        method);
    REQUIRE(g);
    CHECK(*g == "d8cc4906-8b30-40c0-a3a6-23dce9fbddc3");
  }
  auto none = ab::read_guid(200, envelope("<ABGroupAddResponse/>"), "ABGroupAdd");
  REQUIRE_FALSE(none);
  CHECK(none.error().text == "ABGroupAdd failed: the answer names no GUID");
  auto dup =
      ab::read_guid(500, fault("ABGroupAdd", "GroupAlreadyExists", "Group exists"), "ABGroupAdd");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().text == "ABGroupAdd failed: GroupAlreadyExists: Group exists");
}

TEST_CASE("SOAP replies: FindMembership's roles", "[proto][soap]") {
  auto m = ab::read_find_membership(200, kFindMembership);
  REQUIRE(m);
  REQUIRE(m->size() == 5);
  CHECK((*m)[0].role == ab::Role::Allow);
  CHECK((*m)[0].email == "bob@example.com");
  CHECK((*m)[1].role == ab::Role::Block);
  CHECK((*m)[1].email == "carol@example.com");  // lower case
  CHECK((*m)[3].role == ab::Role::Reverse);
  CHECK((*m)[3].email == "erin@example.com");
  CHECK((*m)[4].role == ab::Role::Pending);

  auto f = ab::read_find_membership(200, fault("FindMembership", "InternalError", "knob"));
  REQUIRE_FALSE(f);
  CHECK(f.error().text == "FindMembership failed: InternalError: knob");
}

TEST_CASE("SOAP replies: ABFindAll and ABFindContactsPaged", "[proto][soap]") {
  for (auto [method, g, c] : {std::tuple{"ABFindAll", "groups", "contacts"},
                              std::tuple{"ABFindContactsPaged", "Groups", "Contacts"}}) {
    auto book = ab::read_find_contacts(200, ab_find(method, g, c), method);
    REQUIRE(book);
    REQUIRE(book->groups.size() == 1);
    CHECK(book->groups[0].guid == "a1f1c0de-0001-4000-8000-000000000001");
    CHECK(book->groups[0].name == "Friends & co");
    REQUIRE(book->contacts.size() == 2);  // neither Me nor the circle
    CHECK(book->contacts[0].guid == "b0b");
    CHECK(book->contacts[0].email == "bob@example.com");
    CHECK(book->contacts[0].display_name == "Bob <B>");
    CHECK(book->contacts[0].alias == "Bobby");
    CHECK(book->contacts[0].groups ==
          std::vector<std::string>{"a1f1c0de-0001-4000-8000-000000000001"});
    CHECK(book->contacts[1].email == "frank@example.com");
    CHECK(book->contacts[1].groups.empty());
    CHECK(book->own_nick == "Alice W");
    CHECK(book->blp == 2);
    CHECK(book->gtc == 1);
  }
  auto h = ab::read_find_contacts(500, "", "ABFindAll");
  REQUIRE_FALSE(h);
  CHECK(h.error().text == "ABFindAll failed: HTTP 500");
}

TEST_CASE("Address book to the model: FL, AL, BL, RL, PL, GUIDs, nicks, BLP/GTC", "[proto][soap]") {
  auto m = ab::read_find_membership(200, kFindMembership);
  auto b = ab::read_find_contacts(200, ab_find("ABFindAll", "groups", "contacts"));
  REQUIRE(m);
  REQUIRE(b);
  ab::Lists l = ab::to_lists(*m, *b, "Alice@example.com");
  REQUIRE(l.groups.size() == 1);
  CHECK(l.groups[0].id == "a1f1c0de-0001-4000-8000-000000000001");
  CHECK(l.groups[0].name == "Friends & co");
  CHECK(l.contacts.size() == 5);  // bob, frank, carol, erin, dave
  const Contact* bob = find(l, "bob@example.com");
  REQUIRE(bob);
  CHECK(bob->lists == (kForwardList | kAllowList | kReverseList));
  CHECK(bob->guid == "b0b");
  CHECK(bob->nick == "Bob <B>");
  CHECK(bob->groups == std::vector<std::string>{"a1f1c0de-0001-4000-8000-000000000001"});
  const Contact* frank = find(l, "frank@example.com");
  REQUIRE(frank);
  CHECK(frank->lists == kForwardList);
  const Contact* carol = find(l, "carol@example.com");
  REQUIRE(carol);
  CHECK(carol->lists == kBlockList);
  CHECK(carol->nick == "carol@example.com");
  CHECK(carol->guid.empty());
  CHECK(find(l, "erin@example.com")->lists == kReverseList);
  CHECK(find(l, "dave@example.com")->lists == (kPendingList | kReverseList));
  CHECK(find(l, "alice@example.com") == nullptr);
  CHECK(l.blp == "BL");
  CHECK(l.gtc == "A");
  CHECK(l.own_nick == "Alice W");

  ab::Lists empty = ab::to_lists({}, ab::AddressBook{}, "alice@example.com");
  CHECK(empty.contacts.empty());
  CHECK(empty.blp == "AL");  // unset: the server's default
  CHECK(empty.gtc == "A");
}
