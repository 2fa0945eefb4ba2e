#include "util/Md5.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace msntty {

std::array<uint8_t, 16> md5_raw(std::string_view data) {
  std::array<uint8_t, 16> out{};
  unsigned int len = 0;
  // EVP_Digest is one-shot; it fails only when OpenSSL itself is broken (e.g. FIPS mode
  // without MD5), which we cannot work around here.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_md5(), nullptr) != 1 ||
      len != out.size())
    throw std::runtime_error("OpenSSL MD5 is unavailable");
  return out;
}

std::string md5_hex(std::string_view data) {
  const auto raw = md5_raw(data);
  return to_hex(raw.data(), raw.size());
}

std::string to_hex(const uint8_t* data, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '\0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

}  // namespace msntty
