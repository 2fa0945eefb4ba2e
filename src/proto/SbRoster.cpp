// SbSession: who is in the switchboard. From MSNP16 on a contact may be there with several places:
// the server lists "bob@example.com;{guid}" for each and "bob@example.com" once for all of them,
// and lists our own account too (the JOI about ourselves after ANS OK or a CAL, our other places).
// The events name each contact once: joined with its first entry, gone with its bare BYE or the
// BYE of its last place (doc/protocol/mpop.md#the-switchboard).
#include "proto/SbSession.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

std::pair<std::string_view, std::string_view> split_place(std::string_view who) {
  size_t semi = who.find(';');
  if (semi == std::string_view::npos) return {who, {}};
  return {who.substr(0, semi), who.substr(semi + 1)};
}

}  // namespace

bool SbSession::is_own(std::string_view email) const {
  return equals_icase(email, m_account);
}

std::string SbSession::own_id() const {
  return m_guid.empty() ? m_account : m_account + ";" + m_guid;
}

void SbSession::joined(std::string_view who, std::string nick, bool already_there) {
  auto [email, guid] = split_place(who);
  if (email.empty() || is_own(email)) return;  // ourselves, here or at another place
  Participant& p = m_roster[to_lower(email)];
  bool was_there = p.bare || !p.places.empty();
  if (guid.empty())
    p.bare = true;
  else
    p.places.insert(to_lower(guid));
  if (!was_there) emit(sb::Joined{std::string(email), std::move(nick), already_there});
}

void SbSession::left(std::string_view who, bool idle) {
  auto [email, guid] = split_place(who);
  if (email.empty() || is_own(email)) return;
  auto it = m_roster.find(to_lower(email));
  if (it == m_roster.end()) return;  // gone already (the bare BYE after the last place's)
  if (!guid.empty()) {
    it->second.places.erase(to_lower(guid));
    if (!it->second.places.empty()) return;  // another place of theirs is still here
  }
  m_roster.erase(it);
  emit(sb::Left{std::string(email), idle});
}

}  // namespace msntty
