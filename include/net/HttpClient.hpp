#pragma once
// Minimal asynchronous HTTP/1.1 client (GET, and POST with a body): one request per connection
// ("Connection: close"), no redirects (the caller handles 3xx), TLS through TcpConnection. Header
// values are never logged or put in error texts: they carry credentials.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/HttpResponse.hpp"
#include "net/HttpResponseParser.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"
#include "net/TcpConnection.hpp"
#include "net/TlsOptions.hpp"
#include "net/Url.hpp"

namespace msntty::net {

class HttpClient {
 public:
  // Exactly one call per request: a response (any status) and "", or nullopt and a reason.
  using Callback = std::function<void(std::optional<HttpResponse> response, std::string error)>;
  using Headers = std::vector<std::pair<std::string, std::string>>;

  struct Job;  // one request in flight; defined in HttpClient.cpp

  // Move-only handle; destroying or cancel()ing it aborts the request without a callback.
  class Request {
   public:
    Request();
    ~Request();
    Request(Request&&) noexcept;
    Request& operator=(Request&&) noexcept;
    Request(const Request&) = delete;
    Request& operator=(const Request&) = delete;

    void cancel();
    bool pending() const;  // the callback has not run yet

   private:
    friend class HttpClient;
    explicit Request(std::unique_ptr<Job> job);
    std::unique_ptr<Job> m_job;
  };

  HttpClient(Reactor& reactor, Resolver& resolver);

  // tls.enabled and tls.server_name are taken from the URL; ca_file and verify from `tls`.
  // `timeout` bounds the whole exchange.
  Request get(const Url& url, Headers headers, const TlsOptions& tls,
              std::chrono::milliseconds timeout, Callback cb);
  // The same with a request body (SOAP): Content-Length is always the body's size; the caller
  // names the Content-Type. The body may hold credentials (RST): it is never logged here.
  Request post(const Url& url, Headers headers, const std::string& body, const TlsOptions& tls,
               std::chrono::milliseconds timeout, Callback cb);

  // Response size caps for requests started afterwards (default 64 KiB headers, 1 MiB body).
  void set_limits(const HttpResponseParser::Limits& limits) { m_limits = limits; }
  // Taps the connections of requests started afterwards (the debug log).
  void set_tap(TcpConnection::TapFactory make_tap) { m_make_tap = std::move(make_tap); }

 private:
  Request start(std::string_view method, const Url& url, const Headers& headers,
                const std::string* body, const TlsOptions& tls, std::chrono::milliseconds timeout,
                Callback cb);

  Reactor& m_reactor;
  Resolver& m_resolver;
  HttpResponseParser::Limits m_limits;
  TcpConnection::TapFactory m_make_tap;
};

}  // namespace msntty::net
