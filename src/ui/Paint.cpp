#include "ui/Paint.hpp"

#include <string>

#include "ui/TextWidth.hpp"

namespace msntty::ui {
namespace {

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

}  // namespace

int Paint::text(int y, int x, std::string_view s, int width, attr_t attr) const {
  if (!m_w || width <= 0) return 0;
  int maxx = getmaxx(m_w);
  if (x >= maxx) return 0;
  width = std::min(width, maxx - x);
  wmove(m_w, y, x);
  wattrset(m_w, attr);
  int used = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    int w = 0;
    std::size_t next = next_cluster(s, pos, &w);
    if (used + w > width) break;
    cluster(decode_utf8(s.substr(pos, next - pos)), w, attr);
    used += w;
    pos = next;
  }
  return used;
}

void Paint::cluster(std::u32string_view cps, int width, attr_t) const {
  if (width <= 0) return;  // a stray zero-width cluster: nothing to show, nothing to count
  bool plain = true;
  for (char32_t c : cps) plain = plain && !is_control(c) && (m_utf8 || c < 0x80);
  if (!plain) {
    // Outside UTF-8 (or a control that escaped sanitizing): keep the columns, lose the glyph.
    for (int i = 0; i < width; ++i) waddch(m_w, '?');
    return;
  }
  std::wstring w(cps.begin(), cps.end());
  waddnwstr(m_w, w.c_str(), static_cast<int>(w.size()));
}

void Paint::blank(int y, int x, int width, attr_t attr) const {
  if (!m_w || width <= 0) return;
  int maxx = getmaxx(m_w);
  width = std::min(width, maxx - x);
  if (width <= 0) return;
  wattrset(m_w, attr);
  mvwhline(m_w, y, x, ' ', width);
}

}  // namespace msntty::ui
