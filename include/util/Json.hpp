#pragma once
// Minimal JSON writer (machine-readable output, event logs). No reader on purpose.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

// "..." with escapes; control characters as \u00XX; invalid UTF-8 repaired to U+FFFD, so the
// output is always valid UTF-8 and valid JSON.
std::string json_quote(std::string_view s);

// Builds one object, keys in insertion order. Nest with add_raw(key, other.str()) or add(key, obj).
class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, const char* value);  // nullptr -> null
  JsonObject& add(std::string_view key, const std::string& value) {
    return add(key, std::string_view(value));
  }
  // One overload per integer type so int, uint32_t, int64_t, size_t ... all resolve exactly.
  JsonObject& add(std::string_view key, int value) {
    return add(key, static_cast<long long>(value));
  }
  JsonObject& add(std::string_view key, unsigned value) {
    return add(key, static_cast<unsigned long long>(value));
  }
  JsonObject& add(std::string_view key, long value) {
    return add(key, static_cast<long long>(value));
  }
  JsonObject& add(std::string_view key, unsigned long value) {
    return add(key, static_cast<unsigned long long>(value));
  }
  JsonObject& add(std::string_view key, long long value);
  JsonObject& add(std::string_view key, unsigned long long value);
  JsonObject& add(std::string_view key, bool value);
  JsonObject& add(std::string_view key,
                  const std::vector<std::string>& values);  // array of strings
  JsonObject& add(std::string_view key, const JsonObject& object) {
    return add_raw(key, object.str());
  }
  JsonObject& add_null(std::string_view key) { return add_raw(key, "null"); }
  JsonObject& add_raw(std::string_view key, std::string_view json);  // pre-encoded value
  std::string str() const;                                           // "{...}"
  bool empty() const { return m_body.empty(); }

 private:
  void key(std::string_view k);
  std::string m_body;  // members without the braces
};

}  // namespace msntty
