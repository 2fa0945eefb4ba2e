#pragma once
// A one-shot loop timer for the UI (escape-key timeout, typing-notice expiry), so that ui/ never
// includes net/. Restarting replaces the pending shot; destruction cancels it.
#include <chrono>
#include <functional>
#include <memory>

namespace msntty {

namespace net {
class Reactor;  // opaque here: ui/ passes Client::reactor() on and never sees net/
}

class FrontendTimer {
 public:
  explicit FrontendTimer(net::Reactor& reactor);
  ~FrontendTimer();
  FrontendTimer(const FrontendTimer&) = delete;
  FrontendTimer& operator=(const FrontendTimer&) = delete;

  void start(std::chrono::milliseconds delay, std::function<void()> cb);
  void cancel();
  bool active() const;

 private:
  struct Impl;
  net::Reactor& m_reactor;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace msntty
