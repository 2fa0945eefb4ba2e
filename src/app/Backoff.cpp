#include "app/Backoff.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace msntty {

Backoff::Backoff(std::function<double()> random, std::function<std::chrono::seconds()> cap)
    : m_random(std::move(random)), m_cap(std::move(cap)) {}

std::chrono::milliseconds Backoff::next_delay() {
  double cap_ms = 1000.0 * static_cast<double>(std::max<long long>(1, m_cap().count()));
  // 2^attempts seconds, computed in floating point so a long outage cannot overflow a shift.
  double base = std::min(cap_ms, 1000.0 * std::pow(2.0, std::min(m_attempts, 30)));
  ++m_attempts;
  double spread = 0.75 + 0.5 * std::clamp(m_random(), 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(std::min(cap_ms, base * spread)));
}

}  // namespace msntty
