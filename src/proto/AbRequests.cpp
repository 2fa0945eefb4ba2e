#include "proto/AbRequests.hpp"

#include "util/Xml.hpp"

namespace msntty::ab {
namespace {

constexpr const char* kNs = "http://www.msn.com/webservices/AddressBook";
constexpr const char* kNullAb = "<abId>00000000-0000-0000-0000-000000000000</abId>";
// Windows Live Messenger 8.5's application id, which the services expect of a messenger.
constexpr const char* kApplicationId = "CFE80F9D-180F-4399-82AB-413F33A1FA11";

std::string headers(const std::string& ticket, const char* scenario) {
  std::string h = "<ABApplicationHeader xmlns=\"" + std::string(kNs) + "\"><ApplicationId>" +
                  kApplicationId + "</ApplicationId><IsMigration>false</IsMigration>" +
                  "<PartnerScenario>" + scenario + "</PartnerScenario></ABApplicationHeader>";
  h += "<ABAuthHeader xmlns=\"" + std::string(kNs) +
       "\"><ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>" + xml_escape(ticket) +
       "</TicketToken></ABAuthHeader>";
  return h;
}

SoapCall call(AbService service, const char* method, const std::string& ticket,
              const char* scenario, const std::string& inner) {
  std::string body =
      "<" + std::string(method) + " xmlns=\"" + kNs + "\">" + inner + "</" + method + ">";
  return SoapCall{service, method, "\"" + std::string(kNs) + "/" + method + "\"",
                  soap_envelope(headers(ticket, scenario), body)};
}

std::string el(const char* name, const std::string& escaped_inner) {
  return "<" + std::string(name) + ">" + escaped_inner + "</" + name + ">";
}

std::string contact_id(const std::string& guid) {
  return "<contacts><Contact>" + el("contactId", xml_escape(guid)) + "</Contact></contacts>";
}

std::string group_filter(const std::string& guid) {
  return "<groupFilter><groupIds>" + el("guid", xml_escape(guid)) + "</groupIds></groupFilter>";
}

std::string annotation(const char* name, const std::string& value) {
  return "<Annotation>" + el("Name", name) + el("Value", xml_escape(value)) + "</Annotation>";
}

SoapCall membership(const char* method, const std::string& ticket, Role role,
                    const std::string& email) {
  std::string inner =
      "<serviceHandle><Id>0</Id><Type>Messenger</Type><ForeignId></ForeignId></serviceHandle>"
      "<memberships><Membership>" +
      el("MemberRole", role_name(role)) +
      "<Members><Member xsi:type=\"PassportMember\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><Type>Passport</Type>" +
      el("PassportName", xml_escape(email)) +
      "<State>Accepted</State></Member></Members></Membership></memberships>";
  const char* scenario = role == Role::Block || role == Role::Allow ? "BlockUnblock" : "Timer";
  return call(AbService::Sharing, method, ticket, scenario, inner);
}

}  // namespace

const char* role_name(Role r) {
  switch (r) {
    case Role::Allow: return "Allow";
    case Role::Block: return "Block";
    case Role::Reverse: return "Reverse";
    case Role::Pending: return "Pending";
  }
  return "Allow";
}

SoapCall find_membership(const std::string& ticket) {
  return call(AbService::Sharing, "FindMembership", ticket, "Initial",
              "<serviceFilter><Types><ServiceType>Messenger</ServiceType>"
              "<ServiceType>Invitation</ServiceType><ServiceType>SocialNetwork</ServiceType>"
              "<ServiceType>Space</ServiceType><ServiceType>Profile</ServiceType>"
              "</Types></serviceFilter>");
}

SoapCall ab_find_all(const std::string& ticket) {
  return call(AbService::AddressBook, "ABFindAll", ticket, "Initial",
              std::string(kNullAb) +
                  "<abView>Full</abView><deltasOnly>false</deltasOnly>"
                  "<lastChange>0001-01-01T00:00:00.0000000-08:00</lastChange>");
}

SoapCall ab_contact_add(const std::string& ticket, const std::string& email) {
  std::string e = xml_escape(email);
  return call(AbService::AddressBook, "ABContactAdd", ticket, "ContactSave",
              std::string(kNullAb) +
                  "<contacts><Contact><contactInfo><contactType>LivePending</contactType>" +
                  el("passportName", e) +
                  "<isMessengerUser>true</isMessengerUser><MessengerMemberInfo>" +
                  el("DisplayName", e) +
                  "</MessengerMemberInfo></contactInfo></Contact></contacts>"
                  "<options><EnableAllowListManagement>true</EnableAllowListManagement>"
                  "</options>");
}

SoapCall ab_contact_delete(const std::string& ticket, const std::string& contact_guid) {
  return call(AbService::AddressBook, "ABContactDelete", ticket, "Timer",
              kNullAb + contact_id(contact_guid));
}

SoapCall ab_contact_update_me(const std::string& ticket, int blp, int gtc) {
  std::string notes;
  if (blp) notes += annotation("MSN.IM.BLP", std::to_string(blp));
  if (gtc) notes += annotation("MSN.IM.GTC", std::to_string(gtc));
  return call(AbService::AddressBook, "ABContactUpdate", ticket, "PrivacyApply",
              std::string(kNullAb) +
                  "<contacts><Contact><contactInfo><contactType>Me</contactType>" +
                  el("annotations", notes) +
                  "</contactInfo><propertiesChanged>Annotation</propertiesChanged></Contact>"
                  "</contacts>");
}

SoapCall ab_contact_update_nick(const std::string& ticket, const std::string& contact_guid,
                                const std::string& nick) {
  return call(AbService::AddressBook, "ABContactUpdate", ticket, "ContactSave",
              std::string(kNullAb) + "<contacts><Contact>" +
                  el("contactId", xml_escape(contact_guid)) + "<contactInfo>" +
                  el("annotations", annotation("AB.NickName", nick)) +
                  "</contactInfo><propertiesChanged>Annotation</propertiesChanged></Contact>"
                  "</contacts>");
}

SoapCall ab_group_add(const std::string& ticket, const std::string& name) {
  return call(AbService::AddressBook, "ABGroupAdd", ticket, "GroupSave",
              std::string(kNullAb) +
                  "<groupAddOptions><fRenameOnMsgrConflict>false</fRenameOnMsgrConflict>"
                  "</groupAddOptions><groupInfo><GroupInfo>" +
                  el("name", xml_escape(name)) +
                  "<groupType>C8529CE2-6EAD-434d-881F-341E17DB3FF8</groupType>"
                  "<fMessenger>false</fMessenger><annotations>" +
                  annotation("MSN.IM.Display", "1") + "</annotations></GroupInfo></groupInfo>");
}

SoapCall ab_group_update(const std::string& ticket, const std::string& group_guid,
                         const std::string& name) {
  return call(AbService::AddressBook, "ABGroupUpdate", ticket, "GroupSave",
              std::string(kNullAb) + "<groups><Group>" + el("groupId", xml_escape(group_guid)) +
                  "<groupInfo>" + el("name", xml_escape(name)) +
                  "</groupInfo><propertiesChanged>GroupName</propertiesChanged></Group></groups>");
}

SoapCall ab_group_delete(const std::string& ticket, const std::string& group_guid) {
  return call(AbService::AddressBook, "ABGroupDelete", ticket, "GroupSave",
              kNullAb + group_filter(group_guid));
}

SoapCall ab_group_contact_add(const std::string& ticket, const std::string& group_guid,
                              const std::string& contact_guid) {
  return call(AbService::AddressBook, "ABGroupContactAdd", ticket, "GroupSave",
              kNullAb + group_filter(group_guid) + contact_id(contact_guid));
}

SoapCall ab_group_contact_delete(const std::string& ticket, const std::string& group_guid,
                                 const std::string& contact_guid) {
  return call(AbService::AddressBook, "ABGroupContactDelete", ticket, "GroupSave",
              kNullAb + group_filter(group_guid) + contact_id(contact_guid));
}

SoapCall add_member(const std::string& ticket, Role role, const std::string& email) {
  return membership("AddMember", ticket, role, email);
}

SoapCall delete_member(const std::string& ticket, Role role, const std::string& email) {
  return membership("DeleteMember", ticket, role, email);
}

}  // namespace msntty::ab
