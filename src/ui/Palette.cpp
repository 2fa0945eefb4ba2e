#include "ui/Palette.hpp"

namespace msntty::ui {
namespace {

struct RoleLook {
  Role role;
  short fg, bg;  // -1: the terminal's default
  attr_t colour_attrs;
  attr_t mono_attrs;
};

constexpr short D = -1;

// One row per role: how it looks in colour and without.
const RoleLook k_looks[] = {
    {Role::Normal, D, D, A_NORMAL, A_NORMAL},
    {Role::Bar, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
    {Role::BarCurrent, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    {Role::BarLow, COLOR_CYAN, COLOR_BLUE, A_NORMAL, A_REVERSE | A_DIM},
    {Role::BarMessage, COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    {Role::BarHighlight, COLOR_MAGENTA, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD | A_UNDERLINE},
    {Role::BarAlert, COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
    {Role::Timestamp, COLOR_BLUE, D, A_NORMAL, A_DIM},
    {Role::OwnNick, COLOR_WHITE, D, A_BOLD, A_BOLD},
    {Role::Nick1, COLOR_CYAN, D, A_BOLD, A_BOLD},
    {Role::Nick2, COLOR_GREEN, D, A_BOLD, A_BOLD},
    {Role::Nick3, COLOR_YELLOW, D, A_BOLD, A_BOLD},
    {Role::Nick4, COLOR_MAGENTA, D, A_BOLD, A_BOLD},
    {Role::Nick5, COLOR_BLUE, D, A_BOLD, A_BOLD},
    {Role::Nick6, COLOR_RED, D, A_BOLD, A_BOLD},
    {Role::Notice, COLOR_CYAN, D, A_NORMAL, A_NORMAL},
    {Role::Error, COLOR_RED, D, A_BOLD, A_BOLD},
    {Role::Pending, D, D, A_DIM, A_DIM},
    {Role::Presence, COLOR_BLUE, D, A_NORMAL, A_DIM},
    {Role::Highlight, COLOR_MAGENTA, D, A_BOLD, A_BOLD | A_UNDERLINE},
    {Role::Online, COLOR_GREEN, D, A_BOLD, A_BOLD},
    {Role::Busy, COLOR_RED, D, A_BOLD, A_BOLD},
    {Role::Away, COLOR_YELLOW, D, A_NORMAL, A_NORMAL},
    {Role::Offline, D, D, A_DIM, A_DIM},
    {Role::GroupHeader, COLOR_WHITE, D, A_BOLD, A_BOLD | A_UNDERLINE},
    {Role::Selected, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    {Role::Unread, COLOR_YELLOW, D, A_BOLD, A_BOLD},
    {Role::Psm, D, D, A_DIM, A_DIM},
    {Role::Separator, COLOR_BLUE, D, A_NORMAL, A_NORMAL},
    {Role::More, COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE},
    {Role::Typing, COLOR_CYAN, D, A_DIM, A_DIM},
    {Role::Prompt, COLOR_CYAN, D, A_BOLD, A_BOLD},
    {Role::PastePrompt, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD},
};

}  // namespace

void Palette::init(bool colour) {
  m_colour = colour;
  m_pairs.clear();
  short pair = 1;
  for (const RoleLook& l : k_looks) {
    attr_t a = l.mono_attrs;
    if (colour && (l.fg != D || l.bg != D) && pair < COLOR_PAIRS) {
      init_pair(pair, l.fg, l.bg);
      a = l.colour_attrs | COLOR_PAIR(pair);
      ++pair;
    } else if (colour) {
      a = l.colour_attrs;
    }
    m_attrs[static_cast<size_t>(l.role)] = a;
  }
  m_next_pair = pair;
}

attr_t Palette::with_look(attr_t base, const Look& look) const {
  attr_t a = base;
  if (m_colour && (look.fg != Look::k_unset || look.bg != Look::k_unset)) {
    // The colours the look leaves alone are the base's.
    short fg = -1, bg = -1;
    pair_content(static_cast<short>(PAIR_NUMBER(base)), &fg, &bg);
    if (PAIR_NUMBER(base) == 0) fg = bg = -1;
    if (look.fg != Look::k_unset) fg = static_cast<short>(look.fg);
    if (look.bg != Look::k_unset) bg = static_cast<short>(look.bg);
    auto key = std::make_pair(int{fg}, int{bg});
    auto it = m_pairs.find(key);
    if (it == m_pairs.end() && m_next_pair < COLOR_PAIRS) {
      init_pair(m_next_pair, fg, bg);
      it = m_pairs.emplace(key, m_next_pair++).first;
    }
    if (it != m_pairs.end()) a = (a & ~A_COLOR) | COLOR_PAIR(it->second);
  }
  if (look.attrs & Look::k_bold) a |= A_BOLD;
  if (look.attrs & Look::k_dim) a |= A_DIM;
  if (look.attrs & Look::k_underline) a |= A_UNDERLINE;
  if (look.attrs & Look::k_reverse) a |= A_REVERSE;
  if (look.attrs & Look::k_italic) a |= A_ITALIC;
  return a;
}

}  // namespace msntty::ui
