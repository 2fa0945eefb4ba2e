#include "proto/RsiReplies.hpp"

#include "proto/SoapReply.hpp"

namespace msntty::oim {
namespace {

// All the character data directly inside `n` (text and CDATA pieces), as pugixml unescaped it.
std::string own_text(const pugi::xml_node& n) {
  std::string out;
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

}  // namespace

Result<MailData> read_metadata(int http_status, std::string_view body) {
  SoapReply r = SoapReply::read(http_status, body, "GetMetadata");
  if (!r.ok()) return Error{r.error()};
  pugi::xml_node response = r.response();
  if (pugi::xml_node md = soap::descendant(response, "MD")) return read_md(md);
  std::string text = own_text(response);
  pugi::xml_node result = soap::child(response, "GetMetadataResult");
  if (result) text = own_text(result);
  auto data = parse_mail_data(text);
  if (!data) return Error{"GetMetadata failed: " + data.error().text};
  return data;
}

Result<std::string> read_message(int http_status, std::string_view body) {
  SoapReply r = SoapReply::read(http_status, body, "GetMessage");
  if (!r.ok()) return Error{r.error()};
  pugi::xml_node result = soap::child(r.response(), "GetMessageResult");
  if (!result) return Error{"GetMessage failed: the answer has no GetMessageResult"};
  return own_text(result);
}

Result<> read_delete(int http_status, std::string_view body) {
  SoapReply r = SoapReply::read(http_status, body, "DeleteMessages");
  if (!r.ok()) return Error{r.error()};
  return {};
}

}  // namespace msntty::oim
