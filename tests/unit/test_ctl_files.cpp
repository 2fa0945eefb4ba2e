// The scripting files on a real file system (a temp folder): private folders, the FIFO, the
// event socket, with a real Reactor.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/EventBus.hpp"
#include "ctl/CommandPipe.hpp"
#include "ctl/EventServer.hpp"
#include "net/PrivateDir.hpp"
#include "net/Reactor.hpp"

#include "helpers/TempDir.hpp"

using namespace msntty;
using namespace msntty::ctl;
using msntty::net::PrivateDir;
using msntty::test::TempDir;

namespace {

mode_t mode_of(const std::string& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode;
}

net::UniqueFd connect_to(const std::string& path) {
  net::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  path.copy(a.sun_path, sizeof a.sun_path - 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) return {};
  return fd;
}

// Runs the loop until `pred` holds (or ~2 s pass).
template <typename Pred>
bool spin(net::Reactor& r, Pred pred) {
  for (int i = 0; i < 200 && !pred(); ++i) r.run_once(std::chrono::milliseconds(10));
  return pred();
}

std::string read_some(int fd) {
  std::string out;
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 0) > 0) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

TEST_CASE("PrivateDir creates 0700 folders and refuses symlinks", "[ctl][files]") {
  TempDir t("msntty-ctl-test");
  std::string error;
  auto base = PrivateDir::open(t.path() + "/msntty", PrivateDir::Mode::Create, error);
  REQUIRE(base);
  CHECK((mode_of(t.path() + "/msntty") & 07777) == 0700);
  auto child = base->open_child("alice@example.com", PrivateDir::Mode::Create, error);
  REQUIRE(child);
  CHECK((mode_of(child->path()) & 07777) == 0700);

  ::chmod(child->path().c_str(), 0755);  // ours but too open: tightened
  REQUIRE(base->open_child("alice@example.com", PrivateDir::Mode::Create, error));
  CHECK((mode_of(child->path()) & 07777) == 0700);

  REQUIRE(::mkdir((t.path() + "/elsewhere").c_str(), 0700) == 0);
  REQUIRE(::symlink((t.path() + "/elsewhere").c_str(),
                    (base->path() + "/bob@example.com").c_str()) == 0);
  CHECK_FALSE(base->open_child("bob@example.com", PrivateDir::Mode::Create, error));
  CHECK(error.find("symlink") != std::string::npos);

  bool missing = false;
  CHECK_FALSE(base->open_child("carol@example.com", PrivateDir::Mode::Find, error, &missing));
  CHECK(missing);
  CHECK(::access((base->path() + "/carol@example.com").c_str(), F_OK) !=
        0);  // Find creates nothing
}

TEST_CASE("CommandPipe reads lines, survives writers closing, and cleans up", "[ctl][files]") {
  TempDir t("msntty-ctl-test");
  std::string error;
  auto dir = PrivateDir::open(t.path() + "/d", PrivateDir::Mode::Create, error);
  REQUIRE(dir);
  net::Reactor r;
  std::vector<std::string> lines;
  std::vector<size_t> overlong;
  CommandPipe::Callbacks cb;
  cb.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  cb.on_overlong = [&](size_t n) { overlong.push_back(n); };
  {
    auto pipe = CommandPipe::create(r, *dir, cb, error);
    REQUIRE(pipe);
    CHECK(S_ISFIFO(mode_of(pipe->path())));
    CHECK((mode_of(pipe->path()) & 07777) == 0600);
    for (int round = 0; round < 2; ++round) {  // a second writer after the first closed
      net::UniqueFd w(::open(pipe->path().c_str(), O_WRONLY | O_NONBLOCK));
      REQUIRE(w);
      std::string part1 = "/status aw", part2 = "ay\n/help\n";
      REQUIRE(::write(w.get(), part1.data(), part1.size()) == static_cast<ssize_t>(part1.size()));
      r.run_once(std::chrono::milliseconds(20));
      REQUIRE(::write(w.get(), part2.data(), part2.size()) == static_cast<ssize_t>(part2.size()));
    }
    REQUIRE(spin(r, [&] { return lines.size() == 4; }));
    CHECK(lines == std::vector<std::string>{"/status away", "/help", "/status away", "/help"});
    // The writers are gone, yet the loop does not spin on EOF: nothing to do in a turn.
    CHECK_FALSE(r.run_once(std::chrono::milliseconds(30)));

    net::UniqueFd w(::open(pipe->path().c_str(), O_WRONLY | O_NONBLOCK));
    std::string big(CommandPipe::kMaxLine + 10, 'x');
    big += "\n/after\n";
    size_t off = 0;
    REQUIRE(spin(r, [&] {
      ssize_t n = ::write(w.get(), big.data() + off, big.size() - off);
      if (n > 0) off += static_cast<size_t>(n);
      return off == big.size() && lines.size() == 5;
    }));
    CHECK(overlong.size() == 1);
    CHECK(lines.back() == "/after");
  }
  CHECK(::access((dir->path() + "/cmd").c_str(), F_OK) != 0);  // removed
}

TEST_CASE("CommandPipe refuses a symlink and foreign nodes", "[ctl][files]") {
  TempDir t("msntty-ctl-test");
  std::string error;
  auto dir = PrivateDir::open(t.path() + "/d", PrivateDir::Mode::Create, error);
  REQUIRE(dir);
  net::Reactor r;
  std::string target = t.path() + "/target";
  REQUIRE(::symlink(target.c_str(), (dir->path() + "/cmd").c_str()) == 0);
  CHECK_FALSE(CommandPipe::create(r, *dir, {}, error));
  CHECK(error.find("symlink") != std::string::npos);
  CHECK(::access(target.c_str(), F_OK) != 0);  // not followed: nothing created there
  ::unlink((dir->path() + "/cmd").c_str());

  { net::UniqueFd f(::open((dir->path() + "/cmd").c_str(), O_CREAT | O_WRONLY, 0600)); }
  CHECK_FALSE(CommandPipe::create(r, *dir, {}, error));
  CHECK(error.find("not a FIFO") != std::string::npos);
  ::unlink((dir->path() + "/cmd").c_str());

  REQUIRE(::mkfifo((dir->path() + "/cmd").c_str(), 0644) == 0);  // a crashed instance's: reused
  auto pipe = CommandPipe::create(r, *dir, {}, error);
  REQUIRE(pipe);
  CHECK((mode_of(pipe->path()) & 07777) == 0600);
}

TEST_CASE("EventServer streams events, answers commands, and replaces stale sockets",
          "[ctl][files]") {
  TempDir t("msntty-ctl-test");
  std::string error;
  auto dir = PrivateDir::open(t.path() + "/d", PrivateDir::Mode::Create, error);
  REQUIRE(dir);
  const std::string path = dir->path() + "/events";
  {  // a socket file nobody listens on: what a crashed instance leaves
    net::UniqueFd s(::socket(AF_UNIX, SOCK_STREAM, 0));
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    path.copy(a.sun_path, sizeof a.sun_path - 1);
    REQUIRE(::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  net::Reactor r;
  EventBus events;
  EventClient::Handlers h;
  h.on_line = [](std::string_view line) -> CommandResult {
    if (line == "/good") return {true, ""};
    return {false, "bad: " + std::string(line)};
  };
  h.on_overlong = [](size_t) -> CommandResult { return {false, "too long"}; };
  auto server = EventServer::create(r, events, *dir, h, error);
  REQUIRE(server);
  CHECK((mode_of(path) & 07777) == 0600);

  std::string error2;
  CHECK_FALSE(EventServer::create(r, events, *dir, h, error2));  // live: refused
  CHECK(error2.find("already running") != std::string::npos);

  net::UniqueFd a = connect_to(path), b = connect_to(path);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(spin(r, [&] { return server->clients() == 2; }));
  events.emit(ev::Notice{.text = "hello"});
  REQUIRE(::write(a.get(), "/good\n/bad\n", 11) == 11);
  std::string got_a, got_b;
  REQUIRE(spin(r, [&] {
    got_a += read_some(a.get());
    got_b += read_some(b.get());
    return got_a.find("bad: /bad") != std::string::npos && !got_b.empty();
  }));
  CHECK(got_a ==
        "{\"event\":\"notice\",\"text\":\"hello\"}\n{\"event\":\"result\",\"ok\":true}\n"
        "{\"event\":\"result\",\"ok\":false,\"error\":\"bad: /bad\"}\n");
  CHECK(got_b == "{\"event\":\"notice\",\"text\":\"hello\"}\n");

  a.reset();  // a client that goes away is dropped
  REQUIRE(spin(r, [&] { return server->clients() == 1; }));
  ::shutdown(b.get(), SHUT_WR);  // half-closed: still gets events
  r.run_once(std::chrono::milliseconds(20));
  CHECK(server->clients() == 1);
  events.emit(ev::Notice{.text = "again"});
  REQUIRE(spin(r, [&] {
    got_b += read_some(b.get());
    return got_b.find("again") != std::string::npos;
  }));

  server.reset();
  CHECK(::access(path.c_str(), F_OK) != 0);  // removed
}

TEST_CASE("a reader that never reads loses lines instead of stalling", "[ctl][files]") {
  TempDir t("msntty-ctl-test");
  std::string error;
  auto dir = PrivateDir::open(t.path() + "/d", PrivateDir::Mode::Create, error);
  REQUIRE(dir);
  net::Reactor r;
  EventBus events;
  auto server = EventServer::create(r, events, *dir, {}, error);
  REQUIRE(server);
  net::UniqueFd slow = connect_to(dir->path() + "/events");
  REQUIRE(spin(r, [&] { return server->clients() == 1; }));
  ev::Notice e{.text = std::string(200, 'x')};
  for (int i = 0; i < 20000; ++i) events.emit(e);  // ~4 MB: far over queue + socket buffers
  std::string all;
  REQUIRE(spin(r, [&] {
    all += read_some(slow.get());
    events.emit(e);  // the `lost` notice goes out in front of the next line that fits
    return all.find("\"event\":\"lost\"") != std::string::npos;
  }));
}
