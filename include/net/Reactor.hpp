#pragma once
// Single-threaded event loop over poll(): fd watches, timers, signals, deferred work.
//
// Handles (Watch, Timer, Hook) are move-only RAII registrations. They hold only a weak
// reference to the loop, so destroying a handle after the Reactor is harmless, and
// callbacks may create or destroy any registration (including their own) while running.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include <poll.h>
#include <signal.h>

#include "net/UniqueFd.hpp"

namespace msntty::net {

using Clock = std::chrono::steady_clock;

class Reactor {
 public:
  struct Core;  // loop state shared (weakly) with the handles; defined in Reactor.cpp

  class Watch {
   public:
    Watch() = default;
    ~Watch();
    Watch(Watch&& other) noexcept;
    Watch& operator=(Watch&& other) noexcept;
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    // 0 disables the watch without unregistering it.
    void set_events(short events);
    short events() const;
    int fd() const { return m_fd; }
    bool registered() const;
    void reset();  // unregister now

   private:
    friend class Reactor;
    Watch(std::weak_ptr<Core> core, uint64_t id, int fd)
        : m_core(std::move(core)), m_id(id), m_fd(fd) {}
    std::weak_ptr<Core> m_core;
    uint64_t m_id = 0;
    int m_fd = -1;
  };

  class Timer {
   public:
    Timer() = default;
    ~Timer();
    Timer(Timer&& other) noexcept;
    Timer& operator=(Timer&& other) noexcept;
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    void cancel();
    // True while a one-shot timer has not fired yet, or a repeating one is not cancelled.
    bool active() const;

   private:
    friend class Reactor;
    Timer(std::weak_ptr<Core> core, uint64_t id) : m_core(std::move(core)), m_id(id) {}
    std::weak_ptr<Core> m_core;
    uint64_t m_id = 0;
  };

  class Hook {
   public:
    Hook() = default;
    ~Hook();
    Hook(Hook&& other) noexcept;
    Hook& operator=(Hook&& other) noexcept;
    Hook(const Hook&) = delete;
    Hook& operator=(const Hook&) = delete;

    void reset();  // unregister now

   private:
    friend class Reactor;
    Hook(std::weak_ptr<Core> core, uint64_t id) : m_core(std::move(core)), m_id(id) {}
    std::weak_ptr<Core> m_core;
    uint64_t m_id = 0;
  };

  // Where timers read the time. The steady clock, except in tests, which move a fake one by
  // hand so that timers fire when the test says (tests/unit/helpers/ManualClock).
  using TimeSource = std::function<Clock::time_point()>;

  Reactor();
  explicit Reactor(TimeSource clock);
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  Watch watch(int fd, short events, std::function<void(short revents)> cb);
  Timer after(std::chrono::milliseconds delay, std::function<void()> cb);
  Timer every(std::chrono::milliseconds period, std::function<void()> cb);
  // Installs a handler that only writes to a self-pipe; cb runs inside the loop.
  // Replaces an earlier callback for the same signal. Restored on destruction.
  void on_signal(int signo, std::function<void()> cb);
  // Sends `signo` to the whole process group with its default action, then catches it again:
  // for SIGTSTP the job stops here (a shell wrapper included, as with a terminal's Ctrl-Z) and
  // this returns once it is continued. For a signal on_signal() caught.
  void raise_default_in_group(int signo);
  // Runs at the end of every turn, after I/O, deferred work and timers, until the Hook goes:
  // where queued protocol output is written and the screen redrawn. Hooks run in the order
  // they were registered; one registered by a hook runs from the next turn.
  [[nodiscard]] Hook on_turn_end(std::function<void()> cb);
  // Runs on the next turn; the loop does not block while deferred work is pending.
  void defer(std::function<void()> cb);

  void run();   // until stop()
  void stop();  // run() returns after the current turn
  // One turn waiting at most max_wait; true when any callback other than on_turn_end ran.
  bool run_once(std::chrono::milliseconds max_wait);

  Clock::time_point now() const;  // cached per turn
  // The clock read now, for deadlines computed outside a turn (what timers are measured by).
  Clock::time_point current_time() const { return m_clock(); }
  uint64_t wakeups() const { return m_wakeups; }

 private:
  bool turn(std::chrono::nanoseconds max_wait);
  std::chrono::nanoseconds poll_timeout(std::chrono::nanoseconds max_wait) const;
  bool dispatch_io(const std::vector<pollfd>& fds, const std::vector<uint64_t>& ids);
  bool run_deferred();
  bool run_due_timers();
  Timer add_timer(std::chrono::milliseconds delay, std::chrono::milliseconds period, bool repeat,
                  std::function<void()> cb);
  void run_turn_end_hooks();
  void drain_signal_pipe();

  TimeSource m_clock;
  std::shared_ptr<Core> m_core;
  uint64_t m_wakeups = 0;
  bool m_stopped = false;

  UniqueFd m_sig_read;
  UniqueFd m_sig_write;
  Watch m_sig_watch;
  std::map<int, std::function<void()>> m_sig_callbacks;
  std::map<int, struct sigaction> m_sig_saved;
};

}  // namespace msntty::net
