#pragma once
// The requests of the address book and sharing services (doc/protocol/ab-soap.md#the-calls): each
// function returns the whole call, headers with the contacts ticket included. Values are
// XML-escaped here; an action element always has children (Escargot answers HTTP 500 to an empty
// one).
#include <string>

#include "proto/SoapReply.hpp"

namespace msntty::ab {

// The sharing service's roles (there is no Forward role: the forward list is the address book).
enum class Role { Allow, Block, Reverse, Pending };
const char* role_name(Role r);

// Reading the lists at sign-in (always the full list: servers refuse deltas).
SoapCall find_membership(const std::string& ticket);
SoapCall ab_find_all(const std::string& ticket);

// Contacts.
SoapCall ab_contact_add(const std::string& ticket, const std::string& email);
SoapCall ab_contact_delete(const std::string& ticket, const std::string& contact_guid);
// Your own entry's annotations: BLP 1 (AL) or 2 (BL), GTC 1 (A) or 2 (N); 0 leaves one out.
SoapCall ab_contact_update_me(const std::string& ticket, int blp, int gtc);
// A contact's private alias (AB.NickName).
SoapCall ab_contact_update_nick(const std::string& ticket, const std::string& contact_guid,
                                const std::string& nick);

// Groups.
SoapCall ab_group_add(const std::string& ticket, const std::string& name);
SoapCall ab_group_update(const std::string& ticket, const std::string& group_guid,
                         const std::string& name);
SoapCall ab_group_delete(const std::string& ticket, const std::string& group_guid);
SoapCall ab_group_contact_add(const std::string& ticket, const std::string& group_guid,
                              const std::string& contact_guid);
SoapCall ab_group_contact_delete(const std::string& ticket, const std::string& group_guid,
                                 const std::string& contact_guid);

// Memberships (sharing service).
SoapCall add_member(const std::string& ticket, Role role, const std::string& email);
SoapCall delete_member(const std::string& ticket, Role role, const std::string& email);

}  // namespace msntty::ab
