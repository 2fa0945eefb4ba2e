// NsSession: changing the contact list and groups, and reading the server's confirmations.
#include "proto/NsSession.hpp"
#include "util/Strings.hpp"
#include "util/UrlCode.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

std::string list_code(unsigned list) {
  auto names = list_names(list);
  return names.empty() ? "FL" : names.front();
}

bool looks_like_guid(std::string_view s) {
  return s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-';
}

std::string decode_name(std::string_view s) { return utf8_repair(url_decode(s)); }

}  // namespace

void NsSession::add_contact(const std::string& email, const std::string& group_id) {
  if (m_version >= 10) {
    uint32_t id = m_trids.open("ADC FL " + email);
    m_out += "ADC " + std::to_string(id) + " FL N=" + email + " F=" + email + "\r\n";
    if (!group_id.empty()) m_group_after_add[id] = group_id;
    return;
  }
  std::string line = "ADD " + std::to_string(m_trids.open("ADD FL " + email)) + " FL " + email +
                     " " + email;
  if (m_version >= 7 && !group_id.empty()) line += " " + group_id;
  m_out += line + "\r\n";
}

void NsSession::remove_contact(const Contact& contact) {
  std::string who = m_version >= 10 && !contact.guid.empty() ? contact.guid : contact.email;
  m_out += "REM " + std::to_string(m_trids.open("REM FL " + contact.email)) + " FL " + who + "\r\n";
}

void NsSession::add_to_list(unsigned list, const std::string& email) {
  std::string code = list_code(list);
  uint32_t id = m_trids.open("ADD " + code + " " + email);
  if (m_version >= 10)
    m_out += "ADC " + std::to_string(id) + " " + code + " N=" + email + "\r\n";
  else
    m_out += "ADD " + std::to_string(id) + " " + code + " " + email + " " + email + "\r\n";
}

void NsSession::remove_from_list(unsigned list, const std::string& email) {
  std::string code = list_code(list);
  m_out += "REM " + std::to_string(m_trids.open("REM " + code + " " + email)) + " " + code + " " +
           email + "\r\n";
}

void NsSession::add_to_group(const Contact& contact, const std::string& group_id) {
  uint32_t id = m_trids.open("ADD " + contact.email + " to a group");
  if (m_version >= 10)
    m_out += "ADC " + std::to_string(id) + " FL C=" + contact.guid + " " + group_id + "\r\n";
  else
    m_out += "ADD " + std::to_string(id) + " FL " + contact.email + " " + url_encode(contact.nick) +
             " " + group_id + "\r\n";
}

void NsSession::remove_from_group(const Contact& contact, const std::string& group_id) {
  std::string who = m_version >= 10 ? contact.guid : contact.email;
  m_out += "REM " + std::to_string(m_trids.open("REM " + contact.email + " from a group")) +
           " FL " + who + " " + group_id + "\r\n";
}

void NsSession::add_group(const std::string& name) {
  std::string line = "ADG " + std::to_string(m_trids.open("ADG " + name)) + " " + url_encode(name);
  m_out += line + (m_version >= 10 ? "\r\n" : " 0\r\n");
}

void NsSession::remove_group(const std::string& group_id) {
  m_out += "RMG " + std::to_string(m_trids.open("RMG")) + " " + group_id + "\r\n";
}

void NsSession::rename_group(const std::string& group_id, const std::string& name) {
  m_out += "REG " + std::to_string(m_trids.open("REG")) + " " + group_id + " " + url_encode(name) +
           (m_version >= 10 ? "\r\n" : " 0\r\n");
}

void NsSession::set_privacy(const std::string& blp) {
  m_out += "BLP " + std::to_string(m_trids.open("BLP")) + " " + blp + "\r\n";
}

void NsSession::set_prompt(const std::string& gtc) {
  m_out += "GTC " + std::to_string(m_trids.open("GTC")) + " " + gtc + "\r\n";
}

void NsSession::handle_list_change(const Command& c) {
  uint32_t trid = c.trid().value_or(0);
  m_trids.close(trid);
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
  } else {                // ADC t LIST N=email [F=nick] [C=guid] | ADC t FL C=guid group
    for (size_t i = 2; i < c.argc(); ++i) {
      std::string_view v = c.args[i];
      if (v.starts_with("N=")) a.email = v.substr(2);
      else if (v.starts_with("F=")) a.nick = decode_name(v.substr(2));
      else if (v.starts_with("C=")) a.guid = v.substr(2);
      else if (!v.empty()) a.group = v;
    }
  }
  if (auto it = m_group_after_add.find(trid); it != m_group_after_add.end()) {
    std::string group = it->second;
    m_group_after_add.erase(it);
    if (!a.guid.empty()) {
      Contact ct;
      ct.email = a.email;
      ct.guid = a.guid;
      add_to_group(ct, group);
    }
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
      if (looks_like_guid(c.args[i])) id = c.args[i];
      else if (name.empty() && !parse_u32(c.args[i])) name = decode_name(c.args[i]);
    }
  } else if (c.name == "ADG") {  // ADG t ver name id 0
    name = decode_name(c.arg(2));
    id = c.arg(3);
  } else if (c.name == "REG") {  // REG t ver id name 0
    id = c.arg(2);
    name = decode_name(c.arg(3));
  } else {                       // RMG t ver id
    id = c.arg(2);
  }
  if (id.empty()) return emit(ns::ProtocolError{"unreadable " + c.name + " reply ignored", false});
  if (c.name == "ADG") return emit(ns::GroupAdded{Group{id, name}});
  if (c.name == "REG") return emit(ns::GroupRenamed{Group{id, name}});
  emit(ns::GroupRemoved{id});
}

}  // namespace msntty
