#pragma once
// Control characters in a line we are about to run or send. Whatever reaches a contact's screen
// raw from us could ring their bell, recolour or retitle their terminal (ESC sequences), or hide
// text: so every command line, from whatever source, loses them before it is run, and the user
// is told what went. Kept: TAB (white space, shown as a space) and LF (a multi-line message).
// A CR that ends the line or comes before an LF is a line ending (a script written on Windows)
// and goes without a word.
#include <cstddef>
#include <string>
#include <string_view>

namespace msntty {

struct StrippedLine {
  std::string text;
  size_t sequences = 0;  // whole escape sequences (CSI, OSC, DCS ..., ESC + one character)
  size_t controls = 0;   // single control characters: C0 but TAB and LF, DEL, C1 (U+0080-9F)
  std::string names;     // the kinds removed, as "ESC, BEL" (in order of first appearance)
  bool changed() const { return sequences || controls; }
  // "removed 2 control characters (ESC, BEL)" / "removed 1 escape sequence"; empty if none.
  std::string summary() const;
};

// Removes them from valid or invalid UTF-8 alike (invalid bytes are left for the caller).
StrippedLine strip_controls(std::string_view line);

}  // namespace msntty
