#pragma once
// Transaction ids of one connection: handed out in order from 1, remembered until the reply (or
// error) with that id arrives, so that "217 5" can be told apart from "217 6".
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace msntty {

class Transactions {
 public:
  // A fresh id for a command that expects a reply; `what` is remembered for error messages.
  uint32_t open(std::string what);
  // An id for a command whose reply we do not track (PNG has none; QRY replies are ignored).
  uint32_t next_id();
  // The reply for `trid` arrived: forget it and return what it answered, if it was pending.
  std::optional<std::string> close(uint32_t trid);
  const std::string* find(uint32_t trid) const;
  size_t pending() const { return m_pending.size(); }
  void reset();  // new connection: ids restart at 1

 private:
  uint32_t m_next = 1;
  std::unordered_map<uint32_t, std::string> m_pending;
};

}  // namespace msntty
