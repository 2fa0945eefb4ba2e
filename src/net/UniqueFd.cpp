#include "net/UniqueFd.hpp"

#include <unistd.h>

namespace msntty::net {

UniqueFd::~UniqueFd() {
  reset();
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int UniqueFd::release() {
  int fd = m_fd;
  m_fd = -1;
  return fd;
}

void UniqueFd::reset(int fd) {
  // close() is never retried on EINTR: on Linux the fd is gone either way.
  if (m_fd >= 0) ::close(m_fd);
  m_fd = fd;
}

}  // namespace msntty::net
