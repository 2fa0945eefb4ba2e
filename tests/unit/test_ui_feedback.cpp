// Feedback in daily use (issue 13): the status bar says one's own status in words and the
// personal message (fields of format_status, in its default), and the "new" separator never
// stands over one's own lines alone.
#include <catch2/catch.hpp>

#include "app/Settings.hpp"
#include "ui/Bars.hpp"
#include "ui/Scrollback.hpp"
#include "ui/Theme.hpp"

using namespace msntty;
using namespace msntty::ui;

namespace {

Scrollback::Line said(const std::string& text, uint64_t own_message_id = 0) {
  Scrollback::Line l{1700000000, own_message_id ? "<me>" : "<Bob>", text, 0};
  l.message_id = own_message_id;
  return l;
}

// What the default status bar says before the window list, `width` columns wide.
std::string default_bar(const StatusInfo& info, int width) {
  Settings settings;
  Theme theme;
  theme.update(settings);
  std::string text;
  for (const auto& part :
       theme.status_bar([&](std::string_view f) { return status_field(info, f, width, false); })) {
    if (part.windows) break;
    text += part.text;
  }
  return text;
}

}  // namespace

TEST_CASE("own status fields: status in words, personal message in quotes", "[ui][feedback]") {
  StatusInfo s;
  s.nick = "Alice";
  s.status = Status::Away;
  CHECK(status_field(s, "status", 80, false) == "Away");
  CHECK(status_field(s, "psm", 80, false).empty());
  s.psm = "at lunch";
  CHECK(status_field(s, "psm", 80, false) == "\"at lunch\"");
  s.nick = "A very long nickname indeed";
  s.psm = "a very long personal message too";
  // A quarter of the bar for the name, a fifth for the message.
  CHECK(status_field(s, "nick", 40, false).find("A very long nickname") == std::string::npos);
  CHECK(status_field(s, "psm", 40, false).find("personal message") == std::string::npos);
}

TEST_CASE("the default status bar shows own status in words and the message", "[ui][feedback]") {
  StatusInfo s;
  s.nick = "Alice";
  s.status = Status::Away;
  std::string bar = default_bar(s, 80);
  CHECK(bar.find("Alice (Away) ") != std::string::npos);
  CHECK(bar.find('"') == std::string::npos);
  s.psm = "at lunch";
  s.status = Status::Brb;
  CHECK(default_bar(s, 80).find("Alice (Be right back) \"at lunch\" ") != std::string::npos);
}

TEST_CASE("no new separator over one's own lines alone", "[ui][feedback]") {
  Scrollback sb;
  sb.set_time_formatter([](int64_t) { return std::string(); });
  sb.append(said("hello"));
  sb.mark_read();
  sb.append(said("mine", 7));
  sb.append(said("mine again", 8));
  CHECK_FALSE(sb.first_unread().has_value());
  for (const auto& row : sb.visible_rows(40, 10)) CHECK_FALSE(row.separator);
  // Someone else's line after them is news: the separator stands over it, under one's own.
  sb.append(said("a reply"));
  REQUIRE(sb.first_unread().has_value());
  CHECK(*sb.first_unread() == 3);
}
