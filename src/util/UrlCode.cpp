#include "util/UrlCode.hpp"

namespace msntty {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool must_encode_param(unsigned char c) {
  return c <= 0x20 || c == 0x7f || c == '%' || c >= 0x80;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

template <typename Pred>
std::string encode_if(std::string_view s, Pred must_encode) {
  size_t extra = 0;
  for (unsigned char c : s) extra += must_encode(c) ? 2 : 0;
  if (extra == 0) return std::string(s);
  std::string out;
  out.reserve(s.size() + extra);
  for (unsigned char c : s) {
    if (!must_encode(c)) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    out.push_back('%');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

}  // namespace

std::string url_encode(std::string_view s) {
  return encode_if(s, must_encode_param);
}

std::string url_encode_component(std::string_view s) {
  return encode_if(s, [](unsigned char c) { return !is_unreserved(c); });
}

std::string url_decode(std::string_view s) {
  const size_t first = s.find('%');
  if (first == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  out.append(s.substr(0, first));
  for (size_t i = first; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace msntty
