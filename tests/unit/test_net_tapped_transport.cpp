// tapped_transports: the debug log's tap as a wrapper. It must see every byte both ways, name
// the connection by kind and address, pass everything through unchanged, and cost nothing when
// no tap is wanted.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "helpers/FakeTransport.hpp"
#include "net/TappedTransport.hpp"

using namespace msntty;
using namespace std::chrono_literals;

namespace {

struct Seen {
  std::vector<std::string> labels;
  std::string in, out, delivered;
  bool connected = false;
  std::string closed;
};

}  // namespace

TEST_CASE("tapped transport: the tap sees both directions, the reader gets the same bytes",
          "[net][tap]") {
  test::FakeNetwork network;
  Seen seen;
  auto taps = [&](const std::string& label) -> net::Transport::Tap {
    seen.labels.push_back(label);
    return [&](net::Transport::Direction d, std::string_view bytes) {
      (d == net::Transport::Direction::In ? seen.in : seen.out).append(bytes);
    };
  };
  auto make = net::tapped_transports(network.factory(), taps, "sb");
  net::Transport::Callbacks cb;
  cb.on_connected = [&] { seen.connected = true; };
  cb.on_data = [&](std::string_view bytes) { seen.delivered.append(bytes); };
  cb.on_closed = [&](const std::string& reason) { seen.closed = reason; };
  auto t = make(std::move(cb));
  t->connect("127.0.0.1", 1864, net::TlsOptions{}, 1000ms);
  CHECK(seen.labels == std::vector<std::string>{"sb 127.0.0.1:1864"});
  test::FakeWire& wire = network.last();
  CHECK(wire.host == "127.0.0.1");
  CHECK(wire.port == 1864);

  wire.accept();
  CHECK(seen.connected);
  CHECK(t->is_connected());
  t->send("USR 1 alice@example.com 3371944ba9bba74ab36d\r\n");
  CHECK(wire.take_sent() == "USR 1 alice@example.com 3371944ba9bba74ab36d\r\n");
  CHECK(seen.out == "USR 1 alice@example.com 3371944ba9bba74ab36d\r\n");
  wire.server_says("USR 1 OK alice@example.com Alice%20Liddell");
  CHECK(seen.in == "USR 1 OK alice@example.com Alice%20Liddell\r\n");
  CHECK(seen.delivered == seen.in);

  t->close_after_flush();
  CHECK(wire.close_requested);
  wire.finish_close();
  CHECK(seen.closed == "closed");
}

TEST_CASE("tapped transport: without a tap the bytes pass untouched", "[net][tap]") {
  test::FakeNetwork network;
  int asked = 0;
  auto make = net::tapped_transports(
      network.factory(),
      [&](const std::string&) -> net::Transport::Tap {
        ++asked;
        return nullptr;  // e.g. no debug log open
      },
      "ns");
  std::string delivered;
  net::Transport::Callbacks cb;
  cb.on_data = [&](std::string_view bytes) { delivered.append(bytes); };
  auto t = make(std::move(cb));
  t->connect("dispatch.example.com", 1863, net::TlsOptions{}, 1000ms);
  CHECK(asked == 1);
  network.last().accept();
  t->send("VER 1 MSNP7 CVR0\r\n");
  CHECK(network.last().take_sent() == "VER 1 MSNP7 CVR0\r\n");
  network.last().server_says("VER 1 MSNP7");
  CHECK(delivered == "VER 1 MSNP7\r\n");
  t.reset();
  CHECK_FALSE(network.last().attached());
}
