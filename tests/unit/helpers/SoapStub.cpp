#include "helpers/SoapStub.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

namespace msntty::test {
namespace {

std::string header(const std::string& head, const std::string& name) {
  size_t at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  at += name.size() + 4;
  return head.substr(at, head.find("\r\n", at) - at);
}

}  // namespace

SoapStub::SoapStub(net::Reactor& reactor)
    : m_reactor(reactor), m_listener(reactor, [this](net::UniqueFd fd, const sockaddr_storage&) {
        auto c = std::make_unique<Conn>();
        Conn* p = c.get();
        p->fd = std::move(fd);
        p->watch = m_reactor.watch(p->fd.get(), POLLIN, [this, p](short) { readable(*p); });
        m_conns.push_back(std::move(c));
      }) {
  std::string error;
  REQUIRE(m_listener.listen("127.0.0.1", 0, error));
}

SoapStub::~SoapStub() = default;

void SoapStub::readable(Conn& c) {
  char buf[4096];
  ssize_t n;
  while ((n = ::read(c.fd.get(), buf, sizeof buf)) > 0)
    c.request.append(buf, static_cast<size_t>(n));
  size_t end = c.request.find("\r\n\r\n");
  if (end == std::string::npos) return;
  std::string head = c.request.substr(0, end);
  size_t length = std::stoul(header(head, "Content-Length"));
  if (c.request.size() < end + 4 + length) return;
  c.watch.reset();
  size_t sp = head.find(' ');
  m_asked.push_back({head.substr(sp + 1, head.find(' ', sp + 1) - sp - 1),
                     header(head, "SOAPAction"), c.request.substr(end + 4)});
  if (on_request) on_request(m_asked.back());
  if (hold)
    m_held.push_back(&c);
  else
    reply(c);
}

void SoapStub::reply(Conn& c) {
  REQUIRE_FALSE(m_replies.empty());
  auto [status, body] = m_replies.front();
  m_replies.pop_front();
  if (status == 0) return c.fd.reset();
  std::string out = "HTTP/1.1 " + std::to_string(status) +
                    " X\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  REQUIRE(::write(c.fd.get(), out.data(), out.size()) == static_cast<ssize_t>(out.size()));
  c.fd.reset();
}

void SoapStub::release() {
  auto held = std::move(m_held);
  m_held.clear();
  for (Conn* c : held) reply(*c);
}

}  // namespace msntty::test
