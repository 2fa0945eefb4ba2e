// How the interface looks and is driven in daily use: the window list with more windows than fit,
// mouse reports.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ui/Bars.hpp"
#include "ui/KeyNames.hpp"
#include "ui/TextWidth.hpp"

using namespace msntty;
using namespace msntty::ui;

namespace {

std::vector<WindowTab> many_windows(int n) {
  std::vector<WindowTab> tabs = {{1, "status", Activity::None, false}};
  for (int i = 2; i <= n; ++i)
    tabs.push_back({i, "contact" + std::to_string(i) + "@example.com", Activity::None, false});
  return tabs;
}

}  // namespace

TEST_CASE("with many windows the current and active ones keep their names", "[ui][bars]") {
  auto tabs = many_windows(30);
  tabs[16].current = true;                 // 17
  tabs[3].activity = Activity::Highlight;  // 4
  tabs[25].activity = Activity::Message;   // 26
  TabFit fit = fit_tabs(tabs, 50);
  CHECK(fitted_width(tabs, fit) <= 50);
  CHECK(fit.labels[16] == "17:contact17@exa\u2026");
  CHECK(fit.labels[3].starts_with("4:contac"));
  CHECK(fit.labels[3].ends_with("!"));
  CHECK(fit.labels[25].starts_with("26:contac"));
  CHECK(fit.hidden == 27);
  CHECK(fit.hidden_activity == Activity::None);
}

TEST_CASE("active names shorten before any active window is left out", "[ui][bars]") {
  auto tabs = many_windows(8);
  tabs[0].current = true;
  for (int i = 1; i < 8; ++i) tabs[i].activity = Activity::Message;
  TabFit fit = fit_tabs(tabs, 75);
  CHECK(fitted_width(tabs, fit) <= 75);
  CHECK(fit_tabs(tabs, 72).hidden == 1);  // one more column short: then one is left out
  CHECK(fit.hidden == 0);
  for (int i = 1; i < 8; ++i) {
    INFO(fit.labels[i]);
    CHECK(fit.labels[i].starts_with(std::to_string(i + 1) + ":cont"));
    CHECK(display_width(fit.labels[i]) < display_width(std::to_string(i + 1)) + 1 + k_max_tab_name);
  }
  CHECK(fit.labels[0] == "1:status");
}

TEST_CASE("the least active and farthest windows are left out first", "[ui][bars]") {
  auto tabs = many_windows(12);
  tabs[5].current = true;  // 6
  for (int i = 1; i < 12; ++i)
    if (i != 5) tabs[i].activity = Activity::Low;
  tabs[11].activity = Activity::Highlight;  // 12: the farthest, but the busiest
  tabs[1].activity = Activity::Message;     // 2
  TabFit fit = fit_tabs(tabs, 40);
  CHECK(fitted_width(tabs, fit) <= 40);
  CHECK(!fit.labels[5].empty());
  CHECK(!fit.labels[11].empty());
  CHECK(!fit.labels[1].empty());
  CHECK(fit.hidden > 0);
  CHECK(fit.hidden_activity == Activity::Low);
  // Whatever is left out is less active than whatever is shown.
  for (std::size_t i = 0; i < tabs.size(); ++i)
    if (fit.labels[i].empty()) CHECK(tabs[i].activity <= Activity::Low);
}

TEST_CASE("the current window is shown even when nothing else fits", "[ui][bars]") {
  auto tabs = many_windows(40);
  tabs[39].current = true;
  for (int i = 0; i < 39; ++i) tabs[i].activity = Activity::Highlight;
  TabFit fit = fit_tabs(tabs, 24);
  CHECK(fit.labels[39] == "40:contact40@exa\u2026");
  CHECK(fit.hidden == 39);
  CHECK(fit.hidden_activity == Activity::Highlight);
}

TEST_CASE("mouse reports decode to clicks and wheel steps", "[ui][keys][mouse]") {
  KeyDecoder d;
  d.feed("\x1b[<0;31;23M\x1b[<0;31;23m\x1b[<64;40;5M\x1b[<65;40;5M\x1b[<2;1;1M");
  auto click = d.next();
  REQUIRE(click);
  CHECK(*click == KeyEvent{KeyEvent::Kind::Mouse, "MouseLeft", 30, 22});
  auto up = d.next();  // the release is swallowed
  REQUIRE(up);
  CHECK(*up == KeyEvent{KeyEvent::Kind::Mouse, "WheelUp", 39, 4});
  CHECK(d.next() == KeyEvent{KeyEvent::Kind::Mouse, "WheelDown", 39, 4});
  CHECK(d.next() == KeyEvent{KeyEvent::Kind::Mouse, "MouseRight", 0, 0});
  CHECK(!d.next());
  // Motion, a wheel-left, nonsense and a cut-off report are never keys or text.
  d.feed("\x1b[<35;3;3M\x1b[<66;3;3M\x1b[<0;0;0M\x1b[<0;1M\x1b[<1;2;3MX");
  CHECK(d.next() == KeyEvent{KeyEvent::Kind::Mouse, "MouseMiddle", 1, 2});
  CHECK(d.next() == KeyEvent{KeyEvent::Kind::Text, "X"});
  d.feed("\x1b[<0;12");
  CHECK(!d.next());
  d.feed(";7M");
  CHECK(d.next() == KeyEvent{KeyEvent::Kind::Mouse, "MouseLeft", 11, 6});
}
