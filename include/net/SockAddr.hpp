#pragma once
// Small helpers around sockaddr_storage shared by the resolver and connections.

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msntty::net {

// Parses a numeric IPv4 or IPv6 literal ("127.0.0.1", "::1", "[::1]"); nullopt for names.
std::optional<sockaddr_storage> parse_numeric_address(const std::string& host, uint16_t port);

// True when host is an IPv4/IPv6 literal (brackets allowed).
bool is_ip_literal(const std::string& host);

// The host without surrounding IPv6 brackets.
std::string strip_brackets(const std::string& host);

// Length to pass to connect()/bind() for this address family.
socklen_t sockaddr_length(const sockaddr_storage& addr);

// "127.0.0.1:1863" or "[::1]:1863".
std::string format_address(const sockaddr_storage& addr);

// "host:port", bracketing IPv6 literals.
std::string format_host_port(const std::string& host, uint16_t port);

// bind()/connect() on a Unix socket take at most sizeof(sockaddr_un::sun_path) - 1 bytes of path.
bool fits_socket_path(std::string_view path);

// strerror() with a lower-case first letter, for messages like "connection refused".
std::string errno_text(int err);

}  // namespace msntty::net
