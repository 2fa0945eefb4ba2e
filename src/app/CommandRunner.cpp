#include "app/CommandRunner.hpp"

#include "util/ControlChars.hpp"

namespace msntty {

void CommandRunner::execute(std::string_view line, CommandSource source) {
  // Every source alike (typed, pipe, --remote, headless input, aliases): what reaches a
  // contact, or a setting, never holds a control character.
  StrippedLine clean = strip_controls(line);
  if (clean.changed()) {
    m_services.notice(clean.summary() + " from the line: control characters are never sent");
    line = clean.text;
  }
  if (line.empty()) return;
  if (line.starts_with("//")) return say(line.substr(1), source);
  if (line.front() != '/') return say(line, source);
  auto [name, args] = split_first_word(line.substr(1));
  if (m_aliases && m_aliases(name, args, source)) return;
  auto found = m_table.find(name);
  if (!found.spec) return m_services.report_error(found.error);
  const CommandSpec& spec = *found.spec;
  if (source == CommandSource::Pipe && !spec.flags.scriptable)
    return m_services.report_error("/" + spec.name + " cannot be used from a script");
  if (!spec.run)
    return m_services.report_error("/" + spec.name + " needs the interface (this run is headless)");
  auto parsed = m_table.parse(spec, args);
  if (!parsed.ok()) return m_services.report_error(parsed.error);
  run(spec, parsed.args, source);
}

void CommandRunner::run(const CommandSpec& spec, const CommandArgs& args, CommandSource source) {
  if (spec.flags.needs_session && !m_services.session()) {
    // Signing in (at start-up, or again after a loss): the command runs once signed in.
    std::string name = spec.name;
    auto later = [this, name, args, source] {
      if (const CommandSpec* s = m_table.find(name).spec) run(*s, args, source);
    };
    if (m_services.wait_for_session("/" + name, std::move(later))) return;
    return m_services.report_error("/" + spec.name + ": not signed in");
  }
  std::string error;
  Conversation* target = target_of(spec, args, error);
  if (!error.empty()) return m_services.report_error(error);
  if (spec.flags.needs_conversation && !target)
    return m_services.report_error("/" + spec.name +
                                   ": no conversation is open (use /msg CONTACT TEXT)");
  auto outer = m_services.enter({source, target ? target->id() : 0});
  spec.run(args, source);
  m_services.enter(outer);
}

Conversation* CommandRunner::target_of(const CommandSpec& spec, const CommandArgs& args,
                                       std::string& error) {
  if (!spec.flags.takes_conversation) return nullptr;
  if (!args.has("-c")) return m_services.current_conversation();
  Conversation* c = m_services.find_conversation(static_cast<uint64_t>(args.number("-c")));
  // Checked when parsed too; a command that waited for the sign-in may find it closed since.
  if (!c) error = "/" + spec.name + ": no conversation " + args.get("-c") + " is open";
  return c;
}

void CommandRunner::say(std::string_view text, CommandSource source) {
  Conversation* c = m_services.current_conversation();
  if (!c) return m_services.report_error("no conversation is open: use /msg CONTACT TEXT");
  if (text.empty()) return;
  auto outer = m_services.enter({source, c->id()});
  m_services.send_text(*c, std::string(text));
  m_services.enter(outer);
}

}  // namespace msntty
