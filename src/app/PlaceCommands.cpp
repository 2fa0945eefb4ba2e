#include "app/PlaceCommands.hpp"

#include "proto/NsSession.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

std::string describe(const ev::Place& p, size_t number) {
  std::string line = "  " + std::to_string(number) + ". " +
                     sanitize_for_terminal(p.name.empty() ? "(no name)" : p.name);
  if (!p.status.empty()) line += " (" + p.status + ")";
  line += " " + sanitize_for_terminal(p.guid);
  if (p.this_place) line += ", this place";
  return line;
}

// ID: the number /locations shows, the GUID (braces and case optional) or the place's name.
const ns::Place* find_place(const std::vector<ns::Place>& places, const std::string& id) {
  if (auto n = parse_u32(id); n && *n >= 1 && *n <= places.size()) return &places[*n - 1];
  std::string bare = id;
  if (bare.starts_with("{") && bare.ends_with("}")) bare = bare.substr(1, bare.size() - 2);
  for (const auto& p : places)
    if (equals_icase(p.guid, "{" + bare + "}") || p.name == id) return &p;
  return nullptr;
}

void list_places(CommandServices& s, const NsSession& ns) {
  const auto& places = ns.places();
  s.emit(places_event(places));
  if (ns.version() < 16)
    return s.notice("several places at once need MSNP16 or later (signed in with MSNP" +
                    std::to_string(ns.version()) +
                    "): another sign-in of this account signs this one out");
  if (places.empty()) return s.notice("the server has not listed this account's places yet");
  s.notice("this account is signed in at " + std::to_string(places.size()) +
           (places.size() == 1 ? " place:" : " places:"));
  ev::Places shown = places_event(places);
  for (size_t i = 0; i < shown.places.size(); ++i) s.notice(describe(shown.places[i], i + 1));
}

void sign_out(CommandServices& s, NsSession& ns, const std::string& id) {
  if (ns.version() < 16)
    return s.report_error("/locations signout: several places at once need MSNP16 or later");
  std::vector<const ns::Place*> targets;
  if (id == "others") {
    for (const auto& p : ns.places())
      if (!p.this_place) targets.push_back(&p);
    if (targets.empty()) return s.notice("this account is signed in at no other place");
  } else {
    const ns::Place* p = find_place(ns.places(), id);
    if (!p) return s.report_error("/locations signout: no place " + id + " (see /locations)");
    if (p->this_place)
      return s.report_error("/locations signout: " + id + " is this place (use /quit)");
    targets.push_back(p);
  }
  for (const ns::Place* p : targets) {
    const std::string& name = p->name.empty() ? p->guid : p->name;
    if (ns.sign_out_place(p->guid))
      s.notice("asked " + sanitize_for_terminal(name) + " to sign out");
  }
}

}  // namespace

ev::Places places_event(const std::vector<ns::Place>& places) {
  ev::Places e;
  for (const auto& p : places) {
    auto st = status_from_code(p.state);
    e.places.push_back({.guid = p.guid,
                        .name = p.name,
                        .status = st ? std::string(status_name(*st)) : "",
                        .this_place = p.this_place});
  }
  return e;
}

void register_place_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("session");
  table.add({.name = "locations",
             .params = {Param::choice("VERB", {{"signout", {Param::word("ID")}}}).optional()},
             .flags = {.needs_session = true},
             .summary = "this account's places (MSNP16+)",
             .help = "Lists the places (machines, clients) where this account is signed in, "
                     "numbered, this one marked; also as a `places` event. \"signout ID\" asks the "
                     "place with that number, GUID or name to sign out; \"signout others\" asks "
                     "every place but this one. Needs MSNP16 or later: below it, another sign-in "
                     "signs this one out.",
             .examples = {"/locations", "/locations signout 2", "/locations signout others"},
             .run = [&s](const CommandArgs& a, CommandSource) {
               NsSession* ns = s.session();
               if (a.get("VERB") == "signout") return sign_out(s, *ns, a.get("ID"));
               list_places(s, *ns);
             }});
}

}  // namespace msntty
