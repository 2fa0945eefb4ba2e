#pragma once
// /ignore and /unignore (model/IgnoreList): a local mute, distinct from /block.
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

void register_ignore_commands(CommandTable& table, CommandServices& services);

}  // namespace msntty
