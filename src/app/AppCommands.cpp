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
  m_commands.add({.name = "quit",
                  .summary = "sign out and exit",
                  .help = "Signs out (OUT) and exits with status 0.",
                  .run = [this](const CommandArgs&, CommandSource) { quit(); }});
  m_commands.add({.name = "status",
                  .params = {Param::of(ParamKind::Status, "NAME")},
                  .summary = "set your status",
                  .help = "Sets your presence (NAME below; a unique beginning is enough).",
                  .examples = {"/status away"},
                  .run = [this](const CommandArgs& a, CommandSource) {
                    Status st = *status_from_name(a.get("NAME"));
                    m_settings.set("status", status_name(st));
                    if (m_ns) m_ns->session().set_status(st);
                  }});
  m_commands.add({.name = "nick",
                  .params = {Param::text("NAME", 387)},
                  .flags = {.needs_session = true},
                  .summary = "change your display name",
                  .help = "Changes the name your contacts see (REA on MSNP2-9, PRP MFN on MSNP10+).",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    m_ns->session().set_nick(std::string(trim(a.get("NAME"))));
                  }});
  m_commands.add({.name = "psm",
                  .params = {Param::text().optional()},
                  .summary = "set your personal message",
                  .help = "Sets the personal message shown under your name (MSNP11 and later); "
                          "without TEXT, clears it.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    if (!m_ns) return;
                    if (m_ns->session().signed_in() && m_ns->session().version() < 11)
                      return report_error("personal messages need MSNP11 or later");
                    m_ns->session().set_psm(std::string(trim(a.get("TEXT"))));
                  }});
  m_commands.add({.name = "help",
                  .params = {Param::of(ParamKind::Command, "COMMAND").optional()},
                  .summary = "list commands or explain one",
                  .help = "Without arguments lists every command; with a name shows its synopsis "
                          "and description.",
                  .examples = {"/help msg"},
                  .run = [this](const CommandArgs& a, CommandSource) { show_help(a.get("COMMAND")); }});
}

// The list pads with at least two spaces: a synopsis never holds two in a row, so a script (and
// the man-page test) can split the two columns.
void App::show_help(const std::string& name) {
  if (name.empty()) {
    for (const auto& c : m_commands.all()) {
      std::string synopsis = c.synopsis();
      notice(synopsis + std::string(synopsis.size() < 30 ? 32 - synopsis.size() : 2, ' ') + c.summary);
    }
    return;
  }
  const CommandSpec& spec = *m_commands.find(name).spec;
  std::string text = spec.synopsis() + ": " + spec.help;
  if (spec.flags.interface_only) text += " (interface only)";
  if (!spec.flags.scriptable) text += " (not from scripts)";
  notice(text);
  for (const Param& p : spec.params) {  // word lists the synopsis names but does not spell out
    std::vector<std::string> words = m_commands.words_of(p);
    if (p.show_words || words.empty() || p.kind == ParamKind::Command || p.kind == ParamKind::Setting) continue;
    std::string list;
    for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
    notice("  " + p.name + ": " + list);
  }
  for (const auto& e : spec.examples) notice("  e.g. " + e);
}

}  // namespace msntty
