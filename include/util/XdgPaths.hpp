#pragma once
// Where msntty keeps its files, in one place (XDG Base Directory specification):
//   config         $XDG_CONFIG_HOME/msntty   or ~/.config/msntty
//   logs           $XDG_DATA_HOME/msntty     or ~/.local/share/msntty
//   debug log      $XDG_STATE_HOME/msntty    or ~/.local/state/msntty
//   pipe, socket   $XDG_RUNTIME_DIR/msntty   or /tmp/msntty-<uid>
// A relative variable is invalid per the specification (it would depend on the cwd) and is
// ignored. The pure forms take the environment as arguments, for unit tests.
#include <sys/types.h>
#include <string>
#include <string_view>

namespace msntty {

enum class XdgDir { Config, Data, State };

// The msntty folder of that kind, or "" when neither the variable nor HOME is usable.
std::string msntty_dir(XdgDir kind);
std::string msntty_dir(XdgDir kind, const char* variable_value, const char* home);

// The folder that holds one folder per running account (see ctl/RuntimePaths.hpp).
std::string runtime_base();
std::string runtime_base(const char* xdg_runtime_dir, uid_t uid);

// dir + "/" + name, with no doubled slash.
std::string join_path(std::string_view dir, std::string_view name);

}  // namespace msntty
