#pragma once
// The conversation-log commands: /history /search.
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

void register_log_commands(CommandTable& table, CommandServices& services);

}  // namespace msntty
