#pragma once
// Command-line options. Settings given here override the config file.
#include <string>
#include <utility>
#include <vector>

namespace msntty {

struct Options {
  bool help = false;
  bool version = false;
  bool headless = false;
  bool no_color = false;
  std::string config_path;                                    // -c; empty = the XDG default
  std::vector<std::pair<std::string, std::string>> settings;  // name, value (from -a -s -p ...)
  std::vector<std::string> remote;                            // --remote COMMAND... (scripting)
  bool remote_events = false;
  bool remote_path = false;  // --remote --path: print the command pipe's path and exit
  bool debug = false;        // -v, --debug FILE: the debug log (app/DebugLog.hpp)
  std::string debug_path;    // --debug FILE; empty = the XDG default
};

// Parses argv. On a usage error returns false with `error` set (exit status 2).
bool parse_options(int argc, char** argv, Options& out, std::string& error);
std::string usage_text();
// app/ does not know curses: main passes the library version in.
std::string version_text(const std::string& curses_version);

}  // namespace msntty
