#pragma once
// The format_* settings, parsed once when they change (app/LineFormat), and what they make of a
// scrollback line's header and of the status bar: text with looks (ui/Look). Palette turns a
// look into curses attributes; no curses here.
#include <functional>
#include <string>
#include <vector>

#include "app/LineFormat.hpp"
#include "app/Settings.hpp"
#include "ui/Look.hpp"
#include "ui/Scrollback.hpp"

namespace msntty::ui {

class Theme {
 public:
  // Re-reads the format_* settings; true when one changed (every window then re-renders).
  bool update(const Settings& settings);

  // Look 0 is plain: the part of the screen keeps its own look.
  const Look& look(int id) const { return m_looks[static_cast<std::size_t>(id)]; }

  // format_message for messages (incoming and our own), format_action for actions (/me),
  // format_notice for the rest.
  Scrollback::Header line_header(const Scrollback::Line& line, std::string stamp) const;

  // The status bar: its parts in order; a part whose `field` is "windows" is where the window
  // list goes (its text empty).
  struct BarPart {
    std::string text;
    int look = 0;
    bool windows = false;
  };
  using FieldValue = std::function<std::string(std::string_view field)>;
  std::vector<BarPart> status_bar(const FieldValue& value) const;

 private:
  struct Compiled {
    bool loaded = false;
    std::string source;
    LineFormat format;
  };
  bool load(const Settings& settings, const char* name, Compiled& into);
  int intern(const Look& l) const;

  Compiled m_message, m_action, m_notice, m_status;
  mutable std::vector<Look> m_looks{Look{}};
};

}  // namespace msntty::ui
