#pragma once
// What a switchboard session tells the application.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "proto/ImFormat.hpp"
#include "proto/Request.hpp"

namespace msntty::sb {

struct Ready {};  // authenticated (USR OK / ANS OK): messages may be sent
// JOI, or IRO roster: once per contact, however many of its places (MSNP16+) are there.
struct Joined {
  std::string email, nick;
  bool already_there = false;
};
// BYE [1]: the contact's last place left.
struct Left {
  std::string email;
  bool idle = false;
};
struct Ringing {
  std::string email;
};  // CAL ... RINGING
struct CallFailed {
  std::string email;
  int code = 0;
  std::string text;
};
struct Message {
  std::string from, nick, text;
  ImFormat format;
  bool own = false;  // from our own account: another place of ours in this switchboard (MSNP16+)
};
struct Typing {
  std::string email;
};
struct Nudge {
  std::string from;
  bool own = false;  // sent from another place of ours
};
// An invitation (file transfer, webcam, ...) msntty cannot take part in; already declined.
struct Unsupported {
  std::string from, what;
};
struct Delivered {
  uint32_t trid = 0;
};
struct NotDelivered {
  uint32_t trid = 0;
  std::string reason;
};
// `request`: what we sent that it answers, if it matched one (code 0: msntty's own error).
struct Error {
  int code = 0;
  std::string text;
  bool fatal = false;
  std::optional<Request> request;
};

using Event = std::variant<Ready, Joined, Left, Ringing, CallFailed, Message, Typing, Nudge,
                           Unsupported, Delivered, NotDelivered, Error>;

}  // namespace msntty::sb
