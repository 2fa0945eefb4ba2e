#pragma once
// The title bar (what the current window is) and the status bar (who you are, whether you are
// connected, and the window list with each window's activity level).
#include <string>
#include <vector>

#include "model/Conversation.hpp"
#include "model/Status.hpp"
#include "ui/Paint.hpp"
#include "ui/Palette.hpp"

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
  std::string connection;  // "" when signed in, else "connecting", "offline: ..."
  std::vector<WindowTab> windows;
  std::string mode;  // e.g. "contacts" while the contact pane has the focus
  bool operator==(const StatusInfo&) const = default;
};

class Bars {
 public:
  Bars(const Palette& palette, bool utf8) : m_palette(palette), m_utf8(utf8) {}
  void draw_title(WINDOW* w, const std::string& title) const;
  void draw_status(WINDOW* w, const StatusInfo& info) const;

 private:
  int draw_windows(const Paint& p, int x, int width, const std::vector<WindowTab>& tabs) const;
  attr_t tab_attr(const WindowTab& t) const;

  const Palette& m_palette;
  bool m_utf8;
};

// "2:Bob" items that fit in `width` columns: all of them if possible, else the quiet ones lose
// their names, else only the current and active windows are listed. Exposed for tests.
std::vector<std::string> tab_labels(const std::vector<WindowTab>& tabs, int width);

}  // namespace msntty::ui
