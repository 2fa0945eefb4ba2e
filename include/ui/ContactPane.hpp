#pragma once
// Draws the contact list: group headers with online/total counts, then one row per contact with
// a status symbol (shape and colour differ, so it reads in monochrome too), the nickname, the
// personal message dimmed, and the unread count right-aligned. The cursor row is highlighted
// while the pane has the focus.
#include <functional>
#include <string>

#include "model/ContactList.hpp"
#include "model/IgnoreList.hpp"
#include "ui/ContactRows.hpp"
#include "ui/Paint.hpp"
#include "ui/Palette.hpp"

namespace msntty::ui {

class ContactPane {
 public:
  using UnreadCount = std::function<std::size_t(const std::string& email)>;
  ContactPane(const Palette& palette, bool utf8) : m_palette(palette), m_utf8(utf8) {}
  void draw(WINDOW* w, ContactRows& rows, const ContactList& list, bool focused,
            const UnreadCount& unread) const;
  void draw_separator(WINDOW* w) const;
  // Who to mark "(ignored)" (in place of the personal message); none when never set.
  void set_ignores(const IgnoreList* ignores) { m_ignores = ignores; }
  static std::string_view status_symbol(Status s, bool utf8);
  attr_t status_attr(Status s) const;

 private:
  void draw_contact(const Paint& p, int y, int width, const Contact& c, bool selected,
                    std::size_t unread, bool stale) const;

  const Palette& m_palette;
  bool m_utf8;
  const IgnoreList* m_ignores = nullptr;
};

}  // namespace msntty::ui
