#pragma once
// Draws the input line: a prompt naming the window, then the editor's visible slice with the
// cursor placed on it; or, while a multi-line paste waits for consent, the question instead.
#include <string>

#include "ui/LineEditor.hpp"
#include "ui/Paint.hpp"
#include "ui/Palette.hpp"

namespace msntty::ui {

class InputBar {
 public:
  InputBar(const Palette& palette, bool utf8) : m_palette(palette), m_utf8(utf8) {}
  void draw(WINDOW* w, const std::string& prompt, const LineEditor& editor) const;
  void draw_question(WINDOW* w, const std::string& question) const;

 private:
  const Palette& m_palette;
  bool m_utf8;
};

}  // namespace msntty::ui
