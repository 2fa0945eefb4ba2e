#pragma once
// The title bar (what the current window is) and the status bar (who you are, whether you are
// connected, and the window list with each window's activity level).
#include <string>
#include <vector>

#include "model/Conversation.hpp"
#include "model/Status.hpp"
#include "ui/Paint.hpp"
#include "ui/Palette.hpp"
#include "ui/Theme.hpp"

namespace msntty::ui {

struct WindowTab {
  int number = 0;
  std::string name;  // sanitized
  Activity activity = Activity::None;
  bool current = false;
  bool operator==(const WindowTab&) const = default;
};

struct StatusInfo {
  std::string nick;  // sanitized
  Status status = Status::Offline;
  std::string psm;         // your personal message, sanitized ("" for none)
  std::string connection;  // "" when signed in, else "connecting", "offline: ..."
  std::vector<WindowTab> windows;
  std::string mode;  // e.g. "contacts" while the contact pane has the focus
  bool operator==(const StatusInfo&) const = default;
};

// Where each window's label went on the status bar, so a mouse click finds its window.
struct TabSpot {
  int number = 0;  // the window's number
  int x = 0, width = 0;
  bool operator==(const TabSpot&) const = default;
};

// The value of a format_status field ($symbol, $status, $nick, $psm, $connection, $mode) for a
// bar `width` columns wide: the status in words ("Away"), the personal message in quotes, the
// nickname cut to a quarter of the bar and the message to a fifth; "" for an empty one. Free of
// drawing, so that what the bar says can be tested without a terminal.
std::string status_field(const StatusInfo& info, std::string_view field, int width, bool utf8);

class Bars {
 public:
  Bars(const Palette& palette, bool utf8) : m_palette(palette), m_utf8(utf8) {}
  void draw_title(WINDOW* w, const std::string& title) const;
  // Through the theme's format_status. Returns where the window labels were drawn.
  std::vector<TabSpot> draw_status(WINDOW* w, const StatusInfo& info, const Theme& theme) const;

 private:
  std::vector<TabSpot> draw_windows(const Paint& p, int x, int width,
                                    const std::vector<WindowTab>& tabs) const;
  attr_t tab_attr(const WindowTab& t) const;
  attr_t activity_attr(Activity a) const;
  attr_t look_attr(const Theme& theme, int look) const;

  const Palette& m_palette;
  bool m_utf8;
};

// The window list fitted into a width (the current window's brackets included). The labels line
// up with the tabs; "" is a window left out, counted in `hidden` (drawn as "+N" at the end, in
// the colour of the busiest one left out). In order, until it fits: every window named
// ("2:Bob"); quiet windows as bare numbers; quiet windows left out; the names of active windows
// shortened (to no fewer than k_min_tab_name columns); active windows left out, the least active
// first, the farthest from the current one first among equals. The current window is always
// there, named. Exposed for tests.
struct TabFit {
  std::vector<std::string> labels;
  int hidden = 0;
  Activity hidden_activity = Activity::None;
  bool operator==(const TabFit&) const = default;
};
constexpr int k_max_tab_name = 14;
constexpr int k_min_tab_name = 5;
TabFit fit_tabs(const std::vector<WindowTab>& tabs, int width);
// Columns fit_tabs' result takes when drawn.
int fitted_width(const std::vector<WindowTab>& tabs, const TabFit& fit);

}  // namespace msntty::ui
