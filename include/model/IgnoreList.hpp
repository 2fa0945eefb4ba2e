#pragma once
// The people the user muted locally with /ignore (irssi's /ignore, not the server's block list):
// their messages, nudges, typing and presence lines are not shown and never notify, yet they are
// still logged and they still see you as usual. Addresses are compared without case. /save
// writes the list (as /ignore lines) to the config file, so it survives a restart.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

class IgnoreList {
 public:
  bool add(std::string_view email);     // false when already ignored
  bool remove(std::string_view email);  // false when not ignored
  bool contains(std::string_view email) const;
  const std::vector<std::string>& all() const { return m_emails; }  // lower case, sorted
  uint64_t revision() const { return m_revision; }  // bumped on every change (views redraw)

 private:
  std::vector<std::string> m_emails;
  uint64_t m_revision = 0;
};

}  // namespace msntty
