#pragma once
// A client SSL_CTX (TLS 1.2+, system trust store, optional extra CA file), shared by all
// connections with the same (ca_file, verify) settings.

#include <memory>
#include <string>

#include <openssl/ssl.h>

namespace msntty::net {

class TlsContext {
 public:
  // The shared context for these settings, created on first use and kept (the CA file is
  // read then, not again). nullptr and error set when it cannot be built (unreadable CA file).
  static std::shared_ptr<TlsContext> shared(const std::string& ca_file, bool verify,
                                            std::string& error);

  TlsContext(const std::string& ca_file, bool verify, std::string& error);
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return m_ctx.get(); }
  bool verify() const { return m_verify; }

  // The oldest queued OpenSSL error as readable text (clearing the queue); fallback if none.
  static std::string last_error(const std::string& fallback);

 private:
  struct Deleter {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
  };
  std::unique_ptr<SSL_CTX, Deleter> m_ctx;
  bool m_verify;
};

}  // namespace msntty::net
