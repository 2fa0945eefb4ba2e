#pragma once
// The contact-list dump that answers SYN, in each generation's format
// (doc/protocol/ns-lists.md#syn-dumps):
//   MSNP2-6  LST TrID LIST ver index total email nick          (one line per list entry)
//   MSNP7    + LSG TrID ver index total id name 0, FL entries end with group ids
//   MSNP8-9  SYN TrID ver #contacts #groups; LSG id name 0; LST email nick bits [groups]
//   MSNP10-11 LSG name guid; LST N=email F=nick C=guid bits [groups]
//   MSNP12   LST N=email F=nick C=guid bits networkbits [groups]
// Entries are merged per contact (older versions list a contact once per list) and handed out in
// the order first seen when the dump is complete.
#include <string>
#include <unordered_map>
#include <vector>

#include "model/Contact.hpp"
#include "proto/Command.hpp"

namespace msntty {

class ListDump {
 public:
  explicit ListDump(int version) : m_version(version) {}

  // The SYN reply. `requested` is the list version we sent; an equal reply means "no dump".
  void begin(const Command& syn_reply, std::string_view requested);
  // A child of the dump (LSG, LST, BPR); false if `c` is not one, so the caller handles it.
  bool feed(const Command& c);
  bool complete() const;
  // The server said the list is unchanged: no dump, and none of its settings, will follow.
  bool empty_reply() const { return m_expect_nothing; }

  const std::vector<Group>& groups() const { return m_groups; }
  const std::vector<Contact>& contacts() const { return m_contacts; }

 private:
  bool feed_lsg(const Command& c);
  bool feed_lst_old(const Command& c);  // MSNP2-7
  bool feed_lst_new(const Command& c);  // MSNP8+
  Contact& contact(const std::string& email);

  int m_version;
  bool m_started = false;
  bool m_expect_nothing = false;
  // MSNP8+: announced counts; MSNP2-7: which of FL/AL/BL/RL have ended.
  size_t m_want_contacts = 0, m_want_groups = 0, m_got_contacts = 0, m_got_groups = 0;
  unsigned m_lists_done = 0;
  bool m_groups_done = false;
  std::vector<Group> m_groups;
  std::vector<Contact> m_contacts;
  std::unordered_map<std::string, size_t> m_index;
};

}  // namespace msntty
