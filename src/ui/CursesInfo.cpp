#include "ui/CursesInfo.hpp"

#include <ncursesw/curses.h>

namespace msntty::ui {
std::string curses_library_version() {
  return curses_version();
}
}  // namespace msntty::ui
