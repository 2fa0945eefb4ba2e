#include "app/FrontendTimer.hpp"

#include "net/Reactor.hpp"

namespace msntty {

struct FrontendTimer::Impl {
  net::Reactor::Timer timer;
};

FrontendTimer::FrontendTimer(net::Reactor& reactor)
    : m_reactor(reactor), m_impl(std::make_unique<Impl>()) {}

FrontendTimer::~FrontendTimer() = default;

void FrontendTimer::start(std::chrono::milliseconds delay, std::function<void()> cb) {
  m_impl->timer = m_reactor.after(delay, std::move(cb));
}

void FrontendTimer::cancel() {
  m_impl->timer.cancel();
}

bool FrontendTimer::active() const {
  return m_impl->timer.active();
}

}  // namespace msntty
