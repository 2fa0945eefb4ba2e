// /save writes key bindings by comparing the table with its defaults. The bug this guards
// against: "/bind F5 /nudge", "/unbind F5", "/save" wrote the binding back, because /save
// replayed the /bind lines that had been typed.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "app/InterfaceCommands.hpp"
#include "app/UserConfig.hpp"
#include "ui/KeyBindings.hpp"

using namespace msntty;
using msntty::ui::KeyBindings;
using msntty::ui::KeyContext;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/msntty-save-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The table as the interface wires it: /bind and /unbind act on `keys`, /save asks /bind.
struct Wired {
  CommandTable table;
  Settings settings;
  KeyBindings keys;
  std::string errors;
  UserConfig config;

  explicit Wired(const std::string& file) : config(table, settings, file, {}, hooks()) {
    config.register_commands();
    declare_interface_commands(table);
    auto bind = [this](const CommandArgs& a, bool unbind) {
      KeyContext context = a.has("CONTEXT") ? KeyContext::Contacts : KeyContext::Input;
      if (unbind)
        keys.unbind(context, a.get("KEY"));
      else
        keys.bind(context, a.get("KEY"), a.get("COMMAND"));
    };
    table.set_handler(
        "bind", [bind](const CommandArgs& a, CommandSource) { bind(a, false); },
        [this] { return keys.changes(); });
    table.set_handler("unbind", [bind](const CommandArgs& a, CommandSource) { bind(a, true); });
  }
  UserConfig::Hooks hooks() {
    UserConfig::Hooks h;
    h.execute = [this](std::string_view line, CommandSource source) { run(line, source); };
    h.run_quietly = [](const CommandSpec& spec, const CommandArgs& args) {
      spec.run(args, CommandSource::Config);
      return std::string();
    };
    h.notice = [](const std::string&) {};
    h.report_error = [this](const std::string& text) { errors += text + "\n"; };
    return h;
  }
  void run(std::string_view line, CommandSource source = CommandSource::User) {
    auto [name, args] = split_first_word(line.substr(1));
    auto found = table.find(name);
    REQUIRE(found.spec);
    auto parsed = table.parse(*found.spec, args);
    REQUIRE(parsed.error == "");
    found.spec->run(parsed.args, source);
  }
};

}  // namespace

TEST_CASE("KeyBindings::changes lists what differs from the defaults", "[ui][keys][save]") {
  KeyBindings k;
  CHECK(k.changes().empty());
  k.bind(KeyContext::Input, "F5", "/nudge");
  CHECK(k.changes() == std::vector<std::string>{"/bind F5 /nudge"});
  k.unbind(KeyContext::Input, "F5");
  CHECK(k.changes().empty());
  k.unbind(KeyContext::Input, "C-t");
  k.bind(KeyContext::Contacts, "C-o", "/pane open");
  k.bind(KeyContext::Input, "C-l", "/win 1");
  CHECK(k.changes() == std::vector<std::string>{"/unbind C-t", "/bind C-l /win 1",
                                                "/bind -contacts C-o /pane open"});
  k.bind(KeyContext::Input, "C-t", "/input transpose");  // back to the default: nothing to save
  k.bind(KeyContext::Input, "C-l", "/redraw");
  CHECK(k.changes() == std::vector<std::string>{"/bind -contacts C-o /pane open"});
}

TEST_CASE("/bind F5 /nudge, /unbind F5, /save: the binding is not written back",
          "[ui][keys][save]") {
  TempDir dir;
  std::string file = dir.path + "/config";
  Wired w(file);
  w.run("/bind F5 /nudge");
  w.run("/unbind F5");
  w.run("/unbind C-t");  // a default removed is saved as such
  w.run("/save");
  CHECK(w.errors == "");
  std::string text = read_all(file);
  CHECK(text.find("F5") == std::string::npos);
  CHECK(text.find("/unbind C-t\n") != std::string::npos);

  // and the file reads back to the same table
  Wired again(file);
  std::string error;
  REQUIRE(again.config.load(error, false));
  CHECK(again.config.warnings().empty());
  CHECK(again.keys.changes() == std::vector<std::string>{"/unbind C-t"});
}

TEST_CASE("headless: interface lines of the config are skipped and saved as they were",
          "[app][save]") {
  TempDir dir;
  std::string file = dir.path + "/config";
  {
    std::ofstream out(file);
    out << "/bind F5 /nudge\n/pane hide\n/set history_lines 42\n";
  }
  ::chmod(file.c_str(), 0600);
  CommandTable table;
  Settings settings;
  UserConfig::Hooks h;
  h.run_quietly = [](const CommandSpec& spec, const CommandArgs& args) {
    spec.run(args, CommandSource::Config);
    return std::string();
  };
  h.notice = h.report_error = [](const std::string&) {};
  UserConfig config(table, settings, file, {}, h);
  config.register_commands();
  declare_interface_commands(table);  // no handlers: no interface
  std::string error;
  REQUIRE(config.load(error, false));
  CHECK(config.warnings().empty());
  CHECK(settings.get("history_lines") == "42");
  REQUIRE(config.save(error));
  std::string text = read_all(file);
  CHECK(text.find("/set history_lines 42\n") != std::string::npos);
  CHECK(text.find("/bind F5 /nudge\n") != std::string::npos);
  CHECK(text.find("/pane hide\n") != std::string::npos);
}
