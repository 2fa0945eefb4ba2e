#pragma once
// One entry of the user's contact list, as the server described it, plus its live presence.
#include <cstdint>
#include <string>
#include <vector>

#include "model/Status.hpp"

namespace msntty {

// List membership bits, as MSNP8+ sends them (doc/protocol/ns-lists.md#lists); older versions are
// mapped to them.
enum ListBits : unsigned {
  kForwardList = 1,
  kAllowList = 2,
  kBlockList = 4,
  kReverseList = 8,
  kPendingList = 16,
};

std::vector<std::string> list_names(unsigned bits);  // {"FL","AL",...}
unsigned list_bit(std::string_view code);            // "FL" -> kForwardList, unknown -> 0

struct Group {
  std::string id;    // numeric (MSNP7-9) or GUID (MSNP10+)
  std::string name;  // decoded UTF-8
};

struct Contact {
  std::string email;
  std::string nick;                 // decoded UTF-8, unsanitized (sanitize when displaying)
  std::string guid;                 // MSNP10+ contact id, needed to change the forward list
  unsigned lists = 0;               // ListBits
  std::vector<std::string> groups;  // group ids
  Status status = Status::Offline;
  std::string psm;  // personal message (MSNP11+)
  uint32_t capabilities = 0;
};

}  // namespace msntty
