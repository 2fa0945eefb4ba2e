#pragma once
// Reading the answers of the address book and sharing services, and mapping FindMembership +
// ABFindAll onto the model MSNP2-12 fill from SYN (doc/protocol/ab-soap.md#mapping-to-the-model).
#include <string>
#include <string_view>
#include <vector>

#include "model/Contact.hpp"
#include "proto/AbRequests.hpp"
#include "util/Result.hpp"

namespace msntty::ab {

struct Member {
  Role role = Role::Allow;
  std::string email;  // lower case
};
using Memberships = std::vector<Member>;

struct AbContact {
  std::string guid;  // contactId
  std::string email;
  std::string display_name;  // the contact's friendly name (Escargot keeps it current)
  std::string alias;         // AB.NickName: the user's own name for them
  std::vector<std::string> groups;
  bool messenger = true;  // isMessengerUser
};
struct AbGroup {
  std::string guid;
  std::string name;
};
struct AddressBook {
  std::vector<AbGroup> groups;
  std::vector<AbContact> contacts;  // neither the Me entry nor circles
  std::string own_nick;             // the Me entry's displayName
  int blp = 0;                      // Me annotations: MSN.IM.BLP 0 unset, 1 AL, 2 BL
  int gtc = 0;                      // MSN.IM.GTC 0 unset, 1 A, 2 N
};

// The readers take the HTTP status and body; an Error's text is for the user (SoapReply::error).
Result<Memberships> read_find_membership(int status, std::string_view body);
// ABFindAll, or ABFindContactsPaged (`method` names which answer to expect).
Result<AddressBook> read_find_contacts(int status, std::string_view body,
                                       std::string_view method = "ABFindAll");
// ABContactAdd, ABGroupAdd, ABGroupContactAdd: the <guid> of the result.
Result<std::string> read_guid(int status, std::string_view body, std::string_view method);
// The calls whose answer is an empty ...Response.
Result<> read_empty(int status, std::string_view body, std::string_view method);

// The lists as the model holds them: what SYN gave at MSNP10-12.
struct Lists {
  std::vector<Group> groups;      // GUID ids
  std::vector<Contact> contacts;  // with GUIDs, list bits, group GUIDs, nicks
  std::string blp = "AL";         // "AL" / "BL"
  std::string gtc = "A";          // "A" / "N"
  std::string own_nick;           // empty when the address book names none
};
// FL = the address book's contacts; AL/BL/RL/PL = the roles (Pending also sets RL: they have you
// on their list). `account` (your own address) is never listed.
Lists to_lists(const Memberships& members, const AddressBook& book, std::string_view account);

}  // namespace msntty::ab
