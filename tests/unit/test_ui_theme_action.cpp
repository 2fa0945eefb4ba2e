// Actions (/me) and the format_action setting: ui/ChatWindow's format_action marks the line,
// ui/Theme renders it through format_action, never through format_message.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "app/Settings.hpp"
#include "ui/ChatWindow.hpp"
#include "ui/LineStyle.hpp"
#include "ui/Scrollback.hpp"
#include "ui/Theme.hpp"

using namespace msntty;
using namespace msntty::ui;

namespace {

std::string header_text(const Scrollback::Header& h) {
  std::string out;
  for (const auto& p : h.parts) out += p.text;
  return out;
}

Scrollback::Line action(std::string_view nick, std::string_view body) {
  Scrollback::Line l;
  l.time = 1;
  l.style = make_style(LineRole::Incoming, 2);
  format_action(l, nick, body);
  return l;
}

std::vector<std::string> rows_of(Scrollback& sb, int width) {
  std::vector<std::string> rows;
  for (const auto& row : sb.visible_rows(width, 10)) {
    std::string r;
    for (const auto& p : row.pieces) {
      r.resize(static_cast<std::size_t>(p.column), ' ');
      r += std::string(p.text);
    }
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST_CASE("an action line is the nick and the body, made safe", "[ui][theme][action]") {
  auto l = action("Bob\x1b[31m", "waves\x07");
  CHECK(l.action);
  CHECK(l.nick == "Bob^[[31m");  // control characters shown, never sent to the terminal
  CHECK(l.text == "waves^G");
  CHECK(l.prefix == "* Bob^[[31m");  // without a header renderer: "* Bob waves"
}

TEST_CASE("format_action renders actions, format_message does not", "[ui][theme][action]") {
  Settings s;
  Theme t;
  REQUIRE(t.update(s));
  // The default: "* Bob waves", not "<Bob> waves"; timestamps off take their space with them.
  CHECK(header_text(t.line_header(action("Bob", "waves"), "13:05")) == "13:05 * Bob ");
  CHECK(header_text(t.line_header(action("Bob", "waves"), "")) == "* Bob ");
  // A message format leaves actions alone.
  REQUIRE(!s.set("format_message", "[$time] $nick | $text"));
  CHECK(t.update(s));
  CHECK(header_text(t.line_header(action("Bob", "waves"), "13:05")) == "13:05 * Bob ");
  // format_action is checked like the others, and restyles actions.
  auto err = s.set("format_action", "$who $text");
  REQUIRE(err);
  CHECK(err->starts_with("format_action: unknown field $who"));
  REQUIRE(!s.set("format_action", "$time {bold}$nick{/} ~ $text"));
  CHECK(t.update(s));
  auto h = t.line_header(action("Bob", "waves"), "13:05");
  CHECK(header_text(h) == "13:05 Bob ~ ");
  auto bob =
      std::find_if(h.parts.begin(), h.parts.end(), [](const auto& p) { return p.text == "Bob"; });
  REQUIRE(bob != h.parts.end());
  CHECK(t.look(bob->look).attrs == Look::k_bold);
}

TEST_CASE("a long action wraps under the nick, as {indent} says", "[ui][theme][action]") {
  Settings s;
  Theme t;
  t.update(s);
  Scrollback sb;
  sb.set_time_formatter([](int64_t) { return std::string("13:05"); });
  sb.append(action("Bob", "waves at everyone in the room"));
  CHECK(rows_of(sb, 80) == std::vector<std::string>{"13:05 * Bob waves at everyone in the room"});
  sb.set_header_renderer([&t](const Scrollback::Line& l, std::string stamp) {
    return t.line_header(l, std::move(stamp));
  });
  CHECK(rows_of(sb, 26) == std::vector<std::string>{"13:05 * Bob waves at",
                                                    "        everyone in the", "        room"});
}
