#pragma once
// One live switchboard connection of a conversation and the bookkeeping around it: which MSG
// TrIDs belong to which user message (a long message goes out as several MSGs).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/Reactor.hpp"
#include "net/Transport.hpp"
#include "proto/SbSession.hpp"

namespace msntty {

struct SbLink {
  uint64_t serial = 0;  // tells this connection's callbacks from a newer one's
  std::unique_ptr<net::Transport> conn;
  SbSession session;
  bool answering = false;      // we were invited (ANS) rather than calling (USR)
  bool anyone_joined = false;  // until then nobody present means "still ringing", not "all left"
  std::map<uint32_t, uint64_t> part_of;  // MSG TrID -> message id
  std::map<uint64_t, int> parts_left;    // message id -> ACKs still expected
  net::Reactor::Timer join_timer;
  int64_t last_typing = 0;
  bool closing = false;  // leaving: closes once its output is written
  // Answering an invitation: who rang us, and the events until ANS OK (the roster), held until
  // the link knows its conversation.
  std::string inviter;
  std::vector<sb::Event> held;
  SbLink(std::string account, ImFormat format, std::string machine_guid)
      : session(std::move(account), std::move(format), std::move(machine_guid)) {}
};

}  // namespace msntty
