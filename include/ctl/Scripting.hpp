#pragma once
// The scripting interface of a running msntty, for the signed-in account:
//   <base>/<account>/cmd      FIFO 0600: command lines in (fire and forget)
//   <base>/<account>/events   Unix stream socket 0600: event lines out, command lines in with
//                             one result line per command (see EventClient)
// in the private folder <base>/<account> (0700; <base> from RuntimePaths, also 0700).
// Lines are the commands of the input line, run as CommandSource::Pipe (commands that need a
// person are refused). Bad lines (too long, not UTF-8, unknown command) give an `error` event
// and the pipe keeps working. Everything is removed again when this object goes away.
#include <memory>
#include <string>
#include <string_view>

#include "app/Client.hpp"
#include "ctl/CommandPipe.hpp"
#include "ctl/EventServer.hpp"
#include "net/PrivateDir.hpp"

namespace msntty::ctl {

class Scripting {
 public:
  // Null + `error` when the account is unusable in a path, a folder is unsafe, or another
  // instance already serves this account.
  static std::unique_ptr<Scripting> start(Client& app, const std::string& account,
                                          std::string& error);
  explicit Scripting(Client& app) : m_app(app) {}  // use start()
  ~Scripting();
  Scripting(const Scripting&) = delete;
  Scripting& operator=(const Scripting&) = delete;

  const std::string& folder() const { return m_dir->path(); }

 private:
  CommandResult run_line(std::string_view line);
  CommandResult refuse(const std::string& text);

  Client& m_app;
  std::unique_ptr<net::PrivateDir> m_base;
  std::unique_ptr<net::PrivateDir> m_dir;
  std::string m_folder_name;
  std::unique_ptr<EventServer> m_server;  // before the pipe: it is what tells a live instance
  std::unique_ptr<CommandPipe> m_pipe;
};

}  // namespace msntty::ctl
