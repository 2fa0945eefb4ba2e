// App: commands that manage the contact list, groups and privacy (doc/protocol/ns-lists.md).
#include "app/App.hpp"

#include "util/Email.hpp"
#include "util/Strings.hpp"

namespace msntty {

void App::install_resolvers() {
  m_commands.set_resolver(ParamKind::Contact, [this](std::string_view who, std::string& error) {
    auto match = m_contacts.resolve(who);
    if (!match.contact) error = match.error;
    return match.contact ? match.contact->email : std::string();
  });
  // Someone not on the list is fine when given by address: /msg, /block a stranger.
  m_commands.set_resolver(ParamKind::Person, [this](std::string_view who, std::string& error) {
    auto match = m_contacts.resolve(who);
    if (match.contact) return match.contact->email;
    if (who.find('@') == std::string_view::npos) error = match.error;
    else if (!is_valid_email(who)) error = "\"" + std::string(who) + "\" is not a valid e-mail address";
    return std::string(who);
  });
  m_commands.set_resolver(ParamKind::Group, [this](std::string_view name, std::string& error) {
    for (const auto& g : m_contacts.groups())
      if (equals_icase(g.name, name) || g.id == name) return g.id;
    error = "no group named \"" + std::string(name) + "\" (see /group)";
    return std::string();
  });
}

// /block, /unblock, /allow, /accept: from one privacy list to the other.
void App::move_between(const std::string& email, unsigned from, unsigned to) {
  NsSession* s = session();
  const Contact* c = m_contacts.find(email);
  if (c && (c->lists & to)) return report_error(email + " is already " + (to == kBlockList ? "blocked" : "allowed"));
  if (c && (c->lists & from)) s->remove_from_list(from, email);
  s->add_to_list(to, email);
  if (c && (c->lists & kPendingList) && s->version() >= 10) s->remove_from_list(kPendingList, email);
}

void App::register_list_commands() {
  m_commands.add(
      {.name = "add",
       .params = {Param::of(ParamKind::Email, "EMAIL"), Param::of(ParamKind::Group, "GROUP").to_end().optional()},
       .flags = {.needs_session = true},
       .summary = "add a contact",
       .help = "Adds EMAIL to your contact list (and allows them to see you), optionally in GROUP.",
       .examples = {"/add bob@example.com Friends"},
       .run = [this](const CommandArgs& a, CommandSource) {
         const std::string& email = a.get("EMAIL");
         session()->add_contact(email, a.get("GROUP"));
         const Contact* existing = m_contacts.find(email);
         if (!existing || !(existing->lists & (kAllowList | kBlockList))) session()->add_to_list(kAllowList, email);
       }});
  m_commands.add({.name = "remove",
                  .params = {Param::of(ParamKind::Contact, "CONTACT")},
                  .flags = {.needs_session = true},
                  .summary = "remove a contact",
                  .help = "Removes CONTACT from your contact list (they stay allowed or blocked).",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    const Contact* c = m_contacts.find(a.get("CONTACT"));
                    if (!(c->lists & kForwardList)) return report_error(c->email + " is not on your contact list");
                    session()->remove_contact(*c);
                  }});
  struct Move {
    const char* name;
    unsigned from, to;
    const char* summary;
    const char* help;
  };
  for (const Move& m : {Move{"block", kAllowList, kBlockList, "block a contact",
                             "Moves CONTACT to your block list: they see you offline and cannot message you."},
                        Move{"unblock", kBlockList, kAllowList, "unblock a contact",
                             "Moves CONTACT from your block list to your allow list."},
                        Move{"allow", kBlockList, kAllowList, "allow someone to see you",
                             "Puts CONTACT on your allow list (the answer to someone adding you)."}})
    m_commands.add({.name = m.name,
                    .params = {Param::of(ParamKind::Person, "CONTACT")},
                    .flags = {.needs_session = true},
                    .summary = m.summary,
                    .help = m.help,
                    .run = [this, m](const CommandArgs& a, CommandSource) { move_between(a.get("CONTACT"), m.from, m.to); }});
  m_commands.add({.name = "accept",
                  .params = {Param::of(ParamKind::Person, "CONTACT")},
                  .flags = {.needs_session = true},
                  .summary = "allow someone who added you and add them back",
                  .help = "The usual answer to \"X added you\": allow them and add them to your contacts.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    const std::string& email = a.get("CONTACT");
                    move_between(email, kBlockList, kAllowList);
                    const Contact* c = m_contacts.find(email);
                    if (!c || !(c->lists & kForwardList)) session()->add_contact(email, "");
                  }});
  m_commands.add(
      {.name = "pending",
       .summary = "list people who added you and await an answer",
       .help = "Lists contacts who have you on their list but are neither allowed nor blocked yet.",
       .run = [this](const CommandArgs&, CommandSource) {
         int n = 0;
         for (const auto& c : m_contacts.contacts()) {
           if (!(c.lists & (kReverseList | kPendingList)) || (c.lists & (kAllowList | kBlockList))) continue;
           ++n;
           m_events.emit(ev::Pending{.contact = c.email, .nick = c.nick});
           notice("pending: " + c.email + " (" + c.nick + "): /accept, /allow or /block");
         }
         if (!n) notice("nobody is waiting for an answer");
       }});
  register_group_commands();
}

void App::register_group_commands() {
  m_commands.add(
      {.name = "group",
       .params = {Param::choice("VERB", {{"add", {Param::text("NAME", 61)}},
                                         {"rename", {Param::of(ParamKind::Group, "NAME"), Param::text("NEW", 61)}},
                                         {"remove", {Param::of(ParamKind::Group, "NAME").to_end()}}})
                      .optional()},
       .summary = "manage groups",
       .help = "Creates, renames or deletes a group of your contact list. Without arguments lists them.",
       .examples = {"/group add Friends", "/group rename Friends Old friends"},
       .run = [this](const CommandArgs& a, CommandSource) {
         const std::string& verb = a.get("VERB");
         if (verb.empty()) {
           for (const auto& g : m_contacts.groups()) notice("group " + g.name);
           return;
         }
         NsSession* s = session();
         if (!s) return report_error("not signed in");
         if (verb == "add") s->add_group(a.get("NAME"));
         else if (verb == "remove") s->remove_group(a.get("NAME"));
         else s->rename_group(a.get("NAME"), a.get("NEW"));
       }});
  m_commands.add({.name = "move",
                  .params = {Param::of(ParamKind::Contact, "CONTACT"), Param::of(ParamKind::Group, "GROUP").to_end()},
                  .flags = {.needs_session = true},
                  .summary = "move a contact to another group",
                  .help = "Puts CONTACT in GROUP and takes them out of the groups they were in.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    NsSession* s = session();
                    if (s->version() < 7) return report_error("groups need MSNP7 or later");
                    Contact copy = *m_contacts.find(a.get("CONTACT"));
                    const std::string& gid = a.get("GROUP");
                    s->add_to_group(copy, gid);
                    for (const auto& old : copy.groups)
                      if (old != gid) s->remove_from_group(copy, old);
                  }});
  m_commands.add(
      {.name = "privacy",
       .params = {Param::choice("VERB", {{"allow", {}}, {"block", {}}, {"prompt", {Param::word("ASK", {"on", "off"}).listed()}}})
                      .optional()},
       .flags = {.needs_session = true},
       .summary = "who may see you, and asking",
       .help = "\"allow\" lets people on neither list see you and message you (BLP AL); \"block\" "
               "lets only your allow list (BLP BL). \"prompt on\" asks when someone adds you (GTC "
               "A), \"prompt off\" does not. Without arguments shows the current settings.",
       .examples = {"/privacy block", "/privacy prompt off"},
       .run = [this](const CommandArgs& a, CommandSource) {
         const std::string& verb = a.get("VERB");
         NsSession* s = session();
         if (verb.empty()) return show_privacy();
         if (verb == "allow") s->set_privacy("AL");
         else if (verb == "block") s->set_privacy("BL");
         else s->set_prompt(a.get("ASK") == "on" ? "A" : "N");
       }});
  m_commands.add({.name = "contacts",
                  .summary = "list your contacts",
                  .help = "Emits a contact event for every entry of your lists (and shows them).",
                  .run = [this](const CommandArgs&, CommandSource) {
                    for (const auto& c : m_contacts.contacts()) {
                      m_events.emit(m_sync.contact_event(c));
                      notice(c.email + " (" + c.nick + ") " + std::string(status_name(c.status)));
                    }
                  }});
}

void App::show_privacy() {
  ev::Privacy p = m_sync.privacy();
  m_events.emit(p);
  notice(std::string("people on neither list are ") + (p.block_others ? "blocked" : "allowed") +
         "; you are " + (p.prompt ? "asked" : "not asked") + " when someone adds you");
}

}  // namespace msntty
