#include "net/Resolver.hpp"

#include <ares.h>
#include <netinet/in.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

#include "net/SockAddr.hpp"

namespace msntty::net {

struct Resolver::Query {
  Resolver* owner = nullptr;
  uint16_t port = 0;
  Callback cb;  // empty once delivered or cancelled
};

namespace {

void init_library_once() {
  static const int status = ares_library_init(ARES_LIB_INIT_ALL);
  if (status != ARES_SUCCESS)
    throw std::runtime_error(std::string("c-ares: ") + ares_strerror(status));
}

std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::vector<sockaddr_storage> collect(const ares_addrinfo* info, uint16_t port) {
  std::vector<sockaddr_storage> out;
  for (auto* node = info ? info->nodes : nullptr; node; node = node->ai_next) {
    if (node->ai_family != AF_INET && node->ai_family != AF_INET6) continue;
    sockaddr_storage ss{};
    std::memcpy(&ss, node->ai_addr, std::min<size_t>(node->ai_addrlen, sizeof ss));
    if (ss.ss_family == AF_INET)
      reinterpret_cast<sockaddr_in*>(&ss)->sin_port = htons(port);
    else
      reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port = htons(port);
    bool duplicate = false;
    for (const auto& seen : out) duplicate |= std::memcmp(&seen, &ss, sizeof ss) == 0;
    if (!duplicate) out.push_back(ss);
  }
  return out;
}

}  // namespace

// ---- Request ----

Resolver::Request::~Request() {
  cancel();
}

Resolver::Request& Resolver::Request::operator=(Request&& other) noexcept {
  if (this != &other) {
    cancel();
    m_query = std::move(other.m_query);
  }
  return *this;
}

void Resolver::Request::cancel() {
  if (auto query = m_query.lock()) query->cb = nullptr;
  m_query.reset();
}

bool Resolver::Request::pending() const {
  auto query = m_query.lock();
  return query && query->cb;
}

// ---- Resolver ----

void Resolver::ChannelDeleter::operator()(ares_channeldata* channel) const {
  ares_destroy(channel);
}

Resolver::Resolver(Reactor& reactor) : Resolver(reactor, Options{}) {}

Resolver::Resolver(Reactor& reactor, const Options& options) : m_reactor(reactor) {
  init_library_once();
  ares_options opts{};
  opts.sock_state_cb = [](void* self, ares_socket_t sock, int readable, int writable) {
    on_sock_state(self, sock, readable, writable);
  };
  opts.sock_state_cb_data = this;
  opts.timeout = static_cast<int>(options.timeout.count());
  opts.tries = options.tries;
  ares_channel channel = nullptr;
  int status = ares_init_options(&channel, &opts,
                                 ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
  if (status != ARES_SUCCESS)
    throw std::runtime_error(std::string("c-ares init: ") + ares_strerror(status));
  m_channel.reset(channel);
  if (options.servers.empty()) return;
  std::string csv;
  for (const auto& server : options.servers) csv += (csv.empty() ? "" : ",") + server;
  status = ares_set_servers_ports_csv(channel, csv.c_str());
  if (status != ARES_SUCCESS)
    throw std::runtime_error("c-ares servers: " + std::string(ares_strerror(status)));
}

Resolver::~Resolver() {
  // ares_destroy() calls every pending callback with ARES_EDESTRUCTION (ignored there),
  // and closes its sockets through sock_state(): both need the members still alive.
  m_channel.reset();
  m_watches.clear();
}

Resolver::Request Resolver::resolve(const std::string& host, uint16_t port, Callback cb) {
  auto query = std::make_shared<Query>();
  query->owner = this;
  query->port = port;
  query->cb = std::move(cb);
  Request request{query};
  if (auto numeric = parse_numeric_address(host, port)) {
    deliver(query, {*numeric}, "");
    return request;
  }
  if (host.empty()) {
    deliver(query, {}, "empty host name");
    return request;
  }
  m_queries.emplace(query.get(), query);
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  std::string service = std::to_string(port);
  // May complete synchronously (hosts file): on_addrinfo then defers delivery anyway.
  ares_getaddrinfo(m_channel.get(), host.c_str(), service.c_str(), &hints, &Resolver::on_addrinfo,
                   query.get());
  update_timer();
  return request;
}

void Resolver::on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* raw = static_cast<Query*>(arg);
  Resolver* self = raw->owner;
  auto it = self->m_queries.find(raw);
  if (it == self->m_queries.end()) {
    if (result) ares_freeaddrinfo(result);
    return;
  }
  auto query = std::move(it->second);
  self->m_queries.erase(it);
  if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
    if (result) ares_freeaddrinfo(result);
    return;  // the Resolver is going away: nobody to tell
  }
  auto addrs = collect(result, query->port);
  if (result) ares_freeaddrinfo(result);
  std::string error;
  if (status != ARES_SUCCESS)
    error = lower_first(ares_strerror(status));
  else if (addrs.empty())
    error = "no addresses found";
  self->deliver(query, std::move(addrs), std::move(error));
}

void Resolver::deliver(const std::shared_ptr<Query>& query, std::vector<sockaddr_storage> addrs,
                       std::string error) {
  // Deferred: the callback may destroy the Resolver, which must not happen inside c-ares.
  m_reactor.defer([query, addrs = std::move(addrs), error = std::move(error)]() mutable {
    if (!query->cb) return;  // cancelled meanwhile
    auto cb = std::move(query->cb);
    query->cb = nullptr;
    cb(std::move(addrs), std::move(error));
  });
}

void Resolver::on_sock_state(void* self, int sock, int readable, int writable) {
  static_cast<Resolver*>(self)->sock_state(sock, readable != 0, writable != 0);
}

void Resolver::sock_state(int sock, bool readable, bool writable) {
  if (!readable && !writable) {
    m_watches.erase(sock);
    return;
  }
  short events = static_cast<short>((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
  auto it = m_watches.find(sock);
  if (it != m_watches.end()) {
    it->second.set_events(events);
    return;
  }
  m_watches.emplace(sock, m_reactor.watch(sock, events, [this, sock](short revents) {
    // Errors are reported as readable so c-ares reads the socket and sees the failure.
    bool rd = revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL);
    process(rd ? sock : ARES_SOCKET_BAD, (revents & POLLOUT) ? sock : ARES_SOCKET_BAD);
  }));
}

void Resolver::process(int read_fd, int write_fd) {
  ares_process_fd(m_channel.get(), read_fd, write_fd);
  update_timer();
}

void Resolver::update_timer() {
  timeval tv{};
  if (!ares_timeout(m_channel.get(), nullptr, &tv)) {
    m_timer.cancel();  // nothing in flight
    return;
  }
  auto delay = std::chrono::milliseconds(tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000);
  m_timer = m_reactor.after(delay, [this] { process(ARES_SOCKET_BAD, ARES_SOCKET_BAD); });
}

}  // namespace msntty::net
