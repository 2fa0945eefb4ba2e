#pragma once
// "host:port" as MSNP servers send it (XFR, RNG) and as users type it (the server setting).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msntty {

struct HostPort {
  std::string host;  // without IPv6 brackets
  uint16_t port = 0;
};

// Accepts "host:port", "[v6]:port", "host" and "[v6]" (default_port), and a bare IPv6 literal
// such as "::1" (more than one colon: all of it is the host, with default_port). nullopt for an
// empty host, a port that is empty, not decimal, 0 or above 65535, anything after "]" but
// ":port", and any space or control byte (a host name never holds one).
std::optional<HostPort> parse_host_port(std::string_view text, uint16_t default_port);

}  // namespace msntty
