// Docs move with code: the man page's SETTINGS and KEY BINDINGS sections against the tables the
// code runs on (Settings::specs(), KeyBindings::defaults()), both ways. Reads man/msntty.1
// relative to the working directory, which is the repository root under tests/run.py.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/Settings.hpp"
#include "ui/KeyBindings.hpp"

using namespace msntty;

namespace {

const char* const kManPage = "man/msntty.1";

std::vector<std::string> man_lines() {
  std::ifstream in(kManPage);
  INFO("cannot read " << kManPage << " (run the unit tests from the repository root)");
  REQUIRE(in.good());
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines of one .Sh section, without the .Sh line itself.
std::vector<std::string> section(const std::string& name) {
  std::vector<std::string> out;
  bool inside = false;
  for (const auto& line : man_lines()) {
    if (line.rfind(".Sh ", 0) == 0) {
      inside = line == ".Sh " + name;
      continue;
    }
    if (inside) out.push_back(line);
  }
  INFO("man page section " << name);
  REQUIRE(!out.empty());
  return out;
}

std::vector<std::string> split(const std::string& text, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + sep.size())
    out.push_back(text.substr(start, at - start));
  out.push_back(text.substr(start));
  return out;
}

std::string strip_macro(std::string word, const char* macro) {
  std::string prefix = std::string(macro) + " ";
  if (word.rfind(prefix, 0) == 0) word.erase(0, prefix.size());
  return word;
}

// "M-1 No ... M-9": the keys from M-1 to M-9 along one row of the keyboard.
std::vector<std::string> key_range(const std::string& first, const std::string& last) {
  static const char* const rows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  std::string prefix = first.substr(0, first.size() - 1);
  REQUIRE(last.substr(0, last.size() - 1) == prefix);
  for (std::string row : rows) {
    size_t a = row.find(first.back()), b = row.find(last.back());
    if (a == std::string::npos || b == std::string::npos || a > b) continue;
    std::vector<std::string> out;
    for (size_t i = a; i <= b; ++i) out.push_back(prefix + row[i]);
    return out;
  }
  FAIL("key range " << first << " ... " << last << " is not along one keyboard row");
  return {};
}

// "/win 1 No ... Ic /win 10": the commands with the numbers from 1 to 10.
std::vector<std::string> command_range(const std::string& first, const std::string& last) {
  size_t space = first.rfind(' ');
  REQUIRE(space != std::string::npos);
  std::string prefix = first.substr(0, space + 1);
  REQUIRE(last.rfind(prefix, 0) == 0);
  std::vector<std::string> out;
  for (int i = std::stoi(first.substr(space + 1)); i <= std::stoi(last.substr(prefix.size())); ++i)
    out.push_back(prefix + std::to_string(i));
  return out;
}

// One side of a table row: "A , B" lists, "X No ... Y" ranges.
std::vector<std::string> cell_items(const std::string& cell, bool commands) {
  std::vector<std::string> out;
  for (auto item : split(cell, " , ")) {
    item = strip_macro(item, "Ic");
    auto range = split(item, " No ... ");
    if (range.size() == 2) {
      auto more = commands ? command_range(range[0], strip_macro(range[1], "Ic"))
                           : key_range(range[0], range[1]);
      out.insert(out.end(), more.begin(), more.end());
    } else if (commands && !item.empty() && item[0] != '/' && !out.empty()) {
      out.push_back(out.back().substr(0, out.back().find(' ') + 1) + item);  // "/input a , b"
    } else {
      out.push_back(item);
    }
  }
  return out;
}

using Binding = std::pair<std::string, std::string>;  // "context key", command

// Every (key, command) of the KEY BINDINGS tables: the first one is the input line's, the
// second the contact pane's.
std::set<Binding> documented_bindings() {
  std::set<Binding> out;
  int table = -1;
  for (const auto& line : section("KEY BINDINGS")) {
    if (line.rfind(".Bl -column", 0) == 0) ++table;
    if (line.rfind(".It ", 0) != 0 || line.find(" Sy ") != std::string::npos) continue;
    auto cells = split(line.substr(4), " Ta ");
    INFO("KEY BINDINGS row: " << line);
    REQUIRE(cells.size() == 2);
    REQUIRE((table == 0 || table == 1));
    auto keys = cell_items(cells[0], false);
    auto commands = cell_items(cells[1], true);
    REQUIRE((commands.size() == 1 || commands.size() == keys.size()));
    std::string context = table == 0 ? "input " : "contacts ";
    for (size_t i = 0; i < keys.size(); ++i)
      out.insert({context + keys[i], commands[commands.size() == 1 ? 0 : i]});
  }
  return out;
}

std::string describe(const std::set<Binding>& bindings) {
  std::ostringstream out;
  for (const auto& [key, command] : bindings) out << "\n  " << key << " -> " << command;
  return out.str();
}

}  // namespace

TEST_CASE("man page: every setting is in SETTINGS with its default, and no other", "[docs]") {
  std::map<std::string, std::string> documented;  // name -> the default in brackets
  for (const auto& line : section("SETTINGS")) {
    if (line.rfind(".It Ic ", 0) != 0) continue;
    auto words = split(line.substr(7), " Bq ");
    INFO("SETTINGS entry without a default in brackets: " << line);
    REQUIRE(words.size() == 2);
    documented[words[0]] = words[1];
  }
  std::set<std::string> names;
  for (const auto& spec : Settings::specs()) {
    std::string name(spec.name), value(spec.default_value);
    names.insert(name);
    INFO("setting " << name << ", default \"" << value << "\"");
    REQUIRE(documented.count(name) == 1);
    const std::string& shown = documented[name];
    auto ends = split(shown, ",...,");  // "MSNP12,...,MSNP2": a list shown by its ends
    if (value.empty()) {
      CHECK(shown == "none");
    } else if (ends.size() == 2) {
      CHECK(value.rfind(ends[0] + ",", 0) == 0);
      CHECK(value.size() > ends[1].size());
      CHECK(value.substr(value.size() - ends[1].size() - 1) == "," + ends[1]);
    } else {
      CHECK(shown == value);
    }
  }
  for (const auto& [name, shown] : documented) {
    INFO("SETTINGS documents " << name << ", which Settings::specs() does not have");
    CHECK(names.count(name) == 1);
  }
}

TEST_CASE("man page: KEY BINDINGS is exactly the default key table", "[docs]") {
  std::set<Binding> code;
  for (const auto& b : ui::KeyBindings::defaults())
    code.insert({std::string(ui::key_context_name(b.context)) + " " + std::string(b.key),
                 std::string(b.command)});
  std::set<Binding> man = documented_bindings();
  std::set<Binding> undocumented, extra;
  for (const auto& b : code)
    if (!man.count(b)) undocumented.insert(b);
  for (const auto& b : man)
    if (!code.count(b)) extra.insert(b);
  INFO("default bindings missing from KEY BINDINGS:" << describe(undocumented));
  INFO("KEY BINDINGS rows the defaults do not have:" << describe(extra));
  CHECK(undocumented.empty());
  CHECK(extra.empty());
  CHECK(man.size() > 50);
}
