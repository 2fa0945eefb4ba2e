#include "proto/Transactions.hpp"

namespace msntty {

uint32_t Transactions::next_id() {
  // TrID 0 is the server's "unsolicited" marker: skip it when the counter wraps.
  if (m_next == 0) m_next = 1;
  return m_next++;
}

uint32_t Transactions::open(Request request) {
  uint32_t id = next_id();
  m_pending[id] = std::move(request);
  return id;
}

std::optional<Request> Transactions::close(uint32_t trid) {
  auto it = m_pending.find(trid);
  if (it == m_pending.end()) return std::nullopt;
  Request r = std::move(it->second);
  m_pending.erase(it);
  return r;
}

const Request* Transactions::find(uint32_t trid) const {
  auto it = m_pending.find(trid);
  return it == m_pending.end() ? nullptr : &it->second;
}

void Transactions::reset() {
  m_next = 1;
  m_pending.clear();
}

}  // namespace msntty
