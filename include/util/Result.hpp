#pragma once
// The one result convention for operations that can fail in a way the caller reports (a file
// that cannot be created, a folder that is not ours, a log that cannot be opened):
//
//   Result<std::shared_ptr<DebugLog>> DebugLog::open(path);   // a value, or an Error
//   Result<> PrivateDir::create_path(path);                   // nothing, or an Error
//
//   auto r = DebugLog::open(path);
//   if (!r) return report(r.error().text);   // the text is whole: "cannot create X: reason"
//   use(*r);
//
// Exceptions are kept for what nobody can handle where it happens (poll, c-ares init...):
// main() catches those, restores the terminal and exits 70. Errors are values, not booleans
// with an out-parameter, so a caller cannot forget where the reason went.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace msntty {

struct Error {
  std::string text;  // for a person: what failed and why, no trailing newline
};

template <class T = void>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

  explicit operator bool() const { return m_v.index() == 0; }
  T& operator*() { return std::get<0>(m_v); }
  const T& operator*() const { return std::get<0>(m_v); }
  T* operator->() { return &std::get<0>(m_v); }
  const T* operator->() const { return &std::get<0>(m_v); }
  const Error& error() const { return std::get<1>(m_v); }

 private:
  std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)) {}

  explicit operator bool() const { return !m_error; }
  const Error& error() const { return *m_error; }

 private:
  std::optional<Error> m_error;
};

}  // namespace msntty
