#pragma once
// The debug log's view of a connection, as a wrapper around any transport: the same over TCP
// and over the fake transport of the unit tests.
#include <string>

#include "net/Transport.hpp"

namespace msntty::net {

// Wraps `inner` so each transport it makes is tapped: on connect(), `taps` is asked for the tap
// named "<kind> host:port" (e.g. "ns 127.0.0.1:1863"); when it gives none, bytes pass untapped.
TransportFactory tapped_transports(TransportFactory inner, Transport::TapFactory taps,
                                   std::string kind);

}  // namespace msntty::net
