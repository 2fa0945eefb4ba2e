#include "ui/KeyNames.hpp"

#include <array>
#include <vector>

#include "ui/TextWidth.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr unsigned k_ctrl = 1;
constexpr unsigned k_meta = 2;
constexpr unsigned k_shift = 4;

constexpr char k_esc = '\x1b';
constexpr std::string_view k_paste_end = "\x1b[201~";
constexpr std::size_t k_max_paste_chunk = 1 << 20;  // bounded memory for a runaway paste
constexpr std::size_t k_max_sequence = 64;          // longer "sequences" are garbage

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string key_name(unsigned mods, std::string_view base) {
  std::string out;
  if (mods & k_ctrl) out += "C-";
  if (mods & k_meta) out += "M-";
  if (mods & k_shift) out += "S-";
  out += base;
  return out;
}

KeyEvent key(std::string name) {
  return KeyEvent{KeyEvent::Kind::Key, std::move(name)};
}

// Keys that accept every modifier combination (xterm reports all of them for these).
bool is_navigation_key(std::string_view base) {
  static constexpr std::array<std::string_view, 10> k_names = {
      "Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown", "Delete", "Insert"};
  for (auto n : k_names)
    if (n == base) return true;
  return base.size() >= 2 && base[0] == 'F' && base[1] >= '1' && base[1] <= '9';
}

struct Alias {
  std::string_view from;
  std::string_view to;
};

constexpr Alias k_base_aliases[] = {
    {"backspace", "Backspace"},
    {"bs", "Backspace"},
    {"bksp", "Backspace"},
    {"bspace", "Backspace"},
    {"delete", "Delete"},
    {"del", "Delete"},
    {"dc", "Delete"},
    {"insert", "Insert"},
    {"ins", "Insert"},
    {"ic", "Insert"},
    {"home", "Home"},
    {"end", "End"},
    {"up", "Up"},
    {"down", "Down"},
    {"left", "Left"},
    {"right", "Right"},
    {"pageup", "PageUp"},
    {"pgup", "PageUp"},
    {"page_up", "PageUp"},
    {"ppage", "PageUp"},
    {"prior", "PageUp"},
    {"pagedown", "PageDown"},
    {"pgdn", "PageDown"},
    {"pgdown", "PageDown"},
    {"page_down", "PageDown"},
    {"npage", "PageDown"},
    {"next", "PageDown"},
    {"tab", "Tab"},
    {"enter", "Enter"},
    {"return", "Enter"},
    {"ret", "Enter"},
    {"cr", "Enter"},
    {"esc", "Esc"},
    {"escape", "Esc"},
    {"space", "Space"},
    {"spc", "Space"},
    {"backtab", "S-Tab"},
};

// Base key name in canonical spelling, or "" when unknown.
std::string canonical_base(std::string_view base) {
  std::string l = lower(base);
  for (const auto& a : k_base_aliases)
    if (a.from == l) return std::string(a.to);
  if (l.size() >= 2 && l.size() <= 3 && l[0] == 'f') {
    int n = 0;
    for (std::size_t i = 1; i < l.size(); ++i) {
      if (l[i] < '0' || l[i] > '9') return {};
      n = n * 10 + (l[i] - '0');
    }
    if (n >= 1 && n <= 12) return "F" + std::to_string(n);
    return {};
  }
  if (base.size() == 1 && base[0] > ' ' && base[0] < 0x7F) return std::string(1, lower(base[0]));
  return {};
}

// Strips one modifier prefix ("ctrl-", "alt+", "^"...) from `s`; returns its bit or 0.
unsigned strip_modifier(std::string_view& s) {
  static constexpr std::pair<std::string_view, unsigned> k_prefixes[] = {
      {"control-", k_ctrl}, {"control+", k_ctrl}, {"ctrl-", k_ctrl}, {"ctrl+", k_ctrl},
      {"ctl-", k_ctrl},     {"c-", k_ctrl},       {"c+", k_ctrl},    {"meta-", k_meta},
      {"meta+", k_meta},    {"alt-", k_meta},     {"alt+", k_meta},  {"m-", k_meta},
      {"m+", k_meta},       {"a-", k_meta},       {"a+", k_meta},    {"shift-", k_shift},
      {"shift+", k_shift},  {"s-", k_shift},      {"s+", k_shift}};
  std::string l = lower(s);
  for (const auto& [prefix, bit] : k_prefixes) {
    if (l.size() > prefix.size() && l.compare(0, prefix.size(), prefix) == 0) {
      s.remove_prefix(prefix.size());
      return bit;
    }
  }
  if (s.size() == 2 && s[0] == '^') {  // ^A style
    s.remove_prefix(1);
    return k_ctrl;
  }
  return 0;
}

// Control characters that terminals cannot tell apart from named keys.
std::optional<std::string> control_alias(char c, unsigned mods) {
  std::string_view base;
  switch (c) {
    case 'h':
    case '?': base = "Backspace"; break;
    case 'i': base = "Tab"; break;
    case 'j':
    case 'm': base = "Enter"; break;
    case '[': return mods == k_ctrl ? std::optional<std::string>("Esc") : std::nullopt;
    case '@': return key_name(mods, "Space");
    case '\\':
    case ']':
    case '^':
    case '_': return key_name(mods, std::string(1, c));
    default:
      if (c >= 'a' && c <= 'z') return key_name(mods, std::string(1, c));
      return std::nullopt;
  }
  return key_name(mods & ~k_ctrl, base);
}

std::optional<std::string> combine(unsigned mods, const std::string& base) {
  if (base == "S-Tab")
    return mods == 0 || mods == k_shift ? std::optional<std::string>("S-Tab") : std::nullopt;
  if (is_navigation_key(base)) return key_name(mods, base);
  if (base == "Tab")
    return mods == 0 || mods == k_shift || mods == k_meta ? std::optional(key_name(mods, base))
                                                          : std::nullopt;
  if (base == "Enter" || base == "Backspace")
    return mods == 0 || mods == k_meta ? std::optional(key_name(mods, base)) : std::nullopt;
  if (base == "Esc") return mods == 0 ? std::optional<std::string>(base) : std::nullopt;
  if (base == "Space")
    return mods != 0 && !(mods & k_shift) ? std::optional(key_name(mods, base)) : std::nullopt;
  if (base.size() != 1 || (mods & k_shift) || mods == 0)
    return std::nullopt;  // printable characters are text, not keys
  if (mods & k_ctrl) return control_alias(base[0], mods);
  return key_name(mods, base);
}

// True when `s` starts with a UTF-8 sequence that more bytes could still complete.
bool incomplete_utf8(std::string_view s) {
  int len = utf8_lead_length(static_cast<unsigned char>(s[0]));
  if (len == 0 || s.size() >= static_cast<std::size_t>(len)) return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return false;
  return true;
}

std::string control_key_name(unsigned char c) {
  switch (c) {
    case 0x00: return "C-Space";
    case 0x08:
    case 0x7F: return "Backspace";
    case 0x09: return "Tab";
    case 0x0A:
    case 0x0D: return "Enter";
    case 0x1C: return "C-\\";
    case 0x1D: return "C-]";
    case 0x1E: return "C-^";
    case 0x1F: return "C-_";
    default: return std::string("C-") + static_cast<char>('a' + c - 1);
  }
}

std::vector<int> split_params(std::string_view params) {
  std::vector<int> out{0};
  for (char c : params) {
    if (c == ';')
      out.push_back(0);
    else if (c >= '0' && c <= '9' && out.back() < 100000)
      out.back() = out.back() * 10 + (c - '0');
  }
  return out;
}

// xterm encodes modifiers as 1 + (shift | alt << 1 | ctrl << 2 | meta << 3).
unsigned xterm_mods(int param) {
  if (param < 2) return 0;
  unsigned bits = static_cast<unsigned>(param - 1);
  unsigned mods = 0;
  mods |= (bits & 1) ? k_shift : 0u;
  mods |= (bits & (2 | 8)) ? k_meta : 0u;  // alt and meta are the same thing to us
  mods |= (bits & 4) ? k_ctrl : 0u;
  return mods;
}

std::string_view letter_key(char final) {
  switch (final) {
    case 'A': return "Up";
    case 'B': return "Down";
    case 'C': return "Right";
    case 'D': return "Left";
    case 'H': return "Home";
    case 'F': return "End";
    case 'P': return "F1";
    case 'Q': return "F2";
    case 'R': return "F3";
    case 'S': return "F4";
    default: return {};
  }
}

std::string_view tilde_key(int n) {
  static constexpr std::pair<int, std::string_view> k_map[] = {
      {1, "Home"},     {2, "Insert"}, {3, "Delete"}, {4, "End"},  {5, "PageUp"},
      {6, "PageDown"}, {7, "Home"},   {8, "End"},    {11, "F1"},  {12, "F2"},
      {13, "F3"},      {14, "F4"},    {15, "F5"},    {17, "F6"},  {18, "F7"},
      {19, "F8"},      {20, "F9"},    {21, "F10"},   {23, "F11"}, {24, "F12"}};
  for (const auto& [code, name] : k_map)
    if (code == n) return name;
  return {};
}

// A complete CSI sequence: parameter bytes and the final byte.
std::optional<KeyEvent> decode_csi(std::string_view params, char final) {
  if (!params.empty() && (params[0] < '0' || params[0] > ';'))
    return std::nullopt;  // private (?, <, >, =): reports we never asked for
  auto p = split_params(params);
  unsigned mods = p.size() > 1 ? xterm_mods(p[1]) : 0;
  if (final == 'Z') return key("S-Tab");
  if (auto name = letter_key(final); !name.empty()) return key(key_name(mods, name));
  if (final >= 'a' && final <= 'd')  // rxvt shifted arrows
    return key(key_name(k_shift, letter_key(static_cast<char>(final - 'a' + 'A'))));
  std::string_view name = tilde_key(p[0]);
  if (name.empty()) return std::nullopt;
  switch (final) {
    case '~': return key(key_name(mods, name));
    case '^': return key(key_name(k_ctrl, name));  // rxvt
    case '$': return key(key_name(k_shift, name));
    case '@': return key(key_name(k_ctrl | k_shift, name));
    default: return std::nullopt;
  }
}

// An SGR mouse report, ESC [ < b ; x ; y M (press) or m (release), coordinates from 1.
std::optional<KeyEvent> decode_mouse(std::string_view params, char final) {
  auto p = split_params(params.substr(1));
  if (p.size() != 3 || final != 'M' || p[1] < 1 || p[2] < 1) return std::nullopt;
  int b = p[0];
  if (b & 32) return std::nullopt;  // motion
  static constexpr std::string_view k_buttons[] = {"MouseLeft", "MouseMiddle", "MouseRight"};
  std::string_view name;
  if (b & 64)
    name = (b & 3) == 0 ? "WheelUp" : (b & 3) == 1 ? "WheelDown" : "";
  else if ((b & 3) < 3)
    name = k_buttons[b & 3];
  if (name.empty()) return std::nullopt;
  return KeyEvent{KeyEvent::Kind::Mouse, std::string(name), p[1] - 1, p[2] - 1};
}

bool is_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

std::optional<std::string> normalize_key_name(std::string_view user_text) {
  while (!user_text.empty() && (user_text.front() == ' ' || user_text.front() == '\t'))
    user_text.remove_prefix(1);
  while (!user_text.empty() && (user_text.back() == ' ' || user_text.back() == '\t'))
    user_text.remove_suffix(1);
  unsigned mods = 0;
  for (unsigned bit; (bit = strip_modifier(user_text)) != 0;) mods |= bit;
  std::string base = canonical_base(user_text);
  if (base.empty()) return std::nullopt;
  return combine(mods, base);
}

void KeyDecoder::feed(std::string_view bytes) {
  m_buf.append(bytes);
}

void KeyDecoder::reset() {
  m_buf.clear();
  m_paste.clear();
  m_in_paste = false;
}

std::optional<KeyEvent> KeyDecoder::next(bool timeout_expired) {
  while (true) {
    if (m_in_paste) {
      auto ev = next_paste();
      if (!ev || !ev->value.empty()) return ev;
      continue;  // empty paste: nothing to report
    }
    if (m_buf.empty()) return std::nullopt;
    auto parsed = parse(m_buf, timeout_expired);
    if (!parsed) return std::nullopt;
    m_buf.erase(0, parsed->length);
    if (parsed->paste_start)
      m_in_paste = true;
    else if (parsed->event)
      return parsed->event;
  }
}

std::optional<KeyEvent> KeyDecoder::next_paste() {
  std::size_t end = m_buf.find(k_paste_end);
  bool done = end != std::string::npos;
  // Keep a tail that may be the start of a split end marker.
  std::size_t take = done ? end : m_buf.size() - std::min(m_buf.size(), k_paste_end.size() - 1);
  m_paste.append(m_buf, 0, take);
  m_buf.erase(0, done ? end + k_paste_end.size() : take);
  if (!done && m_paste.size() < k_max_paste_chunk) return std::nullopt;
  m_in_paste = !done;
  // Terminals paste line breaks as CR; the editor and the protocol want LF.
  std::string text;
  text.reserve(m_paste.size());
  for (std::size_t i = 0; i < m_paste.size(); ++i) {
    if (m_paste[i] == '\r') {
      text.push_back('\n');
      if (i + 1 < m_paste.size() && m_paste[i + 1] == '\n') ++i;
    } else {
      text.push_back(m_paste[i]);
    }
  }
  m_paste.clear();
  return KeyEvent{KeyEvent::Kind::Paste, std::move(text)};
}

std::optional<KeyDecoder::Parsed> KeyDecoder::parse(std::string_view buf, bool timeout) const {
  auto c = static_cast<unsigned char>(buf[0]);
  if (c == k_esc) return parse_escape(buf, timeout);
  if (c < 0x20 || c == 0x7F) return Parsed{1, key(control_key_name(c))};
  return parse_text(buf, timeout);
}

std::optional<KeyDecoder::Parsed> KeyDecoder::parse_text(std::string_view buf, bool timeout) const {
  std::string text;
  std::size_t pos = 0;
  while (pos < buf.size()) {
    auto c = static_cast<unsigned char>(buf[pos]);
    if (c < 0x20 || c == 0x7F) break;
    if (incomplete_utf8(buf.substr(pos))) {
      if (pos > 0) break;  // deliver what we have; the rest waits for its bytes
      if (!timeout) return std::nullopt;
      append_utf8(text, k_replacement_char);
      pos = buf.size();
      break;
    }
    append_utf8(text, decode_utf8_at(buf, pos));
  }
  return Parsed{pos, KeyEvent{KeyEvent::Kind::Text, std::move(text)}};
}

std::optional<KeyDecoder::Parsed> KeyDecoder::parse_escape(std::string_view buf,
                                                           bool timeout) const {
  if (buf.size() == 1) return timeout ? std::optional(Parsed{1, key("Esc")}) : std::nullopt;
  auto c = static_cast<unsigned char>(buf[1]);
  if (c == '[') return parse_csi(buf, timeout);
  if (c == 'O') return parse_ss3(buf, timeout);
  if (c == k_esc) {
    // ESC ESC [ ... is Alt+key on rxvt and screen; ESC ESC anything else is Esc, then more.
    if (buf.size() == 2) return timeout ? std::optional(Parsed{1, key("Esc")}) : std::nullopt;
    if (buf[2] != '[' && buf[2] != 'O') return Parsed{1, key("Esc")};
    auto inner = parse_escape(buf.substr(1), timeout);
    if (!inner) return std::nullopt;
    inner->length += 1;
    if (inner->event && inner->event->kind == KeyEvent::Kind::Key &&
        inner->event->value.find("M-") == std::string::npos)
      inner->event->value = inner->event->value.rfind("C-", 0) == 0
                                ? "C-M-" + inner->event->value.substr(2)
                                : "M-" + inner->event->value;
    return inner;
  }
  if (c < 0x20 || c == 0x7F) {
    std::string name = control_key_name(c);
    return Parsed{2, key(name.rfind("C-", 0) == 0 ? "C-M-" + name.substr(2) : "M-" + name)};
  }
  if (c >= 0x80) {  // Alt + a non-ASCII character
    if (incomplete_utf8(buf.substr(1)))
      return timeout ? std::optional(Parsed{buf.size(), std::nullopt}) : std::nullopt;
    std::size_t pos = 1;
    std::string name = "M-";
    append_utf8(name, decode_utf8_at(buf, pos));
    return Parsed{pos, key(std::move(name))};
  }
  if (c == ' ') return Parsed{2, key("M-Space")};
  return Parsed{2, key(std::string("M-") + lower(static_cast<char>(c)))};
}

std::optional<KeyDecoder::Parsed> KeyDecoder::parse_csi(std::string_view buf, bool timeout) const {
  if (buf.size() >= 3 && buf[2] == '[') {  // linux console F1-F5: ESC [ [ A..E
    if (buf.size() < 4)
      return timeout ? std::optional(Parsed{buf.size(), std::nullopt}) : std::nullopt;
    if (buf[3] >= 'A' && buf[3] <= 'E')
      return Parsed{4, key("F" + std::to_string(buf[3] - 'A' + 1))};
    return Parsed{4, std::nullopt};
  }
  std::size_t j = 2;
  for (; j < buf.size() && j < k_max_sequence; ++j) {
    auto b = static_cast<unsigned char>(buf[j]);
    bool rxvt_final = b == '$' && is_digits(buf.substr(2, j - 2));
    if ((b >= 0x40 && b <= 0x7E) || rxvt_final) {
      std::string_view params = buf.substr(2, j - 2);
      if (b == '~' && params == "200") return Parsed{j + 1, std::nullopt, true};
      if (params.starts_with('<')) return Parsed{j + 1, decode_mouse(params, static_cast<char>(b))};
      return Parsed{j + 1, decode_csi(params, static_cast<char>(b))};
    }
    if (b < 0x20 || b > 0x7E)
      return Parsed{j, std::nullopt};  // malformed: drop it, keep the byte that broke it
  }
  if (j >= k_max_sequence) return Parsed{j, std::nullopt};
  if (!timeout) return std::nullopt;
  if (buf.size() == 2) return Parsed{2, key("M-[")};
  return Parsed{buf.size(), std::nullopt};
}

std::optional<KeyDecoder::Parsed> KeyDecoder::parse_ss3(std::string_view buf, bool timeout) const {
  if (buf.size() == 2) return timeout ? std::optional(Parsed{2, key("M-o")}) : std::nullopt;
  std::size_t j = 2;
  while (j < buf.size() && j < k_max_sequence &&
         ((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';'))
    ++j;
  if (j == buf.size()) return timeout ? std::optional(Parsed{j, std::nullopt}) : std::nullopt;
  auto p = split_params(buf.substr(2, j - 2));
  unsigned mods = xterm_mods(p.back());
  char final = buf[j];
  if (auto name = letter_key(final); !name.empty()) return Parsed{j + 1, key(key_name(mods, name))};
  if (final >= 'a' && final <= 'd')  // rxvt control arrows
    return Parsed{j + 1, key(key_name(k_ctrl, letter_key(static_cast<char>(final - 'a' + 'A'))))};
  if (final == 'M') return Parsed{j + 1, key("Enter")};             // keypad Enter
  static constexpr std::string_view k_keypad = "*+,-./0123456789";  // ESC O j .. ESC O y
  if (final >= 'j' && final <= 'y')
    return Parsed{j + 1, KeyEvent{KeyEvent::Kind::Text,
                                  std::string(1, k_keypad[static_cast<std::size_t>(final - 'j')])}};
  return Parsed{j + 1, std::nullopt};
}

}  // namespace msntty::ui
