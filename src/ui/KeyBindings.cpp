#include "ui/KeyBindings.hpp"

namespace msntty::ui {
namespace {

using K = KeyContext;

std::vector<DefaultBinding> make_defaults() {
  std::vector<DefaultBinding> d = {
      {K::Input, "Enter", "/input enter"},
      {K::Input, "Backspace", "/input backspace"},
      {K::Input, "Delete", "/input delete"},
      {K::Input, "C-d", "/input delete"},
      {K::Input, "Left", "/input left"},
      {K::Input, "C-b", "/input left"},
      {K::Input, "Right", "/input right"},
      {K::Input, "C-f", "/input right"},
      {K::Input, "Home", "/input home"},
      {K::Input, "C-a", "/input home"},
      {K::Input, "End", "/input end"},
      {K::Input, "C-e", "/input end"},
      {K::Input, "M-b", "/input word-left"},
      {K::Input, "C-Left", "/input word-left"},
      {K::Input, "M-f", "/input word-right"},
      {K::Input, "C-Right", "/input word-right"},
      {K::Input, "C-w", "/input kill-word"},
      {K::Input, "M-Backspace", "/input kill-alnum-word"},
      {K::Input, "M-d", "/input kill-word-forward"},
      {K::Input, "C-u", "/input kill-to-start"},
      {K::Input, "C-k", "/input kill-to-end"},
      {K::Input, "C-y", "/input yank"},
      {K::Input, "C-t", "/input transpose"},
      {K::Input, "Up", "/input history-up"},
      {K::Input, "Down", "/input history-down"},
      {K::Input, "Tab", "/input complete"},
      {K::Input, "S-Tab", "/input complete-back"},
      {K::Input, "Esc", "/input escape"},
      {K::Input, "C-r", "/input search"},
      {K::Input, "PageUp", "/scroll page-up"},
      {K::Input, "PageDown", "/scroll page-down"},
      {K::Input, "M-Home", "/scroll top"},
      {K::Input, "M-End", "/scroll bottom"},
      {K::Input, "C-Home", "/scroll top"},
      {K::Input, "C-End", "/scroll bottom"},
      {K::Input, "C-n", "/win next"},
      {K::Input, "C-p", "/win prev"},
      {K::Input, "M-Right", "/win next"},
      {K::Input, "M-Left", "/win prev"},
      {K::Input, "M-a", "/win active"},
      {K::Input, "C-l", "/redraw"},
      {K::Input, "C-z", "/suspend"},
      {K::Input, "F2", "/pane focus"},
      {K::Input, "M-c", "/pane focus"},
      {K::Input, "F3", "/pane toggle"},
      {K::Input, "M--", "/pane narrower"},
      {K::Input, "M-=", "/pane wider"},
      {K::Contacts, "Up", "/pane up"},
      {K::Contacts, "C-p", "/pane up"},
      {K::Contacts, "Down", "/pane down"},
      {K::Contacts, "C-n", "/pane down"},
      {K::Contacts, "PageUp", "/pane page-up"},
      {K::Contacts, "PageDown", "/pane page-down"},
      {K::Contacts, "Home", "/pane first"},
      {K::Contacts, "End", "/pane last"},
      {K::Contacts, "Enter", "/pane open"},
      {K::Contacts, "Esc", "/pane unfocus"},
      {K::Contacts, "Tab", "/pane unfocus"},
      {K::Contacts, "F2", "/pane unfocus"},
      {K::Contacts, "M-c", "/pane unfocus"},
  };
  // Alt+1..9, Alt+0 -> windows 1..10; Alt+q..p (the row below) -> 11..20, as in irssi.
  static const char* const digits[] = {"M-1", "M-2", "M-3", "M-4", "M-5",
                                       "M-6", "M-7", "M-8", "M-9", "M-0"};
  static const char* const letters[] = {"M-q", "M-w", "M-e", "M-r", "M-t",
                                        "M-y", "M-u", "M-i", "M-o", "M-p"};
  static const char* const numbers[] = {"/win 1",  "/win 2",  "/win 3",  "/win 4",  "/win 5",
                                        "/win 6",  "/win 7",  "/win 8",  "/win 9",  "/win 10",
                                        "/win 11", "/win 12", "/win 13", "/win 14", "/win 15",
                                        "/win 16", "/win 17", "/win 18", "/win 19", "/win 20"};
  for (int i = 0; i < 10; ++i) d.push_back({K::Input, digits[i], numbers[i]});
  for (int i = 0; i < 10; ++i) d.push_back({K::Input, letters[i], numbers[10 + i]});
  return d;
}

}  // namespace

std::string_view key_context_name(KeyContext c) {
  return c == K::Contacts ? "contacts" : "input";
}

std::optional<KeyContext> key_context_from_name(std::string_view name) {
  if (name == "input") return K::Input;
  if (name == "contacts") return K::Contacts;
  return std::nullopt;
}

const std::vector<DefaultBinding>& KeyBindings::defaults() {
  static const std::vector<DefaultBinding> table = make_defaults();
  return table;
}

KeyBindings::KeyBindings() {
  reset();
}

void KeyBindings::reset() {
  for (auto& t : m_tables) t.clear();
  for (const auto& b : defaults())
    m_tables[static_cast<int>(b.context)][std::string(b.key)] = std::string(b.command);
}

const std::string* KeyBindings::lookup(KeyContext context, const std::string& key) const {
  const auto& table = m_tables[static_cast<int>(context)];
  if (auto it = table.find(key); it != table.end()) return &it->second;
  if (context != K::Input) return lookup(K::Input, key);
  return nullptr;
}

void KeyBindings::bind(KeyContext context, const std::string& key, std::string command) {
  m_tables[static_cast<int>(context)][key] = std::move(command);
}

bool KeyBindings::unbind(KeyContext context, const std::string& key) {
  return m_tables[static_cast<int>(context)].erase(key) > 0;
}

std::vector<std::pair<std::string, std::string>> KeyBindings::list(KeyContext context) const {
  const auto& table = m_tables[static_cast<int>(context)];
  return {table.begin(), table.end()};
}

std::vector<std::string> KeyBindings::changes() const {
  std::vector<std::string> out;
  for (KeyContext context : {K::Input, K::Contacts}) {
    const auto& table = m_tables[static_cast<int>(context)];
    std::map<std::string, std::string> defaults;
    for (const auto& b : KeyBindings::defaults())
      if (b.context == context) defaults[std::string(b.key)] = std::string(b.command);
    std::string flag = context == K::Contacts ? "-contacts " : "";
    for (const auto& [key, command] : defaults)
      if (!table.count(key)) out.push_back("/unbind " + flag + key);
    for (const auto& [key, command] : table) {
      auto d = defaults.find(key);
      if (d == defaults.end() || d->second != command)
        out.push_back("/bind " + flag + key + " " + command);
    }
  }
  return out;
}

}  // namespace msntty::ui
