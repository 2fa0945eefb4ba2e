#include "ui/InputBar.hpp"

#include "ui/TextWidth.hpp"

namespace msntty::ui {

void InputBar::draw(WINDOW* w, const std::string& prompt, const LineEditor& editor) const {
  if (!w) return;
  werase(w);
  Paint p(w, m_utf8);
  int width = getmaxx(w);
  // On a very narrow terminal the prompt gives way to the text.
  std::string shown = width >= 24 ? truncate_to_width(prompt, width / 3) : "";
  int x = p.text(0, 0, shown, width, m_palette[Role::Prompt]);
  int room = width - x - 1;  // the last column stays free for the cursor
  if (room < 1) {
    x = 0;
    room = std::max(1, width - 1);
  }
  LineEditor::View view = editor.view(room);
  p.text(0, x, view.visible, room, m_palette[Role::Normal]);
  wmove(w, 0, std::min(width - 1, x + view.cursor_column));
}

void InputBar::draw_question(WINDOW* w, const std::string& question) const {
  if (!w) return;
  werase(w);
  Paint p(w, m_utf8);
  int width = getmaxx(w);
  p.blank(0, 0, width, m_palette[Role::PastePrompt]);
  int used =
      p.text(0, 0, truncate_to_width(question, width - 1), width - 1, m_palette[Role::PastePrompt]);
  wmove(w, 0, std::min(width - 1, used));
}

}  // namespace msntty::ui
