#pragma once
// The user's configuration: the config file (one command per line), /alias, the per-account
// "/account EMAIL COMMAND" lines and /save. It runs the file's lines through the command table
// and writes back what the table's persisted commands say (settings, aliases, key bindings).
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/CommandTable.hpp"
#include "app/Settings.hpp"

namespace msntty {

class UserConfig {
 public:
  struct Hooks {
    // Runs a command line (an alias's body).
    std::function<void(std::string_view line, CommandSource source)> execute;
    // Runs a parsed config command and returns the first error it reported, without showing it
    // (it becomes a warning naming the file and line).
    std::function<std::string(const CommandSpec& spec, const CommandArgs& args)> run_quietly;
    std::function<void(const std::string& text)> notice;
    std::function<void(const std::string& text)> report_error;
    std::function<void(const std::string& name)> changed;  // a setting /set changed (optional)
  };
  // `path` is -c FILE, or empty for the XDG default; `fixed` are settings given on the command
  // line, for this run only (never saved).
  UserConfig(CommandTable& commands, Settings& settings, std::string path,
             std::vector<std::string> fixed, Hooks hooks);

  std::string path() const;
  // Reads and runs the file. False only when it cannot be used at all; line problems become
  // warnings() (also written to stderr when `echo` is set, for headless runs).
  bool load(std::string& error, bool echo);
  const std::vector<std::string>& warnings() const { return m_warnings; }
  bool save(std::string& error) const;
  // Runs /NAME when it is an alias; false when it is not one.
  bool run_alias(std::string_view name, std::string_view args, CommandSource source);
  // Whether /NAME is an alias whose command names a secret setting, itself or through the
  // aliases it runs: "/pw hunter2" after "/alias pw /set password_command echo $1".
  bool alias_carries_secret(std::string_view name, int depth = 0) const;
  // /set, /alias and /save.
  void register_commands();

  // "$1".."$9" and "$*" replaced by the words of `args` (appended when the body uses none).
  static std::string expand_alias(std::string_view body, std::string_view args);

 private:
  void line(std::string_view raw, const std::string& where, int depth = 0);
  void warn(const std::string& where, const std::string& what);
  std::string text_to_save() const;
  std::vector<std::string> saved_settings() const;
  std::vector<std::string> saved_aliases() const;

  CommandTable& m_commands;
  Settings& m_settings;
  std::string m_path_option;
  std::vector<std::string> m_fixed;
  Hooks m_hooks;
  bool m_echo = false;
  std::map<std::string, std::string> m_aliases;
  std::vector<std::string> m_account_lines;  // "/account EMAIL ..." lines, kept verbatim
  std::vector<std::string>
      m_kept_lines;  // interface lines a headless run skipped: saved as they were
  std::vector<std::string> m_warnings;
  int m_alias_depth = 0;
};

}  // namespace msntty
