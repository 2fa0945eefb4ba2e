#pragma once
// Driving a real Reactor from a test: turn it until something has happened, or for a while.
#include <chrono>
#include <functional>

#include "net/Reactor.hpp"

namespace msntty::test {

// Turns the loop until done() holds or `limit` has passed; returns done().
bool run_until(net::Reactor& reactor, const std::function<bool()>& done,
               std::chrono::milliseconds limit = std::chrono::milliseconds(2000));

// Turns the loop without waiting until nothing is pending (deferred work, output to drain):
// what a test does after feeding bytes, before it looks at what was sent.
void settle(net::Reactor& reactor);

}  // namespace msntty::test
