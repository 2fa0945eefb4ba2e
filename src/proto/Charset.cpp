#include "proto/Charset.hpp"

#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <memory>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

struct IconvClose {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};
using Converter = std::unique_ptr<void, IconvClose>;

bool is_utf8_name(std::string_view name) {
  return name.empty() || name == "utf-8" || name == "utf8";
}

}  // namespace

Result<std::string> charset_to_utf8(std::string_view bytes, std::string_view charset) {
  std::string name = to_lower(trim(charset));
  if (is_utf8_name(name)) {
    if (!utf8_valid(bytes)) return Error{"not valid UTF-8"};
    return std::string(bytes);
  }
  // A name with anything but letters, digits and - _ . : is no charset (and not for iconv).
  for (unsigned char ch : name)
    if (!std::isalnum(ch) && ch != '-' && ch != '_' && ch != '.' && ch != ':')
      return Error{"unknown charset " + utf8_repair(name)};
  iconv_t raw = iconv_open("UTF-8", name.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) return Error{"unknown charset " + name};
  Converter cd(raw);
  std::string out;
  std::string in(bytes);
  char* src = in.data();
  size_t left = in.size();
  char buf[1024];
  while (left > 0) {
    char* dst = buf;
    size_t room = sizeof buf;
    size_t r = iconv(static_cast<iconv_t>(cd.get()), &src, &left, &dst, &room);
    out.append(buf, static_cast<size_t>(dst - buf));
    if (r == static_cast<size_t>(-1) && errno != E2BIG) return Error{"not valid " + name};
  }
  char* dst = buf;
  size_t room = sizeof buf;
  iconv(static_cast<iconv_t>(cd.get()), nullptr, nullptr, &dst, &room);  // the shift state
  out.append(buf, static_cast<size_t>(dst - buf));
  if (!utf8_valid(out)) return Error{"not valid " + name};
  return out;
}

}  // namespace msntty
