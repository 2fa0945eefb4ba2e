#include "util/XdgPaths.hpp"

#include <unistd.h>
#include <cstdlib>

namespace msntty {
namespace {

struct Kind {
  const char* variable;
  const char* under_home;
};

Kind kind_of(XdgDir kind) {
  switch (kind) {
    case XdgDir::Config: return {"XDG_CONFIG_HOME", ".config"};
    case XdgDir::Data: return {"XDG_DATA_HOME", ".local/share"};
    case XdgDir::State: return {"XDG_STATE_HOME", ".local/state"};
  }
  return {"", ""};
}

}  // namespace

std::string msntty_dir(XdgDir kind, const char* variable_value, const char* home) {
  if (variable_value && variable_value[0] == '/') return join_path(variable_value, "msntty");
  if (home && home[0]) return join_path(join_path(home, kind_of(kind).under_home), "msntty");
  return {};
}

std::string msntty_dir(XdgDir kind) {
  return msntty_dir(kind, std::getenv(kind_of(kind).variable), std::getenv("HOME"));
}

std::string runtime_base(const char* xdg_runtime_dir, uid_t uid) {
  if (xdg_runtime_dir && xdg_runtime_dir[0] == '/') return join_path(xdg_runtime_dir, "msntty");
  return "/tmp/msntty-" + std::to_string(uid);
}

std::string runtime_base() {
  return runtime_base(std::getenv("XDG_RUNTIME_DIR"), getuid());
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out != "/") out += '/';
  out += name;
  return out;
}

}  // namespace msntty
