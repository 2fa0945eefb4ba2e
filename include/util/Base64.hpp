#pragma once
// Base64 (RFC 4648, standard alphabet, with padding): the SSO proof key and response blob of
// MSNP15+ logins are carried in it.
#include <optional>
#include <string>
#include <string_view>

namespace msntty {

std::string base64_encode(std::string_view bytes);
// Whitespace is skipped; nullopt for any other character outside the alphabet, a bad length or
// misplaced padding.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace msntty
