#pragma once
// What a scrollback line is, packed into Scrollback::Line::style (an int the Scrollback passes
// through untouched). The low bits say the role; the high bits carry a key: for incoming
// messages a colour bucket derived from the sender. (A message's delivery state is a field of
// the line of its own, Scrollback::Line::delivery.)
#include <cstdint>

namespace msntty::ui {

enum class LineRole {
  Incoming = 0,
  Own = 1,
  Notice = 2,
  Error = 3,
  Highlight = 4,  // nudges and other things that want attention
  Presence = 5,   // status changes: the least important noise
};

constexpr int k_role_bits = 4;
constexpr uint64_t k_max_style_key = (uint64_t{1} << (31 - k_role_bits)) - 1;

inline int make_style(LineRole role, uint64_t key = 0) {
  if (key > k_max_style_key) key = 0;
  return static_cast<int>((key << k_role_bits) | static_cast<uint64_t>(role));
}
inline LineRole style_role(int style) {
  return static_cast<LineRole>(style & ((1 << k_role_bits) - 1));
}
inline uint64_t style_key(int style) {
  return static_cast<uint64_t>(style) >> k_role_bits;
}

}  // namespace msntty::ui
