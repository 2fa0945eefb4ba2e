// CommandTable: parameters declared once; parsing, validation and its messages, synopses.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/CommandTable.hpp"
#include "app/InterfaceCommands.hpp"

using namespace msntty;

namespace {

CommandTable sample() {
  CommandTable t;
  t.add({.name = "msg",
         .params = {Param::of(ParamKind::Person, "CONTACT"), Param::text().optional()}});
  t.add({.name = "status", .params = {Param::of(ParamKind::Status, "NAME")}});
  t.add({.name = "history", .params = {Param::number("N", 1, 10000).optional()}});
  t.add({.name = "set",
         .params = {Param::of(ParamKind::Setting, "NAME").optional(),
                    Param::text("VALUE").optional()}});
  t.add({.name = "nudge"});
  t.add({.name = "nick", .params = {Param::text("NAME", 5)}});
  t.add({.name = "help", .params = {Param::of(ParamKind::Command, "COMMAND").optional()}});
  t.add({.name = "group",
         .params = {
             Param::choice("VERB",
                           {{"add", {Param::text("NAME")}},
                            {"rename", {Param::of(ParamKind::Group, "NAME"), Param::text("NEW")}},
                            {"remove", {Param::of(ParamKind::Group, "NAME").to_end()}}})
                 .optional()}});
  t.set_resolver(ParamKind::Person, [](std::string_view who, std::string& error) {
    if (who == "bob") return std::string("bob@example.com");
    if (who.find('@') == std::string_view::npos)
      error = "no contact matches \"" + std::string(who) + "\"";
    return std::string(who);
  });
  t.set_resolver(ParamKind::Group, [](std::string_view name, std::string& error) {
    if (name == "Best Pals" || name == "Pals") return std::string("7");
    error = "no group named \"" + std::string(name) + "\"";
    return std::string();
  });
  return t;
}

CommandTable::Parsed parse(const CommandTable& t, std::string_view name, std::string_view args) {
  return t.parse(*t.find(name).spec, args);
}

}  // namespace

TEST_CASE("command table: synopses are made from the parameters", "[commands]") {
  CommandTable t = sample();
  CHECK(t.find("msg").spec->synopsis() == "/msg CONTACT [TEXT]");
  CHECK(t.find("set").spec->synopsis() == "/set [NAME [VALUE]]");
  CHECK(t.find("nudge").spec->synopsis() == "/nudge");
  CHECK(t.find("group").spec->synopsis() == "/group [add NAME | rename NAME NEW | remove NAME]");
  CommandTable ui;
  declare_interface_commands(ui);
  CHECK(ui.find("bind").spec->synopsis() == "/bind [-contacts] [KEY [COMMAND]]");
  CHECK(ui.find("unbind").spec->synopsis() == "/unbind [-contacts] KEY");
  CHECK(ui.find("win").spec->synopsis() == "/win [N|next|prev|active|status]");
  CHECK(ui.find("scroll").spec->synopsis() ==
        "/scroll page-up | page-down | up [N] | down [N] | top | bottom");
  CHECK(ui.find("input").spec->synopsis() == "/input ACTION");
}

TEST_CASE("command table: arguments arrive parsed and resolved", "[commands]") {
  CommandTable t = sample();
  auto p = parse(t, "msg", "bob   hello  there ");
  REQUIRE(p.ok());
  CHECK(p.args.get("CONTACT") == "bob@example.com");
  CHECK(p.args.get("TEXT") == "hello  there");  // free text as typed, inside
  p = parse(t, "msg", "carol@example.com");
  REQUIRE(p.ok());
  CHECK(p.args.get("CONTACT") == "carol@example.com");
  CHECK_FALSE(p.args.has("TEXT"));
  p = parse(t, "status", "bu");  // a unique prefix, made whole
  REQUIRE(p.ok());
  CHECK(p.args.get("NAME") == "busy");
  p = parse(t, "history", "");
  REQUIRE(p.ok());
  CHECK(p.args.number("N", 20) == 20);
  p = parse(t, "history", "42");
  CHECK(p.args.number("N") == 42);
  p = parse(t, "help", "/ms");
  CHECK(p.args.get("COMMAND") == "msg");
  p = parse(t, "group", "rename Pals Best Pals");
  REQUIRE(p.ok());
  CHECK(p.args.get("VERB") == "rename");
  CHECK(p.args.get("NAME") == "7");
  CHECK(p.args.get("NEW") == "Best Pals");
  p = parse(t, "group", "remove Best Pals");  // the rest of the line is the name
  REQUIRE(p.ok());
  CHECK(p.args.get("NAME") == "7");
  p = parse(t, "group", "");
  REQUIRE(p.ok());
  CHECK(p.args.empty());
}

TEST_CASE("command table: errors name the command and show its synopsis", "[commands]") {
  CommandTable t = sample();
  auto p = parse(t, "msg", "");
  CHECK(p.error == "/msg needs CONTACT (usage: /msg CONTACT [TEXT])");
  p = parse(t, "msg", "nobody hi");
  CHECK(p.error == "/msg: no contact matches \"nobody\" (usage: /msg CONTACT [TEXT])");
  p = parse(t, "status", "sideways");
  CHECK(p.error ==
        "/status takes online, busy, idle, brb, away, phone, lunch or invisible, not \"sideways\" "
        "(usage: /status NAME)");
  CHECK_FALSE(parse(t, "status", "offline").ok());
  CHECK_FALSE(parse(t, "status", "online now").ok());
  p = parse(t, "history", "0");
  CHECK(p.error == "/history: N is a number from 1 to 10000, not \"0\" (usage: /history [N])");
  CHECK_FALSE(parse(t, "history", "ten").ok());
  p = parse(t, "nudge", "now");
  CHECK(p.error == "/nudge takes no arguments (usage: /nudge)");
  p = parse(t, "nick", "toolong");
  CHECK(p.error == "/nick: NAME is too long (5 bytes at most) (usage: /nick NAME)");
  p = parse(t, "set", "no_such_setting 1");
  CHECK(p.error == "/set: unknown setting \"no_such_setting\" (usage: /set [NAME [VALUE]])");
  p = parse(t, "group", "sideways");
  CHECK(p.error ==
        "/group takes add, rename or remove, not \"sideways\" "
        "(usage: /group [add NAME | rename NAME NEW | remove NAME])");
  p = parse(t, "group", "rename Nonexistent X");
  CHECK(p.error.starts_with("/group: no group named \"Nonexistent\""));
  p = parse(t, "group", "rename Pals");
  CHECK(p.error.starts_with("/group needs NEW"));
  CHECK(parse(t, "help", "nosuch").error.starts_with("unknown command /nosuch"));
}

TEST_CASE("command table: an optional flag word is taken only when it is one", "[commands]") {
  CommandTable t;
  declare_interface_commands(t);
  auto p = parse(t, "bind", "-contacts C-o /pane open");
  REQUIRE(p.ok());
  CHECK(p.args.has("CONTEXT"));
  CHECK(p.args.get("KEY") == "C-o");
  CHECK(p.args.get("COMMAND") == "/pane open");
  p = parse(t, "bind", "F5 /win 1");
  REQUIRE(p.ok());
  CHECK_FALSE(p.args.has("CONTEXT"));
  CHECK(p.args.get("KEY") == "F5");
  p = parse(t, "win", "3");
  CHECK(p.args.get("N") == "3");
  p = parse(t, "win", "act");
  CHECK(p.args.get("N") == "active");
  p = parse(t, "scroll", "up 5");
  REQUIRE(p.ok());
  CHECK(p.args.get("WHERE") == "up");
  CHECK(p.args.number("N", 1) == 5);
  CHECK(parse(t, "scroll", "top 5").error.starts_with("/scroll: unexpected \"5\""));
  CHECK(parse(t, "pane", "sideways").error.starts_with("/pane takes focus, unfocus, toggle"));
  CHECK(parse(t, "input", "").error.starts_with("/input needs ACTION"));
}

TEST_CASE("command table: interface commands are declared for every run, run by the interface",
          "[commands]") {
  CommandTable t;
  declare_interface_commands(t);
  for (const auto& spec : t.all()) {
    INFO(spec.name);
    CHECK(spec.flags.interface_only);
    CHECK_FALSE(spec.run);
    CHECK_FALSE(spec.summary.empty());
    CHECK_FALSE(spec.help.empty());
  }
  bool ran = false;
  CHECK(t.set_handler("redraw", [&](const CommandArgs&, CommandSource) { ran = true; }));
  CHECK_FALSE(t.set_handler("nosuch", {}));
  t.find("redraw").spec->run(CommandArgs(), CommandSource::User);
  CHECK(ran);
  CHECK(t.find("bind").spec->flags.persisted);
  CHECK(t.find("bind").spec->flags.scriptable);
  CHECK_FALSE(t.find("win").spec->flags.scriptable);
}
