// NsSession at MSNP13+: the contact list comes from the address book (fetched by the app over
// SOAP), and the server learns it through ADL/RML (doc/protocol/ab-soap.md).
#include "proto/MembershipXml.hpp"
#include "proto/NsSession.hpp"
#include "util/Utf8.hpp"

namespace msntty {

// After USR OK: no SYN (502 from 13 on). The app fetches the lists and calls address_book().
void NsSession::begin_address_book() {
  m_state = State::List;
  emit(ns::AddressBookNeeded{});
}

void NsSession::address_book(const ab::Lists& lists) {
  if (m_state != State::List || !web_lists()) return;
  for (const auto& g : lists.groups) emit(ns::GroupListed{g});
  std::vector<ml::Entry> entries;
  for (const auto& c : lists.contacts) {
    emit(ns::ContactListed{c});
    entries.push_back({c.email, c.lists});
  }
  m_blp = lists.blp;
  m_gtc = lists.gtc;
  if (!lists.own_nick.empty()) m_nick = lists.own_nick;
  for (const auto& payload : ml::write_payloads(entries, true))
    sent({Op::ListAdd}, m_out.payload("ADL", m_trids.upcoming(), {}, payload));
  m_state = State::Online;
  emit(ns::PrivacySettings{m_blp, m_gtc});
  emit(ns::SignedIn{m_config.account, m_nick, m_version});
  announce_presence();
}

void NsSession::add_to_lists(const std::string& email, unsigned bits) {
  auto payloads = ml::write_payloads({{email, bits}}, false);
  Request r{Op::ListAdd, email, bits};
  if (payloads.empty())
    return emit(ns::Error{0,
                          "ADL not sent: \"" + sanitize_for_terminal(email) +
                              "\" is not an address with list bits to add",
                          std::move(r), false});
  sent(std::move(r), m_out.payload("ADL", m_trids.upcoming(), {}, payloads.front()));
}

void NsSession::remove_from_lists(const std::string& email, unsigned bits) {
  // PL (and RL) have no RML: the server closes the connection on those bits.
  auto payloads = ml::write_payloads({{email, bits}}, false);
  if (payloads.empty()) return;
  sent({Op::ListRemove, email, bits},
       m_out.payload("RML", m_trids.upcoming(), {}, payloads.front()));
}

bool NsSession::web_group_op(std::string_view what) {
  if (!web_lists()) return false;
  emit(ns::Error{0, std::string(what) + " goes through the address book at MSNP13+, not the NS",
                 std::nullopt, false});
  return true;
}

// ADL t OK / RML t OK: our change confirmed. ADL 0 / RML 0 with a payload: someone added or
// removed us (l=8), or another place of ours changed the lists. FQY t: the answer to a query.
void NsSession::handle_ml(const Command& c) {
  uint32_t trid = c.trid().value_or(0);
  if (trid != 0) {
    std::optional<Request> r = m_trids.close(trid);
    if (c.name == "FQY" || c.arg(1) != "OK" || !r || r->contact.empty()) return;
    unsigned sent_bits = r->list & (kForwardList | kAllowList | kBlockList);
    if (r->op == Op::ListAdd) return emit(ns::ListAdded{sent_bits, r->contact, "", "", ""});
    if (r->op == Op::ListRemove) return emit(ns::ListRemoved{sent_bits, r->contact, ""});
    return;
  }
  auto entries = ml::read_payload(c.payload);
  if (!entries)
    return emit(ns::ProtocolError{c.name + " from server ignored: " + entries.error().text, false});
  bool adding = c.name == "ADL";
  for (const auto& e : *entries) {
    if (e.lists & kReverseList) {
      emit(ns::ReverseList{e.email, e.nick.empty() ? e.email : e.nick, adding});
    }
    unsigned own = e.lists & (kForwardList | kAllowList | kBlockList);
    if (!own) continue;
    if (adding)
      emit(ns::ListAdded{own, e.email, e.nick, "", ""});
    else
      emit(ns::ListRemoved{own, e.email, ""});
  }
}

}  // namespace msntty
