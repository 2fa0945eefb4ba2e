// Key names for /bind and a decoder from raw terminal bytes to key events.
//
// The UI reads stdin itself and feeds the bytes here instead of using curses keypad(): that
// way bracketed paste, Alt (ESC-prefixed) keys and the xterm/rxvt/screen/tmux/linux-console
// sequence variants all behave the same everywhere, and the logic is testable without a tty.
//
// Canonical names: "C-a".."C-z", "M-a".."M-z", "M-0".."M-9", "M-<punct>", "C-M-a",
// "Backspace", "M-Backspace", "Delete", "Insert", "Home", "End", "Up", "Down", "Left",
// "Right", "PageUp", "PageDown", "Tab", "S-Tab", "M-Tab", "Enter", "M-Enter", "Esc",
// "C-Space", "M-Space", "F1".."F12"; navigation and function keys take any of the
// modifiers, written in the order C-, M-, S- ("C-Left", "M-Right", "C-S-Up", "S-F5").
// Terminals send the same byte for C-h and Backspace, C-i and Tab, C-m/C-j and Enter, C-[
// and Esc, so those names are normalised to the latter; and Alt+Shift+letter arrives as
// ESC + uppercase letter, which is folded into the lowercase M- name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace msntty::ui {

// Accepts "C-a", "ctrl-a", "ctrl+a", "^A", "M-x", "meta-x", "alt-x", "A-x", "shift-tab",
// "pgup", "del", "return"... case-insensitively; nullopt for anything that is not a key a
// terminal can send with a recognisable name.
std::optional<std::string> normalize_key_name(std::string_view user_text);

struct KeyEvent {
  enum class Kind { Key, Text, Paste, Mouse };
  Kind kind = Kind::Key;
  // Canonical key name, UTF-8 text, the pasted bytes, or for the mouse "MouseLeft",
  // "MouseMiddle", "MouseRight", "WheelUp", "WheelDown" (presses only: releases and motion
  // are swallowed).
  std::string value;
  int x = 0, y = 0;  // Mouse: the cell, 0-based

  bool operator==(const KeyEvent&) const = default;
};

class KeyDecoder {
 public:
  void feed(std::string_view bytes);
  // Next complete event, or nullopt when more bytes are needed. Call it until nullopt after
  // every feed(); if pending() is then true, wait a short time (~50 ms) for more bytes and
  // call next(true) when none came: that turns a lone ESC into "Esc" and flushes any
  // incomplete sequence (unknown sequences are swallowed, never inserted as text).
  std::optional<KeyEvent> next(bool timeout_expired = false);
  // Incomplete input is buffered that only a timeout can resolve.
  bool pending() const { return !m_in_paste && !m_buf.empty(); }
  // Inside a bracketed paste (ESC[200~ seen, ESC[201~ not yet): do not time out.
  bool in_paste() const { return m_in_paste; }
  void reset();

 private:
  struct Parsed {
    std::size_t length = 0;         // bytes consumed
    std::optional<KeyEvent> event;  // nullopt: swallowed
    bool paste_start = false;
  };
  std::optional<Parsed> parse(std::string_view buf, bool timeout) const;
  std::optional<Parsed> parse_escape(std::string_view buf, bool timeout) const;
  std::optional<Parsed> parse_csi(std::string_view buf, bool timeout) const;
  std::optional<Parsed> parse_ss3(std::string_view buf, bool timeout) const;
  std::optional<Parsed> parse_text(std::string_view buf, bool timeout) const;
  std::optional<KeyEvent> next_paste();

  std::string m_buf;
  std::string m_paste;
  bool m_in_paste = false;
};

}  // namespace msntty::ui
