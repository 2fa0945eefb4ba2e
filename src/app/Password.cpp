#include "app/Password.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>

namespace msntty {
namespace {

PasswordResult from_command(const std::string& command) {
  // Runs before the event loop starts, so waiting for it blocks nothing else.
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return {std::nullopt, "password_command could not be started"};
  std::string line;
  int c;
  while ((c = std::fgetc(p)) != EOF && c != '\n') line += static_cast<char>(c);
  int status = ::pclose(p);
  if (status != 0)
    return {std::nullopt,
            "password_command failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")"};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return {std::nullopt, "password_command printed no password"};
  return {std::move(line), {}};
}

PasswordResult from_prompt(const std::string& account) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return {
        std::nullopt,
        "no password: set MSNTTY_PASSWORD or the password_command setting (no terminal to ask on)"};
  std::string prompt = "Password for " + account + ": ";
  (void)!::write(fd, prompt.data(), prompt.size());
  termios old{};
  bool restore = ::tcgetattr(fd, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  char ch;
  while (::read(fd, &ch, 1) == 1 && ch != '\n') line += ch;
  if (restore) ::tcsetattr(fd, TCSAFLUSH, &old);
  ::close(fd);
  if (line.empty()) return {std::nullopt, "no password given"};
  return {std::move(line), {}};
}

}  // namespace

PasswordResult obtain_password(const std::string& account, const std::string& password_command,
                               bool may_prompt) {
  if (const char* env = std::getenv("MSNTTY_PASSWORD"); env && *env) {
    std::string pw = env;
    ::unsetenv("MSNTTY_PASSWORD");
    return {std::move(pw), {}};
  }
  if (!password_command.empty()) return from_command(password_command);
  if (!may_prompt)
    return {std::nullopt, "no password: set MSNTTY_PASSWORD or the password_command setting"};
  return from_prompt(account);
}

}  // namespace msntty
