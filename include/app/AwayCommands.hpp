#pragma once
// /away and /back (app/AwayState): your status plus a personal message or an auto-reply.
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

void register_away_commands(CommandTable& table, CommandServices& services);

}  // namespace msntty
