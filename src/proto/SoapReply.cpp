#include "proto/SoapReply.hpp"

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace soap {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  return {};
}

// Document order without recursion: a server's document may nest deeper than the stack allows.
pugi::xml_node descendant(const pugi::xml_node& n, std::string_view local) {
  pugi::xml_node c = n.first_child();
  while (c && c != n) {
    if (c.type() == pugi::node_element) {
      if (local_name(c) == local) return c;
      if (c.first_child()) {
        c = c.first_child();
        continue;
      }
    }
    while (c != n && !c.next_sibling()) c = c.parent();
    if (c != n) c = c.next_sibling();
  }
  return {};
}

pugi::xml_node path(pugi::xml_node n, std::initializer_list<std::string_view> locals) {
  for (std::string_view l : locals) {
    if (!n) break;
    n = child(n, l);
  }
  return n;
}

std::string text(const pugi::xml_node& n) {
  return std::string(trim(n.child_value()));
}

}  // namespace soap

std::string soap_envelope(std::string_view header, std::string_view body) {
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
      " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
      " xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\">";
  doc += "<soap:Header>";
  doc += header;
  doc += "</soap:Header><soap:Body>";
  doc += body;
  doc += "</soap:Body></soap:Envelope>";
  return doc;
}

namespace {

// A server's words, fit for one line of the terminal and not too long.
std::string shown(std::string_view s) {
  std::string t = sanitize_for_terminal(utf8_repair(trim(s)));
  if (t.size() > 200) t = utf8_repair(t.substr(0, 200)) + "...";
  return t;
}

}  // namespace

SoapReply SoapReply::read(int http_status, std::string_view body, std::string_view method) {
  SoapReply r;
  std::string what = std::string(method) + " failed: ";
  r.m_doc = std::make_shared<pugi::xml_document>();
  pugi::xml_parse_result parsed = r.m_doc->load_buffer(body.data(), body.size());
  if (parsed) {
    // Anywhere: Escargot's RST puts it outside soap:Body, and proxies wrap documents.
    if (pugi::xml_node f = soap::descendant(*r.m_doc, "Fault")) {
      SoapFault fault{soap::text(soap::child(f, "faultcode")),
                      soap::text(soap::child(f, "faultstring")),
                      soap::text(soap::descendant(f, "errorcode"))};
      std::string code = shown(fault.errorcode.empty() ? fault.faultcode : fault.errorcode);
      std::string words = shown(fault.faultstring);
      r.m_error =
          what + (code.empty() ? "" : code) + (code.empty() || words.empty() ? "" : ": ") + words;
      if (code.empty() && words.empty()) r.m_error = what + "SOAP fault";
      r.m_fault = std::move(fault);
      return r;
    }
  }
  if (http_status != 200) {
    r.m_error = what + "HTTP " + std::to_string(http_status);
    return r;
  }
  if (!parsed) {
    r.m_error = what + "the answer is not XML (" + parsed.description() + ")";
    return r;
  }
  std::string want = std::string(method) + "Response";
  pugi::xml_node found = soap::path(*r.m_doc, {"Envelope", "Body"});
  r.m_response = found ? soap::child(found, want) : pugi::xml_node();
  if (!r.m_response) r.m_error = what + "the answer has no " + want;
  return r;
}

}  // namespace msntty
