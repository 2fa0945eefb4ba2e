#include "proto/MembershipXml.hpp"

#include <algorithm>
#include <pugixml.hpp>

#include "model/Contact.hpp"
#include "util/Strings.hpp"
#include "util/UrlCode.hpp"
#include "util/Utf8.hpp"
#include "util/Xml.hpp"

namespace msntty::ml {
namespace {

constexpr unsigned kSendable = kForwardList | kAllowList | kBlockList;

struct Split {
  std::string local, domain;
};

bool split(std::string_view email, Split& out) {
  size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return false;
  out.local = std::string(email.substr(0, at));
  out.domain = std::string(email.substr(at + 1));
  return true;
}

std::string open(bool initial) {
  return initial ? "<ml l=\"1\">" : "<ml>";
}

}  // namespace

std::vector<std::string> write_payloads(const std::vector<Entry>& entries, bool initial) {
  // Domains in order of first appearance, each with its contacts in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> domains;
  for (const auto& e : entries) {
    Split s;
    unsigned bits = e.lists & kSendable;
    if (!bits || !split(e.email, s)) continue;
    auto it = std::find_if(domains.begin(), domains.end(),
                           [&](const auto& d) { return d.first == s.domain; });
    if (it == domains.end()) it = domains.insert(domains.end(), {s.domain, {}});
    it->second.push_back("<c n=\"" + xml_escape(s.local) + "\" l=\"" + std::to_string(bits) +
                         "\" t=\"" + std::to_string(e.network) + "\"/>");
  }
  std::vector<std::string> out;
  for (const auto& [domain, cs] : domains) {
    for (size_t i = 0; i < cs.size(); i += kMaxPerPayload) {
      std::string p = open(initial) + "<d n=\"" + xml_escape(domain) + "\">";
      for (size_t j = i; j < std::min(cs.size(), i + kMaxPerPayload); ++j) p += cs[j];
      out.push_back(p + "</d></ml>");
    }
  }
  if (out.empty() && initial) out.push_back("<ml l=\"1\"></ml>");
  return out;
}

std::string write_query(std::string_view email) {
  Split s;
  if (!split(email, s)) return {};
  return "<ml><d n=\"" + xml_escape(s.domain) + "\"><c n=\"" + xml_escape(s.local) +
         "\" /></d></ml>";
}

Result<std::vector<Entry>> read_payload(std::string_view payload) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(payload.data(), payload.size());
  if (!parsed) return Error{std::string("unreadable list payload: ") + parsed.description()};
  pugi::xml_node ml = doc.child("ml");
  if (!ml) return Error{"unreadable list payload: no <ml>"};
  std::vector<Entry> out;
  for (pugi::xml_node d : ml.children("d")) {
    std::string domain = d.attribute("n").value();
    for (pugi::xml_node c : d.children("c")) {
      std::string local = c.attribute("n").value();
      if (local.empty() || domain.empty()) continue;
      Entry e;
      e.email = utf8_repair(local + "@" + domain);
      e.lists = parse_u32(c.attribute("l").value()).value_or(0);
      e.network = static_cast<int>(parse_u32(c.attribute("t").value()).value_or(kPassportNetwork));
      e.nick = utf8_repair(url_decode(c.attribute("f").value()));
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace msntty::ml
