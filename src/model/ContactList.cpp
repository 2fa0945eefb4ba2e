#include "model/ContactList.hpp"

#include <algorithm>

#include "util/Strings.hpp"

namespace msntty {

void ContactList::clear() {
  m_contacts.clear();
  m_index.clear();
  m_groups.clear();
  touch();
}

Contact& ContactList::upsert(const std::string& email) {
  touch();
  auto [it, inserted] = m_index.try_emplace(to_lower(email), m_contacts.size());
  if (inserted) {
    m_contacts.emplace_back();
    m_contacts.back().email = email;
    m_contacts.back().nick = email;
  }
  return m_contacts[it->second];
}

Contact* ContactList::find(std::string_view email) {
  auto it = m_index.find(to_lower(email));
  return it == m_index.end() ? nullptr : &m_contacts[it->second];
}

const Contact* ContactList::find(std::string_view email) const {
  auto it = m_index.find(to_lower(email));
  return it == m_index.end() ? nullptr : &m_contacts[it->second];
}

void ContactList::remove(std::string_view email) {
  auto it = m_index.find(to_lower(email));
  if (it == m_index.end()) return;
  m_contacts.erase(m_contacts.begin() + static_cast<std::ptrdiff_t>(it->second));
  m_index.clear();
  for (size_t i = 0; i < m_contacts.size(); ++i) m_index[to_lower(m_contacts[i].email)] = i;
  touch();
}

void ContactList::upsert_group(Group g) {
  touch();
  for (auto& existing : m_groups) {
    if (existing.id == g.id) {
      existing = std::move(g);
      return;
    }
  }
  m_groups.push_back(std::move(g));
}

void ContactList::remove_group(std::string_view id) {
  std::erase_if(m_groups, [&](const Group& g) { return g.id == id; });
  touch();
}

const Group* ContactList::group(std::string_view id) const {
  for (const auto& g : m_groups)
    if (g.id == id) return &g;
  return nullptr;
}

ContactList::Match ContactList::resolve(std::string_view who) const {
  if (who.empty()) return {nullptr, "no contact given (a nickname or an e-mail address)"};
  if (const Contact* exact = find(who)) return {exact, {}};
  std::vector<const Contact*> hits;
  for (const auto& c : m_contacts) {
    if (starts_with_icase(c.email, who) || starts_with_icase(c.nick, who)) hits.push_back(&c);
  }
  if (hits.size() == 1) return {hits[0], {}};
  if (hits.empty()) return {nullptr, "no contact matches \"" + std::string(who) + "\""};
  // A nickname that matches exactly wins over longer ones that merely start with it.
  for (const Contact* c : hits)
    if (equals_icase(c->nick, who)) return {c, {}};
  std::string names;
  for (size_t i = 0; i < hits.size() && i < 5; ++i) names += (i ? ", " : "") + hits[i]->email;
  return {nullptr, "\"" + std::string(who) + "\" is ambiguous: " + names};
}

}  // namespace msntty
