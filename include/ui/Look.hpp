#pragma once
// A style from a format_* setting ({bold}, {red}, {on-blue}, {notice} ...), as plain data: what
// it changes on top of the look the part of the screen has anyway. Palette turns it into curses
// attributes. No curses here.
#include <cstdint>
#include <string_view>

namespace msntty::ui {

struct Look {
  // The look of a part of the screen to start from ({time}, {prefix} ...); None: the part's own.
  enum class Base : uint8_t {
    None,
    Time,
    Prefix,
    Text,
    Notice,
    Error,
    Highlight,
    Bar,
    Current,
    Alert
  };
  static constexpr int k_unset = -2;  // fg, bg: not changed; -1: the terminal's default
  static constexpr unsigned k_bold = 1, k_dim = 2, k_underline = 4, k_reverse = 8, k_italic = 16;

  Base base = Base::None;
  int fg = k_unset, bg = k_unset;  // 0..7: the curses colours
  unsigned attrs = 0;

  bool plain() const { return base == Base::None && fg == k_unset && bg == k_unset && !attrs; }
  // Applies a {style} by its name (LineFormat::style_names()); "/" goes back to plain.
  void apply(std::string_view style);
  bool operator==(const Look&) const = default;
};

}  // namespace msntty::ui
