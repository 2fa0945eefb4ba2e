#include "ui/Palette.hpp"

namespace msntty::ui {
namespace {

struct Look {
  Role role;
  short fg, bg;  // -1: the terminal's default
  attr_t colour_attrs;
  attr_t mono_attrs;
};

constexpr short D = -1;

// One row per role: how it looks in colour and without.
const Look k_looks[] = {
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
  short pair = 1;
  for (const Look& l : k_looks) {
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
}

}  // namespace msntty::ui
