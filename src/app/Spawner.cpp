#include "app/Spawner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "net/Reactor.hpp"

extern char** environ;

namespace msntty {
namespace {

// posix_spawn's C structures, released on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

Spawner::Spawner(net::Reactor& reactor) : m_reactor(reactor) {}

bool Spawner::spawn(const std::vector<std::string>& argv, std::string& error) {
  if (argv.empty() || argv[0].empty()) {
    error = "no program to run";
    return false;
  }
  if (!m_watching) {
    // Installed on first use: a client that never notifies never touches SIGCHLD.
    m_reactor.on_signal(SIGCHLD, [this] { reap(); });
    m_watching = true;
  }
  SpawnSetup s;
  for (int fd : {0, 1, 2})
    posix_spawn_file_actions_addopen(&s.actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  // The loop's signal handlers and mask must not leak into the child.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&s.attr, &all);
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setflags(&s.attr,
                           POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &s.actions, &s.attr, args.data(), environ);
  if (rc != 0) {
    error = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return false;
  }
  m_children.insert(pid);
  return true;
}

void Spawner::reap() {
  for (auto it = m_children.begin(); it != m_children.end();) {
    pid_t r = ::waitpid(*it, nullptr, WNOHANG);
    if (r == *it || (r < 0 && errno == ECHILD))
      it = m_children.erase(it);
    else
      ++it;
  }
}

}  // namespace msntty
