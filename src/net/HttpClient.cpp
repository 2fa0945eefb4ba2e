#include "net/HttpClient.hpp"

#include <strings.h>

#include "net/TcpConnection.hpp"

namespace msntty::net {

namespace {

bool safe_header(const std::pair<std::string, std::string>& h) {
  auto bad = [](const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; };
  return !h.first.empty() && h.first.find(':') == std::string::npos && !bad(h.first) &&
         !bad(h.second);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool has_header(const HttpClient::Headers& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.first, name)) return true;
  return false;
}

std::string build_request(std::string_view method, const Url& url,
                          const HttpClient::Headers& headers, const std::string* body) {
  std::string req = std::string(method) + " " + url.path + " HTTP/1.1\r\n";
  if (!has_header(headers, "Host")) req += "Host: " + url.host_header() + "\r\n";
  if (!has_header(headers, "User-Agent")) req += "User-Agent: msntty\r\n";
  for (const auto& [name, value] : headers) {
    if (iequals(name, "Connection")) continue;  // always "close": one request per connection
    if (body && iequals(name, "Content-Length")) continue;  // always the body's real size
    req += name + ": " + value + "\r\n";
  }
  if (body) req += "Content-Length: " + std::to_string(body->size()) + "\r\n";
  req += "Connection: close\r\n\r\n";
  if (body) req += *body;
  return req;
}

}  // namespace

struct HttpClient::Job {
  Job(Reactor& reactor, Resolver& resolver, HttpResponseParser::Limits limits, Callback callback)
      : conn(reactor, resolver, callbacks()), parser(limits), cb(std::move(callback)) {}

  TcpConnection::Callbacks callbacks() {
    TcpConnection::Callbacks c;
    c.on_data = [this](std::string_view bytes) { on_data(bytes); };
    c.on_closed = [this](const std::string& reason) { on_closed(reason); };
    return c;
  }

  void on_data(std::string_view bytes) {
    parser.feed(bytes);
    if (parser.done())
      complete(parser.take_response(), "");
    else if (parser.failed())
      complete(std::nullopt, "HTTP: " + parser.error());
  }

  void on_closed(const std::string& reason) {
    if (reason != "connection closed by server") return complete(std::nullopt, reason);
    parser.finish();
    if (parser.done())
      complete(parser.take_response(), "");
    else
      complete(std::nullopt, "HTTP: " + parser.error());
  }

  // The callback may destroy this Job (through its Request): nothing runs after it.
  void complete(std::optional<HttpResponse> response, std::string error) {
    timer.cancel();
    conn.close();
    if (!cb) return;
    auto done = std::move(cb);
    cb = nullptr;
    done(std::move(response), std::move(error));
  }

  TcpConnection conn;
  HttpResponseParser parser;
  Reactor::Timer timer;
  Callback cb;
};

HttpClient::Request::Request() = default;
HttpClient::Request::Request(std::unique_ptr<Job> job) : m_job(std::move(job)) {}
HttpClient::Request::~Request() = default;
HttpClient::Request::Request(Request&&) noexcept = default;
HttpClient::Request& HttpClient::Request::operator=(Request&&) noexcept = default;

void HttpClient::Request::cancel() {
  m_job.reset();
}

bool HttpClient::Request::pending() const {
  return m_job && m_job->cb;
}

HttpClient::HttpClient(Reactor& reactor, Resolver& resolver)
    : m_reactor(reactor), m_resolver(resolver) {}

HttpClient::Request HttpClient::get(const Url& url, Headers headers, const TlsOptions& tls,
                                    std::chrono::milliseconds timeout, Callback cb) {
  return start("GET", url, headers, nullptr, tls, timeout, std::move(cb));
}

HttpClient::Request HttpClient::post(const Url& url, Headers headers, const std::string& body,
                                     const TlsOptions& tls, std::chrono::milliseconds timeout,
                                     Callback cb) {
  return start("POST", url, headers, &body, tls, timeout, std::move(cb));
}

HttpClient::Request HttpClient::start(std::string_view method, const Url& url,
                                      const Headers& headers, const std::string* body,
                                      const TlsOptions& tls, std::chrono::milliseconds timeout,
                                      Callback cb) {
  auto job = std::make_unique<Job>(m_reactor, m_resolver, m_limits, std::move(cb));
  Job* raw = job.get();
  for (const auto& h : headers) {
    if (safe_header(h)) continue;
    // Reported from the loop like every other failure; the value is not echoed.
    raw->timer = m_reactor.after(std::chrono::milliseconds(0), [raw] {
      raw->complete(std::nullopt, "HTTP: invalid request header");
    });
    return Request(std::move(job));
  }
  TlsOptions opts = tls;
  opts.enabled = url.tls();
  if (opts.server_name.empty()) opts.server_name = url.host;
  raw->timer = m_reactor.after(timeout, [raw, peer = url.host_header()] {
    raw->complete(std::nullopt, "timed out waiting for " + peer);
  });
  if (m_make_tap) raw->conn.set_tap(m_make_tap("http " + url.host_header()));
  raw->conn.connect(url.host, url.port, opts, timeout);
  raw->conn.send(build_request(method, url, headers, body));
  return Request(std::move(job));
}

}  // namespace msntty::net
