#pragma once
// The event socket `events` in the account's private folder: a Unix stream socket (0600) that
// any number of local scripts connect to; each connection is an EventClient.
//
// Start-up decides between a stale socket and a live instance by connecting to it: refused
// (ECONNREFUSED: the instance crashed) -> removed and recreated; accepted -> another msntty runs
// for this account and create() fails. The socket is removed when this object goes away (if it
// still is the one we bound).
#include <sys/types.h>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "ctl/EventClient.hpp"
#include "net/PrivateDir.hpp"
#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::ctl {

class EventServer {
 public:
  static constexpr size_t kMaxClients = 128;

  static std::unique_ptr<EventServer> create(net::Reactor& reactor, EventBus& events,
                                             const net::PrivateDir& dir,
                                             EventClient::Handlers handlers, std::string& error);
  EventServer(net::Reactor& reactor, EventBus& events, const net::PrivateDir& dir,
              EventClient::Handlers handlers, net::UniqueFd fd, dev_t dev, ino_t ino);  // create()
  ~EventServer();
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  const std::string& path() const { return m_path; }
  size_t clients() const { return m_clients.size(); }

 private:
  void accept_all();
  void drop(uint64_t id);

  net::Reactor& m_reactor;
  EventBus& m_events;
  const net::PrivateDir& m_dir;
  EventClient::Handlers m_handlers;
  std::string m_path;
  net::UniqueFd m_fd;
  dev_t m_dev;
  ino_t m_ino;
  net::Reactor::Watch m_watch;
  std::map<uint64_t, std::unique_ptr<EventClient>> m_clients;
  uint64_t m_next_id = 1;
  // Deferred drops may run after we are gone only if the loop outlives us: they check this.
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace msntty::ctl
