#pragma once
// Small string helpers used by the protocol parsers (ASCII only, locale independent).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

// Splits on single spaces. Keeps empty fields between double spaces and a trailing empty field
// after a trailing space (MSNP12 LST lines end with a space, doc/protocol/ns-lists.md#syn-dumps).
// An empty line gives an empty vector. The views point into `line`.
std::vector<std::string_view> split_spaces(std::string_view line);

bool starts_with_icase(std::string_view s, std::string_view prefix);
bool equals_icase(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
// Words separated by spaces and tabs: a command setting made into argv, no shell involved.
// The words of `s` separated by runs of spaces and tabs (a command line such as url_command).
std::vector<std::string> split_words(std::string_view s);
// Every line break as CRLF, whatever it was (LF, CRLF, a lone CR goes): the wire's line ends.
std::string to_crlf(std::string_view s);

// Decimal digits only (no sign, no spaces, not empty); overflow -> nullopt.
std::optional<uint32_t> parse_u32(std::string_view s);
// Optional leading '-', then digits only; overflow -> nullopt.
std::optional<int64_t> parse_i64(std::string_view s);

}  // namespace msntty
