#pragma once
// `msntty --remote`: a short-lived process that talks to a running instance over its event
// socket. It never asks for a password and never signs in.
//   msntty --remote [-a ACCOUNT] COMMAND...   sends the words joined by spaces as one command
//       line, waits up to 5 s for its result line; exit 0 if accepted, 1 otherwise (the error
//       on stderr), 1 with "no running msntty for ..." when no instance answers.
//   msntty --remote [-a ACCOUNT] --events [COMMAND...]   (sends the command first, then) copies
//       every event line to stdout until the instance exits (exit 0).
//   msntty --remote [-a ACCOUNT] --path   prints the account's command pipe (where it is or will
//       be: with -a no instance needs to run; without, the one running instance's).
// Without -a the one running instance is used; with several, it lists them and exits 1.
// It may block (it is not the UI), but every wait has a deadline except following events.
#include <chrono>
#include <string>
#include <vector>

#include "app/Options.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::ctl {

class RemoteClient {
 public:
  static constexpr std::chrono::seconds kTimeout{5};

  explicit RemoteClient(const Options& options);
  int run();  // the exit status

  // Parses a result line written by EventClient::result_line. False if `line` is not one.
  static bool parse_result(const std::string& line, bool& ok, std::string& error);

 private:
  net::UniqueFd connect_instance(std::string& error);
  int send_command(int fd, const std::string& line);
  int follow_events(int fd);
  int print_path();
  // Reads one line (without the newline) into `line` before `deadline` (none: wait forever).
  // Returns 1 for a line, 0 at EOF, -1 on timeout or error (errno set: ETIMEDOUT on timeout).
  int read_line(int fd, std::string& line, bool has_deadline,
                std::chrono::steady_clock::time_point deadline);

  std::string m_account;  // from -a, may be empty
  std::vector<std::string> m_words;
  bool m_events;
  bool m_path;
  std::string m_who;  // "alice@example.com" for messages
  std::string m_buf;  // bytes read past the last line
};

}  // namespace msntty::ctl
