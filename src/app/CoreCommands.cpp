#include "app/CoreCommands.hpp"

#include "app/Settings.hpp"
#include "proto/NsSession.hpp"
#include "util/Email.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

void install_resolvers(CommandTable& table, CommandServices& s) {
  table.set_resolver(ParamKind::Contact, [&s](std::string_view who, std::string& error) {
    auto match = s.contacts().resolve(who);
    if (!match.contact) error = match.error;
    return match.contact ? match.contact->email : std::string();
  });
  // Someone not on the list is fine when given by address: /msg, /block a stranger.
  table.set_resolver(ParamKind::Person, [&s](std::string_view who, std::string& error) {
    auto match = s.contacts().resolve(who);
    if (match.contact) return match.contact->email;
    if (who.find('@') == std::string_view::npos)
      error = match.error;
    else if (!is_valid_email(who))
      error = "\"" + std::string(who) + "\" is not a valid e-mail address";
    return std::string(who);
  });
  table.set_resolver(ParamKind::Conversation, [&s](std::string_view id, std::string& error) {
    if (!s.find_conversation(parse_i64(id).value_or(0)))
      error = "no conversation " + std::string(id) + " is open";
    return std::string(id);
  });
  table.set_resolver(ParamKind::Group, [&s](std::string_view name, std::string& error) {
    for (const auto& g : s.contacts().groups())
      if (equals_icase(g.name, name) || g.id == name) return g.id;
    error = "no group named \"" + std::string(name) + "\" (see /group)";
    return std::string();
  });
}

// A command list pads with at least two spaces: a synopsis never holds two in a row, so a script
// (and the man-page test) can split the two columns.
void list_topic(const CommandTable& table, CommandServices& s, const CommandTopic& topic) {
  s.notice(std::string(topic.name) + ": " + std::string(topic.summary));
  for (const CommandSpec* c : table.in_topic(topic.name)) {
    std::string synopsis = c->synopsis();
    s.notice(synopsis + std::string(synopsis.size() < 30 ? 32 - synopsis.size() : 2, ' ') +
             c->summary);
  }
}

// One line per topic, with the names of its commands: the whole of it fits a 24-row terminal.
void list_topics(const CommandTable& table, CommandServices& s) {
  s.notice(
      "commands by topic: /help TOPIC lists a topic, /help COMMAND explains a command, "
      "/help all lists every command");
  for (const auto& topic : command_topics()) {
    std::string names;
    for (const CommandSpec* c : table.in_topic(topic.name)) names += " /" + c->name;
    s.notice("  " + std::string(topic.name) +
             std::string(topic.name.size() < 10 ? 10 - topic.name.size() : 1, ' ') + names);
  }
}

// The synopsis on a line of its own, then the description, the word lists the synopsis names
// but does not spell out, and the examples.
void explain(const CommandTable& table, CommandServices& s, const CommandSpec& spec) {
  s.notice(spec.synopsis());
  std::string text = "  " + spec.help;
  if (spec.flags.interface_only) text += " (interface only)";
  if (!spec.flags.scriptable) text += " (not from scripts)";
  s.notice(text);
  for (const Param& p : spec.params) {
    std::vector<std::string> words = table.words_of(p);
    if (p.show_words || words.empty() || p.kind == ParamKind::Command ||
        p.kind == ParamKind::Setting)
      continue;
    std::string list;
    for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
    s.notice("  " + p.name + ": " + list);
  }
  for (const auto& e : spec.examples) s.notice("  e.g. " + e);
}

void show_help(const CommandTable& table, CommandServices& s, const CommandArgs& a) {
  const std::string& topic = a.get("TOPIC");
  if (a.has("COMMAND")) {
    if (!topic.empty()) return s.report_error("/help takes a topic or a command, not both");
    return explain(table, s, *table.find(a.get("COMMAND")).spec);
  }
  if (topic.empty()) return list_topics(table, s);
  for (const auto& t : command_topics())
    if (topic == "all" || topic == t.name) list_topic(table, s, t);
}

Param help_topic() {
  std::vector<std::string> words = command_topic_names();
  words.emplace_back("all");
  return Param::word("TOPIC", std::move(words)).if_listed();  // else the name of a command
}

// Every answer names the status in words, set or not: a symbol alone is easy to miss.
void set_status(CommandServices& s, const CommandArgs& a) {
  if (!a.has("NAME")) {
    Status now = status_from_name(s.settings().get("status")).value_or(Status::Online);
    NsSession* ns = s.session();
    return s.notice("your status is " + std::string(status_label(now)) +
                    (ns ? "" : " (when you sign in)") + ": /status NAME changes it");
  }
  Status st = *status_from_name(a.get("NAME"));
  s.settings().set("status", status_name(st));
  NsSession* ns = s.connection();
  if (ns) ns->set_status(st);
  s.notice("your status is now " + std::string(status_label(st)) +
           (s.session() ? "" : " (when you sign in)"));
}

void set_psm(CommandServices& s, const CommandArgs& a) {
  NsSession* ns = s.connection();
  if (!ns) return;
  if (ns->signed_in() && ns->version() < 11)
    return s.report_error("personal messages need MSNP11 or later (signed in with MSNP" +
                          std::to_string(ns->version()) + ")");
  std::string text(trim(a.get("TEXT")));
  ns->set_psm(text);
  s.emit(ev::OwnPsm{.psm = text});
  s.notice(text.empty() ? "personal message cleared" : "personal message set: " + text);
}

}  // namespace

void register_core_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("session");
  install_resolvers(table, s);
  table.add({.name = "quit",
             .summary = "sign out and exit",
             .help = "Signs out (OUT) and exits with status 0.",
             .run = [&s](const CommandArgs&, CommandSource) { s.quit(); }});
  table.add({.name = "connect",
             .summary = "sign in again",
             .help = "Signs in now: after /disconnect, after a loss that is not retried by itself "
                     "(a wrong password, signed in elsewhere), or to cut a wait short. Windows, "
                     "queued messages and open conversations are kept.",
             .run = [&s](const CommandArgs&, CommandSource) { s.connect(); }});
  table.add({.name = "reconnect",
             .summary = "drop the connection and sign in again now",
             .help = "Signs in again at once, without waiting for the next attempt; when "
                     "connected, drops the connection first. Conversations on open switchboards "
                     "go on meanwhile.",
             .run = [&s](const CommandArgs&, CommandSource) { s.connect(); }});
  table.add({.name = "disconnect",
             .summary = "sign out and stay offline",
             .help = "Signs out (OUT) and stays offline, with no attempt to sign in again, "
                     "until /connect. Windows and their scrollback stay; messages typed "
                     "meanwhile wait (offline_queue_timeout).",
             .run = [&s](const CommandArgs&, CommandSource) { s.disconnect(); }});
  table.add({.name = "status",
             .params = {Param::of(ParamKind::Status, "NAME").optional()},
             .summary = "show or set your status",
             .help = "Sets your presence (NAME below; a unique beginning is enough); without "
                     "NAME, says what it is. The status bar shows it in words.",
             .examples = {"/status away", "/status"},
             .run = [&s](const CommandArgs& a, CommandSource) { set_status(s, a); }});
  table.add({.name = "nick",
             .params = {Param::text("NAME", 387)},
             .flags = {.needs_session = true},
             .summary = "change your display name",
             .help = "Changes the name your contacts see (REA on MSNP2-9, PRP MFN on MSNP10+); "
                     "\"you are now known as NAME\" says the server took it.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               s.session()->set_nick(std::string(trim(a.get("NAME"))));
             }});
  table.add({.name = "psm",
             .params = {Param::text().optional()},
             .flags = {.needs_session = true},
             .summary = "set your personal message",
             .help = "Sets the personal message shown under your name (MSNP11 and later); "
                     "without TEXT, clears it. The status bar shows it after your name.",
             .run = [&s](const CommandArgs& a, CommandSource) { set_psm(s, a); }});
  table.add({.name = "help",
             .params = {help_topic(), Param::of(ParamKind::Command, "COMMAND").optional()},
             .summary = "list commands by topic or explain one",
             .help = "Without arguments lists the topics, each with its commands; with a "
                     "TOPIC lists its commands with their synopses, and all lists every "
                     "command; with a COMMAND shows its synopsis, then what it does, the words "
                     "its parameters take and examples. In the interface a long answer is "
                     "shown from its first line, the rest a PageDown away.",
             .examples = {"/help", "/help chat", "/help msg"},
             .run = [&table, &s](const CommandArgs& a, CommandSource) { show_help(table, s, a); },
             .topic = "config"});
  table.add({.name = "echo",
             .params = {Param::text()},
             .summary = "show a line of text",
             .help = "Shows TEXT as a notice: typed, in the current window; from the config "
                     "file, the command pipe or --remote, in the status window (a reminder at "
                     "start-up, a script's word to the user). Nothing is sent.",
             .examples = {"/echo remember: standup at 10"},
             .run = [&s](const CommandArgs& a, CommandSource) { s.notice(a.get("TEXT")); },
             .topic = "config"});
}

}  // namespace msntty
