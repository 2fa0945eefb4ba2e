#pragma once
// Where the scripting interface lives, as pure string functions (unit-tested; no I/O):
//   <runtime_base>/<account>/{cmd,events}   (runtime_base: util/XdgPaths.hpp)
// The account is part of a path, so it is validated before use and folded to lower case
// (MSN addresses are case-insensitive: `-a Alice@Example.com` must find alice's instance).
#include <sys/types.h>
#include <optional>
#include <string>
#include <string_view>

#include "net/SockAddr.hpp"
#include "util/XdgPaths.hpp"

namespace msntty::ctl {

inline constexpr std::string_view kPipeName = "cmd";
inline constexpr std::string_view kSocketName = "events";

// Nullopt when `account` is usable as one path component, else why not: empty, longer than
// 255 bytes, not UTF-8, or holding '/', "..", a leading '.', or control characters.
std::optional<std::string> account_problem(std::string_view account);

// The folder name for an account (ASCII lower case). Only for accounts account_problem accepts.
std::string account_folder(std::string_view account);

// base + "/" + folder.
std::string account_dir(std::string_view base, std::string_view account);

using net::fits_socket_path;  // net/SockAddr.hpp

}  // namespace msntty::ctl
