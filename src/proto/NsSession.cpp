#include "proto/NsSession.hpp"

#include <algorithm>

#include "proto/Challenge.hpp"
#include "proto/DisplayName.hpp"
#include "proto/ErrorText.hpp"
#include "proto/Mime.hpp"
#include "util/HostPort.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

constexpr uint16_t kDefaultPort = 1863;

// XFR and RNG addresses: "host:port", "[v6]:port", or a host alone on the default port.
bool split_host_port(std::string_view text, std::string& host, uint16_t& port) {
  auto hp = parse_host_port(text, kDefaultPort);
  if (!hp) return false;
  host = std::move(hp->host);
  port = hp->port;
  return true;
}

// OUT OTH. Below MSNP16 any other sign-in of the account ends this one; from MSNP16 on only one
// by an older client, or by a place with our machine GUID (doc/protocol/mpop.md).
std::string other_login_text(int version) {
  if (version < 16)
    return "this account signed in at another place, and at MSNP" + std::to_string(version) +
           " a new sign-in signs the others out (MSNP16 and later keep several places signed in "
           "at once)";
  return "this account signed in at another place with an older protocol (MSNP15 or below) or "
         "with this machine GUID, which signs the other places out";
}

int parse_version(std::string_view token) {
  if (!token.starts_with("MSNP")) return 0;
  auto v = parse_u32(token.substr(4));
  return v ? static_cast<int>(*v) : 0;
}

// A Mail-Data notification. A list we cannot read is not an error to show: the RSI service is
// asked for the list instead (as for `too-large`).
ns::OfflineMessages offline_messages(std::string_view mail_data, bool initial) {
  ns::OfflineMessages o;
  o.initial = initial;
  auto data = oim::parse_mail_data(mail_data);
  o.fetch_list = !data || data->too_large;
  if (data) o.messages = std::move(data->messages);
  return o;
}

}  // namespace

NsSession::NsSession(NsConfig config)
    : m_config(std::move(config)),
      m_status(m_config.initial_status),
      m_nick(m_config.account),
      m_psm(m_config.psm) {}

void NsSession::start() {
  m_codec = Codec();
  m_trids.reset();
  m_dump.reset();
  m_version = 0;
  m_saw_blp = m_saw_own_nick = false;
  m_places.clear();
  m_state = State::Version;
  std::vector<std::string> offered;
  for (int v : m_config.versions) offered.push_back("MSNP" + std::to_string(v));
  offered.push_back("CVR0");
  std::vector<std::string_view> args(offered.begin(), offered.end());
  sent({Op::Version}, m_out.line("VER", m_trids.upcoming(), args));
}

bool NsSession::send(Request r, std::string_view name,
                     std::initializer_list<std::string_view> args) {
  return sent(std::move(r), m_out.line(name, m_trids.upcoming(), args));
}

bool NsSession::sent(Request r, std::optional<WriteRefusal> refusal) {
  if (!refusal) {
    m_trids.open(std::move(r));
    return true;
  }
  ns::Error e{0, std::move(refusal->text), std::move(r), false};
  if (m_state == State::Online)
    emit(std::move(e));
  else
    fail(std::move(e));
  return false;
}

void NsSession::unanswered(std::optional<WriteRefusal> refusal) {
  if (refusal) emit(ns::Error{0, std::move(refusal->text), std::nullopt, false});
}

std::string NsSession::take_output() {
  return m_out.take();
}
std::vector<ns::Event> NsSession::take_events() {
  return std::exchange(m_events, {});
}

void NsSession::receive(std::string_view bytes) {
  if (m_state == State::Closed || m_state == State::Idle) return;
  m_codec.feed(bytes);
  while (m_state != State::Closed && m_state != State::Idle) {
    auto item = m_codec.next();
    if (!item) break;
    if (auto* err = std::get_if<CodecError>(&*item)) {
      emit(ns::ProtocolError{err->message, err->fatal});
      if (err->fatal) m_state = State::Closed;
      continue;
    }
    handle(std::get<Command>(*item));
  }
}

void NsSession::fail(ns::Error e) {
  e.fatal = true;
  emit(std::move(e));
  m_state = State::Closed;
}

void NsSession::handle(Command& c) {
  const std::string& n = c.name;
  if (c.is_error()) return handle_error(c);
  if (n == "VER") return handle_ver(c);
  if (n == "CVR") {
    m_trids.close(c.trid().value_or(0));
    if (m_state == State::ClientVersion) send_login_start();
    return;
  }
  if (n == "INF") {
    m_trids.close(c.trid().value_or(0));
    if (m_state != State::Policy) return;
    bool md5 = false;
    for (size_t i = 1; i < c.argc(); ++i) md5 |= c.args[i] == "MD5";
    if (!md5)
      return fail({0, "the server offers no login method msntty supports (MD5)", {{Op::Policy}}});
    m_state = State::Auth;
    send({Op::Login}, "USR", {"MD5", "I", m_config.account});
    return;
  }
  if (n == "USR") return handle_usr(c);
  if (n == "XFR") return handle_xfr(c);
  if (n == "SYN" || n == "GTC" || n == "BLP" || n == "LSG" || n == "LST" || n == "BPR" ||
      n == "PRP")
    return handle_list_reply(c);
  if (n == "ILN" || n == "NLN" || n == "FLN") return handle_presence(c);
  if (n == "UBX") return handle_ubx(c);
  if (n == "UBN" || n == "UUN") return handle_places(c);
  if (n == "CHG" || n == "REA" || n == "UUX") return handle_own(c);
  if (n == "MSG") return handle_msg(c);
  if (n == "OUT") return handle_out(c);
  if (n == "ADD" || n == "ADC" || n == "REM") {
    if (c.trid() == 0u) return handle_reverse(c);
    return handle_list_change(c);
  }
  if (n == "ADG" || n == "RMG" || n == "REG") return handle_group_change(c);
  if (n == "ADL" || n == "RML" || n == "FQY") return handle_ml(c);
  if (n == "NOT" && m_version >= 13 && m_state == State::Online)
    return emit(ns::AddressBookChanged{});
  if (n == "CHL") {
    std::string response = qry_response(m_version, c.arg(1));
    ProductKey pk = product_key_for(m_version);
    return unanswered(m_out.payload("QRY", m_trids.next_id(), {pk.id}, response));
  }
  if (n == "QNG") return emit(ns::Pong{static_cast<int>(parse_u32(c.arg(0)).value_or(0))});
  if (n == "RNG") {
    ns::Invitation inv;
    inv.session_id = c.arg(0);
    inv.cookie = c.arg(3);
    inv.inviter = c.arg(4);
    inv.inviter_nick = decode_name(c.arg(5));
    if (!split_host_port(c.arg(1), inv.host, inv.port) || inv.cookie.empty())
      return emit(ns::ProtocolError{"malformed RNG from server ignored", false});
    return emit(std::move(inv));
  }
  // SBS, GCF, NOT, IPG, QRY and anything newer: nothing to do
  // (doc/protocol/ns-notifications.md#other-notifications).
}

void NsSession::handle_error(const Command& c) {
  int code = c.error_code();
  uint32_t trid = c.trid().value_or(0);
  std::optional<Request> request = m_trids.close(trid);
  std::string text = std::string(error_text(code));
  if (request && request->op == Op::Switchboard)
    return emit(ns::SwitchboardRefused{trid, code, text});
  if (m_state != State::Online) return fail({code, text, std::move(request)});
  emit(ns::Error{code, text, std::move(request), false});
}

void NsSession::handle_ver(const Command& c) {
  m_trids.close(c.trid().value_or(0));
  if (m_state != State::Version) return;
  int chosen = 0;
  for (size_t i = 1; i < c.argc() && !chosen; ++i) chosen = parse_version(c.args[i]);
  bool offered = false;
  for (int v : m_config.versions) offered |= v == chosen;
  if (!offered)
    return fail({0, "the server supports none of the offered protocol versions", {{Op::Version}}});
  m_version = chosen;
  emit(ns::VersionChosen{chosen});
  if (m_version >= 8) {
    m_state = State::ClientVersion;
    if (m_version >= 13)
      send({Op::ClientVersion}, "CVR",
           {"0x0409", "winnt", "6.1.0", "i386", "MSNMSGR", cvr_version(), "msmsgs",
            m_config.account});
    else
      send({Op::ClientVersion}, "CVR",
           {"0x0409", "winnt", "5.1", "i386", "MSNMSGR", m_config.client_version, "MSMSGS",
            m_config.account});
  } else {
    m_state = State::Policy;
    send({Op::Policy}, "INF", {});
  }
}

void NsSession::handle_usr(const Command& c) {
  m_trids.close(c.trid().value_or(0));
  const std::string& kind = c.arg(1);
  if (kind == "OK") {
    if (m_version < 10 && c.argc() > 3) m_nick = decode_name(c.arg(3));
    if (m_version >= 13) return begin_address_book();
    m_state = State::List;
    m_dump = std::make_unique<ListDump>(m_version);
    if (m_version >= 10)
      send({Op::Sync}, "SYN", {"0", "0"});
    else
      send({Op::Sync}, "SYN", {"0"});
    return;
  }
  if (m_state != State::Auth) return;
  if (kind == "MD5" && c.arg(2) == "S") {
    send({Op::Login}, "USR", {"MD5", "S", md5_login_response(c.arg(3), m_config.password)});
  } else if (kind == "TWN" && c.arg(2) == "S") {
    m_state = State::Passport;
    emit(ns::PassportNeeded{c.arg(3)});
  } else if (kind == "SSO" && c.arg(2) == "S" && !c.arg(4).empty()) {
    m_state = State::Passport;
    m_sso_nonce = c.arg(4);
    emit(ns::SsoNeeded{c.arg(3)});
  } else {
    fail({0, "unexpected login reply from server: USR " + sanitize_for_terminal(kind),
          Request{Op::Login}});
  }
}

void NsSession::passport_ticket(const std::string& ticket) {
  if (m_state != State::Passport) return;
  m_state = State::Auth;
  send({Op::Login}, "USR", {"TWN", "S", ticket});
}

void NsSession::handle_xfr(const Command& c) {
  uint32_t trid = c.trid().value_or(0);
  std::optional<Request> answered = m_trids.close(trid);
  if (c.arg(1) == "NS") {
    ns::Redirect r;
    if (c.arg(2) != "0" && !split_host_port(c.arg(2), r.host, r.port))
      return fail({0, "malformed redirect from server", std::move(answered)});
    m_state = State::Idle;  // the app reconnects and calls start()
    return emit(std::move(r));
  }
  if (c.arg(1) == "SB") {
    ns::SwitchboardGranted g;
    g.trid = trid;
    g.cookie = c.arg(4);
    if (!split_host_port(c.arg(2), g.host, g.port) || g.cookie.empty())
      return emit(ns::SwitchboardRefused{trid, 0, "malformed switchboard address from server"});
    emit(std::move(g));
  }
}

void NsSession::handle_list_reply(const Command& c) {
  const std::string& n = c.name;
  if (n == "SYN") {
    m_trids.close(c.trid().value_or(0));
    if (!m_dump) return;
    m_dump->begin(c, "0");
  } else if (n == "GTC" || n == "BLP") {
    // GTC A | GTC t ver A | GTC t A: the value is always the last field.
    if (c.trid() && c.argc() > 1) m_trids.close(*c.trid());
    (n == "GTC" ? m_gtc : m_blp) = c.args.empty() ? "" : c.args.back();
    if (m_state == State::Online) emit(ns::PrivacySettings{m_blp, m_gtc});
  } else if (n == "PRP") {
    // PRP MFN nick (in a dump) | PRP t MFN nick (reply) | PRP t ver PHH value (MSNP5-7)
    for (size_t i = 0; i + 1 < c.argc(); ++i) {
      if (c.args[i] != "MFN") continue;
      m_nick = decode_name(c.args[i + 1]);
      m_saw_own_nick = true;
      if (m_state == State::Online) emit(ns::OwnNick{m_nick});
    }
    if (c.trid() && c.argc() > 2) m_trids.close(*c.trid());
  } else if (m_dump) {
    m_dump->feed(c);
  }
  if (n == "BLP") m_saw_blp = true;
  if (m_dump && m_state == State::List && m_dump->complete() && list_settled()) finish_list();
}

bool NsSession::list_settled() const {
  if (m_dump && m_dump->empty_reply()) return true;
  // With no contacts or groups announced the counts are met at once, but the dump's settings
  // (BLP, and on MSNP10+ our own name in PRP MFN) still follow: wait for them, or for the
  // app's short fallback timer (finish_list_now) if a server never sends them.
  if (m_version >= 10) return m_saw_own_nick;
  if (m_version >= 8) return m_saw_blp;
  return true;
}

bool NsSession::waiting_for_list_settings() const {
  return m_state == State::List && m_dump && m_dump->complete() && !list_settled();
}

void NsSession::finish_list_now() {
  if (waiting_for_list_settings()) finish_list();
}

void NsSession::finish_list() {
  for (const auto& g : m_dump->groups()) emit(ns::GroupListed{g});
  for (const auto& ct : m_dump->contacts()) emit(ns::ContactListed{ct});
  m_dump.reset();
  m_state = State::Online;
  emit(ns::PrivacySettings{m_blp, m_gtc});
  emit(ns::SignedIn{m_config.account, m_nick, m_version});
  announce_presence();
}

void NsSession::handle_own(const Command& c) {
  if (c.trid()) m_trids.close(*c.trid());
  if (c.name == "CHG") {
    auto st = status_from_code(c.arg(1));
    if (!st) return;
    if (*st == Status::Offline && c.trid() == 0u) {  // CHG 0 FLN: forced semi-offline
      return emit(ns::SystemNotice{"the server set you offline"});
    }
    m_status = *st;
    emit(ns::OwnStatus{*st});
  } else if (c.name == "REA") {  // REA t ver email nick
    if (c.arg(2) == m_config.account) {
      m_nick = decode_name(c.arg(3));
      emit(ns::OwnNick{m_nick});
    }
  }
  // UUX t 0: our personal message was accepted; nothing else to do.
}

void NsSession::handle_msg(const Command& c) {
  auto mime = MimeMessage::parse(c.payload);
  if (!mime) return;
  std::string type = mime->content_type();
  if (type == "text/x-msmsgsinitialemailnotification" || type == "text/x-msmsgsemailnotification") {
    MimeMessage fields = MimeMessage::parse_fields(mime->body());
    ns::MailNotice m;
    if (auto u = parse_u32(fields.header("Inbox-Unread"))) m.inbox_unread = static_cast<int>(*u);
    m.from = utf8_repair(fields.header("From"));
    m.from_addr = utf8_repair(fields.header("From-Addr"));
    m.subject = utf8_repair(fields.header("Subject"));
    emit(std::move(m));
  } else if (type == "text/x-msmsgsinitialmdatanotification" ||
             type == "text/x-msmsgsoimnotification") {
    auto o = offline_messages(MimeMessage::parse_fields(mime->body()).header("Mail-Data"),
                              type == "text/x-msmsgsinitialmdatanotification");
    if (o.fetch_list || !o.messages.empty()) emit(std::move(o));  // an empty list: nothing waits
  } else if (type == "application/x-msmsgssystemmessage") {
    MimeMessage fields = MimeMessage::parse_fields(mime->body());
    if (fields.header("Type") == "1")
      // Arg1 comes from the payload, which no one has checked for valid UTF-8 (found by fuzzing).
      emit(ns::SystemNotice{"the server is going down for maintenance in " +
                            utf8_repair(fields.header("Arg1")) + " minutes"});
  }
  // The profile and the active mail notice (after we deleted offline messages) carry nothing
  // we show.
}

void NsSession::handle_out(const Command& c) {
  const std::string& why = c.arg(0);
  ns::SignedOut s;
  if (why == "OTH")
    s = {"other_login", other_login_text(m_version), false};
  else if (why == "SSD")
    s = {"server_shutdown", "the server is shutting down"};
  else if (why == "MIG")
    s = {"server", "the contact list was migrated; sign in again"};
  else if (why == "TOU")
    s = {"server", "the terms of use must be accepted with the official client", false};
  else if (why == "RCT")
    s = {"server", "the server asks to reconnect in " + c.arg(1) + " minutes", true,
         60 * static_cast<int>(std::min<uint32_t>(parse_u32(c.arg(1)).value_or(1), 60))};
  else
    s = {"server", "the server ended the session"};
  emit(std::move(s));
  m_state = State::Closed;
}

void NsSession::handle_reverse(const Command& c) {
  // The unsolicited forms (TrID 0): someone added or removed us.
  if (c.arg(1) != "RL") return;
  ns::ReverseList r;
  r.added = c.name != "REM";
  if (c.name == "ADC") {
    for (const auto& a : c.args) {
      if (a.starts_with("N=")) r.email = a.substr(2);
      if (a.starts_with("F=")) r.nick = decode_name(a.substr(2));
    }
  } else {  // ADD 0 RL ver email nick | REM 0 RL [ver] email
    r.email = c.args.size() > 3 && c.name == "ADD" ? c.arg(3) : c.args.back();
    if (c.name == "ADD") r.nick = decode_name(c.arg(4));
  }
  if (r.nick.empty()) r.nick = r.email;
  if (!r.email.empty()) emit(std::move(r));
}

void NsSession::set_nick(const std::string& nick) {
  if (m_state != State::Online) {
    m_nick = nick;
    return;
  }
  if (m_version >= 10)
    send({Op::Property}, "PRP", {"MFN", encode_name(nick)});
  else
    send({Op::Rename}, "REA", {m_config.account, encode_name(nick)});
}

uint32_t NsSession::request_switchboard() {
  uint32_t id = m_trids.upcoming();
  return send({Op::Switchboard}, "XFR", {"SB"}) ? id : 0;
}

void NsSession::ping() {
  if (m_state == State::Closed || m_state == State::Idle) return;
  unanswered(m_out.line("PNG", std::nullopt, {}));
}

void NsSession::sign_out() {
  if (m_state == State::Closed || m_state == State::Idle) return;
  unanswered(m_out.line("OUT", std::nullopt, {}));
  m_state = State::Closed;
}

}  // namespace msntty
