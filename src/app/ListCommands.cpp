#include "app/ListCommands.hpp"

#include "app/AddressBook.hpp"
#include "model/IgnoreList.hpp"
#include "proto/NsSession.hpp"

namespace msntty {
namespace {

// Someone who added you and has no answer yet (Pending, or on the reverse list only).
bool awaits_answer(const Contact* c) {
  return c && ((c->lists & kPendingList) ||
               ((c->lists & kReverseList) && !(c->lists & (kAllowList | kBlockList))));
}

// What /contacts says of an entry beyond its status: the lists that decide what they may do.
std::string lists_in_words(unsigned lists) {
  std::string out;
  if (lists & kBlockList) out += ", blocked";
  if (lists & kAllowList) out += ", allowed";
  if (!(lists & kForwardList)) out += ", not on your contact list";
  if ((lists & kPendingList) || ((lists & kReverseList) && !(lists & (kAllowList | kBlockList))))
    out += ", awaits an answer (/pending)";
  return out;
}

// /block, /unblock, /allow, /accept: from one privacy list to the other. At MSNP13+ the
// sharing service's roles first, each followed by its RML/ADL (doc/protocol/ab-soap.md).
void move_between(CommandServices& s, const std::string& email, unsigned from, unsigned to) {
  NsSession* ns = s.session();
  const Contact* c = s.contacts().find(email);
  if (c && (c->lists & to))
    return s.report_error(email + " is already " + (to == kBlockList ? "blocked" : "allowed"));
  if (AddressBook* ab = s.address_book())
    return ab->move_between(email, from, to, c && (c->lists & from), awaits_answer(c));
  if (c && (c->lists & from)) ns->remove_from_list(from, email);
  ns->add_to_list(to, email);
  if (c && (c->lists & kPendingList) && ns->version() >= 10)
    ns->remove_from_list(kPendingList, email);
}

void register_privacy_lists(CommandTable& table, CommandServices& s) {
  struct Move {
    const char* name;
    unsigned from, to;
    const char* summary;
    const char* help;
  };
  for (const Move& m :
       {Move{"block", kAllowList, kBlockList, "block a contact",
             "Moves CONTACT to your block list: they see you offline and cannot message you."},
        Move{"unblock", kBlockList, kAllowList, "unblock a contact",
             "Moves CONTACT from your block list to your allow list."},
        Move{"allow", kBlockList, kAllowList, "allow someone to see you",
             "Puts CONTACT on your allow list (the answer to someone adding you)."}})
    table.add({.name = m.name,
               .params = {Param::of(ParamKind::Person, "CONTACT")},
               .flags = {.needs_session = true},
               .summary = m.summary,
               .help = m.help,
               .run = [&s, m](const CommandArgs& a, CommandSource) {
                 move_between(s, a.get("CONTACT"), m.from, m.to);
               }});
  table.add(
      {.name = "accept",
       .params = {Param::of(ParamKind::Person, "CONTACT")},
       .flags = {.needs_session = true},
       .summary = "allow someone who added you and add them back",
       .help = "The usual answer to \"X added you\": allow them and add them to your contacts.",
       .run = [&s](const CommandArgs& a, CommandSource) {
         const std::string& email = a.get("CONTACT");
         move_between(s, email, kBlockList, kAllowList);
         const Contact* c = s.contacts().find(email);
         if (c && (c->lists & kForwardList)) return;
         if (AddressBook* ab = s.address_book())
           ab->add_contact(email, "", kForwardList);
         else
           s.session()->add_contact(email, "");
       }});
  table.add(
      {.name = "privacy",
       .params = {Param::choice("VERB", {{"allow", {}},
                                         {"block", {}},
                                         {"prompt", {Param::word("ASK", {"on", "off"}).listed()}}})
                      .optional()},
       .flags = {.needs_session = true},
       .summary = "who may see you, and asking",
       .help = "\"allow\" lets people on neither list see you and message you (BLP AL); \"block\" "
               "lets only your allow list (BLP BL). \"prompt on\" asks when someone adds you (GTC "
               "A), \"prompt off\" does not. Without arguments shows the current settings.",
       .examples = {"/privacy block", "/privacy prompt off"},
       .run = [&s](const CommandArgs& a, CommandSource) {
         const std::string& verb = a.get("VERB");
         NsSession* ns = s.session();
         if (AddressBook* ab = s.address_book()) {  // the Me annotation, then BLP
           if (verb == "allow") return ab->set_privacy("AL");
           if (verb == "block") return ab->set_privacy("BL");
           if (verb == "prompt") return ab->set_prompt(a.get("ASK") == "on" ? "A" : "N");
         }
         if (verb == "allow") return ns->set_privacy("AL");
         if (verb == "block") return ns->set_privacy("BL");
         if (verb == "prompt") return ns->set_prompt(a.get("ASK") == "on" ? "A" : "N");
         ev::Privacy p = s.privacy();
         s.emit(p);
         s.notice(std::string("people on neither list are ") +
                  (p.block_others ? "blocked" : "allowed") + "; you are " +
                  (p.prompt ? "asked" : "not asked") + " when someone adds you");
       }});
}

void register_groups(CommandTable& table, CommandServices& s) {
  table.add(
      {.name = "group",
       .params = {Param::choice(
                      "VERB",
                      {{"add", {Param::text("NAME", 61)}},
                       {"rename", {Param::of(ParamKind::Group, "NAME"), Param::text("NEW", 61)}},
                       {"remove", {Param::of(ParamKind::Group, "NAME").to_end()}}})
                      .optional()},
       .summary = "manage groups",
       .help = "Creates, renames or deletes a group of your contact list. Without arguments lists "
               "them.",
       .examples = {"/group add Friends", "/group rename Friends Old friends"},
       .run = [&s](const CommandArgs& a, CommandSource) {
         const std::string& verb = a.get("VERB");
         if (verb.empty()) {
           for (const auto& g : s.contacts().groups()) s.notice("group " + g.name);
           return;
         }
         NsSession* ns = s.session();
         if (!ns) return s.report_error("/group: not signed in");
         if (AddressBook* ab = s.address_book()) {
           if (verb == "add") return ab->add_group(a.get("NAME"));
           if (verb == "remove") return ab->remove_group(a.get("NAME"));
           return ab->rename_group(a.get("NAME"), a.get("NEW"));
         }
         if (verb == "add")
           ns->add_group(a.get("NAME"));
         else if (verb == "remove")
           ns->remove_group(a.get("NAME"));
         else
           ns->rename_group(a.get("NAME"), a.get("NEW"));
       }});
  table.add({.name = "move",
             .params = {Param::of(ParamKind::Contact, "CONTACT"),
                        Param::of(ParamKind::Group, "GROUP").to_end()},
             .flags = {.needs_session = true},
             .summary = "move a contact to another group",
             .help = "Puts CONTACT in GROUP and takes them out of the groups they were in.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               NsSession* ns = s.session();
               if (ns->version() < 7) return s.report_error("groups need MSNP7 or later");
               Contact copy = *s.contacts().find(a.get("CONTACT"));
               const std::string& gid = a.get("GROUP");
               if (AddressBook* ab = s.address_book()) return ab->move(copy, gid);
               ns->add_to_group(copy, gid);
               for (const auto& old : copy.groups)
                 if (old != gid) ns->remove_from_group(copy, old);
             }});
}

}  // namespace

void register_list_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("lists");
  table.add(
      {.name = "add",
       .params = {Param::of(ParamKind::Email, "EMAIL"),
                  Param::of(ParamKind::Group, "GROUP").to_end().optional()},
       .flags = {.needs_session = true},
       .summary = "add a contact",
       .help = "Adds EMAIL to your contact list (and allows them to see you), optionally in GROUP.",
       .examples = {"/add bob@example.com Friends"},
       .run = [&s](const CommandArgs& a, CommandSource) {
         const std::string& email = a.get("EMAIL");
         const Contact* existing = s.contacts().find(email);
         bool allow = !existing || !(existing->lists & (kAllowList | kBlockList));
         if (AddressBook* ab = s.address_book())  // ABContactAdd, then ADL FL (+AL)
           return ab->add_contact(email, a.get("GROUP"), kForwardList | (allow ? kAllowList : 0u));
         s.session()->add_contact(email, a.get("GROUP"));
         if (allow) s.session()->add_to_list(kAllowList, email);
       }});
  table.add({.name = "remove",
             .params = {Param::of(ParamKind::Contact, "CONTACT")},
             .flags = {.needs_session = true},
             .summary = "remove a contact",
             .help = "Removes CONTACT from your contact list (they stay allowed or blocked).",
             .run = [&s](const CommandArgs& a, CommandSource) {
               const Contact* c = s.contacts().find(a.get("CONTACT"));
               if (!(c->lists & kForwardList))
                 return s.report_error(c->email + " is not on your contact list");
               if (AddressBook* ab = s.address_book()) return ab->remove_contact(*c);
               s.session()->remove_contact(*c);
             }});
  table.add(
      {.name = "pending",
       .summary = "list people who added you and await an answer",
       .help = "Lists contacts who have you on their list but are neither allowed nor blocked yet.",
       .run = [&s](const CommandArgs&, CommandSource) {
         int n = 0;
         for (const auto& c : s.contacts().contacts()) {
           if (!(c.lists & (kReverseList | kPendingList)) || (c.lists & (kAllowList | kBlockList)))
             continue;
           ++n;
           s.emit(ev::Pending{.contact = c.email, .nick = c.nick});
           s.notice("pending: " + c.email + " (" + c.nick + "): /accept, /allow or /block");
         }
         if (!n) s.notice("nobody is waiting for an answer");
       }});
  table.add({.name = "contacts",
             .summary = "list your contacts",
             .help = "Emits a contact event for every entry of your lists (and shows them, "
                     "each with its status and whether they are blocked or allowed).",
             .run = [&s](const CommandArgs&, CommandSource) {
               for (const auto& c : s.contacts().contacts()) {
                 s.emit(s.contact_event(c));
                 s.notice(c.email + " (" + c.nick + ") " + std::string(status_name(c.status)) +
                          lists_in_words(c.lists) +
                          (s.ignores().contains(c.email) ? " (ignored)" : ""));
               }
             }});
  register_privacy_lists(table, s);
  register_groups(table, s);
}

}  // namespace msntty
