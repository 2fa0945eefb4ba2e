#include "proto/AbLists.hpp"

#include <algorithm>
#include <map>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ab {
namespace {

using soap::child;
using soap::path;
using soap::text;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A text from the server, valid UTF-8 (the model and the terminal rely on it).
std::string clean(const pugi::xml_node& n) {
  return utf8_repair(text(n));
}

bool role_of(std::string_view name, Role& role) {
  for (Role r : {Role::Allow, Role::Block, Role::Reverse, Role::Pending})
    if (name == role_name(r)) return role = r, true;
  return false;
}

AbContact read_contact(const pugi::xml_node& c, std::string& type) {
  AbContact out;
  out.guid = clean(child(c, "contactId"));
  pugi::xml_node info = child(c, "contactInfo");
  type = text(child(info, "contactType"));
  out.email = lower(clean(child(info, "passportName")));
  out.display_name = clean(child(info, "displayName"));
  out.messenger = text(child(info, "isMessengerUser")) != "false";
  // Inside contactInfo (Escargot, WLM); some documents have it beside contactInfo.
  pugi::xml_node ids = child(info, "groupIds");
  if (!ids) ids = child(c, "groupIds");
  for (pugi::xml_node g : ids.children())
    if (soap::local_name(g) == "guid") out.groups.push_back(clean(g));
  for (pugi::xml_node a : child(info, "annotations").children())
    if (text(child(a, "Name")) == "AB.NickName") out.alias = clean(child(a, "Value"));
  return out;
}

void read_me(const pugi::xml_node& c, AddressBook& book) {
  pugi::xml_node info = child(c, "contactInfo");
  book.own_nick = clean(child(info, "displayName"));
  for (pugi::xml_node a : child(info, "annotations").children()) {
    std::string name = text(child(a, "Name"));
    int value = static_cast<int>(parse_u32(text(child(a, "Value"))).value_or(0));
    if (name == "MSN.IM.BLP") book.blp = value;
    if (name == "MSN.IM.GTC") book.gtc = value;
  }
}

}  // namespace

Result<Memberships> read_find_membership(int status, std::string_view body) {
  SoapReply r = SoapReply::read(status, body, "FindMembership");
  if (!r.ok()) return Error{r.error()};
  Memberships out;
  pugi::xml_node services = path(r.response(), {"FindMembershipResult", "Services"});
  for (pugi::xml_node service : services.children()) {
    if (soap::local_name(service) != "Service") continue;
    for (pugi::xml_node m : child(service, "Memberships").children()) {
      Role role;
      if (soap::local_name(m) != "Membership" || !role_of(text(child(m, "MemberRole")), role))
        continue;
      for (pugi::xml_node member : child(m, "Members").children()) {
        if (soap::local_name(member) != "Member" || text(child(member, "Deleted")) == "true")
          continue;
        std::string email = lower(clean(child(member, "PassportName")));
        if (email.empty()) continue;  // circles, e-mail-only and phone members: not ours
        out.push_back({role, std::move(email)});
      }
    }
  }
  return out;
}

Result<AddressBook> read_find_contacts(int status, std::string_view body, std::string_view method) {
  SoapReply r = SoapReply::read(status, body, method);
  if (!r.ok()) return Error{r.error()};
  pugi::xml_node result = child(r.response(), std::string(method) + "Result");
  if (!result)
    return Error{std::string(method) + " failed: the answer has no " + std::string(method) +
                 "Result"};
  AddressBook book;
  // ABFindAll says groups/contacts, ABFindContactsPaged Groups/Contacts.
  pugi::xml_node groups = child(result, "groups");
  if (!groups) groups = child(result, "Groups");
  for (pugi::xml_node g : groups.children()) {
    if (soap::local_name(g) != "Group") continue;
    AbGroup group{clean(child(g, "groupId")), clean(path(g, {"groupInfo", "name"}))};
    if (!group.guid.empty()) book.groups.push_back(std::move(group));
  }
  pugi::xml_node contacts = child(result, "contacts");
  if (!contacts) contacts = child(result, "Contacts");
  for (pugi::xml_node c : contacts.children()) {
    if (soap::local_name(c) != "Contact" || text(child(c, "fDeleted")) == "true") continue;
    std::string type;
    AbContact contact = read_contact(c, type);
    if (type == "Me")
      read_me(c, book);
    else if (type != "Circle" && !contact.email.empty())
      book.contacts.push_back(std::move(contact));
  }
  return book;
}

Result<std::string> read_guid(int status, std::string_view body, std::string_view method) {
  SoapReply r = SoapReply::read(status, body, method);
  if (!r.ok()) return Error{r.error()};
  std::string guid = clean(path(r.response(), {std::string(method) + "Result", "guid"}));
  if (guid.empty()) return Error{std::string(method) + " failed: the answer names no GUID"};
  return guid;
}

Result<> read_empty(int status, std::string_view body, std::string_view method) {
  SoapReply r = SoapReply::read(status, body, method);
  if (!r.ok()) return Error{r.error()};
  return {};
}

Lists to_lists(const Memberships& members, const AddressBook& book, std::string_view account) {
  Lists out;
  std::string self = lower(std::string(account));
  for (const auto& g : book.groups) out.groups.push_back(Group{g.guid, g.name});
  std::map<std::string, size_t> index;
  auto entry = [&](const std::string& email) -> Contact& {
    auto [it, fresh] = index.try_emplace(email, out.contacts.size());
    if (fresh) {
      Contact c;
      c.email = email;
      c.nick = email;
      out.contacts.push_back(std::move(c));
    }
    return out.contacts[it->second];
  };
  for (const auto& ab : book.contacts) {
    if (ab.email == self) continue;
    Contact& c = entry(ab.email);
    c.guid = ab.guid;
    c.lists |= kForwardList;
    if (!ab.display_name.empty()) c.nick = ab.display_name;
    c.groups = ab.groups;
  }
  for (const auto& m : members) {
    if (m.email == self) continue;
    Contact& c = entry(m.email);
    switch (m.role) {
      case Role::Allow: c.lists |= kAllowList; break;
      case Role::Block: c.lists |= kBlockList; break;
      case Role::Reverse: c.lists |= kReverseList; break;
      case Role::Pending: c.lists |= kPendingList | kReverseList; break;
    }
  }
  out.blp = book.blp == 2 ? "BL" : "AL";
  out.gtc = book.gtc == 2 ? "N" : "A";
  out.own_nick = book.own_nick;
  return out;
}

}  // namespace msntty::ab
