#pragma once
// The SOAP 1.1 envelope of the address book and sharing services (doc/protocol/ab-soap.md), sans
// I/O: soap_envelope() writes a request document, SoapReply reads an answer. A fault may come with
// HTTP 200 or 500 and may sit anywhere in the document: it is looked for before anything else, so
// the user reads the server's errorcode and faultstring instead of "no result".
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace msntty {

// The two services (both take the same headers and the contacts ticket).
enum class AbService { Sharing, AddressBook };

// One request: where it goes, its SOAPAction header, and the whole XML document.
struct SoapCall {
  AbService service = AbService::AddressBook;
  std::string method;  // "FindMembership", "ABContactAdd" ...: names the call in error texts
  std::string action;  // the SOAPAction header's value, quotes included
  std::string body;
};

// `header` and `body` are XML fragments (the children of soap:Header and soap:Body).
std::string soap_envelope(std::string_view header, std::string_view body);

struct SoapFault {
  std::string faultcode;    // "soap:Client"
  std::string faultstring;  // the server's words
  std::string errorcode;    // detail/errorcode when present ("InvalidPassportUser")
};

class SoapReply {
 public:
  // An answer to `method`: the HTTP status and the body as received.
  static SoapReply read(int http_status, std::string_view body, std::string_view method);

  bool ok() const { return m_error.empty(); }
  // For the user, terminal-safe: "ABContactAdd failed: InvalidPassportUser: The Passport ...",
  // "FindMembership failed: HTTP 500", "ABFindAll failed: the answer is not XML (...)".
  const std::string& error() const { return m_error; }
  const std::optional<SoapFault>& fault() const { return m_fault; }
  // The <METHODResponse> element (its namespace prefix ignored); empty unless ok().
  pugi::xml_node response() const { return m_response; }

 private:
  std::shared_ptr<pugi::xml_document> m_doc;
  pugi::xml_node m_response;
  std::optional<SoapFault> m_fault;
  std::string m_error;
};

// XML helpers for the readers: elements by local name, namespace prefixes ignored.
namespace soap {
std::string_view local_name(const pugi::xml_node& n);
pugi::xml_node child(const pugi::xml_node& n, std::string_view local);
// The first element with that local name below `n` (depth first), or an empty node.
pugi::xml_node descendant(const pugi::xml_node& n, std::string_view local);
// child(n, a), then its child b ...: path("contactInfo", "passportName").
pugi::xml_node path(pugi::xml_node n, std::initializer_list<std::string_view> locals);
std::string text(const pugi::xml_node& n);  // trimmed text of the element
}  // namespace soap

}  // namespace msntty
