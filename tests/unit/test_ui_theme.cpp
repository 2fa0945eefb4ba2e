// Themes: the format language (app/LineFormat), the settings that hold formats, and what the
// theme (ui/Theme) makes of a line's header and of the status bar.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "app/LineFormat.hpp"
#include "app/Settings.hpp"
#include "ui/LineStyle.hpp"
#include "ui/Scrollback.hpp"
#include "ui/Theme.hpp"

using namespace msntty;
using namespace msntty::ui;
using Item = LineFormat::Item;
using K = LineFormat::Item::Kind;

namespace {

const std::vector<std::string_view> k_line_fields = {"time", "nick", "text"};

std::string parse_error(std::string_view text) {
  std::string error;
  auto f = LineFormat::parse(text, k_line_fields, true, error);
  return f ? "" : error;
}

std::string header_text(const Scrollback::Header& h) {
  std::string out;
  for (const auto& p : h.parts) out += p.text;
  return out;
}

Scrollback::Line message(std::string nick, std::string text) {
  Scrollback::Line l;
  l.time = 1;
  l.prefix = "<" + nick + ">";
  l.text = std::move(text);
  l.style = make_style(LineRole::Incoming, 2);
  l.nick = std::move(nick);
  return l;
}

}  // namespace

TEST_CASE("a format is literal text, fields and styles", "[ui][theme]") {
  std::string error;
  auto f =
      LineFormat::parse("{bold}[$time]{/} ${nick}: $$5 {{x} $text", k_line_fields, true, error);
  REQUIRE(f);
  CHECK(f->items() == std::vector<Item>{{K::Style, "bold"},
                                        {K::Literal, "["},
                                        {K::Field, "time"},
                                        {K::Literal, "]"},
                                        {K::Style, "/"},
                                        {K::Literal, " "},
                                        {K::Field, "nick"},
                                        {K::Literal, ": $5 {x} "},
                                        {K::Field, "text"}});
}

TEST_CASE("a bad format says what is wrong", "[ui][theme]") {
  CHECK(parse_error("$when $text")
            .starts_with("unknown field $when; the fields are $time $nick $text"));
  CHECK(parse_error("{blink}$text").starts_with("unknown style {blink}"));
  CHECK(parse_error("{bold $text").starts_with("\"{\" without its \"}\""));
  CHECK(parse_error("${nick $text").starts_with("\"${\" without its \"}\""));
  CHECK(parse_error("$ $text").starts_with("\"$\" names no field"));
  CHECK(parse_error("<$nick>") ==
        "$text must come once, at the end (what is before it starts the line)");
  CHECK(parse_error("$text <$nick>").starts_with("$text must come once"));
  CHECK(parse_error("$text$text").starts_with("$text must come once"));
  CHECK(parse_error("\x1b[31m$text") == "a format holds no control characters");
  CHECK(parse_error(std::string(600, 'x') + "$text").starts_with("a format is at most"));
  CHECK(parse_error("$time <$nick> $text").empty());
}

TEST_CASE("a bad format setting is refused and the old one stays", "[ui][theme][settings]") {
  Settings s;
  CHECK(!s.set("format_message", "{bold}<$nick>{/} $text"));
  auto err = s.set("format_message", "<$who> $text");
  REQUIRE(err);
  CHECK(*err == "format_message: unknown field $who; the fields are $time $nick $text");
  CHECK(s.get("format_message") == "{bold}<$nick>{/} $text");
  CHECK(s.set("format_notice", "$nick $text"));  // notices have no nick
  CHECK(s.set("format_status", "$text"));        // nor does the bar have a text
  CHECK(!s.set("format_status", "$windows {bold}$nick"));
}

TEST_CASE("the default formats give the header lines always had", "[ui][theme]") {
  Settings s;
  Theme t;
  REQUIRE(t.update(s));
  CHECK(!t.update(s));  // parsed once, not on every turn
  auto h = t.line_header(message("Bob", "hi"), "13:05");
  CHECK(header_text(h) == "13:05 <Bob> ");
  REQUIRE(h.parts.size() == 4);
  CHECK(h.parts[0].time);
  CHECK(h.parts[2].text == "<Bob>");
  CHECK(h.parts[2].look == 0);
  // Timestamps off: the empty field takes its space with it.
  CHECK(header_text(t.line_header(message("Bob", "hi"), "")) == "<Bob> ");
  Scrollback::Line notice;
  notice.style = make_style(LineRole::Notice);
  notice.prefix = "-!-";
  CHECK(header_text(t.line_header(notice, "13:05")) == "13:05 -!- ");
}

TEST_CASE("a theme restyles lines: looks, indent, every window re-renders", "[ui][theme]") {
  Settings s;
  Theme t;
  t.update(s);
  REQUIRE(!s.set("format_message", "{blue}[$time]{/} {bold}{on-red}$nick{/} | {indent}$text"));
  CHECK(t.update(s));
  auto h = t.line_header(message("Bob", "hi"), "13:05");
  CHECK(header_text(h) == "[13:05] Bob | ");
  auto bob =
      std::find_if(h.parts.begin(), h.parts.end(), [](const auto& p) { return p.text == "Bob"; });
  REQUIRE(bob != h.parts.end());
  const Look& nick = t.look(bob->look);
  CHECK(nick.attrs == Look::k_bold);
  CHECK(nick.bg == 1);
  CHECK(t.look(h.parts[0].look).fg == 4);  // "[" in blue
  CHECK(h.parts[1].time);
  CHECK(h.parts.back().indent);

  Scrollback sb;
  sb.set_time_formatter([](int64_t) { return std::string("13:05"); });
  sb.append(message("Bob", "the quick brown fox jumps over the lazy dog"));
  sb.set_header_renderer([&t](const Scrollback::Line& l, std::string stamp) {
    return t.line_header(l, std::move(stamp));
  });
  std::vector<std::string> rows;
  for (const auto& row : sb.visible_rows(34, 10)) {
    std::string r;
    for (const auto& p : row.pieces) {
      r.resize(static_cast<std::size_t>(p.column), ' ');
      r += std::string(p.text);
    }
    rows.push_back(r);
  }
  CHECK(rows == std::vector<std::string>{"[13:05] Bob | the quick brown fox",
                                         "              jumps over the lazy", "              dog"});
}

TEST_CASE("the status bar format: fields, the window list's place", "[ui][theme]") {
  Settings s;
  Theme t;
  t.update(s);
  auto value = [](std::string_view f) -> std::string {
    if (f == "symbol") return "*";
    if (f == "nick") return "Alice";
    if (f == "status") return "Away";
    return "";  // no personal message, connected, no mode
  };
  auto parts = t.status_bar(value);
  std::string text;
  int windows_at = -1;
  for (const auto& p : parts) {
    if (p.windows) windows_at = static_cast<int>(text.size());
    text += p.text;
  }
  CHECK(text == " * Alice (Away) ");
  CHECK(windows_at == 16);
  REQUIRE(!s.set("format_status", "$windows {reverse}$status"));
  t.update(s);
  parts = t.status_bar([](std::string_view f) { return f == "status" ? "Busy" : ""; });
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].windows);
  CHECK(parts[2].text == "Busy");
  CHECK(t.look(parts[2].look).attrs == Look::k_reverse);
}
