#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msntty::net {

// An http/https URL split for HttpClient. No userinfo; fragments are dropped.
struct Url {
  std::string scheme;  // "http" or "https" (lower case)
  std::string host;    // without IPv6 brackets
  uint16_t port = 0;   // explicit, or 80/443 from the scheme
  std::string path;    // path plus query, at least "/"

  static std::optional<Url> parse(std::string_view text);
  bool tls() const { return scheme == "https"; }
  bool default_port() const { return port == (tls() ? 443 : 80); }
  std::string host_header() const;  // "host" or "host:port", IPv6 bracketed
};

}  // namespace msntty::net
