#include "proto/ImFormat.hpp"

#include <charconv>

#include "util/Strings.hpp"
#include "util/UrlCode.hpp"
#include "util/Utf8.hpp"

namespace msntty {

namespace {

constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

bool is_hex(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

// FN is encoded minimally (official clients: only spaces); '%' and ';' too, or a font name
// containing them would not survive the round trip, and controls so the header stays one line.
std::string encode_font(std::string_view font) {
  std::string out;
  out.reserve(font.size() + 8);
  for (char ch : font) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || c == '%' || c == ';') {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 0xF]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

void apply_effects(ImFormat& f, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case 'B':
      case 'b': f.bold = true; break;
      case 'I':
      case 'i': f.italic = true; break;
      case 'U':
      case 'u': f.underline = true; break;
      case 'S':
      case 's': f.strike = true; break;
      default: break;  // unknown effects are ignored
    }
  }
}

void apply(ImFormat& f, std::string_view key, std::string_view v) {
  if (equals_icase(key, "FN")) {
    std::string font = url_decode(v);
    if (!font.empty() && utf8_valid(font)) f.font = std::move(font);
  } else if (equals_icase(key, "EF")) {
    apply_effects(f, v);
  } else if (equals_icase(key, "CO")) {
    uint32_t color = 0;
    if (is_hex(v, 8) && std::from_chars(v.data(), v.data() + v.size(), color, 16).ec == std::errc())
      f.color = color & 0xFFFFFF;
  } else if (equals_icase(key, "CS")) {
    if (is_hex(v, 2)) f.charset = v;
  } else if (equals_icase(key, "PF")) {
    if (is_hex(v, 2)) f.pitch_family = v;
  } else if (equals_icase(key, "RL")) {
    f.right_to_left = v == "1";
  }
}

}  // namespace

ImFormat ImFormat::parse(std::string_view header_value) {
  ImFormat f;
  std::string_view rest = header_value;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    const std::string_view part = trim(rest.substr(0, semi));
    rest.remove_prefix(semi == std::string_view::npos ? rest.size() : semi + 1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos) apply(f, trim(part.substr(0, eq)), trim(part.substr(eq + 1)));
  }
  return f;
}

std::string ImFormat::serialize() const {
  char co[16];
  const auto res = std::to_chars(co, co + sizeof co, color & 0xFFFFFF, 16);
  std::string out;
  out.reserve(font.size() + 40);
  out.append("FN=").append(encode_font(font.empty() ? std::string_view("Arial") : font));
  out.append("; EF=");
  if (bold) out.push_back('B');
  if (italic) out.push_back('I');
  if (underline) out.push_back('U');
  if (strike) out.push_back('S');
  out.append("; CO=").append(co, res.ptr);
  out.append("; CS=").append(is_hex(charset, 2) ? charset : std::string("0"));
  out.append("; PF=").append(is_hex(pitch_family, 2) ? pitch_family : std::string("22"));
  if (right_to_left) out.append("; RL=1");
  return out;
}

std::string ImFormat::color_rgb_hex() const {
  // COLORREF is 0x00BBGGRR: red is the low byte.
  const uint8_t rgb[3] = {static_cast<uint8_t>(color), static_cast<uint8_t>(color >> 8),
                          static_cast<uint8_t>(color >> 16)};
  std::string out = "#";
  for (uint8_t b : rgb) {
    out.push_back(kHexLower[b >> 4]);
    out.push_back(kHexLower[b & 0xF]);
  }
  return out;
}

}  // namespace msntty
