#include "proto/Request.hpp"

#include "model/Contact.hpp"

namespace msntty {
namespace {

std::string list_code(unsigned list) {
  auto names = list_names(list);
  return names.empty() ? "FL" : names.front();
}

const char* verb(Op op) {
  switch (op) {
    case Op::Version: return "VER";
    case Op::ClientVersion: return "CVR";
    case Op::Policy: return "INF";
    case Op::Login: return "USR";
    case Op::Sync: return "SYN";
    case Op::Status: return "CHG";
    case Op::Rename: return "REA";
    case Op::Property: return "PRP";
    case Op::PersonalMessage: return "UUX";
    case Op::SignOutPlace: return "UUN";
    case Op::Switchboard: return "XFR SB";
    case Op::AddToList:
    case Op::AddToGroup: return "ADD";
    case Op::RemoveFromList:
    case Op::RemoveFromGroup: return "REM";
    case Op::AddGroup: return "ADG";
    case Op::RemoveGroup: return "RMG";
    case Op::RenameGroup: return "REG";
    case Op::Privacy: return "BLP";
    case Op::Prompt: return "GTC";
    case Op::ListAdd: return "ADL";
    case Op::ListRemove: return "RML";
    case Op::Answer: return "ANS";
    case Op::Call: return "CAL";
    case Op::Message: return "MSG";
  }
  return "";
}

}  // namespace

std::string describe(const Request& r) {
  std::string text = verb(r.op);
  switch (r.op) {
    case Op::AddToList:
    case Op::RemoveFromList: return text + " " + list_code(r.list) + " " + r.contact;
    case Op::AddToGroup: return text + " " + r.contact + " to a group";
    case Op::RemoveFromGroup: return text + " " + r.contact + " from a group";
    case Op::AddGroup: return text + " " + r.group;
    case Op::ListAdd:
    case Op::ListRemove: {
      if (r.contact.empty()) return text;
      for (const auto& name : list_names(r.list)) text += " " + name;
      return text + " " + r.contact;
    }
    case Op::Call: return text + " " + r.contact;
    default: return text;
  }
}

}  // namespace msntty
