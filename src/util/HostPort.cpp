#include "util/HostPort.hpp"

#include <algorithm>

#include "util/Strings.hpp"

namespace msntty {
namespace {

bool has_space_or_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7F;
  });
}

}  // namespace

std::optional<HostPort> parse_host_port(std::string_view text, uint16_t default_port) {
  if (has_space_or_control(text)) return std::nullopt;
  std::string_view host = text;
  std::optional<std::string_view> port;
  if (text.starts_with("[")) {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (size_t colon = text.find(':');
             colon != std::string_view::npos && colon == text.rfind(':')) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty() || host.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  HostPort hp{std::string(host), default_port};
  if (port) {
    auto n = parse_u32(*port);
    if (!n || *n == 0 || *n > 65535) return std::nullopt;
    hp.port = static_cast<uint16_t>(*n);
  }
  return hp;
}

}  // namespace msntty
