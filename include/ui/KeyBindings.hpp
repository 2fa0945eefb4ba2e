#pragma once
// Keys are commands: every key the UI reacts to runs a command string from this table, so any
// key can be rebound with /bind and every action can be scripted or typed. Two contexts: the
// input line (the default) and the contact pane while it has the focus; a key not bound in the
// contact pane falls back to the input table (Alt+digits switch windows everywhere).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msntty::ui {

enum class KeyContext { Input, Contacts };

std::string_view key_context_name(KeyContext c);  // "input", "contacts"
std::optional<KeyContext> key_context_from_name(std::string_view name);

struct DefaultBinding {
  KeyContext context;
  std::string_view key;  // canonical KeyNames spelling
  std::string_view command;
};

class KeyBindings {
 public:
  KeyBindings();  // starts with the defaults
  // The table the man page documents (KEY BINDINGS).
  static const std::vector<DefaultBinding>& defaults();

  // The command for `key`, or null when the key is unbound (text keys then insert themselves).
  const std::string* lookup(KeyContext context, const std::string& key) const;
  void bind(KeyContext context, const std::string& key, std::string command);
  bool unbind(KeyContext context, const std::string& key);
  void reset();
  std::vector<std::pair<std::string, std::string>> list(KeyContext context) const;
  // What differs from the defaults, as the command lines that make it so ("/bind F5 /nudge",
  // "/unbind -contacts Tab"): what /save writes. Comparing tables, not replaying what was typed,
  // means a binding made and then removed leaves nothing behind.
  std::vector<std::string> changes() const;

 private:
  std::map<std::string, std::string> m_tables[2];
};

}  // namespace msntty::ui
