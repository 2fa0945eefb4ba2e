// FdWriter: the lines of one loop turn leave in one write(2), a line queued after the turn's
// end still leaves, and what is queued when the writer goes is not lost.
//
// A SOCK_SEQPACKET pair keeps write boundaries: each recv() returns exactly one write.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>
#include <chrono>
#include <string>

#include "net/FdWriter.hpp"
#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

using namespace msntty;

namespace {

struct Packets {
  net::UniqueFd reader, writer;
  Packets() {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) == 0);
    reader.reset(fds[0]);
    writer.reset(fds[1]);
  }
  // One write as it arrived, or "" when none is waiting.
  std::string next() {
    char buf[4096];
    ssize_t n = ::recv(reader.get(), buf, sizeof buf, MSG_DONTWAIT);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }
};

}  // namespace

TEST_CASE("FdWriter writes the lines of one turn together", "[net][fdwriter]") {
  net::Reactor reactor;
  Packets p;
  net::FdWriter out(reactor, p.writer.get());
  reactor.defer([&] {
    out.write_line("one");
    out.write_line("two");
    out.write_line("three");
  });
  CHECK(p.next().empty());  // nothing before the loop turns
  reactor.run_once(std::chrono::milliseconds(0));
  CHECK(p.next() == "one\ntwo\nthree\n");
  CHECK(p.next().empty());
  CHECK(out.queued() == 0);
}

TEST_CASE("FdWriter: a line queued after the turn's end goes out on the next turn",
          "[net][fdwriter]") {
  net::Reactor reactor;
  Packets p;
  net::FdWriter out(reactor, p.writer.get());
  // Registered after the writer's own hook, so it runs after it in the same turn.
  auto late = reactor.on_turn_end([&] { out.write_line("late"); });
  reactor.run_once(std::chrono::milliseconds(0));
  late.reset();
  REQUIRE(out.queued() == 5);
  // The writer asks for POLLOUT, so the next turn does not sleep (it would wait 5 s).
  const auto t0 = std::chrono::steady_clock::now();
  reactor.run_once(std::chrono::milliseconds(5000));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  CHECK(out.queued() == 0);
  CHECK(p.next() == "late\n");
}

TEST_CASE("FdWriter: what is queued when it goes is still written", "[net][fdwriter]") {
  net::Reactor reactor;
  Packets p;
  {
    net::FdWriter out(reactor, p.writer.get());
    out.write_line("bye");
  }
  CHECK(p.next() == "bye\n");
}
