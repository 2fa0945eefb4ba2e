#pragma once
// The debug log (-v, --debug FILE): every byte each connection sends and receives (NS, SB,
// the Passport HTTPS exchange, in clear) and every event, one line each, with the time, the
// connection and the direction. Secrets are redacted (proto/Redaction.hpp) and the known
// password masked before a line is written; control bytes are escaped. The file is 0600;
// the default folder, $XDG_STATE_HOME/msntty, is created 0700.
//
// Each tap is its own stream: bytes are cut into lines there (a payload announced by its
// command's length is cut on its own), so a chunk boundary never glues two lines together.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/Transport.hpp"
#include "net/UniqueFd.hpp"
#include "util/Result.hpp"

namespace msntty {

class DebugLog : public std::enable_shared_from_this<DebugLog> {
 public:
  // $XDG_STATE_HOME/msntty/debug.log (or ~/.local/state/...); "" if neither is known.
  static std::string default_path();
  // Opens `path` for appending (created 0600, tightened to 0600 if it exists); an empty path
  // means default_path(), whose folder is created.
  static Result<std::shared_ptr<DebugLog>> open(const std::string& path);

  explicit DebugLog(net::UniqueFd fd) : m_fd(std::move(fd)) {}

  // Masked wherever it appears, also URL-encoded or XML-escaped.
  void add_secret(const std::string& secret);
  // A tap for one connection, e.g. tap("ns 127.0.0.1:1863"). It keeps the log alive.
  net::Transport::Tap tap(std::string label);
  void event(std::string_view json_line);
  void note(std::string_view text);  // a line of our own ("started", "exiting: ...")

 private:
  void write_line(std::string_view label, std::string_view direction, std::string_view text);

  net::UniqueFd m_fd;
  std::vector<std::string> m_secrets;
};

}  // namespace msntty
