#include "net/Url.hpp"

#include <algorithm>
#include <cctype>

#include "util/HostPort.hpp"

namespace msntty::net {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == ':';
  });
}

}  // namespace

std::optional<Url> Url::parse(std::string_view text) {
  Url url;
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  url.scheme = lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  text.remove_prefix(sep + 3);
  text = text.substr(0, text.find('#'));
  auto path_at = text.find_first_of("/?");
  std::string_view authority = text.substr(0, path_at);
  url.path = path_at == std::string_view::npos ? "/" : std::string(text.substr(path_at));
  if (url.path.front() == '?') url.path.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  // An unbracketed IPv6 literal cannot be told from host:port in a URL.
  if (!authority.starts_with("[") && authority.find(':') != authority.rfind(':'))
    return std::nullopt;
  auto hp = parse_host_port(authority, url.scheme == "https" ? 443 : 80);
  if (!hp) return std::nullopt;
  url.host = lower(hp->host);
  url.port = hp->port;
  if (!valid_host(url.host)) return std::nullopt;
  return url;
}

std::string Url::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port() ? h : h + ":" + std::to_string(port);
}

}  // namespace msntty::net
