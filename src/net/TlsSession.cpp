#include "net/TlsSession.hpp"

#include <cerrno>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "net/SockAddr.hpp"

namespace msntty::net {

TlsSession::TlsSession(std::shared_ptr<TlsContext> ctx, int fd, const std::string& host,
                       std::string& error)
    : m_ctx(std::move(ctx)) {
  ERR_clear_error();
  m_ssl.reset(SSL_new(m_ctx->get()));
  if (!m_ssl || SSL_set_fd(m_ssl.get(), fd) != 1) {
    error = "TLS: " + TlsContext::last_error("cannot create session");
    return;
  }
  std::string name = strip_brackets(host);
  bool ip = is_ip_literal(name);
  bool ok = true;
  if (ip) {
    // No SNI for addresses (RFC 6066); verify against the certificate's IP SANs instead.
    if (m_ctx->verify())
      ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl.get()), name.c_str()) == 1;
  } else {
    ok = SSL_set_tlsext_host_name(m_ssl.get(), name.c_str()) == 1;
    if (ok && m_ctx->verify()) ok = SSL_set1_host(m_ssl.get(), name.c_str()) == 1;
  }
  if (!ok) error = "TLS: cannot set server name " + name + ": " + TlsContext::last_error("invalid");
  SSL_set_connect_state(m_ssl.get());
}

TlsSession::Io TlsSession::handshake() {
  ERR_clear_error();
  errno = 0;  // SSL_ERROR_SYSCALL reports through errno; never read a stale value
  return classify(SSL_do_handshake(m_ssl.get()), true);
}

TlsSession::Result TlsSession::read(char* buf, size_t len) {
  ERR_clear_error();
  errno = 0;
  size_t n = 0;
  if (SSL_read_ex(m_ssl.get(), buf, len, &n) == 1) return {Io::Ok, n};
  return {classify(0, false), 0};
}

TlsSession::Result TlsSession::write(const char* data, size_t len) {
  ERR_clear_error();
  errno = 0;
  size_t n = 0;
  if (SSL_write_ex(m_ssl.get(), data, len, &n) == 1) return {Io::Ok, n};
  return {classify(0, false), 0};
}

void TlsSession::shutdown() {
  ERR_clear_error();
  if (SSL_is_init_finished(m_ssl.get())) SSL_shutdown(m_ssl.get());  // one try, never blocks
  ERR_clear_error();
}

bool TlsSession::has_pending() const {
  return SSL_pending(m_ssl.get()) > 0;
}

TlsSession::Io TlsSession::classify(int ret, bool handshaking) {
  if (handshaking && ret == 1) return Io::Ok;
  int err = SSL_get_error(m_ssl.get(), ret);
  switch (err) {
    case SSL_ERROR_WANT_READ: return Io::WantRead;
    case SSL_ERROR_WANT_WRITE: return Io::WantWrite;
    case SSL_ERROR_ZERO_RETURN:
      if (!handshaking) return Io::Closed;
      break;
    default: break;
  }
  m_error = handshaking ? handshake_error(err) : "";
  if (m_error.empty()) {
    if (err == SSL_ERROR_SYSCALL && errno != 0)
      m_error = errno_text(errno);
    else if (err == SSL_ERROR_SYSCALL)
      return Io::Closed;
    else
      m_error = "TLS: " + TlsContext::last_error("protocol error");
  }
  ERR_clear_error();
  return Io::Error;
}

std::string TlsSession::handshake_error(int ssl_error) {
  long verify = SSL_get_verify_result(m_ssl.get());
  if (verify != X509_V_OK && m_ctx->verify())
    return std::string("TLS: certificate verify failed: ") + X509_verify_cert_error_string(verify);
  if (ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN) {
    int saved = errno;
    std::string queued = TlsContext::last_error("");
    if (!queued.empty()) return "TLS: " + queued;
    return saved ? "TLS: " + errno_text(saved) : "TLS: connection closed during handshake";
  }
  return "TLS: " + TlsContext::last_error("handshake failed");
}

}  // namespace msntty::net
