#pragma once
// What each kind of thing on the screen looks like: a colour pair plus attributes, or, without
// colours (--no-color, NO_COLOR, a monochrome terminal), attributes alone chosen so that every
// distinction still shows (bold, reverse, dim, underline).
#include <array>
#include <map>
#include <utility>

#include "ui/Look.hpp"

#include <ncursesw/curses.h>

namespace msntty::ui {

enum class Role {
  Normal,
  Bar,         // title and status bars
  BarCurrent,  // the current window in the status bar
  BarLow,      // window activity levels in the status bar
  BarMessage,
  BarHighlight,
  BarAlert,  // connection trouble in the status bar
  Timestamp,
  OwnNick,
  Nick1,
  Nick2,
  Nick3,
  Nick4,
  Nick5,
  Nick6,
  Notice,
  Error,
  Pending,  // our message, not yet delivered
  Presence,
  Highlight,
  Online,
  Busy,
  Away,
  Offline,
  GroupHeader,
  Selected,  // the contact cursor
  Unread,
  Psm,
  Separator,
  More,  // "more below", unread separators
  Typing,
  Prompt,
  PastePrompt,
  Count
};

class Palette {
 public:
  void init(bool colour);
  attr_t operator[](Role r) const { return m_attrs[static_cast<size_t>(r)]; }
  // `base` changed by a format's style: its colours (without colours: ignored, the attributes
  // still apply) and attributes. The look's own base is the caller's to resolve.
  attr_t with_look(attr_t base, const Look& look) const;

 private:
  std::array<attr_t, static_cast<size_t>(Role::Count)> m_attrs{};
  bool m_colour = false;
  // Colour pairs of the formats' colours, made when first used.
  mutable std::map<std::pair<int, int>, short> m_pairs;
  mutable short m_next_pair = 1;
};

}  // namespace msntty::ui
