#pragma once
// Reads one line of the App's event stream ({"event":NAME, ...}, see EventSink) back into fields.
// The UI consumes the same documented, stable stream as scripts do, so app/ needs no UI hooks.
// Only what events contain is supported: strings, numbers, booleans, null and arrays of those;
// nested objects are skipped.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty::ui {

class EventFields {
 public:
  static std::optional<EventFields> parse(std::string_view json);

  const std::string& name() const { return str("event"); }
  const std::string& str(std::string_view key) const;   // "" when absent
  int64_t num(std::string_view key, int64_t fallback = 0) const;
  bool has(std::string_view key) const { return m_values.count(std::string(key)) > 0; }
  std::vector<std::string> list(std::string_view key) const;

 private:
  std::map<std::string, std::string, std::less<>> m_values;   // scalars as text
  std::map<std::string, std::vector<std::string>, std::less<>> m_lists;
  friend class EventParser;
};

}  // namespace msntty::ui
