#pragma once
// Where the password comes from, in order: MSNTTY_PASSWORD (removed from the environment once
// read, so child processes never see it), the password_command setting, or a prompt on the
// terminal with echo off. Never argv.
#include <optional>
#include <string>

namespace msntty {

struct PasswordResult {
  std::optional<std::string> password;
  std::string error;
};

PasswordResult obtain_password(const std::string& account, const std::string& password_command,
                               bool may_prompt);

}  // namespace msntty
