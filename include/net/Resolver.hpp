#pragma once
// Asynchronous host name resolution with c-ares, driven by the Reactor: c-ares sockets
// become Watches, its retry timeouts a Reactor timer. Results are always delivered from
// a deferred callback, never from inside resolve() or from inside c-ares.

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/Reactor.hpp"

struct ares_channeldata;
struct ares_addrinfo;

namespace msntty::net {

class Resolver {
 public:
  struct Options {
    // "ip" or "ip:port" entries replacing the system's name servers (tests use loopback).
    std::vector<std::string> servers;
    std::chrono::milliseconds timeout{3000};  // per try
    int tries = 2;
  };

  using Callback = std::function<void(std::vector<sockaddr_storage> addrs, std::string error)>;

  struct Query;  // one lookup's state; defined in Resolver.cpp

  // Move-only handle; destroying (or cancel()ing) it guarantees the callback never runs.
  class Request {
   public:
    Request() = default;
    ~Request();
    Request(Request&&) noexcept = default;
    Request& operator=(Request&& other) noexcept;
    Request(const Request&) = delete;
    Request& operator=(const Request&) = delete;

    void cancel();
    bool pending() const;  // the callback has not run and was not cancelled

   private:
    friend class Resolver;
    explicit Request(std::weak_ptr<Query> query) : m_query(std::move(query)) {}
    std::weak_ptr<Query> m_query;
  };

  explicit Resolver(Reactor& reactor);
  Resolver(Reactor& reactor, const Options& options);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Numeric IPv4/IPv6 literals skip c-ares but still call back on a later turn.
  // On success addrs is non-empty (ports set) and error is empty.
  Request resolve(const std::string& host, uint16_t port, Callback cb);

 private:
  struct ChannelDeleter {
    void operator()(ares_channeldata* channel) const;
  };

  static void on_sock_state(void* self, int sock, int readable, int writable);
  static void on_addrinfo(void* arg, int status, int timeouts, ::ares_addrinfo* result);
  void sock_state(int sock, bool readable, bool writable);
  void process(int read_fd, int write_fd);
  void update_timer();
  void deliver(const std::shared_ptr<Query>& query, std::vector<sockaddr_storage> addrs,
               std::string error);

  Reactor& m_reactor;
  std::map<int, Reactor::Watch> m_watches;
  Reactor::Timer m_timer;
  // Keeps each in-flight c-ares query's state alive until c-ares calls back.
  std::map<Query*, std::shared_ptr<Query>> m_queries;
  std::unique_ptr<ares_channeldata, ChannelDeleter> m_channel;
};

}  // namespace msntty::net
