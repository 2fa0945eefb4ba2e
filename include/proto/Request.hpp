#pragma once
// What a command with a TrID was sent for, kept until its reply or error arrives: the operation,
// and what it was about. A reply is matched by the operation, never by re-reading a string.
#include <string>

namespace msntty {

enum class Op {
  // Notification server: signing in.
  Version,
  ClientVersion,
  Policy,
  Login,
  Sync,
  // Notification server: signed in.
  Status,
  Rename,
  Property,
  PersonalMessage,
  SignOutPlace,  // UUN ... 4 goawyplzthxbye (MSNP16+)
  Switchboard,
  AddToList,
  RemoveFromList,
  AddToGroup,
  RemoveFromGroup,
  AddGroup,
  RemoveGroup,
  RenameGroup,
  Privacy,
  Prompt,
  // MSNP13+: ADL and RML (list bits of one contact, or the initial list without a contact).
  ListAdd,
  ListRemove,
  // Switchboard (Login is USR there too).
  Answer,
  Call,
  Message,
};

struct Request {
  Op op = Op::Version;
  std::string contact;  // the e-mail: list and group changes, Call
  unsigned list = 0;    // a ListBits value: AddToList, RemoveFromList
  std::string group;    // a group id (AddToGroup, RemoveFromGroup, RemoveGroup, RenameGroup, and
                        // AddToList on the forward list: where to put them once added), or
                        // the new group's name (AddGroup)

  bool operator==(const Request&) const = default;
};

// The request as the command that carried it, for error messages and the "command" field of
// error events: "USR", "XFR SB", "ADD FL bob@example.com", "ADD bob@example.com to a group".
// List additions are named ADD in every version (MSNP10+ sends them as ADC).
std::string describe(const Request& r);

}  // namespace msntty
