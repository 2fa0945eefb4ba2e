#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msntty::net {

struct HttpResponse {
  int status = 0;
  std::string reason;                                        // "OK"
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order, names as sent
  std::string body;

  // The first header with this name (case-insensitive), "" if none.
  std::string header(std::string_view name) const;
};

}  // namespace msntty::net
