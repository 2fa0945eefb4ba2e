#include "proto/DisplayName.hpp"

#include "util/UrlCode.hpp"
#include "util/Utf8.hpp"

namespace msntty {

std::string decode_name(std::string_view token) {
  return utf8_repair(url_decode(token));
}

std::string encode_name(std::string_view name) {
  return url_encode(name);
}

}  // namespace msntty
