#pragma once
// The contact pane's content as rows: the user's groups in their order, each with its contacts
// (online first, then by name), then the contacts in no group. Rebuilt only when the contact
// list's revision changes; the cursor follows the selected contact across rebuilds. No curses.
#include <cstdint>
#include <string>
#include <vector>

#include "model/ContactList.hpp"

namespace msntty::ui {

struct ContactRow {
  bool header = false;
  std::string email;  // contact rows
  std::string title;  // header rows: the group name (sanitized)
  int online = 0, total = 0;
};

class ContactRows {
 public:
  // True when it rebuilt (the list changed since the last call).
  bool update(const ContactList& list);
  const std::vector<ContactRow>& rows() const { return m_rows; }

  bool has_selection() const { return m_cursor < m_rows.size(); }
  std::size_t cursor() const { return m_cursor; }
  const std::string& selected_email() const;  // "" when no contact is selected
  void move(int delta);                       // over contact rows, skipping headers
  void first();
  void last();
  // First row to show in a pane `height` rows high, keeping the cursor in view.
  std::size_t scroll_top(int height);
  // Moves the cursor to row `index` (a mouse click); false when it is a header or past the end.
  bool select(std::size_t index);

 private:
  void add_group(const ContactList& list, const std::string& title,
                 const std::vector<const Contact*>& members);
  void place_cursor(const std::string& email);

  std::vector<ContactRow> m_rows;
  uint64_t m_revision = ~uint64_t{0};
  std::size_t m_cursor = ~std::size_t{0};
  std::size_t m_top = 0;
};

}  // namespace msntty::ui
