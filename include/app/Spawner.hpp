#pragma once
// Starts helper programs (the notify_command) without a shell and without ever waiting for them:
// children are reaped when SIGCHLD reaches the loop. Only the children started here are reaped, so
// other code's waitpid() (popen for password_command) is never robbed of its child.
#include <sys/types.h>
#include <string>
#include <unordered_set>
#include <vector>

namespace msntty {

namespace net {
class Reactor;  // opaque here: ui/ passes Client::reactor() on and never sees net/
}

class Spawner {
 public:
  explicit Spawner(net::Reactor& reactor);
  // argv[0] is looked up in PATH. stdin, stdout and stderr are /dev/null and the child gets its
  // own session, so it can never touch the terminal. False with `error` when it could not start.
  bool spawn(const std::vector<std::string>& argv, std::string& error);
  size_t running() const { return m_children.size(); }

 private:
  void reap();

  net::Reactor& m_reactor;
  std::unordered_set<pid_t> m_children;
  bool m_watching = false;
};

}  // namespace msntty
