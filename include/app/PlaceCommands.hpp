#pragma once
// This account's places (MSNP16+): /locations, and the `places` event it and the server's list
// of them give (doc/protocol/mpop.md).
#include <vector>

#include "app/AppEvent.hpp"
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"
#include "proto/NsEvent.hpp"

namespace msntty {

void register_place_commands(CommandTable& table, CommandServices& services);
ev::Places places_event(const std::vector<ns::Place>& places);

}  // namespace msntty
