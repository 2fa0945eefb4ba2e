#pragma once
// The contact-list commands: /add /remove /block /unblock /allow /accept /pending /group /move
// /privacy /contacts (doc/protocol/ns-lists.md).
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

void register_list_commands(CommandTable& table, CommandServices& services);

}  // namespace msntty
