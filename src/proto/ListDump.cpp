#include "proto/ListDump.hpp"

#include "proto/DisplayName.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

constexpr unsigned kOldLists = kForwardList | kAllowList | kBlockList | kReverseList;

std::vector<std::string> split_groups(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    if (comma > start) out.emplace_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

size_t count_or_zero(const Command& c, size_t i) {
  return parse_u32(c.arg(i)).value_or(0);
}

}  // namespace

void ListDump::begin(const Command& syn_reply, std::string_view requested) {
  m_started = true;
  if (m_version >= 8) {
    // SYN t ver #c #g (8-9) or SYN t ver sver #c #g (10+); without counts nothing follows.
    size_t first_count = m_version >= 10 ? 3 : 2;
    if (syn_reply.argc() < first_count + 2) {
      m_expect_nothing = true;
      return;
    }
    m_want_contacts = count_or_zero(syn_reply, first_count);
    m_want_groups = count_or_zero(syn_reply, first_count + 1);
    return;
  }
  m_groups_done = m_version < 7;
  if (syn_reply.arg(1) == requested) m_expect_nothing = true;
}

bool ListDump::complete() const {
  if (!m_started) return false;
  if (m_expect_nothing) return true;
  if (m_version >= 8) return m_got_contacts >= m_want_contacts && m_got_groups >= m_want_groups;
  return m_groups_done && (m_lists_done & kOldLists) == kOldLists;
}

bool ListDump::feed(const Command& c) {
  if (c.name == "LSG") return feed_lsg(c);
  if (c.name == "LST") return m_version >= 8 ? feed_lst_new(c) : feed_lst_old(c);
  if (c.name == "BPR") return true;  // phone numbers of the previous contact: not shown yet
  return false;
}

bool ListDump::feed_lsg(const Command& c) {
  Group g;
  if (m_version >= 10) {  // LSG name guid
    g.name = decode_name(c.arg(0));
    g.id = c.arg(1);
  } else if (m_version >= 8) {  // LSG id name 0
    g.id = c.arg(0);
    g.name = decode_name(c.arg(1));
  } else {  // LSG t ver index total id name 0
    g.id = c.arg(4);
    g.name = decode_name(c.arg(5));
    auto index = parse_u32(c.arg(2)), total = parse_u32(c.arg(3));
    if (!index || !total || *index >= *total) m_groups_done = true;
    if (total && *total == 0) return true;
  }
  if (g.id.empty()) return true;
  ++m_got_groups;
  m_groups.push_back(std::move(g));
  return true;
}

Contact& ListDump::contact(const std::string& email) {
  auto [it, inserted] = m_index.try_emplace(email, m_contacts.size());
  if (inserted) {
    m_contacts.emplace_back();
    m_contacts.back().email = email;
  }
  return m_contacts[it->second];
}

bool ListDump::feed_lst_old(const Command& c) {
  // LST t LIST ver index total [email nick [groups]]
  unsigned bit = list_bit(c.arg(1));
  auto index = parse_u32(c.arg(3)), total = parse_u32(c.arg(4));
  if (!index || !total || *index >= *total) m_lists_done |= bit;
  if (c.argc() < 6 || (total && *total == 0)) return true;
  Contact& ct = contact(c.arg(5));
  ct.lists |= bit;
  if (c.argc() > 6) ct.nick = decode_name(c.arg(6));
  if (bit == kForwardList && c.argc() > 7) ct.groups = split_groups(c.arg(7));
  return true;
}

bool ListDump::feed_lst_new(const Command& c) {
  std::string email, nick, guid;
  std::vector<std::string_view> numbers;
  for (const auto& a : c.args) {
    std::string_view v = a;
    if (v.starts_with("N="))
      email = v.substr(2);
    else if (v.starts_with("F="))
      nick = decode_name(v.substr(2));
    else if (v.starts_with("C="))
      guid = v.substr(2);
    else
      numbers.push_back(v);
  }
  size_t pos = 0;
  if (m_version < 10) {  // LST email nick bits [groups]
    email = c.arg(0);
    nick = decode_name(c.arg(1));
    numbers.assign(c.args.begin() + std::min<size_t>(2, c.argc()), c.args.end());
  }
  ++m_got_contacts;
  if (email.empty()) return true;
  Contact& ct = contact(email);
  ct.nick = nick.empty() ? email : nick;
  ct.guid = guid;
  if (pos < numbers.size()) ct.lists = parse_u32(numbers[pos++]).value_or(0);
  if (m_version >= 12 && pos < numbers.size()) ++pos;  // network bits
  if (pos < numbers.size() && (ct.lists & kForwardList)) ct.groups = split_groups(numbers[pos]);
  return true;
}

}  // namespace msntty
