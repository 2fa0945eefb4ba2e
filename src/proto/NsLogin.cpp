// NsSession: the login steps of MSNP13 and later (doc/protocol/ns-sso.md): the WLM client
// version, and SSO at MSNP15+ (TWN stays for 8-14).
#include "proto/NsSession.hpp"
#include "proto/SsoBlob.hpp"

namespace msntty {

// Servers may tell clients apart by the version in CVR; at 13+ msntty names the Windows Live
// Messenger that spoke that generation (8.5 for MSNP13-14, 2009 for 15+).
std::string_view NsSession::cvr_version() const {
  return m_version >= 15 ? "14.0.8117.0416" : "8.5.1302";
}

void NsSession::send_login_start() {
  m_state = State::Auth;
  send({Op::Login}, "USR", {m_version >= 15 ? "SSO" : "TWN", "I", m_config.account});
}

void NsSession::sso_tokens(const std::string& ticket, const std::string& secret,
                           const std::string& iv) {
  if (m_state != State::Passport) return;
  auto blob = sso_response_blob(secret, m_sso_nonce, iv);
  if (!blob)
    return fail({0, "the login service sent a proof key msntty cannot use", Request{Op::Login}});
  m_state = State::Auth;
  if (m_version < 16) {
    send({Op::Login}, "USR", {"SSO", "S", ticket, *blob});
    return;
  }
  // A 16+ server wants to know which of the account's places this is; without it Escargot
  // never answers.
  if (m_config.machine_guid.empty())
    return fail(
        {0, "no machine GUID for MSNP16+ (see the machine_guid setting)", Request{Op::Login}});
  send({Op::Login}, "USR", {"SSO", "S", ticket, *blob, m_config.machine_guid});
}

}  // namespace msntty
