#pragma once
// The user's contacts and groups as the server last described them, with live presence.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/Contact.hpp"

namespace msntty {

class ContactList {
 public:
  void clear();
  Contact& upsert(const std::string& email);
  Contact* find(std::string_view email);
  const Contact* find(std::string_view email) const;
  void remove(std::string_view email);

  void upsert_group(Group g);
  void remove_group(std::string_view id);
  const Group* group(std::string_view id) const;
  const std::vector<Group>& groups() const { return m_groups; }
  const std::vector<Contact>& contacts() const { return m_contacts; }

  // What the user typed to name a contact: an exact e-mail, else a unique case-insensitive prefix
  // of an e-mail or of a nickname. On failure `error` says why ("no contact matches", "ambiguous:
  // bob@a, bob@b").
  struct Match {
    const Contact* contact = nullptr;
    std::string error;
  };
  Match resolve(std::string_view who) const;

  // Bumped on every change, so views redraw only when something changed.
  uint64_t revision() const { return m_revision; }
  void touch() { ++m_revision; }

  // Not signed in: the statuses are the last ones known, not news (the interface greys them).
  bool stale() const { return m_stale; }
  void set_stale(bool stale) {
    if (std::exchange(m_stale, stale) != stale) touch();
  }

 private:
  std::vector<Contact> m_contacts;
  std::unordered_map<std::string, size_t> m_index;
  std::vector<Group> m_groups;
  uint64_t m_revision = 0;
  bool m_stale = false;
};

}  // namespace msntty
