#pragma once
// One client-side TLS session over a connected non-blocking socket: SNI, host name (or IP)
// verification, and non-blocking handshake/read/write that report what they wait for.

#include <cstddef>
#include <memory>
#include <string>

#include <openssl/ssl.h>

#include "net/TlsContext.hpp"

namespace msntty::net {

class TlsSession {
 public:
  enum class Io { Ok, WantRead, WantWrite, Closed, Error };
  struct Result {
    Io status;
    size_t bytes = 0;
  };

  // host: the name (or IP literal) to verify; error set if the session cannot be created.
  TlsSession(std::shared_ptr<TlsContext> ctx, int fd, const std::string& host, std::string& error);

  Io handshake();                              // Ok once established
  Result read(char* buf, size_t len);          // Closed on close_notify or EOF
  Result write(const char* data, size_t len);  // partial writes allowed
  void shutdown();                             // best-effort close_notify, never waits
  bool has_pending() const;                    // decrypted bytes buffered inside OpenSSL
  const std::string& error() const { return m_error; }

 private:
  struct Deleter {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };
  Io classify(int ret, bool handshaking);
  std::string handshake_error(int ssl_error);

  std::shared_ptr<TlsContext> m_ctx;
  std::unique_ptr<SSL, Deleter> m_ssl;
  std::string m_error;
};

}  // namespace msntty::net
