// NsSession: changing the contact list and groups, and reading the server's confirmations.
#include "proto/DisplayName.hpp"
#include "proto/NsSession.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

std::string list_code(unsigned list) {
  auto names = list_names(list);
  return names.empty() ? "FL" : names.front();
}

// "N=bob@example.com"; empty when the value is, so that the writer refuses it ("N=" alone would
// pass as a token but ask the server for nobody).
std::string tagged(std::string_view tag, std::string_view value) {
  return value.empty() ? std::string() : std::string(tag) + std::string(value);
}

bool looks_like_guid(std::string_view s) {
  return s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-';
}

}  // namespace

void NsSession::add_contact(const std::string& email, const std::string& group_id) {
  if (web_lists()) return add_to_lists(email, kForwardList);
  Request r{Op::AddToList, email, kForwardList};
  if (m_version >= 10) {
    // The group needs the GUID the server hands out in its reply: add_to_group() follows then.
    r.group = group_id;
    send(std::move(r), "ADC", {"FL", tagged("N=", email), tagged("F=", email)});
  } else if (m_version >= 7 && !group_id.empty()) {
    send(std::move(r), "ADD", {"FL", email, email, group_id});
  } else {
    send(std::move(r), "ADD", {"FL", email, email});
  }
}

void NsSession::remove_contact(const Contact& contact) {
  if (web_lists()) return remove_from_lists(contact.email, kForwardList);
  std::string who = m_version >= 10 && !contact.guid.empty() ? contact.guid : contact.email;
  send({Op::RemoveFromList, contact.email, kForwardList}, "REM", {"FL", who});
}

void NsSession::add_to_list(unsigned list, const std::string& email) {
  if (web_lists()) return add_to_lists(email, list);
  std::string code = list_code(list);
  Request r{Op::AddToList, email, list};
  if (m_version >= 10)
    send(std::move(r), "ADC", {code, tagged("N=", email)});
  else
    send(std::move(r), "ADD", {code, email, email});
}

void NsSession::remove_from_list(unsigned list, const std::string& email) {
  if (web_lists()) return remove_from_lists(email, list);  // PL: DeleteMember Pending only
  send({Op::RemoveFromList, email, list}, "REM", {list_code(list), email});
}

void NsSession::add_to_group(const Contact& contact, const std::string& group_id) {
  if (web_group_op("a group change")) return;
  Request r{Op::AddToGroup, contact.email, kForwardList, group_id};
  if (m_version >= 10)
    send(std::move(r), "ADC", {"FL", tagged("C=", contact.guid), group_id});
  else
    send(std::move(r), "ADD", {"FL", contact.email, encode_name(contact.nick), group_id});
}

void NsSession::remove_from_group(const Contact& contact, const std::string& group_id) {
  if (web_group_op("a group change")) return;
  std::string who = m_version >= 10 ? contact.guid : contact.email;
  send({Op::RemoveFromGroup, contact.email, kForwardList, group_id}, "REM", {"FL", who, group_id});
}

void NsSession::add_group(const std::string& name) {
  if (web_group_op("a new group")) return;
  Request r{Op::AddGroup, "", 0, name};
  if (m_version >= 10)
    send(std::move(r), "ADG", {encode_name(name)});
  else
    send(std::move(r), "ADG", {encode_name(name), "0"});
}

void NsSession::remove_group(const std::string& group_id) {
  if (web_group_op("removing a group")) return;
  send({Op::RemoveGroup, "", 0, group_id}, "RMG", {group_id});
}

void NsSession::rename_group(const std::string& group_id, const std::string& name) {
  if (web_group_op("renaming a group")) return;
  Request r{Op::RenameGroup, "", 0, group_id};
  if (m_version >= 10)
    send(std::move(r), "REG", {group_id, encode_name(name)});
  else
    send(std::move(r), "REG", {group_id, encode_name(name), "0"});
}

void NsSession::set_privacy(const std::string& blp) {
  send({Op::Privacy}, "BLP", {blp});
}

void NsSession::set_prompt(const std::string& gtc) {
  if (web_lists()) {  // GTC closes the connection at 13+: the Me annotation MSN.IM.GTC holds it
    m_gtc = gtc;
    if (m_state == State::Online) emit(ns::PrivacySettings{m_blp, m_gtc});
    return;
  }
  send({Op::Prompt}, "GTC", {gtc});
}

void NsSession::handle_list_change(const Command& c) {
  std::optional<Request> request = m_trids.close(c.trid().value_or(0));
  unsigned list = list_bit(c.arg(1));
  if (!list) return;
  if (c.name == "REM") {  // REM t LIST [ver] who [group]
    size_t at = m_version < 10 ? 3 : 2;
    return emit(ns::ListRemoved{list, c.arg(at), c.arg(at + 1)});
  }
  ns::ListAdded a;
  a.list = list;
  if (c.name == "ADD") {  // ADD t LIST ver email nick [group]
    a.email = c.arg(3);
    a.nick = decode_name(c.arg(4));
    a.group = c.arg(5);
  } else {  // ADC t LIST N=email [F=nick] [C=guid] | ADC t FL C=guid group
    for (size_t i = 2; i < c.argc(); ++i) {
      std::string_view v = c.args[i];
      if (v.starts_with("N="))
        a.email = v.substr(2);
      else if (v.starts_with("F="))
        a.nick = decode_name(v.substr(2));
      else if (v.starts_with("C="))
        a.guid = v.substr(2);
      else if (!v.empty())
        a.group = v;
    }
  }
  if (request && request->op == Op::AddToList && !request->group.empty() && !a.guid.empty()) {
    Contact ct;
    ct.email = a.email;
    ct.guid = a.guid;
    add_to_group(ct, request->group);
  }
  emit(std::move(a));
}

void NsSession::handle_group_change(const Command& c) {
  m_trids.close(c.trid().value_or(0));
  // Escargot's MSNP10+ replies put a dummy list version where MSNP7-9 had one
  // (doc/protocol/ns-lists.md#escargot-group-replies):
  // find the id by its GUID shape there, by position before.
  std::string id, name;
  if (m_version >= 10) {
    for (size_t i = 1; i < c.argc(); ++i) {
      if (looks_like_guid(c.args[i]))
        id = c.args[i];
      else if (name.empty() && !parse_u32(c.args[i]))
        name = decode_name(c.args[i]);
    }
  } else if (c.name == "ADG") {  // ADG t ver name id 0
    name = decode_name(c.arg(2));
    id = c.arg(3);
  } else if (c.name == "REG") {  // REG t ver id name 0
    id = c.arg(2);
    name = decode_name(c.arg(3));
  } else {  // RMG t ver id
    id = c.arg(2);
  }
  if (id.empty()) return emit(ns::ProtocolError{"unreadable " + c.name + " reply ignored", false});
  if (c.name == "ADG") return emit(ns::GroupAdded{Group{id, name}});
  if (c.name == "REG") return emit(ns::GroupRenamed{Group{id, name}});
  emit(ns::GroupRemoved{id});
}

}  // namespace msntty
