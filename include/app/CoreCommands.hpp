#pragma once
// The commands about you and the program: /quit /status /nick /psm /help. Also installs the
// table's resolvers for contacts and groups, which every module's parameters use.
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

void register_core_commands(CommandTable& table, CommandServices& services);

}  // namespace msntty
