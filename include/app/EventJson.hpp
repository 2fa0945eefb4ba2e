#pragma once
// The one JSON form of the App's events, for the places where JSON is the product: headless
// stdout and the event socket. {"event":NAME, ...members} on one line; the names and members
// are documented in the man page (EVENTS) and are stable: scripts depend on them.
#include <string>

#include "app/AppEvent.hpp"

namespace msntty {

std::string to_json(const AppEvent& event);

// The answer to one command sent on the event socket (not an event everyone sees):
// {"event":"result","ok":true} or {"event":"result","ok":false,"error":TEXT}.
std::string result_json(bool ok, const std::string& error);

}  // namespace msntty
