#include "app/UserConfig.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "net/PrivateDir.hpp"
#include "util/ControlChars.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"
#include "util/XdgPaths.hpp"

namespace msntty {
namespace {

constexpr int kMaxAliasDepth = 8;

// The file as text, refused like ssh refuses its config: one others can change could run their
// password_command; one others can read must not hold one (it may spell out the password).
bool read_private_file(const std::string& path, bool must_exist, std::string& text,
                       std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (!must_exist) return true;  // no config yet: fine
    error = "cannot read config file " + path;
    return false;
  }
  struct stat st {};
  ::fstat(fd, &st);
  ::close(fd);
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  text = content.str();
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    error = path + " is writable by other users; refusing to use it (chmod 600 " + path + ")";
    return false;
  }
  if ((st.st_mode & (S_IRGRP | S_IROTH)) && text.find("password") != std::string::npos) {
    error = path +
            " mentions a password and is readable by other users; refusing to use it (chmod 600 " +
            path + ")";
    return false;
  }
  return true;
}

// Atomic: a crash leaves the old file or the new one, never half of one.
bool write_private_file(const std::string& path, const std::string& text, std::string& error) {
  std::string dir = path.substr(0, path.rfind('/'));
  if (auto made = dir.empty() ? Result<>{} : net::PrivateDir::create_path(dir); !made) {
    error = made.error().text;
    return false;
  }
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = "cannot write " + tmp;
    return false;
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace

UserConfig::UserConfig(CommandTable& commands, Settings& settings, std::string path,
                       std::vector<std::string> fixed, Hooks hooks)
    : m_commands(commands),
      m_settings(settings),
      m_path_option(std::move(path)),
      m_fixed(std::move(fixed)),
      m_hooks(std::move(hooks)) {}

std::string UserConfig::expand_alias(std::string_view body, std::string_view args) {
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

std::string UserConfig::path() const {
  if (!m_path_option.empty()) return m_path_option;
  std::string dir = msntty_dir(XdgDir::Config);
  return dir.empty() ? "" : dir + "/config";
}

bool UserConfig::load(std::string& error, bool echo) {
  m_echo = echo;
  std::string file = path(), text;
  if (file.empty()) return true;
  if (!read_private_file(file, !m_path_option.empty(), text, error)) return false;
  std::istringstream lines(text);
  std::string l;
  for (int number = 1; std::getline(lines, l); ++number)
    line(l, file + ":" + std::to_string(number));
  return true;
}

void UserConfig::warn(const std::string& where, const std::string& what) {
  m_warnings.push_back(where + ": " + what);
  if (m_echo) std::fprintf(stderr, "msntty: %s: %s\n", where.c_str(), what.c_str());
}

void UserConfig::line(std::string_view raw, const std::string& where, int depth) {
  std::string_view l = trim(raw);
  if (l.empty() || l.front() == '#') return;
  if (!utf8_valid(l)) return warn(where, "not valid UTF-8; line ignored");
  // As for every command line (CommandRunner): the line is used without them.
  if (StrippedLine clean = strip_controls(l); clean.changed()) {
    warn(where, clean.summary() + "; the rest of the line is used");
    return line(clean.text, where, depth);
  }
  if (l.front() != '/') return warn(where, "not a command (commands start with /); line ignored");
  auto [name, args] = split_first_word(l.substr(1));
  if (name == "account" && depth == 0) {
    // "/account EMAIL COMMAND": applies only when signed in as EMAIL.
    m_account_lines.emplace_back(l);
    auto [email, command] = split_first_word(args);
    if (email.empty() || command.empty())
      return warn(where, "/account needs an e-mail address and a command");
    if (equals_icase(email, m_settings.get("account"))) line(command, where, depth + 1);
    return;
  }
  auto found = m_commands.find(name);
  if (!found.spec) return warn(where, found.error);
  // One config serves the interface and headless runs: key bindings and window commands mean
  // nothing without a terminal, so they are skipped there (and kept for /save), not reported.
  if (!found.spec->run && found.spec->flags.interface_only) {
    if (depth == 0) m_kept_lines.emplace_back(l);
    return;
  }
  auto parsed = m_commands.parse(*found.spec, args);
  if (!parsed.ok()) return warn(where, parsed.error);
  std::string error = m_hooks.run_quietly(*found.spec, parsed.args);
  if (!error.empty()) warn(where, error);
}

bool UserConfig::alias_carries_secret(std::string_view name, int depth) const {
  auto it = m_aliases.find(to_lower(name));
  if (it == m_aliases.end() || depth >= kMaxAliasDepth) return false;
  std::string_view body = it->second;
  if (Settings::names_secret(body)) return true;
  for (size_t start = 0; start < body.size();) {  // "a; /b": each command it runs
    size_t semi = body.find("; /", start);
    std::string_view part =
        body.substr(start, semi == std::string_view::npos ? semi : semi - start);
    if (part.starts_with('/') &&
        alias_carries_secret(split_first_word(part.substr(1)).first, depth + 1))
      return true;
    if (semi == std::string_view::npos) break;
    start = semi + 2;
  }
  return false;
}

bool UserConfig::run_alias(std::string_view name, std::string_view args, CommandSource source) {
  auto it = m_aliases.find(to_lower(name));
  if (it == m_aliases.end()) return false;
  if (m_alias_depth >= kMaxAliasDepth) {
    m_hooks.report_error("/" + std::string(name) + ": aliases nested too deeply");
    return true;
  }
  ++m_alias_depth;
  std::string expanded = expand_alias(it->second, args);
  for (size_t start = 0; start <= expanded.size();) {  // "a; b" runs two commands
    size_t semi = expanded.find("; /", start);
    std::string_view part(expanded.data() + start,
                          (semi == std::string::npos ? expanded.size() : semi) - start);
    m_hooks.execute(trim(part), source);
    if (semi == std::string::npos) break;
    start = semi + 2;
  }
  --m_alias_depth;
  return true;
}

std::vector<std::string> UserConfig::saved_settings() const {
  std::vector<std::string> out;
  for (const auto& spec : Settings::specs()) {
    bool fixed = false;  // -a, -s ... are for this run, not for the file
    for (const auto& name : m_fixed) fixed |= name == spec.name;
    const std::string& v = m_settings.get(spec.name);
    if (!fixed && v != spec.default_value)
      out.push_back("/set " + std::string(spec.name) + " " + v);
  }
  return out;
}

std::vector<std::string> UserConfig::saved_aliases() const {
  std::vector<std::string> out;
  for (const auto& [name, body] : m_aliases) out.push_back("/alias " + name + " " + body);
  return out;
}

// Settings first, then every other persisted command of the table (aliases, key bindings),
// the lines a headless run could not run, and the per-account lines last: they override.
std::string UserConfig::text_to_save() const {
  std::string out = "# msntty configuration: one command per line (see msntty(1)).\n";
  for (const auto& l : saved_settings()) out += l + "\n";
  for (const auto& spec : m_commands.all()) {
    if (!spec.flags.persisted || !spec.save || spec.name == "set") continue;
    for (const auto& l : spec.save()) out += l + "\n";
  }
  for (const auto& l : m_kept_lines) out += l + "\n";
  for (const auto& l : m_account_lines) out += l + "\n";
  return out;
}

bool UserConfig::save(std::string& error) const {
  std::string file = path();
  if (file.empty()) {
    error = "no config path (set HOME or XDG_CONFIG_HOME, or use -c)";
    return false;
  }
  return write_private_file(file, text_to_save(), error);
}

void UserConfig::register_commands() {
  m_commands.set_topic("config");
  m_commands.add({.name = "set",
                  .params = {Param::of(ParamKind::Setting, "NAME").optional(),
                             Param::text("VALUE").optional()},
                  .flags = {.persisted = true},
                  .summary = "show or change a setting",
                  .help = "Without arguments lists every setting; with a NAME shows it; with a "
                          "VALUE changes it. The look is in settings too: format_message, "
                          "format_action (/me), format_notice and format_status are formats of "
                          "fields ($time $nick $text, $status $psm $windows ...) and styles "
                          "({bold} {red} "
                          "{on-blue} {/}), as in THEMES in msntty(1); a bad one is refused and "
                          "the old one stays.",
                  .examples = {"/set history_lines 50", "/set mouse on",
                               "/set format_message {time}$time{/} {bold}$nick{/} | $text",
                               "/set format_action $time {bold}* $nick{/} $text"},
                  .run =
                      [this](const CommandArgs& a, CommandSource source) {
                        const std::string& name = a.get("NAME");
                        if (!a.has("VALUE")) {
                          for (const auto& s : Settings::specs())
                            if (name.empty() || s.name == name)
                              m_hooks.notice(std::string(s.name) + " = " + m_settings.get(s.name));
                          return;
                        }
                        if (auto err = m_settings.set(name, a.get("VALUE")))
                          return m_hooks.report_error(*err);
                        if (m_hooks.changed) m_hooks.changed(name);
                        if (source != CommandSource::Config)
                          m_hooks.notice(name + " = " + m_settings.get(name));
                      },
                  .save = [this] { return saved_settings(); }});
  m_commands.add(
      {.name = "alias",
       .params = {Param::word("NAME").optional(), Param::text("COMMAND").optional()},
       .flags = {.persisted = true},
       .summary = "define a command of your own",
       .help = "Makes /NAME run COMMAND, with $1..$9 and $* replaced by the arguments "
               "(they are appended when COMMAND uses none); \"; /\" separates several "
               "commands. Without COMMAND removes NAME; without arguments lists the aliases.",
       .examples = {"/alias wb /msg $1 welcome back!", "/alias afk /status away; /psm afk"},
       .run =
           [this](const CommandArgs& a, CommandSource source) {
             std::string_view name = a.get("NAME");
             std::string key = to_lower(name.starts_with("/") ? name.substr(1) : name);
             if (key.empty()) {
               for (const auto& l : saved_aliases()) m_hooks.notice(l);
               if (m_aliases.empty()) m_hooks.notice("no aliases");
               return;
             }
             if (!a.has("COMMAND")) {
               if (!m_aliases.erase(key)) return m_hooks.report_error("no alias named " + key);
               if (source != CommandSource::Config) m_hooks.notice("alias /" + key + " removed");
               return;
             }
             const std::string& body = a.get("COMMAND");
             if (!body.starts_with("/"))
               return m_hooks.report_error("an alias runs a command: it must start with /");
             m_aliases[key] = body;
             // Like /set: said when typed, not for every line of the configuration file.
             if (source != CommandSource::Config) m_hooks.notice("/" + key + " now runs " + body);
           },
       .save = [this] { return saved_aliases(); }});
  m_commands.add({.name = "save",
                  .summary = "write the settings to the config file",
                  .help = "Writes settings that differ from their defaults, aliases, key bindings "
                          "that differ from the defaults and per-account lines to the config file "
                          "(0600), replacing it.",
                  .run = [this](const CommandArgs&, CommandSource) {
                    std::string error;
                    if (!save(error)) return m_hooks.report_error(error);
                    m_hooks.notice("settings saved to " + path());
                  }});
}

}  // namespace msntty
