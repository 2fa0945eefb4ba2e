#pragma once
// Facts about the curses library, for code outside ui/ that must not include curses itself.
#include <string>

namespace msntty::ui {
std::string curses_library_version();  // e.g. "ncurses 6.4.20221231"
}
