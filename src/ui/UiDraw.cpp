// Ui: layout and drawing. Each part is redrawn only when its dirty bit is set (the bars when
// their content differs from what is on screen); each goes out with wnoutrefresh() and the turn
// ends with a single doupdate().
#include "ui/Ui.hpp"

#include <algorithm>

#include "ui/ChatPane.hpp"
#include "ui/ContactPane.hpp"
#include "ui/InputBar.hpp"
#include "ui/TextWidth.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

WindowPtr make_window(const Rect& r, bool keeps_cursor) {
  if (r.empty()) return {};  // newwin(0, 0, ...) would mean "the whole screen"
  WindowPtr w(newwin(r.h, r.w, r.y, r.x));
  if (w) leaveok(w.get(), keeps_cursor ? FALSE : TRUE);
  return w;
}

}  // namespace

void Ui::relayout() {
  m_title_w.reset();
  m_contacts_w.reset();
  m_separator_w.reset();
  m_chat_w.reset();
  m_status_w.reset();
  m_input_w.reset();
  m_layout = compute_layout(m_term.rows(), m_term.cols(), m_contacts_wanted, m_contacts_width);
  m_title_w = make_window(m_layout.title, false);
  m_contacts_w = make_window(m_layout.contacts, false);
  m_separator_w = make_window(m_layout.separator, false);
  m_chat_w = make_window(m_layout.chat, false);
  m_status_w = make_window(m_layout.status, false);
  m_input_w = make_window(m_layout.input, true);
  if (!contacts_visible() && m_contacts_focus) m_contacts_focus = false;
  m_drawn_title.clear();
  m_drawn_status = {};
}

int Ui::chat_rows() {
  bool footer = !m_drawn_typing.empty() || !m_windows.current().scrollback().at_bottom();
  return ChatPane::text_rows(m_layout.chat.h, footer);
}

void Ui::draw() {
  if (m_dirty & kLayout) {
    relayout();
    m_dirty |= kAll;
  }
  std::string title = title_text();
  if (title != m_drawn_title) m_dirty |= kTitle;
  StatusInfo status = status_info();
  if (!(status == m_drawn_status)) m_dirty |= kStatus;
  if (!(m_dirty & kAll)) return;  // nothing changed: no output at all

  bool utf8 = m_term.utf8();
  if ((m_dirty & kTitle) && m_title_w) {
    Bars(m_palette, utf8).draw_title(m_title_w.get(), title);
    wnoutrefresh(m_title_w.get());
    m_drawn_title = title;
  }
  if ((m_dirty & kContacts) && m_contacts_w) {
    ContactPane pane(m_palette, utf8);
    pane.set_ignores(&m_app.ignores());
    pane.draw(m_contacts_w.get(), m_contact_rows, m_app.contacts(), m_contacts_focus,
              [this](const std::string& email) { return unread_from(email); });
    pane.draw_separator(m_separator_w.get());
    wnoutrefresh(m_contacts_w.get());
    if (m_separator_w) wnoutrefresh(m_separator_w.get());
  }
  if ((m_dirty & kChat) && m_chat_w) {
    const auto& found = m_search.match();
    ChatPane(m_palette, m_theme, utf8)
        .draw(m_chat_w.get(), m_windows.current(), m_drawn_typing, found ? &*found : nullptr);
    wnoutrefresh(m_chat_w.get());
  }
  if ((m_dirty & kStatus) && m_status_w) {
    m_tab_spots = Bars(m_palette, utf8).draw_status(m_status_w.get(), status, m_theme);
    wnoutrefresh(m_status_w.get());
    m_drawn_status = std::move(status);
  }
  if (m_input_w) {
    InputBar bar(m_palette, utf8);
    if (m_dirty & kInput) {
      if (!m_paste.empty()) {
        std::size_t lines =
            1 + static_cast<std::size_t>(std::count(m_paste.begin(), m_paste.end(), '\n'));
        bar.draw_question(m_input_w.get(),
                          "paste of " + std::to_string(lines) +
                              " lines: Enter sends it as one message, Esc drops it");
      } else if (!m_added_you.empty() && m_editor.empty()) {
        bar.draw_question(m_input_w.get(),
                          sanitize_for_terminal(m_added_you.front()) +
                              " added you: Enter adds back and allows, M-l allows, "
                              "M-b blocks, Esc decides later");
      } else if (m_search.active()) {
        bar.draw(
            m_input_w.get(),
            m_search.failing() ? "search (not found): " : "search (C-r older): ", m_search_line);
      } else {
        bar.draw(m_input_w.get(), prompt(), m_editor);
      }
    }
    // Last, so the terminal's cursor ends up in the input line.
    touchline(m_input_w.get(), 0, 1);
    wnoutrefresh(m_input_w.get());
  }
  doupdate();
  m_dirty = 0;
}

std::string Ui::title_text() {
  ChatWindow& w = m_windows.current();
  if (w.is_status())
    return "msntty " MSNTTY_VERSION " | status: server notices and errors | /help for commands";
  const Conversation* c = conversation_of(w);
  if (!c) return "";
  if (c->wanted().size() == 1) {
    const std::string& email = c->wanted()[0];
    const Contact* who = m_app.contacts().find(email);
    std::string title = contact_name(email) + " <" + sanitize_for_terminal(email) + ">";
    if (who) {
      title += " | " + std::string(status_label(who->status));
      if (!who->psm.empty()) title += " | " + sanitize_for_terminal(who->psm);
    }
    return title;
  }
  return "group chat: " + window_name(w) + " (" + std::to_string(c->present().size()) + " here)";
}

StatusInfo Ui::status_info() {
  StatusInfo s;
  s.nick = sanitize_for_terminal(m_own_nick.empty() ? m_app.settings().get("account") : m_own_nick);
  s.status = m_connection.empty() ? m_own_status : Status::Offline;
  s.psm = sanitize_for_terminal(m_own_psm);
  s.connection = m_connection;
  s.mode = m_contacts_focus ? "contacts" : "";
  for (std::size_t i = 0; i < m_windows.size(); ++i) {
    ChatWindow& w = m_windows.at(i);
    s.windows.push_back(
        {static_cast<int>(i + 1), window_name(w), activity_of(w), i == m_windows.current_index()});
  }
  return s;
}

std::string Ui::prompt() {
  return "[" + truncate_to_width(window_name(m_windows.current()), 16) + "] ";
}

}  // namespace msntty::ui
