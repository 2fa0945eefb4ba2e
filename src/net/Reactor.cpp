#include "net/Reactor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace msntty::net {

namespace {

using WatchFn = std::function<void(short)>;
using TimerFn = std::function<void()>;
using HookFn = std::function<void()>;

struct WatchEntry {
  int fd;
  short events;
  // shared so a callback that destroys its own Watch keeps running on a live function
  std::shared_ptr<WatchFn> cb;
};

struct TimerEntry {
  Clock::time_point due;
  std::chrono::milliseconds period;
  bool repeat;
  std::shared_ptr<TimerFn> cb;
};

// Write end of the owning Reactor's self-pipe per signal, plus one (0 = none), read by
// the signal handler; lock-free atomics are async-signal-safe.
constexpr int kMaxSignal = 65;
std::atomic<int> g_signal_fds[kMaxSignal];

extern "C" void on_signal_byte(int signo) {
  int saved = errno;  // the interrupted code may be inspecting errno
  int fd = (signo > 0 && signo < kMaxSignal) ? g_signal_fds[signo].load() - 1 : -1;
  if (fd >= 0) {
    auto byte = static_cast<unsigned char>(signo);
    [[maybe_unused]] ssize_t n = ::write(fd, &byte, 1);  // full pipe: a wakeup is already pending
  }
  errno = saved;
}

}  // namespace

struct Reactor::Core {
  uint64_t next_id = 1;
  std::map<uint64_t, WatchEntry> watches;
  std::map<uint64_t, TimerEntry> timers;
  std::set<std::pair<Clock::time_point, uint64_t>>
      timer_queue;  // (due, id): ties fire in creation order
  std::vector<std::function<void()>> deferred;
  std::map<uint64_t, std::shared_ptr<HookFn>> turn_end;  // by id: registration order
  Clock::time_point now;

  void remove_timer(uint64_t id) {
    auto it = timers.find(id);
    if (it == timers.end()) return;
    timer_queue.erase({it->second.due, id});
    timers.erase(it);
  }
};

// ---- Watch ----

Reactor::Watch::~Watch() {
  reset();
}

Reactor::Watch::Watch(Watch&& other) noexcept
    : m_core(std::move(other.m_core)),
      m_id(std::exchange(other.m_id, 0)),
      m_fd(std::exchange(other.m_fd, -1)) {}

Reactor::Watch& Reactor::Watch::operator=(Watch&& other) noexcept {
  if (this != &other) {
    reset();
    m_core = std::move(other.m_core);
    m_id = std::exchange(other.m_id, 0);
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

void Reactor::Watch::reset() {
  if (auto core = m_core.lock()) core->watches.erase(m_id);
  m_core.reset();
  m_id = 0;
  m_fd = -1;
}

void Reactor::Watch::set_events(short events) {
  if (auto core = m_core.lock()) {
    auto it = core->watches.find(m_id);
    if (it != core->watches.end()) it->second.events = events;
  }
}

short Reactor::Watch::events() const {
  if (auto core = m_core.lock()) {
    auto it = core->watches.find(m_id);
    if (it != core->watches.end()) return it->second.events;
  }
  return 0;
}

bool Reactor::Watch::registered() const {
  auto core = m_core.lock();
  return core && core->watches.count(m_id) != 0;
}

// ---- Timer ----

Reactor::Timer::~Timer() {
  cancel();
}

Reactor::Timer::Timer(Timer&& other) noexcept
    : m_core(std::move(other.m_core)), m_id(std::exchange(other.m_id, 0)) {}

Reactor::Timer& Reactor::Timer::operator=(Timer&& other) noexcept {
  if (this != &other) {
    cancel();
    m_core = std::move(other.m_core);
    m_id = std::exchange(other.m_id, 0);
  }
  return *this;
}

void Reactor::Timer::cancel() {
  if (auto core = m_core.lock()) core->remove_timer(m_id);
  m_core.reset();
  m_id = 0;
}

bool Reactor::Timer::active() const {
  auto core = m_core.lock();
  return core && core->timers.count(m_id) != 0;
}

// ---- Hook ----

Reactor::Hook::~Hook() {
  reset();
}

Reactor::Hook::Hook(Hook&& other) noexcept
    : m_core(std::move(other.m_core)), m_id(std::exchange(other.m_id, 0)) {}

Reactor::Hook& Reactor::Hook::operator=(Hook&& other) noexcept {
  if (this != &other) {
    reset();
    m_core = std::move(other.m_core);
    m_id = std::exchange(other.m_id, 0);
  }
  return *this;
}

void Reactor::Hook::reset() {
  if (auto core = m_core.lock()) core->turn_end.erase(m_id);
  m_core.reset();
  m_id = 0;
}

// ---- Reactor ----

Reactor::Reactor() : Reactor(Clock::now) {}

Reactor::Reactor(TimeSource clock) : m_clock(std::move(clock)), m_core(std::make_shared<Core>()) {
  m_core->now = m_clock();
  // A peer closing a socket must produce EPIPE, never kill the client.
  ::signal(SIGPIPE, SIG_IGN);
}

Reactor::~Reactor() {
  for (auto& [signo, old] : m_sig_saved) {
    ::sigaction(signo, &old, nullptr);
    g_signal_fds[signo].store(0);
  }
}

Reactor::Watch Reactor::watch(int fd, short events, std::function<void(short revents)> cb) {
  uint64_t id = m_core->next_id++;
  m_core->watches.emplace(id, WatchEntry{fd, events, std::make_shared<WatchFn>(std::move(cb))});
  return Watch(m_core, id, fd);
}

Reactor::Timer Reactor::add_timer(std::chrono::milliseconds delay, std::chrono::milliseconds period,
                                  bool repeat, std::function<void()> cb) {
  uint64_t id = m_core->next_id++;
  // The real clock, not the cached one: a long callback must not shorten the delay.
  Clock::time_point due = m_clock() + delay;
  m_core->timers.emplace(id,
                         TimerEntry{due, period, repeat, std::make_shared<TimerFn>(std::move(cb))});
  m_core->timer_queue.emplace(due, id);
  return Timer(m_core, id);
}

Reactor::Timer Reactor::after(std::chrono::milliseconds delay, std::function<void()> cb) {
  return add_timer(delay, delay, false, std::move(cb));
}

Reactor::Timer Reactor::every(std::chrono::milliseconds period, std::function<void()> cb) {
  return add_timer(period, period, true, std::move(cb));
}

Reactor::Hook Reactor::on_turn_end(std::function<void()> cb) {
  uint64_t id = m_core->next_id++;
  m_core->turn_end.emplace(id, std::make_shared<HookFn>(std::move(cb)));
  return Hook(m_core, id);
}

void Reactor::defer(std::function<void()> cb) {
  m_core->deferred.push_back(std::move(cb));
}

void Reactor::on_signal(int signo, std::function<void()> cb) {
  if (signo <= 0 || signo >= kMaxSignal)
    throw std::invalid_argument("Reactor::on_signal: bad signal");
  if (!m_sig_read) {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
      throw std::system_error(errno, std::generic_category(), "pipe2");
    m_sig_read.reset(fds[0]);
    m_sig_write.reset(fds[1]);
    m_sig_watch = watch(m_sig_read.get(), POLLIN, [this](short) { drain_signal_pipe(); });
  }
  m_sig_callbacks[signo] = std::move(cb);
  g_signal_fds[signo].store(m_sig_write.get() + 1);
  if (m_sig_saved.count(signo)) return;
  struct sigaction sa {};
  sa.sa_handler = on_signal_byte;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  struct sigaction old {};
  if (::sigaction(signo, &sa, &old) != 0)
    throw std::system_error(errno, std::generic_category(), "sigaction");
  m_sig_saved.emplace(signo, old);
}

void Reactor::raise_default_in_group(int signo) {
  if (!m_sig_saved.count(signo)) return;
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  struct sigaction ours {};
  ::sigaction(signo, &dfl, &ours);
  // The signal reaches this process before kill() returns (it is not blocked here).
  ::kill(0, signo);
  ::sigaction(signo, &ours, nullptr);
}

void Reactor::drain_signal_pipe() {
  unsigned char bytes[64];
  ssize_t n;
  while ((n = ::read(m_sig_read.get(), bytes, sizeof bytes)) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      auto it = m_sig_callbacks.find(bytes[i]);
      if (it == m_sig_callbacks.end()) continue;
      auto cb = it->second;  // a copy: the callback may replace itself
      cb();
    }
  }
}

void Reactor::run() {
  m_stopped = false;
  while (!m_stopped) turn(std::chrono::nanoseconds::max());
}

void Reactor::stop() {
  m_stopped = true;
}

bool Reactor::run_once(std::chrono::milliseconds max_wait) {
  return turn(max_wait);
}

Clock::time_point Reactor::now() const {
  return m_core->now;
}

std::chrono::nanoseconds Reactor::poll_timeout(std::chrono::nanoseconds max_wait) const {
  if (!m_core->deferred.empty()) return std::chrono::nanoseconds::zero();
  auto wait = max_wait;
  if (!m_core->timer_queue.empty()) {
    auto until = m_core->timer_queue.begin()->first - m_clock();
    wait = std::min(wait, std::max(std::chrono::nanoseconds::zero(), until));
  }
  return wait;
}

// One turn: poll (not blocking if work is pending), I/O callbacks, deferred work,
// due timers, then the turn-end hooks, so a redraw sees everything this turn did.
bool Reactor::turn(std::chrono::nanoseconds max_wait) {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;
  for (const auto& [id, w] : m_core->watches) {
    if (w.events == 0) continue;
    fds.push_back(pollfd{w.fd, w.events, 0});
    ids.push_back(id);
  }
  auto wait = poll_timeout(max_wait);
  timespec ts{};
  timespec* tsp = nullptr;
  if (wait != std::chrono::nanoseconds::max()) {
    ts.tv_sec = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
    ts.tv_nsec = (wait % std::chrono::seconds(1)).count();
    tsp = &ts;
  }
  int n = ::ppoll(fds.data(), fds.size(), tsp, nullptr);
  ++m_wakeups;
  if (n < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
  m_core->now = m_clock();
  bool worked = n > 0 && dispatch_io(fds, ids);
  worked |= run_deferred();
  worked |= run_due_timers();
  run_turn_end_hooks();
  return worked;
}

void Reactor::run_turn_end_hooks() {
  auto core = m_core;
  // Snapshot first: a hook may add or remove hooks, its own included.
  std::vector<uint64_t> ids;
  ids.reserve(core->turn_end.size());
  for (const auto& [id, cb] : core->turn_end) ids.push_back(id);
  for (uint64_t id : ids) {
    auto it = core->turn_end.find(id);
    if (it == core->turn_end.end()) continue;  // removed by an earlier hook
    auto cb = it->second;                      // shared: the hook may destroy its own registration
    (*cb)();
  }
}

bool Reactor::dispatch_io(const std::vector<pollfd>& fds, const std::vector<uint64_t>& ids) {
  auto core = m_core;
  bool worked = false;
  for (size_t i = 0; i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    // Looked up again: an earlier callback may have removed or disabled this watch.
    auto it = core->watches.find(ids[i]);
    if (it == core->watches.end() || it->second.events == 0) continue;
    short revents = fds[i].revents & (it->second.events | POLLERR | POLLHUP | POLLNVAL);
    if (revents == 0) continue;
    auto cb = it->second.cb;
    (*cb)(revents);
    worked = true;
  }
  return worked;
}

bool Reactor::run_deferred() {
  if (m_core->deferred.empty()) return false;
  auto batch = std::move(m_core->deferred);
  m_core->deferred.clear();
  for (auto& cb : batch) cb();  // work deferred now waits for the next turn
  return true;
}

bool Reactor::run_due_timers() {
  auto core = m_core;
  auto now = m_clock();
  // Snapshot first, so a timer re-armed or created for "now" runs next turn, not forever.
  std::vector<uint64_t> due;
  for (auto it = core->timer_queue.begin(); it != core->timer_queue.end() && it->first <= now; ++it)
    due.push_back(it->second);
  for (uint64_t id : due) {
    auto it = core->timers.find(id);
    if (it == core->timers.end()) continue;  // cancelled by an earlier timer
    auto cb = it->second.cb;
    if (it->second.repeat) {
      core->timer_queue.erase({it->second.due, id});
      // Catch up from "now" rather than firing a burst after a stall.
      it->second.due = std::max(it->second.due + it->second.period, now);
      if (it->second.period.count() == 0) it->second.due = now + std::chrono::nanoseconds(1);
      core->timer_queue.emplace(it->second.due, id);
    } else {
      core->remove_timer(id);
    }
    (*cb)();
  }
  return !due.empty();
}

}  // namespace msntty::net
