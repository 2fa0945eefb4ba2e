#include "ui/LineEditor.hpp"

#include <algorithm>
#include <utility>

#include "ui/TextWidth.hpp"

namespace msntty::ui {
namespace {

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200A);
}

// Readline's "alphanumeric" words, extended so letters of every script count: anything
// outside ASCII that is not whitespace or common punctuation is a word character.
bool is_word(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (is_space(c)) return false;
  bool punct = (c >= 0x2010 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
               (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7;
  return !punct;
}

}  // namespace

std::vector<std::size_t> LineEditor::boundaries() const {
  std::vector<std::size_t> b;
  for (std::size_t pos = 0; pos < m_text.size(); pos = next_cluster(m_text, pos)) b.push_back(pos);
  b.push_back(m_text.size());
  return b;
}

std::size_t LineEditor::snap_forward(std::size_t pos) const {
  auto b = boundaries();
  return *std::lower_bound(b.begin(), b.end(), std::min(pos, m_text.size()));
}

std::size_t LineEditor::cursor() const {
  auto b = boundaries();
  return static_cast<std::size_t>(std::lower_bound(b.begin(), b.end(), m_cursor) - b.begin());
}

std::size_t LineEditor::length() const {
  return boundaries().size() - 1;
}

std::size_t LineEditor::cursor_byte() const {
  return encode_utf8(std::u32string_view(m_text).substr(0, m_cursor)).size();
}

std::string LineEditor::text() const {
  return encode_utf8(m_text);
}

void LineEditor::insert(std::string_view utf8) {
  m_last_was_kill = false;
  std::u32string cps = decode_utf8(utf8);
  m_text.insert(m_cursor, cps);
  // Inserted text can merge with a following combining mark; never leave the cursor inside.
  m_cursor = snap_forward(m_cursor + cps.size());
}

bool LineEditor::move_to(std::size_t pos) {
  m_last_was_kill = false;
  if (pos == m_cursor) return false;
  m_cursor = pos;
  return true;
}

bool LineEditor::move_left() {
  auto b = boundaries();
  std::size_t k = cursor();
  return move_to(k == 0 ? m_cursor : b[k - 1]);
}

bool LineEditor::move_right() {
  return move_to(m_cursor == m_text.size() ? m_cursor : next_cluster(m_text, m_cursor));
}

bool LineEditor::home() {
  return move_to(0);
}

bool LineEditor::end() {
  return move_to(m_text.size());
}

std::size_t LineEditor::word_left_pos() const {
  auto b = boundaries();
  std::size_t k = cursor();
  while (k > 0 && !is_word(m_text[b[k - 1]])) --k;
  while (k > 0 && is_word(m_text[b[k - 1]])) --k;
  return b[k];
}

std::size_t LineEditor::word_right_pos() const {
  auto b = boundaries();
  std::size_t n = b.size() - 1;
  std::size_t k = cursor();
  while (k < n && !is_word(m_text[b[k]])) ++k;
  while (k < n && is_word(m_text[b[k]])) ++k;
  return b[k];
}

bool LineEditor::word_left() {
  return move_to(word_left_pos());
}

bool LineEditor::word_right() {
  return move_to(word_right_pos());
}

bool LineEditor::erase(std::size_t from, std::size_t to) {
  if (from >= to) return false;
  m_text.erase(from, to - from);
  m_cursor = snap_forward(from);
  return true;
}

bool LineEditor::delete_backward() {
  m_last_was_kill = false;
  auto b = boundaries();
  std::size_t k = cursor();
  return k > 0 && erase(b[k - 1], m_cursor);
}

bool LineEditor::delete_forward() {
  m_last_was_kill = false;
  return m_cursor < m_text.size() && erase(m_cursor, next_cluster(m_text, m_cursor));
}

bool LineEditor::kill(std::size_t from, std::size_t to, bool backward) {
  if (from >= to) {
    m_last_was_kill = false;
    return false;
  }
  std::string killed = encode_utf8(std::u32string_view(m_text).substr(from, to - from));
  // Consecutive kills build one piece of text so a single C-y brings all of it back.
  if (!m_last_was_kill)
    m_kill = std::move(killed);
  else if (backward)
    m_kill.insert(0, killed);
  else
    m_kill += killed;
  erase(from, to);
  m_last_was_kill = true;
  return true;
}

bool LineEditor::kill_word_backward() {
  auto b = boundaries();
  std::size_t k = cursor();
  while (k > 0 && is_space(m_text[b[k - 1]])) --k;
  while (k > 0 && !is_space(m_text[b[k - 1]])) --k;
  return kill(b[k], m_cursor, true);
}

bool LineEditor::kill_alnum_word_backward() {
  return kill(word_left_pos(), m_cursor, true);
}

bool LineEditor::kill_word_forward() {
  return kill(m_cursor, word_right_pos(), false);
}

bool LineEditor::kill_to_start() {
  return kill(0, m_cursor, true);
}

bool LineEditor::kill_to_end() {
  return kill(m_cursor, m_text.size(), false);
}

bool LineEditor::yank() {
  if (m_kill.empty()) {
    m_last_was_kill = false;
    return false;
  }
  insert(m_kill);
  return true;
}

bool LineEditor::transpose() {
  m_last_was_kill = false;
  auto b = boundaries();
  std::size_t n = b.size() - 1;
  std::size_t k = cursor();
  if (n < 2 || k == 0) return false;
  if (k == n)  // at the end readline swaps the last two characters
    --k;
  std::u32string left = m_text.substr(b[k - 1], b[k] - b[k - 1]);
  std::u32string right = m_text.substr(b[k], b[k + 1] - b[k]);
  m_text.replace(b[k - 1], left.size() + right.size(), right + left);
  m_cursor = snap_forward(b[k + 1]);
  return true;
}

void LineEditor::clear() {
  m_last_was_kill = false;
  m_text.clear();
  m_cursor = 0;
  m_view_first = 0;
}

void LineEditor::set_text(std::string_view utf8) {
  set_text(utf8, utf8.size());
}

void LineEditor::set_text(std::string_view utf8, std::size_t cursor_byte) {
  m_last_was_kill = false;
  m_text = decode_utf8(utf8);
  m_cursor = snap_forward(decode_utf8(utf8.substr(0, std::min(cursor_byte, utf8.size()))).size());
  m_view_first = 0;
}

LineEditor::View LineEditor::view(int width) const {
  View v{{}, 0, false, false};
  if (width <= 0) return v;
  auto b = boundaries();
  std::size_t n = b.size() - 1;
  std::vector<int> cols(n + 1, 0);  // column where each cluster starts
  for (std::size_t i = 0; i < n; ++i)
    cols[i + 1] =
        cols[i] + display_width(std::u32string_view(m_text).substr(b[i], b[i + 1] - b[i]));
  std::size_t k = cursor();
  int cc = cols[k];
  int margin = std::min(width / 5, 10);
  int right_margin = k == n ? 0 : margin;  // at the end there is nothing to show after it
  std::size_t first = std::min(m_view_first, n);
  int start = cols[first];
  if (cols[n] < width) {
    first = 0;  // everything fits, cursor cell included
  } else if ((start > 0 && cc < start + margin) || cc > start + width - 1 - right_margin) {
    // Jump so the cursor lands mid-field: typing at the edge then shows half a field of
    // context and half a field of room before the next jump.
    int wanted = std::max(0, cc - width / 2);
    first = static_cast<std::size_t>(std::lower_bound(cols.begin(), cols.begin() + k, wanted) -
                                     cols.begin());
  }
  m_view_first = first;
  int col = 0;
  std::size_t i = first;
  for (; i < n; ++i) {
    int w = cols[i + 1] - cols[i];
    if (col + w > width) {
      v.visible.append(static_cast<std::size_t>(width - col), ' ');  // never half a wide char
      break;
    }
    v.visible += encode_utf8(std::u32string_view(m_text).substr(b[i], b[i + 1] - b[i]));
    col += w;
  }
  v.cursor_column = cc - cols[first];
  v.more_left = first > 0;
  v.more_right = i < n;
  return v;
}

}  // namespace msntty::ui
