#include "net/HttpResponse.hpp"

#include <strings.h>

namespace msntty::net {

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0)
      return value;
  return "";
}

}  // namespace msntty::net
