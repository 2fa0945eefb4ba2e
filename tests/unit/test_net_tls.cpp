// TLS over loopback against an in-test OpenSSL server with a throwaway self-signed
// certificate for IP:127.0.0.1, plus HTTPS through HttpClient.
#include <catch2/catch.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/HttpClient.hpp"
#include "net/Listener.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"
#include "net/TcpConnection.hpp"

#include "helpers/Loop.hpp"

using namespace msntty::net;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

struct SslFree {
  void operator()(SSL* p) const { SSL_free(p); }
};
struct CtxFree {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct KeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct CertFree {
  void operator()(X509* p) const { X509_free(p); }
};

void add_ext(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(ext);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A self-signed P-256 certificate for 127.0.0.1, its server context, and its PEM in a temp file.
struct TestPki {
  std::unique_ptr<EVP_PKEY, KeyFree> key{EVP_EC_gen("P-256")};
  std::unique_ptr<X509, CertFree> cert{X509_new()};
  std::unique_ptr<SSL_CTX, CtxFree> server_ctx{SSL_CTX_new(TLS_server_method())};
  std::string ca_file;

  TestPki() {
    REQUIRE(key);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("msntty test"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    add_ext(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
    REQUIRE(SSL_CTX_use_certificate(server_ctx.get(), cert.get()) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey(server_ctx.get(), key.get()) == 1);
    SSL_CTX_set_mode(server_ctx.get(),
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    char path[] = "/tmp/msntty-test-ca-XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    FILE* f = ::fdopen(fd, "w");
    PEM_write_X509(f, cert.get());
    std::fclose(f);
    ca_file = path;
  }
  ~TestPki() { ::unlink(ca_file.c_str()); }  // at exit
};

// Non-blocking TLS server on the Reactor: accepts, handshakes, hands data to on_data, and
// writes `out` as the socket allows. With `handshake` false it accepts TCP and stays silent.
struct TlsServer {
  struct Conn {
    UniqueFd fd;
    std::unique_ptr<SSL, SslFree> ssl;
    Reactor::Watch watch;
    bool ready = false;
    bool close_when_sent = false;
    std::string out;
  };
  Reactor& reactor;
  SSL_CTX* ctx;
  bool handshake = true;
  std::function<void(Conn&, std::string_view)> on_data;
  std::vector<std::unique_ptr<Conn>> conns;
  Listener listener{reactor,
                    [this](UniqueFd fd, const sockaddr_storage&) { accept(std::move(fd)); }};

  TlsServer(Reactor& r, SSL_CTX* c) : reactor(r), ctx(c) {
    std::string error;
    REQUIRE(listener.listen("127.0.0.1", 0, error));
  }
  uint16_t port() const { return listener.port(); }

  void accept(UniqueFd fd) {
    auto conn = std::make_unique<Conn>();
    conn->fd = std::move(fd);
    Conn* c = conn.get();
    conns.push_back(std::move(conn));
    if (!handshake) return;
    c->ssl.reset(SSL_new(ctx));
    SSL_set_fd(c->ssl.get(), c->fd.get());
    SSL_set_accept_state(c->ssl.get());
    c->watch = reactor.watch(c->fd.get(), POLLIN, [this, c](short) { drive(*c); });
  }

  void drive(Conn& c) {
    if (!c.ready) {
      int rc = SSL_do_handshake(c.ssl.get());
      if (rc != 1) {
        int err = SSL_get_error(c.ssl.get(), rc);
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) c.watch.reset();
        ERR_clear_error();
        return;
      }
      c.ready = true;
    }
    char buf[16384];
    size_t n = 0;
    while (SSL_read_ex(c.ssl.get(), buf, sizeof buf, &n) == 1)
      if (on_data) on_data(c, std::string_view(buf, n));
    ERR_clear_error();
    flush(c);
  }

  void send(Conn& c, std::string_view bytes) {
    c.out.append(bytes);
    flush(c);
  }

  void flush(Conn& c) {
    size_t n = 0;
    while (!c.out.empty() &&
           SSL_write_ex(c.ssl.get(), c.out.data(), std::min<size_t>(c.out.size(), 16384), &n) == 1)
      c.out.erase(0, n);
    ERR_clear_error();
    if (c.out.empty() && c.close_when_sent) {
      SSL_shutdown(c.ssl.get());
      c.watch.reset();
      c.fd.reset();
      return;
    }
    c.watch.set_events(static_cast<short>(POLLIN | (c.out.empty() ? 0 : POLLOUT)));
  }
};

struct Recorder {
  bool connected = false;
  std::string data;
  std::optional<std::string> closed;
  TcpConnection::Callbacks callbacks() {
    TcpConnection::Callbacks cb;
    cb.on_connected = [this] { connected = true; };
    cb.on_data = [this](std::string_view bytes) { data.append(bytes); };
    cb.on_closed = [this](const std::string& reason) { closed = reason; };
    return cb;
  }
};

// Generated once per run: keys are slow to make and each CA path costs a client context.
// The system trust store is pointed at nothing: tests must not depend on it (and parsing the
// bundle costs ~0.2 s per distinct client context).
const TestPki& test_pki() {
  static bool hermetic = ::setenv("SSL_CERT_FILE", "/nonexistent/msntty-test", 1) == 0 &&
                         ::setenv("SSL_CERT_DIR", "/nonexistent/msntty-test", 1) == 0;
  REQUIRE(hermetic);
  static TestPki pki;
  return pki;
}

struct Fixture {
  const TestPki& pki = test_pki();
  Reactor reactor;
  Resolver resolver{reactor, Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  TlsServer server{reactor, pki.server_ctx.get()};

  TlsOptions tls(bool with_ca, bool verify = true) const {
    TlsOptions t;
    t.enabled = true;
    t.verify = verify;
    if (with_ca) t.ca_file = pki.ca_file;
    return t;
  }
};

}  // namespace

TEST_CASE("tls: handshake verified against the given CA, then echo", "[net][tls]") {
  Fixture f;
  f.server.on_data = [&](TlsServer::Conn& c, std::string_view bytes) { f.server.send(c, bytes); };
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("127.0.0.1", f.server.port(), f.tls(true), 2000ms);
  client.send("hello over tls");
  REQUIRE(run_until(f.reactor, [&] { return rec.connected || rec.closed; }));
  REQUIRE_FALSE(rec.closed);
  REQUIRE(run_until(f.reactor, [&] { return rec.data == "hello over tls"; }));
}

TEST_CASE("tls: megabytes both ways with partial writes", "[net][tls]") {
  Fixture f;
  size_t server_got = 0;
  f.server.on_data = [&](TlsServer::Conn& c, std::string_view bytes) {
    if (server_got == 0) f.server.send(c, std::string(3 << 20, 's'));
    server_got += bytes.size();
  };
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("127.0.0.1", f.server.port(), f.tls(true), 2000ms);
  std::string payload(3 << 20, 'c');
  client.send(payload);
  REQUIRE(run_until(f.reactor, [&] {
    return (server_got == payload.size() && rec.data.size() == (3u << 20)) || rec.closed;
  }));
  CHECK_FALSE(rec.closed);
  CHECK(client.queued_bytes() == 0);
}

TEST_CASE("tls: self-signed certificate without the CA file fails with a clear reason",
          "[net][tls]") {
  Fixture f;
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("127.0.0.1", f.server.port(), f.tls(false), 2000ms);
  REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
  CHECK_FALSE(rec.connected);
  CHECK(*rec.closed == "TLS: certificate verify failed: self-signed certificate");
}

TEST_CASE("tls: name mismatch fails; verify=false accepts anything", "[net][tls]") {
  Fixture f;
  Recorder mismatch;
  TcpConnection a(f.reactor, f.resolver, mismatch.callbacks());
  TlsOptions opts = f.tls(true);
  opts.server_name = "messenger.example.com";
  a.connect("127.0.0.1", f.server.port(), opts, 2000ms);
  REQUIRE(run_until(f.reactor, [&] { return mismatch.closed.has_value(); }));
  CHECK(mismatch.closed->rfind("TLS: certificate verify failed: ", 0) == 0);
  CHECK(mismatch.closed->find("mismatch") != std::string::npos);

  Recorder lax;
  TcpConnection b(f.reactor, f.resolver, lax.callbacks());
  b.connect("127.0.0.1", f.server.port(), f.tls(false, false), 2000ms);
  REQUIRE(run_until(f.reactor, [&] { return lax.connected || lax.closed; }));
  CHECK(lax.connected);
}

TEST_CASE("tls: a server that never answers the handshake times out", "[net][tls]") {
  Fixture f;
  f.server.handshake = false;
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("127.0.0.1", f.server.port(), f.tls(true), 100ms);
  auto start = Clock::now();
  REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
  CHECK(Clock::now() - start >= 90ms);
  CHECK(*rec.closed == "timed out connecting to 127.0.0.1:" + std::to_string(f.server.port()));
}

TEST_CASE("tls: an unreadable CA file is reported, not thrown", "[net][tls]") {
  Fixture f;
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  TlsOptions opts = f.tls(false);
  opts.ca_file = "/nonexistent/ca.pem";
  client.connect("127.0.0.1", f.server.port(), opts, 1000ms);
  REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
  CHECK(rec.closed->rfind("TLS: cannot load CA file /nonexistent/ca.pem", 0) == 0);
}

TEST_CASE("https: HttpClient GET over TLS", "[net][tls][http]") {
  Fixture f;
  std::string request;
  f.server.on_data = [&](TlsServer::Conn& c, std::string_view bytes) {
    request.append(bytes);
    if (request.find("\r\n\r\n") == std::string::npos) return;
    c.close_when_sent = true;
    f.server.send(c,
                  "HTTP/1.1 200 OK\r\nAuthentication-Info: Passport1.4 da-status=success\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  };
  HttpClient http(f.reactor, f.resolver);
  auto url = Url::parse("https://127.0.0.1:" + std::to_string(f.server.port()) + "/login.srf?x=1");
  REQUIRE(url);
  std::optional<HttpResponse> response;
  std::string error = "pending";
  TlsOptions tls;
  tls.ca_file = f.pki.ca_file;
  auto req = http.get(*url, {{"Authorization", "Passport1.4 secret"}}, tls, 2000ms,
                      [&](std::optional<HttpResponse> r, std::string e) {
                        response = std::move(r);
                        error = std::move(e);
                      });
  REQUIRE(run_until(f.reactor, [&] { return error != "pending"; }));
  REQUIRE(error.empty());
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == "abc");
  CHECK(response->header("authentication-info") == "Passport1.4 da-status=success");
  CHECK(request.rfind("GET /login.srf?x=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(request.find("\r\nAuthorization: Passport1.4 secret\r\n") != std::string::npos);
  CHECK(request.find("\r\nConnection: close\r\n") != std::string::npos);
}
