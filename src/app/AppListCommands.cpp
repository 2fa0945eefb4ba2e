// App: commands that manage the contact list, groups and privacy (doc/protocol/ns-lists.md).
#include "app/App.hpp"

#include "util/Strings.hpp"

namespace msntty {

const Contact* App::contact_or_error(std::string_view who, std::string_view command) {
  if (trim(who).empty()) {
    report_error("/" + std::string(command) + " needs a contact");
    return nullptr;
  }
  auto match = m_contacts.resolve(trim(who));
  if (!match.contact) report_error(match.error);
  return match.contact;
}

const Group* App::group_or_error(std::string_view name) {
  for (const auto& g : m_contacts.groups())
    if (equals_icase(g.name, name) || g.id == name) return &g;
  report_error("no group named \"" + std::string(name) + "\" (see /group)");
  return nullptr;
}

void App::register_list_commands() {
  auto signed_in = [this]() -> NsSession* {
    NsSession* s = session();
    if (!s) report_error("not signed in");
    return s;
  };
  auto done = [this] { if (m_ns) m_ns->flush(); };

  m_commands.add(
      {"add", "/add EMAIL [GROUP]", "add a contact",
       "Adds EMAIL to your contact list (and allows them to see you), optionally in GROUP.", true,
       [=, this](std::string_view args, CommandSource) {
         auto [email, group] = split_first_word(args);
         if (email.find('@') == std::string_view::npos) return report_error("/add needs an e-mail address");
         NsSession* s = signed_in();
         if (!s) return;
         std::string gid;
         if (!group.empty()) {
           const Group* g = group_or_error(group);
           if (!g) return;
           gid = g->id;
         }
         s->add_contact(std::string(email), gid);
         const Contact* existing = m_contacts.find(email);
         if (!existing || !(existing->lists & (kAllowList | kBlockList)))
           s->add_to_list(kAllowList, std::string(email));
         done();
       }});
  m_commands.add({"remove", "/remove CONTACT", "remove a contact",
                  "Removes CONTACT from your contact list (they stay allowed or blocked).", true,
                  [=, this](std::string_view args, CommandSource) {
                    const Contact* c = contact_or_error(args, "remove");
                    NsSession* s = c ? signed_in() : nullptr;
                    if (!s) return;
                    if (!(c->lists & kForwardList)) return report_error(c->email + " is not on your contact list");
                    s->remove_contact(*c);
                    done();
                  }});
  auto move_between = [=, this](std::string_view args, std::string_view command, unsigned from,
                                unsigned to) {
    std::string email(trim(args));
    if (const Contact* c = m_contacts.resolve(email).contact) email = c->email;
    if (email.find('@') == std::string::npos) return report_error("/" + std::string(command) + " needs a contact");
    NsSession* s = signed_in();
    if (!s) return;
    const Contact* c = m_contacts.find(email);
    if (c && (c->lists & to)) return report_error(email + " is already " + (to == kBlockList ? "blocked" : "allowed"));
    if (c && (c->lists & from)) s->remove_from_list(from, email);
    s->add_to_list(to, email);
    if (c && (c->lists & kPendingList) && s->version() >= 10) s->remove_from_list(kPendingList, email);
    done();
  };
  m_commands.add({"block", "/block CONTACT", "block a contact",
                  "Moves CONTACT to your block list: they see you offline and cannot message you.",
                  true, [=](std::string_view a, CommandSource) { move_between(a, "block", kAllowList, kBlockList); }});
  m_commands.add({"unblock", "/unblock CONTACT", "unblock a contact",
                  "Moves CONTACT from your block list to your allow list.", true,
                  [=](std::string_view a, CommandSource) { move_between(a, "unblock", kBlockList, kAllowList); }});
  m_commands.add({"allow", "/allow CONTACT", "allow someone to see you",
                  "Puts CONTACT on your allow list (the answer to someone adding you).", true,
                  [=](std::string_view a, CommandSource) { move_between(a, "allow", kBlockList, kAllowList); }});
  m_commands.add({"accept", "/accept CONTACT", "allow someone who added you and add them back",
                  "The usual answer to \"X added you\": allow them and add them to your contacts.",
                  true, [=, this](std::string_view a, CommandSource) {
                    move_between(a, "accept", kBlockList, kAllowList);
                    NsSession* s = session();
                    std::string email(trim(a));
                    if (const Contact* c = m_contacts.resolve(email).contact) email = c->email;
                    const Contact* c = m_contacts.find(email);
                    if (s && (!c || !(c->lists & kForwardList))) s->add_contact(email, "");
                    done();
                  }});
  m_commands.add(
      {"pending", "/pending", "list people who added you and await an answer",
       "Lists contacts who have you on their list but are neither allowed nor blocked yet.", true,
       [this](std::string_view, CommandSource) {
         int n = 0;
         for (const auto& c : m_contacts.contacts()) {
           if (!(c.lists & (kReverseList | kPendingList)) || (c.lists & (kAllowList | kBlockList))) continue;
           ++n;
           JsonObject e = EventSink::make("pending");
           e.add("contact", c.email);
           e.add("nick", c.nick);
           m_events.emit(e);
           notice("pending: " + c.email + " (" + c.nick + "): /accept, /allow or /block");
         }
         if (!n) notice("nobody is waiting for an answer");
       }});
  m_commands.add(
      {"group", "/group add NAME | rename NAME NEW | remove NAME", "manage groups",
       "Creates, renames or deletes a group of your contact list. Without arguments lists them.",
       true, [=, this](std::string_view args, CommandSource) {
         auto [verb, rest] = split_first_word(args);
         if (verb.empty()) {
           for (const auto& g : m_contacts.groups()) notice("group " + g.name);
           return;
         }
         NsSession* s = signed_in();
         if (!s) return;
         if (verb == "add") {
           if (rest.empty()) return report_error("/group add needs a name");
           if (rest.size() > 61) return report_error("group names are limited to 61 bytes");
           s->add_group(std::string(rest));
         } else if (verb == "remove") {
           const Group* g = group_or_error(rest);
           if (!g) return;
           s->remove_group(g->id);
         } else if (verb == "rename") {
           auto [old_name, new_name] = split_first_word(rest);
           const Group* g = group_or_error(old_name);
           if (!g) return;
           if (new_name.empty()) return report_error("/group rename needs a new name");
           s->rename_group(g->id, std::string(new_name));
         } else {
           return report_error("/group takes add, rename or remove");
         }
         done();
       }});
  m_commands.add({"move", "/move CONTACT GROUP", "move a contact to another group",
                  "Puts CONTACT in GROUP and takes them out of the groups they were in.", true,
                  [=, this](std::string_view args, CommandSource) {
                    auto [who, group] = split_first_word(args);
                    const Contact* c = contact_or_error(who, "move");
                    const Group* g = c ? group_or_error(group) : nullptr;
                    NsSession* s = g ? signed_in() : nullptr;
                    if (!s) return;
                    if (s->version() < 7) return report_error("groups need MSNP7 or later");
                    Contact copy = *c;
                    s->add_to_group(copy, g->id);
                    for (const auto& old : copy.groups)
                      if (old != g->id) s->remove_from_group(copy, old);
                    done();
                  }});
  m_commands.add(
      {"privacy", "/privacy [allow|block] [prompt on|off]", "who may see you, and asking",
       "\"allow\" lets people on neither list see you and message you (BLP AL); \"block\" lets only "
       "your allow list (BLP BL). \"prompt on\" asks when someone adds you (GTC A), \"prompt "
       "off\" does not. Without arguments shows the current settings.",
       true, [=, this](std::string_view args, CommandSource) {
         auto [verb, rest] = split_first_word(args);
         NsSession* s = signed_in();
         if (!s) return;
         if (verb.empty()) {
           JsonObject e = EventSink::make("privacy");
           e.add("others", m_privacy_blp == "BL" ? "block" : "allow");
           e.add("prompt", m_privacy_gtc == "N" ? "off" : "on");
           m_events.emit(e);
           notice(std::string("people on neither list are ") +
                  (m_privacy_blp == "BL" ? "blocked" : "allowed") + "; you are " +
                  (m_privacy_gtc == "N" ? "not asked" : "asked") + " when someone adds you");
           return;
         }
         if (verb == "allow") s->set_privacy("AL");
         else if (verb == "block") s->set_privacy("BL");
         else if (verb == "prompt" && trim(rest) == "on") s->set_prompt("A");
         else if (verb == "prompt" && trim(rest) == "off") s->set_prompt("N");
         else return report_error("/privacy takes allow, block, prompt on or prompt off");
         done();
       }});
  m_commands.add({"contacts", "/contacts", "list your contacts",
                  "Emits a contact event for every entry of your lists (and shows them).", true,
                  [this](std::string_view, CommandSource) {
                    for (const auto& c : m_contacts.contacts()) {
                      emit_contact(c);
                      notice(c.email + " (" + c.nick + ") " + std::string(status_name(c.status)));
                    }
                  }});
}

}  // namespace msntty
