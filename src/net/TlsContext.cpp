#include "net/TlsContext.hpp"

#include <map>
#include <utility>

#include <openssl/err.h>

namespace msntty::net {

std::shared_ptr<TlsContext> TlsContext::shared(const std::string& ca_file, bool verify,
                                               std::string& error) {
  // Kept for the whole process: building one parses the system CA bundle (~0.2 s of CPU),
  // and a client only ever uses one or two distinct settings.
  static std::map<std::pair<std::string, bool>, std::shared_ptr<TlsContext>> cache;
  auto& slot = cache[{ca_file, verify}];
  if (slot) return slot;
  auto ctx = std::make_shared<TlsContext>(ca_file, verify, error);
  if (!error.empty()) return nullptr;
  slot = ctx;
  return ctx;
}

TlsContext::TlsContext(const std::string& ca_file, bool verify, std::string& error)
    : m_verify(verify) {
  ERR_clear_error();
  m_ctx.reset(SSL_CTX_new(TLS_client_method()));
  if (!m_ctx) {
    error = "TLS: " + last_error("cannot create context");
    return;
  }
  SSL_CTX_set_min_proto_version(m_ctx.get(), TLS1_2_VERSION);
  // A peer closing without close_notify reads as a plain EOF; our protocols frame their data.
  SSL_CTX_set_options(m_ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(m_ctx.get(),
                   SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_CTX_set_verify(m_ctx.get(), verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  if (SSL_CTX_set_default_verify_paths(m_ctx.get()) != 1)
    ERR_clear_error();  // no system store is fine
  if (!ca_file.empty() && SSL_CTX_load_verify_locations(m_ctx.get(), ca_file.c_str(), nullptr) != 1)
    error = "TLS: cannot load CA file " + ca_file + ": " + last_error("unreadable");
}

std::string TlsContext::last_error(const std::string& fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  if (const char* reason = ERR_reason_error_string(code)) return reason;
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

}  // namespace msntty::net
