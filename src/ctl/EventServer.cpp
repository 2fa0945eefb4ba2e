#include "ctl/EventServer.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "ctl/RuntimePaths.hpp"
#include "net/SockAddr.hpp"

namespace msntty::ctl {
namespace {

const std::string kName(kSocketName);

sockaddr_un unix_address(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.data(), path.size());  // callers checked fits_socket_path
  return a;
}

// What is at the socket's name now. Errors are in `error`.
enum class Existing { Nothing, Stale, Live, Unsafe };

Existing probe(const net::PrivateDir& dir, const std::string& address, std::string& error) {
  const std::string shown = dir.file(kName);
  struct stat st {};
  if (!dir.stat_entry(kName, st)) {
    if (errno == ENOENT) return Existing::Nothing;
    error = "cannot check " + shown + ": " + net::errno_text(errno);
    return Existing::Unsafe;
  }
  if (S_ISLNK(st.st_mode)) {
    error = shown + " is a symlink: refusing to use it";
    return Existing::Unsafe;
  }
  if (!S_ISSOCK(st.st_mode) || st.st_uid != ::geteuid()) {
    error = shown + " exists and is not a socket of ours: refusing to use it";
    return Existing::Unsafe;
  }
  net::UniqueFd s(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!s) {
    error = "socket: " + net::errno_text(errno);
    return Existing::Unsafe;
  }
  sockaddr_un a = unix_address(address);
  if (::connect(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 || errno == EAGAIN) {
    error = "another msntty is already running for this account (" + shown + " answers)";
    return Existing::Live;
  }
  if (errno == ECONNREFUSED) return Existing::Stale;
  if (errno == ENOENT) return Existing::Nothing;
  error = "cannot check " + shown + ": " + net::errno_text(errno);
  return Existing::Unsafe;
}

}  // namespace

std::unique_ptr<EventServer> EventServer::create(net::Reactor& reactor, EventBus& events,
                                                 const net::PrivateDir& dir,
                                                 EventClient::Handlers handlers,
                                                 std::string& error) {
  const std::string address = dir.socket_path(kName);
  if (address.empty()) {
    error = "the path " + dir.file(kName) + " is too long for a socket";
    return nullptr;
  }
  switch (probe(dir, address, error)) {
    case Existing::Live:
    case Existing::Unsafe: return nullptr;
    case Existing::Stale: ::unlinkat(dir.fd(), kName.c_str(), 0); break;  // a crashed instance's
    case Existing::Nothing: break;
  }
  net::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    error = "socket: " + net::errno_text(errno);
    return nullptr;
  }
  sockaddr_un a = unix_address(address);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) {
    // EADDRINUSE: another instance bound it between our probe and now.
    error = "cannot create " + dir.file(kName) + ": " + net::errno_text(errno);
    return nullptr;
  }
  struct stat st {};
  // bind() honours the umask; the folder is 0700 already, the socket gets 0600 too.
  if (!dir.stat_entry(kName, st) || !S_ISSOCK(st.st_mode) ||
      ::fchmodat(dir.fd(), kName.c_str(), 0600, 0) < 0 || ::listen(fd.get(), 32) < 0) {
    error = "cannot set up " + dir.file(kName) + ": " + net::errno_text(errno);
    if (S_ISSOCK(st.st_mode)) dir.unlink_if_same(kName, st.st_dev, st.st_ino);
    return nullptr;
  }
  return std::make_unique<EventServer>(reactor, events, dir, std::move(handlers), std::move(fd),
                                       st.st_dev, st.st_ino);
}

EventServer::EventServer(net::Reactor& reactor, EventBus& events, const net::PrivateDir& dir,
                         EventClient::Handlers handlers, net::UniqueFd fd, dev_t dev, ino_t ino)
    : m_reactor(reactor),
      m_events(events),
      m_dir(dir),
      m_handlers(std::move(handlers)),
      m_path(dir.file(kName)),
      m_fd(std::move(fd)),
      m_dev(dev),
      m_ino(ino) {
  m_watch = m_reactor.watch(m_fd.get(), POLLIN, [this](short) { accept_all(); });
}

EventServer::~EventServer() {
  *m_alive = false;
  m_clients.clear();  // their listeners and watches go first
  m_watch.reset();
  m_dir.unlink_if_same(kName, m_dev, m_ino);
}

void EventServer::accept_all() {
  for (int i = 0; i < 16; ++i) {  // bounded work per turn
    net::UniqueFd c(::accept4(m_fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!c) return;  // EAGAIN, or a connection that died before we took it
    // The folder is 0700, so only we (and root) can connect; check anyway, it is cheap.
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(c.get(), SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
        (cred.uid != ::geteuid() && cred.uid != 0))
      continue;
    if (m_clients.size() >= kMaxClients) continue;  // closed: bounded fds
    uint64_t id = m_next_id++;
    m_clients.emplace(id, std::make_unique<EventClient>(m_reactor, m_events, std::move(c),
                                                        m_handlers, [this, id] { drop(id); }));
  }
}

void EventServer::drop(uint64_t id) {
  // Called from inside the client's own callbacks (or an event emission): destroy it next turn.
  m_reactor.defer([this, id, alive = std::weak_ptr<bool>(m_alive)] {
    if (auto a = alive.lock(); a && *a) m_clients.erase(id);
  });
}

}  // namespace msntty::ctl
