#include "ui/ContactRows.hpp"

#include <algorithm>
#include <map>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

bool on_forward_list(const Contact& c) {
  return (c.lists & kForwardList) != 0;
}

}  // namespace

bool ContactRows::update(const ContactList& list) {
  if (list.revision() == m_revision) return false;
  m_revision = list.revision();
  std::string keep = selected_email();
  m_rows.clear();
  std::map<std::string, std::vector<const Contact*>> by_group;
  std::vector<const Contact*> ungrouped;
  for (const Contact& c : list.contacts()) {
    if (!on_forward_list(c)) continue;  // people who merely added us are not "our" contacts
    bool placed = false;
    for (const auto& g : c.groups) {
      if (g == "0" || !list.group(g)) continue;  // MSNP7-9 group 0 is "no group"
      by_group[g].push_back(&c);
      placed = true;
    }
    if (!placed) ungrouped.push_back(&c);
  }
  for (const Group& g : list.groups())
    if (g.id != "0") add_group(list, g.name, by_group[g.id]);
  if (!ungrouped.empty()) add_group(list, "Other contacts", ungrouped);
  place_cursor(keep);
  return true;
}

void ContactRows::add_group(const ContactList&, const std::string& title,
                            const std::vector<const Contact*>& members) {
  std::vector<const Contact*> sorted = members;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Contact* a, const Contact* b) {
    bool ao = status_is_online(a->status), bo = status_is_online(b->status);
    if (ao != bo) return ao;
    return to_lower(a->nick) < to_lower(b->nick);
  });
  ContactRow header;
  header.header = true;
  header.title = sanitize_for_terminal(title);
  header.total = static_cast<int>(sorted.size());
  for (const Contact* c : sorted) header.online += status_is_online(c->status) ? 1 : 0;
  m_rows.push_back(std::move(header));
  for (const Contact* c : sorted) {
    ContactRow row;
    row.email = c->email;
    m_rows.push_back(std::move(row));
  }
}

void ContactRows::place_cursor(const std::string& email) {
  m_cursor = ~std::size_t{0};
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    if (m_rows[i].header) continue;
    if (m_cursor == ~std::size_t{0}) m_cursor = i;  // default: the first contact
    if (!email.empty() && equals_icase(m_rows[i].email, email)) {
      m_cursor = i;
      return;
    }
  }
}

const std::string& ContactRows::selected_email() const {
  static const std::string none;
  return has_selection() ? m_rows[m_cursor].email : none;
}

void ContactRows::move(int delta) {
  if (!has_selection()) return;
  std::size_t i = m_cursor;
  int step = delta < 0 ? -1 : 1;
  for (int left = std::abs(delta); left > 0;) {
    if ((step < 0 && i == 0) || (step > 0 && i + 1 >= m_rows.size())) break;
    i += static_cast<std::size_t>(static_cast<std::ptrdiff_t>(step));
    if (!m_rows[i].header) {
      m_cursor = i;
      --left;
    }
  }
}

void ContactRows::first() {
  if (has_selection()) move(-static_cast<int>(m_rows.size()));
}

void ContactRows::last() {
  if (has_selection()) move(static_cast<int>(m_rows.size()));
}

bool ContactRows::select(std::size_t index) {
  if (index >= m_rows.size() || m_rows[index].header) return false;
  m_cursor = index;
  return true;
}

std::size_t ContactRows::scroll_top(int height) {
  if (height <= 0) return 0;
  std::size_t h = static_cast<std::size_t>(height);
  if (m_rows.size() <= h) return m_top = 0;
  m_top = std::min(m_top, m_rows.size() - h);
  if (has_selection()) {
    // Show the group header above the first contact of the list when scrolling to the top.
    std::size_t want = m_cursor > 0 && m_rows[m_cursor - 1].header ? m_cursor - 1 : m_cursor;
    if (want < m_top) m_top = want;
    if (m_cursor >= m_top + h) m_top = m_cursor + 1 - h;
  }
  return m_top;
}

}  // namespace msntty::ui
