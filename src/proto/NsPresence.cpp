// NsSession: presence and personal status in every dialect (doc/protocol/ns-presence.md), and
// this account's other places at MSNP16+ (doc/protocol/mpop.md).
#include <pugixml.hpp>

#include "proto/DisplayName.hpp"
#include "proto/NsSession.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"
#include "util/Xml.hpp"

namespace msntty {
namespace {

// capsex bits (MSNP16+): nudges. Never 0x20 (P2P version 2) nor 0x10 (RTC video): msntty speaks
// neither, and a peer that sees 0x20 would pick P2P version 2.
constexpr uint32_t kCapsExNudges = 0x400;
constexpr std::string_view kGoAway = "goawyplzthxbye";

// "1:bob@example.com" (MSNP18's network id prefix) -> "bob@example.com"; anything else as is.
std::string_view strip_network(std::string_view who) {
  size_t colon = who.find(':');
  if (colon == std::string_view::npos || colon == 0) return who;
  for (size_t i = 0; i < colon; ++i)
    if (who[i] < '0' || who[i] > '9') return who;
  return who.substr(colon + 1);
}

// "bob@example.com;{guid}" -> the e-mail and the GUID (empty without one).
std::pair<std::string_view, std::string_view> split_place(std::string_view who) {
  size_t semi = who.find(';');
  if (semi == std::string_view::npos) return {who, {}};
  return {who.substr(0, semi), who.substr(semi + 1)};
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "caps" or "caps:capsex": the first word is what the model keeps.
uint32_t first_caps_word(std::string_view caps) {
  return parse_u32(caps.substr(0, caps.find(':'))).value_or(0);
}

std::string text_of(const pugi::xml_node& parent, const char* name) {
  return utf8_repair(parent.child(name).text().as_string());
}

}  // namespace

bool NsSession::is_own(std::string_view email) const {
  return equals_icase(email, m_config.account);
}

std::string NsSession::switchboard_id() const {
  if (m_version < 16 || m_config.machine_guid.empty()) return m_config.account;
  return m_config.account + ";" + m_config.machine_guid;
}

void NsSession::send_status() {
  std::string code(status_code(m_status));
  std::string caps = std::to_string(m_config.capabilities);
  if (m_version >= 16)
    send({Op::Status}, "CHG", {code, caps + ":" + std::to_string(kCapsExNudges), "0"});
  else if (m_version >= 8)
    send({Op::Status}, "CHG", {code, caps});
  else
    send({Op::Status}, "CHG", {code});
}

// The first CHG makes us visible; from MSNP13 on the personal data goes out even without a
// personal message (it carries the machine GUID), and from MSNP16 on this place's name and state.
void NsSession::announce_presence() {
  send_status();
  bool personal = !m_psm.empty() || (m_version >= 13 && !m_config.machine_guid.empty());
  if (personal && m_version >= 11) send_personal_data();
  if (m_version >= 16) send_endpoint_data();
}

void NsSession::set_status(Status s) {
  m_status = s;
  if (m_state != State::Online) return;
  send_status();
  if (m_version >= 16) send_endpoint_data();  // the place's State follows the status
}

void NsSession::set_psm(const std::string& psm) {
  m_psm = psm;
  if (m_state != State::Online || m_version < 11) return;
  send_personal_data();
}

void NsSession::send_personal_data() {
  std::string payload = "<Data><PSM>" + xml_escape(m_psm) + "</PSM><CurrentMedia></CurrentMedia>";
  if (m_version >= 13 && !m_config.machine_guid.empty())
    payload += "<MachineGuid>" + xml_escape(m_config.machine_guid) + "</MachineGuid>";
  payload += "</Data>";
  sent({Op::PersonalMessage}, m_out.payload("UUX", m_trids.upcoming(), {}, payload));
}

void NsSession::send_endpoint_data() {
  // HDN included: the server takes every status code as a State.
  std::string payload = "<PrivateEndpointData><EpName>" + xml_escape(m_config.place_name) +
                        "</EpName><Idle>false</Idle><ClientType>1</ClientType><State>" +
                        std::string(status_code(m_status)) + "</State></PrivateEndpointData>";
  sent({Op::PersonalMessage}, m_out.payload("UUX", m_trids.upcoming(), {}, payload));
}

// ILN t st who [net] nick caps [obj] | NLN st who [net] nick caps [obj] | FLN who [net [caps]]:
// `who` is "1:email" at MSNP18; MSNP14-17 put the network id in a field of its own.
void NsSession::handle_presence(const Command& c) {
  const std::string& n = c.name;
  ns::Presence p;
  if (n == "FLN") {
    p.email = std::string(strip_network(c.arg(0)));
    p.status = Status::Offline;
    if (is_own(p.email)) return;
    return emit(std::move(p));
  }
  size_t base = n == "ILN" ? 1 : 0;  // ILN carries the TrID of our CHG
  auto st = status_from_code(c.arg(base));
  std::string_view who = c.arg(base + 1);
  if (!st || who.empty())
    return emit(ns::ProtocolError{"malformed " + n + " from server ignored", false});
  std::string_view bare = strip_network(who);
  size_t nick_at = base + 2;
  if (bare.size() == who.size() && m_version >= 14 && all_digits(c.arg(nick_at))) ++nick_at;
  p.email = std::string(bare);
  if (is_own(p.email)) return;  // our own places' NLN (MSNP16+): the UBX lists them
  p.status = *st;  // Offline too: "NLN FLN 1:email" when an old sign-in ends the MSNP18 places
  if (*st == Status::Offline && n == "ILN")
    return emit(ns::ProtocolError{"malformed ILN from server ignored", false});
  p.nick = decode_name(c.arg(nick_at));
  p.capabilities = first_caps_word(c.arg(nick_at + 1));
  p.initial = n == "ILN";
  emit(std::move(p));
}

// UBX who [net] len: the personal message of a contact, or about ourselves (MSNP16+) the list of
// our places. Escargot re-escapes the text it relays, so this is read by a real XML parser.
void NsSession::handle_ubx(const Command& c) {
  std::string email(strip_network(c.arg(0)));
  pugi::xml_document doc;
  bool parsed =
      !c.payload.empty() &&
      doc.load_buffer(c.payload.data(), c.payload.size(),
                      pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  pugi::xml_node data = doc.child("Data");
  if (is_own(email)) {
    if (m_version < 16 || (!parsed && !c.payload.empty())) return;
    std::vector<ns::Place> places;
    for (pugi::xml_node ep : data.children("EndpointData")) {
      ns::Place place;
      place.guid = utf8_repair(ep.attribute("id").as_string());
      place.capabilities = text_of(ep, "Capabilities");
      place.this_place = equals_icase(place.guid, m_config.machine_guid);
      for (pugi::xml_node priv : data.children("PrivateEndpointData")) {
        if (!equals_icase(priv.attribute("id").as_string(), place.guid)) continue;
        place.name = text_of(priv, "EpName");
        place.state = text_of(priv, "State");
      }
      if (!place.guid.empty()) places.push_back(std::move(place));
    }
    m_places = places;
    return emit(ns::OwnPlaces{std::move(places)});
  }
  // A payload no parser takes (cut short, say) still gives what the old reader found in it.
  std::string psm =
      parsed && data ? text_of(data, "PSM") : utf8_repair(xml_element_text(c.payload, "PSM"));
  emit(ns::PersonalMessage{std::move(email), std::move(psm)});
}

bool NsSession::sign_out_place(const std::string& guid) {
  if (m_state != State::Online || m_version < 16 || guid.empty() ||
      equals_icase(guid, m_config.machine_guid))
    return false;
  return sent({Op::SignOutPlace}, m_out.payload("UUN", m_trids.upcoming(),
                                                {m_config.account + ";" + guid, "4"}, kGoAway));
}

// UBN sender;{guid} 4 len + goawyplzthxbye: another place of ours asks this one to sign out.
// UUN t OK: the server passed our request on.
void NsSession::handle_places(const Command& c) {
  if (c.name == "UUN") {
    m_trids.close(c.trid().value_or(0));
    return;
  }
  auto [sender, guid] = split_place(c.arg(0));
  if (c.arg(1) != "4" || !is_own(sender) || !std::string_view(c.payload).starts_with(kGoAway))
    return;
  if (!guid.empty() && equals_icase(guid, m_config.machine_guid)) return;  // one we sent
  std::string name;
  for (const auto& place : m_places)
    if (equals_icase(place.guid, guid)) name = place.name.empty() ? place.guid : place.name;
  if (name.empty()) name = guid.empty() ? "unknown" : std::string(guid);
  unanswered(m_out.line("OUT", std::nullopt, {}));
  emit(ns::SignedOut{"other_place",
                     "signed out from another place (" + sanitize_for_terminal(name) + ")", false});
  m_state = State::Closed;
}

}  // namespace msntty
