#include "proto/RsiRequests.hpp"

#include <string_view>

#include "util/Xml.hpp"

namespace msntty::oim {
namespace {

constexpr std::string_view kNs = "http://www.hotmail.msn.com/ws/2004/09/oim/rsi";

SoapCall call(const std::string& ticket, const std::string& method, const std::string& inner) {
  SoapCall c;
  c.method = method;
  c.action = "\"" + std::string(kNs) + "/" + method + "\"";
  std::string body =
      "<" + method + " xmlns=\"" + std::string(kNs) + "\">" + inner + "</" + method + ">";
  c.body = soap_envelope(passport_cookie(ticket), body);
  return c;
}

}  // namespace

std::string passport_cookie(const std::string& ticket) {
  std::string_view rest = ticket;
  std::string t, p;
  if (rest.starts_with("t=")) {
    rest.remove_prefix(2);
    size_t amp = rest.find('&');
    t = rest.substr(0, amp);
    if (amp != std::string_view::npos) {
      std::string_view after = rest.substr(amp + 1);
      if (after.starts_with("p=")) p = after.substr(2);
    }
  } else {
    t = ticket;
  }
  return "<PassportCookie xmlns=\"" + std::string(kNs) + "\"><t>" + xml_escape(t) + "</t><p>" +
         xml_escape(p) + "</p></PassportCookie>";
}

SoapCall get_metadata(const std::string& ticket) {
  return call(ticket, "GetMetadata", "<!-- every waiting message -->");
}

SoapCall get_message(const std::string& ticket, const std::string& id) {
  return call(
      ticket, "GetMessage",
      "<messageId>" + xml_escape(id) + "</messageId><alsoMarkAsRead>false</alsoMarkAsRead>");
}

SoapCall delete_messages(const std::string& ticket, const std::vector<std::string>& ids) {
  std::string inner = "<messageIds>";
  for (const auto& id : ids) inner += "<messageId>" + xml_escape(id) + "</messageId>";
  inner += "</messageIds>";
  return call(ticket, "DeleteMessages", inner);
}

}  // namespace msntty::oim
