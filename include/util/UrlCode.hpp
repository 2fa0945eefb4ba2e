#pragma once
// Percent-encoding for MSNP parameters (doc/protocol/framing.md#url-encoding) and Passport fields.
#include <string>
#include <string_view>

namespace msntty {

// MSNP params: encode only what must be encoded: bytes <= 0x20, 0x7f, '%' and bytes >= 0x80
// (UTF-8), as %XX with uppercase hex. Everything else (including '+') is sent raw.
std::string url_encode(std::string_view s);

// Strict RFC 3986: everything except A-Za-z0-9 - . _ ~ is encoded (Passport sign-in / pwd).
std::string url_encode_component(std::string_view s);

// Lenient: an invalid or truncated %xy is left as is; '+' stays '+' (it is not a space in MSNP).
std::string url_decode(std::string_view s);

}  // namespace msntty
