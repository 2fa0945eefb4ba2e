#pragma once
// A one-shot loop timer for the UI (escape-key timeout, typing-notice expiry), so that ui/ never
// includes net/. Restarting replaces the pending shot; destruction cancels it.
#include <chrono>
#include <functional>
#include <memory>

namespace msntty {

class App;

class FrontendTimer {
 public:
  explicit FrontendTimer(App& app);
  ~FrontendTimer();
  FrontendTimer(const FrontendTimer&) = delete;
  FrontendTimer& operator=(const FrontendTimer&) = delete;

  void start(std::chrono::milliseconds delay, std::function<void()> cb);
  void cancel();
  bool active() const;

 private:
  struct Impl;
  App& m_app;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace msntty
