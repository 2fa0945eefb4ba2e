// App: the config file (command lines), /alias, /save and per-account lines.
#include "app/App.hpp"

#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {
constexpr int kMaxAliasDepth = 8;

std::string expand_alias(std::string_view body, std::string_view args) {
  std::vector<std::string_view> words;
  for (std::string_view rest = args; !trim(rest).empty();) {
    auto [w, r] = split_first_word(rest);
    words.push_back(w);
    rest = r;
  }
  std::string out;
  bool used = false;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '$' && i + 1 < body.size()) {
      char n = body[i + 1];
      if (n == '*') {
        out += args;
        used = true;
        ++i;
        continue;
      }
      if (n >= '1' && n <= '9') {
        size_t k = static_cast<size_t>(n - '1');
        if (k < words.size()) out += words[k];
        used = true;
        ++i;
        continue;
      }
    }
    out += body[i];
  }
  if (!used && !args.empty()) out += " " + std::string(args);  // like irssi: args go at the end
  return out;
}
}  // namespace

std::string App::config_path() const {
  if (!m_options.config_path.empty()) return m_options.config_path;
  std::string base = xdg_dir("XDG_CONFIG_HOME", ".config");
  return base.empty() ? "" : base + "/msntty/config";
}

bool App::load_config(std::string& error) {
  std::string path = config_path();
  if (path.empty()) return true;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (m_options.config_path.empty()) return true;  // no config yet: fine
    error = "cannot read config file " + path;
    return false;
  }
  struct stat st {};
  ::fstat(fd, &st);
  ::close(fd);
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  // Like ssh: a config others can change could run their password_command; one others can read
  // must not hold one (it may spell out the password).
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    error = path + " is writable by other users; refusing to use it (chmod 600 " + path + ")";
    return false;
  }
  if ((st.st_mode & (S_IRGRP | S_IROTH)) && text.find("password") != std::string::npos) {
    error = path + " mentions a password and is readable by other users; refusing to use it (chmod 600 " + path + ")";
    return false;
  }
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number)
    config_line(line, path + ":" + std::to_string(number));
  return true;
}

void App::config_line(std::string_view raw, const std::string& where, int depth) {
  std::string_view l = trim(raw);
  if (l.empty() || l.front() == '#') return;
  auto warn = [&](const std::string& what) {
    m_config_warnings.push_back(where + ": " + what);
    if (m_options.headless) std::fprintf(stderr, "msntty: %s: %s\n", where.c_str(), what.c_str());
  };
  if (!utf8_valid(l)) return warn("not valid UTF-8; line ignored");
  if (l.front() != '/') return warn("not a command (commands start with /); line ignored");
  auto [name, args] = split_first_word(l.substr(1));
  if (name == "account" && depth == 0) {
    // "/account EMAIL COMMAND": applies only when signed in as EMAIL.
    m_account_lines.emplace_back(l);
    auto [email, command] = split_first_word(args);
    if (email.empty() || command.empty()) return warn("/account needs an e-mail address and a command");
    if (equals_icase(email, m_settings.get("account"))) config_line(command, where, depth + 1);
    return;
  }
  auto found = m_commands.find(name);
  // One config serves the interface and headless runs: key bindings and window commands mean
  // nothing without a terminal, so they are skipped there rather than reported.
  static const char* const kInterfaceOnly[] = {"bind", "unbind", "win", "pane", "scroll", "input", "redraw"};
  if (!found.spec && !m_frontend)
    for (const char* n : kInterfaceOnly)
      if (name == n) return;
  if (!found.spec) return warn(found.error);
  if (found.spec->name == "set") {
    auto [key, value] = split_first_word(args);
    if (auto err = m_settings.set(key, value)) warn(*err);
    return;
  }
  if (found.spec->name == "bind") m_binds.emplace_back(l);
  found.spec->run(args, CommandSource::Config);
}

bool App::run_alias(std::string_view name, std::string_view args, CommandSource source) {
  auto it = m_aliases.find(to_lower(name));
  if (it == m_aliases.end()) return false;
  if (m_alias_depth >= kMaxAliasDepth) {
    report_error("/" + std::string(name) + ": aliases nested too deeply");
    return true;
  }
  ++m_alias_depth;
  std::string expanded = expand_alias(it->second, args);
  for (size_t start = 0; start <= expanded.size();) {  // "a; b" runs two commands
    size_t semi = expanded.find("; /", start);
    std::string_view part(expanded.data() + start,
                          (semi == std::string::npos ? expanded.size() : semi) - start);
    execute(trim(part), source);
    if (semi == std::string::npos) break;
    start = semi + 2;
  }
  --m_alias_depth;
  return true;
}

void App::remember_bind(std::string_view line) { m_binds.emplace_back(trim(line)); }

bool App::save_config(std::string& error) {
  std::string path = config_path();
  if (path.empty()) {
    error = "no config path (set HOME or XDG_CONFIG_HOME, or use -c)";
    return false;
  }
  std::string dir = path.substr(0, path.rfind('/'));
  if (!dir.empty() && !make_private_dirs(dir)) {
    error = "cannot create " + dir;
    return false;
  }
  std::string out = "# msntty configuration: one command per line (see msntty(1)).\n";
  for (const auto& spec : Settings::specs()) {
    bool from_command_line = false;  // -a, -s ... are for this run, not for the file
    for (const auto& [name, value] : m_options.settings) from_command_line |= name == spec.name;
    if (from_command_line) continue;
    const std::string& v = m_settings.get(spec.name);
    if (v != spec.default_value) out += "/set " + std::string(spec.name) + " " + v + "\n";
  }
  for (const auto& [name, body] : m_aliases) out += "/alias " + name + " " + body + "\n";
  for (const auto& b : m_binds) out += b + "\n";
  for (const auto& a : m_account_lines) out += a + "\n";
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = "cannot write " + tmp;
    return false;
  }
  bool ok = ::write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    error = "cannot write " + path;
    return false;
  }
  return true;
}

void App::register_config_commands() {
  m_commands.add({"alias", "/alias [NAME [COMMAND]]", "define a command of your own",
                  "Makes /NAME run COMMAND, with $1..$9 and $* replaced by the arguments (they "
                  "are appended when COMMAND uses none); \"; /\" separates several commands. "
                  "Without COMMAND removes NAME; without arguments lists the aliases.",
                  true, [this](std::string_view args, CommandSource) {
                    auto [name, body] = split_first_word(args);
                    std::string key = to_lower(name.starts_with("/") ? name.substr(1) : name);
                    if (key.empty()) {
                      for (const auto& [n, b] : m_aliases) notice("/alias " + n + " " + b);
                      if (m_aliases.empty()) notice("no aliases");
                      return;
                    }
                    if (body.empty()) {
                      if (!m_aliases.erase(key)) report_error("no alias named " + key);
                      return;
                    }
                    if (!body.starts_with("/")) return report_error("an alias runs a command: it must start with /");
                    m_aliases[key] = std::string(body);
                  }});
  m_commands.add({"save", "/save", "write the settings to the config file",
                  "Writes settings that differ from their defaults, aliases, key bindings and "
                  "per-account lines to the config file (0600), replacing it.", true,
                  [this](std::string_view, CommandSource) {
                    std::string error;
                    if (!save_config(error)) return report_error(error);
                    notice("settings saved to " + config_path());
                  }});
}

}  // namespace msntty
