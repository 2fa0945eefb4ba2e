#include "proto/OimStore.hpp"

#include <pugixml.hpp>

#include "proto/Challenge.hpp"
#include "proto/SbSession.hpp"
#include "proto/SoapReply.hpp"
#include "util/Base64.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"
#include "util/Xml.hpp"

namespace msntty::oim {
namespace {

constexpr const char* kOimNs = "http://messenger.msn.com/ws/2004/09/oim/";
constexpr const char* kAction = "\"http://messenger.live.com/ws/2006/09/oim/Store2\"";
constexpr size_t kBase64Line = 76;

// The Ticket's passport attribute wants the "t=...&p=..." form; a bare token gets it.
std::string passport_form(const std::string& ticket) {
  return ticket.starts_with("t=") ? ticket : "t=" + ticket + "&p=";
}

std::string attr(const char* name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

// A server's words, for one line of the terminal.
std::string shown(std::string_view s) {
  std::string t = sanitize_for_terminal(utf8_repair(trim(s)));
  if (t.size() > 200) t = utf8_repair(t.substr(0, 200)) + "...";
  return t;
}

StoreReply refused(std::string reason, std::string fault = "") {
  StoreReply r;
  r.kind = StoreReply::Kind::Refused;
  r.fault = std::move(fault);
  r.reason = std::move(reason);
  return r;
}

std::string without_prefix(std::string_view code) {
  size_t colon = code.rfind(':');
  return std::string(colon == std::string_view::npos ? code : code.substr(colon + 1));
}

StoreReply from_fault(const pugi::xml_node& f) {
  std::string code = without_prefix(soap::text(soap::child(f, "faultcode")));
  // A generic code ("soap:Client") may carry the real one in its detail.
  std::string detail = soap::text(soap::descendant(f, "errorcode"));
  if ((code == "Client" || code == "Server" || code.empty()) && !detail.empty())
    code = without_prefix(detail);
  if (code == "AuthenticationFailed") {
    std::string challenge = soap::text(soap::descendant(f, "LockKeyChallenge"));
    if (!challenge.empty()) {
      StoreReply r;
      r.kind = StoreReply::Kind::Challenge;
      r.challenge = std::move(challenge);
      r.fault = code;
      r.reason = "the server refused the lock key (AuthenticationFailed)";
      return r;
    }
    return refused(
        "the server refused our credentials (AuthenticationFailed); signing in again "
        "may help",
        code);
  }
  if (code == "SystemUnavailable")
    return refused(
        "the server refused it: the contact does not accept messages from you, or "
        "there is no such account (SystemUnavailable)",
        code);
  if (code == "InvalidContent")
    return refused("the server refused its content (InvalidContent)", code);
  if (code == "SenderThrottleLimitExceeded")
    return refused(
        "the server refused it: too many offline messages in a short time; try again "
        "later (SenderThrottleLimitExceeded)",
        code);
  std::string name = shown(code), words = shown(soap::text(soap::child(f, "faultstring")));
  if (name.empty() && words.empty()) return refused("the server refused it (a SOAP fault)", code);
  return refused(
      "the server refused it: " + name + (name.empty() || words.empty() ? "" : ": ") + words, code);
}

}  // namespace

std::vector<std::string> split_for_store(std::string_view text) {
  return SbSession::split_text(to_crlf(text), kMaxPartBytes);
}

std::string encoded_word(std::string_view utf8) {
  return "=?utf-8?B?" + base64_encode(utf8) + "?=";
}

std::string store_content(std::string_view run_id, uint32_t number, std::string_view text) {
  std::string mime =
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "X-OIM-Message-Type: OfflineMessage\r\n"
      "X-OIM-Run-Id: " +
      std::string(run_id) + "\r\nX-OIM-Sequence-Num: " + std::to_string(number) + "\r\n\r\n";
  std::string b64 = base64_encode(text);
  for (size_t at = 0; at < b64.size(); at += kBase64Line) {
    mime.append(b64, at, kBase64Line);
    mime += "\r\n";
  }
  return mime;
}

StoreCall store_call(const StoreRequest& r) {
  std::string ns = attr("xmlns", kOimNs);
  std::string header = "<From" + attr("memberName", r.from) +
                       attr("friendlyName", encoded_word(r.nick)) + attr("xml:lang", "en-US") +
                       attr("proxy", "MSNMSGR") + attr("msnpVer", "MSNP" + std::to_string(r.msnp)) +
                       attr("buildVer", "8.5.1288") + ns + "/>";
  header += "<To" + attr("memberName", r.to) + ns + "/>";
  header += "<Ticket" + attr("passport", passport_form(r.ticket)) +
            attr("appid", product_key_for(11).id) + attr("lockkey", r.lockkey) + ns + "/>";
  header +=
      "<Sequence xmlns=\"http://schemas.xmlsoap.org/ws/2003/03/rm\">"
      "<Identifier xmlns=\"http://schemas.xmlsoap.org/ws/2002/07/utility\">"
      "http://messenger.msn.com</Identifier><MessageNumber>" +
      std::to_string(r.number) + "</MessageNumber></Sequence>";
  std::string body = "<MessageType" + ns + ">text</MessageType><Content" + ns + ">" +
                     xml_escape(store_content(r.run_id, r.number, r.text)) + "</Content>";
  return StoreCall{kAction, soap_envelope(header, body)};
}

StoreReply read_store_reply(int http_status, std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size());
  if (parsed)
    if (pugi::xml_node f = soap::descendant(doc, "Fault")) return from_fault(f);
  if (http_status != 200)
    return refused("the offline-message service answered HTTP " + std::to_string(http_status));
  if (!parsed)
    return refused("the offline-message service sent an answer that is not XML (" +
                   std::string(parsed.description()) + ")");
  if (!soap::descendant(doc, "SequenceAcknowledgment") && !soap::descendant(doc, "StoreResponse"))
    return refused("the offline-message service sent an answer without an acknowledgment");
  StoreReply r;
  r.kind = StoreReply::Kind::Stored;
  return r;
}

std::string lockkey_answer(std::string_view challenge) {
  ProductKey pk = product_key_for(11);
  return qry_msnp11(challenge, pk.id, pk.key);
}

}  // namespace msntty::oim
