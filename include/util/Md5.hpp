#pragma once
// MD5 through OpenSSL EVP (only for MSNP MD5 login and challenges, not for security).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace msntty {

std::array<uint8_t, 16> md5_raw(std::string_view data);
std::string md5_hex(std::string_view data);         // 32 lowercase hex digits
std::string to_hex(const uint8_t* data, size_t n);  // lowercase

}  // namespace msntty
