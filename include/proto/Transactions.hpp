#pragma once
// Transaction ids of one connection: handed out in order from 1, remembered with the request
// they carried until the reply (or error) with that id arrives, so that "217 5" can be told
// apart from "217 6" and named.
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "proto/Request.hpp"

namespace msntty {

class Transactions {
 public:
  // A fresh id for a command that expects a reply; the request is kept until close().
  uint32_t open(Request request);
  // An id for a command whose reply we do not track (QRY replies are ignored, MSG U/N have none).
  uint32_t next_id();
  // The id the next open() or next_id() hands out, without using it: a command is written with
  // it first and opened only if the writer took it.
  uint32_t upcoming() const { return m_next == 0 ? 1 : m_next; }
  // The reply for `trid` arrived: forget it and return what it answered, if it was pending.
  std::optional<Request> close(uint32_t trid);
  const Request* find(uint32_t trid) const;
  size_t pending() const { return m_pending.size(); }
  void reset();  // new connection: ids restart at 1

 private:
  uint32_t m_next = 1;
  std::unordered_map<uint32_t, Request> m_pending;
};

}  // namespace msntty
