#pragma once
// X-MMS-IM-Format header of text/plain messages (doc/protocol/messages.md#x-mms-im-format).
#include <cstdint>
#include <string>
#include <string_view>

namespace msntty {

struct ImFormat {
  std::string font = "Arial";  // decoded (FN is URL-encoded)
  bool bold = false, italic = false, underline = false, strike = false;
  uint32_t color = 0;               // COLORREF 0xBBGGRR
  std::string charset = "0";        // CS, hex
  std::string pitch_family = "22";  // PF, hex
  bool right_to_left = false;

  // Tolerant: unknown keys ignored, bad values keep the defaults.
  static ImFormat parse(std::string_view header_value);
  // "FN=Arial; EF=BI; CO=ff; CS=0; PF=22" (+ "; RL=1"), always in the order FN EF CO CS PF RL.
  std::string serialize() const;
  std::string color_rgb_hex() const;  // "#rrggbb" (lowercase hex) for display
};

}  // namespace msntty
