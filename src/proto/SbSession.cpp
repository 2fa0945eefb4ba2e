#include "proto/SbSession.hpp"

#include "proto/DisplayName.hpp"
#include "proto/ErrorText.hpp"
#include "proto/Mime.hpp"
#include "util/MessageSplit.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

// CRLF (and lone CR) to LF: the model and the terminal speak LF. In place: `s` is the text's
// own fresh copy, and most texts have no CR at all.
std::string to_lf(std::string s) {
  size_t out = s.find('\r');
  if (out == std::string::npos) return s;
  for (size_t i = out; i < s.size(); ++i) {
    if (s[i] != '\r') {
      s[out++] = s[i];
      continue;
    }
    s[out++] = '\n';
    if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
  }
  s.resize(out);
  return s;
}

// The text as valid UTF-8, without a copy when it already is.
std::string valid_utf8(std::string s) {
  return utf8_valid(s) ? s : utf8_repair(s);
}

}  // namespace

SbSession::SbSession(std::string account, ImFormat format, std::string machine_guid)
    : m_account(std::move(account)), m_format(std::move(format)), m_guid(std::move(machine_guid)) {
  // The font name is user-set and unbounded: one so long that the X-MMS-IM-Format header leaves
  // little or no room in a payload made send_text() loop forever (no room) or send MSGs over the
  // 1664-byte limit (room underflowed). Such a font falls back to the default.
  if (text_payload("").size() > kMaxPayload / 2) m_format.font = ImFormat{}.font;
}

void SbSession::start_call(const std::string& cookie) {
  send({Op::Login}, "USR", {own_id(), cookie});
}

void SbSession::start_answer(const std::string& session_id, const std::string& cookie) {
  send({Op::Answer}, "ANS", {own_id(), cookie, session_id});
}

bool SbSession::send(Request r, std::string_view name,
                     std::initializer_list<std::string_view> args) {
  auto refusal = m_out.line(name, m_trids.upcoming(), args);
  if (!refusal) {
    m_trids.open(std::move(r));
    return true;
  }
  refused(std::move(r), std::move(refusal->text));
  return false;
}

void SbSession::refused(std::optional<Request> r, std::string text) {
  if (r && r->op == Op::Call) return emit(sb::CallFailed{r->contact, 0, std::move(text)});
  // Without USR or ANS the switchboard never lets us in: nothing more can happen on it.
  bool fatal = r && (r->op == Op::Login || r->op == Op::Answer);
  if (fatal) m_closed = true;
  emit(sb::Error{0, std::move(text), fatal, std::move(r)});
}

std::string SbSession::take_output() {
  return m_out.take();
}
std::vector<sb::Event> SbSession::take_events() {
  return std::exchange(m_events, {});
}

void SbSession::receive(std::string_view bytes) {
  if (m_closed) return;
  m_codec.feed(bytes);
  while (!m_closed) {
    auto item = m_codec.next();
    if (!item) break;
    if (auto* err = std::get_if<CodecError>(&*item)) {
      emit(sb::Error{0, "switchboard sent bad data: " + err->message, err->fatal});
      if (err->fatal) m_closed = true;
      continue;
    }
    handle(std::get<Command>(*item));
  }
}

void SbSession::handle(const Command& c) {
  const std::string& n = c.name;
  if (c.is_error()) return handle_error(c);
  if (n == "MSG") return handle_msg(c);
  if (n == "ACK" || n == "NAK") {
    uint32_t id = c.trid().value_or(0);
    m_trids.close(id);
    if (!m_awaiting_ack.erase(id) && n == "ACK") return;
    if (n == "ACK") return emit(sb::Delivered{id});
    return emit(sb::NotDelivered{id, "the server could not deliver it to everyone"});
  }
  if (n == "JOI") return joined(c.arg(0), decode_name(c.arg(1)), false);
  if (n == "IRO") return joined(c.arg(3), decode_name(c.arg(4)), true);
  if (n == "BYE") return left(c.arg(0), c.arg(1) == "1");
  if (n == "USR" || n == "ANS") {
    m_trids.close(c.trid().value_or(0));
    if (c.arg(1) == "OK" && !m_ready) {
      m_ready = true;
      emit(sb::Ready{});
    }
    return;
  }
  if (n == "CAL") {
    std::optional<Request> r = m_trids.close(c.trid().value_or(0));
    return emit(sb::Ringing{r && r->op == Op::Call ? r->contact : ""});
  }
  if (n == "OUT") {
    m_closed = true;
    return emit(sb::Error{0, "the switchboard ended the conversation", true});
  }
}

void SbSession::handle_error(const Command& c) {
  uint32_t id = c.trid().value_or(0);
  std::optional<Request> r = m_trids.close(id);
  std::string text = std::string(error_text(c.error_code()));
  if (r && r->op == Op::Call)
    return emit(sb::CallFailed{r->contact, c.error_code(), std::move(text)});
  if (m_awaiting_ack.erase(id) || (r && r->op == Op::Message))
    return emit(sb::NotDelivered{id, std::to_string(c.error_code()) + ": " + text});
  bool fatal = r && (r->op == Op::Login || r->op == Op::Answer);
  if (fatal) m_closed = true;
  emit(
      sb::Error{c.error_code(), std::to_string(c.error_code()) + ": " + text, fatal, std::move(r)});
}

void SbSession::handle_msg(const Command& c) {
  // Escargot's MSG names the sender without a GUID even at MSNP18; drop one if a server adds it.
  const std::string from = c.arg(0).substr(0, c.arg(0).find(';'));
  const bool own = is_own(from);
  std::string nick = decode_name(c.arg(1));
  auto mime = MimeMessage::parse(c.payload);
  if (!mime) return emit(sb::Error{0, "unreadable message from " + from + " ignored", false});
  std::string type = mime->content_type();
  if (type == "text/plain") {
    std::string charset = mime->charset();
    std::string body = charset.empty() || charset == "iso-8859-1" || charset == "windows-1252"
                           ? latin1_to_utf8(mime->body())
                           : valid_utf8(mime->take_body());
    return emit(sb::Message{from, std::move(nick), to_lf(std::move(body)),
                            ImFormat::parse(mime->header("X-MMS-IM-Format")), own});
  }
  if (type == "text/x-msmsgscontrol") {
    std::string_view who = mime->header("TypingUser");
    if (own || is_own(who)) return;  // we are typing at another place
    // The header comes from the payload, which no one has checked for valid UTF-8.
    return emit(sb::Typing{utf8_repair(who.empty() ? std::string_view(from) : who)});
  }
  if (type == "text/x-msnmsgr-datacast") {
    MimeMessage fields = MimeMessage::parse_fields(mime->body());
    std::string_view id = fields.header("ID");
    if (id == "1") return emit(sb::Nudge{from, own});
    if (id == "2") return emit(sb::Unsupported{from, "a wink"});
    if (id == "3") return emit(sb::Unsupported{from, "a voice clip"});
    return;
  }
  if (type == "text/x-msmsgsinvite") return handle_invite(from, mime->body());
  if (type == "application/x-msnmsgrp2p") {
    // Display pictures and emoticons travel here too; only a file invitation deserves a word.
    if (c.payload.find("INVITE MSNMSGR:") != std::string::npos &&
        c.payload.find("5D3E02AB-6190-11D3-BBBB-00C04F795683") != std::string::npos)
      emit(sb::Unsupported{from, "a file (MSNP2P)"});
    return;
  }
  if (type == "image/gif" || type == "application/x-ms-ink")
    return emit(sb::Unsupported{from, "a handwritten (ink) message"});
  // Custom emoticons, client capabilities, keepalives: nothing to show.
}

void SbSession::handle_invite(const std::string& from, std::string_view body) {
  MimeMessage fields = MimeMessage::parse_fields(body);
  if (fields.header("Invitation-Command") != "INVITE") return;
  std::string app(fields.header("Application-Name"));
  std::string file(fields.header("Application-File"));
  std::string what = !file.empty() ? "a file (" + file + ")" : app.empty() ? "an invitation" : app;
  emit(sb::Unsupported{from, utf8_repair(what)});
  // Decline politely, so the other side is not left waiting (doc/protocol/messages.md#invitations).
  MimeMessage cancel;
  cancel.set_header("MIME-Version", "1.0");
  cancel.set_header("Content-Type", "text/x-msmsgsinvite; charset=UTF-8");
  cancel.set_body("Invitation-Command: CANCEL\r\nInvitation-Cookie: " +
                  std::string(fields.header("Invitation-Cookie")) +
                  "\r\nCancel-Code: REJECT_NOT_INSTALLED\r\n\r\n");
  send_msg('N', cancel.serialize(), false);
}

uint32_t SbSession::send_msg(char ack, const std::string& payload, bool track) {
  uint32_t id = m_trids.upcoming();
  if (auto refusal = m_out.payload("MSG", id, {std::string_view(&ack, 1)}, payload)) {
    refused(std::nullopt, std::move(refusal->text));
    return 0;
  }
  if (!track) return m_trids.next_id();
  m_awaiting_ack[id] = true;
  return m_trids.open({Op::Message});
}

void SbSession::invite(const std::string& email) {
  send({Op::Call, email}, "CAL", {email});
}

std::string SbSession::text_payload(std::string_view text) const {
  return "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: " +
         m_format.serialize() + "\r\n\r\n" + std::string(text);
}

std::vector<std::string> SbSession::split_text(std::string_view text, size_t max_bytes) {
  return split_message(text, max_bytes);
}

std::vector<uint32_t> SbSession::send_text(std::string_view text) {
  std::string wire = to_crlf(text);
  size_t room = kMaxPayload - text_payload("").size();
  std::vector<uint32_t> ids;
  for (const auto& part : split_text(wire, room)) {
    if (uint32_t id = send_msg('A', text_payload(part), true)) ids.push_back(id);
  }
  return ids;
}

std::string SbSession::typing_payload() const {
  return "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + m_account +
         "\r\n\r\n\r\n";
}

std::string SbSession::nudge_payload() {
  return "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n";
}

void SbSession::send_typing() {
  send_msg('U', typing_payload(), false);
}
void SbSession::send_nudge() {
  send_msg('N', nudge_payload(), false);
}

void SbSession::leave() {
  if (m_closed) return;
  if (auto refusal = m_out.line("OUT", std::nullopt, {}))
    refused(std::nullopt, std::move(refusal->text));
  m_closed = true;
}

std::vector<uint32_t> SbSession::unacknowledged() const {
  std::vector<uint32_t> ids;
  for (const auto& [id, _] : m_awaiting_ack) ids.push_back(id);
  return ids;
}

}  // namespace msntty
