#pragma once
// Where the scripting interface lives, as pure string functions (unit-tested; no I/O):
//   $XDG_RUNTIME_DIR/msntty/<account>/{cmd,events}   (XDG_RUNTIME_DIR set and absolute)
//   /tmp/msntty-<uid>/<account>/{cmd,events}         (otherwise)
// The account is part of a path, so it is validated before use and folded to lower case
// (MSN addresses are case-insensitive: `-a Alice@Example.com` must find alice's instance).
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace msntty::ctl {

inline constexpr std::string_view kPipeName = "cmd";
inline constexpr std::string_view kSocketName = "events";

// The folder that holds one folder per running account. `xdg_runtime_dir` may be null.
std::string runtime_base(const char* xdg_runtime_dir, uid_t uid);
// The same from the process environment and real uid.
std::string runtime_base();

// Nullopt when `account` is usable as one path component, else why not: empty, longer than
// 255 bytes, not UTF-8, or holding '/', "..", a leading '.', or control characters.
std::optional<std::string> account_problem(std::string_view account);

// The folder name for an account (ASCII lower case). Only for accounts account_problem accepts.
std::string account_folder(std::string_view account);

// base + "/" + folder, and the two files in it.
std::string account_dir(std::string_view base, std::string_view account);
std::string join_path(std::string_view dir, std::string_view name);

// bind()/connect() take at most sizeof(sockaddr_un::sun_path) - 1 bytes of path.
bool fits_socket_path(std::string_view path);

}  // namespace msntty::ctl
