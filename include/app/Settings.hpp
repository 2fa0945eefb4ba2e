#pragma once
// Named settings with defaults and validation: what `/set` changes, the config file holds, and
// command-line options override. One table describes them all, so /help, completion and the man
// page agree.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

struct SettingSpec {
  std::string_view name;
  std::string_view default_value;
  // "string", "bool", "int:MIN:MAX", "status", "protocols", "guid", "one of:A,B,C",
  // "format:FIELD,FIELD..." (app/LineFormat; $text, when it is a field, ends the format)
  std::string_view kind;
  std::string_view description;
  // Its value can spell out a password: a line that names it is never kept in the input
  // history (Client::carries_secret).
  bool secret = false;
};

class Settings {
 public:
  Settings();
  static const std::vector<SettingSpec>& specs();
  static const SettingSpec* spec(std::string_view name);
  // Whether `text` names a secret setting anywhere (any case): a /set of it, an /alias that
  // sets it.
  static bool names_secret(std::string_view text);

  const std::string& get(std::string_view name) const;  // unknown names: empty
  int get_int(std::string_view name) const;
  bool get_bool(std::string_view name) const;
  // Validates and stores; the error text when the name is unknown or the value invalid.
  std::optional<std::string> set(std::string_view name, std::string_view value);
  std::vector<std::string> names() const;

 private:
  std::map<std::string, std::string, std::less<>> m_values;
};

// "MSNP12,MSNP8", "8-12", "7" -> versions highest first; nullopt when invalid or outside 2..18.
std::optional<std::vector<int>> parse_protocols(std::string_view text);

// "{0d1e2f3a-...}" or without braces -> "{0D1E2F3A-...}" (the form USR SSO S sends); nullopt when
// it is not 8-4-4-4-12 hex digits.
std::optional<std::string> normalize_guid(std::string_view text);

}  // namespace msntty
