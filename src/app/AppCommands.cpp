// App: the command table. Every command a user, a key, the config or a script can run.
#include "app/App.hpp"

#include "util/Strings.hpp"

namespace msntty {

void App::say(std::string_view text) {
  Conversation* c = current_conversation();
  if (!c) return report_error("no conversation is open: use /msg CONTACT TEXT");
  if (text.empty()) return;
  m_chats->send_text(*c, std::string(text));
}

void App::register_commands() {
  m_commands.add({"quit", "/quit", "sign out and exit",
                  "Signs out (OUT) and exits with status 0.", true,
                  [this](std::string_view, CommandSource) { quit(); }});
  m_commands.add(
      {"status", "/status NAME", "set your status",
       "Sets your presence: online, busy, idle, brb, away, phone, lunch or invisible.", true,
       [this](std::string_view args, CommandSource) {
         auto st = status_from_name(trim(args));
         if (!st || *st == Status::Offline)
           return report_error("/status takes online, busy, idle, brb, away, phone, lunch or invisible");
         m_settings.set("status", status_name(*st));
         if (m_ns) {
           m_ns->session().set_status(*st);
           m_ns->flush();
         }
       }});
  m_commands.add({"nick", "/nick NAME", "change your display name",
                  "Changes the name your contacts see (REA on MSNP2-9, PRP MFN on MSNP10+).", true,
                  [this](std::string_view args, CommandSource) {
                    std::string_view name = trim(args);
                    if (name.empty()) return report_error("/nick needs a name");
                    if (name.size() > 387) return report_error("that name is too long (387 bytes at most)");
                    if (!session()) return report_error("not signed in");
                    m_ns->session().set_nick(std::string(name));
                    m_ns->flush();
                  }});
  m_commands.add({"psm", "/psm [TEXT]", "set your personal message",
                  "Sets the personal message shown under your name (MSNP11 and later); without "
                  "TEXT, clears it.", true,
                  [this](std::string_view args, CommandSource) {
                    if (!m_ns) return;
                    if (m_ns->session().signed_in() && m_ns->session().version() < 11)
                      return report_error("personal messages need MSNP11 or later");
                    m_ns->session().set_psm(std::string(trim(args)));
                    m_ns->flush();
                  }});
  m_commands.add({"set", "/set [NAME [VALUE]]", "show or change a setting",
                  "Without arguments lists every setting; with a NAME shows it; with a VALUE "
                  "changes it.", true,
                  [this](std::string_view args, CommandSource) {
                    auto [name, value] = split_first_word(args);
                    if (name.empty() || value.empty()) {
                      for (const auto& s : Settings::specs()) {
                        if (!name.empty() && s.name != name) continue;
                        notice(std::string(s.name) + " = " + m_settings.get(s.name));
                      }
                      return;
                    }
                    if (auto err = m_settings.set(name, value)) return report_error(*err);
                    notice(std::string(name) + " = " + m_settings.get(name));
                  }});
  m_commands.add({"help", "/help [COMMAND]", "list commands or explain one",
                  "Without arguments lists every command; with a name shows its synopsis and "
                  "description.", true,
                  [this](std::string_view args, CommandSource) {
                    std::string_view name = trim(args);
                    if (name.starts_with("/")) name.remove_prefix(1);
                    if (name.empty()) {
                      for (const auto& c : m_commands.all())
                        notice(c.synopsis + std::string(c.synopsis.size() < 28 ? 28 - c.synopsis.size() : 1, ' ') + c.summary);
                      return;
                    }
                    auto found = m_commands.find(name);
                    if (!found.spec) return report_error(found.error);
                    notice(found.spec->synopsis + ": " + found.spec->help);
                  }});
}

}  // namespace msntty
