// Headless I/O on pipes: command lines in (UTF-8 checked, overlong refused), events out.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <string>
#include <vector>

#include "app/EventBus.hpp"
#include "app/HeadlessIo.hpp"
#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

using namespace msntty;

namespace {

struct Pipe {
  net::UniqueFd read, write;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    read.reset(fds[0]);
    write.reset(fds[1]);
  }
};

template <class Pred>
bool turn_until(net::Reactor& r, Pred done) {
  for (int i = 0; i < 200 && !done(); ++i) r.run_once(std::chrono::milliseconds(10));
  return done();
}

// Writes all of `s`, turning the loop while the pipe is full (the reader is in this thread).
void put(net::Reactor& r, int fd, const std::string& s) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  size_t done = 0;
  for (int i = 0; done < s.size() && i < 1000; ++i) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n > 0)
      done += static_cast<size_t>(n);
    else
      r.run_once(std::chrono::milliseconds(5));
  }
  REQUIRE(done == s.size());
}

}  // namespace

TEST_CASE("headless I/O runs input lines and refuses bad ones", "[app][headless]") {
  net::Reactor reactor;
  EventBus events;
  Pipe in, out;
  std::vector<std::string> commands, errors;
  HeadlessIo::Hooks hooks;
  hooks.command = [&](std::string_view l) { commands.emplace_back(l); };
  hooks.error = [&](const std::string& e) { errors.push_back(e); };
  HeadlessIo io(reactor, events, hooks, in.read.get(), out.write.get());

  put(reactor, in.write.get(), "/msg bob hi\r\nplain text\n\xff\xfe\n");
  REQUIRE(turn_until(reactor, [&] { return commands.size() == 2 && errors.size() == 1; }));
  CHECK(commands == std::vector<std::string>{"/msg bob hi", "plain text"});
  CHECK(errors[0] == "input line is not valid UTF-8: ignored");

  put(reactor, in.write.get(), std::string(70 * 1024, 'x') + "\n/after\n");
  REQUIRE(turn_until(reactor, [&] { return commands.size() == 3; }));
  CHECK(commands.back() == "/after");
  REQUIRE(errors.size() == 2);
  CHECK(errors[1].find("bytes is too long: ignored") != std::string::npos);

  in.write.reset();  // end of input: the session goes on, nothing is reported
  reactor.run_once(std::chrono::milliseconds(10));
  CHECK(errors.size() == 2);
}

TEST_CASE("headless I/O writes each event as one line and drains before exit", "[app][headless]") {
  net::Reactor reactor;
  EventBus events;
  Pipe in, out;
  HeadlessIo::Hooks hooks;
  hooks.command = [](std::string_view) {};
  hooks.error = [](const std::string&) {};
  {
    HeadlessIo io(reactor, events, hooks, in.read.get(), out.write.get());
    events.emit(ev::Notice{.text = "hello"});
    io.drain(1000);
  }
  CHECK_FALSE(events.has_subscribers());  // gone with the HeadlessIo
  char buf[256];
  ssize_t n = ::read(out.read.get(), buf, sizeof buf);
  REQUIRE(n > 0);
  CHECK(std::string(buf, static_cast<size_t>(n)) == "{\"event\":\"notice\",\"text\":\"hello\"}\n");
}
