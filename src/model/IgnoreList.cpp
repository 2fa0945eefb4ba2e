#include "model/IgnoreList.hpp"

#include <algorithm>

#include "util/Strings.hpp"

namespace msntty {

bool IgnoreList::add(std::string_view email) {
  std::string key = to_lower(email);
  auto at = std::lower_bound(m_emails.begin(), m_emails.end(), key);
  if (at != m_emails.end() && *at == key) return false;
  m_emails.insert(at, std::move(key));
  ++m_revision;
  return true;
}

bool IgnoreList::remove(std::string_view email) {
  auto at = std::find(m_emails.begin(), m_emails.end(), to_lower(email));
  if (at == m_emails.end()) return false;
  m_emails.erase(at);
  ++m_revision;
  return true;
}

bool IgnoreList::contains(std::string_view email) const {
  return std::binary_search(m_emails.begin(), m_emails.end(), to_lower(email));
}

}  // namespace msntty
