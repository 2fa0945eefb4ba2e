// A Transport that shows every byte to a tap on its way through (the debug log).
#include "net/TappedTransport.hpp"

#include <memory>
#include <string>
#include <utility>

namespace msntty::net {
namespace {

class TappedTransport final : public Transport {
 public:
  TappedTransport(const TransportFactory& inner, Transport::TapFactory taps, std::string kind,
                  Callbacks cb)
      : m_taps(std::move(taps)), m_kind(std::move(kind)), m_tap(std::make_shared<Tap>()) {
    // on_data is wrapped so received bytes reach the tap before the reader; the tap lives in a
    // shared slot because it is only chosen at connect(), after the inner transport exists.
    auto on_data = std::move(cb.on_data);
    cb.on_data = [tap = m_tap, on_data = std::move(on_data)](std::string_view bytes) {
      if (*tap) (*tap)(Direction::In, bytes);
      if (on_data) on_data(bytes);
    };
    m_inner = inner(std::move(cb));
  }

  void connect(const std::string& host, uint16_t port, const TlsOptions& tls,
               std::chrono::milliseconds timeout) override {
    *m_tap = m_taps ? m_taps(m_kind + " " + host + ":" + std::to_string(port)) : nullptr;
    m_inner->connect(host, port, tls, timeout);
  }
  void send(std::string_view bytes) override {
    if (*m_tap) (*m_tap)(Direction::Out, bytes);
    m_inner->send(bytes);
  }
  void close() override { m_inner->close(); }
  void close_after_flush() override { m_inner->close_after_flush(); }
  bool is_connected() const override { return m_inner->is_connected(); }

 private:
  Transport::TapFactory m_taps;
  std::string m_kind;
  std::shared_ptr<Tap> m_tap;
  std::unique_ptr<Transport> m_inner;
};

}  // namespace

TransportFactory tapped_transports(TransportFactory inner, Transport::TapFactory taps,
                                   std::string kind) {
  return [inner = std::move(inner), taps = std::move(taps),
          kind = std::move(kind)](Transport::Callbacks cb) -> std::unique_ptr<Transport> {
    return std::make_unique<TappedTransport>(inner, taps, kind, std::move(cb));
  };
}

}  // namespace msntty::net
